"""The layer contract (.importlinter) holds: an upward import fails the suite naming both modules.

Only pages, states, components and the shell import reflex, and every other module is held to that
by the contract (a module the contract does not name would be free to import reflex unnoticed).
"""

import configparser
import re
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[3]


def test_imports_follow_the_layer_contract():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


# Besides pages, states and components (named so) and the shell (tma_app.ui, the assembly), these
# modules are UI-side too: they build components or event specs, or guard and report Reflex events.
UI_SIDE = {
    "tma_app.tma_app",
    "tma_app.ai.entry",
    "tma_app.analytics.head",
    "tma_app.demos.onboarding",
    "tma_app.demos.visit",
    "tma_app.gamification.toast",
    "tma_app.home.cta",
    "tma_app.offline.durable",
    "tma_app.session.connection",
    "tma_app.session.guards",
    "tma_app.session.reconnect",
    "tma_app.session.reporting",
    "tma_app.session.watchdog",
    "tma_app.telegram.bridge",
    "tma_app.telegram.haptic",
}
_ROLE = re.compile(r"(^|_)(pages?|state|components?)$")
# Reflex 0.10 is reflex plus reflex_base and a package per component family (reflex_components_core, ...).
_REFLEX = re.compile(r"reflex(_\w+)?(\.|$)")


def _ui_side(module: str) -> bool:
    return module in UI_SIDE or module.startswith("tma_app.ui.") or bool(_ROLE.search(module.rsplit(".", 1)[-1]))


def _without_reflex_sources() -> list[re.Pattern[str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    sources = config["importlinter:contract:services-without-reflex"]["source_modules"].split()
    # `**` is one or more levels; a listed module covers its submodules.
    return [re.compile(re.escape(s).replace(r"\*\*", r"[\w.]+") + r"(\..+)?") for s in sources]


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("tma_app", include_external_packages=True)


def test_only_pages_states_components_and_the_shell_import_reflex():
    graph = _graph()
    importers = sorted(m for m in graph.modules if m.startswith("tma_app")
                       and any(_REFLEX.match(i) for i in graph.find_modules_directly_imported_by(m)))
    assert importers, "the graph sees no reflex import at all"
    assert [m for m in importers if not _ui_side(m)] == [], \
        "imports reflex but is not a page, state or component: name it for its role, or list it in UI_SIDE"


def test_every_other_module_is_held_to_the_no_reflex_contract():
    """A new service module not named for its role (say tma_app.ai.sse) must be listed in .importlinter."""
    graph = _graph()
    sources = _without_reflex_sources()
    uncovered = [m for m in sorted(graph.modules) if m.startswith("tma_app.") and not _ui_side(m)
                 and not graph.find_children(m)  # a package's __init__ only loads its modules, checked one by one
                 and not any(s.fullmatch(m) for s in sources)]
    assert uncovered == [], "add these to source_modules of services-without-reflex in .importlinter"
