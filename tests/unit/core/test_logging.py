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
