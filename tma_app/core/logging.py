"""Logging and Sentry, both with secrets scrubbed before anything leaves the process."""

from __future__ import annotations

import logging
import re

from tma_app.core.settings import Settings, get_settings

# initData carries a signature and personal data; bot tokens unlock the bot.
_SECRET_PATTERNS = [
    re.compile(r"\b\d{6,20}:[A-Za-z0-9_-]{30,}\b"),  # bot tokens
    re.compile(r"(hash=)[0-9a-fA-F]{64}"),
    re.compile(r"(signature=)[A-Za-z0-9_-]{40,}"),
    re.compile(r"(sk-)[A-Za-z0-9_-]{10,}"),
]


def redact(text: str, extra_secrets: tuple[str, ...] = ()) -> str:
    for secret in extra_secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "[redacted]", text)
    return text


def _configured_secrets(settings: Settings) -> tuple[str, ...]:
    values = [settings.TELEGRAM_BOT_TOKEN, settings.OPENAI_API_KEY, settings.SENTRY_DSN]
    return tuple(v.get_secret_value() for v in values if v is not None)


class RedactingFilter(logging.Filter):
    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self._secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self._secrets)
        record.args = None
        return True


def configure_logging(settings: Settings | None = None) -> None:
    settings = settings or get_settings()
    root = logging.getLogger("tma_app")
    if any(isinstance(f, RedactingFilter) for f in root.filters):
        return
    root.setLevel(settings.LOG_LEVEL)
    root.addFilter(RedactingFilter(_configured_secrets(settings)))
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.propagate = False


def init_sentry(settings: Settings | None = None) -> bool:
    """Start Sentry when SENTRY_DSN is set; events are scrubbed of secrets and initData."""
    settings = settings or get_settings()
    if settings.SENTRY_DSN is None:
        return False
    import sentry_sdk

    secrets = _configured_secrets(settings)

    def scrub(event, _hint):
        return _scrub_value(event, secrets)

    sentry_sdk.init(
        dsn=settings.SENTRY_DSN.get_secret_value(),
        environment=settings.APP_ENV,
        send_default_pii=False,
        before_send=scrub,
        before_breadcrumb=lambda crumb, _hint: _scrub_value(crumb, secrets),
    )
    return True


def _scrub_value(value, secrets: tuple[str, ...]):
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {
            k: "[redacted]" if str(k).lower() in {"x-telegram-init-data", "init_data", "authorization"}
            else _scrub_value(v, secrets)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub_value(v, secrets) for v in value]
    return value
