"""The leaderboard screen: all-time and weekly boards, and the user's own place pinned."""

from __future__ import annotations

import reflex as rx

from tma_app.gamification.components import SECTION
from tma_app.gamification.leaderboard.presenter import BoardRow
from tma_app.gamification.leaderboard.state import LeaderboardState
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.telegram.components import back_button
from tma_app.ui.layout import app_shell

_S = SessionState.strings


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


def _row(entry: rx.Var[BoardRow]) -> rx.Component:
    return rx.el.li(
        rx.el.span(entry.rank, class_name="w-8 text-right text-sm text-tg-hint"),
        rx.el.span(entry.name, class_name="flex-1 truncate text-tg-text"),
        rx.el.span(entry.xp, " XP", class_name="text-sm font-medium text-tg-text"),
        class_name=rx.cond(entry.me, "flex items-center gap-3 bg-tg-bg px-4 py-2.5",
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
            LeaderboardState.screen.rows.length() > 0,
            rx.el.ol(rx.foreach(LeaderboardState.screen.rows, _row),
                     class_name=SECTION + " mt-3 divide-y divide-tg-separator"),
            rx.el.p(_S["g_board_empty"], class_name="mt-4 px-1 text-sm text-tg-hint"),
        ),
        # The user's own place, pinned above the bottom bar even when far outside the top.
        rx.el.div(
            rx.cond(
                LeaderboardState.screen.my_rank > 0,
                rx.el.div(rx.el.span("#", LeaderboardState.screen.my_rank, class_name="font-semibold"),
                          rx.el.span(_S["g_you"], class_name="flex-1"),
                          rx.el.span(LeaderboardState.screen.my_xp, " XP"),
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
