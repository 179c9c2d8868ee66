"""The offline help answers in the language a question is written in, from that language's content."""

from __future__ import annotations

import pytest

import tma_app.demos.restaurant  # noqa: F401  (registers the menu as a knowledge source)
from tma_app.ai import knowledge
from tma_app.ai.local_provider import LocalProvider, question_language
from tma_app.ai.shapes import ChatMessage, CompletionRequest, Delta
from tma_app.core.db import session_scope
from tma_app.demos.restaurant.seed import seed_restaurant


@pytest.mark.parametrize(("question", "default", "expected"), [
    ("Какие пиццы есть?", "en", "ru"),
    ("What pizzas are there?", "ru", "en"),
    ("Есть ли пицца margherita?", "en", "ru"),  # more Cyrillic letters than Latin
    ("42?", "ru", "ru"),  # no letters: the user's language
    ("", "en", "en"),
])
def test_the_question_language_is_read_from_its_letters(question, default, expected):
    assert question_language(question, default) == expected


async def answer(question: str, language: str) -> str:
    request = CompletionRequest(model="local", messages=[ChatMessage("user", question)], temperature=0,
                                max_tokens=300, language=language)
    return "".join([part.text async for part in LocalProvider().stream(request) if isinstance(part, Delta)])


async def test_an_english_user_asking_in_russian_gets_the_russian_menu(migrated_engine):
    with session_scope() as session:
        seed_restaurant(session)
    knowledge.forget_index()

    found = await answer("Какие пиццы есть в ресторане?", "en")

    assert found.startswith("Вот что об этом сказано в приложении:")
    assert "Пицца" in found
    assert (await answer("Which pizzas are on the menu?", "ru")).startswith("Here is what the app says about it:")
