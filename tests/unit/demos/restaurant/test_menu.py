import pytest

from tma_app.core.db import session_scope
from tma_app.demos.restaurant import errors
from tma_app.demos.restaurant.menu import (
    MAX_QUANTITY,
    browse_menu,
    get_dish,
    list_categories,
    menu_overview,
    price_dish,
    search_text,
    selection_for,
)
from tma_app.demos.restaurant.models import Dish, ModifierGroup, ModifierOption


def slugs(sections) -> list[str]:
    return [dish.slug for section in sections for dish in section.dishes]


def search(language="en", query="", category=None) -> list[str]:
    with session_scope() as session:
        return slugs(browse_menu(session, language, query, category))


def price(*args, **kwargs):
    with session_scope() as session:
        return price_dish(session, *args, **kwargs)


def test_the_menu_lists_every_dish_by_category_in_order(menu):
    with session_scope() as session:
        sections = browse_menu(session, "ru")
        categories = list_categories(session, "en")
    assert [s.category.slug for s in sections] == [c.slug for c in categories] == [
        "ramen", "sushi", "mains", "desserts", "drinks",
    ]
    assert sections[0].category.name == "Рамен и супы"
    assert len(slugs(sections)) == 12
    matcha = next(d for s in sections for d in s.dishes if d.slug == "matcha-latte")
    assert not matcha.is_available, "sold-out dishes are listed, marked, not hidden"
    ramen = sections[0].dishes[0]
    assert (ramen.name, ramen.price_from, ramen.image_id) == ("Рамен тонкоцу", 54_000, "restaurant/ramen")
    assert ramen.has_options and "popular" in ramen.tags


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("en", "RAMEN", ["tonkotsu-ramen", "spicy-miso-ramen"]),
        ("en", "  broth  ", ["tonkotsu-ramen", "spicy-miso-ramen"]),
        ("en", "pepperoni", ["pepperoni-pizza"]),
        ("ru", "РАМЕН", ["tonkotsu-ramen", "spicy-miso-ramen"]),
        ("ru", "черник", ["blueberry-pancakes"]),
        ("ru", "зеленый чай", ["matcha-latte"]),  # ё and е match each other
        ("ru", "ЗЕЛЁНЫЙ ЛУК", ["tonkotsu-ramen"]),
        ("en", "рамен", []),  # the user's language only
        ("en", "%", []),
        ("en", "_", []),
    ],
)
def test_search_is_a_case_insensitive_substring_of_names_and_descriptions(menu, language, query, expected):
    assert search(language, query) == expected


def test_category_filter_narrows_the_menu_and_the_search(menu):
    assert search(category="drinks") == ["latte", "matcha-latte", "lemon-tea"]
    assert search("en", "latte", "drinks") == ["latte", "matcha-latte"]
    assert search("en", "latte", "desserts") == []
    assert search(category="no-such-category") == []
    assert len(search("en", None)) == 12


def test_the_menu_screen_reads_every_category_and_only_the_matching_sections(menu):
    with session_scope() as session:
        overview = menu_overview(session, "ru", "латте", "drinks")
    assert len(overview.categories) == 5 and overview.categories[0].name == "Рамен и супы"
    assert slugs(overview.sections) == ["latte", "matcha-latte"]


def test_a_dish_sheet_has_its_groups_with_defaults(menu):
    with session_scope() as session:
        detail = get_dish(session, "tonkotsu-ramen", "ru")
    size, extras = detail.groups
    assert (size.slug, size.kind, size.max_selections) == ("size", "single", 1)
    assert [(o.name, o.price_delta, o.is_default) for o in size.options] == [
        ("Маленький", -9_000, False), ("Обычный", 0, True), ("Большой", 12_000, False),
    ]
    assert (extras.kind, extras.max_selections, len(extras.options)) == ("multi", 3, 4)
    with pytest.raises(errors.DishNotFound), session_scope() as session:
        get_dish(session, "no-such-dish", "en")


def test_defaults_are_priced_when_nothing_is_chosen(menu, options):
    ids = options("tonkotsu-ramen")
    quote = price("tonkotsu-ramen")
    assert (quote.base_price, quote.options_price, quote.unit_price, quote.total) == (54_000, 0, 54_000, 54_000)
    assert quote.option_ids == [ids["size:regular"]] and quote.currency == "RUB"


def test_size_deltas_and_extras_add_up_in_kopecks(menu, options):
    ids = options("tonkotsu-ramen")
    assert price("tonkotsu-ramen", ids["size:small"]).unit_price == 45_000
    large = price("tonkotsu-ramen", ids["size:large"], [ids["extras:egg"], ids["extras:noodles"]], 3)
    assert (large.options_price, large.unit_price, large.total) == (33_000, 87_000, 261_000)
    assert all(isinstance(v, int) for v in (large.base_price, large.options_price, large.unit_price, large.total))
    burger = options("classic-burger")
    assert price("classic-burger", None, [burger["extras:cheese"], burger["extras:bacon"]]).unit_price == 60_000


@pytest.mark.parametrize(
    ("size", "extras", "error"),
    [
        ("pizza:size:30cm", [], errors.OptionInvalid),  # another dish's option
        (None, ["pizza:extras:olives"], errors.OptionInvalid),
        ("extras:egg", [], errors.OptionInvalid),  # an extra is not a size
        (None, ["size:large"], errors.OptionInvalid),  # a size is not an extra
        (None, ["extras:egg", "extras:egg"], errors.OptionInvalid),
        (None, ["extras:egg", "extras:noodles", "extras:chashu", "extras:nori"], errors.TooManyOptions),
        (999_999_999, [], errors.OptionInvalid),
        ("3", [], errors.OptionInvalid),
        (None, "12", errors.OptionInvalid),
        (True, [], errors.OptionInvalid),
    ],
)
def test_invalid_options_are_refused(menu, options, size, extras, error):
    ids = {**options("tonkotsu-ramen"), **{f"pizza:{k}": v for k, v in options("pepperoni-pizza").items()}}

    def resolve(value):
        return ids[value] if isinstance(value, str) and value in ids else value

    with pytest.raises(error) as raised:
        price("tonkotsu-ramen", resolve(size), extras if isinstance(extras, str) else [resolve(e) for e in extras])
    assert raised.value.code == error.code and isinstance(raised.value, errors.MenuError)


def test_a_dish_without_sizes_takes_no_size(menu, options):
    with pytest.raises(errors.OptionInvalid):
        price("classic-burger", options("tonkotsu-ramen")["size:large"])


@pytest.mark.parametrize("quantity", [0, -1, MAX_QUANTITY + 1, 1.5, True, "2", None])
def test_quantity_is_a_whole_number_from_1_to_20(menu, quantity):
    with pytest.raises(errors.QuantityInvalid):
        price("tonkotsu-ramen", quantity=quantity)


def test_quantity_bounds_themselves_are_fine(menu):
    assert price("lemon-tea", quantity=1).total == 18_000
    assert price("lemon-tea", quantity=MAX_QUANTITY).total == 18_000 * MAX_QUANTITY


def test_unknown_and_sold_out_dishes_cannot_be_priced(menu):
    with pytest.raises(errors.DishNotFound):
        price("no-such-dish")
    with pytest.raises(errors.DishUnavailable):
        price("matcha-latte")


def test_a_single_choice_group_without_a_default_requires_a_choice():
    dish = Dish(id=1, slug="d", category_id=1, name_en="d", name_ru="d", description_en="", description_ru="",
                base_price=100, image_id="restaurant/d")
    group = ModifierGroup(id=1, dish_id=1, slug="size", kind="single", name_en="s", name_ru="s")
    small = ModifierOption(id=7, group_id=1, slug="s", name_en="S", name_ru="S", price_delta=10)
    with pytest.raises(errors.OptionRequired):
        selection_for(dish, [(group, [small])], [])
    assert selection_for(dish, [(group, [small])], [7]).unit_price == 110


def test_search_text_folds_case_and_yo():
    assert search_text("Чёрный  ЧАЙ", "Ceylon\ttea") == "черный чай\nceylon tea"


def test_every_error_has_a_stable_code():
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.RestaurantError)]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes)) and all(code.isupper() for code in codes)
