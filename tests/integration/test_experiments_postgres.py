"""Experiments on PostgreSQL: sticky under races and weight changes, exposures and conversions once."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import func, select

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tma_app.core.db import session_scope
from tma_app.experiments import service
from tma_app.experiments.assignment import choose_variant, user_unit
from tma_app.experiments.models import ExperimentAssignment, ExperimentConversion, ExperimentExposure
from tma_app.experiments.registry import Experiment, Variant
from tma_app.experiments.service import ConversionOutcome

pytestmark = pytest.mark.integration


@pytest.fixture
def engine(postgres_engine):
    upgrade(postgres_engine)
    return postgres_engine


def experiment(**changes) -> Experiment:
    fields = dict(id="pg" + uuid.uuid4().hex[:10], salt="pg-salt",
                  variants=(Variant("control", 1), Variant("a", 1), Variant("b", 1)), goals=("click", "demo_complete"))
    return Experiment(**(fields | changes))


def count(engine, model, **where) -> int:
    with session_scope(engine) as session:
        statement = select(func.count()).select_from(model)
        for column, value in where.items():
            statement = statement.where(getattr(model, column) == value)
        return session.exec(statement).one()


def test_racing_first_assignments_store_one_row_and_agree(engine):
    definition = experiment()
    user = 9 * 10**12 + uuid.uuid4().int % 10**9

    def assign(_):
        with session_scope(engine) as session:
            return service.assign(session, definition, user)

    results, errors = run_at_once(12, assign)
    assert errors == []
    assert set(results) == {choose_variant(definition, user_unit(user))}
    assert count(engine, ExperimentAssignment, experiment_id=definition.id, user_id=user) == 1


def test_racing_first_assignments_under_different_weights_all_get_the_first_writers_variant(engine):
    # Two deployments with different weights race: whoever stored first decides, for everyone.
    base = experiment()
    user = next(u for u in range(10**12, 10**12 + 1000) if choose_variant(base, user_unit(u)) != "control")
    all_control = experiment(id=base.id, variants=(Variant("control", 1), Variant("a", 0), Variant("b", 0)))

    def assign(index):
        with session_scope(engine) as session:
            return service.assign(session, base if index % 2 else all_control, user)

    results, errors = run_at_once(10, assign)
    assert errors == [] and len(set(results)) == 1
    assert count(engine, ExperimentAssignment, experiment_id=base.id) == 1


def test_weight_changes_never_move_stored_users(engine):
    before = experiment()
    users = list(range(2 * 10**12, 2 * 10**12 + 300))
    with session_scope(engine) as session:
        first = {u: service.assign(session, before, u) for u in users}
    after = experiment(id=before.id, variants=(Variant("control", 0), Variant("a", 0), Variant("b", 1)))
    with session_scope(engine) as session:
        again = {u: service.assign(session, after, u) for u in users}
        newcomers = {service.assign(session, after, u) for u in range(3 * 10**12, 3 * 10**12 + 50)}
    assert again == first and set(first.values()) == {"control", "a", "b"}
    assert newcomers == {"b"}


def test_exposure_and_conversion_are_recorded_once_under_concurrent_retries(engine):
    definition = experiment()
    user = 4 * 10**12 + uuid.uuid4().int % 10**9

    def expose(_):
        with session_scope(engine) as session:
            return service.expose(session, definition, user)

    exposures, errors = run_at_once(10, expose)
    assert errors == []
    assert sum(e.first_time for e in exposures) == 1 and len({e.variant for e in exposures}) == 1

    def convert(_):
        with session_scope(engine) as session:
            return service.record_conversion(session, definition, user, "click")

    outcomes, errors = run_at_once(10, convert)
    assert errors == []
    assert outcomes.count(ConversionOutcome.RECORDED) == 1
    assert set(outcomes) == {ConversionOutcome.RECORDED, ConversionOutcome.ALREADY_RECORDED}
    assert count(engine, ExperimentExposure, experiment_id=definition.id) == 1
    assert count(engine, ExperimentConversion, experiment_id=definition.id) == 1
    with session_scope(engine) as session:
        stored = session.exec(select(ExperimentConversion.variant).where(
            ExperimentConversion.experiment_id == definition.id)).one()
    assert stored == exposures[0].variant, "attributed to the exposed variant"


def test_results_on_postgres_match_the_counts(engine):
    definition = experiment(variants=(Variant("control", 1), Variant("a", 1)))
    with session_scope(engine) as session:
        for offset in range(400):
            user = 5 * 10**12 + offset
            variant = service.expose(session, definition, user).variant
            if offset % (4 if variant == "control" else 3) == 0:
                service.record_conversion(session, definition, user)
        results = service.experiment_results(session, definition)
    control, variant = results.variants
    assert control.users + variant.users == 400 == results.total_users
    assert 0 < control.conversions < control.users and 0 < variant.conversions < variant.users
    assert results.srm.dof == 1 and not results.srm.mismatch
    assert variant.p_value is not None and variant.probability_to_beat_control is not None
