"""The leaderboard screen's state: one board at a time, the user's own standing beside it."""

from __future__ import annotations

import asyncio

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.gamification.leaderboard import service as leaderboard
from tma_app.gamification.leaderboard.scores import BOARDS
from tma_app.session.guards import requires_user
from tma_app.session.state import SessionState
from tma_app.users.service import display_names


def _board(board: str, user_id: int) -> tuple[list[dict], dict[str, int] | None]:
    result = leaderboard.top(board, 50, user_id)
    with session_scope() as session:
        names = display_names(session, [entry.user_id for entry in result.entries])
    rows = [{"rank": e.rank, "name": names.get(e.user_id, "—"), "xp": e.xp, "me": e.user_id == user_id}
            for e in result.entries]
    return rows, ({"rank": result.viewer.rank, "xp": result.viewer.xp} if result.viewer else None)


class LeaderboardState(rx.State):
    board: str = "all_time"
    entries: list[dict[str, str | int | bool]] = []
    my_rank: int = 0  # 0: not on this board yet
    my_xp: int = 0
    loading: bool = False

    @rx.event
    @requires_user
    async def load(self):
        session = await self.get_state(SessionState)
        self.loading = True
        try:
            self.entries, me = await asyncio.to_thread(_board, self.board, session.user_id)
        finally:
            self.loading = False
        self.my_rank, self.my_xp = (me["rank"], me["xp"]) if me else (0, 0)

    @rx.event
    async def show(self, board: str):
        if board not in BOARDS or board == self.board:
            return None
        self.board = board
        return LeaderboardState.load
