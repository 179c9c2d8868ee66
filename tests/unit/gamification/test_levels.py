import pytest
from hypothesis import given
from hypothesis import strategies as st

from tma_app.gamification.levels import THRESHOLDS, level_for, levels_gained, progress, threshold


@pytest.mark.parametrize(("xp", "level"), [(0, 1), (99, 1), (100, 2), (249, 2), (250, 3), (19_999, 9), (20_000, 10),
                                           (29_999, 10), (30_000, 11), (49_999, 11), (50_000, 12)])
def test_the_guides_thresholds_then_the_curve(xp, level):
    assert level_for(xp) == level


def test_thresholds_match_the_guide_and_keep_rising():
    assert [threshold(n) for n in range(1, 11)] == list(THRESHOLDS)
    costs = [threshold(n + 1) - threshold(n) for n in range(10, 20)]
    assert costs == [10_000 * k for k in range(1, 11)]


@given(st.integers(min_value=0, max_value=10**9))
def test_level_and_threshold_agree_everywhere(xp):
    level = level_for(xp)
    assert threshold(level) <= xp < threshold(level + 1)
    assert 0 <= progress(xp).fraction < 1


def test_level_ups_are_listed_once_each():
    assert levels_gained(90, 260) == [2, 3]
    assert levels_gained(260, 270) == []
    with pytest.raises(ValueError):
        level_for(-1)
    with pytest.raises(ValueError):
        threshold(0)
