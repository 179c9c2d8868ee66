"""Waiting for a condition, never for a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from playwright.sync_api import Page

T = TypeVar("T")
POLL_S = 0.1


def eventually(read: Callable[[], T], accept: Callable[[T], bool] = bool, *, what: str,
               timeout_s: float = 15.0, page: Page | None = None,
               diagnose: Callable[[], str] | None = None) -> T:
    """The first value of `read()` that `accept` takes; fails naming `what` once the deadline passes.

    With `page`, the pause between reads is spent inside Playwright: its sync API runs route and
    websocket callbacks only while the test is in a Playwright call, so those keep working.
    `diagnose` adds what else was seen to the failure message.
    """
    deadline = time.monotonic() + timeout_s
    while not accept(value := read()):
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: still {value!r} after {timeout_s:g} s{_diagnosis(diagnose)}")
        if page is None:
            time.sleep(POLL_S)
        else:
            page.wait_for_timeout(POLL_S * 1000)  # the poll interval of a condition wait, not a sleep
    return value


def _diagnosis(diagnose: Callable[[], str] | None) -> str:
    if diagnose is None:
        return ""
    try:
        return f"; {diagnose()}"
    except Exception as error:  # the failure itself matters more than its diagnosis
        return f"; (no diagnosis: {error!r})"
