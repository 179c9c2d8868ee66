"""The fitness demo's programs, program and progress screens: thin adapters over its service.

The workout itself (sets, rest, finish) is in `workout_state`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.demo_catalog import events
from tma_app.demos.fitness import labels, service
from tma_app.demos.fitness.chart import volume_bars
from tma_app.demos.fitness.errors import FitnessError
from tma_app.demos.fitness.models import ProgramCard, WorkoutView
from tma_app.media.props import DEFAULT_SIZES
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.core.i18n import Language, plural, text
from tma_app.ui.location import last_segment
from tma_app.ui.picture import picture_props

log = logging.getLogger(__name__)
DEMO = "fitness"
BASE = "/demos/fitness"


def zone_name(value: object) -> str:
    """The browser's time zone if the server knows it, else "UTC" (what the service would use)."""
    return value if isinstance(value, str) and service.user_zone(value) is not UTC else "UTC"


def epoch_ms(moment: datetime | None) -> int:
    return int(moment.timestamp() * 1000) if moment else 0


def program_row(card: ProgramCard, language: Language, *, sizes: str = "96px", eager: bool = False) -> dict:
    return {
        "slug": card.slug,
        "name": card.name,
        "description": card.description,
        "level": labels.level(card.level, language),
        "minutes": text("f_about_minutes", language, n=str(card.estimated_minutes)),
        "exercises": plural("f_exercises", card.exercise_count, language),
        "picture": picture_props(card.image_id, sizes=sizes, eager=eager, language=language),
    }


def active_banner(workout: WorkoutView | None, language: Language) -> dict:
    if workout is None:
        return {}
    return {
        "id": workout.id,
        "program": workout.program_name,
        "program_slug": workout.program_slug,
        "under_way": text("f_under_way", language, program=workout.program_name),
        "sets": plural("f_sets", workout.totals.sets, language),
        "started_ms": epoch_ms(workout.started_at),
        "picture": picture_props(workout.image_id, sizes="56px", language=language),
    }


def _programs(user_id: int, language: Language, zone: str) -> tuple[list[dict], dict, str]:
    with session_scope() as session:
        cards = service.list_programs(session, language)
        active = service.get_active_workout(session, user_id, language)
        days = service.current_streak(session, user_id, zone)
    rows = [program_row(card, language) for card in cards]
    return rows, active_banner(active, language), labels.streak(days, language) if days else ""


class FitnessProgramsState(rx.State):
    programs: list[dict] = []
    # The workout under way, to resume ({} when there is none).
    active: dict = {}
    streak: str = ""
    server_now_ms: int = 0
    loading: bool = True
    failed: bool = False
    _started: bool = False

    @rx.event
    @requires_user
    async def open(self, time_zone: str):
        session = await self.get_state(SessionState)
        if not self._started:
            self._started = True  # one demo_start per visit (per tab), not per re-render
            events.started(session.user_id, DEMO)
        try:
            self.programs, self.active, self.streak = await asyncio.to_thread(
                _programs, session.user_id, session.lang, zone_name(time_zone)
            )
            self.failed = False
        except Exception:
            log.exception("fitness programs failed to load")
            self.failed = True
        self.server_now_ms = epoch_ms(datetime.now(UTC))
        self.loading = False


def _program(slug: str, user_id: int, language: Language) -> tuple[dict, list[dict], dict]:
    with session_scope() as session:
        detail = service.get_program(session, slug, language)
        active = service.get_active_workout(session, user_id, language)
    exercises = [
        {
            "slug": exercise.slug,
            "name": exercise.name,
            "target": text("f_target", language, sets=str(exercise.target_sets), reps=str(exercise.target_reps),
                           rest=text("f_seconds", language, n=str(exercise.rest_seconds))),
            "weighted": exercise.weighted,
            "picture": picture_props(exercise.image_id, sizes="64px", language=language),
        }
        for exercise in detail.exercises
    ]
    return program_row(detail.program, language, sizes=DEFAULT_SIZES, eager=True), exercises, \
        active_banner(active, language)


class FitnessProgramState(rx.State):
    """One program and its exercises; its MainButton starts a workout, or resumes the one under way."""

    program: dict = {}
    exercises: list[dict] = []
    active: dict = {}
    loading: bool = True
    missing: bool = False
    failed: bool = False
    starting: bool = False
    # The key of the next start: the same for a double tap, a new one after a real start.
    start_key: str = ""

    @rx.var
    def resumes(self) -> bool:
        return bool(self.active)

    @rx.event
    @requires_user
    async def open(self, path: str):
        session = await self.get_state(SessionState)
        slug = last_segment(path)
        try:
            self.program, self.exercises, self.active = await asyncio.to_thread(
                _program, slug, session.user_id, session.lang
            )
            self.missing = self.failed = False
        except FitnessError:
            self.missing = True
        except Exception:
            log.exception("fitness program failed to load")
            self.failed = True
        self.start_key = uuid.uuid4().hex
        self.starting = False
        self.loading = False

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def start(self, key: str):
        session = await self.get_state(SessionState)
        if self.starting or not self.program:
            return
        self.starting = True
        yield
        slug = self.program["slug"]

        def begin():
            with session_scope() as db:
                return service.start_workout(db, session.user_id, slug, str(key), language=session.lang)

        try:
            result = await asyncio.to_thread(begin)
        except (FitnessError, ValueError) as error:
            log.info("workout start refused: %s", getattr(error, "code", type(error).__name__))
            self.starting = False
            session.notice = text("f_error_generic", session.lang)
            yield haptic.error()
            return
        self.start_key = uuid.uuid4().hex
        self.starting = False
        if not result.started and result.workout.program_slug != self.program["slug"]:
            session.notice = text("f_already_under_way", session.lang)
        yield [haptic.impact("medium"), rx.redirect(f"{BASE}/workout/{result.workout.id}")]


def _history(user_id: int, language: Language, zone_key: str) -> dict:
    zone = service.user_zone(zone_key)
    now = datetime.now(UTC)
    with session_scope() as session:
        workouts = service.list_workouts(session, user_id, language)
        points = service.progress_series(session, user_id, zone_key, now=now)
        days = service.current_streak(session, user_id, zone_key, now=now)
    today = points[-1].day
    bars = volume_bars(points)
    total_g = sum(p.volume_g for p in points)
    active_days = sum(1 for p in points if p.sets)
    summary = text("f_chart_summary", language, total=service.format_kg(total_g, language),
                   days=plural("f_days", active_days, language))
    return {
        "workouts": [
            {
                "id": w.id,
                "name": w.program_name,
                "when": labels.moment(w.finished_at, zone, language, today),
                "details": " · ".join((labels.duration(w.duration_seconds, language),
                                       plural("f_sets", w.totals.sets, language),
                                       service.format_kg(w.totals.volume_g, language))),
                "picture": picture_props(w.image_id, sizes="56px", language=language),
            }
            for w in workouts
        ],
        "bars": [
            {
                "x": bar.x, "y": bar.y, "width": bar.width, "height": bar.height,
                "day": bar.day.isoformat(),
                "today": bar.day == today,
                "title": f"{labels.short_day(bar.day, language)}: {service.format_kg(bar.volume_g, language)}",
            }
            for bar in bars
        ],
        "streak": days,
        "streak_label": labels.streak(days, language),
        "streak_hint": text("f_streak_today" if days and points[-1].sets else "f_streak_keep", language)
        if days else "",
        "summary": summary if active_days else text("f_chart_empty", language),
        "chart_label": text("f_chart_label", language, summary=summary),
        "first_day": labels.short_day(points[0].day, language),
        "last_day": labels.short_day(today, language, today),
    }


class FitnessHistoryState(rx.State):
    """Finished workouts, the streak and the 30-day chart, in the browser's time zone."""

    workouts: list[dict] = []
    bars: list[dict] = []
    streak: int = 0
    streak_label: str = ""
    streak_hint: str = ""
    summary: str = ""
    chart_label: str = ""
    first_day: str = ""
    last_day: str = ""
    loading: bool = True
    failed: bool = False

    @rx.event
    @requires_user
    async def open(self, time_zone: str):
        session = await self.get_state(SessionState)
        try:
            history = await asyncio.to_thread(_history, session.user_id, session.lang, zone_name(time_zone))
        except Exception:
            log.exception("fitness history failed to load")
            self.failed, self.loading = True, False
            return
        for name, value in history.items():
            setattr(self, name, value)
        self.failed, self.loading = False, False
