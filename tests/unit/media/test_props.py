"""image_props: everything a page needs for an <img> without layout shift."""

import base64
import io
import re

import pytest
from PIL import Image

from tma_app.media import catalog, render
from tma_app.media.props import image_props, media_url, placeholder_data_uri


def test_srcset_has_exactly_the_three_widths_and_src_is_640():
    props = image_props("restaurant/ramen")
    entries = [entry.rsplit(" ", 1) for entry in props["srcset"].split(", ")]
    assert [descriptor for _, descriptor in entries] == ["320w", "640w", "960w"]
    for url, descriptor in entries:
        assert f"w={descriptor[:-1]}&" in url and url.startswith("/api/media/restaurant/ramen?")
    assert props["src"] == entries[1][0]
    assert f"v={render.REVISION}" in props["src"]


@pytest.mark.parametrize("image_id", ["restaurant/burger", "fitness/bicycle", "ecommerce/mug"])
def test_explicit_size_keeps_the_aspect_ratio(image_id):
    props = image_props(image_id)
    spec = catalog.get(image_id)
    assert props["width"] == 960
    assert props["height"] == round(960 * spec.size[1] / spec.size[0])
    assert props["height"] == (960 if image_id.startswith("ecommerce/") else 720)


def test_eager_is_the_high_priority_picture_and_lazy_is_the_rest():
    eager = image_props("ecommerce/cap", eager=True)
    assert eager["loading"] == "eager" and eager["fetchpriority"] == "high" and eager["decoding"] == "async"
    lazy = image_props("ecommerce/cap")
    assert lazy["loading"] == "lazy" and "fetchpriority" not in lazy and lazy["decoding"] == "async"


def test_alt_follows_the_language_with_english_as_fallback():
    spec = catalog.get("fitness/kettlebell")
    assert image_props(spec.id, language="ru")["alt"] == spec.alt["ru"]
    assert image_props(spec.id, language="en")["alt"] == spec.alt["en"]
    assert image_props(spec.id, language="de")["alt"] == spec.alt["en"]


def test_sizes_and_base_url_pass_through():
    props = image_props("restaurant/sushi", sizes="50vw", base_url="http://localhost:8000/")
    assert props["sizes"] == "50vw"
    assert props["src"].startswith("http://localhost:8000/api/media/restaurant/sushi?")


def test_unknown_image_or_width_is_a_programming_error():
    with pytest.raises(KeyError):
        image_props("restaurant/nope")
    with pytest.raises(ValueError):
        media_url("restaurant/ramen", 500)
    with pytest.raises(ValueError):
        media_url("restaurant/ramen", 640, extension="gif")


@pytest.mark.parametrize("image_id", list(catalog.CATALOG))
def test_placeholders_are_tiny_valid_images(image_id):
    uri = placeholder_data_uri(image_id)
    assert len(uri) < 1024
    match = re.fullmatch(r"data:image/webp;base64,([A-Za-z0-9+/=]+)", uri)
    data = base64.b64decode(match.group(1))
    image = Image.open(io.BytesIO(data))
    assert image.format == "WEBP" and len(data) < 1024
    assert image.size == (24, catalog.get(image_id).height_at(24))
    assert image_props(image_id)["placeholder"] == uri


def test_every_url_in_the_props_is_served(client):
    props = image_props("fitness/yoga-mat")
    urls = [entry.rsplit(" ", 1)[0] for entry in props["srcset"].split(", ")]
    for url, width in zip(urls, (320, 640, 960), strict=True):
        response = client.get(url, headers={"Accept": "image/webp,*/*"})
        assert response.status_code == 200
        assert Image.open(io.BytesIO(response.content)).size == (width, width * 3 // 4)
    placeholder = client.get(media_url("fitness/yoga-mat", 24, extension="webp"))
    assert placeholder.content == base64.b64decode(props["placeholder"].split(",", 1)[1])
