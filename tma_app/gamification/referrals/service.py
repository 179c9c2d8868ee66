"""Referrals: a user's link, who joined through it, and the referrer's reward.

A referral is recorded only from the signed `start_param` (`ref_<code>`) of a
new user's first verified session, and the referrer is paid (the rule book's
`referral_signup`) once, when the referee completes a first demo. Plain Python,
no reflex; every function works in the caller's transaction.
"""

from __future__ import annotations

import re
import secrets
import string
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, text, update
from sqlmodel import Session, col, select

from tma_app.core.db import dialect_insert
from tma_app.core.settings import Settings, get_settings
from tma_app.core.time import utcnow
from tma_app.gamification.ledger import Award, award
from tma_app.gamification.referrals.models import PENDING, REWARDED, Referral, ReferralCode
from tma_app.users.service import display_names

START_PARAM_PREFIX = "ref_"
REFERRAL_EVENT = "referral_signup"  # the rule book's trigger: it, not this module, sets the reward
CODE_ALPHABET = string.ascii_letters + string.digits
CODE_LENGTH = 10  # 62**10 ≈ 8e17 codes: guessing one that exists is hopeless at any rate limit
_CODE_SHAPE = re.compile(rf"[{re.escape(CODE_ALPHABET)}]{{{CODE_LENGTH}}}")
_CODE_ATTEMPTS = 5
# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises recording referrals.
_RECORDING_LOCK = 0x7265666572726C73


class Rejection(StrEnum):
    """Why a session start recorded no referral."""

    NO_REFERRAL = "no_referral"  # no start_param, or one meant for something else
    MALFORMED = "malformed"  # ref_ followed by something that is not a code
    NOT_NEW = "not_new"  # only a user's first verified session may carry a referral
    UNKNOWN_CODE = "unknown_code"
    SELF_REFERRAL = "self_referral"
    ALREADY_REFERRED = "already_referred"  # the referee has a referrer (a second one, or this one again)
    CYCLE = "cycle"  # the referee is already up the referrer's chain


@dataclass(frozen=True, slots=True)
class ReferralOutcome:
    recorded: bool
    reason: Rejection | None = None
    referrer_id: int | None = None  # who brought the referee, when known


@dataclass(frozen=True, slots=True)
class ReferralEntry:
    referee_id: int
    name: str | None  # the referee's display name; None when the users service does not know them
    status: str  # pending | rewarded
    joined_at: datetime
    rewarded_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReferralOverview:
    code: str
    link: str
    total: int
    rewarded: int
    referrals: tuple[ReferralEntry, ...]  # newest first, at most the limit asked for


def new_referral_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def is_referral_code(value: object) -> bool:
    return isinstance(value, str) and _CODE_SHAPE.fullmatch(value) is not None


def referral_link(code: str, settings: Settings | None = None) -> str:
    """The t.me link that opens the Mini App with `startapp=ref_<code>`."""
    if not is_referral_code(code):
        raise ValueError("not a referral code")
    settings = settings or get_settings()
    return (f"https://t.me/{settings.TELEGRAM_BOT_USERNAME}/{settings.TELEGRAM_MINIAPP_NAME}"
            f"?startapp={START_PARAM_PREFIX}{code}")


def referral_code(session: Session, user_id: int, *, now: datetime | None = None) -> str:
    """The user's code, made on first request; concurrent first requests get the same one."""
    existing = _code_of(session, user_id)
    if existing is not None:
        return existing
    for _ in range(_CODE_ATTEMPTS):
        # DO NOTHING on either key: the user already has a code (a concurrent request), or
        # the fresh code is taken (astronomically rare): then draw another.
        session.execute(dialect_insert(session)(ReferralCode)
                        .values(user_id=user_id, code=new_referral_code(), created_at=now or utcnow())
                        .on_conflict_do_nothing())
        code = _code_of(session, user_id)
        if code is not None:
            return code
    raise RuntimeError(f"no free referral code after {_CODE_ATTEMPTS} draws")


def _code_of(session: Session, user_id: int) -> str | None:
    return session.exec(select(ReferralCode.code).where(ReferralCode.user_id == user_id)).first()


def record_referral(
    session: Session, referee_id: int, start_param: str | None, is_new: bool, now: datetime | None = None
) -> ReferralOutcome:
    """Record who referred the user, from the signed start_param of a verified session start.

    Called for every session start; records only for a new user's first session with
    `ref_<known code>` of someone else, never a second referrer nor a cycle. The same
    start delivered twice or concurrently records one referral.
    """
    if start_param is None:
        return ReferralOutcome(False, Rejection.NO_REFERRAL)
    if not isinstance(start_param, str):
        return ReferralOutcome(False, Rejection.MALFORMED)
    if not start_param.startswith(START_PARAM_PREFIX):
        return ReferralOutcome(False, Rejection.NO_REFERRAL)  # a deep link meant for something else
    code = start_param.removeprefix(START_PARAM_PREFIX)
    if not is_referral_code(code):
        return ReferralOutcome(False, Rejection.MALFORMED)
    if not is_new:
        return ReferralOutcome(False, Rejection.NOT_NEW)
    referrer_id = session.exec(select(ReferralCode.user_id).where(ReferralCode.code == code)).first()
    if referrer_id is None:
        return ReferralOutcome(False, Rejection.UNKNOWN_CODE)
    if referrer_id == referee_id:
        return ReferralOutcome(False, Rejection.SELF_REFERRAL, referrer_id)
    _serialise_recording(session)
    current = _referrer_of(session, referee_id)
    if current is not None:
        return ReferralOutcome(False, Rejection.ALREADY_REFERRED, current)
    if _is_up_the_chain(session, referee_id, referrer_id):
        return ReferralOutcome(False, Rejection.CYCLE, referrer_id)
    inserted = session.execute(
        dialect_insert(session)(Referral)
        .values(referrer_id=referrer_id, referee_id=referee_id, code=code, status=PENDING,
                joined_at=now or utcnow())
        .on_conflict_do_nothing(index_elements=["referee_id"])
        .returning(Referral.id)
    ).first()
    if inserted is None:  # the unique key caught what the lock did not (e.g. SQLite, or no lock)
        return ReferralOutcome(False, Rejection.ALREADY_REFERRED, _referrer_of(session, referee_id))
    return ReferralOutcome(True, None, referrer_id)


def _serialise_recording(session: Session) -> None:
    # A cycle can close through two different new referees at once (A joins by B's link while
    # B joins by A's): neither sees the other's uncommitted row. Recordings are rare (a new
    # user with a valid code), so one transaction-scoped lock for all of them is cheap.
    # SQLite needs none: its writers already hold the database lock (BEGIN IMMEDIATE).
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _RECORDING_LOCK})


def _referrer_of(session: Session, referee_id: int) -> int | None:
    return session.exec(select(Referral.referrer_id).where(Referral.referee_id == referee_id)).first()


def _is_up_the_chain(session: Session, user_id: int, referrer_id: int) -> bool:
    """Whether `user_id` referred the referrer, or referred whoever referred them, and so on."""
    chain = (select(col(Referral.referrer_id).label("user_id")).where(col(Referral.referee_id) == referrer_id)
             .cte("chain", recursive=True))
    # UNION, not UNION ALL: it drops rows already seen, so even a corrupt cyclic chain ends.
    chain = chain.union(select(col(Referral.referrer_id)).join(chain, col(Referral.referee_id) == chain.c.user_id))
    return session.exec(select(func.count()).select_from(chain).where(chain.c.user_id == user_id)).one() > 0


def on_first_demo_completed(session: Session, user_id: int, now: datetime | None = None) -> Award | None:
    """On each demo_complete of a user: a pending referral of theirs pays its referrer, once.

    Returns the referrer's award, or None when there was nothing to pay (not a referee,
    already paid, or this delivery lost the race to a concurrent one).
    """
    now = now or utcnow()
    # The conditional UPDATE is the claim: concurrent deliveries queue on the row, and only
    # the one that still finds it pending pays. The ledger's unique key guards it once more.
    claimed = session.execute(
        update(Referral)
        .where(col(Referral.referee_id) == user_id, col(Referral.status) == PENDING)
        .values(status=REWARDED, rewarded_at=now)
        .returning(col(Referral.referrer_id))
        .execution_options(synchronize_session=False)
    ).first()
    if claimed is None:
        return None
    return award(session, claimed.referrer_id, REFERRAL_EVENT, {"referee_id": user_id},
                 f"referee:{user_id}", now=now)


def pending_referees(session: Session, user_ids: list[int]) -> set[int]:
    """Which of these users still have a referral waiting for their first demo (one query for a batch)."""
    if not user_ids:
        return set()
    return set(session.exec(select(Referral.referee_id)
                            .where(col(Referral.referee_id).in_(user_ids), col(Referral.status) == PENDING)).all())


def referral_overview(session: Session, user_id: int, *, limit: int = 50,
                      settings: Settings | None = None) -> ReferralOverview:
    """The user's code and link, and the people who joined through it, newest first."""
    if not 1 <= limit <= 500:
        raise ValueError("limit must be from 1 to 500")
    code = referral_code(session, user_id)
    rows = session.exec(
        select(Referral).where(Referral.referrer_id == user_id)
        .order_by(col(Referral.joined_at).desc(), col(Referral.id).desc()).limit(limit)
    ).all()
    counts = dict(session.exec(
        select(Referral.status, func.count()).where(Referral.referrer_id == user_id).group_by(Referral.status)
    ).all())
    names = display_names(session, [row.referee_id for row in rows])
    entries = tuple(
        ReferralEntry(row.referee_id, names.get(row.referee_id), row.status, row.joined_at, row.rewarded_at)
        for row in rows
    )
    return ReferralOverview(code, referral_link(code, settings), sum(counts.values()), counts.get(REWARDED, 0),
                            entries)
