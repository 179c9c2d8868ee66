"""Every text the shop shows for a refusal, in English and Russian, in one place.

Keys are the errors' `code`s, the checkout form's field codes, and PriceRangeInvalid's
reasons. Placeholders are filled from the error (OutOfStock: {available}, {requested}, {sku}).
"""

from __future__ import annotations

from collections.abc import Mapping

from tma_app.demos.ecommerce.errors import EcommerceError, OutOfStock, PriceRangeInvalid
from tma_app.ui.i18n import Language

MESSAGES: dict[str, dict[Language, str]] = {
    # Checkout form fields
    "name_required": {"en": "Enter your name.", "ru": "Укажите имя."},
    "name_length": {"en": "The name must be 2 to 80 characters.", "ru": "Имя — от 2 до 80 символов."},
    "name_invalid": {
        "en": "Use letters (Latin or Cyrillic), spaces, hyphens and apostrophes only.",
        "ru": "Только буквы (латиница или кириллица), пробелы, дефисы и апострофы.",
    },
    "phone_required": {"en": "Enter your phone number.", "ru": "Укажите номер телефона."},
    "phone_invalid": {
        "en": "Enter a phone number with the country code, e.g. +7 999 123-45-67.",
        "ru": "Укажите номер с кодом страны, например +7 999 123-45-67.",
    },
    "address_required": {"en": "Enter the delivery address.", "ru": "Укажите адрес доставки."},
    "address_length": {
        "en": "The address must be 10 to 300 characters.",
        "ru": "Адрес — от 10 до 300 символов.",
    },
    "address_invalid": {
        "en": "The address contains characters that cannot be used.",
        "ru": "В адресе есть недопустимые символы.",
    },
    # Price range reasons
    "price_not_integer": {
        "en": "Prices are whole numbers of kopecks.",
        "ru": "Цена — целое число копеек.",
    },
    "price_out_of_bounds": {
        "en": "The price is out of range.",
        "ru": "Цена вне допустимого диапазона.",
    },
    "price_min_above_max": {
        "en": "The minimum price is above the maximum.",
        "ru": "Минимальная цена больше максимальной.",
    },
    # Error codes
    "ECOMMERCE_ERROR": {"en": "Something went wrong.", "ru": "Что-то пошло не так."},
    "CATALOG_INVALID": {"en": "That request to the catalog is not valid.", "ru": "Некорректный запрос к каталогу."},
    "CATEGORY_NOT_FOUND": {"en": "There is no such category.", "ru": "Такой категории нет."},
    "PRODUCT_NOT_FOUND": {"en": "This product is no longer sold.", "ru": "Этот товар больше не продаётся."},
    "VARIANT_NOT_FOUND": {"en": "This option of the product is not available.", "ru": "Этого варианта товара нет."},
    "LISTING_INVALID": {"en": "Check the filters.", "ru": "Проверьте фильтры."},
    "PRICE_RANGE_INVALID": {"en": "Check the price range.", "ru": "Проверьте диапазон цен."},
    "SORT_INVALID": {"en": "Unknown sort order.", "ru": "Неизвестный порядок сортировки."},
    "PAGINATION_INVALID": {"en": "That page does not exist.", "ru": "Такой страницы нет."},
    "CART_INVALID": {"en": "The cart could not be updated.", "ru": "Не удалось обновить корзину."},
    "QUANTITY_INVALID": {"en": "Choose from 1 to 10 items.", "ru": "Выберите от 1 до 10 штук."},
    "LINE_QUANTITY_LIMIT": {
        "en": "At most 10 of one item per order.",
        "ru": "Не больше 10 штук одного товара в заказе.",
    },
    "CART_FULL": {"en": "The cart is full.", "ru": "Корзина заполнена."},
    "CART_LINE_NOT_FOUND": {"en": "That item is no longer in your cart.", "ru": "Этого товара уже нет в корзине."},
    "CART_EMPTY": {"en": "Your cart is empty.", "ru": "Корзина пуста."},
    "OUT_OF_STOCK": {
        "en": "Only {available} left in stock.",
        "ru": "В наличии осталось только {available} шт.",
    },
    "SOLD_OUT": {"en": "Sold out.", "ru": "Нет в наличии."},
    "CHECKOUT_INVALID": {"en": "The order could not be placed.", "ru": "Не удалось оформить заказ."},
    "CHECKOUT_FORM_INVALID": {"en": "Check the highlighted fields.", "ru": "Проверьте отмеченные поля."},
    "ORDER_NOT_FOUND": {"en": "There is no such order.", "ru": "Такого заказа нет."},
    # Not an error: how the order is paid.
    "pay_on_delivery": {"en": "Pay on delivery", "ru": "Оплата при получении"},
}


def message(code: str, language: Language, **params: object) -> str:
    texts = MESSAGES.get(code) or MESSAGES["ECOMMERCE_ERROR"]
    return texts["ru" if language == "ru" else "en"].format(**params)


def describe(error: EcommerceError, language: Language) -> str:
    """The text to show for any shop error."""
    if isinstance(error, OutOfStock):
        if error.available <= 0:
            return message("SOLD_OUT", language)
        return message(error.code, language, available=error.available, requested=error.requested, sku=error.sku)
    if isinstance(error, PriceRangeInvalid):
        return message(error.reason, language)
    return message(error.code, language)


def field_messages(errors: Mapping[str, str], language: Language) -> dict[str, str]:
    """{"phone": "phone_invalid"} -> {"phone": "Enter a phone number with the country code, ..."}."""
    return {field: message(code, language) for field, code in errors.items()}
