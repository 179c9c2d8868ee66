"""A completed demo converts exposed users in every experiment measuring demo_complete."""

from __future__ import annotations

import uuid

from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent
from tma_app.core.outbox import consumers
from tma_app.core.outbox_worker import drain
from tma_app.demo_catalog import events as demo_events
from tma_app.demo_catalog.events import demo_event
from tma_app.experiments import service, subscribers
from tma_app.experiments.models import ExperimentConversion
from tma_app.experiments.registry import REGISTRY, Experiment, Registry, Variant
from tma_app.experiments.service import ConversionOutcome


def experiment(goals) -> Experiment:
    return Experiment("s" + uuid.uuid4().hex[:12], "salt", (Variant("control", 1), Variant("b", 1)), goals=goals)


def new_user() -> int:
    return 20_000_001 + uuid.uuid4().int % 10**9


def test_demo_complete_converts_exposed_users_once(migrated_engine):
    measured, unrelated = experiment(("demo_complete",)), experiment(("cta_click",))
    registry = Registry([measured, unrelated])
    exposed, unseen = new_user(), new_user()
    with session_scope() as session:
        service.expose(session, measured, exposed)
        service.expose(session, unrelated, exposed)
    event = demo_event("demo_complete", exposed, "fitness")
    with session_scope() as session:
        assert subscribers.apply_event(session, event, registry) == {measured.id: ConversionOutcome.RECORDED}
        assert subscribers.apply_event(session, event, registry) == {measured.id: ConversionOutcome.ALREADY_RECORDED}
        assert subscribers.apply_event(session, demo_event("demo_complete", unseen, "restaurant"), registry) == {
            measured.id: ConversionOutcome.NOT_EXPOSED}
        assert subscribers.apply_event(session, DomainEvent("demo_complete", None, {}), registry) == {}
        assert subscribers.apply_event(session, demo_event("demo_start", exposed, "fitness"), registry) == {}
        converted_at = session.exec(select(ExperimentConversion.converted_at)
                                    .where(ExperimentConversion.experiment_id == measured.id)).one()
    assert converted_at == event.occurred_at, "counted when the demo was completed, not when delivered"


def test_the_outbox_delivers_a_completed_demo_to_the_real_experiments(migrated_engine):
    unregister = subscribers.register()
    try:
        assert consumers()[subscribers.CONSUMER].events == frozenset({"demo_complete"})
        user = new_user()
        with session_scope() as session:
            flow = service.expose(session, "demo_flow", user).variant
        with session_scope() as session:
            demo_events.completed(user, "ecommerce", order_id=1, session=session)
        demo_events.completed(user, "fitness", workout_id=2)  # a second completion counts nothing more
        drain()
    finally:
        unregister()
    with session_scope() as session:
        rows = session.exec(select(ExperimentConversion.experiment_id, ExperimentConversion.goal,
                                   ExperimentConversion.variant).where(ExperimentConversion.user_id == user)).all()
    # Exposed to demo_flow only (homepage_cta was never shown to this user): one conversion, in its variant.
    assert [tuple(r) for r in rows] == [("demo_flow", "demo_complete", flow)]
    assert {e.id for e in REGISTRY.with_goal("demo_complete")} == {"demo_flow", "homepage_cta"}
