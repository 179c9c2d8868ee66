"""The crowd on the intact topology: what the fault tests compare against (and proof the crowd works)."""

from __future__ import annotations

from tests.support.crowd import Crowd

USERS = 30


def test_the_crowd_orders_and_every_invariant_holds(topology_intact):
    faults = topology_intact
    with Crowd(faults.url, faults.topology.env["TELEGRAM_BOT_TOKEN"], users=USERS, first_id=9_100_000) as crowd:
        crowd.wait_for_orders(USERS)
    crowd.raise_failures()
    assert all(log.sign_ins == 1 for log in crowd.logs)
    assert not [log.notices for log in crowd.logs if any("wrong" in n for n in log.notices)]
    faults.check_invariants(crowd)
