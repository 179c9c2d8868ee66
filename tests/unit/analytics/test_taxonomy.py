"""The shared taxonomy: one JSON file that the server and the browser client both read."""

import copy
import hashlib
import json
import re
from pathlib import Path

import pytest

from tma_app.analytics.taxonomy import TAXONOMY_PATH, TaxonomyFileError, get_taxonomy, parse_taxonomy

ASSETS = Path(TAXONOMY_PATH).parent
CLIENT_JS = (ASSETS / "client.js").read_text()


@pytest.fixture
def document():
    return json.loads(TAXONOMY_PATH.read_text())


def test_guide_categories_and_current_web_vitals_are_defined():
    taxonomy = get_taxonomy()
    assert taxonomy.unknown("navigation", "page_view") is None
    for action in ("start", "interact", "complete"):
        assert taxonomy.unknown("demo", action) is None
    for category, action in [("experiment", "assign"), ("experiment", "convert"), ("performance", "web_vitals"),
                             ("error", "js_error"), ("engagement", "click")]:
        assert taxonomy.unknown(category, action) is None
    assert taxonomy.vitals_collected == ("LCP", "INP", "CLS", "FCP", "TTFB")
    assert taxonomy.vitals_compatibility_only == ("FID",)
    assert taxonomy.is_vital("FID") and not taxonomy.is_vital("TTI")


def test_unknown_names_are_refused_with_the_known_ones():
    taxonomy = get_taxonomy()
    assert taxonomy.unknown("shopping", "buy") == (
        "unknown category 'shopping' (known: assistant, demo, engagement, error, experiment, gamification, navigation, "
        "performance)")
    assert taxonomy.unknown("demo", "finish") == (
        "unknown action 'finish' in category 'demo' (known: complete, interact, start)")


@pytest.mark.parametrize(
    ("category", "action", "fields", "reason"),
    [
        ("demo", "start", {}, "demo/start needs a label"),
        ("performance", "web_vitals", {"label": "LCP"}, "performance/web_vitals needs a value"),
        ("performance", "web_vitals", {"label": "TTI", "value": 1.0},
         "label 'TTI' is not one of CLS, FCP, FID, INP, LCP, TTFB for performance/web_vitals"),
        ("navigation", "page_view", {}, "navigation/page_view needs a route"),
        ("experiment", "assign", {"label": "homepage_cta"}, "experiment/assign needs props.variant"),
        ("experiment", "assign", {"label": "homepage_cta", "props": {"variant": 2}},
         "props.variant must be a string for experiment/assign"),
    ],
)
def test_action_requirements(category, action, fields, reason):
    taxonomy = get_taxonomy()
    assert taxonomy.check(category, action, fields.get("label"), fields.get("value"), fields.get("route"),
                          fields.get("props", {})) == reason


@pytest.mark.parametrize(
    ("metric", "value", "rating"),
    [("LCP", 2500, "good"), ("LCP", 2501, "needs-improvement"), ("LCP", 4000, "needs-improvement"),
     ("LCP", 4001, "poor"), ("INP", 200, "good"), ("INP", 500.1, "poor"), ("CLS", 0.1, "good"),
     ("CLS", 0.25, "needs-improvement"), ("CLS", 0.26, "poor"), ("FCP", 1800, "good"), ("FCP", 3001, "poor"),
     ("TTFB", 800, "good"), ("TTFB", 1799, "needs-improvement")],
)
def test_web_dev_thresholds(metric, value, rating):
    assert get_taxonomy().rating(metric, value) == rating


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["categories"]["demo"]["actions"]["start"].update(lable="required"), "unknown keys"),
        (lambda d: d["categories"]["demo"]["actions"]["start"].update(label="sometimes"), "'required' or 'optional'"),
        (lambda d: d["web_vitals"]["thresholds"].pop("INP"), "without thresholds"),
        (lambda d: d["limits"].pop("max_body_bytes"), "malformed taxonomy"),
        (lambda d: d["categories"]["experiment"]["actions"]["assign"]["props"].update(variant="uuid"), "prop types"),
    ],
)
def test_a_malformed_file_is_refused_at_load(document, mutate, message):
    broken = copy.deepcopy(document)
    mutate(broken)
    with pytest.raises(TaxonomyFileError, match=message):
        parse_taxonomy(broken)


def test_every_event_the_client_tracks_by_itself_is_in_the_taxonomy():
    taxonomy = get_taxonomy()
    tracked = re.findall(r'track\("([a-z_]+)", "([a-z_]+)"', CLIENT_JS)
    tracked += [("error", action) for action in re.findall(r'reportError\("([a-z_]+)"', CLIENT_JS)]
    assert len(tracked) >= 5
    for category, action in tracked:
        assert taxonomy.unknown(category, action) is None, (category, action)
    assert '"/api/analytics/events"' in CLIENT_JS and '"/api/vitals"' in CLIENT_JS


def test_the_client_reads_the_same_file_the_server_does():
    from tma_app.analytics.head import TAXONOMY_URL

    assert TAXONOMY_URL == "/" + TAXONOMY_PATH.relative_to(ASSETS.parent).as_posix()
    assert "data-taxonomy" in CLIENT_JS and "document.limits" in CLIENT_JS


def test_the_vendored_web_vitals_build_is_the_pinned_one():
    manifest = json.loads((ASSETS / "vendor" / "web-vitals.json").read_text())
    assert manifest["version"].startswith("5.")
    shipped = (ASSETS / "vendor" / manifest["file"]).read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == manifest["file_sha256"]
    assert b"onINP" in shipped and b"attribution" in shipped and b"eval(" not in shipped
