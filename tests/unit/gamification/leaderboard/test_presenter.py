"""The leaderboard screen: names for the users on the board, the viewer's row marked, their own place."""

from __future__ import annotations

from tma_app.gamification.leaderboard.presenter import board_screen
from tma_app.gamification.leaderboard.service import Entry, Leaderboard, NamedLeaderboard, Standing


def board(entries: tuple[Entry, ...], viewer: Standing | None) -> Leaderboard:
    return Leaderboard(board="all_time", period_start=None, entries=entries, viewer=viewer, source="sql")


def test_rows_carry_names_and_mark_the_viewer():
    named = NamedLeaderboard(board((Entry(1, 10, 300), Entry(2, 20, 120), Entry(3, 30, 50)), Standing(2, 120)),
                             {10: "Alice Tester", 20: "Bob"})
    screen = board_screen(named, viewer_id=20)
    assert [(r.rank, r.name, r.xp, r.me) for r in screen.rows] == [
        (1, "Alice Tester", 300, False), (2, "Bob", 120, True), (3, "—", 50, False)]
    assert (screen.my_rank, screen.my_xp) == (2, 120)


def test_a_viewer_without_xp_has_no_place_yet():
    screen = board_screen(NamedLeaderboard(board((Entry(1, 10, 300),), None), {10: "Alice"}), viewer_id=99)
    assert (screen.my_rank, screen.my_xp) == (0, 0) and not any(row.me for row in screen.rows)
