"""The bridge reports its own failures: a failed call nobody waited for becomes the bridge's notice."""

from types import SimpleNamespace

from tma_app.telegram.state import TelegramState

receive_results = TelegramState.receive_results.fn  # type: ignore[attr-defined]  # an EventHandler at run time


def bridge(**callbacks):
    """Stands in for a TelegramState: the fields receive_results reads and writes."""
    return SimpleNamespace(_callbacks=dict(callbacks), last_error="", notice="")


def test_a_failure_nobody_waited_for_becomes_the_bridge_notice():
    state = bridge()
    follow_ups = receive_results(state, [
        {"id": "t1", "ok": False, "error": "key must be at most 128 characters"},
        {"id": "t2", "ok": False, "error": "value must be at most 4096 characters"},
        {"id": "t3", "ok": True, "value": True},
    ])
    assert follow_ups == []
    assert state.notice == "value must be at most 4096 characters"


def test_a_failure_someone_waited_for_goes_to_them_not_to_the_notice():
    state = bridge(c1=[TelegramState.get_full_name(), "sync_viewport"])
    follow_ups = receive_results(state, [{"id": "c1", "ok": False, "error": "popup closed"}])
    assert len(follow_ups) == 1 and state._callbacks == {}
    assert state.notice == "" and state.last_error == "popup closed"
