"""The shop demo's API, in one import for its pages, states and routes.

Reads and cart edits take a Session the caller commits. The actions that announce demo
events come in two forms: `add_to_cart` / `checkout` / `pick_variant` do the work and publish
nothing (the caller calls `announce_cart_add` / `announce_checkout` / `announce_variant_pick`
with its session, before its commit), while `submit_cart_add` / `submit_checkout` open their
own transaction, announce in it and commit. A replayed idempotency key announces nothing either way.
"""

from tma_app.demos.ecommerce.cart import (
    add_to_cart,
    announce_cart_add,
    clear_cart,
    get_cart,
    remove_line,
    set_quantity,
    submit_cart_add,
)
from tma_app.demos.ecommerce.catalog import browse, get_product, list_categories
from tma_app.demos.ecommerce.checkout import (
    announce_checkout,
    checkout,
    get_order,
    list_orders,
    submit_checkout,
)
from tma_app.demos.ecommerce.form import display_phone, normalize_phone, validate_checkout_form
from tma_app.demos.ecommerce.messages import describe, field_messages, message
from tma_app.demos.ecommerce.seed import mark_available, seed_ecommerce
from tma_app.demos.ecommerce.variants import announce_variant_pick, pick_variant

__all__ = [
    "add_to_cart",
    "announce_cart_add",
    "announce_checkout",
    "announce_variant_pick",
    "browse",
    "checkout",
    "clear_cart",
    "describe",
    "display_phone",
    "field_messages",
    "get_cart",
    "get_order",
    "get_product",
    "list_categories",
    "list_orders",
    "mark_available",
    "message",
    "normalize_phone",
    "pick_variant",
    "remove_line",
    "seed_ecommerce",
    "set_quantity",
    "submit_cart_add",
    "submit_checkout",
    "validate_checkout_form",
]
