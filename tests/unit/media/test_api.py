"""GET /api/media/...: negotiation, disk cache, validators and refusals, over HTTP."""

import asyncio
import io
import json

import pytest
from PIL import Image
from starlette.applications import Starlette

from tma_app.media import api as media_api
from tma_app.media import catalog, render

AVIF_ONLY = pytest.mark.skipif(not render.AVIF_AVAILABLE, reason="this Pillow cannot encode AVIF")
CHROME_ACCEPT = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"


def test_routes_are_exported_for_mounting():
    assert [route.path for route in media_api.routes] == ["/api/media/{image_path:path}"]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        pytest.param(CHROME_ACCEPT, "image/avif", marks=AVIF_ONLY),
        ("image/webp,*/*", "image/webp"),
        ("*/*", "image/jpeg"),
        (None, "image/jpeg"),
    ],
)
def test_format_is_negotiated_from_accept(client, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/api/media/restaurant/ramen?w=320", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["vary"] == "Accept"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    image = Image.open(io.BytesIO(response.content))
    assert image.get_format_mimetype() == media_type and image.size == (320, 240)


@pytest.mark.parametrize(
    ("extension", "media_type"),
    [
        pytest.param("avif", "image/avif", marks=AVIF_ONLY),
        ("webp", "image/webp"),
        ("jpg", "image/jpeg"),
        ("jpeg", "image/jpeg"),
    ],
)
def test_an_extension_pins_the_format_and_needs_no_vary(client, extension, media_type):
    response = client.get(f"/api/media/ecommerce/sneaker.{extension}?w=960", headers={"Accept": "image/webp"})
    assert response.status_code == 200 and response.headers["content-type"] == media_type
    assert "vary" not in response.headers
    assert Image.open(io.BytesIO(response.content)).size == (960, 960)


def test_width_defaults_to_640_and_the_version_parameter_is_ignored(client):
    response = client.get("/api/media/fitness/runner.webp?v=anything")
    assert Image.open(io.BytesIO(response.content)).size == (640, 480)


def test_second_request_is_served_from_disk(client, store, encodes):
    first = client.get("/api/media/restaurant/pizza?w=640", headers={"Accept": "image/webp"})
    path = store.path_for(catalog.get("restaurant/pizza"), 640, render.WEBP)
    stat = path.stat()
    second = client.get("/api/media/restaurant/pizza?w=640", headers={"Accept": "image/webp"})
    assert second.status_code == 200 and second.content == first.content == path.read_bytes()
    assert encodes == [(640, "webp")], "the cached file was served, not re-encoded"
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
    assert second.headers["etag"] == first.headers["etag"]
    client.get("/api/media/restaurant/pizza?w=640", headers={"Accept": "*/*"})
    assert encodes == [(640, "webp"), (640, "jpeg")], "each format is its own cache entry"


def test_matching_etag_gets_304_without_encoding(client, encodes):
    url = "/api/media/restaurant/tea?w=320"
    etag = client.get(url, headers={"Accept": "image/webp"}).headers["etag"]
    for if_none_match in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.get(url, headers={"Accept": "image/webp", "If-None-Match": if_none_match})
        assert response.status_code == 304 and response.content == b""
        assert response.headers["etag"] == etag and response.headers["vary"] == "Accept"
        assert response.headers["cache-control"].endswith("immutable")
    assert client.get(url, headers={"Accept": "image/webp", "If-None-Match": '"stale"'}).status_code == 200
    assert len(encodes) == 1


def test_head_answers_headers_only(client):
    response = client.head("/api/media/restaurant/tea.jpg?w=320")
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"


@pytest.mark.parametrize(
    "query",
    ["w=10000", "w=321", "w=0", "w=-640", "w=0640", "w=640.0", "w=abc", "w=", "w=320&w=640"],
)
def test_width_outside_the_allowed_set_is_400(client, store, query):
    response = client.get(f"/api/media/restaurant/ramen?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "BAD_REQUEST" and "320, 640, 960" in response.json()["message"]
    assert not store.cache_dir.exists()


UNKNOWN_EXTENSIONS = ["gif", "png", "svg", "WEBP", "tiff"] + ([] if render.AVIF_AVAILABLE else ["avif"])


@pytest.mark.parametrize("extension", UNKNOWN_EXTENSIONS)
def test_unknown_format_is_400(client, store, extension):
    response = client.get(f"/api/media/restaurant/ramen.{extension}?w=640")
    assert response.status_code == 400
    assert response.json()["code"] == "BAD_REQUEST" and "format" in response.json()["message"]
    assert not store.cache_dir.exists()


@pytest.mark.parametrize(
    "path",
    [
        "restaurant/nope",
        "restaurant",
        "restaurant/ramen/640",
        "Restaurant/Ramen",
        "%2e%2e/%2e%2e/etc/passwd",
        "restaurant/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "%2Fetc%2Fpasswd",
        "/etc/passwd",
        "restaurant/ramen%00.webp",
        "restaurant%5Cramen",
        "restaurant/ramen..webp",
        "restaurant/ramen.webp.jpg",
        "restaurant/%D1%80%D0%B0%D0%BC%D0%B5%D0%BD",
    ],
)
def test_anything_but_a_catalog_id_is_404_before_the_disk(client, store, path):
    response = client.get(f"/api/media/{path}?w=640")
    assert response.status_code == 404
    assert response.json() == {"code": "NOT_FOUND", "message": "no such image"}
    assert not store.cache_dir.exists()


def test_raw_dot_segments_never_reach_the_disk(store):
    # HTTP clients normalise "../" away, so speak ASGI directly, as a hostile proxy might.
    app = Starlette(routes=media_api.build_routes(store))
    for raw in ("/api/media/../../etc/passwd", "/api/media/restaurant/../../../x.jpg", "/api/media//etc/passwd"):
        status, body = asyncio.run(_asgi_get(app, raw))
        assert status == 404 and json.loads(body)["code"] == "NOT_FOUND", raw
    assert not store.cache_dir.exists()


async def _asgi_get(app, path: str) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"w=640",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])
