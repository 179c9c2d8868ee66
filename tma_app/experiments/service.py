"""Sticky assignment, exposures, conversions and results: the experiments' service.

Rules (docs/experiments.md tells the story):
- assign: a verified user's first variant is stored (unique per experiment and user); later
  calls return the stored one, so a change of weights never moves anyone already assigned.
  An inactive experiment gives everyone its control and stores nothing.
- expose: the user saw their variant; recorded once per (experiment, user). Only exposed
  users count in the statistics.
- record_conversion: counted once per (experiment, user, goal), attributed to the variant the
  user was exposed to. A conversion without an exposure, or while the experiment is inactive,
  is ignored (and says so): results compare only users who saw a variant.
A first exposure and a recorded conversion also go to analytics (`experiment` assign/convert)
in the same transaction, under event ids derived from what they are, so they exist exactly once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select
from sqlmodel.sql.expression import Select

from tma_app.analytics.tracking import track
from tma_app.core.db import dialect_insert
from tma_app.core.time import utcnow
from tma_app.experiments.assignment import choose_variant, user_unit
from tma_app.experiments.models import ExperimentAssignment, ExperimentConversion, ExperimentExposure
from tma_app.experiments.registry import REGISTRY, Experiment, Registry
from tma_app.experiments.stats import SampleRatioCheck, VariantStats, compare_variants, sample_ratio_mismatch

ExperimentRef = Experiment | str


class UnknownGoal(ValueError):
    pass


class ConversionOutcome(StrEnum):
    RECORDED = "recorded"
    ALREADY_RECORDED = "already_recorded"
    NOT_EXPOSED = "not_exposed"
    INACTIVE = "inactive"


@dataclass(frozen=True, slots=True)
class Exposure:
    variant: str
    recorded: bool  # False: inactive experiment (control shown, nothing counted)
    first_time: bool


def _experiment(experiment: ExperimentRef) -> Experiment:
    return experiment if isinstance(experiment, Experiment) else REGISTRY.get(experiment)


def _stored_variant(session: Session, experiment_id: str, user_id: int) -> str | None:
    return session.exec(
        select(ExperimentAssignment.variant).where(
            ExperimentAssignment.experiment_id == experiment_id, ExperimentAssignment.user_id == user_id
        )
    ).first()


def _insert_once(session: Session, model: Any, keys: tuple[str, ...], values: dict[str, Any]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING on the natural key; True when this call inserted the row."""
    statement = dialect_insert(session)(model).values(**values)
    statement = statement.on_conflict_do_nothing(index_elements=list(keys)).returning(model.id)
    return session.execute(statement).scalar_one_or_none() is not None


def _sticky_variant(session: Session, definition: Experiment, user_id: int, now: datetime | None) -> str:
    """The stored variant, storing the hash's first (the first writer wins a race)."""
    stored = _stored_variant(session, definition.id, user_id)
    if stored is None:
        _insert_once(session, ExperimentAssignment, ("experiment_id", "user_id"), {
            "experiment_id": definition.id, "user_id": user_id,
            "variant": choose_variant(definition, user_unit(user_id)), "assigned_at": now or utcnow(),
        })
        stored = _stored_variant(session, definition.id, user_id)
        assert stored is not None, "the assignment row exists once inserted (by us or by the race's winner)"
    return stored


def _is_live(definition: Experiment, variant: str) -> bool:
    # A variant since removed from the registry is rolled back: its users see the control, uncounted.
    return definition.active and any(v.name == variant for v in definition.variants)


def assign(session: Session, experiment: ExperimentRef, user_id: int, *, now: datetime | None = None) -> str:
    """The user's variant: the stored one, else the hash's, stored now. Inactive: the control."""
    definition = _experiment(experiment)
    user_unit(user_id)
    if not definition.active:
        return definition.control
    variant = _sticky_variant(session, definition, user_id, now)
    return variant if _is_live(definition, variant) else definition.control


def expose(session: Session, experiment: ExperimentRef, user_id: int, *, now: datetime | None = None) -> Exposure:
    """Assign if needed and record that the user saw the variant (once per experiment and user)."""
    definition = _experiment(experiment)
    user_unit(user_id)
    if not definition.active:
        return Exposure(definition.control, recorded=False, first_time=False)
    variant = _sticky_variant(session, definition, user_id, now)
    if not _is_live(definition, variant):
        return Exposure(definition.control, recorded=False, first_time=False)
    now = now or utcnow()
    first = _insert_once(session, ExperimentExposure, ("experiment_id", "user_id"), {
        "experiment_id": definition.id, "user_id": user_id, "variant": variant, "exposed_at": now,
    })
    if first:
        track(user_id, "experiment", "assign", label=definition.id, variant=variant, occurred_at=now,
              event_id=f"experiment:{definition.id}:{user_id}:assign", session=session)
    return Exposure(variant, recorded=True, first_time=first)


def record_conversion(
    session: Session, experiment: ExperimentRef, user_id: int, goal: str | None = None, *, now: datetime | None = None
) -> ConversionOutcome:
    """Count `goal` (default: the primary goal) for an exposed user, once, in their exposed variant."""
    definition = _experiment(experiment)
    goal = goal or definition.primary_goal
    if goal not in definition.goals:
        raise UnknownGoal(f"{definition.id} has no goal {goal!r}")
    user_unit(user_id)
    if not definition.active:
        return ConversionOutcome.INACTIVE
    exposed_variant = session.exec(
        select(ExperimentExposure.variant).where(
            ExperimentExposure.experiment_id == definition.id, ExperimentExposure.user_id == user_id
        )
    ).first()
    if exposed_variant is None:
        return ConversionOutcome.NOT_EXPOSED
    now = now or utcnow()
    inserted = _insert_once(session, ExperimentConversion, ("experiment_id", "user_id", "goal"), {
        "experiment_id": definition.id, "user_id": user_id, "goal": goal, "variant": exposed_variant,
        "converted_at": now,
    })
    if not inserted:
        return ConversionOutcome.ALREADY_RECORDED
    track(user_id, "experiment", "convert", label=definition.id, variant=exposed_variant, goal=goal, occurred_at=now,
          event_id=f"experiment:{definition.id}:{user_id}:convert:{goal}", session=session)
    return ConversionOutcome.RECORDED


def assignments_for(session: Session, user_id: int, registry: Registry = REGISTRY) -> dict[str, str]:
    """Every experiment's variant for the user (assigning where needed; nothing is exposed)."""
    return {experiment.id: assign(session, experiment, user_id) for experiment in registry}


def convert_everywhere(
    session: Session, user_id: int, goal: str, registry: Registry = REGISTRY, *, now: datetime | None = None
) -> dict[str, ConversionOutcome]:
    """Record `goal` in every experiment that measures it (a domain event reached one)."""
    return {e.id: record_conversion(session, e, user_id, goal, now=now) for e in registry.with_goal(goal)}


@dataclass(frozen=True, slots=True)
class ExperimentResults:
    experiment_id: str
    goal: str
    goals: tuple[str, ...]
    active: bool
    control: str
    weights: dict[str, int]
    variants: list[VariantStats]
    srm: SampleRatioCheck
    total_users: int
    total_conversions: int

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-safe values (an infinite chi-squared becomes None) for pages and APIs."""
        data = asdict(self)
        if data["srm"]["chi_squared"] == float("inf"):
            data["srm"]["chi_squared"] = None
        data["goals"] = list(self.goals)
        return data


def _counts_by_variant(session: Session, statement: Select[str, int]) -> dict[str, int]:
    return {variant: count for variant, count in session.exec(statement).all()}


def experiment_results(session: Session, experiment_id: ExperimentRef, goal: str | None = None) -> ExperimentResults:
    """Users, conversions, rates, lift with 95% CI, p-value, P(beat control) and the SRM check."""
    definition = _experiment(experiment_id)
    goal = goal or definition.primary_goal
    if goal not in definition.goals:
        raise UnknownGoal(f"{definition.id} has no goal {goal!r}")
    users = _counts_by_variant(session, select(ExperimentExposure.variant, func.count())
                               .where(ExperimentExposure.experiment_id == definition.id)
                               .group_by(ExperimentExposure.variant))
    conversions = _counts_by_variant(session, select(ExperimentConversion.variant, func.count())
                                     .where(ExperimentConversion.experiment_id == definition.id,
                                            ExperimentConversion.goal == goal)
                                     .group_by(ExperimentConversion.variant))
    # Registry variants first, in order; variants since removed follow with weight 0.
    names = [v.name for v in definition.variants] + sorted(set(users) - {v.name for v in definition.variants})
    rows = [(name, users.get(name, 0), conversions.get(name, 0)) for name in names]
    weights = {name: definition.weight_of(name) for name in names}
    return ExperimentResults(
        experiment_id=definition.id,
        goal=goal,
        goals=definition.goals,
        active=definition.active,
        control=definition.control,
        weights=weights,
        variants=compare_variants(rows[0], rows[1:]),
        srm=sample_ratio_mismatch([n for _, n, _ in rows], [weights[name] for name in names]),
        total_users=sum(n for _, n, _ in rows),
        total_conversions=sum(c for _, _, c in rows),
    )
