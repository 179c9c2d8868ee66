"""The user's recent orders for /orders, read through the restaurant's and the shop's own services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from tma_app.core.i18n import Language, text
from tma_app.core.money import format_money
from tma_app.demos.ecommerce import checkout as shop
from tma_app.demos.restaurant import orders as restaurant

RECENT = 5


@dataclass(frozen=True, slots=True)
class OrderLine:
    label: str  # "Restaurant #12"
    total: str
    status: str
    placed_at: datetime


def order_label(demo: str, order_id: int, language: Language) -> str:
    return text(f"bot_order_{demo}", language, id=str(order_id))


def recent_orders(session: Session, user_id: int, language: Language, limit: int = RECENT) -> list[OrderLine]:
    """Both demos' newest orders, newest first, with where each one is now."""
    lines = [
        OrderLine(order_label("restaurant", order.id, language), format_money(order.total, language),
                  text(f"r_status_{order.status.code}", language), order.created_at)
        for order in restaurant.list_orders(session, user_id, language, limit=limit)
    ]
    lines += [
        # The shop has no delivery tracking: an order is accepted once placed.
        OrderLine(order_label("ecommerce", order.id, language), format_money(order.total, language),
                  text("bot_shop_status_placed", language), order.created_at)
        for order in shop.list_orders(session, user_id, language, limit=limit)
    ]
    return sorted(lines, key=lambda line: line.placed_at, reverse=True)[:limit]


def orders_text(lines: list[OrderLine], language: Language) -> str:
    if not lines:
        return text("bot_orders_none", language)
    rows = [f"• {line.label} · {line.total} · {line.status}" for line in lines]
    return "\n".join([text("bot_orders_title", language), *rows])
