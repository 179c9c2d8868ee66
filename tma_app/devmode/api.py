"""Dev-only HTTP route: serves the mock Telegram with freshly signed initData.

Mounted only when APP_ENV=dev (see tma_app.tma_app); a prod build has neither
this route nor the script tag that loads it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tma_app.core.i18n import pick_language
from tma_app.core.settings import get_settings
from tma_app.telegram.init_data import sign_init_data

MOCK_SCRIPT_PATH = "/api/dev/telegram-mock.js"
_MOCK_JS = Path(__file__).with_name("telegram_mock.js")
DEV_USER_ID = 1_000_001


def dev_init_data(language_code: str, now: float | None = None) -> str:
    user = {
        "id": DEV_USER_ID,
        "first_name": "Dev",
        "last_name": "User",
        "username": "dev_user",
        "language_code": language_code,
        "allows_write_to_pm": True,
    }
    fields = {
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
        "chat_instance": "1000000000000000001",
        "chat_type": "sender",
        "auth_date": str(int(now if now is not None else time.time())),
    }
    return sign_init_data(fields, get_settings().bot_token)


async def telegram_mock_script(request: Request) -> Response:
    # The dev user speaks the browser's language, so both translations are easy to try.
    accept = request.query_params.get("lang") or request.headers.get("accept-language", "en")
    config = {"initData": dev_init_data(pick_language(accept[:8])), "platform": "dev", "version": "9.1"}
    payload = json.dumps(config).replace("</", "<\\/")
    body = f"window.__TMA_MOCK_CONFIG__ = {payload};\n{_MOCK_JS.read_text()}"
    return Response(body, media_type="text/javascript", headers={"Cache-Control": "no-store"})


routes = [Route(MOCK_SCRIPT_PATH, telegram_mock_script, methods=["GET"])]
