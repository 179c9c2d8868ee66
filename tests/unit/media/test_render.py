"""Drawing and encoding: every picture at every width, deterministic, negotiated."""

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from tma_app.media import catalog, render
from tma_app.media.catalog import SERVED_WIDTHS

SPECS = list(catalog.CATALOG.values())


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.id)
def test_every_picture_draws_at_every_width_keeping_its_aspect_ratio(spec):
    for n, width in enumerate(SERVED_WIDTHS):
        # Rotate through the formats so each one decodes pictures of every shape.
        fmt = render.FORMATS[(SPECS.index(spec) + n) % len(render.FORMATS)]
        decoded = Image.open(io.BytesIO(render.produce(spec, width, fmt)))
        assert decoded.format == fmt.pil_format
        assert decoded.size == (width, round(width * spec.size[1] / spec.size[0]))


def test_pictures_are_illustrations_not_noise_or_blank():
    for spec in SPECS:
        image = render.render(spec, 320).convert("L")
        shifted = ImageChops.offset(image, 1, 0)
        # Flat art: neighbouring pixels barely differ (random noise would differ by ~85 on average)...
        assert ImageStat.Stat(ImageChops.difference(image, shifted)).mean[0] < 12, spec.id
        # ...yet there is a subject in front of the backdrop, not an empty gradient.
        assert ImageStat.Stat(image).stddev[0] > 20, spec.id


@pytest.mark.parametrize("fmt", render.FORMATS, ids=lambda fmt: fmt.name)
@pytest.mark.parametrize("image_id", ["restaurant/ramen", "fitness/stopwatch", "ecommerce/sneaker"])
def test_drawing_is_deterministic(image_id, fmt):
    spec = catalog.get(image_id)
    for width in (24, 640):
        assert render.produce(spec, width, fmt) == render.produce(spec, width, fmt)


def test_an_arbitrary_width_is_never_drawn():
    with pytest.raises(ValueError):
        render.render(catalog.get("restaurant/ramen"), 10_000)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("image/avif,image/webp,image/apng,image/*,*/*;q=0.8", "avif"),  # Chrome
        ("image/webp,image/avif,image/*;q=0.8,*/*;q=0.5", "avif"),  # Safari: a tie goes to AVIF
        ("image/webp,*/*", "webp"),
        ("image/avif;q=0.5,image/webp", "webp"),
        ("image/avif;q=0,image/webp;q=0.9", "webp"),
        ("IMAGE/WEBP ; Q=0.7", "webp"),
        ("*/*", "jpeg"),
        ("image/*", "jpeg"),
        ("image/png,image/jpeg", "jpeg"),
        ("image/webp;q=0", "jpeg"),
        ("image/webp;q=banana", "jpeg"),
        ("", "jpeg"),
        (None, "jpeg"),
        (",;;=,", "jpeg"),
    ],
)
def test_negotiation(accept, expected):
    if expected == "avif" and not render.AVIF_AVAILABLE:
        expected = "webp"
    assert render.negotiate(accept).name == expected


def test_without_avif_support_negotiation_falls_back_to_webp(monkeypatch):
    monkeypatch.setattr(render, "FORMATS", (render.WEBP, render.JPEG))
    assert render.negotiate("image/avif,image/webp,*/*").name == "webp"
    assert render.negotiate("image/avif,*/*").name == "jpeg"


def test_avif_is_offered_exactly_when_pillow_can_encode_it():
    from PIL import features

    assert render.AVIF_AVAILABLE == bool(features.check("avif"))
    assert ("avif" in render.FORMATS_BY_EXTENSION) == render.AVIF_AVAILABLE
