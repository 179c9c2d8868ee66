"""The shop demo's order history and one order: thin adapters over its service."""

from __future__ import annotations

import asyncio

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.demos.ecommerce import checkout, form, messages
from tma_app.demos.ecommerce.errors import EcommerceError
from tma_app.demos.ecommerce.state import EcommerceState
from tma_app.demos.ecommerce.shapes import OrderView
from tma_app.session.guards import requires_user
from tma_app.session.state import SessionState
from tma_app.core.i18n import Language, text
from tma_app.ui.location import last_segment
from tma_app.core.money import format_money
from tma_app.ui.picture import picture_props


def order_date(order: OrderView, language: Language) -> str:
    return order.created_at.strftime("%d.%m.%Y" if language == "ru" else "%b %-d, %Y")


def order_rows(orders: list[OrderView], language: Language) -> list[dict]:
    return [
        {
            "id": order.id,
            "date": order_date(order, language),
            "items": text("e_items", language, count=str(order.item_count)),
            "total": format_money(order.total, language),
            "name": order.customer_name,
            "phone": form.display_phone(order.phone),
            "address": order.address,
            "payment": messages.message(order.payment, language),
            "lines": [
                {
                    "key": f"{order.id}-{index}",
                    "name": line.name,
                    "variant": line.variant_label,
                    "quantity": f"{line.quantity} × {format_money(line.unit_price, language)}",
                    "total": format_money(line.line_total, language),
                    "picture": picture_props(line.picture_id, sizes="56px", language=language),
                }
                for index, line in enumerate(order.lines)
            ],
        }
        for order in orders
    ]


class EcommerceOrdersState(EcommerceState):
    orders: list[dict] = []
    order: dict = {}
    # The order checkout just placed: its page says thank you.
    just_placed: int = 0
    loading: bool = True
    missing: bool = False

    @rx.var
    def is_new(self) -> bool:
        return bool(self.order) and self.order.get("id") == self.just_placed

    @rx.event
    @requires_user
    async def open_history(self):
        session = await self.get_state(SessionState)

        def load() -> list[OrderView]:
            with session_scope() as db:
                return checkout.list_orders(db, session.user_id, session.lang)

        self.orders = order_rows(await asyncio.to_thread(load), session.lang)
        await self._refresh_cart_count()
        self.loading = False

    @rx.event
    @requires_user
    async def open_order(self, path: str):
        session = await self.get_state(SessionState)
        raw = last_segment(path)
        if not raw.isdigit() or len(raw) > 12:
            self.missing, self.loading = True, False
            return

        def load() -> OrderView:
            with session_scope() as db:
                return checkout.get_order(db, session.user_id, int(raw), session.lang)

        try:
            self.order = order_rows([await asyncio.to_thread(load)], session.lang)[0]
            self.missing = False
        except EcommerceError:
            self.missing = True
        await self._refresh_cart_count()
        self.loading = False
