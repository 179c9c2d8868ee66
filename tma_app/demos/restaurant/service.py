"""The restaurant demo's API, in one import for its pages, states and routes.

Reads and session-level mutations take a Session the caller commits. The two actions that
announce demo events, adding to the cart and placing an order, come in two forms:
`add_to_cart` / `place_order` do the work and publish nothing (the caller calls
`announce_cart_add` / `announce_order` with its session, before its commit), while
`submit_cart_add` / `submit_order` open their own transaction, announce in it and commit. A replayed idempotency
key announces nothing either way.
"""

from tma_app.demos.restaurant.cart import (
    add_to_cart,
    announce_cart_add,
    clear_cart,
    get_cart,
    remove_line,
    set_quantity,
    submit_cart_add,
)
from tma_app.demos.restaurant.menu import browse_menu, get_dish, list_categories, price_dish
from tma_app.core.money import format_money
from tma_app.demos.restaurant.orders import (
    announce_order,
    available_slots,
    delivery_fee,
    get_order,
    list_orders,
    order_status,
    place_order,
    quote,
    submit_order,
)
from tma_app.demos.restaurant.seed import mark_available, seed_restaurant

__all__ = [
    "add_to_cart",
    "announce_cart_add",
    "announce_order",
    "available_slots",
    "browse_menu",
    "clear_cart",
    "delivery_fee",
    "format_money",
    "get_cart",
    "get_dish",
    "get_order",
    "list_categories",
    "list_orders",
    "mark_available",
    "order_status",
    "place_order",
    "price_dish",
    "quote",
    "remove_line",
    "seed_restaurant",
    "set_quantity",
    "submit_cart_add",
    "submit_order",
]
