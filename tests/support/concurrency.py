"""Races on purpose: the same call from many threads, released at the same instant."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
START_TIMEOUT_S = 10
FINISH_TIMEOUT_S = 60


def run_at_once(count: int, call: Callable[[int], T]) -> tuple[list[T], list[BaseException]]:
    """`call(0)` .. `call(count - 1)`, each on its own thread, none starting before all are ready.

    Returns what the calls returned (in the order they finished) and what they raised, both for the
    test to assert: one winner, the losers' errors, or no error at all.
    """
    barrier = threading.Barrier(count)
    answers: list[T] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=START_TIMEOUT_S)
            answers.append(call(index))
        except BaseException as error:  # noqa: BLE001 - handed to the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=FINISH_TIMEOUT_S)
    assert not any(thread.is_alive() for thread in threads), f"a call was still running after {FINISH_TIMEOUT_S} s"
    return answers, errors
