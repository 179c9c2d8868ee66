"""The shop demo's order history and one order: thin adapters over `checkout`.

What each screen shows is built by `cart_presenter`.
"""

from __future__ import annotations

import reflex as rx

from tma_app.core.db import in_session
from tma_app.demos.ecommerce.cart_presenter import order_rows
from tma_app.demos.ecommerce.checkout import get_order, list_orders
from tma_app.demos.ecommerce.errors import EcommerceError
from tma_app.demos.ecommerce.online_payment import KIND as ONLINE_KIND
from tma_app.demos.ecommerce.state import EcommerceState
from tma_app.demos.ordering import order_number
from tma_app.payments.invoices import online_payment_offered
from tma_app.payments.state import on_paid
from tma_app.session.guards import requires_user
from tma_app.session.state import SessionState
from tma_app.ui.location import last_segment
from tma_app.ui.picture import media_base_url


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
        found = await in_session(list_orders, session.user_id, session.lang)
        self.orders = order_rows(found, session.lang, media_base=media_base_url())
        await self._refresh_cart_count()
        self.loading = False

    @rx.event
    @requires_user
    async def open_order(self, path: str):
        session = await self.get_state(SessionState)
        order_id = order_number(last_segment(path))
        if order_id is None:
            self.missing, self.loading = True, False
            return
        try:
            order = await in_session(get_order, session.user_id, order_id, session.lang)
            self.order, self.missing = order_rows([order], session.lang, media_base=media_base_url(),
                                                  online_payment=online_payment_offered())[0], False
        except EcommerceError:
            self.missing = True
        await self._refresh_cart_count()
        self.loading = False

    @rx.event
    @requires_user
    async def refresh_order(self):
        """After an online payment: the same order, now paid."""
        if self.order:
            return EcommerceOrdersState.open_order(f"/demos/ecommerce/orders/{self.order['id']}")


# A paid order shows as paid at once on its screen.
on_paid(ONLINE_KIND, EcommerceOrdersState.refresh_order)
