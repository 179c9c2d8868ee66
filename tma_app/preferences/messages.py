"""Strings of the settings screen."""

from tma_app.core.i18n import register

STRINGS = register(__name__, {
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
})
