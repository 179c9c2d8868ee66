"""The demo shop: four categories, ten products, 2-6 variants each. Seeding is idempotent.

A repeat refreshes names, descriptions and prices but never stock: what has been bought
stays bought.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from tma_app.core.db import upsert_returning_id
from tma_app.demo_catalog.service import open_demo
from tma_app.demos.ecommerce.models import Category, Product, Variant


@dataclass(frozen=True)
class VariantSeed:
    sku: str
    price: int  # kopecks
    stock: int
    size: str | None = None
    colour: tuple[str, str, str] | None = None  # (en, ru, "#rrggbb")


@dataclass(frozen=True)
class ProductSeed:
    slug: str
    category: str
    en: str
    ru: str
    about_en: str
    about_ru: str
    picture: str
    variants: tuple[VariantSeed, ...]


CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("clothing", "Clothing", "Одежда"),
    ("shoes-bags", "Shoes & bags", "Обувь и сумки"),
    ("electronics", "Electronics", "Электроника"),
    ("accessories", "Accessories & home", "Аксессуары и дом"),
)

BLUE = ("Blue", "Синий", "#2f6fdf")
PURPLE = ("Purple", "Фиолетовый", "#8e5bd6")
BLACK = ("Black", "Чёрный", "#222222")
WHITE = ("White", "Белый", "#f4f4f4")
ORANGE = ("Orange", "Оранжевый", "#ff8a3d")
NAVY = ("Navy", "Тёмно-синий", "#1f2f5a")
RED = ("Red", "Красный", "#e0413a")
GREEN = ("Green", "Зелёный", "#3f9f5f")
GREY = ("Grey", "Серый", "#8a8f98")
SMOKE = ("Smoke", "Дымчатый", "#5a5a66")
NATURAL = ("Natural", "Натуральный", "#e9dcc0")

V = VariantSeed

PRODUCTS: tuple[ProductSeed, ...] = (
    ProductSeed("star-t-shirt", "clothing", "Star T-shirt", "Футболка «Звезда»",
                "Soft cotton T-shirt with a yellow star on the chest.",
                "Мягкая хлопковая футболка с жёлтой звездой на груди.",
                "ecommerce/t-shirt",
                (V("TS-STAR-BLU-S", 199_000, 5, "S", BLUE), V("TS-STAR-BLU-M", 199_000, 0, "M", BLUE),
                 V("TS-STAR-BLU-L", 199_000, 1, "L", BLUE), V("TS-STAR-BLU-XL", 219_000, 8, "XL", BLUE))),
    ProductSeed("cosy-hoodie", "clothing", "Cosy Hoodie", "Худи «Уют»",
                "Warm fleece hoodie with a kangaroo pocket and drawstrings.",
                "Тёплое флисовое худи с карманом-кенгуру и завязками.",
                "ecommerce/hoodie",
                (V("HD-COSY-PUR-M", 449_000, 3, "M", PURPLE), V("HD-COSY-PUR-L", 449_000, 1, "L", PURPLE),
                 V("HD-COSY-BLK-M", 449_000, 0, "M", BLACK), V("HD-COSY-BLK-L", 449_000, 6, "L", BLACK))),
    ProductSeed("star-cap", "clothing", "Star Cap", "Бейсболка «Звезда»",
                "Six-panel baseball cap with an embroidered star and an adjustable strap.",
                "Бейсболка из шести клиньев с вышитой звездой и регулируемым ремешком.",
                "ecommerce/cap",
                (V("CP-STAR-ORG", 129_000, 12, None, ORANGE), V("CP-STAR-NVY", 129_000, 0, None, NAVY))),
    ProductSeed("runner-sneakers", "shoes-bags", "Runner Sneakers", "Кроссовки «Раннер»",
                "Light running sneakers with a cushioned sole and reflective stripe.",
                "Лёгкие беговые кроссовки с амортизирующей подошвой и светоотражающей полосой.",
                "ecommerce/sneaker",
                (V("SN-RUN-RED-40", 699_000, 2, "40", RED), V("SN-RUN-RED-41", 699_000, 4, "41", RED),
                 V("SN-RUN-RED-42", 699_000, 0, "42", RED), V("SN-RUN-RED-43", 699_000, 1, "43", RED),
                 V("SN-RUN-RED-44", 719_000, 7, "44", RED), V("SN-RUN-RED-45", 719_000, 3, "45", RED))),
    ProductSeed("city-backpack", "shoes-bags", "City Backpack", "Городской рюкзак",
                "Water-repellent backpack with a laptop sleeve and a quick-access front pocket.",
                "Водоотталкивающий рюкзак с отделением для ноутбука и передним карманом.",
                "ecommerce/backpack",
                (V("BP-CITY-GRN-20", 349_000, 4, "20 L", GREEN), V("BP-CITY-GRN-30", 429_000, 1, "30 L", GREEN),
                 V("BP-CITY-GRY-30", 429_000, 0, "30 L", GREY))),
    ProductSeed("sunset-tote", "shoes-bags", "Sunset Tote", "Шопер «Закат»",
                "Roomy canvas tote printed with a sunset over the waves.",
                "Вместительный холщовый шопер с принтом заката над волнами.",
                "ecommerce/tote-bag",
                (V("TB-SUN-NAT", 119_000, 15, None, NATURAL), V("TB-SUN-BLK", 119_000, 3, None, BLACK))),
    ProductSeed("studio-headphones", "electronics", "Studio Headphones", "Наушники «Студия»",
                "Over-ear wireless headphones with noise cancelling and 30 hours of battery.",
                "Полноразмерные беспроводные наушники с шумоподавлением и 30 часами работы.",
                "ecommerce/headphones",
                (V("HP-STU-BLK", 899_000, 5, None, BLACK), V("HP-STU-WHT", 899_000, 1, None, WHITE))),
    ProductSeed("pulse-smartwatch", "electronics", "Pulse Smartwatch", "Смарт-часы «Пульс»",
                "Smartwatch with activity rings, heart-rate tracking and a week on one charge.",
                "Смарт-часы с кольцами активности, пульсометром и неделей работы без подзарядки.",
                "ecommerce/smartwatch",
                (V("SW-PLS-GRN-41", 1_299_000, 2, "41 mm", GREEN), V("SW-PLS-BLK-41", 1_299_000, 0, "41 mm", BLACK),
                 V("SW-PLS-GRN-45", 1_399_000, 1, "45 mm", GREEN), V("SW-PLS-BLK-45", 1_399_000, 4, "45 mm", BLACK))),
    ProductSeed("wave-sunglasses", "accessories", "Wave Sunglasses", "Очки «Волна»",
                "Polarised sunglasses in a light acetate frame, with a case.",
                "Поляризационные очки в лёгкой оправе из ацетата, с футляром.",
                "ecommerce/sunglasses",
                (V("SG-WAV-BLU", 249_000, 0, None, BLUE), V("SG-WAV-SMK", 249_000, 0, None, SMOKE))),
    ProductSeed("heart-mug", "accessories", "Heart Mug", "Кружка «Сердце»",
                "Glazed ceramic mug with a white heart, dishwasher safe.",
                "Керамическая кружка в глазури с белым сердцем, можно мыть в посудомойке.",
                "ecommerce/mug",
                (V("MG-HRT-RED-350", 79_000, 20, "350 ml", RED), V("MG-HRT-RED-450", 99_000, 1, "450 ml", RED))),
)

# Listing dates a day apart, in PRODUCTS order: the last one is the newest.
LISTED_FROM = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def seed_ecommerce(session: Session) -> int:
    """Insert or refresh the shop; returns how many products it has. Stock is set only once."""
    category_ids = {
        slug: upsert_returning_id(session, Category, "slug",
                                  {"slug": slug, "sort_order": order * 10, "name_en": en, "name_ru": ru})
        for order, (slug, en, ru) in enumerate(CATEGORIES)
    }
    for index, product in enumerate(PRODUCTS):
        product_id = upsert_returning_id(session, Product, "slug", {
            "slug": product.slug,
            "category_id": category_ids[product.category],
            "name_en": product.en,
            "name_ru": product.ru,
            "description_en": product.about_en,
            "description_ru": product.about_ru,
            "picture_id": product.picture,
            "listed_at": LISTED_FROM + timedelta(days=index),
        })
        for order, variant in enumerate(product.variants):
            colour_en, colour_ru, colour_hex = variant.colour or (None, None, None)
            upsert_returning_id(session, Variant, "sku", {
                "sku": variant.sku,
                "product_id": product_id,
                "sort_order": order * 10,
                "size": variant.size,
                "colour_en": colour_en,
                "colour_ru": colour_ru,
                "colour_hex": colour_hex,
                "price": variant.price,
                "stock": variant.stock,
            }, keep=("stock",))
    return len(PRODUCTS)


def mark_available(session: Session) -> bool:
    """Let the home screen link to the shop demo; for the task that ships its pages.

    Returns False when the catalog has not been seeded yet (no "ecommerce" row)."""
    return open_demo(session, "ecommerce")

