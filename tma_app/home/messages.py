"""The home screen's strings: greeting, catalog, the call-to-action variants."""

from tma_app.core.i18n import register

STRINGS = register(__name__, {
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
    # The home call to action: one text and style per homepage_cta variant
    "cta_control": {"en": "Try the restaurant demo", "ru": "Попробовать демо ресторана"},
    "cta_variant_a": {"en": "Order lunch in 3 taps", "ru": "Заказать обед в 3 касания"},
    "cta_variant_b_title": {"en": "See what your mini app could do",
                            "ru": "Посмотрите, что умеет ваше мини-приложение"},
    "cta_variant_b_body": {"en": "A live demo, no sign-up: open it now",
                           "ru": "Живое демо без регистрации: откройте сейчас"},
    "nav_home": {"en": "Home", "ru": "Главная"},
})
