"""The fitness demo's screens: programs, program, workout (then its summary), progress."""

from __future__ import annotations

import reflex as rx

from tma_app.ai.entry import ask_entry
from tma_app.demos.fitness.components import BASE, S, chip, empty, stat, stepper, volume_chart
from tma_app.demos.fitness.premium import KIND as PREMIUM_KIND
from tma_app.demos.fitness.state import (
    FitnessHistoryState,
    FitnessProgramsState,
    FitnessProgramState,
    preload_programs,
)
from tma_app.demos.fitness.workout_state import LOG_KEY, FitnessWorkoutState
from tma_app.demos.onboarding import demo_onboarding
from tma_app.demos.visit import demo_visit
from tma_app.offline.durable import NEW_KEY, durable
from tma_app.payments.components import buy_button, payment_status
from tma_app.payments.state import PaymentState
from tma_app.session.first_screen import register_first_screen
from tma_app.telegram import bridge, haptic
from tma_app.telegram.components import back_button, main_button, no_vertical_swipes, secondary_button
from tma_app.telegram.state import TelegramState
from tma_app.ui.clock import countdown, countdown_bar, elapsed_clock
from tma_app.ui.layout import app_shell
from tma_app.ui.location import current_path
from tma_app.ui.optimistic import Optimistic
from tma_app.ui.picture import picture
from tma_app.ui.primitives import (
    LIST,
    PRIMARY,
    TAP,
    failed,
    header,
    link,
    pill_link,
    section_heading,
    skeleton,
    thumb,
)

logged_sets = Optimistic("fitness_logged_set")


def ask_row(screen: str, item: rx.Var[str] | None = None) -> rx.Component:
    """The way into the assistant, at the end of a screen's loaded content (it never moves what is above)."""
    return rx.el.div(ask_entry("fitness", screen, item), class_name="mt-6 flex justify-center")


# ---- programs ----

def continue_banner(active: rx.Var[dict], server_now) -> rx.Component:
    return link(
        thumb(active["picture"], "w-12"),
        rx.el.div(
            rx.el.p(S["f_continue"], class_name="font-semibold"),
            rx.el.p(active["program"].to(str), " · ", active["sets"].to(str), class_name="truncate text-sm opacity-90"),
            class_name="min-w-0 flex-1",
        ),
        elapsed_clock(active["started_ms"].to(int), server_now, class_name="text-sm font-medium tabular-nums",
                      aria_label=S["f_workout_time"]),
        to=BASE + "/workout/" + active["id"].to(str),
        class_name="mt-1 flex items-center gap-3 rounded-2xl bg-tg-button p-3 text-tg-button-text",
        data_testid="continue-workout",
    )


def program_row(program: rx.Var[dict]) -> rx.Component:
    return link(
        thumb(program["picture"], "w-24"),
        rx.el.div(
            rx.el.h3(program["name"].to(str), class_name="font-semibold text-tg-text"),
            rx.el.p(program["description"].to(str), class_name="mt-0.5 line-clamp-2 text-sm text-tg-subtitle"),
            rx.el.div(
                chip(program["level"].to(str)),
                chip(program["minutes"].to(str)),
                rx.cond(program["locked"].to(bool), chip(program["unlock"].to(str), "bg-tg-secondary-bg")),
                class_name="mt-1.5 flex flex-wrap gap-1.5",
            ),
            class_name="min-w-0 flex-1",
        ),
        to=BASE + "/program/" + program["slug"].to(str),
        class_name="flex gap-3 p-3",
        data_testid="program-row",
    )


def programs_page() -> rx.Component:
    state = FitnessProgramsState
    return app_shell(
        demo_visit("fitness"),
        back_button("/"),
        header(S["f_title"], pill_link(S["f_progress"], BASE + "/history", "history-link")),
        demo_onboarding(
            "fitness",
            rx.cond(
                state.loading,
                skeleton(3),
                rx.cond(
                    state.failed,
                    failed(S["f_load_failed"], state.open(bridge.time_zone())),
                    rx.fragment(
                        rx.cond(state.active.length() > 0, continue_banner(state.active, state.server_now_ms)),
                        rx.cond(
                            state.streak != "",
                            rx.el.p(rx.el.span("🔥", aria_hidden="true"), " ", state.streak,
                                    class_name="mt-3 px-1 text-sm font-medium text-tg-text",
                                    data_testid="programs-streak"),
                        ),
                        section_heading(S["f_programs"]),
                        rx.el.div(rx.foreach(state.programs, program_row), class_name=LIST),
                        ask_row("programs"),
                    ),
                ),
            ),
            placeholder=skeleton(3),
        ),
        active_route=BASE,
        on_verified=state.open(bridge.time_zone()),
    )


# ---- program ----

def exercise_row(exercise: rx.Var[dict]) -> rx.Component:
    return rx.el.li(
        thumb(exercise["picture"], "w-14"),
        rx.el.div(
            rx.el.p(exercise["name"].to(str), class_name="font-medium text-tg-text"),
            rx.el.p(exercise["target"].to(str), class_name="text-sm text-tg-hint"),
            class_name="min-w-0 flex-1",
        ),
        chip(rx.cond(exercise["weighted"].to(bool), S["f_with_weight"], S["f_bodyweight"]), "bg-tg-bg"),
        class_name="flex items-center gap-3 p-3",
        data_testid="exercise-row",
    )


def program_page() -> rx.Component:
    state = FitnessProgramState
    program, active = state.program, state.active
    elsewhere = state.resumes & (active["program_slug"].to(str) != program["slug"].to(str))
    start = state.start(state.start_key)
    resume = rx.redirect(BASE + "/workout/" + active["id"].to(str))
    locked = program["locked"].to(bool)
    unlock = PaymentState.buy(PREMIUM_KIND, program["slug"].to(str))
    return app_shell(
        demo_visit("fitness"),
        back_button(BASE),
        rx.cond(
            state.loading,
            rx.el.div(rx.el.div(class_name="aspect-[4/3] animate-pulse rounded-2xl bg-tg-secondary-bg"), skeleton(2),
                      class_name="flex flex-col gap-3 pt-4", aria_busy="true"),
            rx.cond(
                state.missing | state.failed,
                rx.cond(state.failed, failed(S["f_load_failed"], state.open(current_path())),
                        failed(S["f_program_not_found"])),
                rx.fragment(
                    rx.cond(
                        locked,
                        main_button(program["unlock"].to(str), unlock, progress=PaymentState.busy,
                                    active=~PaymentState.busy),
                        rx.cond(
                            state.resumes,
                            main_button(S["f_continue"], resume),
                            main_button(S["f_start"], start, progress=state.starting, active=~state.starting),
                        ),
                    ),
                    rx.el.div(picture(program["picture"], "rounded-2xl"), class_name="pt-4"),
                    rx.el.h1(program["name"].to(str), class_name="mt-3 text-2xl font-bold text-tg-text",
                             data_testid="program-name"),
                    rx.el.div(
                        *[chip(program[k].to(str), "bg-tg-secondary-bg") for k in ("level", "minutes", "exercises")],
                        class_name="mt-2 flex flex-wrap gap-1.5",
                    ),
                    rx.el.p(program["description"].to(str), class_name="mt-3 text-tg-subtitle"),
                    rx.cond(
                        locked,
                        rx.el.div(
                            rx.el.p(S["f_locked_hint"], class_name="text-sm text-tg-hint"),
                            rx.el.div(buy_button(PREMIUM_KIND, program["slug"].to(str), program["unlock"].to(str),
                                                 test_id="unlock-program"), class_name="mt-2"),
                            payment_status(PREMIUM_KIND, program["slug"].to(str)),
                            class_name="mt-4 rounded-2xl bg-tg-secondary-bg p-3",
                            data_testid="program-locked",
                        ),
                        payment_status(PREMIUM_KIND, program["slug"].to(str)),
                    ),
                    rx.cond(
                        elsewhere,
                        rx.el.div(
                            rx.el.p(active["under_way"].to(str), class_name="font-medium text-tg-text"),
                            rx.el.p(S["f_under_way_hint"], class_name="mt-0.5 text-sm text-tg-hint"),
                            class_name="mt-4 rounded-2xl bg-tg-secondary-bg p-3",
                            role="status",
                        ),
                    ),
                    section_heading(S["f_exercises"]),
                    rx.el.ol(rx.foreach(state.exercises, exercise_row), class_name=LIST),
                    rx.cond(
                        ~TelegramState.in_telegram & ~locked,
                        rx.cond(
                            state.resumes,
                            rx.el.button(S["f_continue"], on_click=resume, class_name="mt-5 " + PRIMARY),
                            rx.el.button(S["f_start"], on_click=start, disabled=state.starting,
                                         class_name="mt-5 " + PRIMARY),
                        ),
                    ),
                    ask_row("program", program["slug"].to(str)),
                ),
            ),
        ),
        active_route=BASE,
        on_verified=state.open(current_path()),
    )


# ---- workout ----

def set_row(number, line, *, pending=False) -> rx.Component:
    return rx.el.li(
        rx.el.span(number, class_name="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-tg-bg "
                   "text-sm font-semibold tabular-nums text-tg-text"),
        rx.el.span(line, class_name="flex-1 text-tg-text"),
        rx.el.span("…" if pending else "✓", class_name="text-tg-hint" if pending else "text-tg-button",
                   aria_hidden="true"),
        class_name="flex items-center gap-3 px-4 py-2.5" + (" opacity-60" if pending else ""),
        aria_busy="true" if pending else None,
        data_testid="set-row",
        data_pending="true" if pending else "false",
    )


def plan_row(exercise: rx.Var[dict]) -> rx.Component:
    current = exercise["slug"].to(str) == FitnessWorkoutState.current
    return rx.el.li(
        rx.el.button(
            thumb(exercise["thumb"], "w-12"),
            rx.el.span(
                rx.el.span(exercise["name"].to(str), class_name=rx.cond(current, "text-tg-link", "text-tg-text").to(str)
                           + " block truncate font-medium"),
                rx.el.span(exercise["target"].to(str), class_name="block text-sm text-tg-hint"),
                class_name="min-w-0 flex-1 text-left",
            ),
            rx.el.span(
                rx.cond(exercise["done"].to(bool), "✓ ", ""), exercise["progress"].to(str),
                class_name=rx.cond(exercise["done"].to(bool), "text-tg-button", "text-tg-hint").to(str)
                + " text-sm font-medium tabular-nums",
            ),
            on_click=FitnessWorkoutState.pick(exercise["slug"].to(str)),
            aria_current=rx.cond(current, "step", "false"),
            class_name=rx.cond(current, "border-tg-link", "border-tg-secondary-bg").to(str) + " border-l-4"
            + f" {TAP} flex w-full items-center gap-3 px-3 py-2",
            data_testid="plan-row",
            **haptic.tap("selection"),
        ),
    )


def workout_active() -> rx.Component:
    state, workout, exercise = FitnessWorkoutState, FitnessWorkoutState.workout, FitnessWorkoutState.exercise
    sets = exercise["sets"].to(list[dict])
    draft = rx.Var.create({
        "exercise": state.current,
        "base": workout["sets"].to(int),
        "number": sets.length() + 1,
        "line": state.draft_line,
    })
    weight = rx.cond(state.exercise["weighted"].to(bool), state.weight_g, 0)
    # Queued with what the screen shows now, under a key of its own (a set logged offline is new).
    log_set = logged_sets.change(LOG_KEY, draft, lambda stamp: durable(
        state.log_set(NEW_KEY, stamp, workout["id"].to(int), state.current, state.reps, weight),
        target="fitness:set:" + state.current, once=True, kind="add"))
    pending = logged_sets.shown(LOG_KEY, rx.Var.create({}), state.acked).to(dict)
    # Shown until the server's word on this tap, and only while the server has not moved on.
    shows_pending: rx.Var[bool] = rx.Var(
        _js_expr=f"((p) => !!p && p.base === {workout['sets'].to(int)} && p.exercise === {state.current})({pending})",
        _var_type=bool,
        _var_data=rx.vars.VarData.merge(pending._get_all_var_data(), workout._get_all_var_data(),
                                        state.current._get_all_var_data()),
    )
    rest_until, server_now = workout["rest_end_ms"].to(int), state.server_now_ms
    finish = state.finish(state.finish_key)
    return rx.fragment(
        no_vertical_swipes(),
        main_button(S["f_log_set"], log_set),
        secondary_button(S["f_finish"], finish, progress=state.finishing, position="left"),
        rx.el.header(
            rx.el.p(workout["program"].to(str), class_name="min-w-0 truncate text-sm text-tg-hint"),
            rx.el.span(
                rx.el.span("⏱ ", aria_hidden="true"),
                elapsed_clock(workout["started_ms"].to(int), server_now, class_name="tabular-nums",
                              data_testid="workout-clock"),
                class_name="shrink-0 rounded-full bg-tg-secondary-bg px-3 py-1 text-sm font-medium text-tg-text",
                aria_label=S["f_workout_time"],
                role="timer",
            ),
            class_name="flex items-center justify-between gap-3 pt-4",
        ),
        rx.el.section(
            rx.el.div(picture(exercise["picture"], "rounded-2xl"), class_name="w-32 shrink-0"),
            rx.el.div(
                rx.el.p(exercise["next_set"].to(str), class_name="text-sm font-medium text-tg-link",
                        data_testid="next-set"),
                rx.el.h1(exercise["name"].to(str), class_name="text-xl font-bold leading-tight text-tg-text",
                         data_testid="exercise-name"),
                rx.el.p(exercise["target"].to(str), class_name="mt-1 text-sm text-tg-hint"),
                class_name="min-w-0 flex-1",
            ),
            class_name="mt-3 flex items-center gap-4",
        ),
        rx.cond(
            rest_until > 0,
            rx.el.div(
                rx.el.div(
                    rx.el.span(S["f_rest"], class_name="text-sm font-medium text-tg-hint"),
                    countdown(rest_until, server_now, done=S["f_rest_over"],
                              class_name="text-2xl font-semibold tabular-nums text-tg-text", data_testid="rest"),
                    class_name="flex items-baseline justify-between",
                ),
                rx.el.div(
                    countdown_bar(rest_until, workout["rest_seconds"].to(int), server_now,
                                  class_name="block h-full rounded-full bg-tg-button transition-[width] duration-300"),
                    class_name="mt-2 h-1.5 overflow-hidden rounded-full bg-tg-bg",
                ),
                class_name="mt-4 rounded-2xl bg-tg-secondary-bg px-4 py-3",
                role="timer",
                aria_label=S["f_rest"],
            ),
        ),
        rx.el.div(
            stepper(S["f_reps"], state.reps, minus=state.step_reps(-1), plus=state.step_reps(1),
                    minus_label=S["f_fewer_reps"], plus_label=S["f_more_reps"], test_id="reps"),
            rx.cond(
                exercise["weighted"].to(bool),
                stepper(S["f_weight_kg"], state.weight_text, minus=state.step_weight(-1), plus=state.step_weight(1),
                        minus_label=S["f_lighter"], plus_label=S["f_heavier"], test_id="weight"),
                rx.el.div(
                    rx.el.p(S["f_weight_kg"], class_name="text-xs font-medium uppercase tracking-wide "
                            "text-tg-section-header"),
                    rx.el.p(S["f_bodyweight"], class_name="mt-2 flex h-11 items-center justify-center text-lg "
                            "font-medium text-tg-hint"),
                    class_name="min-w-0 flex-1 rounded-2xl bg-tg-secondary-bg p-3",
                ),
            ),
            class_name="mt-3 flex gap-3",
        ),
        section_heading(S["f_logged"]),
        rx.cond(
            (sets.length() > 0) | shows_pending,
            rx.el.ol(
                rx.foreach(sets, lambda s: set_row(s["number"].to(str), s["line"].to(str))),
                rx.cond(shows_pending, set_row(pending["number"].to(str), pending["line"].to(str), pending=True)),
                class_name=LIST,
                aria_live="polite",
                data_testid="sets",
            ),
            rx.el.p(S["f_no_sets_yet"], class_name="rounded-2xl bg-tg-secondary-bg px-4 py-3 text-sm text-tg-hint",
                    data_testid="no-sets"),
        ),
        rx.cond(
            workout["all_done"].to(bool),
            rx.el.p("🎉 ", S["f_all_done"], class_name="mt-3 px-1 text-sm font-medium text-tg-text", role="status"),
        ),
        rx.el.div(
            rx.cond(
                workout["can_undo"].to(bool),
                rx.el.button("↶ ", S["f_undo"], on_click=state.undo(state.undo_key),
                             class_name=f"{TAP} rounded-full px-3 text-sm text-tg-link", data_testid="undo",
                             **haptic.tap("light")),
            ),
            rx.cond(workout["sets"].to(int) > 0,
                    rx.el.span(workout["summary"].to(str), class_name="ml-auto py-3 text-sm tabular-nums text-tg-hint",
                               data_testid="workout-summary")),
            class_name="mt-1 flex items-center",
        ),
        section_heading(S["f_plan"]),
        rx.el.ol(rx.foreach(state.exercises, plan_row), class_name=LIST),
        rx.cond(
            workout["sets"].to(int) == 0,
            rx.el.button(S["f_discard"], on_click=state.discard,
                         class_name=f"{TAP} mt-4 w-full rounded-xl text-sm text-tg-destructive", data_testid="discard"),
        ),
        rx.cond(
            ~TelegramState.in_telegram,
            rx.el.div(
                rx.el.button(S["f_finish"], on_click=finish, disabled=state.finishing,
                             class_name="h-12 flex-1 rounded-xl bg-tg-secondary-bg font-medium text-tg-link"),
                rx.el.button(S["f_log_set"], on_click=log_set, class_name="h-12 flex-1 rounded-xl bg-tg-button "
                             "font-medium text-tg-button-text"),
                class_name="mt-5 flex gap-3",
            ),
        ),
    )


def workout_done() -> rx.Component:
    workout = FitnessWorkoutState.workout
    to_history = rx.redirect(BASE + "/history")
    return rx.el.div(
        main_button(S["f_see_progress"], to_history),
        rx.el.div(
            rx.el.span("✓", class_name="flex h-16 w-16 items-center justify-center rounded-full bg-tg-button text-3xl "
                       "text-tg-button-text", aria_hidden="true"),
            rx.el.h1(S["f_complete"], class_name="mt-4 text-2xl font-bold text-tg-text", data_testid="workout-done"),
            rx.el.p(workout["program"].to(str), class_name="mt-1 text-tg-hint"),
            class_name="flex flex-col items-center pt-10 text-center",
        ),
        rx.el.dl(
            stat(S["f_duration"], workout["duration"].to(str), "total-duration"),
            stat(S["f_sets"], workout["total_sets"].to(str), "total-sets"),
            stat(S["f_total_reps"], workout["total_reps"].to(str), "total-reps"),
            stat(S["f_volume"], workout["volume"].to(str), "total-volume"),
            class_name="mt-8 grid grid-cols-2 gap-3",
            data_testid="workout-totals",
        ),
        rx.el.div(
            rx.cond(~TelegramState.in_telegram,
                    rx.el.button(S["f_see_progress"], on_click=to_history, class_name=PRIMARY)),
            link(S["f_back_to_programs"], to=BASE, class_name=f"{TAP} flex items-center justify-center text-tg-link"),
            class_name="mt-6 flex flex-col gap-2",
        ),
    )


def workout_page() -> rx.Component:
    state = FitnessWorkoutState
    return app_shell(
        demo_visit("fitness"),
        logged_sets.pending,
        back_button(BASE),
        rx.cond(
            state.loading,
            rx.el.div(skeleton(1, "h-8"), skeleton(1, "h-32"), skeleton(2, "h-20"),
                      class_name="flex flex-col gap-3 pt-4"),
            rx.cond(
                state.missing | state.failed,
                rx.cond(state.failed, failed(S["f_load_failed"], state.open(current_path())),
                        failed(S["f_not_found"])),
                rx.fragment(
                    rx.cond(state.workout["active"].to(bool), workout_active(), workout_done()),
                    ask_row("workout", state.workout["id"].to(str)),
                ),
            ),
        ),
        active_route=BASE,
        on_verified=state.open(current_path()),
    )


# ---- progress ----

def history_row(workout: rx.Var[dict]) -> rx.Component:
    return link(
        thumb(workout["picture"], "w-12"),
        rx.el.div(
            rx.el.p(workout["name"].to(str), class_name="truncate font-medium text-tg-text"),
            rx.el.p(workout["details"].to(str), class_name="text-sm text-tg-hint"),
            class_name="min-w-0 flex-1",
        ),
        rx.el.span(workout["when"].to(str), class_name="shrink-0 text-xs text-tg-hint"),
        to=BASE + "/workout/" + workout["id"].to(str),
        class_name="flex items-center gap-3 p-3",
        data_testid="history-row",
    )


def history_page() -> rx.Component:
    state = FitnessHistoryState
    return app_shell(
        demo_visit("fitness"),
        back_button(BASE),
        header(S["f_progress"]),
        rx.cond(
            state.loading,
            rx.el.div(skeleton(1, "h-20"), skeleton(1, "h-48"), skeleton(2, "h-16"), class_name="flex flex-col gap-3"),
            rx.cond(
                state.failed,
                failed(S["f_load_failed"], state.open(bridge.time_zone())),
                rx.fragment(
                    rx.el.section(
                        rx.el.span("🔥", class_name=rx.cond(state.streak > 0, "", "grayscale opacity-40").to(str)
                                   + " text-4xl leading-none", aria_hidden="true"),
                        rx.el.div(
                            rx.el.p(state.streak_label, class_name=rx.cond(state.streak > 0, "text-lg font-semibold",
                                                                           "text-sm").to(str) + " text-tg-text",
                                    data_testid="streak"),
                            rx.cond(state.streak_hint != "",
                                    rx.el.p(state.streak_hint, class_name="text-sm text-tg-hint")),
                            class_name="min-w-0",
                        ),
                        class_name="flex items-center gap-4 rounded-2xl bg-tg-secondary-bg p-4",
                    ),
                    rx.el.section(
                        rx.el.div(
                            rx.el.h2(S["f_chart_title"], class_name="font-semibold text-tg-text"),
                            rx.el.span(S["f_chart_period"], class_name="text-xs text-tg-hint"),
                            class_name="flex items-baseline justify-between",
                        ),
                        rx.el.p(state.summary, class_name="mt-0.5 text-sm text-tg-hint", data_testid="chart-summary"),
                        rx.el.div(volume_chart(state.bars, state.chart_label, state.first_day, state.last_day),
                                  class_name="mt-3"),
                        class_name="mt-3 rounded-2xl bg-tg-secondary-bg p-4",
                    ),
                    section_heading(S["f_history"]),
                    rx.cond(
                        state.workouts.length() > 0,
                        rx.el.div(rx.foreach(state.workouts, history_row),
                                  class_name=LIST),
                        empty(S["f_history_empty"],
                              link(S["f_programs"], to=BASE, class_name=f"{TAP} flex items-center rounded-full "
                                   "bg-tg-button px-5 text-sm font-medium text-tg-button-text")),
                    ),
                ),
            ),
        ),
        active_route=BASE,
        on_verified=state.open(bridge.time_zone()),
    )


def add_pages(app: rx.App) -> None:
    app.add_page(programs_page, route=BASE, title="Fitness")
    register_first_screen(BASE, preload_programs)
    app.add_page(program_page, route=BASE + "/program/[slug]", title="Fitness")
    app.add_page(workout_page, route=BASE + "/workout/[workout_id]", title="Fitness")
    app.add_page(history_page, route=BASE + "/history", title="Fitness")
