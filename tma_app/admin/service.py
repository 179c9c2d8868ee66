"""What the admin screens read: the dashboard's snapshot and the audit log's lines. Plain Python, no reflex.

The snapshot is read through the owning features' services (analytics queries,
experiment results, the audit log, the rate limiter's flags), never their tables,
and shared process-wide: `current_snapshot()` recomputes it at most every
SNAPSHOT_MAX_AGE_S however many admins are watching, and not at all when none is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from tma_app.admin.shared_value import SharedValue
from tma_app.ai.accounting import AssistantStats, stats_since
from tma_app.analytics import queries
from tma_app.analytics.queries import ActiveUsers, DemoFunnel, DemoUsage, MinuteCount, VitalSummary
from tma_app.core.db import in_session
from tma_app.core.time import utcnow
from tma_app.experiments.registry import REGISTRY, Registry
from tma_app.experiments.service import ExperimentResults, experiment_results
from tma_app.payments.queries import PaymentsSummary, payments_summary
from tma_app.security import audit
from tma_app.security.rate_limit import Flag, get_rate_limiter

SNAPSHOT_MAX_AGE_S = 2.0
CHART_MINUTES = 30
TOP_DEMOS = 5
AUDIT_LINES = 12
FLAGGED_LINES = 20
ASSISTANT_WINDOW = timedelta(hours=24)
PAYMENTS_WINDOW = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class AuditLine:
    id: int
    created_at: datetime
    action: str
    resource: str
    resource_id: str | None
    telegram_id: int | None
    ip_address: str | None


@dataclass(frozen=True, slots=True)
class DashboardSnapshot:
    taken_at: datetime
    active: ActiveUsers
    per_minute: list[MinuteCount]  # the last CHART_MINUTES minutes, oldest first
    funnels: list[DemoFunnel]  # analytics' default window (7 days)
    top_demos: list[DemoUsage]
    experiments: list[ExperimentResults]
    vitals: list[VitalSummary]
    audit: list[AuditLine]  # newest first
    flagged: list[Flag] | None  # None: the limiter could not say (Redis down)
    assistant: AssistantStats  # the last ASSISTANT_WINDOW
    payments: PaymentsSummary  # the last PAYMENTS_WINDOW, and the last reconciliation


def recent_audit(session: Session, limit: int) -> list[AuditLine]:
    """The latest audit entries, newest first (at most 500)."""
    return [
        AuditLine(entry.id or 0, entry.created_at, entry.action, entry.resource, entry.resource_id,
                  entry.telegram_id, entry.ip_address)
        for entry in audit.recent(session, limit)
    ]


def read_snapshot(session: Session, *, now: datetime, flagged: list[Flag] | None,
                  registry: Registry = REGISTRY) -> DashboardSnapshot:
    """Everything the dashboard shows, as of `now`, from one session."""
    return DashboardSnapshot(
        taken_at=now,
        active=queries.active_users(session, now=now),
        per_minute=queries.events_per_minute(session, CHART_MINUTES, now=now),
        funnels=queries.demo_funnel(session, now=now),
        top_demos=queries.top_demos(session, TOP_DEMOS, now=now),
        experiments=[experiment_results(session, experiment) for experiment in registry],
        vitals=queries.web_vitals_p75(session, now=now),
        audit=recent_audit(session, AUDIT_LINES),
        flagged=flagged,
        assistant=stats_since(session, now - ASSISTANT_WINDOW),
        payments=payments_summary(session, now - PAYMENTS_WINDOW),
    )


async def compute_snapshot() -> DashboardSnapshot:
    """A fresh snapshot: the flags from the limiter, the rest from the database off the event loop."""
    flagged = await get_rate_limiter().flagged(FLAGGED_LINES)
    return await in_session(read_snapshot, now=utcnow(), flagged=flagged)


_shared: SharedValue[DashboardSnapshot] = SharedValue(compute_snapshot, max_age_s=SNAPSHOT_MAX_AGE_S)


async def current_snapshot() -> DashboardSnapshot:
    """The process-wide snapshot, at most SNAPSHOT_MAX_AGE_S old (computed on demand)."""
    return await _shared.get()


def snapshot_computations() -> int:
    """How many snapshots this process computed (what the shared cache bounds)."""
    return _shared.computations
