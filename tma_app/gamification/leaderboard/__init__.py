"""Leaderboards by XP, all-time and weekly: SQL scores (the truth), a Redis mirror, the screen and its route."""
