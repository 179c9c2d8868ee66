"""The cart: one per user, kept in the database, priced by the server on every read."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.core.idempotency import run_once
from tma_app.demos.ordering import (
    announce_added,
    change_line,
    clear_lines,
    line_quantity,
    merge_line,
    own_line,
    remove_own_line,
)
from tma_app.demos.restaurant.errors import CartFull, CartLineNotFound, LineQuantityExceeded, MenuError
from tma_app.demos.restaurant.menu import (
    MAX_QUANTITY,
    Selection,
    check_quantity,
    choice_ids,
    load_groups,
    parse_options_key,
    select_options,
    selection_for,
)
from tma_app.demos.restaurant.models import CartLine, Dish
from tma_app.demos.restaurant.shapes import CartAdd, CartLineView, CartView

ADD_SCOPE = "restaurant.cart_add"
MAX_LINES = 30


def get_cart(session: Session, user_id: int, language: Language) -> CartView:
    """The user's cart priced from today's menu; lines whose dish or options went away are
    listed with is_available=False and left out of the subtotal."""
    priced = cart_selections(session, user_id)
    lines = [
        CartLineView(
            id=line.id,
            dish_slug=selection.dish.slug,
            name=selection.name(language),
            image_id=selection.dish.image_id,
            options_text=selection.options_text(language),
            option_ids=selection.option_ids,
            quantity=line.quantity,
            unit_price=selection.unit_price,
            line_total=selection.unit_price * line.quantity,
            is_available=available,
        )
        for line, selection, available in priced
    ]
    orderable = [line for line in lines if line.is_available]
    return CartView(
        lines=lines,
        subtotal=sum(line.line_total for line in orderable),
        item_count=sum(line.quantity for line in orderable),
    )


def cart_subtotal(session: Session, user_id: int) -> int:
    """What the orderable lines cost now; lines whose dish or options went away are left out."""
    return sum(selection.unit_price * line.quantity for line, selection, orderable in cart_selections(session, user_id)
               if orderable)


def add_to_cart(
    session: Session,
    user_id: int,
    dish_slug: str,
    *,
    size_option_id: int | None = None,
    extra_option_ids: Sequence[int] = (),
    quantity: int = 1,
    idempotency_key: str,
    language: Language,
) -> CartAdd:
    """Add a dish with options to the cart, once per idempotency key (scope "restaurant.cart_add").

    The same dish with the same options merges into its line (at most 20 per line); a cart
    holds at most 30 lines. Raises MenuError subclasses for the dish and options (see
    menu.price_dish), CartFull, LineQuantityExceeded, IdempotencyKeyInvalid, and
    IdempotencyConflict when the key was used for a different add.

    Publishes nothing and commits nothing: announce_cart_add(result, session) publishes
    demo_interact in the same transaction only if this call really added (`result.added`;
    a replayed key gives added=False). submit_cart_add does both in the caller's unit of work.
    The cart after it is get_cart's: the dish screen that adds shows only a notice, and pricing the
    whole cart here on every add was work for nobody (`language` is kept for the callers' sake).
    """
    check_quantity(quantity)
    size, extras = choice_ids(size_option_id, extra_option_ids)
    payload = {"dish": dish_slug, "size": size, "extras": sorted(extras), "quantity": quantity}

    def add(tx: Session) -> dict[str, int]:
        return {"line_id": _merge_line(tx, user_id, select_options(tx, dish_slug, size, extras), quantity)}

    answer, added = run_once(
        session, user_id=user_id, scope=ADD_SCOPE, key=idempotency_key, payload=payload, action=add
    )
    return CartAdd(
        user_id=user_id,
        dish_slug=dish_slug,
        quantity=quantity,
        line_id=answer["line_id"],
        added=added,
    )


def announce_cart_add(result: CartAdd, session: Session | None = None) -> bool:
    """Publish demo_interact (action "cart_add") for an add that really happened, in its transaction when given."""
    return announce_added(result, "restaurant", "cart_add", session, dish=result.dish_slug, quantity=result.quantity)


def submit_cart_add(
    session: Session,
    user_id: int,
    dish_slug: str,
    *,
    size_option_id: int | None = None,
    extra_option_ids: Sequence[int] = (),
    quantity: int = 1,
    idempotency_key: str,
    language: Language,
) -> CartAdd:
    """add_to_cart announced in the same unit of work (a state runs it through in_session): what the UI calls."""
    result = add_to_cart(
        session,
        user_id,
        dish_slug,
        size_option_id=size_option_id,
        extra_option_ids=extra_option_ids,
        quantity=quantity,
        idempotency_key=idempotency_key,
        language=language,
    )
    announce_cart_add(result, session)
    return result


def set_quantity(session: Session, user_id: int, line_id: int, quantity: int, language: Language) -> CartView:
    """Set a line's quantity (1..20); 0 removes it. Raises CartLineNotFound, QuantityInvalid."""
    change_quantity(session, user_id, line_id, quantity)
    return get_cart(session, user_id, language)


def change_quantity(session: Session, user_id: int, line_id: int, quantity: int) -> None:
    """set_quantity's write alone, for a caller that reads the cart its own way afterwards."""
    if type(quantity) is int and quantity == 0:
        remove_own_line(session, CartLine, user_id, line_id)
        return
    check_quantity(quantity)
    line = own_line(session, CartLine, user_id, line_id)
    if line is None:
        raise CartLineNotFound("that line is not in your cart")
    change_line(session, line, quantity)


def remove_line(session: Session, user_id: int, line_id: int, language: Language) -> CartView:
    """Remove a line; removing one that is already gone is not an error (a retried tap)."""
    remove_own_line(session, CartLine, user_id, line_id)
    return get_cart(session, user_id, language)


def clear_cart(session: Session, user_id: int) -> int:
    """Empty the cart; returns how many lines it had."""
    return clear_lines(session, CartLine, user_id)


def cart_selections(
    session: Session, user_id: int, *, for_update: bool = False
) -> list[tuple[CartLine, Selection, bool]]:
    """Each cart line with its dish and options re-checked against the menu: (line, selection, orderable).

    `for_update` locks the lines (PostgreSQL) so two orders cannot both take the same cart.
    """
    statement = select(CartLine).where(col(CartLine.user_id) == user_id).order_by(col(CartLine.id))
    if for_update:
        statement = statement.with_for_update()
    lines = session.exec(statement.execution_options(populate_existing=True)).all()
    if not lines:
        return []
    dish_ids = {line.dish_id for line in lines}
    dishes = {d.id: d for d in session.exec(select(Dish).where(col(Dish.id).in_(dish_ids))).all()}
    groups = load_groups(session, dish_ids)
    priced = []
    for line in lines:
        dish, dish_groups = dishes[line.dish_id], groups.get(line.dish_id, [])
        option_ids = parse_options_key(line.options_key)
        try:
            priced.append((line, selection_for(dish, dish_groups, option_ids), True))
        except MenuError:
            known = tuple(o for _, options in dish_groups for o in options if o.id in set(option_ids))
            priced.append((line, Selection(dish=dish, options=known), False))
    return priced


def _merge_line(session: Session, user_id: int, selection: Selection, quantity: int) -> int:
    same_item = (CartLine.dish_id == selection.dish.id, CartLine.options_key == selection.options_key)
    current = line_quantity(session, CartLine, user_id, same_item, max_lines=MAX_LINES, cart_full=CartFull)
    if current + quantity > MAX_QUANTITY:
        raise LineQuantityExceeded(f"at most {MAX_QUANTITY} of one item")
    item = {"user_id": user_id, "dish_id": selection.dish.id, "options_key": selection.options_key}
    unique = (CartLine.user_id, CartLine.dish_id, CartLine.options_key)
    line_id = merge_line(session, CartLine, item, unique, quantity, MAX_QUANTITY)
    if line_id is None:
        raise LineQuantityExceeded(f"at most {MAX_QUANTITY} of one item")
    return line_id
