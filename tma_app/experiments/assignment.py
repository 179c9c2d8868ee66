"""Which variant a unit gets, from the hash alone: pure, no I/O, the browser's twin.

A unit is who is being assigned:
    a verified Telegram user   -> the decimal user id, e.g. "424242"
    before identity            -> "anon:" + a random id the client keeps (8-64 of [A-Za-z0-9_-])

Bucketing, with integer weights w_1..w_k summing to T:
    slot    = floor(h * T / 2**32)          (h the 32-bit hash; exact in doubles as T <= 10**6)
    variant = the first i with slot < w_1 + ... + w_i

Only verified users are stored, exposed and counted; an anonymous unit's variant
is the pure hash (the app shows experiments only after sign-in).
"""

from __future__ import annotations

import re

from tma_app.experiments.hashing import unit_hash
from tma_app.experiments.registry import Experiment

_ANONYMOUS = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def user_unit(user_id: int) -> str:
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise ValueError("a Telegram user id is a positive integer")
    return str(user_id)


def anonymous_unit(anonymous_id: str) -> str:
    if not isinstance(anonymous_id, str) or not _ANONYMOUS.match(anonymous_id):
        raise ValueError("an anonymous id is 8-64 of [A-Za-z0-9_-]")
    return "anon:" + anonymous_id


def slot_of(hash_value: int, total_weight: int) -> int:
    return (hash_value * total_weight) >> 32


def choose_variant(experiment: Experiment, unit_id: str) -> str:
    """The variant the hash gives `unit_id` under the experiment's current weights."""
    slot = slot_of(unit_hash(experiment.salt, experiment.id, unit_id), experiment.total_weight)
    cumulative = 0
    for variant in experiment.variants:
        cumulative += variant.weight
        if slot < cumulative:
            return variant.name
    raise AssertionError("slot is below the total weight by construction")
