"""Telegram's WebApp script: where the page loads it from, and that the CSP allows exactly that origin."""

from tests.conftest import TEST_BOT_TOKEN
from tma_app.core.settings import load_settings
from tma_app.security.http import content_security_policy
from tma_app.telegram import bridge


def _script_src(settings) -> str:
    return next(d for d in content_security_policy(settings).split("; ") if d.startswith("script-src"))


def test_by_default_the_page_loads_telegrams_own_script_first():
    settings = load_settings(_env_file=None, APP_ENV="prod", TELEGRAM_BOT_TOKEN=TEST_BOT_TOKEN,
                             PUBLIC_URL="https://app.example.com")
    scripts = [str(tag.render()) for tag in bridge.head_scripts(str(settings.TELEGRAM_WEB_APP_SCRIPT_URL))]
    assert "https://telegram.org/js/telegram-web-app.js" in scripts[0]
    assert bridge.BRIDGE_SCRIPT_URL in scripts[-1]
    assert _script_src(settings) == "script-src 'self' 'unsafe-inline' https://telegram.org"


def test_a_stand_in_on_another_origin_replaces_telegram_in_the_page_and_the_csp():
    url = "http://127.0.0.2:8123/js/telegram-web-app.js"
    settings = load_settings(_env_file=None, TELEGRAM_WEB_APP_SCRIPT_URL=url)
    assert url in str(bridge.head_scripts(str(settings.TELEGRAM_WEB_APP_SCRIPT_URL))[0].render())
    assert _script_src(settings) == "script-src 'self' 'unsafe-inline' http://127.0.0.2:8123"


def test_in_production_telegrams_script_is_async_and_marked_for_the_bridge():
    telegram, bridge_script = (tag.render() for tag in bridge.head_scripts("https://telegram.org/js/telegram-web-app.js"))
    assert "async:true" in telegram["props"] and '"data-tma-telegram":""' in telegram["props"]
    assert "async:true" not in bridge_script["props"], "the bridge paints the launch theme before first paint"


def test_with_the_dev_mock_telegrams_script_blocks_so_the_mock_sees_what_it_made():
    telegram, mock, _ = (tag.render() for tag in bridge.head_scripts("https://telegram.org/js/x.js", "/mock.js"))
    assert "async:true" not in telegram["props"] and '"data-tma-telegram":""' in telegram["props"]
    assert mock["props"] == ['src:"/mock.js"']
