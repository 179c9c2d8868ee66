"""Gamification: rules, XP and levels, coins, streaks, badges. Plain Python services."""
