"""What the cart demos (restaurant, shop) do alike: cart lines that merge, and a cart placed as an order once.

Each demo brings only what differs: its tables, its checks, its prices and how a cart line
becomes an order line. Every function here works in the caller's transaction and commits
nothing; `run_once` makes a double tap, a retry or a concurrent duplicate do the work once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy import delete, func
from sqlmodel import Session, select

from tma_app.core.db import dialect_insert, rows_changed
from tma_app.core.idempotency import run_once
from tma_app.core.time import utcnow
from tma_app.demo_catalog import events

Row = TypeVar("Row", bound=tuple[Any, ...])


class Placed(Protocol):
    user_id: int
    created: bool
    order: Any  # the demo's OrderView: it has .id and .total


class Added(Protocol):
    user_id: int
    added: bool


# --- The cart ---------------------------------------------------------------------------


def line_quantity(
    session: Session, line_model: Any, user_id: int, same_item: Sequence[Any], *, max_lines: int,
    cart_full: type[Exception],
) -> int:
    """What the user's line for this item holds now; 0 for a new line, which needs room in the cart.

    `same_item` are the conditions that pick the item's line (its dish and options, its variant).
    Raises `cart_full` when a new line would take the cart past `max_lines`.
    """
    current = session.exec(select(line_model.quantity).where(line_model.user_id == user_id, *same_item)).first()
    if current is not None:
        return int(current)
    lines = session.exec(select(func.count()).select_from(line_model).where(line_model.user_id == user_id)).one()
    if lines >= max_lines:
        raise cart_full(f"a cart holds at most {max_lines} different items")
    return 0


def merge_line(session: Session, line_model: Any, item: dict[str, Any], unique: Sequence[Any], quantity: int,
               limit: int) -> int | None:
    """Insert the line, or add `quantity` to the one already there; its id, or None past `limit`.

    `item` are the columns that name the item (with user_id), `unique` the line's unique index.
    Merging in the database keeps concurrent adds of one item on one line, still bounded.
    """
    now = utcnow()
    statement = dialect_insert(session)(line_model).values(**item, quantity=quantity, created_at=now, updated_at=now)
    merged = statement.on_conflict_do_update(
        index_elements=list(unique),
        set_={"quantity": line_model.quantity + statement.excluded.quantity, "updated_at": now},
        where=line_model.quantity + statement.excluded.quantity <= limit,
    ).returning(line_model.id)
    row = session.execute(merged).first()
    return None if row is None else row[0]


def own_line(session: Session, line_model: Any, user_id: int, line_id: object) -> Any | None:
    """One of the user's own cart lines; someone else's, a missing one or an id that is not one is None."""
    if isinstance(line_id, bool) or not isinstance(line_id, int):
        return None
    return session.exec(select(line_model).where(line_model.id == line_id, line_model.user_id == user_id)).first()


def change_line(session: Session, line: Any, quantity: int) -> None:
    """Give a line its new (already checked) quantity."""
    line.quantity = quantity
    line.updated_at = utcnow()
    session.add(line)
    session.flush()


def remove_own_line(session: Session, line_model: Any, user_id: int, line_id: object) -> None:
    """Remove one of the user's lines; one already gone is not an error (a retried tap)."""
    line = own_line(session, line_model, user_id, line_id)
    if line is not None:
        session.delete(line)
        session.flush()


def clear_lines(session: Session, line_model: Any, user_id: int) -> int:
    """Empty the user's cart; how many lines it had."""
    return rows_changed(session, delete(line_model).where(line_model.user_id == user_id))


def step_quantity(quantity: int, delta: object, maximum: int) -> int | None:
    """A quantity stepper's next value (one more or one less, within 1..maximum); None when it cannot move."""
    if delta not in (-1, 1) or not 1 <= quantity + delta <= maximum:
        return None
    return quantity + delta


def announce_added(result: Added, demo_id: str, action: str, session: Session | None = None, **details: Any) -> bool:
    """Publish demo_interact for an add that really happened (not a replayed key), in its transaction when given."""
    if result.added:
        events.interacted(result.user_id, demo_id, action, session=session, **details)
    return result.added


# --- The order --------------------------------------------------------------------------


def place_from_cart(
    session: Session,
    user_id: int,
    *,
    scope: str,
    key: object,
    payload: Any,
    locked_cart: Callable[[Session], Sequence[Row]],
    cart_empty: type[Exception],
    new_order: Callable[[Session, Sequence[Row]], Any],
    order_line: Callable[[int, Row], Any],
) -> tuple[int, bool]:
    """Turn the user's cart into an order once per (scope, key): (order id, whether it was placed now).

    In one savepoint: `locked_cart` reads the cart's rows locked (each row starts with its
    cart line), an empty cart raises `cart_empty`, `new_order` checks the rows (raising to
    refuse) and builds the order, each row becomes `order_line(order_id, row)` and its cart
    line is deleted. A repeat of the key gets the first order's id back and touches nothing;
    on any error the cart is as it was.
    """

    def take_cart(tx: Session) -> dict[str, int]:
        rows = locked_cart(tx)
        if not rows:
            raise cart_empty("the cart is empty")
        order = new_order(tx, rows)
        tx.add(order)
        tx.flush()
        for row in rows:
            tx.add(order_line(order.id, row))
            tx.delete(row[0])
        tx.flush()
        return {"order_id": order.id}

    once = {"user_id": user_id, "scope": scope, "key": key, "payload": payload, "action": take_cart}
    try:
        answer, created = run_once(session, **once)
    except cart_empty:
        # A concurrent request with this same key may have taken the cart and committed while we
        # waited on its locks: then its stored order is our answer. If not, the cart is empty.
        answer, created = run_once(session, **once)
    return answer["order_id"], created


def announce_placed(result: Placed, demo_id: str, session: Session | None = None, **details: Any) -> bool:
    """Publish demo_complete for an order that was really placed (not a replayed key), in its transaction when given."""
    if result.created:
        events.completed(result.user_id, demo_id, order_id=result.order.id, total=result.order.total,
                         session=session, **details)
    return result.created


def order_number(raw: str) -> int | None:
    """The order id an address ends with ("/orders/42"); None when it is not one."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 12 else None


def own_order(session: Session, order_model: Any, user_id: int, order_id: object) -> Any | None:
    """One of the user's own orders; someone else's is None, exactly like a missing one."""
    return session.exec(select(order_model).where(order_model.id == order_id, order_model.user_id == user_id)).first()


def recent_orders(session: Session, order_model: Any, user_id: int, *, limit: int, offset: int = 0) -> list[Any]:
    """The user's orders, newest first."""
    return list(session.exec(
        select(order_model)
        .where(order_model.user_id == user_id)
        .order_by(order_model.created_at.desc(), order_model.id.desc())
        .limit(limit)
        .offset(offset)
    ).all())


def lines_by_order(session: Session, line_model: Any, orders: Sequence[Any]) -> dict[int, list[Any]]:
    """Each order's lines in the order they were written, read in one query."""
    lines: dict[int, list[Any]] = defaultdict(list)
    if orders:
        statement = select(line_model).where(line_model.order_id.in_([o.id for o in orders])).order_by(line_model.id)
        for line in session.exec(statement).all():
            lines[line.order_id].append(line)
    return lines

