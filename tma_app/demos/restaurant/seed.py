"""The demo menu: five categories, twelve dishes, sizes and extras. Seeding is idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from tma_app.core.db import upsert_returning_id
from tma_app.demo_catalog.service import open_demo
from tma_app.demos.restaurant.menu import search_text
from tma_app.demos.restaurant.models import Category, Dish, ModifierGroup, ModifierOption


@dataclass(frozen=True)
class OptionSeed:
    slug: str
    en: str
    ru: str
    delta: int = 0
    default: bool = False


@dataclass(frozen=True)
class GroupSeed:
    slug: str
    kind: str
    en: str
    ru: str
    options: tuple[OptionSeed, ...]
    max_selections: int = 1


@dataclass(frozen=True)
class DishSeed:
    slug: str
    category: str
    en: str
    ru: str
    about_en: str
    about_ru: str
    price: int  # kopecks
    image: str
    tags: tuple[str, ...] = ()
    groups: tuple[GroupSeed, ...] = ()
    available: bool = True


def size(*options: OptionSeed, en: str = "Size", ru: str = "Размер") -> GroupSeed:
    return GroupSeed("size", "single", en, ru, options)


def extras(max_selections: int, *options: OptionSeed) -> GroupSeed:
    return GroupSeed("extras", "multi", "Extras", "Добавки", options, max_selections)


opt = OptionSeed

CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("ramen", "Ramen & soups", "Рамен и супы"),
    ("sushi", "Sushi & dumplings", "Суши и пельмени"),
    ("mains", "Burgers, pizza & salads", "Бургеры, пицца и салаты"),
    ("desserts", "Desserts", "Десерты"),
    ("drinks", "Drinks", "Напитки"),
)

BOWL = size(opt("small", "Small", "Маленький", -9_000), opt("regular", "Regular", "Обычный", 0, True),
            opt("large", "Large", "Большой", 12_000))
CUP = size(opt("250ml", "250 ml", "250 мл", 0, True), opt("350ml", "350 ml", "350 мл", 5_000),
           opt("450ml", "450 ml", "450 мл", 9_000))

DISHES: tuple[DishSeed, ...] = (
    DishSeed("tonkotsu-ramen", "ramen", "Tonkotsu ramen", "Рамен тонкоцу",
             "Rich pork broth simmered for 12 hours, wheat noodles, chashu pork, nori and green onion.",
             "Насыщенный свиной бульон, томлённый 12 часов, пшеничная лапша, свинина чашу, нори и зелёный лук.",
             54_000, "restaurant/ramen", ("popular",),
             (BOWL, extras(3, opt("egg", "Soft-boiled egg", "Яйцо всмятку", 9_000),
                           opt("noodles", "Extra noodles", "Двойная лапша", 12_000),
                           opt("chashu", "Extra chashu", "Больше чашу", 15_000),
                           opt("nori", "Nori", "Нори", 4_000)))),
    DishSeed("spicy-miso-ramen", "ramen", "Spicy miso ramen", "Острый мисо-рамен",
             "Miso broth with chili paste, minced pork, corn, bean sprouts and sesame.",
             "Мисо-бульон с острой пастой, рубленой свининой, кукурузой, ростками фасоли и кунжутом.",
             49_000, "restaurant/ramen", ("spicy",),
             (BOWL, extras(3, opt("egg", "Soft-boiled egg", "Яйцо всмятку", 9_000),
                           opt("noodles", "Extra noodles", "Двойная лапша", 12_000),
                           opt("corn", "Butter corn", "Кукуруза со сливочным маслом", 5_000)))),
    DishSeed("salmon-nigiri-set", "sushi", "Salmon nigiri set", "Сет нигири с лососем",
             "Salmon nigiri and maki rolls with wasabi and pickled ginger.",
             "Нигири с лососем и роллы маки с васаби и маринованным имбирём.",
             69_000, "restaurant/sushi", ("popular",),
             (size(opt("8pcs", "8 pieces", "8 штук", 0, True), opt("16pcs", "16 pieces", "16 штук", 59_000),
                   en="Portion", ru="Порция"),
              extras(2, opt("ginger", "Extra ginger", "Больше имбиря", 3_000),
                        opt("spicy-mayo", "Spicy mayo", "Острый майонез", 4_000)))),
    DishSeed("pork-gyoza", "sushi", "Pork gyoza", "Гёдза со свининой",
             "Steamed dumplings with pork and cabbage, soy dipping sauce.",
             "Паровые пельмени со свининой и капустой, соевый соус.",
             39_000, "restaurant/dumplings", (),
             (size(opt("6pcs", "6 pieces", "6 штук", 0, True), opt("10pcs", "10 pieces", "10 штук", 22_000),
                   en="Portion", ru="Порция"),
              extras(2, opt("chili-oil", "Chili oil", "Острое масло", 3_000),
                        opt("sesame-sauce", "Sesame sauce", "Кунжутный соус", 4_000)))),
    DishSeed("classic-burger", "mains", "Classic burger", "Классический бургер",
             "Beef patty, cheddar, lettuce, tomato and house sauce in a sesame bun.",
             "Говяжья котлета, чеддер, салат, томат и фирменный соус в кунжутной булочке.",
             45_000, "restaurant/burger", ("popular",),
             (extras(4, opt("cheese", "Extra cheese", "Больше сыра", 6_000),
                        opt("bacon", "Bacon", "Бекон", 9_000),
                        opt("jalapeno", "Jalapeño", "Халапеньо", 4_000),
                        opt("double", "Double patty", "Двойная котлета", 18_000)),)),
    DishSeed("pepperoni-pizza", "mains", "Pepperoni pizza", "Пицца пепперони",
             "Tomato sauce, mozzarella, spicy pepperoni, olives and basil.",
             "Томатный соус, моцарелла, острая пепперони, оливки и базилик.",
             59_000, "restaurant/pizza", ("spicy",),
             (size(opt("25cm", "25 cm", "25 см", 0, True), opt("30cm", "30 cm", "30 см", 16_000),
                   opt("35cm", "35 cm", "35 см", 29_000)),
              extras(3, opt("cheese", "Extra mozzarella", "Больше моцареллы", 9_000),
                        opt("olives", "Extra olives", "Больше оливок", 5_000),
                        opt("jalapeno", "Jalapeño", "Халапеньо", 4_000)))),
    DishSeed("garden-salad", "mains", "Garden salad", "Овощной салат",
             "Crisp greens, cherry tomatoes, cucumber and carrot with lemon dressing.",
             "Хрустящая зелень, томаты черри, огурец и морковь с лимонной заправкой.",
             32_000, "restaurant/salad", ("vegetarian",),
             (extras(2, opt("chicken", "Grilled chicken", "Курица гриль", 15_000),
                        opt("avocado", "Avocado", "Авокадо", 12_000),
                        opt("feta", "Feta", "Фета", 9_000)),)),
    DishSeed("strawberry-cake", "desserts", "Strawberry cake", "Клубничный торт",
             "A slice of sponge cake with cream and fresh strawberries.",
             "Кусочек бисквитного торта со сливками и свежей клубникой.",
             29_000, "restaurant/cake", ("vegetarian",)),
    DishSeed("blueberry-pancakes", "desserts", "Blueberry pancakes", "Панкейки с черникой",
             "A stack of fluffy pancakes with butter and blueberries.",
             "Стопка пышных панкейков со сливочным маслом и черникой.",
             34_000, "restaurant/pancakes", ("vegetarian",),
             (extras(2, opt("maple", "Maple syrup", "Кленовый сироп", 5_000),
                        opt("cream", "Whipped cream", "Взбитые сливки", 6_000)),)),
    DishSeed("latte", "drinks", "Latte", "Латте",
             "Double espresso with steamed milk and a layer of foam.",
             "Двойной эспрессо с горячим молоком и слоем пенки.",
             22_000, "restaurant/latte", (),
             (CUP, extras(3, opt("oat-milk", "Oat milk", "Овсяное молоко", 6_000),
                          opt("extra-shot", "Extra shot", "Дополнительный эспрессо", 7_000),
                          opt("vanilla", "Vanilla syrup", "Ванильный сироп", 4_000)))),
    DishSeed("matcha-latte", "drinks", "Matcha latte", "Матча латте",
             "Japanese green tea whisked with steamed milk.",
             "Японский зелёный чай, взбитый с горячим молоком.",
             28_000, "restaurant/latte", ("vegetarian",),
             (CUP, extras(2, opt("oat-milk", "Oat milk", "Овсяное молоко", 6_000),
                          opt("vanilla", "Vanilla syrup", "Ванильный сироп", 4_000))),
             available=False),
    DishSeed("lemon-tea", "drinks", "Black tea with lemon", "Чёрный чай с лимоном",
             "Ceylon black tea served with a slice of lemon.",
             "Цейлонский чёрный чай с долькой лимона.",
             18_000, "restaurant/tea", ("vegetarian",),
             (size(opt("300ml", "300 ml", "300 мл", 0, True), opt("500ml", "500 ml", "500 мл", 8_000)),
              extras(1, opt("honey", "Honey", "Мёд", 4_000)))),
)


def seed_restaurant(session: Session) -> int:
    """Insert or refresh the menu by slug; returns how many dishes it has. Ids stay stable."""
    category_ids = {}
    for order, (slug, en, ru) in enumerate(CATEGORIES):
        category_ids[slug] = upsert_returning_id(
            session, Category, ("slug",), {"slug": slug, "sort_order": order * 10, "name_en": en, "name_ru": ru}
        )
    for order, dish in enumerate(DISHES):
        dish_id = upsert_returning_id(session, Dish, ("slug",), {
            "slug": dish.slug,
            "category_id": category_ids[dish.category],
            "sort_order": order * 10,
            "name_en": dish.en,
            "name_ru": dish.ru,
            "description_en": dish.about_en,
            "description_ru": dish.about_ru,
            "base_price": dish.price,
            "image_id": dish.image,
            "is_available": dish.available,
            "tags": list(dish.tags),
            "search_en": search_text(dish.en, dish.about_en),
            "search_ru": search_text(dish.ru, dish.about_ru),
        })
        for group_order, group in enumerate(dish.groups):
            group_id = upsert_returning_id(session, ModifierGroup, ("dish_id", "slug"), {
                "dish_id": dish_id,
                "slug": group.slug,
                "kind": group.kind,
                "max_selections": group.max_selections,
                "sort_order": group_order * 10,
                "name_en": group.en,
                "name_ru": group.ru,
            })
            for option_order, option in enumerate(group.options):
                upsert_returning_id(session, ModifierOption, ("group_id", "slug"), {
                    "group_id": group_id,
                    "slug": option.slug,
                    "sort_order": option_order * 10,
                    "name_en": option.en,
                    "name_ru": option.ru,
                    "price_delta": option.delta,
                    "is_default": option.default,
                })
    return len(DISHES)


def mark_available(session: Session) -> bool:
    """Let the home screen link to the restaurant demo; for the task that ships its pages.

    Returns False when the catalog has not been seeded yet (no "restaurant" row)."""
    return open_demo(session, "restaurant")

