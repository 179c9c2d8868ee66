"""Profile, leaderboard and daily tasks: what the gamification engine shows the user."""

from __future__ import annotations

import reflex as rx

from tma_app.gamification.state import LeaderboardState, ProfileState, TasksState
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.telegram.components import back_button
from tma_app.ui.layout import app_shell

_SECTION = "overflow-hidden rounded-2xl bg-tg-secondary-bg"
_HEADING = "mb-2 mt-5 px-1 text-xs font-medium uppercase tracking-wide text-tg-section-header"
_S = SessionState.strings


def _stat(value, label_key: str, test_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.div(value, class_name="text-xl font-semibold text-tg-text", data_testid=test_id),
        rx.el.div(_S[label_key], class_name="text-xs text-tg-hint"),
        class_name="flex-1 rounded-2xl bg-tg-secondary-bg px-3 py-3 text-center",
    )


def _avatar() -> rx.Component:
    return rx.cond(
        ProfileState.photo_url != "",
        rx.el.img(src=ProfileState.photo_url, alt="", custom_attrs={"width": "64", "height": "64"},
                  class_name="h-16 w-16 rounded-full object-cover", referrer_policy="no-referrer"),
        rx.el.div(ProfileState.initials, aria_hidden="true",
                  class_name="flex h-16 w-16 items-center justify-center rounded-full bg-tg-button text-xl "
                             "font-semibold text-tg-button-text"),
    )


def _level_card() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.span(_S["g_level"], " ", rx.el.span(ProfileState.level, data_testid="profile-level"),
                       class_name="font-semibold text-tg-text"),
            rx.el.span(ProfileState.to_next, " XP ", _S["g_to_next"], class_name="text-xs text-tg-hint"),
            class_name="flex items-baseline justify-between",
        ),
        rx.el.div(
            rx.el.div(class_name="h-full rounded-full bg-tg-button transition-[width] duration-500",
                      style={"width": ProfileState.level_percent.to_string() + "%"}),
            role="progressbar", aria_valuenow=ProfileState.level_percent, aria_valuemin=0, aria_valuemax=100,
            class_name="mt-2 h-2 overflow-hidden rounded-full bg-tg-bg", data_testid="level-progress",
        ),
        class_name=_SECTION + " mt-4 px-4 py-3",
    )


def _streak_card() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.span("🔥", aria_hidden="true", class_name="text-2xl"),
            rx.el.div(
                rx.el.div(ProfileState.streak, " ", _S["g_streak_days"], class_name="font-semibold text-tg-text",
                          data_testid="profile-streak"),
                rx.el.div(_S["g_streak_longest"], ": ", ProfileState.longest, " · ", _S["g_freezes"], ": ",
                          rx.el.span(ProfileState.freezes, data_testid="profile-freezes"), "/",
                          ProfileState.max_freezes, class_name="text-xs text-tg-hint"),
                class_name="flex-1",
            ),
            class_name="flex items-center gap-3",
        ),
        rx.el.p(_S["g_freeze_hint"], class_name="mt-2 text-xs text-tg-hint"),
        rx.el.button(
            _S["g_freeze_buy"], " · ", ProfileState.freeze_price, " 🪙",
            on_click=ProfileState.buy_freeze,
            disabled=ProfileState.buying | (ProfileState.freezes >= ProfileState.max_freezes),
            class_name="mt-3 w-full rounded-xl bg-tg-button px-4 py-2 text-sm text-tg-button-text disabled:opacity-50",
            data_testid="buy-freeze",
            **haptic.tap("light"),
        ),
        class_name=_SECTION + " mt-3 px-4 py-3",
    )


def _badge(badge: rx.Var[dict]) -> rx.Component:
    return rx.el.li(
        rx.el.span(badge["icon"], class_name="text-2xl", aria_hidden="true"),
        rx.el.div(
            rx.el.div(badge["name"], class_name="font-medium text-tg-text"),
            rx.el.div(badge["description"], class_name="text-xs text-tg-hint"),
            class_name="flex-1",
        ),
        rx.el.time(badge["earned"], date_time=badge["earned"], class_name="text-xs text-tg-hint"),
        class_name="flex items-center gap-3 border-b border-tg-separator px-4 py-3 last:border-0",
        data_testid="badge", data_badge=badge["id"],
    )


def _referral(entry: rx.Var[dict]) -> rx.Component:
    return rx.el.li(
        rx.el.span(entry["name"], class_name="flex-1 text-tg-text"),
        rx.el.span(entry["status"], " · ", entry["date"], class_name="text-xs text-tg-hint"),
        class_name="flex items-center gap-3 border-b border-tg-separator px-4 py-3 last:border-0",
        data_testid="referral",
    )


def _referrals() -> rx.Component:
    return rx.fragment(
        rx.el.h2(_S["g_referrals"], class_name=_HEADING),
        rx.el.section(
            rx.el.p(_S["g_referral_hint"], class_name="text-xs text-tg-hint"),
            rx.el.code(ProfileState.referral_link, class_name="mt-2 block break-all text-sm text-tg-link",
                       data_testid="referral-link"),
            rx.el.button(_S["g_share"], on_click=ProfileState.share, data_testid="share-referral",
                         class_name="mt-3 w-full rounded-xl bg-tg-button px-4 py-2 text-sm text-tg-button-text",
                         **haptic.tap("light")),
            class_name=_SECTION + " px-4 py-3",
        ),
        rx.cond(
            ProfileState.referrals.length() > 0,
            rx.el.ul(rx.foreach(ProfileState.referrals, _referral), class_name=_SECTION + " mt-2"),
            rx.el.p(_S["g_referrals_none"], class_name="mt-2 px-1 text-sm text-tg-hint"),
        ),
    )


def profile_page() -> rx.Component:
    return app_shell(
        back_button("/"),
        rx.cond(
            ProfileState.loaded,
            rx.fragment(
                rx.el.header(
                    _avatar(),
                    rx.el.h1(ProfileState.name, class_name="text-xl font-bold text-tg-text"),
                    class_name="flex items-center gap-4 pt-5",
                ),
                rx.el.div(_stat(ProfileState.xp, "g_xp", "profile-xp"),
                          _stat(ProfileState.coins, "g_coins", "profile-coins"),
                          class_name="mt-4 flex gap-3"),
                _level_card(),
                _streak_card(),
                rx.el.h2(_S["g_badges"], class_name=_HEADING),
                rx.cond(
                    ProfileState.badges.length() > 0,
                    rx.el.ul(rx.foreach(ProfileState.badges, _badge), class_name=_SECTION),
                    rx.el.p(_S["g_badges_none"], class_name="px-1 text-sm text-tg-hint"),
                ),
                _referrals(),
            ),
            rx.el.div(class_name="mt-6 h-40 animate-pulse rounded-2xl bg-tg-secondary-bg"),
        ),
        active_route="/profile",
        on_verified=ProfileState.load,
    )


def _tab(board: str, label_key: str) -> rx.Component:
    active = LeaderboardState.board == board
    return rx.el.button(
        _S[label_key],
        on_click=LeaderboardState.show(board),
        role="tab", aria_selected=active,
        class_name=rx.cond(active, "flex-1 rounded-lg bg-tg-bg py-1.5 text-sm font-medium text-tg-text",
                           "flex-1 py-1.5 text-sm text-tg-hint"),
        data_testid=f"board-{board}",
        **haptic.tap("selection"),
    )


def _row(entry: rx.Var[dict]) -> rx.Component:
    return rx.el.li(
        rx.el.span(entry["rank"], class_name="w-8 text-right text-sm text-tg-hint"),
        rx.el.span(entry["name"], class_name="flex-1 truncate text-tg-text"),
        rx.el.span(entry["xp"], " XP", class_name="text-sm font-medium text-tg-text"),
        class_name=rx.cond(entry["me"], "flex items-center gap-3 bg-tg-bg px-4 py-2.5",
                           "flex items-center gap-3 px-4 py-2.5"),
        data_testid="board-row",
    )


def leaderboard_page() -> rx.Component:
    return app_shell(
        back_button("/"),
        rx.el.h1(_S["nav_leaderboard"], class_name="pt-5 text-2xl font-bold text-tg-text"),
        rx.el.div(_tab("all_time", "g_all_time"), _tab("weekly", "g_weekly"), role="tablist",
                  class_name="mt-4 flex gap-1 rounded-xl bg-tg-secondary-bg p-1"),
        rx.cond(
            LeaderboardState.entries.length() > 0,
            rx.el.ol(rx.foreach(LeaderboardState.entries, _row), class_name=_SECTION + " mt-3 divide-y divide-tg-separator"),
            rx.el.p(_S["g_board_empty"], class_name="mt-4 px-1 text-sm text-tg-hint"),
        ),
        # The user's own place, pinned above the bottom bar even when far outside the top.
        rx.el.div(
            rx.cond(
                LeaderboardState.my_rank > 0,
                rx.el.div(rx.el.span("#", LeaderboardState.my_rank, class_name="font-semibold"),
                          rx.el.span(_S["g_you"], class_name="flex-1"),
                          rx.el.span(LeaderboardState.my_xp, " XP"),
                          class_name="flex items-center gap-3"),
                rx.el.span(_S["g_not_ranked"]),
            ),
            class_name="fixed inset-x-3 bottom-[calc(4.25rem+var(--tg-safe-area-inset-bottom))] mx-auto max-w-xl "
                       "rounded-xl bg-tg-button px-4 py-2.5 text-sm text-tg-button-text shadow-lg",
            data_testid="my-rank",
        ),
        active_route="/leaderboard",
        on_verified=LeaderboardState.load,
    )


def _task(task: rx.Var[dict]) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.div(task["title"], class_name="font-medium text-tg-text"),
            rx.el.div(task["progress"], "/", task["target"], " · ", task["reward"], class_name="text-xs text-tg-hint"),
            rx.el.div(rx.el.div(class_name="h-full rounded-full bg-tg-button",
                                style={"width": task["percent"].to_string() + "%"}),
                      class_name="mt-2 h-1.5 overflow-hidden rounded-full bg-tg-bg"),
            class_name="flex-1",
        ),
        rx.cond(
            task["claimed"],
            rx.el.span(_S["g_claimed"], class_name="text-sm text-tg-hint", data_testid="task-claimed"),
            rx.el.button(
                _S["g_claim"],
                on_click=TasksState.claim(task["id"]),
                disabled=~task["done"].to(bool) | (TasksState.claiming != ""),
                class_name="rounded-xl bg-tg-button px-4 py-1.5 text-sm text-tg-button-text disabled:opacity-40",
                data_testid="claim-task",
            ),
        ),
        class_name="flex items-center gap-3 border-b border-tg-separator px-4 py-3 last:border-0",
        data_testid="task", data_task=task["id"],
    )


def tasks_page() -> rx.Component:
    return app_shell(
        back_button("/"),
        rx.el.h1(_S["g_tasks_title"], class_name="pt-5 text-2xl font-bold text-tg-text"),
        rx.el.p(_S["g_tasks_hint"], class_name="mt-1 text-sm text-tg-hint"),
        rx.el.ul(rx.foreach(TasksState.tasks, _task), class_name=_SECTION + " mt-4"),
        active_route="/tasks",
        on_verified=TasksState.load,
    )


def add_pages(app: rx.App) -> None:
    app.add_page(profile_page, route="/profile", title="Profile")
    app.add_page(leaderboard_page, route="/leaderboard", title="Leaderboard")
    app.add_page(tasks_page, route="/tasks", title="Daily tasks")
