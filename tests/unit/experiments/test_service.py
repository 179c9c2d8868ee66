"""Sticky assignment, exposures once, conversions once in the exposed variant, results (SQLite)."""

from __future__ import annotations

import itertools
import uuid

import pytest
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.experiments import service
from tma_app.experiments.assignment import choose_variant, user_unit
from tma_app.experiments.models import ExperimentAssignment, ExperimentConversion, ExperimentExposure
from tma_app.experiments.registry import REGISTRY, Experiment, Registry, Variant
from tma_app.experiments.service import ConversionOutcome


def fresh_experiment(**changes) -> Experiment:
    """An experiment of this test's own, so rows from other tests never mix in."""
    fields = dict(id="t" + uuid.uuid4().hex[:12], salt="salt", variants=(Variant("control", 1), Variant("treat", 1)),
                  goals=("signup", "demo_complete"))
    return Experiment(**(fields | changes))


_ids = itertools.count(10_000_001)
NOT_RECORDED = service.Exposure("control", recorded=False, first_time=False)


def stored(session, model, experiment: Experiment) -> list:
    return session.exec(select(model).where(model.experiment_id == experiment.id)).all()


def new_user() -> int:
    return next(_ids)


def user_in(experiment: Experiment, variant: str) -> int:
    return next(u for u in iter(new_user, None) if choose_variant(experiment, user_unit(u)) == variant)


@pytest.fixture(autouse=True)
def _db(migrated_engine):
    return migrated_engine


def test_assignment_is_stored_once_and_survives_a_change_of_weights():
    experiment = fresh_experiment()
    user = user_in(experiment, "treat")
    with session_scope() as session:
        assert service.assign(session, experiment, user) == "treat"
        assert service.assign(session, experiment, user) == "treat"
    everyone_to_control = fresh_experiment(id=experiment.id, variants=(Variant("control", 1), Variant("treat", 0)))
    assert choose_variant(everyone_to_control, user_unit(user)) == "control"
    with session_scope() as session:
        assert service.assign(session, everyone_to_control, user) == "treat", "a stored user never switches"
        newcomer = new_user()
        assert service.assign(session, everyone_to_control, newcomer) == "control"
        rows = stored(session, ExperimentAssignment, experiment)
    assert sorted((r.user_id, r.variant) for r in rows) == [(user, "treat"), (newcomer, "control")]


def test_inactive_experiment_shows_the_control_and_records_nothing():
    experiment = fresh_experiment(active=False)
    user = user_in(experiment, "treat")
    with session_scope() as session:
        assert service.assign(session, experiment, user) == "control"
        assert service.expose(session, experiment, user) == NOT_RECORDED
        assert service.record_conversion(session, experiment, user) is ConversionOutcome.INACTIVE
        assert stored(session, ExperimentAssignment, experiment) == []


def test_exposure_is_logged_once_per_user():
    experiment = fresh_experiment()
    user = user_in(experiment, "control")
    with session_scope() as session:
        first = service.expose(session, experiment, user)
        again = service.expose(session, experiment, user)
        rows = stored(session, ExperimentExposure, experiment)
    assert first == service.Exposure("control", recorded=True, first_time=True)
    assert again == service.Exposure("control", recorded=True, first_time=False)
    assert [(r.user_id, r.variant) for r in rows] == [(user, "control")]


def test_conversion_needs_an_exposure_and_counts_once_per_goal_in_the_exposed_variant():
    experiment = fresh_experiment()
    user = user_in(experiment, "treat")
    with session_scope() as session:
        service.assign(session, experiment, user)
        assert service.record_conversion(session, experiment, user) is ConversionOutcome.NOT_EXPOSED
        service.expose(session, experiment, user)
        assert service.record_conversion(session, experiment, user) is ConversionOutcome.RECORDED
        assert service.record_conversion(session, experiment, user, "signup") is ConversionOutcome.ALREADY_RECORDED
        assert service.record_conversion(session, experiment, user, "demo_complete") is ConversionOutcome.RECORDED
        with pytest.raises(service.UnknownGoal):
            service.record_conversion(session, experiment, user, "cta_click")
        rows = stored(session, ExperimentConversion, experiment)
    assert sorted((r.goal, r.variant) for r in rows) == [("demo_complete", "treat"), ("signup", "treat")]


def test_a_removed_variant_rolls_its_users_back_to_the_control_uncounted():
    experiment = fresh_experiment(variants=(Variant("control", 1), Variant("treat", 1), Variant("extra", 1)))
    user = user_in(experiment, "extra")
    with session_scope() as session:
        service.expose(session, experiment, user)
        trimmed = fresh_experiment(id=experiment.id)
        assert service.assign(session, trimmed, user) == "control"
        assert service.expose(session, trimmed, user) == NOT_RECORDED
        results = service.experiment_results(session, trimmed)
    assert [(v.name, v.users) for v in results.variants] == [("control", 0), ("treat", 0), ("extra", 1)]
    assert results.weights["extra"] == 0 and results.srm.mismatch


def test_results_count_exposed_users_and_their_conversions():
    experiment = fresh_experiment()
    with session_scope() as session:
        for variant, users, converting in (("control", 40, 4), ("treat", 44, 11)):
            for index in range(users):
                user = user_in(experiment, variant)
                service.expose(session, experiment, user)
                if index < converting:
                    service.record_conversion(session, experiment, user)
        # Assigned but never exposed: not in the statistics, even when converting.
        unseen = user_in(experiment, "treat")
        service.assign(session, experiment, unseen)
        service.record_conversion(session, experiment, unseen)
        results = service.experiment_results(session, experiment)
        other_goal = service.experiment_results(session, experiment, "demo_complete")
    control, treat = results.variants
    assert (control.users, control.conversions, control.rate) == (40, 4, 0.1)
    assert (treat.users, treat.conversions, treat.rate) == (44, 11, 0.25)
    assert treat.lift == pytest.approx(1.5)
    assert treat.p_value is not None and 0.5 < treat.probability_to_beat_control < 1
    assert (results.total_users, results.total_conversions, results.srm.mismatch) == (84, 15, False)
    assert [v.conversions for v in other_goal.variants] == [0, 0]
    data = results.as_dict()
    assert data["variants"][1]["name"] == "treat" and data["srm"]["dof"] == 1
    assert data["goals"] == ["signup", "demo_complete"]


def test_results_of_the_real_experiments_by_id():
    with session_scope() as session:
        results = service.experiment_results(session, "homepage_cta")
    assert [v.name for v in results.variants] == ["control", "variant_a", "variant_b"]
    assert results.goal == "cta_click"


def test_assignments_for_and_convert_everywhere():
    first = fresh_experiment()
    second = fresh_experiment(goals=("other",))
    registry = Registry([first, second])
    user = new_user()
    with session_scope() as session:
        variants = service.assignments_for(session, user, registry)
        assert variants == {first.id: choose_variant(first, user_unit(user)),
                            second.id: choose_variant(second, user_unit(user))}
        service.expose(session, first, user)
        outcomes = service.convert_everywhere(session, user, "demo_complete", registry)
    assert outcomes == {first.id: ConversionOutcome.RECORDED}


def test_the_real_registry_assigns_by_id():
    user = new_user()
    with session_scope() as session:
        assert set(service.assignments_for(session, user)) == {e.id for e in REGISTRY}
        assert service.assign(session, "demo_flow", user) in {"standard", "simplified"}


def test_first_exposure_and_each_conversion_reach_analytics_once():
    from tma_app.analytics.models import AnalyticsEvent

    experiment = fresh_experiment()
    user = user_in(experiment, "treat")
    with session_scope() as session:
        for _ in range(2):
            service.expose(session, experiment, user)
            service.record_conversion(session, experiment, user, "signup")
        events = session.exec(select(AnalyticsEvent).where(AnalyticsEvent.user_id == user,
                                                          AnalyticsEvent.label == experiment.id)).all()
    assert sorted((e.category, e.action, e.props["variant"], e.props.get("goal")) for e in events) == [
        ("experiment", "assign", "treat", None), ("experiment", "convert", "treat", "signup")]
