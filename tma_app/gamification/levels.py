"""XP to level: the guide's thresholds for levels 1-10, then a defined curve.

Level n (n >= 1) starts at `threshold(n)`. Beyond level 10 each level costs
10,000 XP more than the previous one did (level 10 -> 11 costs 10,000), so the
curve keeps rising without a cap and stays integer.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

THRESHOLDS = (0, 100, 250, 500, 1000, 2000, 4000, 7500, 12000, 20000)
_STEP_BEYOND = 10_000


def threshold(level: int) -> int:
    """The XP at which `level` begins."""
    if level < 1:
        raise ValueError("levels start at 1")
    if level <= len(THRESHOLDS):
        return THRESHOLDS[level - 1]
    extra = level - len(THRESHOLDS)  # levels past 10
    # Sum of an arithmetic series: costs 10k, 20k, 30k, ... for levels 11, 12, 13, ...
    return THRESHOLDS[-1] + _STEP_BEYOND * extra * (extra + 1) // 2


def level_for(xp: int) -> int:
    if xp < 0:
        raise ValueError("XP is never negative")
    if xp < THRESHOLDS[-1]:
        return bisect_right(THRESHOLDS, xp)
    level = len(THRESHOLDS)
    while threshold(level + 1) <= xp:
        level += 1
    return level


@dataclass(frozen=True, slots=True)
class Progress:
    level: int
    xp: int
    level_start: int
    next_level_at: int

    @property
    def fraction(self) -> float:
        """How far into the current level, 0..1, for a progress bar."""
        span = self.next_level_at - self.level_start
        return (self.xp - self.level_start) / span


def progress(xp: int) -> Progress:
    level = level_for(xp)
    return Progress(level=level, xp=xp, level_start=threshold(level), next_level_at=threshold(level + 1))


def levels_gained(xp_before: int, xp_after: int) -> list[int]:
    """The levels reached by going from one XP total to another (for level-up events)."""
    return list(range(level_for(xp_before) + 1, level_for(xp_after) + 1))
