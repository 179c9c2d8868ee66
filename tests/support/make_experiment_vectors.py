"""Regenerate tests/support/experiment_vectors.json: `python -m tests.support.make_experiment_vectors`.

The vectors pin the assignment hash for both implementations (Python and
assets/experiments/assign.js). Regenerate only on purpose: a changed vector means
every user may land in another variant. When the `mmh3` package is importable
the raw hashes are cross-checked against it (it is not a project dependency).
"""

from __future__ import annotations

import json
from pathlib import Path

from tma_app.experiments.assignment import anonymous_unit, choose_variant, user_unit
from tma_app.experiments.hashing import murmur3_32, unit_bucket, unit_hash
from tma_app.experiments.registry import REGISTRY, Experiment, Variant

PATH = Path(__file__).with_name("experiment_vectors.json")

RAW_INPUTS = [
    ("", 0), ("", 1), ("", 0xFFFFFFFF), ("a", 0), ("ab", 0), ("abc", 0), ("abcd", 0), ("abcde", 0),
    ("hello", 0), ("Hello, world!", 0x9747B28C), ("The quick brown fox jumps over the lazy dog", 0x9747B28C),
    ("Привет, мир", 0), ("🚀 mini app", 0), ("日本語テキスト", 42), ("hcta-2026-11:homepage_cta:424242", 0),
]

SYNTHETIC = [
    Experiment("skewed", "s1", (Variant("a", 90), Variant("b", 10)), goals=("g",)),
    Experiment("zero_weight", "z-9", (Variant("off", 0), Variant("one", 1), Variant("three", 3)), goals=("g",)),
    Experiment("many", "m_2026", tuple(Variant(f"v{i}", i + 1) for i in range(7)), goals=("g",)),
    Experiment("big_total", "bt", (Variant("x", 999_999), Variant("y", 1)), goals=("g",)),
]

USER_IDS = [1, 2, 3, 7, 42, 424242, 777000, 880001, 5550001, 123456789, 2**31 - 1, 2**31, 2**32 + 5,
            7_000_000_001, 2**53 - 1] + list(range(100_000, 100_040))
ANONYMOUS_IDS = ["a1b2c3d4", "00000000-0000-4000-8000-000000000000".replace("-", "_"), "X" * 64, "anon_user_42"]


def raw_vectors() -> list[dict]:
    rows = [{"input": text, "seed": seed, "hash": murmur3_32(text.encode(), seed)} for text, seed in RAW_INPUTS]
    try:
        import mmh3
    except ImportError:
        return rows
    for row in rows:
        assert row["hash"] == mmh3.hash(str(row["input"]).encode(), row["seed"], signed=False), row
    return rows


def assignment_vectors() -> list[dict]:
    units = [user_unit(i) for i in USER_IDS] + [anonymous_unit(a) for a in ANONYMOUS_IDS] + ["Кириллица", "✓"]
    rows = []
    for experiment in [*REGISTRY, *SYNTHETIC]:
        for unit in units:
            rows.append({
                "experiment": experiment.id,
                "unit_id": unit,
                "hash": unit_hash(experiment.salt, experiment.id, unit),
                "bucket": unit_bucket(experiment.salt, experiment.id, unit),
                "variant": choose_variant(experiment, unit),
            })
    return rows


def dumps(vectors: dict) -> str:
    # One vector a line: readable diffs, a small file.
    parts = [f' "{key}": ' + ("[\n  " + ",\n  ".join(json.dumps(row, ensure_ascii=False) for row in value) + "\n ]"
                               if isinstance(value, list) else json.dumps(value, ensure_ascii=False))
             for key, value in vectors.items()]
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main() -> None:
    vectors = {
        "about": "MurmurHash3_x86_32 over UTF-8 of salt:experiment:unit, seed 0; bucket = h / 2**32; "
                 "slot = floor(h * total_weight / 2**32); variant = first with slot < running weight sum. "
                 "Raw hashes cross-checked with the mmh3 library.",
        "murmur3": raw_vectors(),
        "experiments": [experiment.public() for experiment in [*REGISTRY, *SYNTHETIC]],
        "assignments": assignment_vectors(),
    }
    PATH.write_text(dumps(vectors))


if __name__ == "__main__":
    main()
