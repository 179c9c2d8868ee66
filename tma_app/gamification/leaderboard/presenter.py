"""The leaderboard as its screen shows it: named rows, the viewer's own row marked, their place. No reflex."""

from __future__ import annotations

from pydantic import BaseModel

from tma_app.gamification.leaderboard.service import NamedLeaderboard

UNKNOWN_NAME = "—"


class BoardRow(BaseModel):
    rank: int
    name: str
    xp: int
    me: bool


class BoardScreen(BaseModel):
    rows: list[BoardRow] = []
    my_rank: int = 0  # 0: not on this board yet
    my_xp: int = 0


def board_screen(named: NamedLeaderboard, viewer_id: int) -> BoardScreen:
    board, viewer = named.board, named.board.viewer
    return BoardScreen(
        rows=[BoardRow(rank=e.rank, name=named.names.get(e.user_id, UNKNOWN_NAME), xp=e.xp, me=e.user_id == viewer_id)
                 for e in board.entries],
        my_rank=viewer.rank if viewer else 0,
        my_xp=viewer.xp if viewer else 0,
    )
