"""The assembled app: the prod build has no mock Telegram; every answer's Vary names each value once."""

import pytest
from starlette.testclient import TestClient

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


@pytest.fixture
def backend(monkeypatch):
    """The backend exactly as Reflex assembles it around ours (its CORS layers included), compiling nothing."""
    import reflex.app
    import reflex.assets
    from reflex.config import get_config

    from tma_app.tma_app import app

    monkeypatch.setattr(reflex.app.App, "_compile", lambda self, *args, **kwargs: None)
    monkeypatch.setattr(reflex.assets, "remove_stale_external_asset_symlinks", lambda: None)
    monkeypatch.setattr(get_config(), "plugins", [])
    return TestClient(app())  # not entered: no lifespan, so no outbox worker


@pytest.mark.parametrize("path", ["/ping", "/api/health", "/nope"], ids=["reflex-route", "our-route", "not-found"])
@pytest.mark.parametrize("origin", [None, "allowed", "https://elsewhere.example"])
def test_every_answer_lists_each_vary_value_once(backend, path, origin):
    from reflex.config import get_config

    allowed = get_config().cors_allowed_origins[0]
    sent = allowed if origin == "allowed" else origin
    response = backend.get(path, headers={"Origin": sent} if sent else {})
    vary = [value.strip().lower() for line in response.headers.get_list("vary") for value in line.split(",")]
    assert vary.count("origin") == 1 and len(vary) == len(set(vary)), vary
    assert response.headers.get("access-control-allow-origin") == (allowed if origin == "allowed" else None)
