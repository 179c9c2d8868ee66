"""The bot's strings in en and ru: command answers, the command menu, order notifications."""

from tma_app.core.i18n import register

STRINGS = register(__name__, {
    "bot_open_app": {"en": "Open the app", "ru": "Открыть приложение"},
    "bot_start": {
        "en": "Hi, {name}! Order food, shop, train and earn rewards — all inside Telegram. "
              "Tap the button below to open the app.",
        "ru": "Привет, {name}! Заказывайте еду, покупайте, тренируйтесь и получайте награды — прямо в Telegram. "
              "Нажмите кнопку ниже, чтобы открыть приложение.",
    },
    "bot_start_referred": {
        "en": "You came with a friend's invitation: they get a reward once you finish your first demo.",
        "ru": "Вы пришли по приглашению друга: он получит награду, когда вы пройдёте первое демо.",
    },
    "bot_help": {
        "en": "What I can do:\n/start — open the app\n/orders — your recent orders and their status\n"
              "/paysupport — help with a payment\n/help — this list\n\n"
              "Order updates come here if you allow messages in the app's Settings.",
        "ru": "Что я умею:\n/start — открыть приложение\n/orders — ваши последние заказы и их статус\n"
              "/paysupport — помощь с оплатой\n/help — этот список\n\n"
              "Новости о заказах приходят сюда, если вы разрешили сообщения в настройках приложения.",
    },
    "bot_unknown_command": {
        "en": "I do not know that command. /help lists what I can do.",
        "ru": "Такой команды я не знаю. /help — список того, что я умею.",
    },
    "bot_paysupport": {
        "en": "Payment support: reply here with your order number and what went wrong, and we will answer "
              "within a day. Paid for something you did not get? A refund goes back the way you paid "
              "(Stars to your Telegram balance).",
        "ru": "Поддержка по оплате: напишите здесь номер заказа и что пошло не так — ответим в течение дня. "
              "Оплатили, но не получили? Деньги вернутся тем же способом (звёзды — на ваш баланс в Telegram).",
    },
    "bot_orders_none": {"en": "You have no orders yet.", "ru": "У вас пока нет заказов."},
    "bot_orders_title": {"en": "Your recent orders:", "ru": "Ваши последние заказы:"},
    "bot_order_restaurant": {"en": "Restaurant #{id}", "ru": "Ресторан №{id}"},
    "bot_order_ecommerce": {"en": "Shop #{id}", "ru": "Магазин №{id}"},
    "bot_shop_status_placed": {"en": "Accepted", "ru": "Принят"},
    "bot_notify_accepted": {
        "en": "{order}: accepted. We will let you know when it moves on.",
        "ru": "{order}: принят. Сообщим, когда будут новости.",
    },
    "bot_notify_ready": {"en": "{order}: ready for pickup!", "ru": "{order}: готов, можно забирать!"},
    "bot_notify_delivered": {"en": "{order}: delivered. Enjoy!", "ru": "{order}: доставлен. Приятного аппетита!"},
    "bot_notify_refunded": {
        "en": "{order}: refunded. The money goes back the way you paid.",
        "ru": "{order}: деньги возвращены тем же способом, которым вы платили.",
    },
    "bot_payments_unavailable": {
        "en": "Payments are not available right now. Please try again later.",
        "ru": "Оплата сейчас недоступна. Попробуйте позже.",
    },
    "bot_command_start": {"en": "Open the app", "ru": "Открыть приложение"},
    "bot_command_orders": {"en": "My recent orders", "ru": "Мои последние заказы"},
    "bot_command_help": {"en": "What the bot can do", "ru": "Что умеет бот"},
    "bot_command_paysupport": {"en": "Help with a payment", "ru": "Помощь с оплатой"},
})
