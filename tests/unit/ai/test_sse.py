"""Server-sent events parsed a network read at a time: events split across reads, many in one read."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from tma_app.ai.errors import ProviderFailed
from tma_app.ai.shapes import Delta, Usage
from tma_app.ai.sse import parts_of, sse_batches


def chunk(content: str | None = None, usage: dict | None = None) -> bytes:
    payload: dict = {"choices": [] if content is None else [{"index": 0, "delta": {"content": content}}]}
    if usage is not None:
        payload["usage"] = usage
    return b"data: " + json.dumps(payload).encode() + b"\n\n"


async def reads(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def batches(*parts: bytes) -> list[list[dict]]:
    return [batch async for batch in sse_batches(reads(*parts))]


async def test_every_complete_event_of_a_read_comes_in_one_batch():
    body = chunk("Hello") + chunk(" there") + chunk(",") + b"data: [DONE]\n\n"
    [batch] = await batches(body)
    assert parts_of(batch) == [Delta("Hello there,")]


async def test_an_event_split_across_reads_waits_for_its_end():
    first = chunk("split")
    whole = first + chunk(" word")
    cut = len(first) + 5  # the second read ends the first event and starts the second
    got = await batches(whole[:10], whole[10:cut], whole[cut:], b"data: [DONE]\n\n")
    assert [parts_of(b) for b in got] == [[Delta("split")], [Delta(" word")]]


async def test_usage_comes_after_the_text_and_nothing_after_done_is_read():
    body = chunk("a") + b": keep-alive\n\n" + chunk(None, {"prompt_tokens": 7, "completion_tokens": 1})
    got = await batches(body.replace(b"\n", b"\r\n"), b"data: [DONE]\n\n", chunk("never"))
    assert [parts_of(b) for b in got] == [[Delta("a"), Usage(7, 1)]]


async def test_an_error_event_or_a_broken_event_fails_the_answer():
    with pytest.raises(ProviderFailed):
        parts_of((await batches(b'data: {"error": {"message": "overloaded"}}\n\n'))[0])
    with pytest.raises(ProviderFailed):
        await batches(b"data: {not json\n\n")
