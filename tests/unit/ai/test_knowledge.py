"""The offline help's knowledge: the FAQ and the demos' content found by BM25, in English and Russian."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

import tma_app.demos.ecommerce
import tma_app.demos.fitness
import tma_app.demos.restaurant  # noqa: F401  (the demos register their sources when they load)
from tma_app.ai import faq, knowledge
from tma_app.core.db import session_scope
from tma_app.core.i18n import Language
from tma_app.demos.ecommerce.seed import seed_ecommerce
from tma_app.demos.fitness.seed import seed_fitness
from tma_app.demos.restaurant.seed import seed_restaurant


def faq_index(language: Language) -> knowledge.Index:
    return knowledge.Index(faq.faq_documents(None, language), language)  # type: ignore[arg-type]  # unused


def top(index: knowledge.Index, query: str, **kwargs) -> str:
    hits = index.search(query, **kwargs)
    assert hits, query
    return hits[0].document.key


@pytest.fixture(scope="module")
def seeded(migrated_engine):
    with session_scope() as session:
        seed_restaurant(session)
        seed_ecommerce(session)
        seed_fitness(session)
    knowledge.forget_index()
    yield
    knowledge.forget_index()


def test_the_help_the_catalog_and_every_demo_are_sources():
    assert {"faq", "demo_catalog", "restaurant", "ecommerce", "fitness"} <= set(knowledge.source_names())


def test_every_help_entry_is_in_both_languages_with_a_short_body():
    keys = [entry.key for entry in faq.ENTRIES]
    assert len(keys) == len(set(keys)) and 15 <= len(keys) <= 25
    for language in ("en", "ru"):
        for document in faq.faq_documents(None, language):  # type: ignore[arg-type]
            assert document.title and 40 <= len(document.body) <= 400, document
    ru = {d.key: d for d in faq.faq_documents(None, "ru")}  # type: ignore[arg-type]
    assert "серии" in ru["faq:streaks"].title


@pytest.mark.parametrize(("language", "question", "key"), [
    ("en", "How do streaks work?", "faq:streaks"),
    ("en", "What is a streak freeze and what does it cost?", "faq:freezes"),
    ("en", "How do I change the language?", "faq:settings-language"),
    ("en", "Do I need a password to log in?", "faq:privacy"),
    ("en", "How many questions can I ask the assistant a day?", "faq:assistant"),
    ("en", "How does the weekly leaderboard rank people?", "faq:leaderboard"),
    ("ru", "как работают серии", "faq:streaks"),
    ("ru", "Сколько стоит заморозка?", "faq:freezes"),
    ("ru", "как поменять язык", "faq:settings-language"),
    ("ru", "Нужен ли пароль?", "faq:privacy"),
    ("ru", "что дают за приглашение друга", "faq:referrals"),
    ("ru", "какие ежедневные задания есть", "faq:daily-tasks"),
])
def test_a_question_finds_its_help_entry(language, question, key):
    assert top(faq_index(language), question) == key


def test_inflected_russian_finds_a_dish_and_its_price(seeded):
    with session_scope() as session:
        hits = knowledge.search(session, "сколько стоит пиццу", "ru")
    assert hits and hits[0].document.key == "restaurant:dish:pepperoni-pizza"
    assert hits[0].document.demo == "restaurant" and "₽" in hits[0].document.body


def test_the_demos_contribute_their_products_and_programs(seeded):
    with session_scope() as session:
        keys = {d.key for name in ("ecommerce", "fitness", "demo_catalog")
                for d in knowledge._sources[name](session, "en")}
    assert any(k.startswith("ecommerce:product:") for k in keys)
    assert any(k.startswith("fitness:program:") for k in keys)
    assert any(k.startswith("fitness:exercise:") for k in keys)


def test_a_question_asked_inside_a_demo_prefers_that_demos_content():
    documents = [
        knowledge.Document("a", "Delivery", "Delivery is free.", "en", demo="ecommerce"),
        knowledge.Document("b", "Delivery", "Delivery is free.", "en", demo="restaurant"),
    ]
    index = knowledge.Index(documents, "en")
    assert top(index, "delivery", prefer_demo="restaurant") == "b"
    assert top(index, "delivery", prefer_demo="ecommerce") == "a"
    # On the real help: the shop's delivery question, asked in the restaurant, gets the restaurant's entry.
    assert top(faq_index("en"), "is delivery free", prefer_demo="restaurant") == "faq:restaurant-delivery"


def test_a_failing_source_is_logged_by_name_and_skipped_while_the_others_are_indexed(
        migrated_engine, monkeypatch, caplog):
    def broken_in_python(session, language):
        yield knowledge.Document("aa:half", "Half written", "A document from a source that then fails.", language)
        raise RuntimeError("the content import is half done")

    def broken_in_sql(session, language):
        session.execute(text("SELECT title FROM no_such_table"))
        return []

    def working(session, language):
        return [knowledge.Document("zz:tiramisu", "Tiramisu", "Coffee, mascarpone and cocoa.", language)]

    # Sorted first, so the sources after them still have to work on the same session.
    monkeypatch.setitem(knowledge._sources, "aa_broken_in_python", broken_in_python)
    monkeypatch.setitem(knowledge._sources, "ab_broken_in_sql", broken_in_sql)
    monkeypatch.setitem(knowledge._sources, "zz_working", working)
    knowledge.forget_index()
    try:
        with caplog.at_level(logging.ERROR, logger=knowledge.__name__), session_scope() as session:
            assert top_in(session, "tiramisu mascarpone") == "zz:tiramisu"
            assert top_in(session, "How do streaks work?") == "faq:streaks"  # the help is still there
            assert knowledge.search(session, "half written", "en") == []  # nothing of a failed source
    finally:
        knowledge.forget_index()
    failed = {record.getMessage() for record in caplog.records if record.exc_info}
    assert any("aa_broken_in_python" in message for message in failed), failed
    assert any("ab_broken_in_sql" in message for message in failed), failed
    assert not any("zz_working" in message for message in failed)


def top_in(session, query: str) -> str:
    hits = knowledge.search(session, query, "en")
    assert hits, query
    return hits[0].document.key
