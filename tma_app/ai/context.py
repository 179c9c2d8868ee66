"""Where the user is, as structured facts for `demo_assistant`.

A demo registers a resolver that, given the verified user and what the page says it shows
(screen, item), reads its own data and returns plain facts: the dish, the cart, the workout.
The model gets those facts, never the database, and never anything the page could forge
beyond naming a screen and an item that the resolver checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from tma_app.core.i18n import Language

Resolver = Callable[[Session, int, str, str | None, Language], Mapping[str, Any]]
_resolvers: dict[str, Resolver] = {}
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_ITEM = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class ContextInvalid(ValueError):
    """The page named a demo, screen or item that does not exist."""


@dataclass(frozen=True, slots=True)
class Where:
    demo: str
    screen: str
    item: str | None = None


@dataclass(frozen=True, slots=True)
class Context:
    demo: str
    screen: str
    facts: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"demo": self.demo, "screen": self.screen, **self.facts}


def register_context(demo: str, resolver: Resolver) -> Resolver:
    _resolvers[demo] = resolver
    return resolver


def parse_where(demo: object, screen: object, item: object = None) -> Where:
    if not isinstance(demo, str) or demo not in _resolvers:
        raise ContextInvalid(f"unknown demo {demo!r}")
    if not isinstance(screen, str) or not _NAME.match(screen):
        raise ContextInvalid(f"bad screen {screen!r}")
    if item is not None and item != "" and (not isinstance(item, str) or not _ITEM.match(item)):
        raise ContextInvalid(f"bad item {item!r}")
    return Where(demo, screen, item or None)


def resolve(session: Session, user_id: int, where: Where, language: Language) -> Context:
    facts = _resolvers[where.demo](session, user_id, where.screen, where.item, language)
    return Context(where.demo, where.screen, dict(facts))
