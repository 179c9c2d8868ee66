"""GET /api/experiments/assignments in process, behind the real middleware."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from tests.support.telegram import signed_init_data
from tma_app.core.db import session_scope
from tma_app.experiments.assignment import choose_variant, user_unit
from tma_app.experiments.models import ExperimentAssignment, ExperimentExposure
from tma_app.experiments.registry import REGISTRY

PATH = "/api/experiments/assignments"


def new_user() -> int:
    return 7 * 10**12 + uuid.uuid4().int % 10**9


def header(user_id: int) -> dict[str, str]:
    return {"X-Telegram-Init-Data": signed_init_data({"id": user_id})}


def test_identity_is_required(api_client):
    answer = api_client.get(PATH)
    assert answer.status_code == 401 and answer.json()["code"] == "UNAUTHORIZED"
    assert api_client.get(PATH, headers={"X-Telegram-Init-Data": "user=forged&hash=00"}).status_code == 401


def test_the_caller_gets_their_hashed_variants_stored_but_not_exposed(api_client):
    user = new_user()
    answer = api_client.get(PATH, headers=header(user))
    assert answer.status_code == 200
    body = answer.json()
    assert body["userId"] == user
    assert body["assignments"] == [
        {"experiment": e.id, "variant": choose_variant(e, user_unit(user)), "active": True} for e in REGISTRY
    ]
    assert answer.headers["X-RateLimit-Tier"] == "standard"
    with session_scope() as session:
        stored = session.exec(select(ExperimentAssignment.experiment_id)
                              .where(ExperimentAssignment.user_id == user)).all()
        exposed = session.exec(select(ExperimentExposure).where(ExperimentExposure.user_id == user)).all()
    assert sorted(stored) == sorted(e.id for e in REGISTRY) and exposed == []
    assert api_client.get(PATH, headers=header(user)).json() == body, "the same answer every time"


def test_one_experiment_by_id(api_client):
    user = new_user()
    body = api_client.get(PATH, params={"experiment": "demo_flow"}, headers=header(user)).json()
    assert [a["experiment"] for a in body["assignments"]] == ["demo_flow"]


@pytest.mark.parametrize("query, status", [
    ("?experiment=nope", 404),
    ("?experiment=demo_flow&experiment=homepage_cta", 400),
    ("?user_id=1", 400),
])
def test_bad_queries_get_typed_errors(api_client, query, status):
    answer = api_client.get(PATH + query, headers=header(new_user()))
    assert answer.status_code == status
    assert set(answer.json()) == {"code", "message"}
