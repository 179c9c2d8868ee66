"""The fake OpenAI server, proven with the real `openai` SDK over real loopback HTTP."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from openai import AsyncOpenAI

from tests.support.fake_openai import Drop, Fail, FakeOpenAI, Reply, default_text

REPO = Path(__file__).resolve().parents[3]
USER = [{"role": "user", "content": "hello fake"}]


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
async def client(fake: FakeOpenAI) -> AsyncIterator[AsyncOpenAI]:
    async with AsyncOpenAI(base_url=fake.base_url, api_key="sk-test", max_retries=0) as sdk:
        yield sdk


async def stream_text(client: AsyncOpenAI, **extra: object) -> tuple[list[str], list[str | None], Any]:
    """The content deltas, finish reasons and usage of one streamed completion."""
    stream = await client.chat.completions.create(model="gpt-fake", messages=USER, stream=True,  # type: ignore[call-overload]
                                                  stream_options={"include_usage": True}, **extra)
    deltas, finishes, usage = [], [], None
    async for chunk in stream:
        if chunk.usage is not None:
            assert chunk.choices == []
            usage = chunk.usage
        for choice in chunk.choices:
            deltas.append(choice.delta.content)
            finishes.append(choice.finish_reason)
    return deltas, finishes, usage


async def test_streams_a_multi_chunk_reply_then_usage(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.enqueue(Reply("The quick brown fox jumps", words_per_chunk=2))

    deltas, finishes, usage = await stream_text(client)

    assert deltas == ["", "The quick", " brown fox", " jumps", None]  # role chunk first, finish chunk last
    assert finishes == [None, None, None, None, "stop"]
    assert usage is not None
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (2, 5, 7)  # one token a word
    [request] = fake.requests
    assert request.path == "/v1/chat/completions"
    assert request.body["messages"] == USER and request.body["stream"] is True
    assert request.headers["authorization"] == "Bearer sk-test"
    [record] = fake.streams
    assert record.completed and not record.client_closed and record.chunks_sent == 3


async def test_default_reply_echoes_the_user_and_non_stream_has_usage(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    deltas, _, _ = await stream_text(client)
    assert "".join(d or "" for d in deltas) == default_text("hello fake")
    assert len(deltas) > 10

    completion = await client.chat.completions.create(model="gpt-fake", messages=USER)
    assert completion.choices[0].message.content == default_text("hello fake")
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.completion_tokens == len(default_text("hello fake").split())


async def test_max_tokens_cuts_the_reply_with_finish_reason_length(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.enqueue(Reply("one two three four five"), Reply("one two three four five"))

    deltas, finishes, usage = await stream_text(client, max_tokens=3)
    assert "".join(d or "" for d in deltas) == "one two three"
    assert finishes[-1] == "length"
    assert usage is not None and usage.completion_tokens == 3

    completion = await client.chat.completions.create(model="gpt-fake", messages=USER, max_completion_tokens=2)
    assert completion.choices[0].message.content == "one two"
    assert completion.choices[0].finish_reason == "length"


async def test_scripted_failures_raise_the_sdk_errors(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.enqueue(Fail(429, retry_after=7, message="slow down"), Fail(500))

    with pytest.raises(openai.RateLimitError) as limited:
        await client.chat.completions.create(model="gpt-fake", messages=USER, stream=True)
    assert limited.value.response.headers["retry-after"] == "7"
    assert limited.value.body == {"message": "slow down", "type": "requests", "param": None,
                                  "code": "rate_limit_exceeded"}
    with pytest.raises(openai.InternalServerError):
        await client.chat.completions.create(model="gpt-fake", messages=USER)

    completion = await client.chat.completions.create(model="gpt-fake", messages=USER)  # the queue is spent
    assert completion.choices[0].message.content == default_text("hello fake")


async def test_drop_breaks_the_stream_mid_iteration(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.enqueue(Drop(after_chunks=3, text="a b c d e f"))

    received = []
    stream = await client.chat.completions.create(model="gpt-fake", messages=USER, stream=True)
    with pytest.raises(openai.APIConnectionError):
        async for chunk in stream:
            received.append(chunk.choices[0].delta.content)

    assert received == ["", "a", " b", " c"]
    [record] = fake.streams
    assert record.dropped and not record.completed and record.chunks_sent == 3


async def test_a_client_closing_early_is_seen_within_a_second(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.enqueue(Reply("one two three four five six seven eight nine ten", chunk_delay_s=0.2))

    stream = await client.chat.completions.create(model="gpt-fake", messages=USER, stream=True)
    await stream.__anext__()
    closed_at = time.monotonic()
    await stream.close()

    record = fake.wait_for_client_close(1.0)
    assert record.client_closed and not record.completed
    assert record.closed_at is not None and record.closed_at - closed_at < 1.0
    assert record.chunks_sent < 10
    with pytest.raises(TimeoutError):  # that close was handed out once
        fake.wait_for_client_close(0.05)


async def test_moderation_flags_and_can_be_unavailable(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    flagged = await client.moderations.create(input="this is FLAGGED_BY_MODERATION text")
    assert flagged.results[0].flagged and flagged.results[0].categories.harassment
    several = await client.moderations.create(input=["fine", "bad word here"])
    assert [r.flagged for r in several.results] == [False, False]
    fake.flagged_words = ("bad",)
    several = await client.moderations.create(input=["fine", "bad word here"])
    assert [r.flagged for r in several.results] == [False, True]

    fake.moderation_available = False
    with pytest.raises(openai.NotFoundError):
        await client.moderations.create(input="anything")


async def test_a_wrong_api_key_is_refused(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.require_api_key = "sk-other"
    with pytest.raises(openai.AuthenticationError):
        await client.chat.completions.create(model="gpt-fake", messages=USER)


async def test_fifty_slow_streams_run_concurrently(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    streams, delay, words = 50, 0.05, 6
    fake.enqueue(*[Reply(" ".join(["w"] * words), chunk_delay_s=delay) for _ in range(streams)])

    started = time.monotonic()
    results = await asyncio.gather(*[stream_text(client) for _ in range(streams)])
    elapsed = time.monotonic() - started

    serial = streams * delay * (words - 1)  # 12.5 s if one stream blocked the others
    assert elapsed < 0.5 * serial, elapsed
    assert all("".join(d or "" for d in deltas) == "w w w w w w" for deltas, _, _ in results)
    assert len(fake.streams) == streams and all(s.completed for s in fake.streams)


def test_exit_stops_the_thread_and_releases_the_port() -> None:
    with FakeOpenAI() as fake:
        port = fake.port
        thread = fake._thread
    assert thread is not None and not thread.is_alive()
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", port))


def test_runs_standalone_and_prints_its_url() -> None:
    command = [sys.executable, "-m", "tests.support.fake_openai", "--chunk-delay", "0"]
    with subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            base_url = process.stdout.readline().strip()
            assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
            request = urllib.request.Request(f"{base_url}/moderations", data=json.dumps({"input": "hi"}).encode(),
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as answer:
                assert json.load(answer)["results"][0]["flagged"] is False
        finally:
            process.terminate()
