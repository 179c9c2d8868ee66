"""What can be sold, registered by the feature that owns it; payments never reads their tables.

A feature registers a `Product` for each kind it sells (a premium program, a coin pack, an
order). Payments asks it for the offer when an invoice is made, again before Telegram charges
(`recheck`), then to grant on `successful_payment` and to revoke on a refund, always inside the
payment's own transaction so the grant and the payment's status commit together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sqlmodel import Session

from tma_app.core.i18n import Language

if TYPE_CHECKING:
    from tma_app.payments.models import Payment


@dataclass(frozen=True, slots=True)
class Offer:
    """What the server sells, at the price the server decides."""

    title: str  # 1-32 characters (Telegram's limit)
    description: str  # 1-255 characters
    amount: int  # minor units: Stars for XTR, kopecks for RUB
    currency: str  # "XTR" for digital goods, "RUB" for physical ones


class Refusal(Exception):
    """The product cannot be sold (or charged) now; `message` is what the user reads."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Product(Protocol):
    """`announces_refund = True` on a product whose revoke tells the buyer itself (an order's status)."""

    kind: str

    def offer(self, session: Session, user_id: int, ref: str, language: Language) -> Offer:
        """The offer for this user, or Refusal (already owned, order not open, sold out...)."""
        ...

    def recheck(self, session: Session, payment: Payment, language: Language) -> None:
        """Right before Telegram charges: raise Refusal if the sale should not happen any more."""
        ...

    def grant(self, session: Session, payment: Payment) -> None:
        """Deliver what was paid for; called once per charge, in the payment's transaction."""
        ...

    def revoke(self, session: Session, payment: Payment) -> str:
        """Take the grant back after a refund; returns what was taken back, for the audit."""
        ...


_products: dict[str, Product] = {}


def register_product(product: Product) -> Product:
    """Register (or replace, on a module reload) the product of one kind."""
    if not product.kind or len(product.kind) > 32:
        raise ValueError("a product kind is 1-32 characters")
    _products[product.kind] = product
    return product


def product_of(kind: str) -> Product | None:
    return _products.get(kind)


def registered_kinds() -> frozenset[str]:
    return frozenset(_products)
