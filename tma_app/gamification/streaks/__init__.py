"""Streaks: days of activity in the user's own timezone, the daily bonus, freezes bought with coins."""
