import pytest
from sqlmodel import func, select

from tma_app.core.db import session_scope
from tma_app.demo_catalog.models import Demo
from tma_app.demos.ecommerce import errors
from tma_app.demos.ecommerce.catalog import PRICE_LIMIT, browse, get_product, list_categories
from tma_app.demos.ecommerce.models import Category, Product, Variant
from tma_app.demos.ecommerce.seed import PRODUCTS, mark_available, seed_ecommerce
from tma_app.demos.ecommerce.variants import announce_variant_pick, pick_variant
from tma_app.media import catalog as media

SEEDED = [p.slug for p in PRODUCTS]


def page(language="en", **filters):
    with session_scope() as session:
        return browse(session, language, **filters)


def seeded(items) -> list[str]:
    return [item.slug for item in items if item.slug in SEEDED]


def product(slug, language="en"):
    with session_scope() as session:
        return get_product(session, slug, language)


def test_categories_are_named_in_both_languages(shop):
    with session_scope() as session:
        en, ru = list_categories(session, "en"), list_categories(session, "ru")
    assert [c.slug for c in en][:4] == ["clothing", "shoes-bags", "electronics", "accessories"]
    assert [c.name for c in ru][:4] == ["Одежда", "Обувь и сумки", "Электроника", "Аксессуары и дом"]
    assert en[0].name == "Clothing"


def test_the_listing_starts_with_the_newest_products(shop):
    listing = page(limit=50)
    assert seeded(listing.items) == list(reversed(SEEDED))
    assert listing.items[0].listed_at >= listing.items[-1].listed_at


@pytest.mark.parametrize("sort", ["price_asc", "price_desc"])
def test_price_sorts_order_by_the_from_price(shop, sort):
    items = page(sort=sort, limit=50).items
    prices = [item.price_from for item in items]
    assert prices == sorted(prices, reverse=sort == "price_desc")
    expected = ["heart-mug", "sunset-tote", "star-cap", "star-t-shirt", "wave-sunglasses", "city-backpack",
                "cosy-hoodie", "runner-sneakers", "studio-headphones", "pulse-smartwatch"]
    assert seeded(items) == (expected if sort == "price_asc" else list(reversed(expected)))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_name_sort_follows_the_language(shop, language):
    items = [item for item in page(language, sort="name", limit=50).items if item.slug in SEEDED]
    names = [item.name for item in items]
    assert names == sorted(names)
    assert names[0] == ("Бейсболка «Звезда»" if language == "ru" else "City Backpack")


def test_a_category_lists_only_its_products(shop):
    listing = page(category="electronics")
    assert [item.slug for item in listing.items] == ["pulse-smartwatch", "studio-headphones"]
    assert listing.total == 2 and listing.next_offset is None
    assert {item.category_slug for item in listing.items} == {"electronics"}


def test_in_stock_only_hides_what_is_sold_out(shop):
    everything = page(category="accessories")
    assert [(i.slug, i.in_stock) for i in everything.items] == [("heart-mug", True), ("wave-sunglasses", False)]
    available = page(category="accessories", in_stock_only=True)
    assert [i.slug for i in available.items] == ["heart-mug"] and available.total == 1


def test_in_stock_only_prices_from_the_cheapest_variant_in_stock(shop, make_product):
    ids = make_product(("S", 150_000, 0), ("M", 250_000, 3), ("L", 270_000, 1))
    newest = {i.slug: i for i in page(category="zz-test-stock", limit=5).items}[ids["slug"]]
    assert (newest.price_from, newest.has_price_range, newest.in_stock) == (150_000, True, True)
    in_stock = {i.slug: i for i in page(category="zz-test-stock", in_stock_only=True, limit=5).items}[ids["slug"]]
    assert (in_stock.price_from, in_stock.has_price_range) == (250_000, True)


def test_a_card_counts_the_units_left_in_the_variants_it_lists(shop, make_product):
    ids = make_product(("S", 150_000, 0), ("M", 250_000, 1), ("L", 270_000, 4))
    card = {i.slug: i for i in page(category="zz-test-stock", limit=5).items}[ids["slug"]]
    assert card.units_left == 5
    last = {i.slug: i for i in page(category="zz-test-stock", price_max=250_000, limit=5).items}[ids["slug"]]
    assert last.units_left == 1, "only the variants the filters let through count: the last one"
    with session_scope() as session:
        assert get_product(session, ids["slug"], "en").product.units_left == 5


def test_a_price_range_matches_any_variant_and_prices_from_the_cheapest_match(shop):
    dear = page(category="shoes-bags", price_min=700_000)
    assert [(i.slug, i.price_from, i.has_price_range) for i in dear.items] == [("runner-sneakers", 719_000, False)]
    cheap = page(category="shoes-bags", price_max=349_000)
    assert [(i.slug, i.price_from) for i in cheap.items] == [("sunset-tote", 119_000), ("city-backpack", 349_000)]
    exact = page(category="shoes-bags", price_min=349_000, price_max=349_000)
    assert [i.slug for i in exact.items] == ["city-backpack"], "both ends are included"
    assert page(category="shoes-bags", price_min=0, price_max=0).total == 0


def test_pages_cover_the_listing_once_without_overlap(shop):
    whole = page(sort="price_asc", limit=50)
    seen, offset = [], 0
    while offset is not None:
        part = page(sort="price_asc", limit=3, offset=offset)
        assert len(part.items) <= 3 and part.total == whole.total
        seen += [item.slug for item in part.items]
        offset = part.next_offset
    assert seen == [item.slug for item in whole.items]
    assert len(set(seen)) == whole.total
    assert page(limit=3, offset=10_000).items == []


@pytest.mark.parametrize(
    ("filters", "field", "reason"),
    [
        ({"price_min": -1}, "price_min", "price_out_of_bounds"),
        ({"price_max": PRICE_LIMIT + 1}, "price_max", "price_out_of_bounds"),
        ({"price_min": 10.5}, "price_min", "price_not_integer"),
        ({"price_max": "1000"}, "price_max", "price_not_integer"),
        ({"price_min": True}, "price_min", "price_not_integer"),
        ({"price_min": 500_000, "price_max": 400_000}, "price_min", "price_min_above_max"),
    ],
)
def test_a_bad_price_range_names_the_field_and_the_reason(shop, filters, field, reason):
    with pytest.raises(errors.PriceRangeInvalid) as refused:
        page(**filters)
    assert (refused.value.code, refused.value.field, refused.value.reason) == ("PRICE_RANGE_INVALID", field, reason)


@pytest.mark.parametrize(
    ("filters", "error"),
    [
        ({"sort": "cheapest"}, errors.SortInvalid),
        ({"limit": 0}, errors.PaginationInvalid),
        ({"limit": 51}, errors.PaginationInvalid),
        ({"limit": True}, errors.PaginationInvalid),
        ({"limit": "10"}, errors.PaginationInvalid),
        ({"offset": -1}, errors.PaginationInvalid),
        ({"offset": 10_001}, errors.PaginationInvalid),
        ({"category": "weapons"}, errors.CategoryNotFound),
        ({"category": 3}, errors.CategoryNotFound),
        ({"in_stock_only": "yes"}, errors.ListingInvalid),
    ],
)
def test_other_bad_filters_are_typed_errors(shop, filters, error):
    with pytest.raises(error):
        page(**filters)


def test_a_product_page_lists_variants_with_stock_and_the_from_price(shop):
    detail = product("star-t-shirt", "ru")
    assert (detail.product.name, detail.category_name) == ("Футболка «Звезда»", "Одежда")
    assert detail.description.startswith("Мягкая хлопковая футболка")
    assert (detail.product.price_from, detail.product.has_price_range, detail.product.in_stock) == (199_000, True, True)
    assert detail.sizes == ["S", "M", "L", "XL"]
    assert [(c.name, c.hex) for c in detail.colours] == [("Синий", "#2f6fdf")]
    by_size = {v.size: v for v in detail.variants}
    assert (by_size["M"].stock, by_size["M"].in_stock) == (0, False)
    assert by_size["L"].is_last_unit and not by_size["S"].is_last_unit
    assert by_size["XL"].price == 219_000 and by_size["S"].label == "S · Синий"
    assert detail.default_variant_id == by_size["S"].id


def test_a_sold_out_product_still_has_a_page(shop):
    detail = product("wave-sunglasses")
    assert not detail.product.in_stock and not any(v.in_stock for v in detail.variants)
    assert detail.default_variant_id == detail.variants[0].id
    assert detail.sizes == [] and [c.name for c in detail.colours] == ["Blue", "Smoke"]
    with pytest.raises(errors.ProductNotFound):
        product("no-such-thing")


def test_picking_a_variant_is_announced_once_per_change(shop, user_id, shop_events):
    detail = product("cosy-hoodie")
    first, second = detail.variants[0], detail.variants[3]
    with session_scope() as session:
        picks = [
            pick_variant(session, user_id, "cosy-hoodie", second.id, "en", previous_variant_id=first.id),
            pick_variant(session, user_id, "cosy-hoodie", second.id, "en", previous_variant_id=second.id),
        ]
    assert [announce_variant_pick(p) for p in picks] == [True, False]
    assert picks[0].variant.stock == 6 and picks[0].variant.label == "L · Black"
    assert [(e.name, e.user_id, e.data["action"], e.data["sku"]) for e in shop_events] == [
        ("demo_interact", user_id, "pick_variant", "HD-COSY-BLK-L")
    ]


def test_a_variant_of_another_product_cannot_be_picked(shop, user_id):
    mug = product("heart-mug").variants[0]
    with session_scope() as session:
        for slug, variant_id in (("cosy-hoodie", mug.id), ("heart-mug", 10**9), ("heart-mug", "1")):
            with pytest.raises(errors.VariantNotFound):
                pick_variant(session, user_id, slug, variant_id, "en")


def test_the_seed_draws_every_product_and_varies_stock(shop):
    assert all(media.find(p.picture) is not None for p in PRODUCTS)
    assert len({p.picture for p in PRODUCTS}) == len(PRODUCTS) == 10
    assert all(2 <= len(p.variants) <= 6 for p in PRODUCTS)
    stocks = [v.stock for p in PRODUCTS for v in p.variants]
    assert 0 in stocks and 1 in stocks and max(stocks) > 1
    assert all(type(v.price) is int and v.price > 0 for p in PRODUCTS for v in p.variants)


def test_seeding_again_refreshes_texts_but_never_stock(shop):
    with session_scope() as session:
        tote = session.exec(select(Variant).where(Variant.sku == "TB-SUN-NAT")).one()
        tote.stock = 14
        counts = [session.exec(select(func.count()).select_from(t)).one() for t in (Category, Product, Variant)]
    try:
        with session_scope() as session:
            assert seed_ecommerce(session) == 10
        with session_scope() as session:
            assert session.exec(select(Variant.stock).where(Variant.sku == "TB-SUN-NAT")).one() == 14
            tables = (Category, Product, Variant)
            assert [session.exec(select(func.count()).select_from(t)).one() for t in tables] == counts
    finally:
        with session_scope() as session:
            session.exec(select(Variant).where(Variant.sku == "TB-SUN-NAT")).one().stock = 15


def test_the_shop_opens_in_the_catalog_only_when_asked(shop):
    from tma_app.demo_catalog.service import seed_catalog

    with session_scope() as session:
        seed_catalog(session)
        before = session.get(Demo, "ecommerce").is_available
        seed_ecommerce(session)
        assert session.get(Demo, "ecommerce").is_available == before, "seeding never opens the demo"
        assert mark_available(session) is True
        assert session.get(Demo, "ecommerce").is_available
        session.get(Demo, "ecommerce").is_available = before
