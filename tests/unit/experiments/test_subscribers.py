"""A completed demo converts exposed users in every experiment measuring demo_complete."""

from __future__ import annotations

import uuid

from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent, EventBus
from tma_app.demos.events import demo_event
from tma_app.experiments import service, subscribers
from tma_app.experiments.registry import Experiment, Registry, Variant
from tma_app.experiments.service import ConversionOutcome


def experiment(goals) -> Experiment:
    return Experiment("s" + uuid.uuid4().hex[:12], "salt", (Variant("control", 1), Variant("b", 1)), goals=goals)


def test_demo_complete_converts_exposed_users_once(migrated_engine):
    measured, unrelated = experiment(("demo_complete",)), experiment(("cta_click",))
    registry = Registry([measured, unrelated])
    exposed, unseen = 20_000_001 + uuid.uuid4().int % 10**6, 30_000_001 + uuid.uuid4().int % 10**6
    with session_scope() as session:
        service.expose(session, measured, exposed)
        service.expose(session, unrelated, exposed)
    event = demo_event("demo_complete", exposed, "fitness")
    assert subscribers.on_demo_complete(event, registry) == {measured.id: ConversionOutcome.RECORDED}
    assert subscribers.on_demo_complete(event, registry) == {measured.id: ConversionOutcome.ALREADY_RECORDED}
    assert subscribers.on_demo_complete(demo_event("demo_complete", unseen, "restaurant"), registry) == {
        measured.id: ConversionOutcome.NOT_EXPOSED}
    assert subscribers.on_demo_complete(DomainEvent("demo_complete", None, {}), registry) == {}
    with session_scope() as session:
        results = service.experiment_results(session, measured)
    assert results.total_conversions == 1


def test_register_listens_to_demo_complete_only(migrated_engine):
    events = EventBus()
    unsubscribe = subscribers.register(events)
    user = 40_000_001 + uuid.uuid4().int % 10**6
    assert events.emit(demo_event("demo_complete", user, "ecommerce")) == 1
    assert events.emit(demo_event("demo_start", user, "ecommerce")) == 0
    unsubscribe()
    assert events.emit(demo_event("demo_complete", user, "ecommerce")) == 0
