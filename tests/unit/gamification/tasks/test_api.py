"""GET /api/gamification/tasks and POST /api/gamification/tasks/{id}/claim, behind the real middleware."""

import uuid
from datetime import UTC, datetime

from tests.support.telegram import signed_init_data
from tma_app.core.db import session_scope
from tma_app.core.i18n import messages
from tma_app.gamification.tasks.service import TASKS_BY_ID, record_task_progress


def new_user() -> int:
    return 10**12 + uuid.uuid4().int % 10**9


def header(user: int) -> dict[str, str]:
    return {"X-Telegram-Init-Data": signed_init_data({"id": user})}


def test_http_list_and_claim(client):
    user = new_user()
    assert client.get("/api/gamification/tasks").status_code == 401
    listed = client.get("/api/gamification/tasks", headers=header(user))
    assert listed.status_code == 200
    first = listed.json()["tasks"][0]
    assert first["id"] == "open_demo" and first["title"] == messages()["task_open_demo"]
    assert (first["progress"], first["done"], first["claimed"]) == (0, False, False)

    unknown = client.post("/api/gamification/tasks/nope/claim", headers=header(user))
    assert unknown.status_code == 404 and unknown.json()["code"] == "TASK_NOT_FOUND"
    early = client.post("/api/gamification/tasks/open_demo/claim", headers=header(user))
    assert early.status_code == 409 and early.json()["code"] == "TASK_NOT_DONE"

    with session_scope() as session:
        record_task_progress(session, user, "demo_start", datetime.now(UTC))
    paid = client.post("/api/gamification/tasks/open_demo/claim", headers=header(user))
    twice = client.post("/api/gamification/tasks/open_demo/claim", headers=header(user))
    assert paid.status_code == twice.status_code == 200
    assert paid.json()["claimed"] is True and paid.json()["xp"] == TASKS_BY_ID["open_demo"].xp
    assert twice.json()["claimed"] is False and twice.json()["totals"] == paid.json()["totals"]
    assert paid.headers["X-RateLimit-Tier"] == "sensitive"
    after = client.get("/api/gamification/tasks", headers=header(user)).json()["tasks"][0]
    assert (after["done"], after["claimed"]) == (True, True)
