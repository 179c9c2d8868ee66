"""What the shop's functions hand to the UI: one language, server-computed prices, never a table.

Money is integer kopecks everywhere (RUB minor units).
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlmodel import SQLModel

from tma_app.core.i18n import Language

T = TypeVar("T")  # a column name, or its SQL expression


def localized(language: Language, en: T, ru: T) -> T:
    return ru if language == "ru" else en


class CategoryView(SQLModel):
    slug: str
    name: str


class ProductCard(SQLModel):
    slug: str
    category_slug: str
    name: str
    picture_id: str
    # The cheapest variant the listing's filters let through ("from 1 990 ₽"); on a product
    # page, the cheapest variant of all.
    price_from: int
    # True when the product has a variant in more than one price (show "from").
    has_price_range: bool
    in_stock: bool
    # Units left across the variants the listing's filters let through (on a product page, all
    # of them): 1 is the "last one" badge.
    units_left: int = 0
    listed_at: datetime


class ProductPage(SQLModel):
    """One page of a catalog listing."""

    items: list[ProductCard]
    # How many products match the filters, all pages together.
    total: int
    limit: int
    offset: int
    # The offset of the next page, None on the last one.
    next_offset: int | None


class VariantView(SQLModel):
    id: int
    sku: str
    size: str | None
    colour: str | None
    colour_hex: str | None
    # "M · Black"; "" for a product sold in one plain variant.
    label: str
    price: int
    stock: int
    in_stock: bool
    # Exactly one left: the UI says "last one".
    is_last_unit: bool


class ColourView(SQLModel):
    name: str
    hex: str | None


class ProductDetail(SQLModel):
    product: ProductCard
    category_name: str
    description: str
    variants: list[VariantView]
    # The pickers: each size and colour once, in the variants' order.
    sizes: list[str]
    colours: list[ColourView]
    # The variant to preselect: the first one in stock, else the first one; None if there are none.
    default_variant_id: int | None


class VariantPick(SQLModel):
    """What pick_variant did. `picked` is False when the variant was already the chosen one."""

    user_id: int
    product_slug: str
    variant: VariantView
    picked: bool


class CartLineView(SQLModel):
    id: int
    variant_id: int
    sku: str
    product_slug: str
    name: str
    variant_label: str
    picture_id: str
    unit_price: int
    quantity: int
    line_total: int
    # Units in stock right now, and the most this line may hold (stock and the per-line cap).
    stock: int
    max_quantity: int
    # False when fewer are left than the line holds: checkout would refuse it.
    is_available: bool


class CartView(SQLModel):
    lines: list[CartLineView]
    item_count: int
    total: int
    can_checkout: bool
    currency: str = "RUB"


class CartAdd(SQLModel):
    """What add_to_cart did. `added` is False when the idempotency key replayed an earlier add."""

    user_id: int
    product_slug: str
    variant_id: int
    sku: str
    quantity: int
    line_id: int
    added: bool
    cart: CartView


class CheckoutForm(SQLModel):
    """A checkout form that passed validation, normalised (phone in E.164, spaces collapsed)."""

    name: str
    phone: str
    address: str


class CheckoutOverview(SQLModel):
    """The checkout screen in one read: the cart, and the details of the last order (None before the first)."""

    cart: CartView
    last_details: CheckoutForm | None


class CatalogOverview(SQLModel):
    """The catalog screen in one read: every category for the chips, and the first page."""

    categories: list[CategoryView]
    page: ProductPage


class OrderLineView(SQLModel):
    variant_id: int
    sku: str
    product_slug: str
    name: str
    variant_label: str
    picture_id: str
    unit_price: int
    quantity: int
    line_total: int


class OrderView(SQLModel):
    id: int
    customer_name: str
    phone: str
    address: str
    payment: str
    item_count: int
    total: int
    currency: str
    created_at: datetime
    lines: list[OrderLineView]


class PlacedOrder(SQLModel):
    """What checkout did. `created` is False when the idempotency key replayed an earlier checkout."""

    user_id: int
    created: bool
    order: OrderView
