"""The fitness demo's workout screen: log, undo and finish sets; thin adapters over its service.

A logged set shows at once through the shared optimistic pattern (`tma_app.ui.optimistic`,
key "log"); each mutation carries an idempotency key held here, minted on load and after a
success, so a double tap sends the same key twice and the server acts once.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.demos.fitness import labels, service
from tma_app.demos.fitness.models import WorkoutView
from tma_app.demos.fitness.rules import MAX_REPS, MAX_WEIGHT_G, MIN_REPS, WEIGHT_STEP_G
from tma_app.demos.fitness.state import BASE, epoch_ms
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.gamification.state import CelebrationState
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.core.i18n import Language, plural, text
from tma_app.ui.location import last_segment
from tma_app.ui.optimistic import OptimisticAcks
from tma_app.ui.picture import picture_props

log = logging.getLogger(__name__)
LOG_KEY = "log"  # the optimistic overlay's key for the set being logged
ERRORS = {
    "WORKOUT_NOT_FOUND": "f_error_not_active",
    "WORKOUT_NOT_ACTIVE": "f_error_not_active",
    "REPS_INVALID": "f_error_input",
    "WEIGHT_INVALID": "f_error_input",
    "WEIGHT_NOT_ALLOWED": "f_error_input",
    "WORKOUT_FULL": "f_error_full",
    "WORKOUT_EMPTY": "f_error_empty",
    "NOTHING_TO_UNDO": "f_error_nothing_to_undo",
}

# The shape of an exercise on screen before one is in hand, so the page never reads a missing key.
NO_EXERCISE: dict = {"slug": "", "name": "", "target": "", "weighted": False, "done": False, "progress": "",
                     "next_set": "", "sets": [], "picture": {}, "thumb": {}}


def _refusal(error: Exception, language: Language) -> str:
    return text(ERRORS.get(getattr(error, "code", ""), "f_error_generic"), language)


def _screen(view: WorkoutView, language: Language) -> tuple[dict, list[dict]]:
    totals = view.totals
    workout = {
        "id": view.id,
        "active": view.status == "active",
        "program": view.program_name,
        "program_slug": view.program_slug,
        "picture": picture_props(view.image_id, sizes="64px", language=language),
        "started_ms": epoch_ms(view.started_at),
        "rest_end_ms": epoch_ms(view.rest_ends_at) if view.status == "active" else 0,
        "rest_seconds": view.rest_seconds,
        "sets": totals.sets,
        "can_undo": view.can_undo,
        "all_done": view.next_exercise_slug is None,
        "next": view.next_exercise_slug or "",
        "duration": labels.duration(view.duration_seconds, language),
        "total_sets": str(totals.sets),
        "total_reps": str(totals.reps),
        "volume": service.format_kg(totals.volume_g, language),
        "summary": " · ".join((plural("f_sets", totals.sets, language), service.format_kg(totals.volume_g, language))),
    }
    exercises = []
    for progress in view.exercises:
        exercise, count = progress.exercise, len(progress.sets)
        exercises.append({
            "slug": exercise.slug,
            "name": exercise.name,
            "target": text("f_target", language, sets=str(exercise.target_sets), reps=str(exercise.target_reps),
                           rest=text("f_seconds", language, n=str(exercise.rest_seconds))),
            "weighted": exercise.weighted,
            "done": progress.done,
            "progress": f"{count}/{exercise.target_sets}",
            "next_set": text("f_set_of", language, n=str(count + 1), total=str(exercise.target_sets))
            if count < exercise.target_sets else text("f_extra_set", language, n=str(count + 1 - exercise.target_sets)),
            "suggested_reps": progress.suggested_reps,
            "suggested_weight_g": progress.suggested_weight_g,
            "sets": [
                {"id": s.id, "number": s.number, "line": labels.set_line(s.reps, s.weight_g, language)}
                for s in progress.sets
            ],
            "picture": picture_props(exercise.image_id, sizes="(min-width: 640px) 160px, 40vw", language=language),
            "thumb": picture_props(exercise.image_id, sizes="48px", language=language),
        })
    return workout, exercises


def _load(user_id: int, workout_id: int, language: Language) -> WorkoutView:
    with session_scope() as session:
        return service.get_workout(session, user_id, workout_id, language)


def _undo(user_id: int, workout_id: int, key: str, language: Language) -> WorkoutView:
    with session_scope() as session:
        return service.undo_last_set(session, user_id, workout_id, key, language=language).workout


def _discard(user_id: int, workout_id: int) -> bool:
    with session_scope() as session:
        return service.discard_workout(session, user_id, workout_id)


class FitnessWorkoutState(OptimisticAcks, rx.State):
    workout: dict = {}
    exercises: list[dict] = []
    # The exercise on screen, and what its next set will be logged with.
    current: str = ""
    reps: int = 10
    weight_g: int = 0
    weight_text: str = "0"
    draft_line: str = ""
    server_now_ms: int = 0
    loading: bool = True
    missing: bool = False
    failed: bool = False
    finishing: bool = False
    # The keys of the next log, undo and finish: the same for a double tap, new after a success.
    set_key: str = ""
    undo_key: str = ""
    finish_key: str = ""

    @rx.var
    def exercise(self) -> dict:
        return self._in_hand() or NO_EXERCISE

    @rx.event
    @requires_user
    async def open(self, path: str):
        session = await self.get_state(SessionState)
        raw = last_segment(path)
        if not raw.isdigit():
            self.missing, self.failed, self.loading = True, False, False
            return
        if self.workout.get("id") != int(raw):
            self.loading, self.workout, self.exercises = True, {}, []
            yield
        try:
            view = await asyncio.to_thread(_load, session.user_id, int(raw), session.lang)
        except ValueError:
            self.missing, self.loading = True, False
            return
        except Exception:
            log.exception("fitness workout failed to load")
            self.failed, self.loading = True, False
            return
        self.current = ""
        self._show(view, session.lang)
        self.set_key, self.undo_key, self.finish_key = (uuid.uuid4().hex for _ in range(3))
        self.missing = self.failed = self.finishing = self.loading = False

    @rx.event
    async def pick(self, slug: str):
        if any(e["slug"] == slug for e in self.exercises) and slug != self.current:
            self._prefill(str(slug), (await self.get_state(SessionState)).lang)

    @rx.event
    async def step_reps(self, delta: int):
        if delta not in (-1, 1) or not MIN_REPS <= self.reps + delta <= MAX_REPS:
            return haptic.warning()
        self.reps += delta
        self._draft((await self.get_state(SessionState)).lang)

    @rx.event
    async def step_weight(self, delta: int):
        grams = self.weight_g + delta * WEIGHT_STEP_G
        if delta not in (-1, 1) or not 0 <= grams <= MAX_WEIGHT_G or not self._in_hand().get("weighted"):
            return haptic.warning()
        self.weight_g = grams
        self._draft((await self.get_state(SessionState)).lang)

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def log_set(self, key: str, stamp: int):
        session = await self.get_state(SessionState)
        exercise = self._in_hand()
        if not self.workout or not exercise:
            self.ack(LOG_KEY, stamp)
            return
        kilograms = str(Decimal(self.weight_g) / 1000) if exercise["weighted"] else "0"
        try:
            logged = await asyncio.to_thread(
                service.submit_set, session.user_id, self.workout["id"], self.current, self.reps, kilograms,
                str(key), language=session.lang,
            )
        except ValueError as error:
            log.info("set refused: %s", getattr(error, "code", type(error).__name__))
            self.ack(LOG_KEY, stamp)  # the page drops the optimistic set: a visible rollback
            session.notice = _refusal(error, session.lang)
            return haptic.error()
        self._show(logged.workout, session.lang)
        self.set_key = uuid.uuid4().hex
        self.ack(LOG_KEY, stamp)
        return haptic.impact("light")

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def undo(self, key: str):
        session = await self.get_state(SessionState)
        if not self.workout:
            return
        # Back to the exercise whose set is undone: the newest set of all.
        newest = max(((s["id"], e["slug"]) for e in self.exercises for s in e["sets"]), default=None)
        try:
            view = await asyncio.to_thread(_undo, session.user_id, self.workout["id"], str(key), session.lang)
        except ValueError as error:
            log.info("undo refused: %s", getattr(error, "code", type(error).__name__))
            session.notice = _refusal(error, session.lang)
            return haptic.error()
        self._show(view, session.lang, prefer=newest[1] if newest else "")
        self.undo_key = uuid.uuid4().hex
        session.notice = text("f_set_undone", session.lang)
        return haptic.impact("light")

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    async def finish(self, key: str):
        session = await self.get_state(SessionState)
        if self.finishing or not self.workout.get("active"):
            return
        self.finishing = True
        yield
        try:
            finished = await asyncio.to_thread(
                service.submit_finish, session.user_id, self.workout["id"], str(key), language=session.lang
            )
        except ValueError as error:
            log.info("finish refused: %s", getattr(error, "code", type(error).__name__))
            self.finishing = False
            session.notice = _refusal(error, session.lang)
            yield haptic.error()
            return
        self._show(finished.workout, session.lang)
        self.finish_key = uuid.uuid4().hex
        self.finishing = False
        yield [haptic.success(), CelebrationState.watch]

    @rx.event
    @requires_user
    async def discard(self):
        session = await self.get_state(SessionState)
        if not self.workout.get("active") or self.workout.get("sets"):
            return haptic.warning()
        try:
            await asyncio.to_thread(_discard, session.user_id, self.workout["id"])
        except ValueError as error:
            session.notice = _refusal(error, session.lang)
            return haptic.error()
        self.workout = {}
        return rx.redirect(BASE)

    def _show(self, view: WorkoutView, language: Language, *, prefer: str = "") -> None:
        """Put the server's view on screen; stay on the exercise in hand while it has sets to go."""
        self.workout, self.exercises = _screen(view, language)
        self.server_now_ms = epoch_ms(datetime.now(UTC))
        slugs = [e["slug"] for e in self.exercises]
        in_hand = self._in_hand()
        if prefer in slugs:
            self._prefill(prefer, language)
        elif not in_hand or in_hand["done"]:
            self._prefill(view.next_exercise_slug or self.current or (slugs[-1] if slugs else ""), language)
        else:
            self._draft(language)

    def _prefill(self, slug: str, language: Language) -> None:
        self.current = slug
        exercise = self._in_hand()
        self.reps = exercise.get("suggested_reps", 10)
        self.weight_g = exercise.get("suggested_weight_g", 0) if exercise.get("weighted") else 0
        self._draft(language)

    def _in_hand(self) -> dict:
        return next((e for e in self.exercises if e["slug"] == self.current), {})

    def _draft(self, language: Language) -> None:
        self.weight_text = labels.weight_number(self.weight_g, language)
        self.draft_line = labels.set_line(self.reps, self.weight_g, language)
