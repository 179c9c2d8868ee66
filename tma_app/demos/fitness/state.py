"""The fitness demo's programs, program and progress screens: thin adapters over its logic modules.

The workout itself (sets, rest, finish) is in `workout_state`; what each screen shows is built
by `presenter`. A demo visit starts in `tma_app.demos.visit` (every screen's load enters it).
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

import reflex as rx

from tma_app.core.db import in_session
from tma_app.core.i18n import text
from tma_app.demos.fitness import overviews, workouts
from tma_app.demos.fitness.errors import FitnessError
from tma_app.demos.fitness.premium import KIND as PREMIUM_KIND
from tma_app.demos.fitness.presenter import (
    epoch_ms,
    program_screen,
    programs_screen,
    progress_screen,
    start_notice,
    zone_name,
)
from tma_app.payments.state import on_paid
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.ui.location import last_segment
from tma_app.ui.picture import media_base_url

log = logging.getLogger(__name__)
BASE = "/demos/fitness"


class FitnessProgramsState(rx.State):
    programs: list[dict] = []
    # The workout under way, to resume ({} when there is none).
    active: dict = {}
    streak: str = ""
    server_now_ms: int = 0
    loading: bool = True
    failed: bool = False

    # The zone of the programs sign-in loaded a moment ago (preload_programs), "" when it did not: the
    # mount's `open` fetches them again only if the device sends another zone.
    _preloaded_zone: str = ""

    @rx.event
    @requires_user
    async def open(self, time_zone: str):
        zone, preloaded, self._preloaded_zone = zone_name(time_zone), self._preloaded_zone, ""
        if preloaded and zone in ("", preloaded):
            return
        await self._load(zone)

    async def _load(self, zone: str) -> str:
        """The zone the programs were counted in, "" when they failed to load."""
        session = await self.get_state(SessionState)
        counted = ""
        try:
            overview = await in_session(overviews.programs_overview, session.user_id, session.lang, zone)
            self.programs, self.active, self.streak = programs_screen(overview, session.lang,
                                                                      media_base=media_base_url())
            self.failed, counted = False, overview.timezone
        except Exception:
            log.exception("fitness programs failed to load")
            self.failed = True
        self.server_now_ms = epoch_ms(datetime.now(UTC))
        self.loading = False
        return counted


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
        try:
            overview = await in_session(overviews.program_overview, last_segment(path), session.user_id, session.lang)
            self.program, self.exercises, self.active = program_screen(overview, session.lang,
                                                                       media_base=media_base_url())
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
    async def refresh(self):
        """After a purchase: the same program again, now unlocked."""
        if self.program:
            return FitnessProgramState.open(f"{BASE}/program/{self.program['slug']}")

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
        try:
            result = await in_session(workouts.start_workout, session.user_id, slug, str(key), language=session.lang)
        except ValueError as error:  # every FitnessError is one
            yield self._start_refused(error, session)
            return
        self.start_key, self.starting = uuid.uuid4().hex, False
        if notice := start_notice(result, slug, session.lang):
            session.notice = notice
        yield [haptic.impact("medium"), rx.redirect(f"{BASE}/workout/{result.workout.id}")]

    def _start_refused(self, error: ValueError, session: SessionState):
        log.info("workout start refused: %s", getattr(error, "code", type(error).__name__))
        self.starting, session.notice = False, text("f_error_generic", session.lang)
        return haptic.error()


# A bought program opens at once on its screen.
on_paid(PREMIUM_KIND, FitnessProgramState.refresh)


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
            overview = await in_session(overviews.progress_overview, session.user_id, session.lang,
                                        zone_name(time_zone))
        except Exception:
            log.exception("fitness history failed to load")
            self.failed, self.loading = True, False
            return
        screen = progress_screen(overview, session.lang, overview.timezone, media_base=media_base_url())
        for name, value in screen.items():
            setattr(self, name, value)
        self.failed, self.loading = False, False


async def preload_programs(session: SessionState) -> None:
    """The programs in the sign-in answer (session.first_screen), in the zone the server stored."""
    state = await session.get_state(FitnessProgramsState)
    state._preloaded_zone = await state._load("")
