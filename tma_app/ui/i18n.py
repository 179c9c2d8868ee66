"""Every user-facing string, in English and Russian, in one place (no reflex import)."""

from __future__ import annotations

from typing import Literal

Language = Literal["en", "ru"]

STRINGS: dict[str, dict[Language, str]] = {
    "app_title": {"en": "Mini App Studio", "ru": "Студия мини-приложений"},
    "greeting": {"en": "Hi, {name}!", "ru": "Привет, {name}!"},
    "greeting_anonymous": {"en": "Hi!", "ru": "Привет!"},
    "home_intro": {
        "en": "Working demo mini-apps, right inside Telegram. Pick one to try.",
        "ru": "Работающие демо мини-приложений прямо в Telegram. Выберите любое.",
    },
    "demos_heading": {"en": "Demos", "ru": "Демо"},
    "demo_not_ready": {"en": "Not built yet", "ru": "Ещё не готово"},
    "demo_open": {"en": "Open", "ru": "Открыть"},
    "nav_home": {"en": "Home", "ru": "Главная"},
    "loading": {"en": "Checking your Telegram session…", "ru": "Проверяем сессию Telegram…"},
    "open_from_telegram_title": {"en": "Open this app from Telegram", "ru": "Откройте приложение в Telegram"},
    "open_from_telegram_body": {
        "en": "We could not verify your Telegram session. Close this page and open the Mini App from the bot in Telegram.",
        "ru": "Не удалось проверить вашу сессию Telegram. Закройте страницу и откройте мини-приложение из бота в Telegram.",
    },
    "unavailable_title": {"en": "Something went wrong on our side", "ru": "У нас что-то пошло не так"},
    "unavailable_body": {
        "en": "Your data is safe. Please try again in a moment.",
        "ru": "Ваши данные в сохранности. Попробуйте ещё раз через минуту.",
    },
    "retry": {"en": "Try again", "ru": "Повторить"},
    "dismiss": {"en": "Dismiss", "ru": "Закрыть"},
    "notice_sign_in_required": {
        "en": "Open the app from Telegram to do that.",
        "ru": "Чтобы сделать это, откройте приложение в Telegram.",
    },
    "notice_rate_limited": {
        "en": "Too many actions at once. Try again in {seconds} s.",
        "ru": "Слишком много действий подряд. Повторите через {seconds} с.",
    },
    "nav_admin": {"en": "Admin", "ru": "Админ"},
    "nav_settings": {"en": "Settings", "ru": "Настройки"},
    "settings_title": {"en": "Settings", "ru": "Настройки"},
    "settings_language": {"en": "Language", "ru": "Язык"},
    "language_auto": {"en": "As in Telegram", "ru": "Как в Telegram"},
    "language_en": {"en": "English", "ru": "English"},
    "language_ru": {"en": "Русский", "ru": "Русский"},
    "save": {"en": "Save", "ru": "Сохранить"},
    "saved": {"en": "Saved", "ru": "Сохранено"},
    "settings_messages": {"en": "Messages from the bot", "ru": "Сообщения от бота"},
    "settings_messages_allow": {"en": "Allow messages", "ru": "Разрешить сообщения"},
    "settings_messages_granted": {"en": "Allowed", "ru": "Разрешено"},
    "settings_messages_denied": {"en": "Not allowed", "ru": "Не разрешено"},
    "settings_display": {"en": "Display", "ru": "Экран"},
    "fullscreen_enter": {"en": "Full screen", "ru": "Во весь экран"},
    "fullscreen_exit": {"en": "Exit full screen", "ru": "Выйти из полноэкранного режима"},
    # The restaurant demo
    "r_title": {"en": "Noodle House", "ru": "Лапшичная"},
    "r_search": {"en": "Search the menu", "ru": "Поиск по меню"},
    "r_all": {"en": "All", "ru": "Все"},
    "r_from": {"en": "from", "ru": "от"},
    "r_sold_out": {"en": "Sold out", "ru": "Нет в наличии"},
    "r_nothing_found": {"en": "Nothing matches your search.", "ru": "Ничего не нашлось."},
    "r_load_failed": {"en": "The menu did not load. Check the connection and try again.",
                      "ru": "Меню не загрузилось. Проверьте соединение и попробуйте ещё раз."},
    "r_add": {"en": "Add", "ru": "Добавить"},
    "r_added": {"en": "Added to the cart", "ru": "Добавлено в корзину"},
    "r_cart": {"en": "Cart", "ru": "Корзина"},
    "r_cart_empty": {"en": "Your cart is empty. Pick something from the menu.",
                     "ru": "Корзина пуста. Выберите что-нибудь в меню."},
    "r_quantity": {"en": "Quantity", "ru": "Количество"},
    "r_increase": {"en": "One more", "ru": "Ещё одну"},
    "r_decrease": {"en": "One less", "ru": "На одну меньше"},
    "r_remove": {"en": "Remove", "ru": "Убрать"},
    "r_pickup": {"en": "Pickup", "ru": "Самовывоз"},
    "r_delivery": {"en": "Delivery", "ru": "Доставка"},
    "r_time": {"en": "Time", "ru": "Время"},
    "r_today": {"en": "Today", "ru": "Сегодня"},
    "r_tomorrow": {"en": "Tomorrow", "ru": "Завтра"},
    "r_address": {"en": "Delivery address", "ru": "Адрес доставки"},
    "r_subtotal": {"en": "Subtotal", "ru": "Сумма"},
    "r_delivery_fee": {"en": "Delivery", "ru": "Доставка"},
    "r_total": {"en": "Total", "ru": "Итого"},
    "r_pay_on_receipt": {"en": "You pay on pickup or delivery. Telegram Stars payments come later.",
                         "ru": "Оплата при получении. Оплата звёздами Telegram появится позже."},
    "r_order": {"en": "Order", "ru": "Заказать"},
    "r_orders": {"en": "My orders", "ru": "Мои заказы"},
    "r_orders_empty": {"en": "No orders yet.", "ru": "Заказов пока нет."},
    "r_order_number": {"en": "Order", "ru": "Заказ"},
    "r_status_accepted": {"en": "Accepted", "ru": "Принят"},
    "r_status_cooking": {"en": "Cooking", "ru": "Готовится"},
    "r_status_ready": {"en": "Ready for pickup", "ru": "Готов к выдаче"},
    "r_status_on_the_way": {"en": "On the way", "ru": "В пути"},
    "r_status_done": {"en": "Done", "ru": "Завершён"},
    "r_refresh": {"en": "Refresh", "ru": "Обновить"},
    "r_error_generic": {"en": "That did not work. Nothing was changed.", "ru": "Не получилось. Ничего не изменилось."},
    "admin_audit_title": {"en": "Audit log", "ru": "Журнал аудита"},
    "admin_audit_empty": {"en": "Nothing recorded yet.", "ru": "Пока ничего не записано."},
}


def pick_language(language_code: str | None) -> Language:
    """Russian for ru-* users, English for everyone else."""
    if language_code and language_code.lower().split("-")[0] == "ru":
        return "ru"
    return "en"


def bundle(language: Language) -> dict[str, str]:
    """All strings of one language, as the page reads them."""
    return {key: texts[language] for key, texts in STRINGS.items()}


def text(key: str, language: Language, **values: str) -> str:
    return STRINGS[key][language].format(**values)
