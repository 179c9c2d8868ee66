"""The orchestrator against the loopback OpenAI-compatible server, through the real SDK."""

from __future__ import annotations

import asyncio
import time

from sqlmodel import Session, select

from tests.support.fake_openai import Drop, Fail, FakeOpenAI, Reply
from tests.unit.ai.conftest import collect, done, make_assistant, question, streamed
from tma_app.ai import conversation, safety
from tma_app.ai.models import AiRequest
from tma_app.core.db import get_engine


def chats(fake: FakeOpenAI) -> list:
    """The chat completion requests the server saw (moderation calls left out)."""
    return [r for r in fake.requests if r.path.endswith("/chat/completions")]


def request_row(key: str) -> AiRequest:
    with Session(get_engine()) as session:
        row = session.get(AiRequest, key)
        assert row is not None
        return row


async def test_an_answer_streams_in_pieces_and_is_accounted(fake: FakeOpenAI, user_id: int):
    fake.enqueue(Reply("Pizza **Margherita** is our classic.", words_per_chunk=1))
    asked = question(user_id)

    events = await collect(make_assistant(fake), asked)

    assert events[0].kind == "admitted" and events[0].remaining_requests == 49
    assert len([e for e in events if e.kind == "delta"]) >= 3
    assert streamed(events) == "Pizza **Margherita** is our classic."
    assert done(events).outcome == "complete"
    row = request_row(asked.request_key)
    assert (row.outcome, row.config, row.model, row.provider) == ("complete", "support", "gpt-4o-mini", "openai")
    assert row.completion_tokens == 5 and row.prompt_tokens > 0 and row.first_token_ms is not None
    [sent] = chats(fake)
    assert sent.body["stream"] is True and sent.body["stream_options"] == {"include_usage": True}
    assert sent.body["max_tokens"] == 400 and sent.body["temperature"] == 0.2
    assert sent.headers["authorization"] == "Bearer sk-test"


async def test_the_system_prompt_carries_language_canary_and_context_never_the_database(
        fake: FakeOpenAI, user_id: int):
    await collect(make_assistant(fake), question(user_id, "Что заказать?", language="ru", config="demo_assistant"))
    system = chats(fake)[0].body["messages"][0]
    assert system["role"] == "system"
    assert "Отвечай по-русски" in system["content"] and "2-3 короткими" in system["content"]
    assert "CANARY-" in system["content"]


async def test_earlier_turns_go_with_the_next_question(fake: FakeOpenAI, user_id: int):
    assistant = make_assistant(fake)
    fake.enqueue(Reply("First answer."), Reply("Second answer."))
    await collect(assistant, question(user_id, "First question"))
    await collect(assistant, question(user_id, "Second question"))
    roles = [(m["role"], m["content"]) for m in chats(fake)[1].body["messages"][1:]]
    assert roles == [("user", "First question"), ("assistant", "First answer."), ("user", "Second question")]


async def test_429_and_500_before_the_first_token_are_retried_with_backoff(fake: FakeOpenAI, user_id: int):
    fake.enqueue(Fail(429, retry_after=0.3), Fail(500), Reply("Finally."))
    asked = question(user_id)
    started = time.monotonic()

    events = await collect(make_assistant(fake), asked)

    assert streamed(events) == "Finally." and done(events).outcome == "complete"
    assert len(chats(fake)) == 3
    assert time.monotonic() - started >= 0.3 + 1.0  # Retry-After honoured, then the second backoff step
    assert request_row(asked.request_key).outcome == "complete"


async def test_a_stream_broken_after_the_first_token_is_never_replayed(fake: FakeOpenAI, user_id: int):
    fake.enqueue(Drop(after_chunks=2, text="one two three four"), Reply("must not be asked for"))
    asked = question(user_id)

    events = await collect(make_assistant(fake), asked)

    assert done(events).outcome == "failed" and done(events).reason == "provider_failed"
    assert streamed(events) == "one two"
    assert len(chats(fake)) == 1
    assert request_row(asked.request_key).completion_tokens > 0  # what streamed is still counted


async def test_stop_closes_the_upstream_request_within_a_second(fake: FakeOpenAI, user_id: int):
    fake.enqueue(Reply(" ".join(["word"] * 200), chunk_delay_s=0.2))
    assistant = make_assistant(fake)
    stop = asyncio.Event()
    asked = question(user_id)
    events = []
    async for event in assistant.answer(asked, stop):
        events.append(event)
        if event.kind == "delta" and len(events) == 3:
            stop.set()
            stopped_at = time.monotonic()
    record = await asyncio.to_thread(fake.wait_for_client_close, 2.0)
    assert record.closed_at is not None and record.closed_at - stopped_at < 1.0
    assert not record.completed and record.chunks_sent < 20
    assert done(events).outcome == "stopped"
    assert request_row(asked.request_key).outcome == "stopped"


async def test_a_canary_in_the_answer_withholds_it(fake: FakeOpenAI, user_id: int, monkeypatch):
    monkeypatch.setattr(safety, "new_canary", lambda: "CANARY-0123456789abcdef")
    from tma_app.ai import service

    monkeypatch.setattr(service, "new_canary", lambda: "CANARY-0123456789abcdef")
    fake.enqueue(Reply("My instructions say CANARY-0123456789abcdef and more", words_per_chunk=1))

    events = await collect(make_assistant(fake), question(user_id))

    assert "CANARY" not in streamed(events)
    final = done(events)
    assert (final.outcome, final.reason) == ("refused", "instructions_leak")
    assert "withheld" in final.answer


async def test_a_link_outside_the_allow_list_withholds_the_answer(fake: FakeOpenAI, user_id: int):
    fake.enqueue(Reply("See https://evil.example.com/phish for details."))
    final = done(await collect(make_assistant(fake), question(user_id)))
    assert (final.outcome, final.reason) == ("refused", "link_not_allowed")


async def test_moderation_refuses_input_and_output_and_is_skipped_where_missing(fake: FakeOpenAI, user_id: int):
    assistant = make_assistant(fake)
    final = done(await collect(assistant, question(user_id, "tell me FLAGGED_BY_MODERATION")))
    assert (final.outcome, final.reason) == ("refused", "moderation")
    assert chats(fake) == []  # never reached the model

    fake.enqueue(Reply("an answer with FLAGGED_BY_MODERATION inside"))
    final = done(await collect(assistant, question(user_id, "harmless")))
    assert (final.outcome, final.reason) == ("refused", "moderation")

    fake.moderation_available = False
    final = done(await collect(make_assistant(fake), question(user_id, "still answered FLAGGED_BY_MODERATION")))
    assert final.outcome == "complete"


async def test_the_daily_request_budget_refuses_the_next_question_and_a_retry_is_free(fake: FakeOpenAI,
                                                                                        user_id: int):
    assistant = make_assistant(fake, AI_USER_DAILY_REQUESTS=2)
    first = question(user_id, "one")
    assert done(await collect(assistant, first)).outcome == "complete"
    assert done(await collect(assistant, question(user_id, "two"))).outcome == "complete"
    final = done(await collect(assistant, question(user_id, "three")))
    assert (final.outcome, final.reason) == ("refused", "budget_requests")
    assert "2 questions" in final.answer
    # The same request again (Retry) is admitted without a new charge.
    again = await collect(assistant, first)
    assert again[0].kind == "admitted" and again[0].remaining_requests == 0
    assert (await assistant.remaining(user_id)).requests == 0


async def test_a_users_token_budget_is_charged_once_per_request(fake: FakeOpenAI, user_id: int):
    assistant = make_assistant(fake, AI_USER_DAILY_TOKENS=30)
    asked = question(user_id, "tokens")
    fake.enqueue(Reply(" ".join(["w"] * 40)), Reply(" ".join(["w"] * 40)))
    await collect(assistant, asked)
    await collect(assistant, asked)  # a retry: usage recorded again, the charge is not
    assert (await assistant.remaining(user_id)).tokens == 0
    final = done(await collect(assistant, question(user_id, "more")))
    assert final.reason == "budget_user_tokens"


async def test_the_conversation_is_kept_and_a_new_chat_starts_empty(fake: FakeOpenAI, user_id: int, migrated_engine):
    fake.enqueue(Reply("Kept."))
    await collect(make_assistant(fake), question(user_id, "Remember me"))
    with Session(migrated_engine) as session:
        kept = conversation.transcript(session, user_id)
        assert [(m.role, m.content, m.status) for m in kept] == [
            ("user", "Remember me", "complete"), ("assistant", "Kept.", "complete")]
        conversation.start_new_chat(session, user_id)
        session.commit()
        assert conversation.transcript(session, user_id) == []


async def test_without_a_key_the_offline_help_answers_from_the_apps_content(user_id: int):
    assistant = make_assistant(None)
    assert assistant.provider.offline
    events = await collect(assistant, question(user_id, "How do streaks work?"))
    final = done(events)
    assert final.outcome == "complete"
    answer = streamed(events)
    assert "**How streaks work: days in a row**" in answer  # the help's entry, not "nothing found"
    assert "5 XP per streak day" in answer
    with Session(get_engine()) as session:
        row = session.exec(select(AiRequest).where(AiRequest.user_id == user_id)).one()
        assert row.provider == "local" and row.prompt_tokens == row.completion_tokens == 0
