"""What each fitness screen reads, in one unit of work: the programs, one program, the progress."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from tma_app.core.i18n import Language
from tma_app.demos.fitness.history import current_streak, list_workouts, progress_series
from tma_app.demos.fitness.premium import owned_programs
from tma_app.demos.fitness.programs import get_program, list_programs
from tma_app.demos.fitness.queries import get_active_workout
from tma_app.demos.fitness.rules import aware
from tma_app.demos.fitness.shapes import ProgramOverview, ProgramsOverview, ProgressOverview
from tma_app.gamification.streaks.local_day import timezone_of


def days_zone(session: Session, user_id: int, sent: str | None) -> str:
    """The zone the device sent; before it has read one (a first launch) the one it sent before, else UTC."""
    return sent or timezone_of(session, user_id) or "UTC"


def programs_overview(session: Session, user_id: int, language: Language, timezone: str | None) -> ProgramsOverview:
    timezone = days_zone(session, user_id, timezone)
    return ProgramsOverview(
        programs=list_programs(session, language, owned_programs(session, user_id)),
        active=get_active_workout(session, user_id, language),
        streak_days=current_streak(session, user_id, timezone),
        timezone=timezone,
    )


def program_overview(session: Session, slug: str, user_id: int, language: Language) -> ProgramOverview:
    """Raises ProgramNotFound."""
    return ProgramOverview(detail=get_program(session, slug, language, owned_programs(session, user_id)),
                           active=get_active_workout(session, user_id, language))


def progress_overview(
    session: Session, user_id: int, language: Language, timezone: str | None, *, now: datetime | None = None
) -> ProgressOverview:
    now = aware(now)  # one moment for the series and the streak, so both end on the same day
    timezone = days_zone(session, user_id, timezone)
    points = progress_series(session, user_id, timezone, now=now)
    return ProgressOverview(
        workouts=list_workouts(session, user_id, language),
        points=points,
        streak_days=current_streak(session, user_id, timezone, now=now),
        volume_g=sum(point.volume_g for point in points),
        active_days=sum(1 for point in points if point.sets),
        trained_today=points[-1].sets > 0,
        timezone=timezone,
    )
