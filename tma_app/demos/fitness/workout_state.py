"""The fitness demo's workout screen: log, undo and finish sets; thin adapters over its logic modules.

A logged set shows at once through the shared optimistic pattern (`tma_app.ui.optimistic`,
key "log") and goes through the page's durable queue (`tma_app.offline`) with what the screen
showed and a key made at the tap, so a set logged offline reaches the server once, even after
the app was closed; the queue takes a double tap as one tap. Undo and finish carry keys held
here, minted on load and after a success, so a double tap sends the same key and the server
acts once. What the screen
shows is built by `workout_presenter`; which exercise is in hand is `rules.exercise_in_hand`.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

import reflex as rx
from reflex.event import EventSpec

from tma_app.core.db import in_session
from tma_app.core.i18n import Language, text
from tma_app.demos.fitness import queries, sets, workouts
from tma_app.demos.fitness.presenter import epoch_ms
from tma_app.demos.fitness.rules import exercise_in_hand, stepped_reps, stepped_weight
from tma_app.demos.fitness.shapes import WorkoutView
from tma_app.demos.fitness.state import BASE
from tma_app.demos.fitness.workout_presenter import (
    NO_EXERCISE,
    draft,
    newest_set_exercise,
    refusal,
    suggestion,
    workout_screen,
)
from tma_app.gamification.state import CelebrationState
from tma_app.offline.state import handles_queued
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.ui.location import last_segment
from tma_app.ui.optimistic import OptimisticAcks
from tma_app.ui.picture import media_base_url

log = logging.getLogger(__name__)
LOG_KEY = "log"  # the optimistic overlay's key for the set being logged


def _refuse(session: SessionState, action: str, error: Exception) -> EventSpec:
    """Say why the server refused a tap (logged by its code) and buzz."""
    log.info("%s refused: %s", action, getattr(error, "code", type(error).__name__))
    session.notice = refusal(error, session.lang)
    return haptic.error()


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
    # The keys of the next undo and finish: the same for a double tap, new after a success.
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
            self._settle(missing=True)
            return
        if self.workout.get("id") != int(raw):
            self.loading, self.workout, self.exercises = True, {}, []
            yield
        view = await self._load(session, int(raw))
        if view is None:
            return
        self.current, self.finishing = "", False
        self._show(view, session.lang)
        self.undo_key, self.finish_key = uuid.uuid4().hex, uuid.uuid4().hex
        self._settle()

    async def _load(self, session: SessionState, workout_id: int) -> WorkoutView | None:
        """The workout, or None with the screen settled as missing or failed."""
        try:
            return await in_session(queries.get_workout, session.user_id, workout_id, session.lang)
        except ValueError:
            self._settle(missing=True)
        except Exception:
            log.exception("fitness workout failed to load")
            self._settle(failed=True)
        return None

    @rx.event
    async def pick(self, slug: str):
        if any(e["slug"] == slug for e in self.exercises) and slug != self.current:
            self._prefill(str(slug), (await self.get_state(SessionState)).lang)

    @rx.event
    async def step_reps(self, delta: int):
        reps = stepped_reps(self.reps, delta)
        if reps is None:
            return haptic.warning()
        self.reps = reps
        self._draft((await self.get_state(SessionState)).lang)

    @rx.event
    async def step_weight(self, delta: int):
        grams = stepped_weight(self.weight_g, delta) if self._in_hand().get("weighted") else None
        if grams is None:
            return haptic.warning()
        self.weight_g = grams
        self._draft((await self.get_state(SessionState)).lang)

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    @handles_queued
    async def log_set(self, key: str, stamp: int, workout_id: int, exercise: str, reps: int, weight_g: int):
        """Log the set on screen; replayed from the queue after a reopen, the set the tap saw.

        While this workout's screen is live its state is newer than the tap's copy: a stepper tapped
        just before reached the server first (a tab's events are handled in order).
        """
        session = await self.get_state(SessionState)
        if self.workout.get("id") == workout_id and (in_hand := self._in_hand()):
            exercise, reps, weight_g = self.current, self.reps, self.weight_g if in_hand["weighted"] else 0
        try:
            logged = await in_session(sets.submit_set, session.user_id, int(workout_id), str(exercise), reps,
                                      weight_g, str(key), language=session.lang)
        except (ValueError, TypeError) as error:
            self.ack(LOG_KEY, stamp)  # the page drops the optimistic set: a visible rollback
            return _refuse(session, "set", error)
        if self.workout.get("id") == logged.workout_id:
            self._show(logged.workout, session.lang)
        self.ack(LOG_KEY, stamp)
        return haptic.impact("light")

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def undo(self, key: str):
        session = await self.get_state(SessionState)
        if not self.workout:
            return
        back_to = newest_set_exercise(self.exercises)
        try:
            undone = await in_session(sets.undo_last_set, session.user_id, self.workout["id"], str(key),
                                      language=session.lang)
        except ValueError as error:
            return _refuse(session, "undo", error)
        self._show(undone.workout, session.lang, prefer=back_to)
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
            finished = await in_session(workouts.submit_finish, session.user_id, self.workout["id"], str(key),
                                        language=session.lang)
        except ValueError as error:
            self.finishing = False
            yield _refuse(session, "finish", error)
            return
        self._show(finished.workout, session.lang)
        self.finish_key, self.finishing = uuid.uuid4().hex, False
        yield [haptic.success(), CelebrationState.watch]

    @rx.event
    @requires_user
    async def discard(self):
        session = await self.get_state(SessionState)
        if not self.workout.get("active") or self.workout.get("sets"):
            return haptic.warning()
        try:
            await in_session(workouts.discard_workout, session.user_id, self.workout["id"])
        except ValueError as error:
            return _refuse(session, "discard", error)
        self.workout = {}
        return rx.redirect(BASE)

    def _settle(self, *, missing: bool = False, failed: bool = False) -> None:
        self.missing, self.failed, self.loading = missing, failed, False

    def _show(self, view: WorkoutView, language: Language, *, prefer: str = "") -> None:
        """Put the server's view on screen, on the exercise `rules.exercise_in_hand` picks."""
        self.workout, self.exercises = workout_screen(view, language, media_base=media_base_url())
        self.server_now_ms = epoch_ms(datetime.now(UTC))
        slug, start_over = exercise_in_hand(view, self.current, prefer)
        if start_over:
            self._prefill(slug, language)
        else:
            self._draft(language)

    def _prefill(self, slug: str, language: Language) -> None:
        self.current = slug
        self.reps, self.weight_g = suggestion(self._in_hand())
        self._draft(language)

    def _in_hand(self) -> dict:
        return next((e for e in self.exercises if e["slug"] == self.current), {})

    def _draft(self, language: Language) -> None:
        self.weight_text, self.draft_line = draft(self.reps, self.weight_g, language)
