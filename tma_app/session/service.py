"""Opening a session: verified initData in, a known user out. No reflex here."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from dataclasses import dataclass

from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent
from tma_app.core.i18n import Language
from tma_app.core.outbox import publish
from tma_app.core.settings import get_settings
from tma_app.security import audit
from tma_app.security.identity import verify
from tma_app.security.rate_limit import get_rate_limiter, subject_for
from tma_app.telegram.init_data import InitDataMalformed, VerifiedInitData
from tma_app.users.service import effective_language, upsert_from_telegram

SESSION_STARTED = "session_started"


@dataclass(frozen=True, slots=True)
class SignedInUser:
    id: int
    first_name: str
    language: Language
    is_new: bool


@dataclass(frozen=True, slots=True)
class ClientInfo:
    """Where a request came from, for the audit log."""

    ip_address: str | None = None
    user_agent: str | None = None
    channel: str = "http"  # http | reflex


def queue_owner(user_id: int) -> str:
    """An opaque tag for the user, which the page stores with actions queued offline.

    The page compares tags to never replay one account's actions under another on a shared
    device; the stored queue holds no Telegram id. Keyed by the bot token when there is one.
    """
    token = get_settings().TELEGRAM_BOT_TOKEN
    key = token.get_secret_value().encode() if token is not None else b"tma-app-dev"
    return hmac.new(key, f"queue-owner:{user_id}".encode(), hashlib.sha256).hexdigest()[:24]


def start_session(verified: VerifiedInitData, client: ClientInfo = ClientInfo()) -> SignedInUser:
    """Create or refresh the verified user, audit it and announce the session."""
    if verified.user is None:
        raise InitDataMalformed("initData carries no user")
    with session_scope() as session:
        user, is_new = upsert_from_telegram(session, verified.user)
        # Durable, and only if the user really was stored: referrals are decided by this event.
        publish(
            session,
            DomainEvent(
                SESSION_STARTED,
                user.id,
                {"is_new": is_new, "start_param": verified.start_param, "chat_type": verified.chat_type},
            ),
        )
    audit.record(
        "session.open",
        "user",
        telegram_id=user.id,
        resource_id=user.id,
        metadata={"is_new": is_new, "channel": client.channel, "chat_type": verified.chat_type},
        ip_address=client.ip_address,
        user_agent=client.user_agent,
    )
    return SignedInUser(
        id=user.id, first_name=user.first_name, language=effective_language(user), is_new=is_new
    )


def open_session(init_data: object, client: ClientInfo = ClientInfo()) -> SignedInUser:
    """Verify raw initData, then start the session; raises InitDataError when untrusted."""
    return start_session(verify(init_data), client)


@dataclass(frozen=True, slots=True)
class TabSignIn:
    """What a tab's sign-in came to: a session opened (`user`), nothing to do, or a rate limit."""

    user: SignedInUser | None = None
    launch: str = ""
    retry_after_s: int = 0


async def sign_in_tab(init_data: object, client: ClientInfo, *, signed_in_as: int | None, launch: str) -> TabSignIn:
    """Verify a tab's initData and open its session; raises InitDataError when untrusted.

    A page change re-verifies the same launch (expiry still applies) without opening a new
    session, writing the user again or auditing another sign-in. The rate limit counts the
    verified user, not the IP: everyone behind one carrier NAT would share a budget.
    """
    verified = verify(init_data)
    user_id = verified.user.id if verified.user is not None else None
    if user_id is not None and user_id == signed_in_as and verified.fields["hash"] == launch:
        return TabSignIn()
    decision = await get_rate_limiter().hit("standard", subject_for(user_id, client.ip_address))
    if not decision.allowed:
        return TabSignIn(retry_after_s=decision.retry_after_s)
    user = await asyncio.to_thread(start_session, verified, client)
    return TabSignIn(user=user, launch=verified.fields["hash"])
