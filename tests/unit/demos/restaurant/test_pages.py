"""Every restaurant screen starts the demo visit, so a link to a dish, the cart or an order still counts as a start."""

import pytest

from tma_app.demos.restaurant import pages
from tma_app.ui import shell


@pytest.fixture(autouse=True)
def bare_shell(monkeypatch):
    # The pages are rendered here without the assembly: a shell with no contributions frames them.
    monkeypatch.setattr(shell, "_contributions", shell.ShellContributions())


@pytest.mark.parametrize("page", [pages.menu_page, pages.dish_page, pages.cart_page, pages.orders_page,
                                  pages.order_page])
def test_every_restaurant_screen_enters_the_restaurant_visit_once(page):
    effects = [hook for hook in page()._get_all_hooks() if "demo_visit_state.enter" in hook]
    assert len(effects) == 1 and '"restaurant"' in effects[0]
