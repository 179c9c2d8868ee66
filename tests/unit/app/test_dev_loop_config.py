"""`make run` holds: the dev server watches the sources only, and a run rewrites nothing tracked.

The whole loop, run for real, is tests/e2e/test_dev_loop.py; these are its quick causes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _python(code: str, cwd: Path = ROOT) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLEX_HOT_RELOAD")}
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=120, check=True)
    return result.stdout


def test_the_dev_server_watches_the_app_sources_and_nothing_the_app_writes():
    out = _python(
        "import json, rxconfig\n"
        "from reflex.utils.exec import get_reload_paths\n"
        "print(json.dumps([str(p) for p in get_reload_paths()]))"
    )
    watched = {Path(p).relative_to(ROOT).as_posix() for p in json.loads(out.splitlines()[-1])}
    assert {"tma_app", "assets", "rxconfig.py"} <= watched
    # data/ (SQLite and its -wal/-shm, the media cache), benchmarks' work files, docs, tests,
    # migrations: none of them is the running app's code.
    assert watched <= {"tma_app", "assets", "rxconfig.py", ".env"}


def test_the_frontend_lock_is_exactly_what_reflex_writes_back():
    # Reflex renders reflex.lock/package.json from itself on `reflex init` and copies it back:
    # any other formatting shows up as a change in git after the first `make run`.
    rendered = _python(
        "import sys\n"
        "from reflex.utils.frontend_skeleton import _compile_package_json\n"
        "sys.stdout.write(_compile_package_json())"
    )
    assert rendered == (ROOT / "reflex.lock" / "package.json").read_text(), (
        "commit reflex.lock/package.json as Reflex renders it (run `make run` once and commit the file)"
    )


def _make(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_make_reinstalls_when_requirements_change_and_not_when_they_are_only_touched(tmp_path):
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "requirements.txt").write_text("reflex==0.10.1\n")
    planned = _make(tmp_path, "-n", "install").stdout
    stamp = next(line.split()[-1] for line in planned.splitlines() if line.startswith("touch "))
    (tmp_path / stamp).parent.mkdir(parents=True)
    (tmp_path / stamp).touch()

    os.utime(tmp_path / "requirements.txt")  # what `reflex init` and a checkout do
    assert _make(tmp_path, "-q", "install").returncode == 0, "a touched requirements.txt reinstalled"

    (tmp_path / "requirements.txt").write_text("reflex==0.10.1\nhttpx>=0.27\n")
    assert _make(tmp_path, "-q", "install").returncode == 1, "a changed requirements.txt did not reinstall"
