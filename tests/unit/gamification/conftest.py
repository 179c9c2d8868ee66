"""What the gamification tests share: the HTTP API in process (tests/unit/conftest.py's api_client)."""

import pytest


@pytest.fixture
def client(api_client):
    return api_client
