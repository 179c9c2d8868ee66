"""Gamification: rules, XP and levels, coins, streaks, badges. Plain Python services."""

# The package's strings are registered whenever any of its modules is imported.
from tma_app.gamification import messages as _messages  # noqa: E402,F401
