"""The home page's weight at two git refs, side by side in one run (default: 473bce0, before the
assistant, against HEAD).

Run from the repository root:

    .venv/bin/python bench/home_weight.py [--reference 473bce0] [--candidate HEAD]

Issue 13's budget: the assistant's code loads only on its pages, and the home page grows by at most
2 KiB (gzip). For each ref, one after the other (2 cores: builds must not fight for CPU):

1. `git archive` of the app's files (the e2e suite's APP_FILES) into a temp dir under
   bench/.work/home_weight/, removed afterwards (`--keep` leaves it).
2. Migrations, seed and `reflex run --env prod --single-port` with a throwaway SQLite database and
   the e2e suite's environment (tests/e2e/conftest.py `_server_env`); the start mirrors its
   `start_prod_server`, but this script owns the process from the first moment so that every exit
   path stops the whole tree.
3. "/" opened in Chromium (Playwright) inside the fake Telegram, signed in as a regular user; once
   the greeting is visible and the network idle, every same-origin resource is summed: bytes on the
   wire (Resource Timing `transferSize`: headers + body as served), the encoded body
   (`encodedBodySize`, the Content-Length of Granian's pre-gzipped files) and, independent of the
   server's compression, the `gzip -9` size of each JS/CSS/HTML body.
4. The loaded chunks are compared by name without their content hash; the bodies of each ref are
   saved to bench/.work/home_weight/<ref>/ for a closer look.

It fails (exit 1) if the home page at the candidate loads anything of the assistant screen's own
code (its data-testids), and with `--check` also if the gzip growth is over the budget.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.metadata
import io
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lighthouse import BenchError, stop_tree, tail  # noqa: E402
from perf_doc import update_section  # noqa: E402

from tests.e2e.conftest import (  # noqa: E402  (sets the suite's test environment on import)
    APP_FILES,
    CHROMIUM,
    CHROMIUM_ARGS,
    _free_port,
    _server_env,
    _wait_until_up,
)
from tests.support.fake_telegram import answer_telegram_script_empty, signed_in  # noqa: E402

WORK = ROOT / "bench" / ".work" / "home_weight"
SECTION_TITLE = "## Home page growth from the assistant"
COMMAND = ".venv/bin/python bench/home_weight.py"
DEFAULT_REFERENCE = "473bce0"
BUDGET_BYTES = 2 * 1024  # issue 13: the home page may grow by at most 2 KiB (gzip)
USER_ID, FIRST_NAME = 424242, "Alice"  # a regular user: not in the suite's ADMIN_TELEGRAM_IDS
# data-testids that only the assistant screen's own component code holds (tma_app/ai/pages.py).
ROUTE_MARKERS = (b"ai-draft", b"ai-send", b"ai-chat", b"ai-input", b"ai-new-chat")
LEAK_MARKER = re.compile(rb"assistant", re.I)  # where the assistant shows up in shared code
STEP_TIMEOUT = 180
PAGE_TIMEOUT_MS = 60_000
SETTLE_MS = 1_500  # after network idle: a late dynamic import would still be counted
HASHED = re.compile(r"^(?P<name>.+)-(?P<hash>[A-Za-z0-9_-]{8})\.(?P<ext>m?js|css)$")
# Quoted text without code punctuation: readable strings, not minified code between two quotes.
STATE_KEY = re.compile(rb'"([A-Za-z_][A-Za-z0-9_]{2,80})":')
CSS_RULE = re.compile(rb"[^{}]+\{[^{}]*\}")
STRING_LITERAL = re.compile(rb"""["'`]([^"'`\\\n(){};=]{3,120})["'`]""")
# What differs between two builds of the same code: the server's port, hashes, build time.
BUILD_NOISE = (
    (re.compile(rb"(https?|wss?)://127\.0\.0\.1:\d+"), rb"\1://ORIGIN"),
    (re.compile(rb"-[A-Za-z0-9_-]{8}\.(m?js|css)\b"), rb".\1"),
    (re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+"), rb"BUILD_TIME"),
    (re.compile(rb"\b[0-9a-f]{32}\b"), rb"HASH"),
    (re.compile(rb"(['\"`])[0-9a-f]{8}\1"), rb"\1HASH\1"),
)


def log(message: str) -> None:
    """Progress goes to stderr so stdout carries only the result."""
    print(f"[home_weight {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True,
                          timeout=60).stdout.strip()


# --------------------------------------------------------------------------- build and serve


@dataclass
class Ref:
    given: str
    sha: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    @classmethod
    def resolve(cls, given: str) -> Ref:
        try:
            sha = git("rev-parse", "--verify", f"{given}^{{commit}}")
        except subprocess.CalledProcessError as error:
            raise BenchError(f"not a commit: {given}: {error.stderr.strip()}") from None
        return cls(given, sha, git("log", "-1", "--format=%s", sha))


def export_tree(ref: Ref) -> Path:
    """The app's files at `ref` (not the working tree) in a fresh temp dir."""
    WORK.mkdir(parents=True, exist_ok=True)
    app_dir = Path(tempfile.mkdtemp(prefix=f"app-{ref.short}-", dir=WORK))
    archive = subprocess.run(["git", "archive", "--format=tar", ref.sha, "--", *APP_FILES], cwd=ROOT,
                             check=True, capture_output=True, timeout=120).stdout
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
        tar.extractall(app_dir, filter="data")
    return app_dir


def run_step(cmd: list[str], app_dir: Path, env: dict[str, str], log_file: Path) -> None:
    with log_file.open("ab") as out:
        out.write(f"\n$ {' '.join(cmd)}\n".encode())
        out.flush()
        proc = subprocess.Popen(cmd, cwd=app_dir, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            code = proc.wait(timeout=STEP_TIMEOUT)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            if proc.poll() is None:
                stop_tree(proc)
    if code != 0:
        raise BenchError(f"{' '.join(cmd)} failed ({code})\n{tail(log_file)}\nlog: {log_file}")


def serve(app_dir: Path, port: int, log_file: Path, started: list[subprocess.Popen]) -> str:
    """Migrate, seed and start the prod server like the e2e suite; returns its base URL."""
    env = _server_env(f"sqlite:///{app_dir / 'bench.db'}", port)
    env.pop("SENTRY_DSN", None)
    python = str(Path(sys.executable))
    run_step([python, "-m", "alembic", "upgrade", "head"], app_dir, env, log_file)
    run_step([python, "-m", "tma_app.seed"], app_dir, env, log_file)
    cmd = [str(Path(sys.executable).parent / "reflex"), "run", "--env", "prod", "--single-port",
           "--frontend-port", str(port), "--loglevel", "info"]
    with log_file.open("ab") as out:
        out.write(f"\n$ {' '.join(cmd)}\n".encode())
        started.append(subprocess.Popen(cmd, cwd=app_dir, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                        stderr=subprocess.STDOUT, start_new_session=True))
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base_url}/api/health", started[-1], log_file)
        _wait_until_up(f"{base_url}/", started[-1], log_file)
    except RuntimeError as error:
        raise BenchError(f"server did not come up; log: {log_file}\n{str(error)[-1500:]}") from None
    return base_url


# --------------------------------------------------------------------------- measuring

RESOURCE_TIMING = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map(e => ({url: e.name, initiator: e.initiatorType, transfer: e.transferSize,
              encoded: e.encodedBodySize, decoded: e.decodedBodySize}))"""


@dataclass
class Resource:
    path: str
    kind: str  # html, js, css or other
    transfer: int
    encoded: int
    decoded: int
    gzip9: int  # of the decoded body, whatever its kind; the budget counts html, js and css
    body: bytes = b""

    @property
    def normalised(self) -> bytes:
        body = self.body
        for pattern, replacement in BUILD_NOISE:
            body = pattern.sub(replacement, body)
        return body

    @property
    def key(self) -> str:
        """The name without its content hash (the same chunk at both refs compares)."""
        name = self.path.rsplit("/", 1)[-1]
        match = HASHED.match(name)
        if not match:
            return self.path
        return f"{self.path.rsplit('/', 1)[0]}/{match['name']}.{match['ext']}"


@dataclass
class HomeLoad:
    ref: Ref
    greeting: str
    resources: list[Resource]
    foreign: list[str]  # other origins' URLs (telegram.org is the fake's)
    ws_frames: list[bytes]
    built_js: int = 0
    route_chunks: tuple[tuple[str, int], ...] = ()  # built JS holding the assistant's testids: (name, gzip -9)
    seconds_up: float = 0.0

    @property
    def ws_bytes(self) -> int:
        return sum(len(frame) for frame in self.ws_frames)

    @property
    def ws_gzip9(self) -> int:
        return sum(len(gzip.compress(frame, compresslevel=9, mtime=0)) for frame in self.ws_frames if frame)

    def total(self, attr: str, kinds: tuple[str, ...] = ("html", "js", "css", "other")) -> int:
        return sum(getattr(r, attr) for r in self.resources if r.kind in kinds)

    def by_key(self) -> dict[str, Resource]:
        keyed: dict[str, Resource] = {}
        for resource in self.resources:
            key = resource.key if resource.key not in keyed else resource.path  # same name twice: keep the hash
            keyed[key] = resource
        return keyed


def kind_of(content_type: str, path: str) -> str:
    content_type = content_type.lower()
    if "html" in content_type:
        return "html"
    if "javascript" in content_type or path.endswith((".js", ".mjs")):
        return "js"
    if "css" in content_type or path.endswith(".css"):
        return "css"
    return "other"


def measure(ref: Ref, base_url: str) -> HomeLoad:
    """Open "/" as Telegram opens it and collect what it loaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
            answer_telegram_script_empty(context)
            signed_in(USER_ID, first_name=FIRST_NAME, language_code="en").install(context)
            page = context.new_page()
            responses = []
            page.on("response", lambda response: responses.append(response))
            frames: list[bytes] = []

            def on_websocket(ws) -> None:
                ws.on("framereceived", lambda p: frames.append(p.encode() if isinstance(p, str) else p))

            page.on("websocket", on_websocket)
            page.goto(base_url + "/", wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_MS)
            greeting = page.get_by_test_id("greeting")
            greeting.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
            page.wait_for_load_state("networkidle", timeout=PAGE_TIMEOUT_MS)
            page.wait_for_timeout(SETTLE_MS)
            page.wait_for_load_state("networkidle", timeout=PAGE_TIMEOUT_MS)
            greeting_text = greeting.inner_text()
            entries = page.evaluate(RESOURCE_TIMING)
            received_ws = list(frames)
            bodies: dict[str, tuple[str, bytes]] = {}
            for response in responses:
                if not response.url.startswith(base_url) or response.request.method != "GET":
                    continue
                try:
                    bodies[response.url] = (response.headers.get("content-type", ""), response.body())
                except Exception:  # a redirect or an evicted body: counted by timing only
                    bodies.setdefault(response.url, (response.headers.get("content-type", ""), b""))
        finally:
            browser.close()

    resources, foreign = [], []
    for entry in entries:
        url = entry["url"]
        if not url.startswith(base_url):
            foreign.append(url)
            continue
        path = urllib.parse.urlsplit(url).path or "/"
        content_type, body = bodies.get(url, ("", b""))
        kind = "html" if entry["initiator"] == "navigation" else kind_of(content_type, path)
        gzip9 = len(gzip.compress(body, compresslevel=9, mtime=0)) if body else 0
        resources.append(Resource(path, kind, entry["transfer"], entry["encoded"], entry["decoded"], gzip9, body))
    return HomeLoad(ref, greeting_text, resources, foreign, received_ws)


def save_bodies(load: HomeLoad) -> Path:
    """The loaded bodies by path, so what grew can be read afterwards."""
    target = WORK / load.ref.short
    shutil.rmtree(target, ignore_errors=True)
    for resource in load.resources:
        if not resource.body:
            continue
        name = "index.html" if resource.path == "/" else resource.path.strip("/")
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(resource.body)
    (target / "websocket-frames.txt").write_bytes(b"\n".join(load.ws_frames) + b"\n")
    return target


def measure_ref(ref: Ref, keep: bool, started: list[subprocess.Popen]) -> HomeLoad:
    log_file = WORK / "logs" / f"{ref.short}.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.unlink(missing_ok=True)
    app_dir = export_tree(ref)
    log(f"{ref.given} ({ref.short}): exported to {app_dir.relative_to(ROOT)}; building (log: "
        f"{log_file.relative_to(ROOT)})")
    begun = time.monotonic()
    try:
        base_url = serve(app_dir, _free_port(), log_file, started)
        seconds_up = time.monotonic() - begun
        log(f"{ref.short}: up after {seconds_up:.0f} s on {base_url}")
        load = measure(ref, base_url)
        load.seconds_up = seconds_up
        built = sorted((app_dir / ".web" / "build" / "client" / "assets").glob("*.js"))
        load.built_js = len(built)
        load.route_chunks = tuple((p.name, len(gzip.compress(p.read_bytes(), compresslevel=9, mtime=0)))
                                  for p in built if any(m in p.read_bytes() for m in ROUTE_MARKERS))
    finally:
        stop_all(started)
        if keep:
            log(f"kept {app_dir}")
        else:
            shutil.rmtree(app_dir, ignore_errors=True)
    log(f"{ref.short}: {len(load.resources)} resources, saved to {save_bodies(load).relative_to(ROOT)}")
    return load


# --------------------------------------------------------------------------- reporting


def kib(n: float) -> str:
    return f"{n / 1024:.2f} KiB"


def signed(n: int) -> str:
    return f"{n:+,d} B ({n / 1024:+.2f} KiB)"


ROWS = (
    ("Transfer, all same-origin (transferSize)", "transfer", ("html", "js", "css", "other")),
    ("Encoded bodies, all same-origin (encodedBodySize)", "encoded", ("html", "js", "css", "other")),
    ("Decoded bodies, all same-origin", "decoded", ("html", "js", "css", "other")),
    ("gzip -9 of all same-origin bodies", "gzip9", ("html", "js", "css", "other")),
    ("gzip -9 of JS + CSS + HTML bodies (budget row)", "gzip9", ("html", "js", "css")),
    ("  of which JS", "gzip9", ("js",)),
    ("  of which CSS", "gzip9", ("css",)),
    ("  of which HTML", "gzip9", ("html",)),
)


def render_totals(ref: HomeLoad, cand: HomeLoad) -> str:
    rows = [
        f"| Home page `/` | {ref.ref.short} (reference) | {cand.ref.short} ({cand.ref.given}) | Difference | Ratio |",
        "|---|---|---|---|---|",
    ]
    for label, attr, kinds in ROWS:
        a, b = ref.total(attr, kinds), cand.total(attr, kinds)
        rows.append(f"| {label} | {a:,d} B ({kib(a)}) | {b:,d} B ({kib(b)}) | {signed(b - a)} "
                    f"| {b / a if a else float('nan'):.3f}x |")
    count_a, count_b = len(ref.resources), len(cand.resources)
    rows.append(f"| Same-origin requests | {count_a} | {count_b} | {count_b - count_a:+d} | |")
    for label, a, b in (("Websocket frames received, decompressed (state; not in the budget)", ref.ws_bytes,
                         cand.ws_bytes),
                        ("  the same, gzip -9 of each frame", ref.ws_gzip9, cand.ws_gzip9)):
        rows.append(f"| {label} | {a:,d} B | {b:,d} B | {signed(b - a)} | {b / a if a else float('nan'):.3f}x |")
    return "\n".join(rows)


def new_strings(before: bytes, after: bytes, limit: int = 6) -> list[str]:
    """String literals in `after` that `before` lacks: the quickest hint of what a chunk gained."""
    old = set(STRING_LITERAL.findall(before))
    found = []
    for literal in STRING_LITERAL.findall(after):
        if literal not in old and literal not in found:
            found.append(literal)
    found.sort(key=lambda s: (not LEAK_MARKER.search(s), -len(s)))
    return [s.decode(errors="replace")[:60] for s in found[:limit]]


def new_css_rules(before: bytes, after: bytes) -> list[str]:
    old = set(CSS_RULE.findall(before))
    return [rule.split(b"{", 1)[0].strip().decode(errors="replace")[:50]
            for rule in CSS_RULE.findall(after) if rule not in old]


def describe_change(old: Resource | None, new: Resource | None) -> str:
    if new is None:
        return "(not loaded any more)"
    before = old.normalised if old else b""
    if new.kind == "css":
        rules = new_css_rules(before, new.normalised)
        return f"{len(rules)} new or changed rules, e.g. " + ", ".join(f"`{r}`" for r in rules[:5]) if rules else ""
    return ", ".join(f"`{s}`" for s in new_strings(before, new.normalised))


def render_chunks(ref: HomeLoad, cand: HomeLoad) -> tuple[str, list[str]]:
    """Loaded files whose gzip -9 size or content differs, by name without hash."""
    a, b = ref.by_key(), cand.by_key()
    rows = [
        f"| Loaded file (hash stripped) | {ref.ref.short} gzip -9 | {cand.ref.short} gzip -9 | Difference "
        f"| \"assistant\" in {cand.ref.short} | New string literals (sample) |",
        "|---|---|---|---|---|---|",
    ]
    changed = []
    for key in sorted(set(a) | set(b)):
        old, new = a.get(key), b.get(key)
        if old and new and old.normalised == new.normalised:
            continue
        size_a, size_b = old.gzip9 if old else 0, new.gzip9 if new else 0
        hits = len(LEAK_MARKER.findall(new.body)) if new else 0
        hint = describe_change(old, new)
        rows.append(f"| `{key}` | {size_a:,d} | {size_b:,d} | {size_b - size_a:+,d} | {hits} | {hint} |")
        changed.append(key)
    if not changed:
        rows.append("| (no loaded file differs) | | | | | |")
    return "\n".join(rows), changed


def route_code_on_home(load: HomeLoad) -> list[str]:
    """Loaded files holding the assistant screen's own testids (must be none)."""
    return [f"{r.path} ({', '.join(m.decode() for m in ROUTE_MARKERS if m in r.body)})"
            for r in load.resources if r.kind == "js" and any(m in r.body for m in ROUTE_MARKERS)]


def describe_state(ref: HomeLoad, cand: HomeLoad) -> str:
    """Which state keys the candidate's websocket messages carry that the reference's did not."""
    old = set(STATE_KEY.findall(b"".join(ref.ws_frames)))
    new = []
    for key in STATE_KEY.findall(b"".join(cand.ws_frames)):
        if key not in old and key not in new:
            new.append(key)
    sample = ", ".join(f"`{k.decode()}`" for k in new[:12])
    return (f"Websocket state after sign-in: {len(new)} keys the reference did not send"
            + (f", e.g. {sample}." if new else "."))


def render_report(ref: HomeLoad, cand: HomeLoad) -> tuple[str, bool, bool]:
    growth = cand.total("gzip9", ("html", "js", "css")) - ref.total("gzip9", ("html", "js", "css"))
    within = growth <= BUDGET_BYTES
    leaks = route_code_on_home(cand)
    chunks, _ = render_chunks(ref, cand)
    verdict = (
        f"Budget (home page at most {BUDGET_BYTES:,d} B = 2 KiB heavier, gzip -9 of JS/CSS/HTML): "
        f"**{'met' if within else 'NOT met'}** ({signed(growth)}).\n\n"
        f"Assistant screen code on the home page (testids {', '.join(m.decode() for m in ROUTE_MARKERS)} in a "
        f"loaded JS file): **{'none' if not leaks else 'LOADED: ' + '; '.join(leaks)}**; they are built into "
        + ", ".join(f"`{name}` ({size:,d} B gzip -9)" for name, size in cand.route_chunks) + "."
    )
    text = (f"{render_totals(ref, cand)}\n\n{verdict}\n\nLoaded files that differ (gzip -9 bytes):\n\n{chunks}\n\n"
            f"{describe_state(ref, cand)}\n")
    return text, within, not leaks


def render_section(report: str, ref: HomeLoad, cand: HomeLoad, facts: dict[str, str]) -> str:
    return f"""{SECTION_TITLE}

Command: `{COMMAND}` (about {facts['duration']}; builds `--reference {ref.ref.given}` and
`--candidate {cand.ref.given}` one after the other).

- Date: {facts['date']}; Reflex {facts['reflex']}, headless Chromium via Playwright.
- Reference {ref.ref.short} ("{ref.ref.subject[:60]}...") against
  {cand.ref.given} = {cand.ref.short} ("{cand.ref.subject[:60]}...").
- Each ref is exported with `git archive` (the committed tree, not the working tree), built and served by
  `reflex run --env prod --single-port` as the e2e suite does (throwaway SQLite, migrations, seed);
  "/" is opened inside the fake Telegram as a signed-in regular user and measured once the greeting
  ("{cand.greeting}") is visible and the network idle. Only same-origin resources count (Telegram's script is
  the fake's). Transfer is Resource Timing's `transferSize` (headers + Granian's pre-gzipped body);
  the budget row recompresses each JS/CSS/HTML body with `gzip -9`, so it does not depend on the server.
  Byte counts are deterministic for a build: one load per ref. The websocket rows are the state the
  server sends after sign-in (decompressed frames), shown for completeness; they are not page code.
- Where a feature lands in shared files of a Reflex 0.10 build: `__reflex_global_styles.css` is Tailwind's
  one stylesheet for the classes of every page; `context.js` holds every State class's name and initial
  values; `manifest.js` lists every route (not its code); `_index.js` is the home route with the shell's
  bottom bar. A screen's own components go to its route chunk, loaded when the screen is opened.

{report}"""


def stop_all(started: list[subprocess.Popen]) -> None:
    """Stop every server tree; a second Ctrl-C must not cut this short."""
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        while started:
            stop_tree(started.pop())
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _raise_on_signal(signum, _frame) -> None:
    raise SystemExit(128 + signum)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference", default=DEFAULT_REFERENCE, help=f"ref before (default {DEFAULT_REFERENCE})")
    parser.add_argument("--candidate", default="HEAD", help="ref after (default HEAD)")
    parser.add_argument("--no-doc", action="store_true", help="print the tables but leave docs/perf.md alone")
    parser.add_argument("--check", action="store_true", help="also exit 1 when the 2 KiB budget is missed")
    parser.add_argument("--keep", action="store_true", help="keep the exported, built trees")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _raise_on_signal)
    signal.signal(signal.SIGHUP, _raise_on_signal)

    begun = time.monotonic()
    for old in WORK.glob("[0-9a-f]" * 7):  # the previous run's saved bodies
        shutil.rmtree(old, ignore_errors=True)
    refs = [Ref.resolve(args.reference), Ref.resolve(args.candidate)]
    started: list[subprocess.Popen] = []
    try:
        loads = [measure_ref(ref, args.keep, started) for ref in refs]  # one build at a time: 2 cores
    finally:
        stop_all(started)
    ref, cand = loads
    if not cand.route_chunks:  # else "not loaded on home" would prove nothing
        raise BenchError(f"no built JS file of {cand.ref.short} holds the assistant's testids {ROUTE_MARKERS}")
    for load in loads:
        if load.greeting != f"Hi, {FIRST_NAME}!":
            raise BenchError(f"{load.ref.short}: unexpected greeting {load.greeting!r}")

    report, within, clean = render_report(ref, cand)
    print(report)
    print(f"Server up (build + start): {ref.ref.short} {ref.seconds_up:.0f} s, "
          f"{cand.ref.short} {cand.seconds_up:.0f} s; "
          f"built JS files {ref.built_js} -> {cand.built_js}; other origins: {sorted(set(cand.foreign)) or 'none'}")
    facts = {
        "date": dt.date.today().isoformat(),
        "reflex": importlib.metadata.version("reflex"),
        "duration": f"{max(1, round((time.monotonic() - begun) / 60))} min",
    }
    if not args.no_doc:
        update_section(SECTION_TITLE, render_section(report, ref, cand, facts))
        log("updated docs/perf.md")
    if not clean:
        return 1
    return 1 if args.check and not within else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        log(f"FAILED: {error}")
        sys.exit(2)
