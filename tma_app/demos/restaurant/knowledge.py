"""What the assistant may know about the restaurant: its dishes for the offline help, and the
facts of the screen a user asks from (the dish, their own cart, their own order).

Read through the demo's own functions (`menu`, `cart`, `orders`), for the verified user only.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from tma_app.ai import context, knowledge
from tma_app.core.i18n import Language
from tma_app.core.money import format_money
from tma_app.demos.restaurant import cart, menu, orders
from tma_app.demos.restaurant.errors import DishNotFound, OrderNotFound
from tma_app.demos.restaurant.shapes import CartView, DishCard

DEMO = "restaurant"
MAX_LINES = 8  # cart and order lines listed; the count says how many there are
MAX_DISHES = 6  # per category on the menu screen


def dish_documents(session: Session, language: Language) -> list[knowledge.Document]:
    """One document per dish: its category, description, price with default options, tags."""
    documents = []
    for section in menu.browse_menu(session, language):
        for dish in section.dishes:
            documents.append(knowledge.Document(
                key=f"{DEMO}:dish:{dish.slug}",
                title=dish.name,
                body=f"{section.category.name}. {dish.description} {_price_line(dish, language)}",
                language=language,
                demo=DEMO,
            ))
    return documents


def _price_line(dish: DishCard, language: Language) -> str:
    price = format_money(dish.price_from, language)
    ru = language == "ru"
    parts = [(f"Цена от {price}." if ru else f"Price from {price}.") if dish.has_options
             else (f"Цена {price}." if ru else f"Price {price}.")]
    if dish.tags:
        parts.append(("Метки: " if ru else "Tags: ") + ", ".join(dish.tags) + ".")
    if not dish.is_available:
        parts.append("Сейчас нет в наличии." if ru else "Sold out right now.")
    return " ".join(parts)


def screen_facts(session: Session, user_id: int, screen: str, item: str | None,
                 language: Language) -> dict[str, Any]:
    """The facts of a restaurant screen for this user; ContextInvalid for an unknown screen,
    LookupError for a dish or order that does not exist (or is someone else's order)."""
    if screen == "menu":
        overview = menu.menu_overview(session, language)
        return {"categories": [
            {"name": section.category.name,
             "dishes": [d.name for d in section.dishes[:MAX_DISHES]]}
            for section in overview.sections
        ]}
    if screen == "dish":
        return _dish(session, item, language)
    if screen in ("cart", "checkout"):
        facts = _cart(cart.get_cart(session, user_id, language), language)
        if screen == "checkout":
            facts["delivery_fee"] = format_money(orders.DELIVERY_FEE, language)
            facts["free_delivery_from"] = format_money(orders.FREE_DELIVERY_FROM, language)
            facts["payment"] = "при получении" if language == "ru" else "on pickup or delivery"
        return facts
    if screen == "order":
        return _order(session, user_id, item, language)
    raise context.ContextInvalid(f"unknown restaurant screen {screen!r}")


def _dish(session: Session, slug: str | None, language: Language) -> dict[str, Any]:
    if slug is None:
        raise LookupError("the dish screen names a dish")
    try:
        detail = menu.get_dish(session, slug, language)
    except DishNotFound as error:
        raise LookupError(str(error)) from error
    dish = detail.dish
    return {
        "dish": dish.name,
        "price_from": format_money(dish.price_from, language),
        "description": dish.description,
        "available": dish.is_available,
        "tags": dish.tags,
        "options": [
            {"group": group.name,
             "choices": [o.name + (f" ({format_money(o.price_delta, language, signed=True)})" if o.price_delta else "")
                         for o in group.options]}
            for group in detail.groups
        ],
    }


def _cart(view: CartView, language: Language) -> dict[str, Any]:
    return {
        "cart_lines": [
            {"dish": line.name, "options": line.options_text, "quantity": line.quantity,
             "total": format_money(line.line_total, language), **({} if line.is_available else {"available": False})}
            for line in view.lines[:MAX_LINES]
        ],
        "line_count": len(view.lines),
        "items": view.item_count,
        "subtotal": format_money(view.subtotal, language),
    }


def _order(session: Session, user_id: int, item: str | None, language: Language) -> dict[str, Any]:
    if item is None or not (item.isascii() and item.isdigit() and len(item) <= 18):
        raise LookupError("the order screen names an order id")
    try:
        order = orders.get_order(session, user_id, int(item), language)
    except OrderNotFound as error:
        raise LookupError(str(error)) from error
    return {
        "order": order.id,
        "status": order.status.code,
        "mode": order.mode,
        "slot": order.slot_label,
        "lines": [f"{line.quantity} × {line.name}" for line in order.lines[:MAX_LINES]],
        "total": format_money(order.total, language),
    }


knowledge.register_source(DEMO, dish_documents)
context.register_context(DEMO, screen_facts)
