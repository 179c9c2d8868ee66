"""Premium programs, sold for Telegram Stars: what payments asks the fitness demo.

Access is the payment itself: a program is unlocked for a user exactly while payments holds a
paid (not refunded) payment of it, so a grant has nothing to write and a refund revokes by
itself. Starting a workout of a locked program is refused on the server, whatever the page shows.
"""

from __future__ import annotations

from sqlmodel import Session

from tma_app.core.i18n import Language, text
from tma_app.demos.fitness.errors import ProgramLocked, ProgramNotFound
from tma_app.demos.fitness.models import Program
from tma_app.demos.fitness.programs import is_locked, program_by_slug
from tma_app.payments.models import STARS, Payment
from tma_app.payments.products import Offer, Refusal, register_product
from tma_app.payments.queries import owned_refs, owns

KIND = "fitness_program"


def owned_programs(session: Session, user_id: int) -> frozenset[str]:
    return frozenset(owned_refs(session, user_id, KIND))


def check_unlocked(session: Session, user_id: int, program: Program) -> None:
    """Raises ProgramLocked for a premium program the user has not bought."""
    if program.premium_stars and is_locked(program, owned_programs(session, user_id)):
        raise ProgramLocked("buy this program to start it")


class PremiumProgram:
    kind = KIND

    def _program(self, session: Session, slug: str, language: Language) -> Program:
        try:
            program = program_by_slug(session, slug)
        except ProgramNotFound:
            raise Refusal("not_found", text("f_pay_not_for_sale", language)) from None
        if not program.premium_stars:
            raise Refusal("not_for_sale", text("f_pay_not_for_sale", language))
        return program

    def offer(self, session: Session, user_id: int, ref: str, language: Language) -> Offer:
        program = self._program(session, ref, language)
        if owns(session, user_id, KIND, ref):
            raise Refusal("owned", text("f_pay_owned", language))
        name = program.name_ru if language == "ru" else program.name_en
        about = program.description_ru if language == "ru" else program.description_en
        return Offer(title=name[:32], description=about[:255], amount=program.premium_stars or 0, currency=STARS)

    def recheck(self, session: Session, payment: Payment, language: Language) -> None:
        program = self._program(session, payment.ref, language)
        if program.premium_stars != payment.amount:
            raise Refusal("price_changed", text("pay_refused_price", language))
        if owns(session, payment.user_id, KIND, payment.ref):
            raise Refusal("owned", text("f_pay_owned", language))

    def grant(self, session: Session, payment: Payment) -> None:
        """Nothing to write: the paid payment is the access."""

    def revoke(self, session: Session, payment: Payment) -> str:
        return f"access to the program {payment.ref}"


register_product(PremiumProgram())
