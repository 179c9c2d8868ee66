"""One row per question (`AiRequest`): what it cost, how fast, how it ended; and the admin figures."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from tma_app.ai.models import AiRequest
from tma_app.core.db import dialect_insert, table_of


def open_request(session: Session, row: AiRequest) -> None:
    """Record an admitted question (a repeat of the key keeps the first record)."""
    values = {column: getattr(row, column) for column in AiRequest.model_fields}
    session.execute(dialect_insert(session)(table_of(AiRequest)).values(**values)
                    .on_conflict_do_nothing(index_elements=["request_key"]))


def close_request(session: Session, request_key: str, *, prompt_tokens: int, completion_tokens: int,
                  first_token_ms: int | None, total_ms: int, outcome: str, reason: str | None) -> None:
    session.execute(update(table_of(AiRequest)).where(col(AiRequest.request_key) == request_key).values(
        prompt_tokens=prompt_tokens, completion_tokens=completion_tokens, first_token_ms=first_token_ms,
        total_ms=total_ms, outcome=outcome, reason=reason))


def record_refusal(session: Session, user_id: int, config: str, provider: str, model: str, day: date,
                   reason: str) -> None:
    """A question refused before it was admitted: counted, never charged (its own key)."""
    session.add(AiRequest(request_key=f"refused-{uuid.uuid4().hex}", user_id=user_id, config=config,
                          provider=provider, model=model, day=day, outcome="refused", reason=reason, total_ms=0))


@dataclass(frozen=True, slots=True)
class AssistantStats:
    requests: int  # questions admitted (refusals before admission not included)
    tokens: int
    refusals: dict[str, int]  # reason -> count
    p95_first_token_ms: int | None
    offline_answers: int


def stats_since(session: Session, since: datetime) -> AssistantStats:
    recent = col(AiRequest.created_at) >= since
    requests, tokens, offline = _totals(session, since)
    refusals = dict(session.exec(
        select(AiRequest.reason, func.count()).where(recent, col(AiRequest.outcome) == "refused")
        .group_by(col(AiRequest.reason))).all())
    firsts = sorted(ms for ms in session.exec(select(AiRequest.first_token_ms).where(
        recent, col(AiRequest.first_token_ms).is_not(None))).all() if ms is not None)
    p95 = firsts[min(len(firsts) - 1, int(len(firsts) * 0.95))] if firsts else None
    return AssistantStats(requests, tokens, {str(k): int(v) for k, v in refusals.items()}, p95, offline)


def _totals(session: Session, since: datetime) -> tuple[int, int, int]:
    rows = session.exec(select(AiRequest.provider, AiRequest.prompt_tokens, AiRequest.completion_tokens).where(
        col(AiRequest.created_at) >= since, col(AiRequest.request_key).not_like("refused-%"))).all()
    return len(rows), sum(p + c for _, p, c in rows), sum(1 for provider, _, _ in rows if provider == "local")
