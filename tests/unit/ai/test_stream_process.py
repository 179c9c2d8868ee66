"""Answers read in the worker's stream process (AI_STREAM_PROCESS=true): the real openai SDK in a real
child process, against the loopback OpenAI-compatible server."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from pathlib import Path
from typing import cast

import pytest

from tests.support.fake_openai import Drop, Fail, FakeOpenAI, Reply
from tests.unit.ai.conftest import collect, done, make_assistant, question, streamed
from tma_app.ai.errors import ProviderFailed, StreamProcessFailed
from tma_app.ai.process_provider import ProcessProvider, stream_process
from tma_app.ai.shapes import ChatMessage, CompletionRequest, Delta, StreamPart, Usage
from tma_app.core.settings import load_settings

ROOT = Path(__file__).resolve().parents[3]
KEY = "sk-never-in-a-log-3f9a1c"


@pytest.fixture(autouse=True)
def own_stream_process() -> Iterator[None]:
    """Each test (its own event loop) starts its stream process and ends it."""
    yield
    stream_process().close()


def provider(fake: FakeOpenAI, **overrides) -> ProcessProvider:
    return ProcessProvider(load_settings(_env_file=None, OPENAI_API_KEY=KEY, OPENAI_BASE_URL=fake.base_url,
                                         AI_STREAM_PROCESS=True, **overrides))


def request(text: str = "What can I order?") -> CompletionRequest:
    return CompletionRequest(model="gpt-4o-mini", messages=[ChatMessage("system", "Be brief."),
                                                            ChatMessage("user", text)],
                             temperature=0.2, max_tokens=400)


def text_of(parts: list[StreamPart]) -> str:
    return "".join(p.text for p in parts if isinstance(p, Delta))


async def read_all(parts: AsyncIterator[StreamPart]) -> list[StreamPart]:
    return [part async for part in parts]


async def test_an_answer_streams_through_the_stream_process_with_its_usage(fake: FakeOpenAI):
    fake.enqueue(Reply("Pizza **Margherita** is our classic.", chunk_delay_s=0.01))

    parts = await read_all(provider(fake).stream(request()))

    assert text_of(parts) == "Pizza **Margherita** is our classic."
    assert isinstance(parts[-1], Usage) and parts[-1].completion_tokens == 5 and parts[-1].prompt_tokens > 0
    assert all(isinstance(p, Delta) for p in parts[:-1])
    [sent] = [r for r in fake.requests if r.path.endswith("/chat/completions")]
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.body["model"] == "gpt-4o-mini" and sent.body["max_tokens"] == 400
    assert sent.body["messages"] == [{"role": "system", "content": "Be brief."},
                                     {"role": "user", "content": "What can I order?"}]
    assert stream_process().pid is not None and stream_process().pid != os.getpid()


async def test_many_answers_at_once_each_get_their_own_text(fake: FakeOpenAI):
    replies = [f"Answer number {i} has its own words, {i} of them." for i in range(20)]
    fake.enqueue(*[Reply(text, chunk_delay_s=0.01) for text in replies])
    asker = provider(fake)

    results = await asyncio.gather(*(read_all(asker.stream(request(f"q{i}"))) for i in range(20)))

    assert sorted(text_of(parts) for parts in results) == sorted(replies)
    assert all(isinstance(parts[-1], Usage) for parts in results)
    assert len({stream_process().pid}) == 1


async def test_429_and_500_before_the_first_token_are_retried_in_the_stream_process(fake: FakeOpenAI):
    fake.enqueue(Fail(429), Fail(500), Reply("Finally."))

    parts = await read_all(provider(fake).stream(request()))

    assert text_of(parts) == "Finally."
    assert len([r for r in fake.requests if r.path.endswith("/chat/completions")]) == 3


async def test_failures_come_back_as_the_same_typed_errors(fake: FakeOpenAI):
    fake.enqueue(Fail(400), Drop(after_chunks=2, text="one two three four"), Reply("never asked for"))
    asker = provider(fake)

    with pytest.raises(ProviderFailed) as refused:
        await read_all(asker.stream(request()))
    assert type(refused.value) is ProviderFailed and refused.value.partial is False
    assert "BadRequestError" in str(refused.value)

    seen: list[StreamPart] = []
    with pytest.raises(ProviderFailed) as broken:
        async for part in asker.stream(request()):
            seen.append(part)
    assert type(broken.value) is ProviderFailed and broken.value.partial is True
    assert text_of(seen) == "one two"  # and never replayed: the third reply was not asked for
    assert len([r for r in fake.requests if r.path.endswith("/chat/completions")]) == 2


async def test_closing_the_answer_closes_the_upstream_response_within_a_second(fake: FakeOpenAI):
    fake.enqueue(Reply(" ".join(["word"] * 200), chunk_delay_s=0.1))
    parts = cast(AsyncGenerator[StreamPart, None], provider(fake).stream(request()))
    assert isinstance(await anext(parts), Delta)

    await parts.aclose()  # what Stop and leaving the screen do (the orchestrator closes its provider stream)
    record = await asyncio.to_thread(fake.wait_for_client_close, 1.0)

    assert not record.completed and record.chunks_sent < 20


async def test_stop_in_the_orchestrator_closes_the_upstream_request(fake: FakeOpenAI, user_id: int):
    fake.enqueue(Reply(" ".join(["word"] * 200), chunk_delay_s=0.1))
    assistant = make_assistant(fake, AI_STREAM_PROCESS=True)
    assert isinstance(assistant.provider, ProcessProvider)
    stop = asyncio.Event()
    events = []
    async for event in assistant.answer(question(user_id), stop):
        events.append(event)
        if event.kind == "delta":
            stop.set()
    record = await asyncio.to_thread(fake.wait_for_client_close, 1.0)
    assert not record.completed
    assert done(events).outcome == "stopped"


async def test_the_orchestrator_answers_and_accounts_through_the_stream_process(fake: FakeOpenAI, user_id: int):
    fake.enqueue(Reply("Pizza **Margherita** is our classic.", chunk_delay_s=0.01))
    assistant = make_assistant(fake, AI_STREAM_PROCESS=True)

    events = await collect(assistant, question(user_id))

    assert streamed(events) == "Pizza **Margherita** is our classic."
    assert done(events).outcome == "complete"
    assert any(r.path.endswith("/moderations") for r in fake.requests)  # moderation stays in the worker


async def test_a_dead_stream_process_fails_its_answers_retryably_and_the_next_one_starts_another(
        fake: FakeOpenAI):
    fake.enqueue(Reply(" ".join(["word"] * 200), chunk_delay_s=0.1), Reply("After the restart."))
    asker = provider(fake)
    parts = asker.stream(request())
    seen = [await anext(parts)]
    first_pid = stream_process().pid
    assert first_pid is not None

    os.kill(first_pid, signal.SIGKILL)
    with pytest.raises(StreamProcessFailed) as died:
        async for part in parts:
            seen.append(part)

    assert isinstance(died.value, ProviderFailed) and died.value.partial is True  # the screen offers Retry
    assert text_of(seen).startswith("word")
    after = await read_all(asker.stream(request()))
    assert text_of(after) == "After the restart."
    assert stream_process().pid not in (None, first_pid)


async def test_a_dead_stream_process_is_a_failed_answer_with_retry_in_the_orchestrator(
        fake: FakeOpenAI, user_id: int):
    fake.enqueue(Reply(" ".join(["word"] * 200), chunk_delay_s=0.1), Reply("Second try."))
    assistant = make_assistant(fake, AI_STREAM_PROCESS=True)
    events = []
    async for event in assistant.answer(question(user_id)):
        events.append(event)
        if event.kind == "delta" and len(events) == 2:
            pid = stream_process().pid
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
    assert done(events).outcome == "failed" and done(events).reason == "provider_failed"

    again = await collect(assistant, question(user_id))
    assert streamed(again) == "Second try." and done(again).outcome == "complete"


async def test_without_a_stream_process_answers_are_read_in_the_worker(fake: FakeOpenAI, monkeypatch):
    fake.enqueue(Reply("Read in the worker."))
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")  # what the stream process is started with

    parts = await read_all(provider(fake).stream(request()))

    assert text_of(parts) == "Read in the worker."
    assert stream_process().pid is None


async def test_the_key_is_never_logged(fake: FakeOpenAI, capfd, caplog):
    fake.enqueue(Fail(500), Fail(400))

    with pytest.raises(ProviderFailed):
        await read_all(provider(fake).stream(request()))

    stream_process().close()
    out, err = capfd.readouterr()
    assert "retrying" in err  # the stream process logs its retry to the worker's stderr
    assert KEY not in out + err + caplog.text


async def test_the_stream_process_gets_no_setting_in_its_environment(fake: FakeOpenAI, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:AAsecret-bot-token-0123456789abcdefghi")
    fake.enqueue(Reply("Fine."))

    assert text_of(await read_all(provider(fake).stream(request()))) == "Fine."

    environ = Path(f"/proc/{stream_process().pid}/environ").read_bytes()
    assert KEY.encode() not in environ and b"secret-bot-token" not in environ


def test_the_stream_process_exits_when_its_worker_is_gone(fake: FakeOpenAI):
    fake.enqueue(Reply(" ".join(["word"] * 300), chunk_delay_s=0.1))
    worker = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import asyncio, sys
        from tma_app.ai.process_provider import ProcessProvider, stream_process
        from tma_app.ai.shapes import ChatMessage, CompletionRequest
        from tma_app.core.settings import load_settings

        async def main():
            asker = ProcessProvider(load_settings(_env_file=None, OPENAI_API_KEY="sk-x",
                                                  OPENAI_BASE_URL={fake.base_url!r}, AI_STREAM_PROCESS=True))
            parts = asker.stream(CompletionRequest(model="m", messages=[ChatMessage("user", "hi")],
                                                   temperature=0.2, max_tokens=400))
            await anext(parts)
            print(stream_process().pid, flush=True)
            await asyncio.sleep(60)

        asyncio.run(main())
        """)], cwd=ROOT, stdout=subprocess.PIPE, text=True, env=os.environ | {"PYTHONPATH": str(ROOT)})
    try:
        assert worker.stdout is not None
        child = int(worker.stdout.readline())
        worker.kill()  # no clean-up code runs: only the closed pipe tells the stream process
        worker.wait()
        record = fake.wait_for_client_close(10.0)  # it closed the model's response on its way out
        assert not record.completed
        deadline = time.monotonic() + 10
        while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{child}").exists() or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]
    finally:
        worker.kill()
