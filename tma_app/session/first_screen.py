"""A page's first screen in the sign-in answer itself.

Signing in mounts the page's content, whose on-mount events then ask for its data: one more round
trip, and the page renders and lays out twice (the frame, then the data), each a long task on a
phone's CPU (docs/perf.md, "First screen in the sign-in answer"). A screen whose data depends only on
who the user is registers a loader for its route; sign-in runs it inside the same event, so the user,
the frame and the data reach the page in one delta and one render. The page's on-mount event still
comes (a later visit needs it) and finds the screen just loaded.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

# Given the SessionState of the user who just signed in; loads into its own state with get_state.
Loader = Callable[[Any], Awaitable[None]]

_loaders: dict[str, Loader] = {}


def _route(path: str) -> str:
    return path.rstrip("/") or "/"


def register_first_screen(route: str, loader: Loader) -> None:
    """The assembly names each screen whose data sign-in brings (the last registration of a route wins)."""
    _loaders[_route(route)] = loader


def first_screen_loader(path: str) -> Loader | None:
    """The loader of the page at `path` (the route as the browser has it, with or without its "/")."""
    return _loaders.get(_route(path))
