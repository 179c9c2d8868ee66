"""Every way a shop request can be refused, each with a stable `code` for the UI.

`messages.describe(error, language)` turns any of them into English or Russian text.
"""

from __future__ import annotations

from collections.abc import Mapping


class EcommerceError(ValueError):
    code = "ECOMMERCE_ERROR"


# --- Catalog ----------------------------------------------------------------------------


class CatalogError(EcommerceError):
    code = "CATALOG_INVALID"


class CategoryNotFound(CatalogError):
    code = "CATEGORY_NOT_FOUND"


class ProductNotFound(CatalogError):
    code = "PRODUCT_NOT_FOUND"


class VariantNotFound(CatalogError):
    """No such variant, or not one of the product named with it."""

    code = "VARIANT_NOT_FOUND"


class ListingInvalid(CatalogError):
    code = "LISTING_INVALID"


class PriceRangeInvalid(ListingInvalid):
    """`field` is "price_min" or "price_max"; `reason` one of "price_not_integer",
    "price_out_of_bounds", "price_min_above_max" (a messages key)."""

    code = "PRICE_RANGE_INVALID"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class SortInvalid(ListingInvalid):
    code = "SORT_INVALID"


class PaginationInvalid(ListingInvalid):
    code = "PAGINATION_INVALID"


# --- Cart -------------------------------------------------------------------------------


class CartError(EcommerceError):
    code = "CART_INVALID"


class QuantityInvalid(CartError):
    code = "QUANTITY_INVALID"


class LineQuantityExceeded(CartError):
    """The line would hold more than the per-line maximum."""

    code = "LINE_QUANTITY_LIMIT"


class CartFull(CartError):
    code = "CART_FULL"


class CartLineNotFound(CartError):
    code = "CART_LINE_NOT_FOUND"


class CartEmpty(CartError):
    code = "CART_EMPTY"


class OutOfStock(EcommerceError):
    """Fewer units of a variant are left than asked for, in the cart or at checkout.

    Names the variant so the UI can point at its cart line; `available` is the stock now
    (0: sold out), `requested` what the line would have held.
    """

    code = "OUT_OF_STOCK"

    def __init__(self, *, variant_id: int, sku: str, product_slug: str, available: int, requested: int) -> None:
        super().__init__(f"{sku}: {available} in stock, {requested} requested")
        self.variant_id = variant_id
        self.sku = sku
        self.product_slug = product_slug
        self.available = available
        self.requested = requested


# --- Checkout ---------------------------------------------------------------------------


class CheckoutError(EcommerceError):
    code = "CHECKOUT_INVALID"


class CheckoutFormInvalid(CheckoutError):
    """Every field that failed, at once: `errors` maps a field to a message code,
    e.g. {"phone": "phone_invalid"}; messages.field_messages() localises them."""

    code = "CHECKOUT_FORM_INVALID"

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {code}" for field, code in errors.items()))
        self.errors = dict(errors)


class OrderNotFound(CheckoutError):
    code = "ORDER_NOT_FOUND"
