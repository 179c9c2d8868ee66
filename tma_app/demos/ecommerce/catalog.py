"""The catalog: categories, a filtered and sorted listing in pages, and product pages."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.demos.ecommerce.errors import (
    CategoryNotFound,
    ListingInvalid,
    PaginationInvalid,
    PriceRangeInvalid,
    ProductNotFound,
    SortInvalid,
)
from tma_app.demos.ecommerce.models import Category, Product, Variant
from tma_app.demos.ecommerce.shapes import (
    CatalogOverview,
    CategoryView,
    ColourView,
    ProductCard,
    ProductDetail,
    ProductPage,
    localized,
)
from tma_app.demos.ecommerce.variants import variant_view, whole

SORTS = ("newest", "price_asc", "price_desc", "name")
LIMIT_DEFAULT, LIMIT_MAX = 20, 50
OFFSET_MAX = 10_000
# 1 000 000 ₽: far above any product, far below any integer overflow.
PRICE_LIMIT = 100_000_000


def list_categories(session: Session, language: Language) -> list[CategoryView]:
    categories = session.exec(select(Category).order_by(col(Category.sort_order), col(Category.id))).all()
    return [CategoryView(slug=c.slug, name=localized(language, c.name_en, c.name_ru)) for c in categories]


def browse(
    session: Session,
    language: Language,
    *,
    category: str | None = None,
    price_min: int | None = None,
    price_max: int | None = None,
    in_stock_only: bool = False,
    sort: str = "newest",
    limit: int = LIMIT_DEFAULT,
    offset: int = 0,
) -> ProductPage:
    """One page of products matching the filters.

    A product matches when at least one of its variants does: priced within
    [price_min, price_max] (kopecks, both ends included, either may be None) and, with
    `in_stock_only`, in stock. Its card's price_from is the cheapest matching variant, and the
    price sorts use it. `sort` is one of SORTS ("newest" first by listing date, "name" in
    `language`); ties go by product id, so pages never overlap. `limit` is 1..50, `offset`
    0..10 000.

    Raises CategoryNotFound, PriceRangeInvalid, SortInvalid, PaginationInvalid, ListingInvalid.
    """
    low, high = _price_range(price_min, price_max)
    if sort not in SORTS:
        raise SortInvalid(f"sort must be one of {', '.join(SORTS)}")
    if not whole(limit) or not 1 <= limit <= LIMIT_MAX:
        raise PaginationInvalid(f"limit must be 1 to {LIMIT_MAX}")
    if not whole(offset) or not 0 <= offset <= OFFSET_MAX:
        raise PaginationInvalid(f"offset must be 0 to {OFFSET_MAX}")
    if not isinstance(in_stock_only, bool):
        raise ListingInvalid("in_stock_only is true or false")

    matching = [col(Variant.price) >= low, col(Variant.price) <= high]
    if in_stock_only:
        matching.append(col(Variant.stock) > 0)
    stats = (
        sa.select(  # five columns: more than sqlmodel's typed select() takes
            col(Variant.product_id).label("product_id"),
            func.min(Variant.price).label("price_from"),
            func.max(Variant.price).label("price_to"),
            func.max(Variant.stock).label("top_stock"),
            func.sum(Variant.stock).label("units_left"),
        )
        .where(*matching)
        .group_by(col(Variant.product_id))
        .subquery()
    )
    query = (
        sa.select(
            Product, col(Category.slug), stats.c.price_from, stats.c.price_to, stats.c.top_stock, stats.c.units_left
        )
        .join(stats, stats.c.product_id == col(Product.id))
        .join(Category, col(Category.id) == col(Product.category_id))
    )
    if category is not None:
        query = query.where(col(Category.id) == _category_id(session, category))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    order = {
        "newest": (col(Product.listed_at).desc(), col(Product.id).desc()),
        "price_asc": (stats.c.price_from.asc(), col(Product.id).asc()),
        "price_desc": (stats.c.price_from.desc(), col(Product.id).asc()),
        "name": (localized(language, col(Product.name_en), col(Product.name_ru)).asc(), col(Product.id).asc()),
    }[sort]
    rows = session.execute(query.order_by(*order).limit(limit).offset(offset)).all()
    items = [
        _card(product, category_slug, language, price_from, price_to != price_from, top_stock > 0, units_left)
        for product, category_slug, price_from, price_to, top_stock, units_left in rows
    ]
    return ProductPage(
        items=items,
        total=total,
        limit=limit,
        offset=offset,
        next_offset=offset + limit if offset + limit < total else None,
    )


def catalog_overview(
    session: Session, language: Language, *, limit: int = LIMIT_DEFAULT, **filters: Any
) -> CatalogOverview:
    """The catalog screen in one read: every category, and the first page of `browse(**filters)`."""
    return CatalogOverview(categories=list_categories(session, language),
                           page=browse(session, language, limit=limit, **filters))


def get_product(session: Session, slug: str, language: Language) -> ProductDetail:
    """A product page: every variant with its price and stock. Raises ProductNotFound."""
    row = session.exec(
        select(Product, Category)
        .join(Category, col(Category.id) == col(Product.category_id))
        .where(col(Product.slug) == slug)
    ).first()
    if row is None:
        raise ProductNotFound(f"no product {slug!r}")
    product, category = row
    variants = session.exec(
        select(Variant)
        .where(Variant.product_id == product.id)
        .order_by(col(Variant.sort_order), col(Variant.id))
        .execution_options(populate_existing=True)
    ).all()
    views = [variant_view(v, language) for v in variants]
    prices = [v.price for v in variants]
    sizes = list(dict.fromkeys(v.size for v in views if v.size))
    colours = list({v.colour: ColourView(name=v.colour, hex=v.colour_hex) for v in views if v.colour}.values())
    in_stock = [v for v in views if v.in_stock]
    return ProductDetail(
        product=_card(
            product,
            category.slug,
            language,
            min(prices, default=0),
            len(set(prices)) > 1,
            bool(in_stock),
            sum(v.stock for v in views),
        ),
        category_name=localized(language, category.name_en, category.name_ru),
        description=localized(language, product.description_en, product.description_ru),
        variants=views,
        sizes=sizes,
        colours=colours,
        default_variant_id=(in_stock or views)[0].id if views else None,
    )


def _card(
    product: Product,
    category_slug: str,
    language: Language,
    price_from: int,
    has_range: bool,
    in_stock: bool,
    units_left: int,
) -> ProductCard:
    return ProductCard(
        slug=product.slug,
        category_slug=category_slug,
        name=localized(language, product.name_en, product.name_ru),
        picture_id=product.picture_id,
        price_from=price_from,
        has_price_range=has_range,
        in_stock=in_stock,
        units_left=int(units_left or 0),
        listed_at=product.listed_at,
    )


def _category_id(session: Session, slug: object) -> int:
    found = session.exec(select(Category.id).where(Category.slug == slug)).first() if isinstance(slug, str) else None
    if found is None:
        raise CategoryNotFound(f"no category {slug!r}")
    return found


def _price_range(price_min: object, price_max: object) -> tuple[int, int]:
    bounds = []
    for field, value, default in (("price_min", price_min, 0), ("price_max", price_max, PRICE_LIMIT)):
        if value is None:
            bounds.append(default)
        elif not whole(value):
            raise PriceRangeInvalid(field, "price_not_integer")
        elif not 0 <= value <= PRICE_LIMIT:
            raise PriceRangeInvalid(field, "price_out_of_bounds")
        else:
            bounds.append(value)
    if bounds[0] > bounds[1]:
        raise PriceRangeInvalid("price_min", "price_min_above_max")
    return bounds[0], bounds[1]
