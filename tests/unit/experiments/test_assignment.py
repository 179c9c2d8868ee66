"""Assignment: weights respected over 100k ids, the same on every run, registry validated."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from scipy import stats as reference

from tma_app.experiments.assignment import choose_variant, user_unit
from tma_app.experiments.registry import REGISTRY, Experiment, Registry, UnknownExperiment, Variant

ROOT = Path(__file__).resolve().parents[3]
IDS = range(1, 100_001)
SKEWED = Experiment("skewed", "s-1", (Variant("a", 90), Variant("b", 10)), goals=("g",))
UNEVEN = Experiment("uneven", "u-1", (Variant("a", 1), Variant("b", 0), Variant("c", 3), Variant("d", 6)), goals=("g",))


def shares(experiment: Experiment, ids) -> Counter:
    return Counter(choose_variant(experiment, user_unit(i)) for i in ids)


@pytest.mark.parametrize("experiment", [REGISTRY.get("homepage_cta"), REGISTRY.get("demo_flow"), SKEWED, UNEVEN],
                         ids=lambda e: e.id)
@pytest.mark.parametrize("ids", [IDS, range(7_000_000_000, 7_000_000_000 + 100_000 * 37, 37)],
                         ids=["sequential", "spread"])
def test_100k_ids_follow_the_weights(experiment, ids):
    counts = shares(experiment, ids)
    live = [v for v in experiment.variants if v.weight > 0]
    assert set(counts) == {v.name for v in live}, "a zero-weight variant never gets anyone"
    observed = [counts[v.name] for v in live]
    expected = [len(ids) * v.weight / experiment.total_weight for v in live]
    assert reference.chisquare(observed, expected).pvalue > 0.001
    for got, want in zip(observed, expected, strict=True):
        assert abs(got - want) / len(ids) < 0.01, "every share within one percentage point"


def _digest(experiment_id: str) -> str:
    experiment = REGISTRY.get(experiment_id)
    return hashlib.sha256(",".join(choose_variant(experiment, user_unit(i)) for i in IDS).encode()).hexdigest()


def test_assignments_are_the_same_in_another_process_with_another_hash_seed():
    script = "from tests.unit.experiments.test_assignment import _digest; print(_digest('homepage_cta'))"
    other = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert other.stdout.strip() == _digest("homepage_cta")


def test_the_split_of_the_first_100k_ids_is_pinned():
    # A change here means the hash or bucketing changed: every user would move. Never on purpose.
    assert shares(REGISTRY.get("homepage_cta"), IDS) == PINNED_HOMEPAGE_CTA


PINNED_HOMEPAGE_CTA = Counter({"control": 33253, "variant_a": 33234, "variant_b": 33513})


def test_registry_holds_the_guides_two_experiments():
    cta, flow = REGISTRY.get("homepage_cta"), REGISTRY.get("demo_flow")
    assert [v.name for v in cta.variants] == ["control", "variant_a", "variant_b"] and cta.control == "control"
    assert [v.name for v in flow.variants] == ["standard", "simplified"] and flow.control == "standard"
    assert cta.primary_goal == "cta_click" and flow.primary_goal == "demo_complete"
    assert {e.id for e in REGISTRY.with_goal("demo_complete")} == {"homepage_cta", "demo_flow"}
    with pytest.raises(UnknownExperiment):
        REGISTRY.get("nope")


@pytest.mark.parametrize("bad", [
    dict(id="Bad Id"),
    dict(salt=""),
    dict(variants=(Variant("only", 1),)),
    dict(variants=(Variant("a", 1), Variant("a", 1))),
    dict(variants=(Variant("a", -1), Variant("b", 1))),
    dict(variants=(Variant("a", 0), Variant("b", 0))),
    dict(variants=(Variant("a", 0.5), Variant("b", 0.5))),
    dict(variants=(Variant("a", 1_000_000), Variant("b", 1))),
    dict(goals=()),
    dict(goals=("Not a goal",)),
])
def test_registry_refuses_malformed_experiments(bad):
    fields = dict(id="x", salt="s", variants=(Variant("a", 1), Variant("b", 1)), goals=("g",)) | bad
    with pytest.raises(ValueError):
        Experiment(**fields)


def test_registry_refuses_duplicate_ids():
    with pytest.raises(ValueError):
        Registry([SKEWED, SKEWED])
