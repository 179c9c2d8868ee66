"""What the restaurant's functions hand to the UI: one language, server-computed prices, never a table.

Money is integer kopecks everywhere (RUB minor units).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlmodel import SQLModel

from tma_app.core.money import CURRENCY

Mode = Literal["pickup", "delivery"]
GroupKind = Literal["single", "multi"]


class CategoryView(SQLModel):
    slug: str
    name: str


class DishCard(SQLModel):
    slug: str
    category_slug: str
    name: str
    description: str
    # What the dish costs with its default options.
    price_from: int
    image_id: str
    is_available: bool
    tags: list[str]
    has_options: bool


class MenuSection(SQLModel):
    category: CategoryView
    dishes: list[DishCard]


class MenuOverview(SQLModel):
    """The menu screen in one read: the category chips and the sections that match."""

    categories: list[CategoryView]
    sections: list[MenuSection]


class OptionView(SQLModel):
    id: int
    slug: str
    name: str
    price_delta: int
    is_default: bool


class ModifierGroupView(SQLModel):
    slug: str
    name: str
    kind: GroupKind
    max_selections: int
    options: list[OptionView]


class DishDetail(SQLModel):
    dish: DishCard
    groups: list[ModifierGroupView]


class Price(SQLModel):
    """A dish with chosen options, priced on the server."""

    dish_slug: str
    base_price: int
    options_price: int
    unit_price: int
    quantity: int
    total: int
    # The options that were priced, defaults filled in, sorted.
    option_ids: list[int]
    currency: str = CURRENCY


class CartLineView(SQLModel):
    id: int
    dish_slug: str
    name: str
    image_id: str
    options_text: str
    option_ids: list[int]
    quantity: int
    unit_price: int
    line_total: int
    # False when the dish or an option went away since it was added: it cannot be ordered.
    is_available: bool


class CartView(SQLModel):
    lines: list[CartLineView]
    # Sum of the orderable lines.
    subtotal: int
    item_count: int
    currency: str = CURRENCY


class CartAdd(SQLModel):
    """What add_to_cart did. `added` is False when the idempotency key replayed an earlier add; the cart
    after it is get_cart's (the screen that adds shows only a notice)."""

    user_id: int
    dish_slug: str
    quantity: int
    line_id: int
    added: bool


class Quote(SQLModel):
    mode: Mode
    subtotal: int
    delivery_fee: int
    total: int
    free_delivery_from: int
    # How much more would make delivery free (0 when it already is, or for pickup).
    free_delivery_remaining: int
    currency: str = CURRENCY


class Slot(SQLModel):
    # The value place_order takes back: the start in Moscow time, ISO 8601.
    id: str
    start: datetime
    end: datetime
    day: Literal["today", "tomorrow"]
    # Moscow wall-clock, e.g. "14:30–14:45".
    label: str


class CheckoutOverview(SQLModel):
    """The cart screen in one read: the cart, its cost with the chosen mode, the slots still offered."""

    cart: CartView
    quote: Quote
    slots: list[Slot]


class StatusStep(SQLModel):
    code: str
    done: bool
    current: bool


class OrderStatus(SQLModel):
    code: str
    steps: list[StatusStep]
    is_final: bool
    # When the status changes next (refresh then); None once done.
    next_change_at: datetime | None


class OrderLineView(SQLModel):
    dish_slug: str
    name: str
    options_text: str
    image_id: str
    unit_price: int
    quantity: int
    line_total: int


class OrderView(SQLModel):
    id: int
    mode: Mode
    slot_start: datetime
    slot_end: datetime
    slot_label: str
    address: str | None
    payment: str
    subtotal: int
    delivery_fee: int
    total: int
    currency: str
    created_at: datetime
    status: OrderStatus
    lines: list[OrderLineView]


class PlacedOrder(SQLModel):
    """What place_order did. `created` is False when the idempotency key replayed an earlier order."""

    user_id: int
    created: bool
    order: OrderView
