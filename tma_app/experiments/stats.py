"""Experiment statistics in plain Python (math only; scipy checks it in the tests).

Per variant against the control:
- rate = conversions / users, users being the exposed users;
- relative lift = (rate_v - rate_c) / rate_c with a 95% CI: the unpooled Wald interval of the
  difference (two-proportion), divided by the control's rate;
- two-sided p-value of the pooled two-proportion z-test (the same as Pearson's chi-squared
  on the 2x2 table without continuity correction);
- probability to beat control: P(p_v > p_c) for Beta(1 + c, 1 + n - c) posteriors (uniform
  prior), exact by the closed-form sum (Evan Miller), with a normal approximation only past
  EXACT_TERMS_LIMIT conversions where the Betas are practically normal. No random sampling.
Sample-ratio mismatch: chi-squared goodness of fit of users per variant against the weights,
flagged at p < SRM_ALPHA.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal
SRM_ALPHA = 0.001
EXACT_TERMS_LIMIT = 100_000


def normal_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def normal_two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2.0))


def normal_quantile(p: float) -> float:
    """The inverse of normal_cdf, by bisection then Newton steps (deterministic, ~1e-15)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be in (0, 1)")
    if p > 0.5:
        # 1 - p is exact here, and the lower tail keeps its precision where the upper would not.
        return -normal_quantile(1.0 - p)
    low, high = -40.0, 40.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if normal_cdf(middle) < p else (low, middle)
    x = (low + high) / 2
    for _ in range(3):
        density = math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
        if density == 0:
            break
        x -= (normal_cdf(x) - p) / density
    return x


def _regularized_gamma_q(a: float, x: float) -> float:
    """Q(a, x) = Gamma(a, x) / Gamma(a): a series below a + 1, a continued fraction above."""
    if x <= 0:
        return 1.0
    log_prefix = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = a
        while abs(term) > abs(total) * 1e-17:
            n += 1
            term *= x / n
            total += term
        return max(0.0, 1.0 - total * math.exp(log_prefix))
    # Modified Lentz for the continued fraction of Q.
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return math.exp(log_prefix) * h


def chi_squared_sf(statistic: float, dof: int) -> float:
    """P(X >= statistic) for X ~ chi-squared with `dof` degrees of freedom."""
    if dof < 1:
        raise ValueError("at least one degree of freedom")
    if statistic <= 0:
        return 1.0
    if dof == 1:
        return math.erfc(math.sqrt(statistic / 2))
    if dof == 2:
        return math.exp(-statistic / 2)
    return _regularized_gamma_q(dof / 2, statistic / 2)


def two_proportion_z_test(c_a: int, n_a: int, c_b: int, n_b: int) -> tuple[float, float] | None:
    """(z, two-sided p) for rate_b - rate_a with the pooled standard error; None without data."""
    if n_a <= 0 or n_b <= 0:
        return None
    pooled = (c_a + c_b) / (n_a + n_b)
    variance = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
    if variance <= 0:
        return 0.0, 1.0  # both rates are 0 or both are 1: no evidence of a difference
    z = (c_b / n_b - c_a / n_a) / math.sqrt(variance)
    return z, normal_two_sided_p(z)


def difference_interval(c_a: int, n_a: int, c_b: int, n_b: int, z: float = Z_95) -> tuple[float, float, float]:
    """(rate_b - rate_a, low, high) with the unpooled Wald standard error."""
    rate_a, rate_b = c_a / n_a, c_b / n_b
    error = z * math.sqrt(rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b)
    difference = rate_b - rate_a
    return difference, difference - error, difference + error


def relative_lift_interval(
    c_a: int, n_a: int, c_b: int, n_b: int, z: float = Z_95
) -> tuple[float, float, float] | None:
    """(lift, low, high) of b over control a; None when the control has no users or no conversions."""
    if n_a <= 0 or n_b <= 0 or c_a == 0:
        return None
    difference, low, high = difference_interval(c_a, n_a, c_b, n_b, z)
    rate_a = c_a / n_a
    return difference / rate_a, low / rate_a, high / rate_a


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _prob_b_beats_a_exact(alpha_a: int, beta_a: int, alpha_b: int, beta_b: int) -> float:
    """P(X_b > X_a), X ~ Beta: sum over i < alpha_b of B(aA+i, bA+bB) / ((bB+i) B(1+i, bB) B(aA, bA))."""
    log_term = (_log_beta(alpha_a, beta_a + beta_b) - math.log(beta_b) - _log_beta(1, beta_b)
                - _log_beta(alpha_a, beta_a))
    terms = [log_term]
    for i in range(alpha_b - 1):
        # Consecutive terms differ by this ratio: one log per term instead of six lgammas.
        log_term += math.log((alpha_a + i) * (beta_b + i) / ((alpha_a + beta_a + beta_b + i) * (1 + i)))
        terms.append(log_term)
    return math.fsum(math.exp(t) for t in terms)


def _prob_b_beats_a_normal(alpha_a: int, beta_a: int, alpha_b: int, beta_b: int) -> float:
    def moments(alpha: int, beta: int) -> tuple[float, float]:
        total = alpha + beta
        return alpha / total, alpha * beta / (total * total * (total + 1))

    mean_a, var_a = moments(alpha_a, beta_a)
    mean_b, var_b = moments(alpha_b, beta_b)
    return normal_cdf((mean_b - mean_a) / math.sqrt(var_a + var_b))


def probability_to_beat(c_control: int, n_control: int, c_variant: int, n_variant: int) -> float:
    """P(rate_variant > rate_control) under Beta(1 + c, 1 + n - c) posteriors."""
    if not (0 <= c_control <= n_control and 0 <= c_variant <= n_variant):
        raise ValueError("conversions must be between 0 and users")
    alpha_a, beta_a = 1 + c_control, 1 + n_control - c_control
    alpha_b, beta_b = 1 + c_variant, 1 + n_variant - c_variant
    if min(alpha_a, alpha_b) > EXACT_TERMS_LIMIT:
        return _prob_b_beats_a_normal(alpha_a, beta_a, alpha_b, beta_b)
    # The sum has alpha_b terms: run it over the smaller alpha (P(b > a) = 1 - P(a > b)).
    if alpha_b <= alpha_a:
        probability = _prob_b_beats_a_exact(alpha_a, beta_a, alpha_b, beta_b)
    else:
        probability = 1.0 - _prob_b_beats_a_exact(alpha_b, beta_b, alpha_a, beta_a)
    return min(1.0, max(0.0, probability))


@dataclass(frozen=True, slots=True)
class SampleRatioCheck:
    chi_squared: float
    dof: int
    p_value: float
    mismatch: bool


def sample_ratio_mismatch(users: Sequence[int], weights: Sequence[float], alpha: float = SRM_ALPHA) -> SampleRatioCheck:
    """Chi-squared goodness of fit of the users per variant against the intended weights."""
    if len(users) != len(weights) or len(users) < 2:
        raise ValueError("one count and one weight per variant, at least two variants")
    total_users, total_weight = sum(users), sum(weights)
    if total_weight <= 0:
        raise ValueError("weights must sum to more than zero")
    if total_users == 0:
        return SampleRatioCheck(0.0, len(users) - 1, 1.0, False)
    if any(w == 0 and n > 0 for n, w in zip(users, weights, strict=True)):
        # Users in a variant that should get none: a mismatch whatever the numbers.
        return SampleRatioCheck(math.inf, len(users) - 1, 0.0, True)
    expected = [total_users * w / total_weight for w in weights]
    statistic = sum((n - e) ** 2 / e for n, e in zip(users, expected, strict=True) if e > 0)
    dof = sum(1 for w in weights if w > 0) - 1
    p_value = chi_squared_sf(statistic, dof) if dof >= 1 else 1.0
    return SampleRatioCheck(statistic, dof, p_value, p_value < alpha)


@dataclass(frozen=True, slots=True)
class VariantStats:
    name: str
    users: int
    conversions: int
    rate: float
    is_control: bool
    lift: float | None = None  # relative to the control's rate
    lift_ci_low: float | None = None
    lift_ci_high: float | None = None
    difference: float | None = None  # absolute, rate_v - rate_c
    p_value: float | None = None
    probability_to_beat_control: float | None = None


def compare_variants(control: tuple[str, int, int], others: Sequence[tuple[str, int, int]]) -> list[VariantStats]:
    """Statistics for (name, users, conversions) of the control and every other variant."""
    name_c, n_c, c_c = control
    rows = [VariantStats(name_c, n_c, c_c, c_c / n_c if n_c else 0.0, True)]
    for name, n, c in others:
        rate = c / n if n else 0.0
        if n == 0 or n_c == 0:
            rows.append(VariantStats(name, n, c, rate, False))
            continue
        lift = relative_lift_interval(c_c, n_c, c, n)
        test = two_proportion_z_test(c_c, n_c, c, n)
        rows.append(VariantStats(
            name, n, c, rate, False,
            lift=lift[0] if lift else None,
            lift_ci_low=lift[1] if lift else None,
            lift_ci_high=lift[2] if lift else None,
            difference=rate - c_c / n_c,
            p_value=test[1] if test else None,
            probability_to_beat_control=probability_to_beat(c_c, n_c, c, n),
        ))
    return rows
