"""The shop screens' own small rules: typed prices, stock notes, and what a picker tap picks."""

import pytest

from tma_app.demos.ecommerce.presenter import choice, listing_filters, options, parse_rubles, stock_note


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


def test_a_typed_price_that_is_not_one_is_named_beside_its_field():
    assert listing_filters("", "newest", False, "abc", "2 000", "en") == (
        None, {"price_min": "Enter a whole number of rubles, e.g. 1500."})
    assert listing_filters("bags", "name", True, "", "2 000", "en") == ({
        "category": "bags", "sort": "name", "in_stock_only": True, "price_min": None, "price_max": 200_000,
    }, {})


def test_the_quantity_stays_within_the_stock_of_the_chosen_variant():
    chosen = choice(HOODIE, 2, 4, "en")
    assert (chosen.quantity, chosen.max_quantity, chosen.can_add, chosen.stock) == (1, 1, True, "Last one")
    plenty = choice(HOODIE, 4, 3, "ru")
    assert (plenty.quantity, plenty.max_quantity, plenty.stock_low) == (3, 6, False)
    assert plenty.add_label == "В корзину · 13\u00a0470\u00a0₽"


def test_a_sold_out_variant_cannot_be_added():
    sold_out = choice(HOODIE, 3, 1, "en")
    assert (sold_out.can_add, sold_out.add_label, sold_out.quantity) == (False, "Sold out", 1)
