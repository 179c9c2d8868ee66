"""Every shop screen starts the demo visit, so a link to a product, the cart or an order still counts as a start."""

import pytest

from tma_app.demos.ecommerce import cart_pages, pages
from tma_app.ui import shell


@pytest.fixture(autouse=True)
def bare_shell(monkeypatch):
    # The pages are rendered here without the assembly: a shell with no contributions frames them.
    monkeypatch.setattr(shell, "_contributions", shell.ShellContributions())


@pytest.mark.parametrize("page", [pages.catalog_page, pages.product_page, cart_pages.cart_page,
                                  cart_pages.checkout_page, cart_pages.orders_page, cart_pages.order_page])
def test_every_shop_screen_enters_the_shop_visit_once(page):
    effects = [hook for hook in page()._get_all_hooks() if "demo_visit_state.enter" in hook]
    assert len(effects) == 1 and '"ecommerce"' in effects[0]
