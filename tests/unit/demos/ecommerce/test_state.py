"""The shop screens' own small rules: typed prices, stock notes, and what a picker tap picks."""

import pytest

from tma_app.demos.ecommerce.product_state import options
from tma_app.demos.ecommerce.state import parse_rubles, stock_note


@pytest.mark.parametrize(
    ("typed", "kopecks"),
    [("", None), ("  ", None), ("1500", 150_000), ("1 500", 150_000), ("1\u00a0500 ₽", 150_000),
     ("1500,5", 150_050), ("1500.05", 150_005), ("0", 0)],
)
def test_typed_rubles_become_kopecks(typed, kopecks):
    assert parse_rubles(typed) == kopecks


@pytest.mark.parametrize("typed", ["fifty", "-5", "1e3", "1,2,3", "15.555", "1234567890"])
def test_what_is_not_a_price_is_refused(typed):
    with pytest.raises(ValueError):
        parse_rubles(typed)


@pytest.mark.parametrize(
    ("stock", "language", "note"),
    [(0, "en", "Sold out"), (1, "en", "Last one"), (3, "en", "3 left"), (5, "ru", "Осталось 5"), (6, "en", "")],
)
def test_stock_is_counted_only_when_it_runs_low(stock, language, note):
    assert stock_note(stock, language) == note


HOODIE = [
    {"id": 1, "size": "M", "colour": "Purple", "hex": "#8e5bd6", "price": 449_000, "stock": 3},
    {"id": 2, "size": "L", "colour": "Purple", "hex": "#8e5bd6", "price": 449_000, "stock": 1},
    {"id": 3, "size": "M", "colour": "Black", "hex": "#222222", "price": 449_000, "stock": 0},
    {"id": 4, "size": "L", "colour": "Black", "hex": "#222222", "price": 449_000, "stock": 6},
]


def test_a_size_tap_keeps_the_colour_and_shows_its_stock():
    sizes = options(HOODIE, HOODIE[0], "size", "en")
    assert [(o["value"], o["variant_id"], o["selected"], o["note"]) for o in sizes] == [
        ("M", 1, True, "3 left"), ("L", 2, False, "Last one"),
    ]


def test_a_colour_sold_out_in_this_size_picks_a_size_in_stock_instead():
    colours = options(HOODIE, HOODIE[0], "colour", "en")
    black = next(o for o in colours if o["value"] == "Black")
    assert (black["variant_id"], black["sold_out"], black["hex"]) == (4, False, "#222222")


def test_a_value_with_nothing_in_stock_is_sold_out():
    sunglasses = [
        {"id": 7, "size": "", "colour": "Blue", "hex": "#2f6fdf", "price": 249_000, "stock": 0},
        {"id": 8, "size": "", "colour": "Smoke", "hex": "#5a5a66", "price": 249_000, "stock": 0},
    ]
    assert options(sunglasses, sunglasses[0], "size", "en") == []
    assert [(o["value"], o["sold_out"], o["note"]) for o in options(sunglasses, sunglasses[0], "colour", "en")] == [
        ("Blue", True, "Sold out"), ("Smoke", True, "Sold out"),
    ]
