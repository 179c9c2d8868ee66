"""The programs, program and progress screens as the pages show them: wording, pictures, chart.

Plain Python over the service's overviews. `media_base` is where pictures are served from
(the state passes `tma_app.ui.picture.media_base_url()`; "" on one origin).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

from tma_app.core.i18n import Language, plural, text
from tma_app.demos.fitness import labels
from tma_app.demos.fitness.chart import volume_bars
from tma_app.demos.fitness.rules import user_zone
from tma_app.demos.fitness.shapes import (
    ExerciseView,
    ProgramCard,
    ProgramOverview,
    ProgramsOverview,
    ProgressOverview,
    WorkoutStart,
    WorkoutView,
)
from tma_app.media.props import DEFAULT_SIZES, image_props


def zone_name(value: object) -> str:
    """The device's time zone if the server knows it, else "" (the overviews then use the stored one)."""
    return value if isinstance(value, str) and user_zone(value) is not UTC else ""


def epoch_ms(moment: datetime | None) -> int:
    return int(moment.timestamp() * 1000) if moment else 0


def program_row(card: ProgramCard, language: Language, *, media_base: str, sizes: str = "96px",
                eager: bool = False) -> dict[str, Any]:
    return {
        "slug": card.slug,
        "name": card.name,
        "description": card.description,
        "level": labels.level(card.level, language),
        "minutes": text("f_about_minutes", language, n=str(card.estimated_minutes)),
        "exercises": plural("f_exercises", card.exercise_count, language),
        "picture": image_props(card.image_id, sizes=sizes, eager=eager, language=language, base_url=media_base),
        "premium": bool(card.premium_stars),
        "locked": card.locked,
        "unlock": text("f_unlock", language, stars=str(card.premium_stars)) if card.premium_stars else "",
    }


def active_banner(workout: WorkoutView | None, language: Language, *, media_base: str) -> dict[str, Any]:
    """The workout under way, to resume ({} when there is none)."""
    if workout is None:
        return {}
    return {
        "id": workout.id,
        "program": workout.program_name,
        "program_slug": workout.program_slug,
        "under_way": text("f_under_way", language, program=workout.program_name),
        "sets": plural("f_sets", workout.totals.sets, language),
        "started_ms": epoch_ms(workout.started_at),
        "picture": image_props(workout.image_id, sizes="56px", language=language, base_url=media_base),
    }


def exercise_target(exercise: ExerciseView, language: Language) -> str:
    """ "3 × 10 · rest 60 s" """
    return text("f_target", language, sets=str(exercise.target_sets), reps=str(exercise.target_reps),
                rest=text("f_seconds", language, n=str(exercise.rest_seconds)))


class ProgramsScreen(NamedTuple):
    programs: list[dict[str, Any]]
    active: dict[str, Any]
    streak: str


def programs_screen(overview: ProgramsOverview, language: Language, *, media_base: str) -> ProgramsScreen:
    days = overview.streak_days
    return ProgramsScreen(
        programs=[program_row(card, language, media_base=media_base) for card in overview.programs],
        active=active_banner(overview.active, language, media_base=media_base),
        streak=labels.streak(days, language) if days else "",
    )


class ProgramScreen(NamedTuple):
    program: dict[str, Any]
    exercises: list[dict[str, Any]]
    active: dict[str, Any]


def program_screen(overview: ProgramOverview, language: Language, *, media_base: str) -> ProgramScreen:
    exercises = [
        {
            "slug": exercise.slug,
            "name": exercise.name,
            "target": exercise_target(exercise, language),
            "weighted": exercise.weighted,
            "picture": image_props(exercise.image_id, sizes="64px", language=language, base_url=media_base),
        }
        for exercise in overview.detail.exercises
    ]
    program = program_row(overview.detail.program, language, media_base=media_base, sizes=DEFAULT_SIZES, eager=True)
    return ProgramScreen(program, exercises, active_banner(overview.active, language, media_base=media_base))


def start_notice(result: WorkoutStart, program_slug: str, language: Language) -> str:
    """What to tell a user whose start opened another program's workout already under way ("" otherwise)."""
    if result.started or result.workout.program_slug == program_slug:
        return ""
    return text("f_already_under_way", language)


def progress_screen(
    overview: ProgressOverview, language: Language, timezone: str, *, media_base: str
) -> dict[str, Any]:
    """The progress screen's fields by name: the streak, the 30-day chart and the finished workouts."""
    zone, points, days = user_zone(timezone), overview.points, overview.streak_days
    today = points[-1].day
    summary = text("f_chart_summary", language, total=labels.format_kg(overview.volume_g, language),
                   days=plural("f_days", overview.active_days, language))
    return {
        "workouts": [
            {
                "id": w.id,
                "name": w.program_name,
                "when": labels.moment(w.finished_at, zone, language, today),
                "details": " · ".join((labels.duration(w.duration_seconds, language),
                                       plural("f_sets", w.totals.sets, language),
                                       labels.format_kg(w.totals.volume_g, language))),
                "picture": image_props(w.image_id, sizes="56px", language=language, base_url=media_base),
            }
            for w in overview.workouts
        ],
        "bars": [
            {
                "x": bar.x, "y": bar.y, "width": bar.width, "height": bar.height,
                "day": bar.day.isoformat(),
                "today": bar.day == today,
                "title": f"{labels.short_day(bar.day, language)}: {labels.format_kg(bar.volume_g, language)}",
            }
            for bar in volume_bars(points)
        ],
        "streak": days,
        "streak_label": labels.streak(days, language),
        "streak_hint": text("f_streak_today" if overview.trained_today else "f_streak_keep", language) if days else "",
        "summary": summary if overview.active_days else text("f_chart_empty", language),
        "chart_label": text("f_chart_label", language, summary=summary),
        "first_day": labels.short_day(points[0].day, language),
        "last_day": labels.short_day(today, language, today),
    }
