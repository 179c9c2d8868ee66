"""The shop's cart, checkout and order screens as the pages show them.

Plain Python over the shapes its functions return. `media_base` is where pictures are served
from (the state passes `tma_app.ui.picture.media_base_url()`; "" on one origin).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from tma_app.core.i18n import Language, text
from tma_app.core.money import format_money
from tma_app.demos.ecommerce.form import FIELDS, display_phone, normalize_phone
from tma_app.demos.ecommerce.messages import message
from tma_app.demos.ecommerce.online_payment import payable_online
from tma_app.demos.ecommerce.shapes import CartView, CheckoutForm, OrderView
from tma_app.media.props import image_props

# What a form field may hold; the service checks the rest.
FIELD_MAX = 400


class CartScreen(NamedTuple):
    lines: list[dict[str, Any]]
    total: str
    items: str
    can_checkout: bool
    item_count: int


def cart_screen(cart: CartView, language: Language, *, media_base: str) -> CartScreen:
    lines = [
        {
            "id": line.id,
            "key": str(line.id),
            "slug": line.product_slug,
            "name": line.name,
            "variant": line.variant_label,
            "quantity": line.quantity,
            "max_quantity": line.max_quantity,
            "unit_price": format_money(line.unit_price, language),
            "total": format_money(line.line_total, language),
            "is_available": line.is_available,
            "problem": "" if line.is_available else (
                text("e_sold_out", language) if line.stock <= 0
                else text("e_only_left", language, count=str(line.stock))
            ),
            "picture": image_props(line.picture_id, sizes="64px", language=language, base_url=media_base),
        }
        for line in cart.lines
    ]
    return CartScreen(
        lines=lines,
        total=format_money(cart.total, language),
        items=text("e_items", language, count=str(cart.item_count)),
        can_checkout=cart.can_checkout,
        item_count=cart.item_count,
    )


# --- Checkout ---------------------------------------------------------------------------


def prefill(last: CheckoutForm | None, telegram_name: str) -> dict[str, str]:
    """A first checkout starts from the last order's details, else from the Telegram name."""
    if last is None:
        return {"name": telegram_name, "phone": "", "address": ""}
    return {"name": last.name, "phone": display_phone(last.phone), "address": last.address}


def typed(values: object) -> dict[str, str]:
    """The fields the page sent with a tap (what the inputs held), each cut to what a field may hold."""
    if not isinstance(values, dict):
        return {}
    return {field: values[field][:FIELD_MAX] for field in FIELDS if isinstance(values.get(field), str)}


def phone_hint(phone: str, language: Language) -> str:
    """The number as it will be stored, once what is typed is a phone number."""
    normalized = normalize_phone(phone) if phone.strip() else None
    return text("e_phone_hint", language, phone=display_phone(normalized)) if normalized else ""


def is_dirty(values: dict[str, str], opened_with: dict[str, str]) -> bool:
    """The form differs from what it opened with (Telegram then asks before closing)."""
    return values != (opened_with or dict.fromkeys(FIELDS, ""))


# --- Orders -----------------------------------------------------------------------------


def order_date(order: OrderView, language: Language) -> str:
    return order.created_at.strftime("%d.%m.%Y" if language == "ru" else "%b %-d, %Y")


def order_rows(orders: list[OrderView], language: Language, *, media_base: str, online_payment: bool = False
               ) -> list[dict[str, Any]]:
    """`online_payment`: a payment provider is configured, so unpaid orders can be paid online."""
    return [
        {
            "id": order.id,
            # What payments knows the order by: a string, as the page compares it with the payment's.
            "payment_ref": str(order.id),
            "payable_online": online_payment and payable_online(order.payment),
            "date": order_date(order, language),
            "items": text("e_items", language, count=str(order.item_count)),
            "total": format_money(order.total, language),
            "name": order.customer_name,
            "phone": display_phone(order.phone),
            "address": order.address,
            "payment": message(order.payment, language),
            "lines": [
                {
                    "key": f"{order.id}-{index}",
                    "name": line.name,
                    "variant": line.variant_label,
                    "quantity": f"{line.quantity} × {format_money(line.unit_price, language)}",
                    "total": format_money(line.line_total, language),
                    "picture": image_props(line.picture_id, sizes="56px", language=language, base_url=media_base),
                }
                for index, line in enumerate(order.lines)
            ],
        }
        for order in orders
    ]
