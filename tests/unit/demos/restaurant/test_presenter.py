"""What the restaurant's screens show: the choice on a dish, the checkout's money and slots."""

from datetime import UTC, datetime

from tma_app.demos.restaurant import errors
from tma_app.demos.restaurant.orders import available_slots
from tma_app.demos.restaurant.presenter import (
    checkout_screen,
    kept_slot,
    menu_screen,
    refused_field,
    split_choice,
    toggle_option,
)
from tma_app.demos.restaurant.shapes import (
    CartView,
    CategoryView,
    CheckoutOverview,
    DishCard,
    MenuOverview,
    MenuSection,
    Quote,
)

GROUPS = [
    {"slug": "size", "kind": "single", "max_selections": 1, "options": [{"id": 1}, {"id": 2}]},
    {"slug": "extras", "kind": "multi", "max_selections": 2, "options": [{"id": 3}, {"id": 4}, {"id": 5}]},
]


def test_a_size_replaces_the_other_size_and_an_extra_toggles():
    assert toggle_option(GROUPS, [1], "size", 2) == [2]
    assert toggle_option(GROUPS, [1], "extras", 3) == [1, 3]
    assert toggle_option(GROUPS, [1, 3], "extras", 3) == [1]


def test_a_full_extras_group_refuses_and_a_stranger_option_changes_nothing():
    assert toggle_option(GROUPS, [1, 3, 4], "extras", 5) is None
    assert toggle_option(GROUPS, [1], "extras", 1) == [1]
    assert toggle_option(GROUPS, [1], "sauce", 3) == [1]


def test_the_choice_splits_into_the_size_and_the_extras():
    assert split_choice(GROUPS, [3, 2, 5]) == (2, [3, 5])
    assert split_choice(GROUPS, [4]) == (None, [4])


def test_only_the_first_dish_picture_is_fetched_at_once():
    card = {"category_slug": "ramen", "description": "", "price_from": 54_000, "image_id": "restaurant/ramen",
            "is_available": True, "tags": [], "has_options": False}
    menu = MenuOverview(
        categories=[CategoryView(slug="ramen", name="Ramen")],
        sections=[MenuSection(category=CategoryView(slug="ramen", name="Ramen"), dishes=[
            DishCard(slug="a", name="A", **card), DishCard(slug="b", name="B", **card)])],
    )
    categories, sections = menu_screen(menu, "ru", media_base="")
    assert categories == [{"slug": "ramen", "name": "Ramen"}]
    assert [d["picture"]["loading"] for d in sections[0]["dishes"]] == ["eager", "lazy"]
    assert sections[0]["dishes"][0]["price"] == "540\u00a0₽"


def test_the_checkout_shows_its_money_and_at_most_24_slots():
    slots = available_slots(datetime(2026, 6, 10, 7, 0, tzinfo=UTC), "pickup")
    quote = Quote(mode="delivery", subtotal=100_000, delivery_fee=19_900, total=119_900, free_delivery_from=150_000,
                  free_delivery_remaining=50_000)
    screen = checkout_screen(CheckoutOverview(cart=CartView(lines=[], subtotal=100_000, item_count=0), quote=quote,
                                              slots=slots), "en", media_base="")
    assert len(slots) > 24 and len(screen.slots) == 24
    assert screen.slots[0] == {"id": slots[0].id, "label": slots[0].label, "day": "today"}
    assert screen.money == {"subtotal": "1,000\u00a0₽", "fee": "199\u00a0₽", "total": "1,199\u00a0₽", "has_fee": True}


def test_a_chosen_slot_is_kept_only_while_it_is_offered():
    slots = [{"id": "a"}, {"id": "b"}]
    assert kept_slot("b", slots) == "b"
    assert kept_slot("gone", slots) == ""


def test_a_refused_order_points_at_the_field_to_fix():
    assert refused_field(errors.AddressInvalid("short")) == "address"
    assert refused_field(errors.SlotUnavailable("passed")) == "slot"
    assert refused_field(errors.CartEmpty("empty")) == "cart"
    assert refused_field(errors.DishUnavailable("gone")) == ""
