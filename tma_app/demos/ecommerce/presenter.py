"""The shop's catalog and product screens as the pages show them: cards, filters, variant pickers.

Plain Python over the shapes its functions return. `media_base` is where pictures are served
from (the state passes `tma_app.ui.picture.media_base_url()`; "" on one origin).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from tma_app.core.i18n import Language, text
from tma_app.core.money import format_money
from tma_app.demos.ecommerce.cart import QUANTITY_MAX
from tma_app.demos.ecommerce.errors import EcommerceError
from tma_app.demos.ecommerce.messages import describe
from tma_app.demos.ecommerce.shapes import CatalogOverview, ProductDetail, ProductPage, VariantView
from tma_app.media.props import image_props

LOW_STOCK = 5
# What people type for a price in rubles: "1500", "1 500", "1500,50".
_RUBLES = re.compile(r"^(\d{1,9})(?:[.,](\d{1,2}))?$")


def parse_rubles(raw: str) -> int | None:
    """Typed rubles as kopecks; None when empty. Raises ValueError when it is not a price."""
    cleaned = re.sub(r"[\s\u00a0₽]", "", str(raw))
    if not cleaned:
        return None
    match = _RUBLES.match(cleaned)
    if match is None:
        raise ValueError("not a price in rubles")
    return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))


def stock_note(stock: int, language: Language, *, plenty: str = "") -> str:
    """"Sold out", "Last one", "3 left", or `plenty` when there is no need to count."""
    if stock <= 0:
        return text("e_sold_out", language)
    if stock == 1:
        return text("e_last_one", language)
    return text("e_left", language, count=str(stock)) if stock <= LOW_STOCK else plenty


def refusal(error: Exception, language: Language) -> str:
    """What a refused shop action says: the refusal itself, or a generic apology for anything else."""
    return describe(error, language) if isinstance(error, EcommerceError) else text("e_error_generic", language)


# --- Catalog ----------------------------------------------------------------------------


class Filters(NamedTuple):
    # What `browse` takes, or None while a typed price is not one.
    query: dict[str, Any] | None
    # The message beside each price field that is not a price.
    errors: dict[str, str]


def listing_filters(category: str, sort: str, in_stock_only: bool, price_min: str, price_max: str,
                    language: Language) -> Filters:
    """The filters as typed, for the service; a bound out of range or min above max is its to refuse."""
    bounds, errors = {}, {}
    for field, raw in (("price_min", price_min), ("price_max", price_max)):
        try:
            bounds[field] = parse_rubles(raw)
        except ValueError:
            errors[field] = text("e_price_invalid", language)
    if errors:
        return Filters(None, errors)
    return Filters({"category": category or None, "sort": sort, "in_stock_only": in_stock_only, **bounds}, {})


class Listing(NamedTuple):
    cards: list[dict[str, Any]]
    found: str
    # The offset of the next page, -1 on the last one.
    next_offset: int


def listing(page: ProductPage, language: Language, *, media_base: str) -> Listing:
    cards = [
        {
            "slug": item.slug,
            "name": item.name,
            "price": format_money(item.price_from, language),
            "has_range": item.has_price_range,
            "in_stock": item.in_stock,
            "last_one": item.units_left == 1,
            # The first row is above the fold: fetched at once, the rest when scrolled to.
            "picture": image_props(item.picture_id, sizes="50vw", eager=page.offset == 0 and index < 2,
                                   language=language, base_url=media_base),
        }
        for index, item in enumerate(page.items)
    ]
    found = text("e_found", language, count=str(page.total))
    return Listing(cards, found, page.next_offset if page.next_offset is not None else -1)


def category_chips(overview: CatalogOverview) -> list[dict[str, str]]:
    return [{"slug": c.slug, "name": c.name} for c in overview.categories]


# --- Product ----------------------------------------------------------------------------


def variant_row(variant: VariantView) -> dict[str, Any]:
    return {"id": variant.id, "size": variant.size or "", "colour": variant.colour or "",
            "hex": variant.colour_hex or "", "price": variant.price, "stock": variant.stock}


class ProductScreen(NamedTuple):
    product: dict[str, Any]
    variants: list[dict[str, Any]]
    variant_id: int


def product_screen(detail: ProductDetail, variant_id: int, language: Language, *, media_base: str) -> ProductScreen:
    """The product with its variants; `variant_id` stays chosen while it is one of them, else the default."""
    card = detail.product
    variants = [variant_row(v) for v in detail.variants]
    kept = variant_id if any(v["id"] == variant_id for v in variants) else (detail.default_variant_id or 0)
    product = {
        "slug": card.slug,
        "name": card.name,
        "category": detail.category_name,
        "description": detail.description,
        "picture": image_props(card.picture_id, eager=True, language=language, base_url=media_base),
    }
    return ProductScreen(product, variants, kept)


def options(
    variants: list[dict[str, Any]], chosen: dict[str, Any], attr: str, language: Language
) -> list[dict[str, Any]]:
    """The picker for `attr` ("size" or "colour"): each value once, with the variant a tap picks.

    A tap keeps the other attribute when that combination is in stock, else takes the first
    variant in stock with this value; a value with nothing in stock is shown sold out."""
    other = "colour" if attr == "size" else "size"
    rows = []
    for value in dict.fromkeys(v[attr] for v in variants if v[attr]):
        same = [v for v in variants if v[attr] == value]
        exact = next((v for v in same if v[other] == chosen.get(other)), None)
        target = exact if exact and exact["stock"] > 0 else next((v for v in same if v["stock"] > 0), exact or same[0])
        rows.append({
            "value": value,
            "variant_id": target["id"],
            "hex": target["hex"],
            "selected": chosen.get(attr) == value,
            "sold_out": target["stock"] <= 0,
            "note": stock_note(target["stock"], language),
        })
    return rows


class Choice(NamedTuple):
    """What the product page shows for the chosen variant and quantity."""

    sizes: list[dict[str, Any]]
    colours: list[dict[str, Any]]
    # The quantity, kept within what can be added (1 at least).
    quantity: int
    max_quantity: int
    can_add: bool
    stock: str
    stock_low: bool
    price: str
    add_label: str


def choice(variants: list[dict[str, Any]], variant_id: int, quantity: int, language: Language) -> Choice:
    chosen = next((v for v in variants if v["id"] == variant_id), {})
    stock, price = chosen.get("stock", 0), chosen.get("price", 0)
    quantity = max(1, min(quantity, stock, QUANTITY_MAX))
    total = format_money(price * quantity, language)
    return Choice(
        sizes=options(variants, chosen, "size", language),
        colours=options(variants, chosen, "colour", language),
        quantity=quantity,
        max_quantity=max(1, min(stock, QUANTITY_MAX)),
        can_add=stock > 0,
        stock=stock_note(stock, language, plenty=text("e_in_stock", language)),
        stock_low=stock <= LOW_STOCK,
        price=format_money(price, language),
        add_label=f"{text('e_add_to_cart', language)} · {total}" if stock > 0 else text("e_sold_out", language),
    )


def picked(variants: list[dict[str, Any]], variant: VariantView) -> list[dict[str, Any]]:
    """The variants with the one just picked read fresh (its price and stock are the server's now)."""
    fresh = variant_row(variant)
    return [fresh if v["id"] == fresh["id"] else v for v in variants]
