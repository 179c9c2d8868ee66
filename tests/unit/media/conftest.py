"""A media store in a temporary folder and a client over the media routes alone."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tma_app.media import api as media_api
from tma_app.media import render
from tma_app.media.store import MediaStore


@pytest.fixture
def store(tmp_path) -> MediaStore:
    return MediaStore(tmp_path / "media-cache")


@pytest.fixture
def client(store) -> TestClient:
    return TestClient(Starlette(routes=media_api.build_routes(store)))


@pytest.fixture
def encodes(monkeypatch) -> list[tuple[int, str]]:
    """Records every real encode (size, format) while still encoding."""
    calls: list[tuple[int, str]] = []
    real = render.encode

    def spy(image, fmt, **kwargs):
        calls.append((image.width, fmt.name))
        return real(image, fmt, **kwargs)

    monkeypatch.setattr(render, "encode", spy)
    return calls
