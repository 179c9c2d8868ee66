"""The statistics against scipy on fixed data (scipy is a test-only dependency)."""

from __future__ import annotations

import math

import pytest
from scipy import integrate
from scipy import stats as reference

from tma_app.experiments import stats

TABLES = [  # (control conversions, users, variant conversions, users)
    (10, 100, 15, 100),
    (200, 1000, 230, 1000),
    (0, 50, 3, 50),
    (50, 60, 50, 60),
    (120, 4000, 150, 3900),
    (7, 13, 2, 21),
    (1500, 10000, 1400, 10000),
]


def test_normal_cdf_and_quantile():
    for x in (-8.5, -3.1, -1.0, -0.2, 0.0, 0.7, 1.96, 4.4, 9.0):
        assert stats.normal_cdf(x) == pytest.approx(reference.norm.cdf(x), rel=1e-12, abs=1e-300)
    for p in (1e-10, 0.001, 0.025, 0.3, 0.5, 0.9, 0.975, 0.999999):
        assert stats.normal_quantile(p) == pytest.approx(reference.norm.ppf(p), rel=1e-12)
    assert stats.Z_95 == pytest.approx(reference.norm.ppf(0.975), rel=1e-15)


@pytest.mark.parametrize("dof", [1, 2, 3, 4, 5, 6, 9, 20])
def test_chi_squared_survival(dof):
    for x in (1e-6, 0.01, 0.5, 1.0, 2.5, dof, dof + 1.5, 10.0, 31.7, 80.0, 250.0):
        assert stats.chi_squared_sf(x, dof) == pytest.approx(reference.chi2.sf(x, dof), rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("table", TABLES)
def test_two_proportion_p_value_matches_the_chi_squared_contingency_test(table):
    c_a, n_a, c_b, n_b = table
    z, p = stats.two_proportion_z_test(c_a, n_a, c_b, n_b)
    contingency = [[c_a, n_a - c_a], [c_b, n_b - c_b]]
    if c_a / n_a == c_b / n_b:
        assert (z, p) == (0.0, 1.0)
        return
    _, expected_p, _, _ = reference.chi2_contingency(contingency, correction=False)
    assert p == pytest.approx(expected_p, rel=1e-9)
    assert p == pytest.approx(2 * reference.norm.sf(abs(z)), rel=1e-12)


@pytest.mark.parametrize("table", TABLES)
def test_relative_lift_interval(table):
    c_a, n_a, c_b, n_b = table
    result = stats.relative_lift_interval(c_a, n_a, c_b, n_b)
    if c_a == 0:
        assert result is None, "no lift relative to a control that never converts"
        return
    p_a, p_b = c_a / n_a, c_b / n_b
    half = reference.norm.ppf(0.975) * math.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    assert result == pytest.approx(((p_b - p_a) / p_a, (p_b - p_a - half) / p_a, (p_b - p_a + half) / p_a), rel=1e-12)


def _beat_by_integration(c_a, n_a, c_b, n_b):
    a = reference.beta(1 + c_a, 1 + n_a - c_a)
    b = reference.beta(1 + c_b, 1 + n_b - c_b)
    low = min(a.ppf(1e-14), b.ppf(1e-14))
    high = max(a.isf(1e-14), b.isf(1e-14))
    value, _ = integrate.quad(lambda x: b.pdf(x) * a.cdf(x), low, high, epsabs=1e-13, epsrel=1e-12, limit=500)
    return value


@pytest.mark.parametrize("table", TABLES)
def test_probability_to_beat_control_matches_numeric_integration(table):
    assert stats.probability_to_beat(*table) == pytest.approx(_beat_by_integration(*table), abs=1e-9)


def test_probability_to_beat_is_symmetric_and_one_half_for_equal_data():
    assert stats.probability_to_beat(30, 100, 30, 100) == pytest.approx(0.5, abs=1e-12)
    for c_a, n_a, c_b, n_b in TABLES:
        assert stats.probability_to_beat(c_a, n_a, c_b, n_b) + stats.probability_to_beat(c_b, n_b, c_a, n_a) \
            == pytest.approx(1.0, abs=1e-12)


def test_probability_to_beat_past_the_exact_limit_uses_a_close_normal_approximation():
    table = (150_000, 1_000_000, 151_000, 1_000_000)
    assert min(table[0], table[2]) > stats.EXACT_TERMS_LIMIT
    assert stats.probability_to_beat(*table) == pytest.approx(_beat_by_integration(*table), abs=1e-6)


def test_probability_to_beat_rejects_impossible_counts():
    with pytest.raises(ValueError):
        stats.probability_to_beat(11, 10, 1, 10)


@pytest.mark.parametrize("users, weights", [
    ([5000, 5000], [1, 1]),
    ([5100, 4900], [1, 1]),
    ([3400, 3300, 3100], [1, 1, 1]),
    ([3400, 3300, 2800], [1, 1, 1]),
    ([9050, 950], [90, 10]),
    ([120, 80, 95, 101, 99], [1, 1, 1, 1, 1]),
])
def test_sample_ratio_mismatch_matches_scipy_chisquare(users, weights):
    check = stats.sample_ratio_mismatch(users, weights)
    expected = [sum(users) * w / sum(weights) for w in weights]
    statistic, p_value = reference.chisquare(users, expected)
    assert check.chi_squared == pytest.approx(statistic, rel=1e-12)
    assert check.p_value == pytest.approx(p_value, rel=1e-9)
    assert check.dof == len(users) - 1
    assert check.mismatch == (p_value < 0.001)


def test_sample_ratio_mismatch_flags_a_real_imbalance_and_not_noise():
    assert stats.sample_ratio_mismatch([5000, 5000, 5000], [1, 1, 1]).mismatch is False
    assert stats.sample_ratio_mismatch([5000, 5000, 4600], [1, 1, 1]).mismatch is True
    assert stats.sample_ratio_mismatch([0, 0], [1, 1]) == stats.SampleRatioCheck(0.0, 1, 1.0, False)
    zero = stats.sample_ratio_mismatch([10, 3], [1, 0])
    assert zero.mismatch is True and zero.p_value == 0.0


def test_compare_variants_on_fixed_data():
    control, variant, empty = stats.compare_variants(("control", 1000, 100), [("a", 1000, 130), ("b", 0, 0)])
    assert control.is_control and control.rate == 0.1 and control.lift is None
    assert variant.rate == 0.13
    assert variant.lift == pytest.approx(0.3)
    assert variant.lift_ci_low < 0.3 < variant.lift_ci_high
    assert variant.difference == pytest.approx(0.03)
    assert variant.p_value == pytest.approx(reference.chi2_contingency([[100, 900], [130, 870]], correction=False)[1])
    assert variant.probability_to_beat_control == pytest.approx(_beat_by_integration(100, 1000, 130, 1000), abs=1e-9)
    assert (empty.users, empty.rate, empty.p_value, empty.probability_to_beat_control) == (0, 0.0, None, None)
