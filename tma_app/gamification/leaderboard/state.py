"""The leaderboard screen's state: one board at a time, the user's own standing beside it."""

from __future__ import annotations

import reflex as rx

from tma_app.core.db import in_session
from tma_app.gamification.leaderboard.presenter import BoardScreen, board_screen
from tma_app.gamification.leaderboard.scores import BOARDS
from tma_app.gamification.leaderboard.service import named_top
from tma_app.session.guards import requires_user
from tma_app.session.state import SessionState

SCREEN_LIMIT = 50


class LeaderboardState(rx.State):
    board: str = "all_time"
    screen: BoardScreen = BoardScreen()

    @rx.event
    @requires_user
    async def load(self):
        session = await self.get_state(SessionState)
        named = await in_session(named_top, self.board, SCREEN_LIMIT, session.user_id)
        self.screen = board_screen(named, session.user_id)

    @rx.event
    async def show(self, board: str):
        if board not in BOARDS or board == self.board:
            return None
        self.board = board
        return LeaderboardState.load
