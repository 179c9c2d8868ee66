"""Every text the shop shows for a refusal, in English and Russian, in one place.

Keys are the errors' `code`s, the checkout form's field codes, and PriceRangeInvalid's
reasons. Placeholders are filled from the error (OutOfStock: {available}, {requested}, {sku}).
"""

from __future__ import annotations

from collections.abc import Mapping

from tma_app.core.i18n import Language, register, text
from tma_app.demos.ecommerce.errors import EcommerceError, OutOfStock, PriceRangeInvalid

MESSAGES = register(__name__, {
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
    "paid_online": {"en": "Paid online", "ru": "Оплачено онлайн"},
    "refunded": {"en": "Payment refunded", "ru": "Оплата возвращена"},
})

# The shop's screens.
STRINGS = register(__name__, {
    # The shop demo
    "e_title": {"en": "Star Store", "ru": "Магазин «Звезда»"},
    "e_all": {"en": "All", "ru": "Все"},
    "e_filters": {"en": "Filters", "ru": "Фильтры"},
    "e_sort": {"en": "Sort", "ru": "Сортировка"},
    "e_sort_newest": {"en": "Newest first", "ru": "Сначала новые"},
    "e_sort_price_asc": {"en": "Cheapest first", "ru": "Сначала дешёвые"},
    "e_sort_price_desc": {"en": "Most expensive first", "ru": "Сначала дорогие"},
    "e_sort_name": {"en": "By name", "ru": "По названию"},
    "e_price": {"en": "Price, ₽", "ru": "Цена, ₽"},
    "e_price_min": {"en": "From", "ru": "От"},
    "e_price_max": {"en": "To", "ru": "До"},
    "e_price_invalid": {"en": "Enter a whole number of rubles, e.g. 1500.",
                        "ru": "Введите сумму в рублях, например 1500."},
    "e_in_stock_only": {"en": "In stock only", "ru": "Только в наличии"},
    "e_reset_filters": {"en": "Reset filters", "ru": "Сбросить фильтры"},
    "e_found": {"en": "{count} found", "ru": "Найдено: {count}"},
    "e_from": {"en": "from", "ru": "от"},
    "e_last_one": {"en": "Last one", "ru": "Последний"},
    "e_sold_out": {"en": "Sold out", "ru": "Нет в наличии"},
    "e_left": {"en": "{count} left", "ru": "Осталось {count}"},
    "e_only_left": {"en": "Only {count} left", "ru": "Осталось только {count}"},
    "e_in_stock": {"en": "In stock", "ru": "В наличии"},
    "e_show_more": {"en": "Show more", "ru": "Показать ещё"},
    "e_nothing_found": {"en": "Nothing matches these filters.", "ru": "С такими фильтрами ничего не нашлось."},
    "e_load_failed": {"en": "The shop did not load. Check the connection and try again.",
                      "ru": "Магазин не загрузился. Проверьте соединение и попробуйте ещё раз."},
    "e_product_missing": {"en": "This product is no longer sold.", "ru": "Этот товар больше не продаётся."},
    "e_size": {"en": "Size", "ru": "Размер"},
    "e_colour": {"en": "Colour", "ru": "Цвет"},
    "e_quantity": {"en": "Quantity", "ru": "Количество"},
    "e_increase": {"en": "One more", "ru": "Ещё одну"},
    "e_decrease": {"en": "One less", "ru": "На одну меньше"},
    "e_about": {"en": "About", "ru": "Описание"},
    "e_add_to_cart": {"en": "Add to cart", "ru": "В корзину"},
    "e_added": {"en": "Added to the cart", "ru": "Добавлено в корзину"},
    "e_cart": {"en": "Cart", "ru": "Корзина"},
    "e_cart_empty": {"en": "Your cart is empty", "ru": "Корзина пуста"},
    "e_cart_empty_hint": {"en": "Pick something in the catalog.", "ru": "Выберите что-нибудь в каталоге."},
    "e_to_catalog": {"en": "Go to the catalog", "ru": "Перейти в каталог"},
    "e_remove": {"en": "Remove", "ru": "Удалить"},
    "e_items": {"en": "Items: {count}", "ru": "Товаров: {count}"},
    "e_total": {"en": "Total", "ru": "Итого"},
    "e_delivery_free": {"en": "Delivery", "ru": "Доставка"},
    "e_free": {"en": "Free", "ru": "Бесплатно"},
    "e_checkout": {"en": "Checkout", "ru": "Оформить"},
    "e_checkout_title": {"en": "Checkout", "ru": "Оформление"},
    "e_cart_problem": {"en": "Some items ran short: change the highlighted lines to check out.",
                       "ru": "Некоторых товаров не хватает: измените отмеченные строки, чтобы оформить заказ."},
    "e_your_order": {"en": "Your order", "ru": "Ваш заказ"},
    "e_contact": {"en": "Delivery details", "ru": "Данные для доставки"},
    "e_name": {"en": "Name", "ru": "Имя"},
    "e_phone": {"en": "Phone", "ru": "Телефон"},
    "e_address": {"en": "Delivery address", "ru": "Адрес доставки"},
    "e_address_placeholder": {"en": "City, street, building, flat", "ru": "Город, улица, дом, квартира"},
    "e_phone_hint": {"en": "We will call {phone}", "ru": "Позвоним на {phone}"},
    "e_payment": {"en": "Payment", "ru": "Оплата"},
    "e_pay_on_delivery": {"en": "Pay on delivery", "ru": "Оплата при получении"},
    "e_pay_note": {"en": "By card or in cash to the courier.", "ru": "Картой или наличными курьеру."},
    "e_pay_note_or_online": {"en": "By card or in cash to the courier, or online now.",
                             "ru": "Картой или наличными курьеру либо онлайн сейчас."},
    "e_pay_online": {"en": "Pay online", "ru": "Оплатить онлайн"},
    "e_pay_title": {"en": "Shop order #{id}", "ru": "Заказ №{id} в магазине"},
    "e_pay_description": {"en": "Shop order #{id}: {count} item(s), delivered to the address given.",
                          "ru": "Заказ №{id} в магазине: товаров {count}, доставка по указанному адресу."},
    "e_pay_no_order": {"en": "There is no such order.", "ru": "Такого заказа нет."},
    "e_pay_already_paid": {"en": "This order is already paid.", "ru": "Этот заказ уже оплачен."},
    "e_pay_withdrawn": {"en": "Sorry, {product} is no longer sold. Nothing was charged.",
                        "ru": "Извините, «{product}» больше не продаётся. Деньги не списаны."},
    "e_place_order": {"en": "Place order", "ru": "Оформить заказ"},
    "e_orders": {"en": "My orders", "ru": "Мои заказы"},
    "e_orders_empty": {"en": "No orders yet.", "ru": "Заказов пока нет."},
    "e_order": {"en": "Order", "ru": "Заказ"},
    "e_order_missing": {"en": "There is no such order.", "ru": "Такого заказа нет."},
    "e_thanks": {"en": "Thank you! Your order is placed.", "ru": "Спасибо! Заказ оформлен."},
    "e_thanks_hint": {"en": "We will call to agree the delivery time.",
                      "ru": "Мы позвоним, чтобы договориться о времени доставки."},
    "e_continue": {"en": "Continue shopping", "ru": "Продолжить покупки"},
    "e_deliver_to": {"en": "Delivery", "ru": "Доставка"},
    "e_error_generic": {"en": "That did not work. Nothing was changed.", "ru": "Не получилось. Ничего не изменилось."},
})


def message(code: str, language: Language, **params: object) -> str:
    return text(code if code in MESSAGES else "ECOMMERCE_ERROR", language, **{k: str(v) for k, v in params.items()})


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
