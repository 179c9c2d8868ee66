from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.fake_openai import FakeOpenAI
from tma_app.ai import knowledge
from tma_app.ai.service import Assistant, Question
from tma_app.ai.shapes import AnswerEvent
from tma_app.core.settings import load_settings

_user_ids = itertools.count(910_000_000)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def user_id(migrated_engine) -> int:
    """A user nobody else in the run has asked with (budgets and chats start empty)."""
    return next(_user_ids)


def make_assistant(fake: FakeOpenAI | None = None, **overrides: Any) -> Assistant:
    # The orchestrator's tests read streams in the worker; test_stream_process.py runs them through the stream process.
    values: dict[str, Any] = {"_env_file": None, "AI_STREAM_PROCESS": False}
    if fake is not None:
        values |= {"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": fake.base_url}
    knowledge.forget_index()
    return Assistant(load_settings(**values | overrides))


def question(user_id: int, text: str = "What can I order?", config: str = "support", language: str = "en",
             key: str | None = None, **extra: Any) -> Question:
    return Question(user_id=user_id, text=text, config=config, language=language,  # type: ignore[arg-type]
                    request_key=key or uuid.uuid4().hex, **extra)


async def collect(assistant: Assistant, asked: Question, stop=None) -> list[AnswerEvent]:
    return [event async for event in assistant.answer(asked, stop)]


def done(events: list[AnswerEvent]) -> AnswerEvent:
    assert events[-1].kind == "done", events
    return events[-1]


def streamed(events: list[AnswerEvent]) -> str:
    return "".join(e.text for e in events if e.kind == "delta")
