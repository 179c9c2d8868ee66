"""Which page's first screen sign-in brings: routes as the assembly names them, paths as the browser has them."""

import pytest

from tma_app.session import first_screen
from tma_app.session.first_screen import first_screen_loader, register_first_screen


async def menu(_session):
    return None


async def other_menu(_session):
    return None


@pytest.fixture(autouse=True)
def empty_registry(monkeypatch):
    monkeypatch.setattr(first_screen, "_loaders", {})


@pytest.mark.parametrize("path", ["/demos/restaurant", "/demos/restaurant/"])
def test_a_route_is_found_with_or_without_its_trailing_slash(path):
    register_first_screen("/demos/restaurant", menu)
    assert first_screen_loader(path) is menu


def test_other_routes_and_deeper_paths_have_none():
    register_first_screen("/demos/restaurant/", menu)
    assert first_screen_loader("/demos/restaurant/cart") is None
    assert first_screen_loader("/demos/restaurant/dish/latte") is None
    assert first_screen_loader("/") is None and first_screen_loader("") is None


def test_the_root_is_a_route_and_the_last_registration_wins():
    register_first_screen("/", menu)
    register_first_screen("/", other_menu)
    assert first_screen_loader("/") is other_menu
