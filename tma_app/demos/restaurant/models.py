"""The restaurant demo's tables, and the shapes its service hands to the UI.

Prices are integer kopecks (RUB minor units) in every column and every shape.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow
from tma_app.core.money import CURRENCY

Mode = Literal["pickup", "delivery"]
GroupKind = Literal["single", "multi"]


# --- Tables ---------------------------------------------------------------------------


class Category(SQLModel, table=True):
    __tablename__ = "restaurant_categories"
    __table_args__ = (UniqueConstraint("slug", name="uq_restaurant_categories_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=32)
    sort_order: int = 0
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)


class Dish(SQLModel, table=True):
    __tablename__ = "restaurant_dishes"
    __table_args__ = (UniqueConstraint("slug", name="uq_restaurant_dishes_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=48)
    category_id: int = Field(foreign_key="restaurant_categories.id", index=True)
    sort_order: int = 0
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)
    description_en: str = Field(max_length=400)
    description_ru: str = Field(max_length=400)
    base_price: int
    image_id: str = Field(max_length=64)
    is_available: bool = True
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Name and description folded by menu.search_text(): SQLite's lower() leaves Cyrillic alone,
    # so search compares folded text with folded text on every engine.
    search_en: str = Field(default="", max_length=500)
    search_ru: str = Field(default="", max_length=500)


class ModifierGroup(SQLModel, table=True):
    __tablename__ = "restaurant_modifier_groups"
    __table_args__ = (UniqueConstraint("dish_id", "slug", name="uq_restaurant_modifier_groups_dish_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    dish_id: int = Field(foreign_key="restaurant_dishes.id", ondelete="CASCADE")
    slug: str = Field(max_length=32)
    # "single": exactly one option (the default when none is chosen); "multi": 0..max_selections.
    kind: str = Field(max_length=8)
    max_selections: int = 1
    sort_order: int = 0
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)


class ModifierOption(SQLModel, table=True):
    __tablename__ = "restaurant_modifier_options"
    __table_args__ = (UniqueConstraint("group_id", "slug", name="uq_restaurant_modifier_options_group_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="restaurant_modifier_groups.id", ondelete="CASCADE")
    slug: str = Field(max_length=32)
    sort_order: int = 0
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)
    price_delta: int = 0
    is_default: bool = False


class CartLine(SQLModel, table=True):
    __tablename__ = "restaurant_cart_lines"
    # One line per dish and option set: adding the same again merges into it, even under races.
    __table_args__ = (
        UniqueConstraint("user_id", "dish_id", "options_key", name="uq_restaurant_cart_lines_user_dish_options"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    dish_id: int = Field(foreign_key="restaurant_dishes.id", ondelete="CASCADE")
    # The chosen option ids (defaults included), sorted and comma-joined; "" for none.
    options_key: str = Field(default="", max_length=128)
    quantity: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class Order(SQLModel, table=True):
    __tablename__ = "restaurant_orders"
    __table_args__ = (Index("ix_restaurant_orders_user_id_created_at", "user_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    mode: str = Field(max_length=16)
    slot_start: datetime = Field(sa_type=UtcDateTime, nullable=False)
    slot_end: datetime = Field(sa_type=UtcDateTime, nullable=False)
    address: str | None = Field(default=None, max_length=200)
    # Nothing is charged in the app: "pay_on_pickup" or "pay_on_delivery".
    payment: str = Field(max_length=32)
    subtotal: int
    delivery_fee: int
    total: int
    currency: str = Field(default=CURRENCY, max_length=3)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class OrderLine(SQLModel, table=True):
    """A cart line frozen at order time: names and prices as they were, whatever the menu does later."""

    __tablename__ = "restaurant_order_lines"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="restaurant_orders.id", ondelete="CASCADE", index=True)
    dish_slug: str = Field(max_length=48)
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)
    options_en: str = Field(default="", max_length=400)
    options_ru: str = Field(default="", max_length=400)
    image_id: str = Field(max_length=64)
    unit_price: int
    quantity: int
    line_total: int


# --- What the UI gets (one language, never a table) -------------------------------------


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
    """What add_to_cart did. `added` is False when the idempotency key replayed an earlier add."""

    user_id: int
    dish_slug: str
    quantity: int
    line_id: int
    added: bool
    cart: CartView


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
