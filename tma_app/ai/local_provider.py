"""The offline help: answers from the app's own content when no model is configured.

It finds the passages that match the question (knowledge.py) and streams them through the
same interface as a model, a few words at a time, so the screen behaves the same. It never
makes anything up: what it says is the app's text, and the screen labels it offline help.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

from tma_app.ai import knowledge
from tma_app.ai.shapes import CompletionRequest, Delta, StreamPart, Usage
from tma_app.core.db import in_session
from tma_app.core.i18n import Language, text

WORDS_PER_CHUNK = 3
CHUNK_DELAY_S = 0.015
_BODY_CHARS = 280


def _shorten(body: str) -> str:
    if len(body) <= _BODY_CHARS:
        return body
    cut = body[:_BODY_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def compose(hits: list[knowledge.Hit], language: Language) -> str:
    """The answer in Markdown: the best passages, or how to ask differently."""
    if not hits:
        return text("ai_offline_nothing", language)
    lines = [text("ai_offline_found", language), ""]
    for hit in hits:
        lines.append(f"- **{hit.document.title}**: {_shorten(hit.document.body)}")
    return "\n".join(lines)


_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


def question_language(question: str, default: Language) -> Language:
    """The language the question is written in (by its letters), else the user's.

    An English-speaking user who types in Russian is looking for Russian words: the English
    index would find nothing.
    """
    cyrillic, latin = len(_CYRILLIC.findall(question)), len(_LATIN.findall(question))
    if cyrillic > latin:
        return "ru"
    if latin > cyrillic:
        return "en"
    return default


class LocalProvider:
    name = "local"
    offline = True

    async def stream(self, request: CompletionRequest) -> AsyncIterator[StreamPart]:
        question = next((m.content for m in reversed(request.messages) if m.role == "user"), "")
        language = question_language(question, "ru" if request.language == "ru" else "en")
        demo = request.context.get("demo")
        hits = await in_session(knowledge.search, question, language, limit=3,
                                prefer_demo=demo if isinstance(demo, str) else None)
        answer = compose(hits, language)
        # Keep whitespace with the words so the streamed text joins back exactly.
        pieces = re.findall(r"\S+\s*", answer)
        for start in range(0, len(pieces), WORDS_PER_CHUNK):
            yield Delta("".join(pieces[start:start + WORDS_PER_CHUNK]))
            await asyncio.sleep(CHUNK_DELAY_S)
        yield Usage(0, 0)  # nothing was paid for

    async def moderate(self, text: str) -> bool | None:
        return None
