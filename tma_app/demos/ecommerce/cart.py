"""The cart: one per user, kept in the database, priced and checked against stock by the server."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.core.idempotency import run_once
from tma_app.demos.ecommerce.errors import (
    CartFull,
    CartLineNotFound,
    LineQuantityExceeded,
    OutOfStock,
    QuantityInvalid,
)
from tma_app.demos.ecommerce.models import CartLine, Product, Variant
from tma_app.demos.ecommerce.shapes import CartAdd, CartLineView, CartView, localized
from tma_app.demos.ecommerce.variants import load_variant, variant_label, whole
from tma_app.demos.ordering import (
    announce_added,
    change_line,
    clear_lines,
    line_quantity,
    merge_line,
    own_line,
    remove_own_line,
)

ADD_SCOPE = "ecommerce.cart_add"
QUANTITY_MIN, QUANTITY_MAX = 1, 10
MAX_LINES = 20

CartRow = tuple[CartLine, Variant, Product]


def get_cart(session: Session, user_id: int, language: Language) -> CartView:
    """The user's cart at today's prices and stock. A line holding more than is left now is
    flagged is_available=False and can_checkout is False until it is lowered or removed."""
    lines = []
    for line, variant, product in cart_rows(session, user_id):
        lines.append(
            CartLineView(
                id=line.id,
                variant_id=variant.id,
                sku=variant.sku,
                product_slug=product.slug,
                name=localized(language, product.name_en, product.name_ru),
                variant_label=variant_label(variant, language),
                picture_id=product.picture_id,
                unit_price=variant.price,
                quantity=line.quantity,
                line_total=variant.price * line.quantity,
                stock=variant.stock,
                max_quantity=min(QUANTITY_MAX, variant.stock),
                is_available=line.quantity <= variant.stock,
            )
        )
    return CartView(
        lines=lines,
        item_count=sum(line.quantity for line in lines),
        total=sum(line.line_total for line in lines),
        can_checkout=bool(lines) and all(line.is_available for line in lines),
    )


def add_to_cart(
    session: Session,
    user_id: int,
    variant_id: int,
    quantity: int = 1,
    *,
    idempotency_key: str,
    language: Language,
) -> CartAdd:
    """Add a variant to the cart, once per idempotency key (scope "ecommerce.cart_add").

    The same variant merges into its line. A line holds 1..10 units and never more than are
    in stock now; a cart holds at most 20 lines. Raises QuantityInvalid, VariantNotFound,
    OutOfStock (naming the variant, with what is left), LineQuantityExceeded, CartFull,
    IdempotencyKeyInvalid, IdempotencyConflict (the key was used for a different add).

    Publishes nothing and commits nothing: announce_cart_add(result, session) publishes
    demo_interact in the same transaction only if this call really added (a replayed key
    gives added=False). submit_cart_add does both in the caller's unit of work.
    """
    check_quantity(quantity)

    def add(tx: Session) -> dict[str, object]:
        variant, product = load_variant(tx, variant_id)
        line_id = _merge_line(tx, user_id, variant, product, quantity)
        return {"line_id": line_id, "sku": variant.sku, "product_slug": product.slug}

    answer, added = run_once(
        session,
        user_id=user_id,
        scope=ADD_SCOPE,
        key=idempotency_key,
        payload={"variant_id": variant_id, "quantity": quantity},
        action=add,
    )
    return CartAdd(
        user_id=user_id,
        product_slug=answer["product_slug"],
        variant_id=variant_id,
        sku=answer["sku"],
        quantity=quantity,
        line_id=answer["line_id"],
        added=added,
        cart=get_cart(session, user_id, language),
    )


def announce_cart_add(result: CartAdd, session: Session | None = None) -> bool:
    """Publish demo_interact (action "add_to_cart") for an add that really happened, in its transaction when given."""
    return announce_added(result, "ecommerce", "add_to_cart", session, product=result.product_slug,
                          variant_id=result.variant_id, sku=result.sku, quantity=result.quantity)


def submit_cart_add(
    session: Session,
    user_id: int,
    variant_id: int,
    quantity: int = 1,
    *,
    idempotency_key: str,
    language: Language,
) -> CartAdd:
    """add_to_cart announced in the same unit of work (a state runs it through in_session): what the UI calls."""
    result = add_to_cart(session, user_id, variant_id, quantity, idempotency_key=idempotency_key, language=language)
    announce_cart_add(result, session)
    return result


def count_items(session: Session, user_id: int) -> int:
    """How many units the cart holds, every line counted: the number on the cart button."""
    return session.exec(select(func.coalesce(func.sum(CartLine.quantity), 0)).where(CartLine.user_id == user_id)).one()


def set_quantity(session: Session, user_id: int, line_id: int, quantity: int, language: Language) -> CartView:
    """Set a line's quantity (1..10, at most what is in stock now); 0 removes the line.

    Raises QuantityInvalid, CartLineNotFound, OutOfStock."""
    if quantity == 0 and not isinstance(quantity, bool):
        return remove_line(session, user_id, line_id, language)
    check_quantity(quantity)
    line = own_line(session, CartLine, user_id, line_id)
    if line is None:
        raise CartLineNotFound("that line is not in your cart")
    variant, product = load_variant(session, line.variant_id)
    _check_stock(variant, product, quantity)
    change_line(session, line, quantity)
    return get_cart(session, user_id, language)


def remove_line(session: Session, user_id: int, line_id: int, language: Language) -> CartView:
    """Remove a line; removing one that is already gone is not an error (a retried tap)."""
    remove_own_line(session, CartLine, user_id, line_id)
    return get_cart(session, user_id, language)


def clear_cart(session: Session, user_id: int) -> int:
    """Empty the cart; returns how many lines it had."""
    return clear_lines(session, CartLine, user_id)


def cart_rows(session: Session, user_id: int, *, for_update: bool = False) -> list[CartRow]:
    """The user's lines with their variants and products, read fresh, oldest line first.

    `for_update` locks the lines (PostgreSQL) so two checkouts cannot both take the same cart.
    """
    statement = (
        select(CartLine, Variant, Product)
        .join(Variant, col(Variant.id) == CartLine.variant_id)
        .join(Product, col(Product.id) == col(Variant.product_id))
        .where(CartLine.user_id == user_id)
        .order_by(col(CartLine.id))
    )
    if for_update:
        statement = statement.with_for_update(of=CartLine)
    rows = session.exec(statement.execution_options(populate_existing=True)).all()
    return [(line, variant, product) for line, variant, product in rows]


def check_quantity(quantity: object) -> int:
    if not whole(quantity) or not QUANTITY_MIN <= quantity <= QUANTITY_MAX:
        raise QuantityInvalid(f"quantity must be {QUANTITY_MIN} to {QUANTITY_MAX}")
    return quantity


def _check_stock(variant: Variant, product: Product, wanted: int) -> None:
    if wanted > variant.stock and variant.stock < QUANTITY_MAX:
        raise OutOfStock(
            variant_id=variant.id, sku=variant.sku, product_slug=product.slug, available=variant.stock, requested=wanted
        )
    if wanted > QUANTITY_MAX:
        raise LineQuantityExceeded(f"at most {QUANTITY_MAX} of one item")


def _merge_line(session: Session, user_id: int, variant: Variant, product: Product, quantity: int) -> int:
    same_item = (CartLine.variant_id == variant.id,)
    current = line_quantity(session, CartLine, user_id, same_item, max_lines=MAX_LINES, cart_full=CartFull)
    _check_stock(variant, product, current + quantity)
    limit = min(QUANTITY_MAX, variant.stock)
    item = {"user_id": user_id, "variant_id": variant.id}
    line_id = merge_line(session, CartLine, item, (CartLine.user_id, CartLine.variant_id), quantity, limit)
    if line_id is None:
        # A concurrent add filled the line between our read and our write.
        mine = (CartLine.user_id == user_id, *same_item)
        _check_stock(variant, product, session.exec(select(CartLine.quantity).where(*mine)).one() + quantity)
        raise LineQuantityExceeded(f"at most {limit} of this item")
    return line_id
