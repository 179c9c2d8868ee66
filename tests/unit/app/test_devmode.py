import json

from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.conftest import TEST_BOT_TOKEN
from tma_app.devmode import api as devmode_api
from tma_app.telegram.init_data import verify_init_data


def test_mock_script_carries_fresh_init_data_signed_for_the_dev_user():
    client = TestClient(Starlette(routes=devmode_api.routes))
    response = client.get(devmode_api.MOCK_SCRIPT_PATH, headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-store"
    first_line, _, script = response.text.partition("\n")
    config = json.loads(first_line.removeprefix("window.__TMA_MOCK_CONFIG__ = ").rstrip(";"))
    verified = verify_init_data(config["initData"], TEST_BOT_TOKEN)
    assert verified.user.id == devmode_api.DEV_USER_ID and verified.user.language_code == "ru"
    assert "window.__tgFire" in script
