"""docs/perf.md holds one section per benchmark; each run replaces only its own."""

from __future__ import annotations

import re
from pathlib import Path

PERF_DOC = Path(__file__).resolve().parent.parent / "docs" / "perf.md"
HEADER = (
    "# Performance records\n\nMeasured results, newest run of each benchmark; how to rerun each is in its section.\n"
)


def update_section(title: str, section: str) -> None:
    """Put `section` (which starts with its `## title` line) in place of the old one, or append it."""
    text = PERF_DOC.read_text() if PERF_DOC.exists() else HEADER
    if not text.startswith("# Performance records"):
        text = HEADER + "\n" + text
    pattern = re.compile(rf"^{re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    PERF_DOC.parent.mkdir(parents=True, exist_ok=True)
    PERF_DOC.write_text(text.rstrip("\n") + "\n")
