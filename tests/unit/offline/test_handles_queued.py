"""The server's side of the queue: a handler that ran lists its queue key; one that did not, does not."""

from __future__ import annotations

import pytest

from tma_app.offline.state import KEEP, ActionQueueState, handles_queued


class FakeQueue:
    def __init__(self) -> None:
        self.handled: list[str] = []

    _mark_handled = ActionQueueState._mark_handled


class FakeState:
    def __init__(self) -> None:
        self.queue = FakeQueue()
        self.calls: list[tuple] = []

    async def get_state(self, _cls):
        return self.queue


@handles_queued
async def set_quantity(self, line_id: int, quantity: int):
    self.calls.append((line_id, quantity))
    return "done"


@handles_queued
async def place_order(self, key: str):
    self.calls.append(key)
    yield "placing"
    yield "placed"


@handles_queued
async def fails(self):
    raise RuntimeError("database down")


async def test_the_queue_key_is_taken_off_the_arguments_and_listed_after_the_handler_ran():
    state = FakeState()
    assert await set_quantity(state, 7, 3, queued="abcdef123456") == "done"
    assert state.calls == [(7, 3)]
    assert state.queue.handled == ["abcdef123456"]


async def test_a_direct_tap_without_a_queue_key_lists_nothing():
    state = FakeState()
    await set_quantity(state, 7, 3)
    assert state.queue.handled == []


async def test_a_streaming_handler_lists_its_key_after_its_last_update():
    state = FakeState()
    updates = [update async for update in place_order(state, "order-1", queued="abcdef123456")]
    assert updates == ["placing", "placed"] and state.queue.handled == ["abcdef123456"]


async def test_a_handler_that_failed_lists_nothing_so_the_page_sends_again():
    state = FakeState()
    with pytest.raises(RuntimeError):
        await fails(state, queued="abcdef123456")
    assert state.queue.handled == []


def test_keys_are_checked_deduplicated_and_bounded():
    queue = FakeQueue()
    for key in ["short", "bad key!", None, 12345678]:
        queue._mark_handled(key)
    assert queue.handled == []
    keys = [f"key{n:09d}" for n in range(KEEP + 5)]
    for key in keys + keys[-3:]:
        queue._mark_handled(key)
    assert queue.handled == keys[-KEEP:]
