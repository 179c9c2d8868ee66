"""The user's chats, kept in SQL so a conversation survives closing the Mini App."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from tma_app.ai.models import AiConversation, AiMessage
from tma_app.ai.shapes import ChatMessage
from tma_app.core.db import table_of
from tma_app.core.time import utcnow

TRANSCRIPT_LIMIT = 60


@dataclass(frozen=True, slots=True)
class StoredMessage:
    id: int
    role: str
    content: str
    status: str
    reason: str | None
    offline: bool
    request_key: str | None
    config: str


def current_conversation(session: Session, user_id: int) -> int:
    found = session.exec(
        select(AiConversation.id).where(AiConversation.user_id == user_id, col(AiConversation.archived).is_(False))
        .order_by(col(AiConversation.id).desc()).limit(1)
    ).first()
    if found is not None:
        return found
    conversation = AiConversation(user_id=user_id)
    session.add(conversation)
    session.flush()
    assert conversation.id is not None
    return conversation.id


def start_new_chat(session: Session, user_id: int) -> int:
    session.execute(update(table_of(AiConversation))
                    .where(col(AiConversation.user_id) == user_id, col(AiConversation.archived).is_(False))
                    .values(archived=True))
    return current_conversation(session, user_id)


def add_question(session: Session, user_id: int, text: str, config: str, request_key: str) -> int:
    """The user's message, once per request key (a retry does not repeat it)."""
    conversation_id = current_conversation(session, user_id)
    existing = session.exec(select(AiMessage.id).where(
        AiMessage.conversation_id == conversation_id, AiMessage.request_key == request_key,
        AiMessage.role == "user")).first()
    if existing is None:
        session.add(AiMessage(conversation_id=conversation_id, role="user", content=text, config=config,
                              request_key=request_key))
    return conversation_id


def save_answer(session: Session, user_id: int, text: str, *, status: str, reason: str | None, config: str,
                offline: bool, request_key: str) -> None:
    """The answer to a request; a retry of the same request replaces the earlier attempt."""
    conversation_id = current_conversation(session, user_id)
    row = session.exec(select(AiMessage).where(
        AiMessage.conversation_id == conversation_id, AiMessage.request_key == request_key,
        AiMessage.role == "assistant")).first()
    if row is None:
        row = AiMessage(conversation_id=conversation_id, role="assistant", content=text, config=config,
                        request_key=request_key)
    row.content, row.status, row.reason, row.offline, row.created_at = text, status, reason, offline, utcnow()
    session.add(row)


def transcript(session: Session, user_id: int, limit: int = TRANSCRIPT_LIMIT) -> list[StoredMessage]:
    conversation_id = current_conversation(session, user_id)
    rows = session.exec(select(AiMessage).where(AiMessage.conversation_id == conversation_id)
                        .order_by(col(AiMessage.id).desc()).limit(limit)).all()
    return [StoredMessage(r.id or 0, r.role, r.content, r.status, r.reason, r.offline, r.request_key, r.config)
            for r in reversed(rows)]


def history(session: Session, user_id: int, turns: int, before_key: str) -> list[ChatMessage]:
    """The last turns that went well, as the model sees them (refusals and failures left out)."""
    if turns <= 0:
        return []
    messages = [m for m in transcript(session, user_id, limit=turns * 2 + 2) if m.request_key != before_key]
    kept: list[ChatMessage] = []
    for question, answer in zip(messages, messages[1:], strict=False):
        if question.role == "user" and answer.role == "assistant" and answer.status in ("complete", "length") \
                and question.request_key == answer.request_key:
            kept += [ChatMessage("user", question.content), ChatMessage("assistant", answer.content)]
    return kept[-turns * 2:]


def recent_questions(session: Session, user_id: int, within: timedelta = timedelta(minutes=10),
                     now: datetime | None = None) -> list[str]:
    since = (now or utcnow()) - within
    rows = session.exec(
        select(AiMessage.content).join(AiConversation, col(AiConversation.id) == col(AiMessage.conversation_id))
        .where(AiConversation.user_id == user_id, AiMessage.role == "user", col(AiMessage.created_at) >= since)
        .order_by(col(AiMessage.id).desc()).limit(20)
    ).all()
    return list(rows)
