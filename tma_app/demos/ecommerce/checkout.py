"""Checkout and order history: the cart becomes an order, stock is taken atomically, once per key."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import update
from sqlmodel import Session, col, select

from tma_app.core.db import rows_changed
from tma_app.core.i18n import Language
from tma_app.demo_catalog.events import order_status_changed
from tma_app.demos.ecommerce.cart import CartRow, cart_rows, get_cart
from tma_app.demos.ecommerce.errors import CartEmpty, OrderNotFound, OutOfStock, PaginationInvalid
from tma_app.demos.ecommerce.form import validate_checkout_form
from tma_app.demos.ecommerce.models import Order, OrderLine, Variant
from tma_app.demos.ecommerce.shapes import (
    CheckoutForm,
    CheckoutOverview,
    OrderLineView,
    OrderView,
    PlacedOrder,
    localized,
)
from tma_app.demos.ecommerce.variants import variant_label, whole
from tma_app.demos.ordering import announce_placed, lines_by_order, own_order, place_from_cart, recent_orders

CHECKOUT_SCOPE = "ecommerce.checkout"
PAYMENT = "pay_on_delivery"
HISTORY_LIMIT_MAX = 50


def checkout(
    session: Session,
    user_id: int,
    form: Mapping[str, object],
    idempotency_key: str,
    *,
    language: Language = "en",
) -> PlacedOrder:
    """Turn the user's cart into an order, once per idempotency key (scope "ecommerce.checkout").

    `form` has "name", "phone" and "address" (see form.validate_checkout_form). Every line's
    stock is taken with a conditional UPDATE that only succeeds while enough is left, so two
    buyers of the last unit cannot both get it. Prices are copied into the order as they are
    now, payment is on delivery, and the cart is emptied, all in the caller's transaction.
    A repeat of the key (double tap, retry, concurrent duplicate) gets the first order back
    with created=False and touches nothing.

    Raises CheckoutFormInvalid (every bad field at once, before anything else), CartEmpty,
    OutOfStock (naming the first variant short of stock), IdempotencyKeyInvalid,
    IdempotencyConflict. On any error the cart and the stock are as they were.

    Publishes nothing and commits nothing: announce_checkout(result, session) publishes
    demo_complete in the same transaction only if `result.created`. submit_checkout does both
    in the caller's unit of work.
    """
    details = validate_checkout_form(form)

    def new_order(tx: Session, rows: Sequence[CartRow]) -> Order:
        _take_stock(tx, rows)
        return Order(
            user_id=user_id,
            customer_name=details.name,
            phone=details.phone,
            address=details.address,
            payment=PAYMENT,
            item_count=sum(line.quantity for line, _, _ in rows),
            total=sum(variant.price * line.quantity for line, variant, _ in rows),
        )

    order_id, created = place_from_cart(
        session, user_id, scope=CHECKOUT_SCOPE, key=idempotency_key, payload=details.model_dump(),
        locked_cart=lambda tx: cart_rows(tx, user_id, for_update=True), cart_empty=CartEmpty,
        new_order=new_order, order_line=_order_line,
    )
    return PlacedOrder(user_id=user_id, created=created, order=get_order(session, user_id, order_id, language))


def announce_checkout(result: PlacedOrder, session: Session | None = None) -> bool:
    """Publish demo_complete for an order that was really placed, in its transaction when given,
    and tell its customer it was accepted."""
    if not announce_placed(result, "ecommerce", session, item_count=result.order.item_count):
        return False
    order_status_changed(result.user_id, "ecommerce", result.order.id, "accepted", session=session)
    return True


def submit_checkout(
    session: Session,
    user_id: int,
    form: Mapping[str, object],
    idempotency_key: str,
    *,
    language: Language = "en",
) -> PlacedOrder:
    """checkout announced in the same unit of work (a state runs it through in_session): what the UI calls."""
    result = checkout(session, user_id, form, idempotency_key, language=language)
    announce_checkout(result, session)
    return result


def checkout_overview(session: Session, user_id: int, language: Language) -> CheckoutOverview:
    """The checkout screen in one read: the cart, and the delivery details of the last order to start from."""
    last = recent_orders(session, Order, user_id, limit=1)
    details = CheckoutForm(name=last[0].customer_name, phone=last[0].phone, address=last[0].address) if last else None
    return CheckoutOverview(cart=get_cart(session, user_id, language), last_details=details)


def get_order(session: Session, user_id: int, order_id: int, language: Language) -> OrderView:
    """One of the user's own orders; someone else's is OrderNotFound, exactly like a missing one."""
    order = own_order(session, Order, user_id, order_id)
    if order is None:
        raise OrderNotFound("no such order")
    return _views(session, [order], language)[0]


def list_orders(
    session: Session, user_id: int, language: Language, *, limit: int = 20, offset: int = 0
) -> list[OrderView]:
    """The user's own orders, newest first. `limit` 1..50. Raises PaginationInvalid."""
    for value, low, high in ((limit, 1, HISTORY_LIMIT_MAX), (offset, 0, 10_000)):
        if not whole(value) or not low <= value <= high:
            raise PaginationInvalid(f"limit must be 1 to {HISTORY_LIMIT_MAX}, offset 0 to 10000")
    return _views(session, recent_orders(session, Order, user_id, limit=limit, offset=offset), language)


def _views(session: Session, orders: list[Order], language: Language) -> list[OrderView]:
    lines = lines_by_order(session, OrderLine, orders)
    return [
        OrderView(
            id=order.id,
            customer_name=order.customer_name,
            phone=order.phone,
            address=order.address,
            payment=order.payment,
            item_count=order.item_count,
            total=order.total,
            currency=order.currency,
            created_at=order.created_at,
            lines=[
                OrderLineView(
                    variant_id=line.variant_id,
                    sku=line.sku,
                    product_slug=line.product_slug,
                    name=localized(language, line.name_en, line.name_ru),
                    variant_label=localized(language, line.variant_en, line.variant_ru),
                    picture_id=line.picture_id,
                    unit_price=line.unit_price,
                    quantity=line.quantity,
                    line_total=line.line_total,
                )
                for line in lines[order.id]
            ],
        )
        for order in orders
    ]


def _take_stock(tx: Session, rows: Sequence[CartRow]) -> None:
    """Every line's units out of stock with a conditional UPDATE; OutOfStock names the first short one."""
    # One order of locking for every checkout: two carts sharing variants cannot deadlock.
    for line, variant, product in sorted(rows, key=lambda row: row[1].id):
        taken = rows_changed(
            tx,
            update(Variant)
            .where(col(Variant.id) == variant.id, col(Variant.stock) >= line.quantity)
            .values(stock=Variant.stock - line.quantity)
            .execution_options(synchronize_session=False),
        )
        if taken != 1:
            left = tx.exec(select(Variant.stock).where(Variant.id == variant.id)).one()
            raise OutOfStock(
                variant_id=variant.id, sku=variant.sku, product_slug=product.slug, available=left,
                requested=line.quantity,
            )


def _order_line(order_id: int, row: CartRow) -> OrderLine:
    line, variant, product = row
    return OrderLine(
        order_id=order_id,
        variant_id=variant.id,
        sku=variant.sku,
        product_slug=product.slug,
        name_en=product.name_en,
        name_ru=product.name_ru,
        variant_en=variant_label(variant, "en"),
        variant_ru=variant_label(variant, "ru"),
        picture_id=product.picture_id,
        unit_price=variant.price,
        quantity=line.quantity,
        line_total=variant.price * line.quantity,
    )
