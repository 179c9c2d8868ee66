"""Coin packs, sold for Telegram Stars: the coins go through the ledger, once per payment.

The ledger's key (user, rule, occurrence) with the payment's id as the occurrence makes a
second grant of the same payment a no-op even if payments called twice. A refund takes the
pack's coins back out through the ledger too, as far as the balance allows (coins already
spent on freezes stay spent: the balance never goes below zero).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from tma_app.core.i18n import Language, text
from tma_app.gamification.ledger import grant
from tma_app.gamification.models import Profile
from tma_app.payments.models import STARS, Payment
from tma_app.payments.products import Offer, Refusal, register_product

KIND = "coin_pack"
GRANT_RULE = "coin_pack"
REFUND_RULE = "coin_pack_refund"


@dataclass(frozen=True, slots=True)
class Pack:
    ref: str
    coins: int
    stars: int


PACKS = {pack.ref: pack for pack in (Pack("coins-100", 100, 25),)}
DEFAULT_PACK = PACKS["coins-100"]


class CoinPack:
    kind = KIND

    def _pack(self, ref: str, language: Language) -> Pack:
        pack = PACKS.get(ref)
        if pack is None:
            raise Refusal("not_for_sale", text("g_pack_not_for_sale", language))
        return pack

    def offer(self, session: Session, user_id: int, ref: str, language: Language) -> Offer:
        pack = self._pack(ref, language)
        return Offer(title=text("g_pack_title", language, coins=str(pack.coins))[:32],
                     description=text("g_pack_description", language, coins=str(pack.coins))[:255],
                     amount=pack.stars, currency=STARS)

    def recheck(self, session: Session, payment: Payment, language: Language) -> None:
        if self._pack(payment.ref, language).stars != payment.amount:
            raise Refusal("price_changed", text("pay_refused_price", language))

    def grant(self, session: Session, payment: Payment) -> None:
        pack = PACKS[payment.ref]
        grant(session, payment.user_id, GRANT_RULE, f"payment:{payment.id}", coins=pack.coins)

    def revoke(self, session: Session, payment: Payment) -> str:
        pack = PACKS[payment.ref]
        balance = session.exec(select(Profile.coins).where(Profile.user_id == payment.user_id)).first() or 0
        taken = min(pack.coins, balance)
        if taken:
            grant(session, payment.user_id, REFUND_RULE, f"payment:{payment.id}", coins=-taken)
        return f"{taken} of {pack.coins} coins taken back"


register_product(CoinPack())
