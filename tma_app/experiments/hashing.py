"""The assignment hash: the same number on the server and in the browser.

    h      = MurmurHash3_x86_32(UTF-8 bytes of "<salt>:<experiment id>:<unit id>", seed 0)
    bucket = h / 2**32                                  (in [0, 1), exact in a double)

MurmurHash3 (x86, 32-bit) is used because it mixes well for sequential ids
(Telegram ids are close to each other) and needs only 32-bit multiplies, which
JavaScript does exactly with Math.imul: no BigInt, no floating point on the way.
The browser twin is assets/experiments/assign.js; both are pinned by the shared
vectors in tests/support/experiment_vectors.json.
"""

from __future__ import annotations

_C1 = 0xCC9E2D51
_C2 = 0x1B873593
_MASK = 0xFFFFFFFF
BUCKET_SCALE = 2**32


def _rotl(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (32 - bits))) & _MASK


def murmur3_32(data: bytes, seed: int = 0) -> int:
    """MurmurHash3_x86_32 of `data`, as an unsigned 32-bit integer."""
    h = seed & _MASK
    whole = len(data) - len(data) % 4
    for offset in range(0, whole, 4):
        k = int.from_bytes(data[offset : offset + 4], "little")
        k = _rotl((k * _C1) & _MASK, 15)
        h ^= (k * _C2) & _MASK
        h = (_rotl(h, 13) * 5 + 0xE6546B64) & _MASK
    tail = data[whole:]
    if tail:
        k = int.from_bytes(tail, "little")
        k = _rotl((k * _C1) & _MASK, 15)
        h ^= (k * _C2) & _MASK
    h ^= len(data)
    # Final avalanche (fmix32): every input bit reaches every output bit.
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK
    h ^= h >> 16
    return h


def hash_input(salt: str, experiment_id: str, unit_id: str) -> str:
    # Salt and experiment ids are [a-z0-9_-] (the registry checks), so ":" cannot be ambiguous.
    return f"{salt}:{experiment_id}:{unit_id}"


def unit_hash(salt: str, experiment_id: str, unit_id: str) -> int:
    return murmur3_32(hash_input(salt, experiment_id, unit_id).encode("utf-8"))


def unit_bucket(salt: str, experiment_id: str, unit_id: str) -> float:
    """Where a unit falls in [0, 1) for one experiment."""
    return unit_hash(salt, experiment_id, unit_id) / BUCKET_SCALE
