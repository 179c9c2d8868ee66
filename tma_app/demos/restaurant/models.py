"""The restaurant demo's tables (what its functions return is in `shapes`).

Prices are integer kopecks (RUB minor units) in every column.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from tma_app.core.money import CURRENCY
from tma_app.core.time import UtcDateTime, utcnow


class Category(SQLModel, table=True):
    __tablename__ = "restaurant_categories"
    __table_args__ = (UniqueConstraint("slug", name="uq_restaurant_categories_slug"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    slug: str = Field(max_length=32)
    sort_order: int = 0
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)


class Dish(SQLModel, table=True):
    __tablename__ = "restaurant_dishes"
    __table_args__ = (UniqueConstraint("slug", name="uq_restaurant_dishes_slug"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
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

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
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

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
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

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
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

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
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

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
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
