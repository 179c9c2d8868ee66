"""Strings of the session check and its notices (shown before and around sign-in)."""

from tma_app.core.i18n import register

STRINGS = register(__name__, {
    "loading": {"en": "Checking your Telegram session…", "ru": "Проверяем сессию Telegram…"},
    "open_from_telegram_title": {"en": "Open this app from Telegram", "ru": "Откройте приложение в Telegram"},
    "open_from_telegram_body": {
        "en": "We could not verify your Telegram session. "
              "Close this page and open the Mini App from the bot in Telegram.",
        "ru": "Не удалось проверить вашу сессию Telegram. "
              "Закройте страницу и откройте мини-приложение из бота в Telegram.",
    },
    "unavailable_title": {"en": "Something went wrong on our side", "ru": "У нас что-то пошло не так"},
    "unavailable_body": {
        "en": "Your data is safe. Please try again in a moment.",
        "ru": "Ваши данные в сохранности. Попробуйте ещё раз через минуту.",
    },
    "retry": {"en": "Try again", "ru": "Повторить"},
    "reconnecting_title": {"en": "Can't reach the server", "ru": "Нет связи с сервером"},
    "reconnecting_body": {
        "en": "Retrying on its own; this page carries on as soon as the server answers.",
        "ru": "Пробуем снова сами: страница продолжит работу, как только сервер ответит.",
    },
    "dismiss": {"en": "Dismiss", "ru": "Закрыть"},
    "notice_sign_in_required": {
        "en": "Open the app from Telegram to do that.",
        "ru": "Чтобы сделать это, откройте приложение в Telegram.",
    },
    "notice_failed": {
        "en": "Something went wrong on our side. Please try again.",
        "ru": "У нас что-то пошло не так. Попробуйте ещё раз.",
    },
    "notice_rate_limited": {
        "en": "Too many actions at once. Try again in {seconds} s.",
        "ru": "Слишком много действий подряд. Повторите через {seconds} с.",
    },
})
