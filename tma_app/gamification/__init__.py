"""Gamification: rules, XP and levels, coins, streaks, badges. Plain Python services."""

# Coin packs, sold for Stars through payments.
from tma_app.gamification import coin_pack as _coin_pack  # noqa: E402,F401

# The package's strings are registered whenever any of its modules is imported.
from tma_app.gamification import messages as _messages  # noqa: E402,F401
