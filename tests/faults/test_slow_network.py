"""A slow network between the users and the proxy (400 ms round trip on every connection), with
impatient users tapping Order twice: the page shows each order pending, and no tap places two."""

from __future__ import annotations

from tests.support.crowd import Crowd

USERS = 30
RTT_MS = 400


def test_slow_network_shows_pending_orders_and_places_each_once(topology_intact):
    faults = topology_intact
    faults.front.slow(RTT_MS)
    try:
        with Crowd(faults.url, faults.topology.env["TELEGRAM_BOT_TOKEN"], users=USERS, first_id=9_600_000,
                   double_taps=0.3) as crowd:
            crowd.wait_for_orders(USERS, timeout=120)
    finally:
        faults.front.slow(0)
    crowd.raise_failures()  # a double tap answered with two different orders fails here
    orders = crowd.orders()
    double = sum(log.double_taps for log in crowd.logs)
    pending = sum(log.pending_seen for log in crowd.logs)
    print(f"{orders} orders, {double} tapped twice, pending shown for {pending} order taps")
    assert double > 0
    # Every accepted order was shown as pending before its answer (the user saw the tap taken).
    assert pending >= orders
    faults.check_invariants(crowd)
