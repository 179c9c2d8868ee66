"""The fault tests' simulated users name the app's states as Reflex does on the wire."""

from __future__ import annotations

from tests.support import crowd
from tma_app.demos.restaurant.cart_state import RestaurantCartState
from tma_app.demos.restaurant.state import RestaurantDishState, RestaurantMenuState
from tma_app.session.state import SessionState


def test_the_crowd_names_the_states_reflex_sends():
    assert crowd.SESSION == SessionState.get_full_name()
    assert crowd.MENU == RestaurantMenuState.get_full_name()
    assert crowd.DISH == RestaurantDishState.get_full_name()
    assert crowd.CART == RestaurantCartState.get_full_name()
