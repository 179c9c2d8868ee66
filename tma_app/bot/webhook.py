"""POST /api/telegram/webhook: Telegram's updates in, acknowledged at once, each taken in exactly once.

Only calls carrying `X-Telegram-Bot-Api-Secret-Token` equal to TELEGRAM_WEBHOOK_SECRET get
in (compared in constant time); anything else is a 401, audited. The work is not done here:
the update is claimed and queued through the outbox (inbox.take_in_many) in one short
transaction, shared with the requests that arrived at the same time (intake.py), and the
answer goes back once it committed. Telegram retries any non-2xx answer, so:
  - a malformed update is logged and acknowledged with a 200 (retrying would not mend it);
  - the database being down is a 503: Telegram redelivers it later, and nothing is lost.
A pre_checkout_query is answered inside this request (updates.py says why).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any, cast

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tma_app.bot.api import BotApiError, get_bot_api
from tma_app.bot.intake import take_in
from tma_app.bot.updates import PRE_CHECKOUT_BUDGET_S, dispatch, handlers
from tma_app.core.i18n import pick_language, text
from tma_app.core.settings import get_settings
from tma_app.security import audit
from tma_app.security.http import client_ip, error_response

log = logging.getLogger(__name__)

PATH = "/api/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1_000_000  # Telegram's updates are a few kilobytes


def secret_matches(given: str | None, expected: str | None) -> bool:
    if given is None or expected is None:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


async def webhook(request: Request) -> Response:
    given = request.headers.get(SECRET_HEADER)
    expected = get_settings().webhook_secret
    if not secret_matches(given, expected):
        reason = "not_configured" if expected is None else "missing" if given is None else "wrong"
        audit.record("bot.webhook_refused", "telegram_webhook", metadata={"reason": reason},
                     ip_address=client_ip(request.scope), user_agent=request.headers.get("user-agent"))
        return error_response(401, "UNAUTHORIZED", "wrong or missing secret token")
    update = _parse(await request.body())
    if update is None:
        return Response(status_code=200)
    try:
        taken = await take_in(update)
    except Exception:
        log.exception("webhook: update %s not taken in; Telegram will deliver it again", update["update_id"])
        return error_response(503, "UNAVAILABLE", "try again later")
    if taken.new and taken.kind == "pre_checkout_query" and taken.payload is not None:
        await _answer_pre_checkout(taken.payload)
    return Response(status_code=200)


async def _answer_pre_checkout(query: dict[str, Any]) -> None:
    """Run the handlers within the budget; with none registered, refuse at once rather than let it time out."""
    if not handlers("pre_checkout_query"):
        sender = query.get("from")
        code = sender.get("language_code") if isinstance(sender, dict) else None
        try:
            await get_bot_api().answer_pre_checkout_query(
                str(query.get("id")), False, text("bot_payments_unavailable",
                                                  pick_language(code if isinstance(code, str) else None)))
        except BotApiError:
            log.warning("webhook: could not refuse a pre_checkout_query nobody handles", exc_info=True)
        return
    try:
        await asyncio.wait_for(dispatch("pre_checkout_query", query), PRE_CHECKOUT_BUDGET_S)
    except TimeoutError:
        log.error("webhook: pre_checkout_query handlers took over %.0f s", PRE_CHECKOUT_BUDGET_S)


def _parse(body: bytes) -> dict[str, Any] | None:
    """The update, or None (logged) when it is not one: too big, not JSON, no update_id."""
    if len(body) > MAX_BODY_BYTES:
        log.warning("webhook: acknowledged an update of %d bytes without reading it", len(body))
        return None
    try:
        update = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        log.warning("webhook: acknowledged a body that is not JSON (%d bytes)", len(body))
        return None
    update_id = update.get("update_id") if isinstance(update, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool) or not 0 <= update_id < 2**63:
        log.warning("webhook: acknowledged an update without a valid update_id")
        return None
    return cast(dict[str, Any], update)


routes = [Route(PATH, webhook, methods=["POST"])]
