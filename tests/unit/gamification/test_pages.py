"""The profile page: a Telegram photo that fails to load falls back to the initials, without a layout shift."""

from __future__ import annotations

import pytest

from tma_app.gamification import pages
from tma_app.ui import shell


@pytest.fixture(autouse=True)
def bare_shell(monkeypatch):
    # The page is rendered here without the assembly: a shell with no contributions frames it.
    monkeypatch.setattr(shell, "_contributions", shell.ShellContributions())


def _nodes(node: dict, ancestors: tuple = ()):
    """Every rendered node with the nodes above it (children, cond branches, match cases alike)."""
    yield node, ancestors
    stack = list(node.values())
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            yield from _nodes(value, (*ancestors, node))
        elif isinstance(value, (list, tuple)):
            stack.extend(value)


def _props(node: dict) -> dict[str, str]:
    return dict(prop.split(":", 1) for prop in node.get("props", ()))


def _by_test_id(tree: dict, test_id: str) -> tuple[dict, tuple]:
    found = [(node, up) for node, up in _nodes(tree) if _props(node).get('"data-testid"') == f'"{test_id}"']
    assert len(found) == 1, f"one element with data-testid={test_id!r}, found {len(found)}"
    return found[0]


def test_the_initials_are_always_drawn_under_a_photo_that_hides_itself_when_it_fails():
    tree = pages.profile_page().render()
    photo, photo_up = _by_test_id(tree, "profile-photo")
    initials, initials_up = _by_test_id(tree, "profile-initials")
    box = [node for node in photo_up if any(node is up for up in initials_up)][-1]
    between = initials_up[initials_up.index(box) + 1:]
    assert not any("cond_state" in node for node in between), "the initials must not depend on the photo"
    # The photo lies over the initials in a box of fixed size: it loading or failing moves nothing.
    assert "relative h-16 w-16" in _props(box)["className"] and "absolute inset-0" in _props(photo)["className"]
    assert "currentTarget.style.display = 'none'" in _props(photo)["onError"]
    assert _props(photo)["key"] == _props(photo)["src"]  # a new photo is a fresh <img>, not a hidden one
