"""initData validation throughput: tma_app against aiogram and init-data-py, same inputs, one process.

Run from the repository root (the libraries compared are in bench/requirements.txt, not in the app's):

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python bench/init_data.py

What is measured (validations per second, best of --rounds rounds, gc off while timing):

- "unseen": N distinct, realistic, correctly signed initData strings (user JSON with `\\/` escapes in
  photo_url as Telegram sends it, non-ASCII names, query_id or chat_instance/chat_type, sometimes
  start_param, a Bot API 8.0 `signature` field, fresh auth_date), each verified once. Every round
  verifies fresh copies of the strings (new str objects, so no str hash is cached from an earlier
  round), and InitDataVerifier gets a new, empty cache each round: every call is a miss + insert.
- "repeated": D distinct strings, each sent R times, interleaved like D clients that send their
  initData with every request. Each request is a new str object with the same text (as it is when
  it arrives in a header). InitDataVerifier's cache is warmed with the D strings before timing, so
  this is the steady state; the "incl. first sight" row starts cold instead.

Implementations:

- tma_app `verify_init_data` (what tma_app.session.service uses) and `InitDataVerifier.verify`;
- aiogram `aiogram.utils.web_app.safe_parse_webapp_init_data(token, init_data)`: parse_qsl, HMAC of
  the token on every call, HMAC of the data, then a pydantic model; no expiry check;
- init-data-py `validate_by_hash(init_data, token, expires_in=86400)`: parse_qsl (strict), duplicate
  keys refused, typed fields and user, expiry checked (24 h, like ours), HMAC; a row with
  `expires_in=None` (expiry check off) is shown too;
- "floor": parse_qsl + data-check string + one HMAC with a precomputed secret + compare_digest; no
  JSON, no expiry, no typed result. The least work a correct check by hash can do in Python.

Every implementation is first run once over all inputs and must accept every string and return the
right user id, and must reject a tampered string; otherwise the script stops.

The table is printed and, unless --no-doc, written into docs/perf.md as "## initData validation"
(other sections of that file are kept). --profile prints a cProfile of verify_init_data.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import datetime as dt
import gc
import hmac
import importlib.metadata
import io
import json
import platform
import pstats
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import parse_qsl

from perf_doc import update_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tma_app.telegram.init_data import (  # noqa: E402
    InitDataError,
    InitDataVerifier,
    sign_init_data,
    verify_init_data,
)

try:
    from aiogram.utils.web_app import safe_parse_webapp_init_data
    from init_data_py import validate_by_hash
    from init_data_py.errors import InvalidInitDataError
except ImportError as exc:  # pragma: no cover - depends on the machine
    sys.exit(
        f"bench/init_data.py: cannot import {exc.name!r}, a benchmark-only dependency.\n"
        "Install them with:  .venv/bin/pip install -r bench/requirements.txt"
    )

PERF_DOC = ROOT / "docs" / "perf.md"
SECTION_TITLE = "## initData validation"
COMMAND = ".venv/bin/python bench/init_data.py"
# Right shape (bot id, colon, 35 characters), not a real bot.
BOT_TOKEN = "6123456789:AAHk3x0Qbench-token-not-a-real-bot_x"
MAX_AGE = 86_400
UNSEEN_TARGET = 2.0
REPEATED_TARGET = 10.0


# --------------------------------------------------------------------------- inputs

FIRST_NAMES = ["Alice", "Bob", "Иван", "Мария", "José", "Zoë", "Ahmed", "李雷", "Ольга", "Tom 🚀", "Priya", "Kenji"]
LAST_NAMES = ["Tester", "Smith", "Петров", "García", "Müller", "", "O'Brien", "Сидорова", "Ng", "van Dijk"]
LANGUAGES = ["en", "ru", "es", "de", "uk", "pt-br", "id", "tr"]
CHAT_TYPES = ["sender", "private", "group", "supergroup", "channel"]


def _b64url(rng: random.Random, nbytes: int) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(nbytes)).decode().rstrip("=")


def user_json(rng: random.Random, user_id: int) -> str:
    """Compact JSON as Telegram sends it, non-ASCII kept, photo_url with its `\\/` escapes."""
    user: dict[str, object] = {"id": user_id, "first_name": rng.choice(FIRST_NAMES)}
    last = rng.choice(LAST_NAMES)
    if last:
        user["last_name"] = last
    if rng.random() < 0.8:
        user["username"] = f"user_{user_id:x}"
    user["language_code"] = rng.choice(LANGUAGES)
    if rng.random() < 0.3:
        user["is_premium"] = True
    user["allows_write_to_pm"] = True
    body = json.dumps(user, ensure_ascii=False, separators=(",", ":"))
    photo = f"https:\\/\\/t.me\\/i\\/userpic\\/320\\/{_b64url(rng, 30)}.svg"
    return body[:-1] + f',"photo_url":"{photo}"}}'


def make_init_data(rng: random.Random, user_id: int, now: int) -> str:
    fields: dict[str, str] = {}
    if rng.random() < 0.5:  # inline / keyboard button launch
        fields["query_id"] = "AA" + _b64url(rng, 18)
        fields["user"] = user_json(rng, user_id)
    else:  # menu button / direct link launch
        fields["user"] = user_json(rng, user_id)
        fields["chat_instance"] = str(rng.randint(-(2**63), 2**63 - 1))
        fields["chat_type"] = rng.choice(CHAT_TYPES)
        if rng.random() < 0.4:
            fields["start_param"] = f"ref_{rng.randint(1, 10**6)}"
    fields["auth_date"] = str(now - rng.randint(0, 3600))
    fields["signature"] = _b64url(rng, 64)  # Bot API 8.0 Ed25519 signature; covered by the hash too
    return sign_init_data(fields, BOT_TOKEN)


@dataclass
class Inputs:
    unseen: list[str]
    unseen_ids: list[int]
    distinct: list[str]
    distinct_ids: list[int]
    repeats: int

    def repeated_stream(self) -> list[str]:
        """D clients, each sending its initData R times, interleaved."""
        return [s for _ in range(self.repeats) for s in self.distinct]

    def repeated_ids(self) -> list[int]:
        return [i for _ in range(self.repeats) for i in self.distinct_ids]


def build_inputs(n: int, distinct: int, repeats: int, seed: int = 20_240_601) -> Inputs:
    rng = random.Random(seed)
    now = int(time.time())
    ids = rng.sample(range(100_000, 8_000_000_000), n + distinct)
    strings = [make_init_data(rng, uid, now) for uid in ids]
    if len(set(strings)) != len(strings):
        raise SystemExit("generated initData strings are not distinct")
    return Inputs(strings[:n], ids[:n], strings[n:], ids[n:], repeats)


def fresh_copies(strings: list[str]) -> list[str]:
    """Same text, new str objects: no cached hash, like a string just read from a request."""
    return [s.encode().decode() for s in strings]


# --------------------------------------------------------------------------- implementations

SECRET = hmac.digest(b"WebAppData", BOT_TOKEN.encode(), "sha256")


def floor_validate(init_data: str) -> dict[str, str]:
    fields = dict(parse_qsl(init_data, strict_parsing=True))
    received = fields.pop("hash")
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    if not hmac.compare_digest(hmac.digest(SECRET, check.encode(), "sha256").hex(), received):
        raise ValueError("bad hash")
    return fields


def user_id_of(result: object) -> int:
    if isinstance(result, dict):  # the floor returns the raw fields
        return json.loads(result["user"])["id"]
    return result.user.id  # type: ignore[attr-defined]


@dataclass
class Impl:
    name: str
    case: str  # "unseen", "repeated", "repeated, incl. first sight"
    # Returns the callable to time for one round (a fresh verifier where the impl has state).
    make: Callable[[], Callable[[str], object]]
    rejects: tuple[type[BaseException], ...]
    times: list[float] = field(default_factory=list)
    count: int = 0

    @property
    def best_rate(self) -> float:
        return self.count / min(self.times)

    @property
    def median_rate(self) -> float:
        return self.count / statistics.median(self.times)


OURS = "tma_app verify_init_data"
OURS_CACHED = "tma_app InitDataVerifier.verify"
AIOGRAM = "aiogram safe_parse_webapp_init_data"
IDP = "init-data-py validate_by_hash"
IDP_NO_EXPIRY = "init-data-py validate_by_hash, expires_in=None"
FLOOR = "floor: parse_qsl + 1 HMAC (cached key)"


def implementations(inputs: Inputs) -> list[Impl]:
    n = len(inputs.unseen)
    ours = partial(verify_init_data, bot_token=BOT_TOKEN, max_age_seconds=MAX_AGE)
    aiogram = partial(safe_parse_webapp_init_data, BOT_TOKEN)
    idp = partial(validate_by_hash, bot_token=BOT_TOKEN, expires_in=MAX_AGE)
    idp_no_expiry = partial(validate_by_hash, bot_token=BOT_TOKEN, expires_in=None)
    ours_errors = (InitDataError,)

    def same(fn: Callable[[str], object]) -> Callable[[], Callable[[str], object]]:
        return lambda: fn

    def cold_verifier(max_entries: int) -> Callable[[], Callable[[str], object]]:
        return lambda: InitDataVerifier(BOT_TOKEN, max_age_seconds=MAX_AGE, max_entries=max_entries).verify

    def warm_verifier() -> Callable[[str], object]:
        verifier = InitDataVerifier(BOT_TOKEN, max_age_seconds=MAX_AGE, max_entries=max(4096, len(inputs.distinct)))
        for s in inputs.distinct:
            verifier.verify(s)
        return verifier.verify

    impls = []
    for case in ("unseen", "repeated"):
        impls += [
            Impl(OURS, case, same(ours), ours_errors),
            Impl(
                OURS_CACHED,
                case,
                cold_verifier(n) if case == "unseen" else warm_verifier,
                ours_errors,
            ),
            Impl(AIOGRAM, case, same(aiogram), (ValueError,)),
            Impl(IDP, case, same(idp), (InvalidInitDataError,)),
            Impl(IDP_NO_EXPIRY, case, same(idp_no_expiry), (InvalidInitDataError,)),
            Impl(FLOOR, case, same(floor_validate), (ValueError,)),
        ]
    # The app's default cache size is 4096: with N > 4096 unseen strings it evicts on every insert.
    impls.insert(2, Impl(OURS_CACHED + " (max_entries=4096, evicting)", "unseen", cold_verifier(4096), ours_errors))
    impls.append(
        Impl(OURS_CACHED + " (cold cache)", "repeated, incl. first sight", cold_verifier(4096), ours_errors)
    )
    return impls


def tamper(init_data: str) -> str:
    """Change the user id by one digit, keep the hash: must be refused."""
    return re.sub(r"%22id%22%3A(\d)", lambda m: f"%22id%22%3A{(int(m.group(1)) + 1) % 10}", init_data, count=1)


def check_correct(impl: Impl, inputs: Inputs) -> None:
    """Each implementation must accept every input (right user) and refuse a tampered one."""
    strings = inputs.unseen if impl.case == "unseen" else inputs.repeated_stream()
    ids = inputs.unseen_ids if impl.case == "unseen" else inputs.repeated_ids()
    fn = impl.make()
    for s, expected in zip(strings, ids, strict=True):
        got = user_id_of(fn(s))
        if got != expected:
            raise SystemExit(f"{impl.name}: user id {got} != {expected}")
    bad = tamper(inputs.distinct[0])
    assert bad != inputs.distinct[0]
    try:
        impl.make()(bad)
    except impl.rejects:
        pass
    else:
        raise SystemExit(f"{impl.name} accepted a tampered initData string")


def time_round(impl: Impl, inputs: Inputs) -> None:
    strings = fresh_copies(inputs.unseen if impl.case == "unseen" else inputs.repeated_stream())
    fn = impl.make()
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for s in strings:
            fn(s)
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    impl.times.append(elapsed)
    impl.count = len(strings)


# --------------------------------------------------------------------------- report


def ratio(a: float, b: float | None) -> str:
    return f"{a / b:.2f}x" if b else "-"


def build_table(impls: list[Impl]) -> tuple[str, dict[tuple[str, str], Impl]]:
    by_key = {(i.name, i.case): i for i in impls}
    rows = [
        "| Implementation | Case | Validations/s (best) | Median | vs init-data-py | vs aiogram |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for impl in impls:
        base_case = "repeated" if impl.case.startswith("repeated") else impl.case
        idp = by_key[(IDP, base_case)].best_rate
        aio = by_key[(AIOGRAM, base_case)].best_rate
        rows.append(
            f"| {impl.name} | {impl.case} | {impl.best_rate:,.0f} | {impl.median_rate:,.0f} "
            f"| {ratio(impl.best_rate, idp)} | {ratio(impl.best_rate, aio)} |"
        )
    return "\n".join(rows), by_key


def verdicts(by_key: dict[tuple[str, str], Impl]) -> tuple[list[str], bool]:
    lines = []
    ok = True
    checks = [
        (OURS, "unseen", UNSEEN_TARGET),
        (OURS_CACHED, "unseen", UNSEEN_TARGET),
        (OURS_CACHED, "repeated", REPEATED_TARGET),
    ]
    for name, case, target in checks:
        ours = by_key[(name, case)]
        idp = by_key[(IDP, case)]
        vs = ours.best_rate / idp.best_rate
        vs_off = ours.best_rate / by_key[(IDP_NO_EXPIRY, case)].best_rate
        # Same-round pairs: a robustness check against drift on a shared machine.
        paired = statistics.median(t_idp / t_ours for t_ours, t_idp in zip(ours.times, idp.times, strict=True))
        passed = vs >= target
        ok &= passed
        lines.append(
            f"- **{'PASS' if passed else 'FAIL'}**: {name}, {case}: {vs:.2f}x init-data-py "
            f"(target >= {target:g}x; median of same-round ratios {paired:.2f}x; "
            f"{vs_off:.2f}x init-data-py with its expiry check off)"
        )
    return lines, ok


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {p: importlib.metadata.version(p) for p in ("aiogram", "init-data-py", "pydantic")}
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cpu": f"{cpu}, {__import__('os').cpu_count()} cores",
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


def doc_section(table: str, verdict_lines: list[str], info: dict[str, str], args: argparse.Namespace) -> str:
    verdict_text = "\n".join(verdict_lines)
    return f"""{SECTION_TITLE}

Command: `{COMMAND}` (about 1.5 minutes; first `.venv/bin/pip install -r bench/requirements.txt`).
Source: `bench/init_data.py`, whose docstring says exactly what each row does.

- Date: {info['date']}
- Python: {info['python']}; {info['versions']}
- CPU: {info['cpu']} (shared, noisy machine: best of {args.rounds} rounds, gc off while timing;
  the median column shows the spread)
- Inputs: {args.n:,} distinct realistic signed initData strings for "unseen" (user JSON with `\\/` escapes,
  non-ASCII names, query_id or chat_instance/chat_type, start_param sometimes, `signature`, fresh
  auth_date); "repeated" is {args.distinct} distinct strings x {args.repeats} requests each, interleaved,
  every request a new str object. InitDataVerifier: unseen = empty cache with max_entries >= N (miss + insert
  on every call); repeated = cache warmed with the {args.distinct} strings first.
- init-data-py checks expiry here (expires_in=86400, like tma_app); aiogram checks no expiry and derives
  the secret key from the token on every call; the floor does no JSON, no expiry and no typed result.

{table}

Targets (vs init-data-py, same case):

{verdict_text}
"""


def update_perf_doc(section: str) -> None:
    update_section(SECTION_TITLE, section)


def profile_ours(inputs: Inputs, top: int) -> str:
    strings = fresh_copies(inputs.unseen)
    profiler = cProfile.Profile()
    profiler.enable()
    for s in strings:
        verify_init_data(s, BOT_TOKEN)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="distinct unseen strings (default 20000)")
    parser.add_argument("--distinct", type=int, default=200, help="distinct strings in the repeated case (default 200)")
    parser.add_argument("--repeats", type=int, default=100, help="requests per distinct string (default 100)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per row; the best is reported (default 5)")
    parser.add_argument("--no-doc", action="store_true", help="print the table but leave docs/perf.md alone")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of verify_init_data (unseen)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    args = parser.parse_args()

    info = machine()
    print(f"{info['date']} | {info['python']} | {info['cpu']} | {info['versions']}", flush=True)
    begun = time.perf_counter()
    inputs = build_inputs(args.n, args.distinct, args.repeats)
    impls = implementations(inputs)
    print(f"built {args.n:,} + {args.distinct} signed initData strings in {time.perf_counter() - begun:.1f}s; "
          "checking every implementation accepts them (also the warm-up)", flush=True)
    for impl in impls:
        check_correct(impl, inputs)

    for r in range(args.rounds):
        # Interleaved, rotating order: drift on the shared machine hits every row alike.
        order = impls[r % len(impls):] + impls[: r % len(impls)]
        for impl in order:
            time_round(impl, inputs)
        print(f"round {r + 1}/{args.rounds} done ({time.perf_counter() - begun:.0f}s)", flush=True)

    table, by_key = build_table(impls)
    verdict_lines, ok = verdicts(by_key)
    print()
    print(table)
    print()
    print("\n".join(verdict_lines))
    if args.profile:
        print()
        print(profile_ours(inputs, 20))
    if not args.no_doc:
        update_perf_doc(doc_section(table, verdict_lines, info, args))
        print(f"\nwrote the '{SECTION_TITLE}' section of {PERF_DOC.relative_to(ROOT)}")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
