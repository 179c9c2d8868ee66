"""The client is in every page's <head>, after the Telegram bridge, posting to the backend the CSP allows."""

from tests.conftest import TEST_BOT_TOKEN
from tma_app.analytics.head import CLIENT_SCRIPT_URL, WEB_VITALS_SCRIPT_URL
from tma_app.core.settings import load_settings
from tma_app.security.http import content_security_policy


def test_scripts_are_deferred_after_the_bridge_and_know_the_api_url():
    from reflex.config import get_config

    from tma_app.tma_app import head_components

    prod = load_settings(_env_file=None, APP_ENV="prod", TELEGRAM_BOT_TOKEN=TEST_BOT_TOKEN,
                         PUBLIC_URL="https://app.example.com")
    head = "\n".join(str(component.render()) for component in head_components(prod))
    assert head.index("/tma/bridge.js") < head.index(WEB_VITALS_SCRIPT_URL) < head.index(CLIENT_SCRIPT_URL)
    client = next(line for line in head.splitlines() if CLIENT_SCRIPT_URL in line)
    api_url = get_config().api_url.rstrip("/")
    assert "defer:true" in client and f'"data-api":"{api_url}"' in client
    assert api_url in content_security_policy(prod, get_config().api_url), "connect-src allows the POSTs"
