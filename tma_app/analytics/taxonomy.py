"""The event taxonomy: which categories and actions exist, and what each one needs.

One definition, `assets/analytics/taxonomy.json`, is read here and by the browser
client (served as /analytics/taxonomy.json), so both sides agree on names,
limits and Web Vitals thresholds. Plain Python, no I/O after the first load.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from tma_app.core.settings import PROJECT_ROOT

TAXONOMY_PATH = PROJECT_ROOT / "assets" / "analytics" / "taxonomy.json"

Rating = Literal["good", "needs-improvement", "poor"]
_PROP_TYPES = {"string": (str,), "number": (int, float), "boolean": (bool,)}
_ACTION_KEYS = {"about", "label", "labels", "value", "route", "props"}


class TaxonomyFileError(ValueError):
    """The taxonomy file itself is malformed (a developer error, raised at load)."""


@dataclass(frozen=True, slots=True)
class ActionSpec:
    label_required: bool = False
    labels: frozenset[str] | None = None  # None: any label
    value_required: bool = False
    route_required: bool = False
    props: Mapping[str, str] = field(default_factory=dict)  # required props: name -> "string" | "number" | "boolean"


@dataclass(frozen=True, slots=True)
class Limits:
    max_events_per_batch: int
    max_body_bytes: int
    max_props: int
    max_prop_key_length: int
    max_string_length: int
    max_label_length: int
    max_route_length: int
    max_event_age_days: int


@dataclass(frozen=True, slots=True)
class Taxonomy:
    version: int
    categories: Mapping[str, Mapping[str, ActionSpec]]
    limits: Limits
    vitals_collected: tuple[str, ...]
    vitals_compatibility_only: tuple[str, ...]
    vitals_thresholds: Mapping[str, tuple[float, float]]

    def unknown(self, category: str, action: str) -> str | None:
        """Why (category, action) is not in the taxonomy, or None when it is."""
        actions = self.categories.get(category)
        if actions is None:
            return f"unknown category {category!r} (known: {', '.join(sorted(self.categories))})"
        if action not in actions:
            return f"unknown action {action!r} in category {category!r} (known: {', '.join(sorted(actions))})"
        return None

    def check(self, category: str, action: str, label: str | None, value: float | None,
              route: str | None, props: Mapping[str, Any]) -> str | None:
        """Why this event breaks the taxonomy, or None when it fits. Shapes are checked by the caller."""
        reason = self.unknown(category, action)
        if reason:
            return reason
        spec = self.categories[category][action]
        name = f"{category}/{action}"
        if spec.label_required and label is None:
            return f"{name} needs a label"
        if spec.labels is not None and label is not None and label not in spec.labels:
            return f"label {label!r} is not one of {', '.join(sorted(spec.labels))} for {name}"
        if spec.value_required and value is None:
            return f"{name} needs a value"
        if spec.route_required and route is None:
            return f"{name} needs a route"
        for prop, kind in spec.props.items():
            present = props.get(prop)
            if present is None:
                return f"{name} needs props.{prop}"
            if not _is_kind(present, kind):
                return f"props.{prop} must be a {kind} for {name}"
        return None

    def is_vital(self, metric: str) -> bool:
        return metric in self.vitals_collected or metric in self.vitals_compatibility_only

    def rating(self, metric: str, value: float) -> Rating:
        """web.dev's rating: good up to the first threshold, poor above the second."""
        good, poor = self.vitals_thresholds[metric]
        if value <= good:
            return "good"
        return "needs-improvement" if value <= poor else "poor"


def _is_kind(value: Any, kind: str) -> bool:
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return isinstance(value, _PROP_TYPES[kind])


def _action(category: str, action: str, raw: Mapping[str, Any]) -> ActionSpec:
    extra = set(raw) - _ACTION_KEYS
    if extra:
        raise TaxonomyFileError(f"{category}/{action}: unknown keys {sorted(extra)}")
    for key in ("label", "value", "route"):
        if raw.get(key, "optional") not in ("required", "optional"):
            raise TaxonomyFileError(f"{category}/{action}: {key} must be 'required' or 'optional'")
    props = dict(raw.get("props", {}))
    if any(kind not in _PROP_TYPES for kind in props.values()):
        raise TaxonomyFileError(f"{category}/{action}: prop types are {sorted(_PROP_TYPES)}")
    labels = raw.get("labels")
    return ActionSpec(
        label_required=raw.get("label") == "required",
        labels=frozenset(labels) if labels is not None else None,
        value_required=raw.get("value") == "required",
        route_required=raw.get("route") == "required",
        props=MappingProxyType(props),
    )


def parse_taxonomy(document: Mapping[str, Any]) -> Taxonomy:
    """Build the taxonomy from the JSON document; raises TaxonomyFileError when malformed."""
    try:
        categories = {
            category: MappingProxyType({action: _action(category, action, spec)
                                        for action, spec in body["actions"].items()})
            for category, body in document["categories"].items()
        }
        limit_names = Limits.__dataclass_fields__
        limits = Limits(**{name: int(document["limits"][name]) for name in limit_names})
        vitals = document["web_vitals"]
        thresholds = {name: (float(pair[0]), float(pair[1])) for name, pair in vitals["thresholds"].items()}
        taxonomy = Taxonomy(
            version=int(document["version"]),
            categories=MappingProxyType(categories),
            limits=limits,
            vitals_collected=tuple(vitals["collected"]),
            vitals_compatibility_only=tuple(vitals["compatibility_only"]),
            vitals_thresholds=MappingProxyType(thresholds),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, TaxonomyFileError):
            raise
        raise TaxonomyFileError(f"malformed taxonomy: {error.__class__.__name__}: {error}") from None
    missing = [m for m in (*taxonomy.vitals_collected, *taxonomy.vitals_compatibility_only)
               if m not in taxonomy.vitals_thresholds]
    if missing:
        raise TaxonomyFileError(f"web vitals without thresholds: {missing}")
    return taxonomy


def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    return parse_taxonomy(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def get_taxonomy() -> Taxonomy:
    """The app's taxonomy, read once per process."""
    return load_taxonomy()
