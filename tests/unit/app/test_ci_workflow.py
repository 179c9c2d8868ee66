"""The GitHub workflow and .ci/run run the same make targets, so the two cannot drift apart."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[3]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
CI_RUN = ROOT / ".ci" / "run"
# What both run on every change, in this order in .ci/run.
CHECKS = ["lint", "test", "deploy-check", "fault-check", "lighthouse-ci"]
MAKE = re.compile(r"(?:^|&&|;|\bexec)\s*make\s+([a-z][a-z0-9-]*)", re.M)


def workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(loaded, dict)
    return loaded


def make_targets(script: str) -> list[str]:
    return MAKE.findall(script)


def job_targets(job: dict[str, Any]) -> list[str]:
    return [target for step in job["steps"] if "run" in step for target in make_targets(step["run"])]


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z0-9-]*):", (ROOT / "Makefile").read_text(), re.M))


def test_ci_run_runs_every_check_in_order():
    assert make_targets(CI_RUN.read_text()) == CHECKS


def test_the_workflow_parses_and_runs_the_same_checks_on_every_push_and_pull_request():
    flow = workflow()
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    always = [job for job in flow["jobs"].values() if "if" not in job]
    assert sorted(target for job in always for target in job_targets(job)) == sorted(CHECKS)


def test_every_make_target_named_exists():
    flow = workflow()
    named = {target for job in flow["jobs"].values() for target in job_targets(job)}
    assert named <= makefile_targets(), named - makefile_targets()
    assert set(CHECKS) <= makefile_targets()


def test_database_and_browser_checks_get_postgresql_and_redis_and_debian():
    jobs = workflow()["jobs"]
    for name in ("test", "deploy-check"):
        services = jobs[name]["services"]
        assert services["postgres"]["image"].startswith("postgres:")
        assert services["redis"]["image"].startswith("redis:")
    # The fault tests kill and restart a redis-server of their own (Debian's, installed by make).
    assert set(jobs["fault-check"]["services"]) == {"postgres"}
    env = workflow()["env"]
    assert env["CI"] == "true"  # integration tests fail instead of skipping without their servers
    assert "@postgres:" in env["TEST_DATABASE_URL"] and "//redis:" in env["TEST_REDIS_URL"]
    # Chromium and nginx come from Debian's apt, as on the dev machines (never `playwright install`).
    assert all("bookworm" in job["container"] for job in jobs.values())


def test_tags_build_and_keep_the_frontend_export():
    job = workflow()["jobs"]["frontend-export"]
    assert "refs/tags/" in job["if"]
    assert job_targets(job) == ["frontend-export"]
    assert set(job["needs"]) == set(CHECKS)
    upload = next(step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "dist/frontend.zip"


def test_lighthouse_ci_asserts_the_guides_budgets():
    config = json.loads((ROOT / "lighthouserc.json").read_text())["ci"]
    every_page, home = config["assert"]["assertMatrix"]
    assert every_page["matchingUrlPattern"] == ".*"
    assertions = every_page["assertions"]
    for category in ("performance", "accessibility", "best-practices", "seo"):
        assert assertions[f"categories:{category}"] == ["error", {"minScore": 0.9, "aggregationMethod": "median"}]
    assert assertions["first-contentful-paint"] == ["error", {"maxNumericValue": 1800, "aggregationMethod": "median"}]
    assert assertions["largest-contentful-paint"] == ["error", {"maxNumericValue": 2500, "aggregationMethod": "median"}]
    # Issue 17: no run of any page may shift by more than 0.02 (pessimistic = the worst run).
    worst_run = {"maxNumericValue": 0.02, "aggregationMethod": "pessimistic"}
    assert assertions["cumulative-layout-shift"] == ["error", worst_run]
    assert assertions["total-blocking-time"] == ["error", {"maxNumericValue": 300, "aggregationMethod": "median"}]
    # The home's transfer (Telegram's script blocked, so only our bytes) has a budget of its own.
    assert re.fullmatch(home["matchingUrlPattern"], "http://127.0.0.1:8000/")
    assert not re.fullmatch(home["matchingUrlPattern"], "http://127.0.0.1:8000/demos/fitness/")
    budget = home["assertions"]["total-byte-weight"]
    assert budget[0] == "error" and budget[1]["aggregationMethod"] == "median"
    assert budget[1]["maxNumericValue"] <= 200 * 1024
    assert config["collect"]["numberOfRuns"] == 3  # the median: one run's TBT swings with the host
    assert config["collect"]["settings"]["formFactor"] == "mobile"
    assert (ROOT / config["collect"]["puppeteerScript"]).exists()
