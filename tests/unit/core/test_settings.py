import pytest
from sqlalchemy.pool import QueuePool

from tma_app.core.db import make_engine
from tma_app.core.settings import DEV_BOT_TOKEN, SettingsError, load_settings

GOOD_TOKEN = "123456789:AAHk-real-looking-token-abcdefghijklm"


def test_defaults_give_a_working_dev_setup(fresh_settings):
    for name in ("APP_ENV", "TELEGRAM_BOT_TOKEN", "DATABASE_URL", "REDIS_URL"):
        fresh_settings.delenv(name, raising=False)
    settings = load_settings(_env_file=None)
    assert settings.APP_ENV == "dev"
    assert settings.DATABASE_URL.startswith("sqlite:///") and settings.DATABASE_URL.endswith("data/tma_app.db")
    assert settings.bot_token == DEV_BOT_TOKEN
    assert settings.REDIS_URL is None and not settings.redis_enabled


def test_prod_without_a_bot_token_refuses_to_start(fresh_settings):
    fresh_settings.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN: required when APP_ENV=prod"):
        load_settings(_env_file=None, APP_ENV="prod")


def test_prod_refuses_the_dev_token():
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        load_settings(_env_file=None, APP_ENV="prod", TELEGRAM_BOT_TOKEN=DEV_BOT_TOKEN)


def test_every_malformed_variable_is_named_in_one_error(fresh_settings):
    fresh_settings.setenv("APP_ENV", "staging")
    fresh_settings.setenv("DATABASE_URL", "mysql://db/app")
    fresh_settings.setenv("ADMIN_TELEGRAM_IDS", "12,bob")
    fresh_settings.setenv("TELEGRAM_BOT_TOKEN", "not-a-token")
    fresh_settings.setenv("PUBLIC_URL", "ftp://example")
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None)
    message = str(error.value)
    for name in ("APP_ENV", "DATABASE_URL", "ADMIN_TELEGRAM_IDS", "TELEGRAM_BOT_TOKEN", "PUBLIC_URL"):
        assert f"  {name}:" in message
    assert "not-a-token" not in message, "a rejected secret must not be echoed"


def test_values_are_typed(fresh_settings):
    fresh_settings.setenv("ADMIN_TELEGRAM_IDS", " 1, 22 ,333")
    fresh_settings.setenv("DATABASE_URL", "postgresql://user@db:5432/app")
    fresh_settings.setenv("REDIS_URL", "redis://cache:6379/1")
    fresh_settings.setenv("TELEGRAM_BOT_TOKEN", GOOD_TOKEN)
    settings = load_settings(_env_file=None)
    assert settings.ADMIN_TELEGRAM_IDS == frozenset({1, 22, 333})
    assert settings.DATABASE_URL == "postgresql+psycopg://user@db:5432/app"
    assert settings.redis_enabled
    assert GOOD_TOKEN not in repr(settings), "secrets stay masked in reprs"


def test_blank_optional_values_mean_unset(fresh_settings):
    fresh_settings.setenv("REDIS_URL", " ")
    fresh_settings.setenv("OPENAI_BASE_URL", "")
    settings = load_settings(_env_file=None)
    assert settings.REDIS_URL is None and settings.OPENAI_BASE_URL is None


def test_rxconfig_exits_with_the_message_before_reflex_starts(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "APP_ENV": "prod", "TELEGRAM_BOT_TOKEN": ""}
    result = subprocess.run(
        [sys.executable, "-c", "import rxconfig"], cwd=root, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN: required when APP_ENV=prod" in result.stderr
    assert "Traceback" not in result.stderr



def test_the_dev_page_is_allowed_on_whichever_port_reflex_serves_it():
    settings = load_settings(_env_file=None)
    origins = settings.cors_origins_for(dev_frontend_port=3300)
    assert "http://localhost:3300" in origins and "http://localhost:3000" not in origins
    assert "http://localhost:3000" in settings.cors_origins
    prod = load_settings(_env_file=None, APP_ENV="prod", TELEGRAM_BOT_TOKEN="123456:" + "A" * 35,
                         PUBLIC_URL="https://app.example.org")
    assert prod.cors_origins_for(dev_frontend_port=3300) == ["https://app.example.org"]


def test_error_monitoring_settings(fresh_settings):
    unset = load_settings(_env_file=None)
    assert unset.sentry_dsn is None and unset.sentry_ingest_origin is None
    assert unset.SENTRY_TRACES_SAMPLE_RATE == 0.1 and unset.SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE == 1.0
    fresh_settings.setenv("SENTRY_DSN", "https://abc123@o1.ingest.example.io:8443/42")
    fresh_settings.setenv("SENTRY_TRACES_SAMPLE_RATE", "0.25")
    fresh_settings.setenv("RELEASE", "build-7f3a2c1")
    settings = load_settings(_env_file=None)
    assert settings.sentry_ingest_origin == "https://o1.ingest.example.io:8443", "the CSP needs the origin only"
    assert settings.SENTRY_TRACES_SAMPLE_RATE == 0.25
    assert settings.release == "build-7f3a2c1"
    assert "abc123" not in repr(settings)


def test_a_malformed_dsn_or_rate_stops_start_up(fresh_settings):
    fresh_settings.setenv("SENTRY_DSN", "sentry.example.io/42")
    fresh_settings.setenv("SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE", "2")
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None)
    assert "  SENTRY_DSN:" in str(error.value) and "  SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE:" in str(error.value)
    assert "sentry.example.io/42" not in str(error.value)


def test_the_release_defaults_to_the_checkouts_commit(fresh_settings, tmp_path):
    from tma_app.core.settings import _checkout_commit

    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads" / "main").write_text("0123abc\n")
    assert _checkout_commit(tmp_path) == "0123abc"
    (git / "refs" / "heads" / "main").unlink()
    (git / "packed-refs").write_text("# pack-refs\n4567def refs/heads/main\n")
    assert _checkout_commit(tmp_path) == "4567def"
    assert _checkout_commit(tmp_path / "elsewhere") is None, "no checkout (a Docker image): set RELEASE"


def test_the_database_pool_per_worker_is_set_by_two_variables(fresh_settings):
    fresh_settings.setenv("DATABASE_POOL_SIZE", "3")
    fresh_settings.setenv("DATABASE_MAX_OVERFLOW", "0")
    settings = load_settings(_env_file=None)
    pool = make_engine("postgresql+psycopg://app@db.invalid/app", pool_size=settings.DATABASE_POOL_SIZE,
                       max_overflow=settings.DATABASE_MAX_OVERFLOW).pool
    assert isinstance(pool, QueuePool) and (pool.size(), pool._max_overflow) == (3, 0)
    fresh_settings.setenv("DATABASE_POOL_SIZE", "0")
    with pytest.raises(SettingsError, match="DATABASE_POOL_SIZE"):
        load_settings(_env_file=None)
