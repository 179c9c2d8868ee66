import logging

from tests.conftest import TEST_BOT_TOKEN
from tma_app.core.logging import RedactingFilter, _scrub_value, redact


def test_tokens_hashes_and_keys_are_redacted():
    line = f"token={TEST_BOT_TOKEN} hash={'a' * 64} key=sk-abcdefghijklmnop signature={'Z' * 86}"
    cleaned = redact(line)
    assert TEST_BOT_TOKEN not in cleaned
    assert "a" * 64 not in cleaned and "sk-abcdefghijklmnop" not in cleaned and "Z" * 86 not in cleaned
    assert cleaned.count("[redacted]") == 4


def test_log_records_are_scrubbed_including_args(caplog):
    logger = logging.getLogger("tma_app.test_redaction")
    logger.addFilter(RedactingFilter(("super-secret-dsn",)))
    with caplog.at_level(logging.INFO, logger="tma_app.test_redaction"):
        logger.info("connecting with %s and %s", "super-secret-dsn", TEST_BOT_TOKEN)
    assert "super-secret-dsn" not in caplog.text and TEST_BOT_TOKEN not in caplog.text


def test_sentry_events_lose_init_data_headers_and_secrets():
    event = {
        "request": {"headers": {"X-Telegram-Init-Data": "user=...&hash=abc", "Accept": "json"}},
        "extra": {"note": f"bad token {TEST_BOT_TOKEN}"},
    }
    scrubbed = _scrub_value(event, ())
    assert scrubbed["request"]["headers"]["X-Telegram-Init-Data"] == "[redacted]"
    assert scrubbed["request"]["headers"]["Accept"] == "json"
    assert TEST_BOT_TOKEN not in scrubbed["extra"]["note"]


def test_a_whole_init_data_goes_in_any_spelling_names_included():
    from urllib.parse import quote

    from tests.support.telegram import signed_init_data

    init_data = signed_init_data({"id": 424242, "first_name": "Alice"})
    launch_url = f"https://app.example/#tgWebAppData={quote(init_data, safe='')}&tgWebAppVersion=8.0"
    for text in (f"bad launch {init_data}!", f"opened {launch_url}", f"repr: '{init_data}'"):
        cleaned = redact(text)
        assert "Alice" not in cleaned and "424242" not in cleaned and "auth_date" not in cleaned, cleaned
    assert redact(f"bad launch {init_data} here") == "bad launch [redacted] here"


def test_secret_keys_are_dropped_whatever_their_spelling():
    event = {"request": {"headers": {"x_telegram_init_data": "x", "Cookie": "y"}},
             "extra": {"vars": {"init-data": "z", "openai_api_key": "k", "user_id": 7}}}
    scrubbed = _scrub_value(event, ())
    assert scrubbed["request"]["headers"] == {"x_telegram_init_data": "[redacted]", "Cookie": "[redacted]"}
    assert scrubbed["extra"]["vars"] == {"init-data": "[redacted]", "openai_api_key": "[redacted]", "user_id": 7}


def test_log_lines_of_child_loggers_and_their_tracebacks_are_redacted(capsys):
    from tma_app.core.logging import configure_logging

    root = logging.getLogger("tma_app")
    saved = (root.filters[:], root.handlers[:], root.propagate, root.level)
    root.filters.clear()
    root.handlers.clear()
    try:
        configure_logging()
        try:
            raise RuntimeError(f"token {TEST_BOT_TOKEN}")
        except RuntimeError:
            logging.getLogger("tma_app.some.child").exception("failed with %s", TEST_BOT_TOKEN)
    finally:
        root.filters[:], root.handlers[:] = saved[0], saved[1]
        root.propagate, root.level = saved[2], saved[3]
    err = capsys.readouterr().err
    assert "failed with [redacted]" in err and "RuntimeError: token [redacted]" in err
    assert TEST_BOT_TOKEN not in err


def test_the_page_gets_a_loader_config_only_with_a_dsn():
    from tma_app.core.logging import browser_config
    from tma_app.core.settings import load_settings

    assert browser_config(load_settings(_env_file=None), "http://localhost:8000") is None
    settings = load_settings(_env_file=None, SENTRY_DSN="https://pub@ingest.example.io/3", RELEASE="b42",
                             SENTRY_TRACES_SAMPLE_RATE=0.5)
    config = browser_config(settings, "https://app.example/")
    assert config == {
        "data-dsn": "https://pub@ingest.example.io/3",
        "data-release": "b42",
        "data-environment": "test",
        "data-traces-sample-rate": "0.5",
        "data-replays-on-error-sample-rate": "1.0",
        "data-api": "https://app.example",
    }


def test_a_failing_outbox_row_reaches_sentry_once_scrubbed(tmp_path):
    """In a process of its own (Sentry is process-wide): a row fails three times, one report."""
    import os
    import subprocess
    import sys

    from tests.support.fake_sentry import FakeSentry
    from tests.support.sentry_outbox_probe import OPENAI_KEY, USER_ID
    from tests.support.telegram import signed_init_data

    init_data = signed_init_data({"id": USER_ID, "first_name": "Alice"})
    with FakeSentry() as sentry:
        env = {**os.environ, "SENTRY_DSN": sentry.dsn, "OPENAI_API_KEY": OPENAI_KEY, "PROBE_INIT_DATA": init_data,
               "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.db'}", "TELEGRAM_BOT_TOKEN": TEST_BOT_TOKEN}
        run = subprocess.run([sys.executable, "-m", "tests.support.sentry_outbox_probe"], env=env,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr[-3000:]
        errors = sentry.wait_for(lambda s: s.errors())
        raw = sentry.raw()
    assert len(errors) == 1, "three failures of one row, one report"
    (error,) = errors
    assert error["user"] == {"id": str(USER_ID)}
    assert error["tags"]["outbox.consumer"] == "probe" and error["tags"]["outbox.event"] == "probe_failed"
    assert error["exception"]["values"][-1]["value"] == "consumer failed for [redacted] with [redacted] and [redacted]"
    for secret in (init_data, TEST_BOT_TOKEN, OPENAI_KEY, "Alice", init_data.rsplit("hash=", 1)[1]):
        assert secret.encode() not in raw, secret
    assert b"outbox row" in raw, "the failure's log line went along as a breadcrumb"
    assert "[redacted]" in run.stderr and TEST_BOT_TOKEN not in run.stderr, "and the log line itself is scrubbed"


def test_a_bot_token_inside_a_bot_api_url_is_redacted():
    from tma_app.core.logging import redact

    url = "POST https://api.telegram.org/bot7000000007:AAtestTokenForTheSuiteOnly-abcdefghij/sendMessage"
    assert redact(url) == "POST https://api.telegram.org/bot[redacted]/sendMessage"
