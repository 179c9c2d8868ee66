"""The prod build has no mock Telegram: no dev route and no script tag for it."""

from tests.conftest import TEST_BOT_TOKEN
from tma_app.core.settings import load_settings
from tma_app.devmode.api import MOCK_SCRIPT_PATH


def _paths(routes):
    return {route.path for route in routes}


def _rendered(components) -> str:
    return "\n".join(str(component.render()) for component in components)


def test_prod_has_no_dev_route_or_mock_script():
    from tma_app.tma_app import head_components, http_routes

    prod = load_settings(
        _env_file=None, APP_ENV="prod", TELEGRAM_BOT_TOKEN=TEST_BOT_TOKEN, PUBLIC_URL="https://app.example.com"
    )
    assert "/api/health" in _paths(http_routes(prod))
    assert not any(path.startswith("/api/dev") for path in _paths(http_routes(prod)))
    head = _rendered(head_components(prod))
    assert "telegram-web-app.js" in head and "/tma/bridge.js" in head
    assert MOCK_SCRIPT_PATH not in head


def test_dev_mounts_the_mock_before_the_bridge():
    from tma_app.tma_app import head_components, http_routes

    dev = load_settings(_env_file=None, APP_ENV="dev")
    assert MOCK_SCRIPT_PATH in _paths(http_routes(dev))
    head = _rendered(head_components(dev))
    assert head.index("telegram-web-app.js") < head.index(MOCK_SCRIPT_PATH) < head.index("/tma/bridge.js")
