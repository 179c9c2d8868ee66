"""The benchmarks' Reflex tab: the one in tests/support/reflex_client.py, which the fault tests drive too."""

from tests.support.reflex_client import ReflexClient, Update, event_name, state_name

__all__ = ["ReflexClient", "Update", "event_name", "state_name"]
