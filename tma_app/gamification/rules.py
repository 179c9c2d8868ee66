"""The rules engine: which rules an event fires, as pure functions over data.

A rule is data (see RULES): a trigger event, conditions over the event's data
(`event.<key>`) and the user's counters (`counter.<name>`), rewards (xp, coins,
badge), a cooldown and a maximum number of executions. Adding a rule touches no
engine code. Granting (the ledger, exactly once) is not done here: this module
only decides.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

_MISSING = object()


def _contains(container: Any, item: Any) -> bool:
    return isinstance(container, (str, list, tuple, set, frozenset, dict)) and item in container


def _in(item: Any, container: Any) -> bool:
    return isinstance(container, (list, tuple, set, frozenset)) and item in container


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    # Order comparisons only between numbers (bools excluded): "5" > 3 is a miss, not a crash.
    def check(left: Any, right: Any) -> bool:
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right))
        return numbers and compare(left, right)

    return check


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": _ordered(operator.gt),
    "gte": _ordered(operator.ge),
    "lt": _ordered(operator.lt),
    "lte": _ordered(operator.le),
    "in": _in,
    "contains": _contains,
}


class RuleError(ValueError):
    """A rule definition that cannot be evaluated."""


@dataclass(frozen=True, slots=True)
class Condition:
    field: str  # "event.<key>" or "counter.<name>"
    op: str
    value: Any

    def __post_init__(self) -> None:
        source, _, name = self.field.partition(".")
        if source not in ("event", "counter") or not name:
            raise RuleError(f"condition field {self.field!r}: use event.<key> or counter.<name>")
        if self.op not in OPERATORS:
            raise RuleError(f"condition operator {self.op!r}: one of {', '.join(OPERATORS)}")

    def holds(self, event_data: Mapping[str, Any], counters: Mapping[str, int]) -> bool:
        source, _, name = self.field.partition(".")
        actual = event_data.get(name, _MISSING) if source == "event" else counters.get(name, 0)
        return actual is not _MISSING and OPERATORS[self.op](actual, self.value)


@dataclass(frozen=True, slots=True)
class Rewards:
    xp: int = 0
    coins: int = 0
    badge: str | None = None

    def __post_init__(self) -> None:
        if self.xp < 0 or self.coins < 0:
            raise RuleError("rewards are never negative")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    trigger: str
    rewards: Rewards
    conditions: tuple[Condition, ...] = ()
    cooldown_ms: int = 0
    max_executions: int | None = None  # None: unlimited

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Rule:
        try:
            return cls(
                id=str(data["id"]),
                trigger=str(data["trigger"]),
                rewards=Rewards(**data.get("rewards", {})),
                conditions=tuple(Condition(**c) for c in data.get("conditions", ())),
                cooldown_ms=int(data.get("cooldownMs", 0)),
                max_executions=data.get("maxExecutions"),
            )
        except (KeyError, TypeError) as error:
            raise RuleError(f"rule {data.get('id', '?')!r}: {error}") from None


@dataclass(frozen=True, slots=True)
class RuleHistory:
    """What the ledger knows of one user and one rule."""

    executions: int = 0
    last_at_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Firing:
    rule: Rule
    rewards: Rewards


@dataclass
class RuleBook:
    rules: tuple[Rule, ...]
    _by_trigger: dict[str, list[Rule]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ids = [rule.id for rule in self.rules]
        if len(ids) != len(set(ids)):
            raise RuleError("rule ids must be unique")
        self._by_trigger = {}
        for rule in self.rules:
            self._by_trigger.setdefault(rule.trigger, []).append(rule)

    def fire(
        self,
        event_name: str,
        event_data: Mapping[str, Any],
        counters: Mapping[str, int],
        history: Mapping[str, RuleHistory],
        now_ms: int,
    ) -> list[Firing]:
        """The rules this event fires for this user, given what the ledger already holds."""
        firings = []
        for rule in self._by_trigger.get(event_name, ()):
            past = history.get(rule.id, RuleHistory())
            if rule.max_executions is not None and past.executions >= rule.max_executions:
                continue
            if rule.cooldown_ms and past.last_at_ms is not None and now_ms - past.last_at_ms < rule.cooldown_ms:
                continue
            if all(condition.holds(event_data, counters) for condition in rule.conditions):
                firings.append(Firing(rule, rule.rewards))
        return firings


# The upgrade guide's rules, as data.
RULES: tuple[dict[str, Any], ...] = (
    {"id": "demo_view", "trigger": "demo_start", "rewards": {"xp": 10}},
    {"id": "demo_complete", "trigger": "demo_complete", "rewards": {"xp": 25, "coins": 5}},
    {"id": "referral_signup", "trigger": "referral_signup", "rewards": {"xp": 100, "coins": 50}},
    {"id": "recruiter", "trigger": "referral_signup", "rewards": {"badge": "recruiter"}, "maxExecutions": 1},
    {
        "id": "first_demo",
        "trigger": "demo_complete",
        "rewards": {"xp": 50, "badge": "first_demo"},
        "maxExecutions": 1,
    },
)

RULE_BOOK = RuleBook(tuple(Rule.from_data(rule) for rule in RULES))
