"""Redis killed under a crowd and started again empty (it holds the Reflex states and the rate-limit windows)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid

from reflex.istate.manager.redis import NOTIFY_KEYSPACE_EVENTS

from tests.support.crowd import Crowd
from tests.support.telegram import signed_init_data
from tests.support.topology import get
from tests.support.waiting import eventually

USERS = 30
BACK_WITHIN_S = 5
ANALYTICS_USER = 9_209_999


def post(url: str, body: dict, user_id: int, **headers: str) -> tuple[int, dict[str, str], dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", "X-Telegram-Init-Data": signed_init_data({"id": user_id}), **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, json.loads(error.read() or b"{}")


def page_views(count: int) -> dict:
    now = time.time() * 1000
    return {"sent_at": now, "events": [{"id": str(uuid.uuid4()), "ts": now, "category": "navigation",
                                        "action": "page_view", "route": "/"} for _ in range(count)]}


def accepted_ids(answer: dict, sent: dict) -> list[str]:
    return [sent["events"][r["index"]]["id"] for r in answer["results"] if r["status"] == "accepted"]


def health(url: str) -> dict:
    return json.loads(get(f"{url}/api/health")[2])


def test_redis_restarted_empty_under_load(topology_intact):
    faults = topology_intact
    topo, accepted = faults.topology, []
    with Crowd(faults.url, topo.env["TELEGRAM_BOT_TOKEN"], users=USERS, first_id=9_200_000) as crowd:
        crowd.wait_for_orders(USERS)
        placed_before = crowd.orders()
        assert set(NOTIFY_KEYSPACE_EVENTS) <= set(faults.redis.config("notify-keyspace-events"))

        faults.redis.stop()
        for backend in topo.backends.values():
            eventually(lambda b=backend: health(b.url)["redis"], lambda s: s == "down",
                       what=f"backend {backend.name} noticing Redis is gone")
        # The app keeps serving what does not need Redis, and each limit follows its failure mode:
        # analytics fails open (events are stored), a purchase (sensitive) fails closed, with a retry time.
        assert health(faults.url) == {"status": "degraded", "database": "ok", "redis": "down"}
        sent = page_views(3)
        status, _, answer = post(f"{faults.url}/api/analytics/events", sent, ANALYTICS_USER)
        assert status == 202 and len(accepted_ids(answer, sent)) == 3, answer
        accepted += accepted_ids(answer, sent)
        status, headers, answer = post(f"{faults.url}/api/gamification/streak/freeze", {}, ANALYTICS_USER,
                                       **{"Idempotency-Key": uuid.uuid4().hex})
        assert status == 429 and answer["code"] == "RATE_LIMITED" and int(headers["retry-after"]) >= 1

        faults.redis.start()
        back_at = time.monotonic()
        # Within 5 s of Redis returning: both backends ready, and a new user signs in and orders.
        for backend in topo.backends.values():
            eventually(lambda b=backend: get(f"{b.url}/api/health/ready")[0], lambda s: s == 200,
                       what=f"backend {backend.name} ready again", timeout_s=BACK_WITHIN_S)
        with Crowd(faults.url, topo.env["TELEGRAM_BOT_TOKEN"], users=1, first_id=9_209_000, seed=1,
                   arrive_over_s=0) as newcomer:
            eventually(newcomer.signed_in, lambda n: n == 1, what="a new user signed in after Redis returned",
                       timeout_s=max(0.5, BACK_WITHIN_S - (time.monotonic() - back_at)))
            print(f"a new user signed in {time.monotonic() - back_at:.1f} s after Redis returned")
            newcomer.wait_for_orders(1, timeout=30)
        # The crowd carries on: users whose tab state Redis lost were asked to sign in again, and did.
        crowd.wait_for_orders(USERS, timeout=60)
        # Reflex waits for a tab's state lock through keyspace notifications, which it switches on once at
        # start: the restarted server must have them from its own configuration (deploy/compose.yaml).
        assert set(NOTIFY_KEYSPACE_EVENTS) <= set(faults.redis.config("notify-keyspace-events"))
        sent = page_views(2)
        status, _, answer = post(f"{faults.url}/api/analytics/events", sent, ANALYTICS_USER)
        assert status == 202
        accepted += accepted_ids(answer, sent)
    crowd.raise_failures()
    newcomer.raise_failures()
    resigned = [log.user_id for log in crowd.logs if log.sign_ins > 1]
    print(f"orders before the restart {placed_before}, after {crowd.orders() - placed_before}; "
          f"{len(resigned)} users signed in again; no answer {sum(log.no_answers for log in crowd.logs)} times")
    assert resigned, "no user noticed that Redis lost the tab states"
    faults.check_invariants(crowd, accepted_analytics=accepted)
