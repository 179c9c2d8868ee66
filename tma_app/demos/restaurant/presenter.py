"""The restaurant's screens as the pages show them: rows, money, pictures, the choice on a dish.

Plain Python over the shapes its functions return. `media_base` is where pictures are served
from (the state passes `tma_app.ui.picture.media_base_url()`; "" on one origin).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from tma_app.core.i18n import Language
from tma_app.core.money import format_money
from tma_app.demos.order_payment import PAID_ONLINE, REFUNDED
from tma_app.demos.restaurant.errors import AddressInvalid, CartEmpty, SlotUnavailable
from tma_app.demos.restaurant.online_payment import payable_online
from tma_app.demos.restaurant.shapes import CartView, CheckoutOverview, DishDetail, MenuOverview, OrderView
from tma_app.media.props import image_props

SLOTS_SHOWN = 24
# A refused order points at the part of the form to fix.
REFUSED_FIELD: dict[type[Exception], str] = {AddressInvalid: "address", SlotUnavailable: "slot", CartEmpty: "cart"}


class MenuScreen(NamedTuple):
    categories: list[dict[str, Any]]
    sections: list[dict[str, Any]]


def menu_screen(menu: MenuOverview, language: Language, *, media_base: str) -> MenuScreen:
    first = next((dish.slug for section in menu.sections for dish in section.dishes), None)
    sections = [
        {
            "slug": section.category.slug,
            "name": section.category.name,
            "dishes": [
                {
                    "slug": dish.slug,
                    "name": dish.name,
                    "description": dish.description,
                    "price": format_money(dish.price_from, language),
                    "has_options": dish.has_options,
                    "is_available": dish.is_available,
                    # The first picture is above the fold: fetched at once, with high priority.
                    "picture": image_props(dish.image_id, sizes="96px", eager=dish.slug == first, language=language,
                                           base_url=media_base),
                }
                for dish in section.dishes
            ],
        }
        for section in menu.sections
    ]
    return MenuScreen([{"slug": c.slug, "name": c.name} for c in menu.categories], sections)


class DishScreen(NamedTuple):
    dish: dict[str, Any]
    groups: list[dict[str, Any]]
    # The options chosen when the sheet opens: each group's defaults.
    chosen: list[int]
    price: str


def dish_screen(detail: DishDetail, language: Language, *, media_base: str) -> DishScreen:
    dish = detail.dish
    groups: list[dict[str, Any]] = [
        {
            "slug": group.slug,
            "name": group.name,
            "kind": group.kind,
            "max_selections": group.max_selections,
            "options": [
                {
                    "id": option.id,
                    "name": option.name,
                    "delta": format_money(option.price_delta, language, signed=True) if option.price_delta else "",
                    "is_default": option.is_default,
                }
                for option in group.options
            ],
        }
        for group in detail.groups
    ]
    return DishScreen(
        dish={
            "slug": dish.slug,
            "name": dish.name,
            "description": dish.description,
            "is_available": dish.is_available,
            "picture": image_props(dish.image_id, eager=True, language=language, base_url=media_base),
        },
        groups=groups,
        chosen=[o["id"] for g in groups for o in g["options"] if o["is_default"]],
        price=format_money(dish.price_from, language),
    )


def toggle_option(groups: list[dict[str, Any]], chosen: list[int], group_slug: str, option_id: int) -> list[int] | None:
    """The choice after a tap on an option: a size replaces the group's other one, an extra toggles.

    An option that is not this group's changes nothing; None when the extras group is full.
    """
    group = next((g for g in groups if g["slug"] == group_slug), None)
    if group is None or option_id not in [o["id"] for o in group["options"]]:
        return chosen
    in_group = {o["id"] for o in group["options"]}
    if group["kind"] == "single":
        return [i for i in chosen if i not in in_group] + [option_id]
    if option_id in chosen:
        return [i for i in chosen if i != option_id]
    if len([i for i in chosen if i in in_group]) < group["max_selections"]:
        return [*chosen, option_id]
    return None


def split_choice(groups: list[dict[str, Any]], chosen: list[int]) -> tuple[int | None, list[int]]:
    """The chosen ids as the service takes them: the size (None for the default) and the extras."""
    single = {o["id"] for g in groups if g["kind"] == "single" for o in g["options"]}
    return next((i for i in chosen if i in single), None), [i for i in chosen if i not in single]


def cart_rows(cart: CartView, language: Language, *, media_base: str) -> list[dict[str, Any]]:
    return [
        {
            "id": line.id,
            "key": str(line.id),
            "name": line.name,
            "options": line.options_text,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "total": format_money(line.line_total, language),
            "is_available": line.is_available,
            "picture": image_props(line.image_id, sizes="64px", language=language, base_url=media_base),
        }
        for line in cart.lines
    ]


class CheckoutScreen(NamedTuple):
    lines: list[dict[str, Any]]
    money: dict[str, Any]
    slots: list[dict[str, Any]]


def checkout_screen(overview: CheckoutOverview, language: Language, *, media_base: str) -> CheckoutScreen:
    quote = overview.quote
    return CheckoutScreen(
        lines=cart_rows(overview.cart, language, media_base=media_base),
        money={
            "subtotal": format_money(quote.subtotal, language),
            "fee": format_money(quote.delivery_fee, language),
            "total": format_money(quote.total, language),
            "has_fee": quote.delivery_fee > 0,
        },
        slots=[{"id": s.id, "label": s.label, "day": s.day} for s in overview.slots[:SLOTS_SHOWN]],
    )


def kept_slot(slot: str, slots: list[dict[str, Any]]) -> str:
    """The chosen slot while it is still offered, else none."""
    return slot if any(s["id"] == slot for s in slots) else ""


def refused_field(error: Exception) -> str:
    """Which part of the cart form a refused order points at ("" when none: a notice says it)."""
    return REFUSED_FIELD.get(type(error), "")


def order_rows(orders: list[OrderView], language: Language, *, online_payment: bool = False
               ) -> list[dict[str, Any]]:
    """`online_payment`: a payment provider is configured, so unpaid open orders can be paid online."""
    return [
        {
            "id": order.id,
            # What payments knows the order by: a string, as the page compares it with the payment's.
            "payment_ref": str(order.id),
            "payable_online": online_payment and payable_online(order.payment, order.status.is_final),
            "paid_online": order.payment == PAID_ONLINE,
            "refunded": order.payment == REFUNDED,
            "slot": order.slot_label,
            "mode": order.mode,
            "total": format_money(order.total, language),
            "status": order.status.code,
            "steps": [{"code": s.code, "done": s.done, "current": s.current} for s in order.status.steps],
            "lines": [f"{line.quantity} × {line.name}" for line in order.lines],
        }
        for order in orders
    ]
