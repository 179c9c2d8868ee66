"""Every demo picture: its id, source size, backdrop and alt text in English and Russian."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tma_app.core.i18n import Language
from tma_app.media.artwork import ecommerce, fitness, restaurant
from tma_app.media.artwork.canvas import Drawing, Palette

# The only widths ever produced: a client can never make the server resize to a size it chose.
WIDTHS: tuple[int, ...] = (320, 640, 960)
# The blurred stand-in shown while the real picture loads.
PLACEHOLDER_WIDTH = 24
SERVED_WIDTHS: tuple[int, ...] = (PLACEHOLDER_WIDTH, *WIDTHS)

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*")

LANDSCAPE = (1200, 900)  # 4:3, dishes and workouts
SQUARE = (1200, 1200)  # 1:1, shop products

WARM = Palette("#fff4e6", "#ffd9b3", "#ff9f68")
CREAM = Palette("#fffaf0", "#f6e3c3", "#e9b872")
BLUSH = Palette("#fff0f3", "#ffd3dc", "#ff8fa3")
SKY = Palette("#eef6ff", "#cfe4ff", "#6aa9ff")
MINT = Palette("#ecfbf5", "#c6f0df", "#3fc1a0")
LAVENDER = Palette("#f4f0ff", "#dcd2ff", "#9b7cf5")
LEMON = Palette("#fffbe6", "#fff0a8", "#ffc93c")
PEACH = Palette("#fff3ec", "#ffd8c2", "#ff8a5b")


@dataclass(frozen=True)
class ImageSpec:
    id: str
    size: tuple[int, int]  # the design size; every rendition keeps its aspect ratio
    palette: Palette
    alt: dict[Language, str]
    drawing: Drawing = field(repr=False, compare=False)

    def height_at(self, width: int) -> int:
        return round(width * self.size[1] / self.size[0])


def _spec(image_id: str, size: tuple[int, int], palette: Palette, drawing: Drawing, en: str, ru: str) -> ImageSpec:
    return ImageSpec(image_id, size, palette, {"en": en, "ru": ru}, drawing)


_IMAGES: tuple[ImageSpec, ...] = (
    # Restaurant
    _spec("restaurant/ramen", LANDSCAPE, WARM, restaurant.ramen,
          "A steaming red bowl of ramen with noodles, pork, a soft-boiled egg, nori and chopsticks",
          "Дымящаяся красная миска рамена с лапшой, свининой, яйцом всмятку, нори и палочками"),
    _spec("restaurant/burger", LANDSCAPE, CREAM, restaurant.burger,
          "A burger with a sesame bun, lettuce, tomato, melted cheese and a beef patty on a plate",
          "Бургер с кунжутной булочкой, салатом, помидором, плавленым сыром и говяжьей котлетой на тарелке"),
    _spec("restaurant/pizza", LANDSCAPE, WARM, restaurant.pizza,
          "A pepperoni pizza with basil and olives on a wooden board, cut into slices",
          "Пицца пепперони с базиликом и оливками на деревянной доске, нарезанная на куски"),
    _spec("restaurant/salad", LANDSCAPE, MINT, restaurant.salad,
          "A bowl of green salad with cherry tomatoes, cucumber and carrot",
          "Миска зелёного салата с томатами черри, огурцом и морковью"),
    _spec("restaurant/dumplings", LANDSCAPE, CREAM, restaurant.dumplings,
          "Steamed dumplings in a bamboo steamer with soy sauce and chopsticks",
          "Паровые пельмени в бамбуковой пароварке с соевым соусом и палочками"),
    _spec("restaurant/tea", LANDSCAPE, MINT, restaurant.tea,
          "A cup of hot tea on a saucer with a slice of lemon",
          "Чашка горячего чая на блюдце с долькой лимона"),
    _spec("restaurant/cake", LANDSCAPE, BLUSH, restaurant.cake,
          "A pink birthday cake with three lit candles and strawberries",
          "Розовый праздничный торт с тремя горящими свечами и клубникой"),
    _spec("restaurant/sushi", LANDSCAPE, SKY, restaurant.sushi,
          "Salmon nigiri and maki rolls on a slate board with wasabi, ginger and chopsticks",
          "Нигири с лососем и роллы маки на каменной доске с васаби, имбирём и палочками"),
    _spec("restaurant/latte", LANDSCAPE, CREAM, restaurant.latte,
          "A latte with a heart drawn in the milk foam, seen from above, and coffee beans",
          "Латте с сердцем на молочной пенке, вид сверху, и кофейные зёрна"),
    _spec("restaurant/pancakes", LANDSCAPE, LEMON, restaurant.pancakes,
          "A stack of pancakes with maple syrup, butter and blueberries",
          "Стопка блинчиков с кленовым сиропом, сливочным маслом и черникой"),
    # Fitness
    _spec("fitness/dumbbell", LANDSCAPE, SKY, fitness.dumbbell,
          "An orange dumbbell with steel handle",
          "Оранжевая гантель со стальной ручкой"),
    _spec("fitness/kettlebell", LANDSCAPE, PEACH, fitness.kettlebell,
          "A black kettlebell with a gold star emblem",
          "Чёрная гиря с золотой звездой"),
    _spec("fitness/runner", LANDSCAPE, SKY, fitness.runner,
          "A runner in full stride in front of the sun",
          "Бегун в движении на фоне солнца"),
    _spec("fitness/yoga-mat", LANDSCAPE, LAVENDER, fitness.yoga_mat,
          "A purple yoga mat, half rolled out, with a cork block",
          "Фиолетовый коврик для йоги, наполовину раскатанный, и пробковый блок"),
    _spec("fitness/water-bottle", LANDSCAPE, MINT, fitness.water_bottle,
          "A sports water bottle with a black cap and an orange stripe",
          "Спортивная бутылка для воды с чёрной крышкой и оранжевой полосой"),
    _spec("fitness/jump-rope", LANDSCAPE, LEMON, fitness.jump_rope,
          "A green jump rope with orange handles",
          "Зелёная скакалка с оранжевыми ручками"),
    _spec("fitness/stopwatch", LANDSCAPE, PEACH, fitness.stopwatch,
          "A stopwatch counting an interval",
          "Секундомер, отсчитывающий интервал"),
    _spec("fitness/heart-rate", LANDSCAPE, BLUSH, fitness.heart_rate,
          "A red heart with a pulse line across it",
          "Красное сердце с линией пульса"),
    _spec("fitness/bicycle", LANDSCAPE, SKY, fitness.bicycle,
          "An orange road bicycle in motion",
          "Оранжевый шоссейный велосипед в движении"),
    # Shop
    _spec("ecommerce/t-shirt", SQUARE, PEACH, ecommerce.t_shirt,
          "A blue T-shirt with a yellow star on the chest",
          "Синяя футболка с жёлтой звездой на груди"),
    _spec("ecommerce/sneaker", SQUARE, MINT, ecommerce.sneaker,
          "A red sneaker with a white stripe and white laces",
          "Красный кроссовок с белой полосой и белыми шнурками"),
    _spec("ecommerce/backpack", SQUARE, LEMON, ecommerce.backpack,
          "A green backpack with a front pocket and yellow zipper pulls",
          "Зелёный рюкзак с передним карманом и жёлтыми бегунками молний"),
    _spec("ecommerce/cap", SQUARE, SKY, ecommerce.cap,
          "An orange baseball cap with a white star",
          "Оранжевая бейсболка с белой звездой"),
    _spec("ecommerce/mug", SQUARE, CREAM, ecommerce.mug,
          "A red mug of hot coffee with a white heart",
          "Красная кружка горячего кофе с белым сердцем"),
    _spec("ecommerce/hoodie", SQUARE, LEMON, ecommerce.hoodie,
          "A purple hoodie with a front pocket and drawstrings",
          "Фиолетовое худи с карманом спереди и завязками"),
    _spec("ecommerce/headphones", SQUARE, BLUSH, ecommerce.headphones,
          "Black over-ear headphones with orange cushions",
          "Чёрные полноразмерные наушники с оранжевыми амбушюрами"),
    _spec("ecommerce/smartwatch", SQUARE, LAVENDER, ecommerce.smartwatch,
          "A smartwatch with a green strap showing activity rings",
          "Смарт-часы с зелёным ремешком и кольцами активности на экране"),
    _spec("ecommerce/sunglasses", SQUARE, LEMON, ecommerce.sunglasses,
          "Sunglasses with blue lenses and a black frame",
          "Солнцезащитные очки с синими линзами в чёрной оправе"),
    _spec("ecommerce/tote-bag", SQUARE, MINT, ecommerce.tote_bag,
          "A canvas tote bag printed with a sunset over waves",
          "Холщовая сумка-шопер с принтом заката над волнами"),
)



def _index(images: tuple[ImageSpec, ...]) -> dict[str, ImageSpec]:
    # Ids become cache paths and URLs: a malformed one fails at import, never at request time.
    index: dict[str, ImageSpec] = {}
    for spec in images:
        if not ID_PATTERN.fullmatch(spec.id) or spec.id in index:
            raise ValueError(f"image id {spec.id!r} is malformed or repeated")
        index[spec.id] = spec
    return index


CATALOG: dict[str, ImageSpec] = _index(_IMAGES)


def find(image_id: str) -> ImageSpec | None:
    return CATALOG.get(image_id)


def get(image_id: str) -> ImageSpec:
    spec = CATALOG.get(image_id)
    if spec is None:
        raise KeyError(f"unknown image {image_id!r}")
    return spec


def ids_for(group: str) -> list[str]:
    """The ids of one demo's pictures, e.g. `ids_for("restaurant")`."""
    return [image_id for image_id in CATALOG if image_id.startswith(group + "/")]
