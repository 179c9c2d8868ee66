"""The shop demo's tables. Prices are integer kopecks (RUB minor units) in every column."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow


class Category(SQLModel, table=True):
    __tablename__ = "ecommerce_categories"
    __table_args__ = (UniqueConstraint("slug", name="uq_ecommerce_categories_slug"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    slug: str = Field(max_length=32)
    sort_order: int = 0
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)


class Product(SQLModel, table=True):
    __tablename__ = "ecommerce_products"
    __table_args__ = (UniqueConstraint("slug", name="uq_ecommerce_products_slug"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    slug: str = Field(max_length=48)
    category_id: int = Field(foreign_key="ecommerce_categories.id", index=True)
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)
    description_en: str = Field(max_length=500)
    description_ru: str = Field(max_length=500)
    # An id of tma_app.media.catalog, e.g. "ecommerce/sneaker".
    picture_id: str = Field(max_length=64)
    # When the product joined the shop: the "newest" sort.
    listed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class Variant(SQLModel, table=True):
    """One buyable thing: a product in a size and/or colour, with its own SKU, price and stock."""

    __tablename__ = "ecommerce_variants"
    __table_args__ = (
        UniqueConstraint("sku", name="uq_ecommerce_variants_sku"),
        # The last line of defence: no race, however it happens, sells a unit that is not there.
        CheckConstraint("stock >= 0", name="ck_ecommerce_variants_stock_not_negative"),
        CheckConstraint("price >= 0", name="ck_ecommerce_variants_price_not_negative"),
    )

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    product_id: int = Field(foreign_key="ecommerce_products.id", ondelete="CASCADE", index=True)
    sku: str = Field(max_length=32)
    sort_order: int = 0
    size: str | None = Field(default=None, max_length=16)
    colour_en: str | None = Field(default=None, max_length=32)
    colour_ru: str | None = Field(default=None, max_length=32)
    # "#rrggbb" for the swatch next to the colour's name.
    colour_hex: str | None = Field(default=None, max_length=7)
    price: int
    stock: int


class CartLine(SQLModel, table=True):
    __tablename__ = "ecommerce_cart_lines"
    # One line per variant: adding the same variant again merges into it, even under races.
    __table_args__ = (UniqueConstraint("user_id", "variant_id", name="uq_ecommerce_cart_lines_user_variant"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    variant_id: int = Field(foreign_key="ecommerce_variants.id", ondelete="CASCADE")
    quantity: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class Order(SQLModel, table=True):
    __tablename__ = "ecommerce_orders"
    __table_args__ = (Index("ix_ecommerce_orders_user_id_created_at", "user_id", "created_at"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    customer_name: str = Field(max_length=80)
    # E.164, e.g. "+79991234567".
    phone: str = Field(max_length=16)
    address: str = Field(max_length=300)
    # Nothing is charged in the app.
    payment: str = Field(default="pay_on_delivery", max_length=32)
    item_count: int
    total: int
    currency: str = Field(default="RUB", max_length=3)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class OrderLine(SQLModel, table=True):
    """A cart line frozen at checkout: names and prices as they were, whatever the catalog does later."""

    __tablename__ = "ecommerce_order_lines"

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    order_id: int = Field(foreign_key="ecommerce_orders.id", ondelete="CASCADE", index=True)
    # No foreign key: the order outlives the variant.
    variant_id: int
    sku: str = Field(max_length=32)
    product_slug: str = Field(max_length=48)
    name_en: str = Field(max_length=80)
    name_ru: str = Field(max_length=80)
    # "M · Black" / "M · Чёрный"; "" for a product with one plain variant.
    variant_en: str = Field(default="", max_length=64)
    variant_ru: str = Field(default="", max_length=64)
    picture_id: str = Field(max_length=64)
    unit_price: int
    quantity: int
    line_total: int
