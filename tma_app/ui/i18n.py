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
