"""A backend killed with SIGKILL under a crowd: its users get back through the proxy to the other one
within 5 s, orders left unanswered are sent again with their keys, and none is doubled or lost.

A user whose event was running on the killed backend also waits for the tab's state lock it left behind
to expire (rxconfig.py: 3 s) before the other backend can serve it."""

from __future__ import annotations

import time

from tests.faults.conftest import kill_backend
from tests.support.crowd import Crowd
from tests.support.topology import established_to
from tests.support.waiting import eventually

USERS = 30
BACK_WITHIN_S = 5
LOCK_EXPIRATION_S = 3  # rxconfig.py's redis_lock_expiration


def test_a_backend_killed_mid_load(topology_intact):
    faults = topology_intact
    topo = faults.topology
    with Crowd(faults.url, topo.env["TELEGRAM_BOT_TOKEN"], users=USERS, first_id=9_700_000) as crowd:
        crowd.wait_for_orders(USERS)
        held = {name: established_to(backend.port) for name, backend in topo.backends.items()}
        victim = max(held, key=lambda name: held[name])
        survivor = next(name for name in topo.backends if name != victim)

        killed_at = time.monotonic()
        kill_backend(faults, victim)  # returns once every process of it is gone
        dropped = eventually(lambda: [log for log in crowd.logs if log.tab and (log.tab.dropped_at or 0) >= killed_at],
                             what="users of the killed backend losing their socket", timeout_s=BACK_WITHIN_S)
        # Back means hydrated again: the other backend has the tab's state and answers its events.
        eventually(lambda: [log.user_id for log in dropped if log.back_at <= (log.tab.dropped_at or 0)],
                   lambda waiting: not waiting, what="users of the killed backend not back yet", timeout_s=30)
        reconnected = {log.user_id: round((log.tab.connected_at or 0) - (log.tab.dropped_at or 0), 1)
                       for log in dropped if log.tab}
        served = {log.user_id: round(log.back_at - (log.tab.dropped_at or 0), 1) for log in dropped if log.tab}
        print(f"{len(dropped)} users of the killed backend; seconds until each socket was open again "
              f"{sorted(reconnected.values())}, until each was served {sorted(served.values())}")
        assert max(reconnected.values()) <= BACK_WITHIN_S, reconnected
        assert max(served.values()) <= BACK_WITHIN_S + LOCK_EXPIRATION_S, served
        crowd.wait_for_orders(USERS, timeout=60)
        assert established_to(topo.backends[survivor].port) >= USERS
    crowd.raise_failures()
    moved = [log for log in crowd.logs if log.reconnects]
    replayed = sum(1 for log in crowd.logs for sent in log.order_keys_sent.values() if sent > 1)
    print(f"backend {victim} held {held[victim]} sockets; {len(moved)} users moved "
          f"(slowest {max((max(log.reconnects) for log in moved), default=0):.1f} s); "
          f"{replayed} orders sent again with their key; {crowd.orders()} orders")
    assert moved, "no user was on the killed backend"
    faults.check_invariants(crowd)
