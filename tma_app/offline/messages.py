"""Strings of the connection banner and the action queue."""

from tma_app.core.i18n import register

STRINGS = register(__name__, {
    "offline_down": {"en": "No connection", "ru": "Нет связи"},
    "offline_waiting": {"en": "Waiting to be sent: {count}", "ru": "Ждут отправки: {count}"},
    "offline_sending": {"en": "Sending your changes…", "ru": "Отправляем изменения…"},
    "offline_order_waiting": {
        "en": "Your order will be sent when you are online.",
        "ru": "Заказ отправится, когда появится связь.",
    },
    "offline_memory_only": {
        "en": "This browser keeps them only while the app is open.",
        "ru": "Этот браузер хранит их, только пока приложение открыто.",
    },
    "offline_dropped_other": {
        "en": "Changes made under another Telegram account on this device were discarded.",
        "ru": "Изменения, сделанные с другого аккаунта Telegram на этом устройстве, отменены.",
    },
    "offline_dropped_old": {
        "en": "Changes older than a day were not sent and were discarded.",
        "ru": "Изменения старше суток не отправлены и отменены.",
    },
})
