"""What the assistant may know about the shop: its products for the offline help, and the facts
of the screen a user asks from (the product, their own cart, their own orders).

Read through the demo's own functions (`catalog`, `cart`, `checkout`), for the verified user only.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from tma_app.ai import context, knowledge
from tma_app.core.i18n import Language
from tma_app.core.money import format_money
from tma_app.demos.ecommerce import cart, catalog, checkout
from tma_app.demos.ecommerce.errors import OrderNotFound, ProductNotFound
from tma_app.demos.ecommerce.shapes import CartView, ProductDetail

DEMO = "ecommerce"
MAX_LINES = 8  # cart lines, orders and variants listed; a count says how many there are
MAX_PRODUCTS = 8  # on the catalog screen
MAX_DOCUMENTS = 500  # products indexed, whatever the catalog grows to


def product_documents(session: Session, language: Language) -> list[knowledge.Document]:
    """One document per product: its category, description, price and a summary of its variants."""
    documents: list[knowledge.Document] = []
    offset: int | None = 0
    while offset is not None and len(documents) < MAX_DOCUMENTS:
        page = catalog.browse(session, language, sort="name", limit=catalog.LIMIT_MAX, offset=offset)
        for card in page.items:
            detail = catalog.get_product(session, card.slug, language)
            documents.append(knowledge.Document(
                key=f"{DEMO}:product:{card.slug}",
                title=card.name,
                body=f"{detail.category_name}. {detail.description} {_offer(detail, language)}",
                language=language,
                demo=DEMO,
            ))
        offset = page.next_offset
    return documents


def _offer(detail: ProductDetail, language: Language) -> str:
    ru = language == "ru"
    prices = sorted({v.price for v in detail.variants})
    if not prices:
        return ""
    price = format_money(prices[0], language)
    if len(prices) > 1:
        price = (f"от {price} до " if ru else f"{price} to ") + format_money(prices[-1], language)
    parts = [("Цена " if ru else "Price ") + price + "."]
    if detail.sizes:
        parts.append(("Размеры: " if ru else "Sizes: ") + ", ".join(detail.sizes) + ".")
    if detail.colours:
        parts.append(("Цвета: " if ru else "Colours: ") + ", ".join(c.name for c in detail.colours) + ".")
    if not detail.product.in_stock:
        parts.append("Нет в наличии." if ru else "Out of stock.")
    return " ".join(parts)


def screen_facts(session: Session, user_id: int, screen: str, item: str | None,
                 language: Language) -> dict[str, Any]:
    """The facts of a shop screen for this user; ContextInvalid for an unknown screen,
    LookupError for a product that does not exist or an order that is not this user's."""
    if screen == "catalog":
        overview = catalog.catalog_overview(session, language, limit=MAX_PRODUCTS)
        return {
            "categories": [c.name for c in overview.categories],
            "product_count": overview.page.total,
            "newest": [{"product": p.name, "price_from": format_money(p.price_from, language),
                        "in_stock": p.in_stock} for p in overview.page.items],
        }
    if screen == "product":
        return _product(session, item, language)
    if screen == "cart":
        return _cart(cart.get_cart(session, user_id, language), language)
    if screen == "checkout":
        details = checkout.checkout_overview(session, user_id, language)
        return {**_cart(details.cart, language), "details_from_last_order": details.last_details is not None,
                "delivery": "бесплатно" if language == "ru" else "free"}
    if screen == "orders":
        if item is not None:
            return _order(session, user_id, item, language)
        placed = checkout.list_orders(session, user_id, language, limit=MAX_LINES)
        return {"orders": [{"order": o.id, "date": o.created_at.date().isoformat(), "items": o.item_count,
                            "total": format_money(o.total, language)} for o in placed]}
    raise context.ContextInvalid(f"unknown shop screen {screen!r}")


def _product(session: Session, slug: str | None, language: Language) -> dict[str, Any]:
    if slug is None:
        raise LookupError("the product screen names a product")
    try:
        detail = catalog.get_product(session, slug, language)
    except ProductNotFound as error:
        raise LookupError(str(error)) from error
    return {
        "product": detail.product.name,
        "category": detail.category_name,
        "description": detail.description,
        "variants": [{"variant": v.label or "-", "price": format_money(v.price, language), "in_stock": v.stock}
                     for v in detail.variants[:MAX_LINES]],
        "variant_count": len(detail.variants),
    }


def _cart(view: CartView, language: Language) -> dict[str, Any]:
    return {
        "cart_lines": [
            {"product": line.name, "variant": line.variant_label, "quantity": line.quantity,
             "total": format_money(line.line_total, language),
             **({} if line.is_available else {"available": False, "in_stock": line.stock})}
            for line in view.lines[:MAX_LINES]
        ],
        "line_count": len(view.lines),
        "items": view.item_count,
        "total": format_money(view.total, language),
        "can_checkout": view.can_checkout,
    }


def _order(session: Session, user_id: int, item: str, language: Language) -> dict[str, Any]:
    if not (item.isascii() and item.isdigit() and len(item) <= 18):
        raise LookupError("an order is named by its id")
    try:
        order = checkout.get_order(session, user_id, int(item), language)
    except OrderNotFound as error:
        raise LookupError(str(error)) from error
    return {
        "order": order.id,
        "date": order.created_at.date().isoformat(),
        "lines": [f"{line.quantity} × {line.name}" + (f" ({line.variant_label})" if line.variant_label else "")
                  for line in order.lines[:MAX_LINES]],
        "total": format_money(order.total, language),
    }


knowledge.register_source(DEMO, product_documents)
context.register_context(DEMO, screen_facts)
