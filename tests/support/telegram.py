"""Signed initData for tests, built the way Telegram builds it."""

from __future__ import annotations

import json
import time
from typing import Any

from tests.conftest import TEST_BOT_TOKEN
from tma_app.telegram.init_data import sign_init_data

ADMIN_ID = 5550001  # a Telegram id the browser tests' server lists in ADMIN_TELEGRAM_IDS
# The admin who refunds in the payments tests. Its own id: the anomaly rule flags an admin who
# clicks through the dashboard tests quickly (then 10 events a minute for an hour), and the refunds
# would depend on which tests ran before.
PAYMENTS_ADMIN_ID = 5550002

DEFAULT_USER = {
    "id": 424242,
    "first_name": "Alice",
    "last_name": "Tester",
    "username": "alice_t",
    "language_code": "en",
    "is_premium": True,
    "allows_write_to_pm": True,
    "photo_url": "https:\\/\\/t.me\\/i\\/userpic\\/320\\/alice.svg",
}


def user_json(**overrides: Any) -> str:
    """JSON as Telegram sends it: compact, with `\\/` escapes kept verbatim in photo_url."""
    user = {**DEFAULT_USER, **overrides}
    photo = user.pop("photo_url", None)
    body = json.dumps(user, ensure_ascii=False, separators=(",", ":"))
    if photo:
        body = body[:-1] + f',"photo_url":"{photo}"}}'
    return body


def signed_init_data(
    user: dict[str, Any] | None = None,
    *,
    auth_date: int | None = None,
    token: str = TEST_BOT_TOKEN,
    **extra: str,
) -> str:
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": user_json(**(user or {})),
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
        **extra,
    }
    return sign_init_data(fields, token)
