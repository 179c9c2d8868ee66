"""Web Vitals reports (POST /api/vitals) as analytics events: performance/web_vitals.

The browser sends what web-vitals v5 measured, tagged with where it was measured:

    {"id": <uuid>, "ts": <ms>, "name": "LCP", "value": 1830.2, "route": "/demos/fitness",
     "metric_id": "v5-...", "delta": 1830.2, "rating": "good", "navigation_type": "navigate",
     "platform": "ios", "webapp_version": "8.0", "view_mode": "fullscreen",
     "attribution": {"target": "img.hero", "timeToFirstByte": 210.5, ...}}

Each report becomes one event (label = metric, value = value) whose props hold the
tags; the rating stored is the server's, from the taxonomy's thresholds. FID is
accepted by name for older clients; INP replaced it and is what the client collects.
"""

from __future__ import annotations

from typing import Any

from tma_app.analytics.ingest import IDENTITY_FIELDS, IDENTITY_REASON, Rejection
from tma_app.analytics.taxonomy import Taxonomy, get_taxonomy

VIEW_MODES = ("fullscreen", "expanded", "compact")
MAX_ATTRIBUTION_FIELDS = 8
_TAGS = {  # report field -> longest accepted string
    "metric_id": 64,
    "navigation_type": 32,
    "platform": 32,
    "webapp_version": 16,
}
_FIELDS = frozenset({"id", "ts", "name", "value", "route", "delta", "rating", "view_mode", "attribution", *_TAGS})


def _rejected(report: dict[str, Any], reason: str) -> Rejection:
    event_id = report.get("id")
    return Rejection(event_id if isinstance(event_id, str) and len(event_id) <= 64 else None, reason)


def report_to_event(report: Any, taxonomy: Taxonomy | None = None) -> dict[str, Any] | Rejection | Any:
    """The performance/web_vitals event for one report (the ingest validates the rest)."""
    taxonomy = taxonomy or get_taxonomy()
    if not isinstance(report, dict):
        return report  # the ingest rejects non-objects with its own reason
    unknown = report.keys() - _FIELDS
    if unknown & IDENTITY_FIELDS:
        return _rejected(report, IDENTITY_REASON)
    if unknown:
        return _rejected(report, f"unknown field {sorted(unknown)[0][:50]!r}")
    name = report.get("name")
    if not isinstance(name, str) or not taxonomy.is_vital(name):
        known = ", ".join(taxonomy.vitals_collected)
        legacy = ", ".join(taxonomy.vitals_compatibility_only)
        return _rejected(report, f"unknown metric {name!r} (collected: {known}; accepted for compatibility: {legacy})")
    value = report.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
        return _rejected(report, "value must be a finite number >= 0")
    props: dict[str, Any] = {"rating": taxonomy.rating(name, float(value))}
    delta = report.get("delta")
    if delta is not None:
        if isinstance(delta, bool) or not isinstance(delta, (int, float)):
            return _rejected(report, "delta must be a number")
        props["delta"] = delta
    for tag in _TAGS:
        if report.get(tag) is not None:
            props[tag] = report[tag]
    view_mode = report.get("view_mode")
    if view_mode is not None:
        if view_mode not in VIEW_MODES:
            return _rejected(report, f"view_mode must be one of {', '.join(VIEW_MODES)}")
        props["view_mode"] = view_mode
    attribution = report.get("attribution")
    if attribution is not None:
        if not isinstance(attribution, dict) or len(attribution) > MAX_ATTRIBUTION_FIELDS:
            return _rejected(report, f"attribution must be an object of at most {MAX_ATTRIBUTION_FIELDS} fields")
        props.update({f"attr_{key}": item for key, item in attribution.items() if isinstance(key, str)})
    for tag, longest in _TAGS.items():
        if tag in props and not (isinstance(props[tag], str) and len(props[tag]) <= longest):
            return _rejected(report, f"{tag} must be a string of at most {longest} characters")
    return {
        "id": report.get("id"),
        "ts": report.get("ts"),
        "category": "performance",
        "action": "web_vitals",
        "label": name,
        "value": value,
        "route": report.get("route"),
        "props": props,
    }
