"""The assistant screen's state: a thin adapter between the chat and `ai.service`.

The answer streams in a background task; the screen is updated at most every FLUSH_S with the
whole answer so far (rendered once per flush, sent straight to the tab), not once per token, so a
long answer costs a handful of websocket messages. Stop, leaving the page or closing the app sets the stream's
stop signal, which closes the request to the model within a second.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

import reflex as rx
from reflex_base.constants.state import FIELD_MARKER
from reflex_base.event.context import EventContext

from tma_app.ai import context as where_context
from tma_app.ai import conversation, presenter
from tma_app.ai.errors import AssistantError
from tma_app.ai.markdown import DraftRenderer
from tma_app.ai.service import Question, get_assistant
from tma_app.core.db import in_session
from tma_app.session.connection import client_connected
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic

log = logging.getLogger(__name__)

FLUSH_S = 0.075
# Above this many answers streaming in one worker, each one's screen is updated proportionally less
# often: every update costs the worker a state round trip through Redis, and at 50 answers at the full
# rate other users' events waited ~0.5 s at p95 (bench/ai_stream.py); at 50 it becomes every 375 ms.
FULL_RATE_STREAMS = 10
# One stop signal per browser tab (its client token); Stop and the stream run in the same worker.
_stops: dict[str, asyncio.Event] = {}


class _Draft:
    """The answer so far, drawn on its tab at most every FLUSH_S (less often with many answers at once)."""

    def __init__(self, token: str, stop: asyncio.Event, link_hosts: frozenset[str]) -> None:
        self.token, self.stop = token, stop
        self.text = ""
        self._renderer = DraftRenderer(link_hosts)
        self._shown_at = time.monotonic()

    async def add(self, text: str) -> None:
        self.text += text
        if time.monotonic() - self._shown_at < FLUSH_S * max(1.0, len(_stops) / FULL_RATE_STREAMS):
            return
        if client_connected(self.token):
            await self._show(self._renderer.render(self.text))
        else:
            self.stop.set()  # the tab is gone: the model's request is closed
        self._shown_at = time.monotonic()

    async def _show(self, html: str) -> None:
        """Sends the draft to this tab only, as the delta of `self.draft_html = html` would.

        Not through `async with self`: that takes the tab's state lock and reads and writes its whole
        state in Redis for each draft, which was the worker's largest cost per answer while 50 answers
        streamed (py-spy: ~1/3 of its loop, more than rendering). The draft is only for the screen; the
        stored state keeps "" and the final update sets it again, so the client ends with the answer.
        """
        await EventContext.get().emit_delta({AssistantState.get_full_name(): {"draft_html" + FIELD_MARKER: html}})


def _where_of(params) -> where_context.Where | None:
    """The demo screen the assistant was opened from, or None (no context, or one that does not parse)."""
    try:
        return where_context.parse_where(params.get("demo"), params.get("screen", "menu"), params.get("item"))
    except where_context.ContextInvalid:
        return None


async def _remaining(assistant, user_id: int) -> int:
    """Questions left today, or -1 when the budget cannot be read."""
    try:
        return (await assistant.remaining(user_id)).requests
    except AssistantError:
        return -1


class AssistantState(rx.State):
    messages: list[dict[str, str]] = []
    draft_html: str = ""
    streaming: bool = False
    loaded: bool = False
    mode: str = "support"
    demo: str = ""  # set when opened from a demo screen
    remaining: int = -1  # questions left today; -1 until known
    offline: bool = False
    can_retry: bool = False
    _where: where_context.Where | None = None
    _last_key: str = ""
    _last_question: str = ""

    @rx.event
    @requires_user
    async def load(self):
        session = await self.get_state(SessionState)
        self._where = _where_of(self.router.url.query_parameters)
        self.demo = self._where.demo if self._where else ""
        self.mode = "demo_assistant" if self._where else ("support" if self.mode == "demo_assistant" else self.mode)
        assistant = get_assistant()
        self.offline = assistant.provider.offline
        stored = await in_session(conversation.transcript, session.user_id)
        self.messages = presenter.bubbles(stored, session.lang, assistant.link_hosts)
        self.remaining = await _remaining(assistant, session.user_id)
        self.loaded = True

    @rx.event
    def choose_mode(self, mode: str):
        if mode in presenter.MODES and (mode != "demo_assistant" or self._where is not None) and not self.streaming:
            self.mode = mode

    @rx.event
    @requires_user
    @rate_limited_event("standard")
    async def ask(self, form: dict):
        question = form.get("question") if isinstance(form, dict) else None
        if self.streaming or not isinstance(question, str) or not question.strip():
            return
        self._last_key, self._last_question = uuid.uuid4().hex, question
        return self._start()

    @rx.event
    @requires_user
    @rate_limited_event("standard")
    async def retry(self):
        if self.streaming or not self._last_key:
            return
        return self._start()

    def _start(self):
        self.can_retry = False
        self.streaming = True
        self.draft_html = ""
        if self.messages and self.messages[-1]["key"] == self._last_key and self.messages[-1]["role"] == "assistant":
            self.messages = self.messages[:-1]  # Retry: the new attempt takes the old answer's place
        elif not self.messages or self.messages[-1]["key"] != self._last_key:
            self.messages = [*self.messages, presenter.bubble("pending", "user", self._last_question, "complete",
                                                              False, "en", frozenset(), self._last_key)]
        return AssistantState.stream_answer

    @rx.event
    def stop(self):
        signal = _stops.get(self.router.session.client_token)
        if signal is not None:
            signal.set()

    @rx.event
    @requires_user
    async def new_chat(self):
        if self.streaming:
            return
        session = await self.get_state(SessionState)
        await in_session(conversation.start_new_chat, session.user_id)
        self.messages, self.draft_html, self.can_retry, self._last_key = [], "", False, ""
        return haptic.impact("light")

    async def _question(self) -> Question:
        session = await self.get_state(SessionState)
        return Question(user_id=session.user_id, text=self._last_question, config=self.mode,
                        language=session.lang, request_key=self._last_key,
                        where=self._where if self.mode == "demo_assistant" else None)

    @rx.event(background=True)
    async def stream_answer(self):
        async with self:
            asked, token = await self._question(), self.router.session.client_token
        assistant = get_assistant()
        final = await self._relay(assistant, asked, token)
        async with self:
            self._finish(final, asked, assistant)
        if final is not None and final.outcome in ("complete", "length"):
            yield haptic.impact("light")
        elif final is not None and final.outcome == "refused":
            yield haptic.error()

    async def _relay(self, assistant, asked: Question, token: str):
        """Drafts to the tab as the answer grows; returns the answer's last event (None if it never ended)."""
        stop = _stops[token] = asyncio.Event()
        draft = _Draft(token, stop, assistant.link_hosts)
        final = None
        try:
            async for event in assistant.answer(asked, stop):
                if event.kind == "admitted":
                    async with self:
                        self.remaining = event.remaining_requests if event.remaining_requests is not None else -1
                elif event.kind == "delta":
                    await draft.add(event.text)
                else:
                    final = event
        finally:
            _stops.pop(token, None)
        return final

    def _finish(self, final, asked: Question, assistant) -> None:
        if final is not None:
            self.messages = [*self.messages, presenter.bubble(
                f"a-{asked.request_key}", "assistant", final.answer, final.outcome or "failed",
                assistant.provider.offline, asked.language, assistant.link_hosts, asked.request_key)]
            self.can_retry = final.outcome in ("failed", "stopped")
        self.draft_html = ""
        self.streaming = False
