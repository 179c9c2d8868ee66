"""The experiments, as data: id, variants with weights, active, salt, goals.

The first variant is the control. Weights are non-negative integers (relative,
e.g. 1/1/1 for thirds): integer arithmetic keeps the browser and the server in
exact agreement. Changing weights later never moves a stored user (assignment
is sticky) but does make the sample-ratio check compare against the new
weights: start a new salt instead when the split must change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# h * total must stay below 2**53 so JavaScript's doubles multiply it exactly.
MAX_TOTAL_WEIGHT = 1_000_000

EXPERIMENTS: tuple[dict[str, Any], ...] = (
    {
        "id": "homepage_cta",
        "salt": "hcta-2026-11",
        "active": True,
        "variants": {"control": 1, "variant_a": 1, "variant_b": 1},
        # A CTA tap is the primary goal; finishing a demo shows whether the tap led anywhere.
        "goals": ("cta_click", "demo_complete"),
    },
    {
        "id": "demo_flow",
        "salt": "dflow-2026-11",
        "active": True,
        "variants": {"standard": 1, "simplified": 1},
        "goals": ("demo_complete",),
    },
)


class UnknownExperiment(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    weight: int


@dataclass(frozen=True, slots=True)
class Experiment:
    id: str
    salt: str
    variants: tuple[Variant, ...]
    active: bool = True
    goals: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for label, value in (("id", self.id), ("salt", self.salt), *(("goal", g) for g in self.goals)):
            if not _NAME.match(value):
                raise ValueError(f"experiment {label} must match {_NAME.pattern}, got {value!r}")
        names = [v.name for v in self.variants]
        if len(names) < 2 or len(set(names)) != len(names):
            raise ValueError(f"{self.id}: at least two variants with distinct names")
        for variant in self.variants:
            if not _NAME.match(variant.name):
                raise ValueError(f"{self.id}: bad variant name {variant.name!r}")
            if not isinstance(variant.weight, int) or isinstance(variant.weight, bool) or variant.weight < 0:
                raise ValueError(f"{self.id}: weight of {variant.name} must be a non-negative integer")
        if not 0 < self.total_weight <= MAX_TOTAL_WEIGHT:
            raise ValueError(f"{self.id}: weights must sum to 1..{MAX_TOTAL_WEIGHT}")
        if not self.goals:
            raise ValueError(f"{self.id}: at least one goal")

    @property
    def control(self) -> str:
        return self.variants[0].name

    @property
    def total_weight(self) -> int:
        return sum(v.weight for v in self.variants)

    @property
    def primary_goal(self) -> str:
        return self.goals[0]

    def weight_of(self, variant: str) -> int:
        return next((v.weight for v in self.variants if v.name == variant), 0)

    def public(self) -> dict[str, Any]:
        """What a client needs to compute assignments itself (assets/experiments/assign.js)."""
        return {"id": self.id, "salt": self.salt, "active": self.active,
                "variants": [{"name": v.name, "weight": v.weight} for v in self.variants]}


def experiment_from_data(data: Mapping[str, Any]) -> Experiment:
    return Experiment(
        id=data["id"],
        salt=data["salt"],
        active=bool(data.get("active", True)),
        variants=tuple(Variant(name, weight) for name, weight in data["variants"].items()),
        goals=tuple(data.get("goals", ())),
    )


class Registry:
    def __init__(self, experiments: Iterable[Experiment]) -> None:
        self._by_id: dict[str, Experiment] = {}
        for experiment in experiments:
            if experiment.id in self._by_id:
                raise ValueError(f"experiment {experiment.id!r} defined twice")
            self._by_id[experiment.id] = experiment

    def get(self, experiment_id: str) -> Experiment:
        try:
            return self._by_id[experiment_id]
        except (KeyError, TypeError):
            raise UnknownExperiment(f"no experiment {experiment_id!r}") from None

    def __contains__(self, experiment_id: object) -> bool:
        return experiment_id in self._by_id

    def __iter__(self) -> Iterator[Experiment]:
        return iter(self._by_id.values())

    def with_goal(self, goal: str) -> list[Experiment]:
        return [e for e in self._by_id.values() if goal in e.goals]


REGISTRY = Registry(experiment_from_data(data) for data in EXPERIMENTS)
