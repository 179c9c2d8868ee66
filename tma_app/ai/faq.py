"""The app's own help, as documents for the offline help, and the demo catalog as a second source.

The entries are a plain table (key, then title and body in English and Russian). Each states what
the code does (docs/gamification.md, docs/experiments.md, the settings screen, the demos, the
assistant itself); a change of a number there is a change here. Registered at import:
`tma_app.ai` imports this module, so the sources are there whenever the assistant is.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlmodel import Session

from tma_app.ai.knowledge import Document, register_source
from tma_app.core.i18n import Language
from tma_app.demo_catalog.service import list_cards


class Entry(NamedTuple):
    key: str
    title_en: str
    body_en: str
    title_ru: str
    body_ru: str
    demo: str | None = None


ENTRIES: tuple[Entry, ...] = (
    Entry(
        "about",
        "What is this app",
        "A Telegram Mini App that shows live demo mini apps: a restaurant, a fitness tracker and a shop. "
        "Open one from the home screen; using them earns XP, coins and badges.",
        "Что это за приложение",
        "Мини-приложение Telegram с живыми демо: ресторан, фитнес-трекер и магазин. "
        "Откройте любое с главного экрана; за них начисляются опыт (XP), монеты и значки.",
    ),
    Entry(
        "restaurant",
        "Restaurant demo: ordering food",
        "Browse the menu by category or search it, open a dish to choose its size and extras (the price is "
        "counted on the server) and add it to the cart. In the cart choose pickup or delivery and a time slot, "
        "then order.",
        "Демо ресторана: заказ еды",
        "Смотрите меню по категориям или ищите блюдо, откройте его, выберите размер и добавки (цену считает "
        "сервер) и добавьте в корзину. В корзине выберите самовывоз или доставку и время, затем закажите.",
        "restaurant",
    ),
    Entry(
        "restaurant-delivery",
        "Restaurant delivery, slots and payment",
        "Delivery costs 199 ₽ for orders under 1,500 ₽ of food and is free above that; pickup is always free. "
        "Slots are offered today and tomorrow from 10:00 to 22:00 Moscow time. You pay on pickup or delivery; "
        "Telegram Stars payments come later.",
        "Доставка, время и оплата в ресторане",
        "Доставка стоит 199 ₽ при заказе еды меньше чем на 1 500 ₽, дороже — бесплатно; самовывоз всегда бесплатный. "
        "Время можно выбрать на сегодня и завтра с 10:00 до 22:00 по Москве. Оплата при получении; "
        "оплата Telegram Stars появится позже.",
        "restaurant",
    ),
    Entry(
        "restaurant-status",
        "Restaurant order status",
        "An order goes accepted, cooking, then ready (pickup) or on the way (delivery), then done; in the demo "
        "it moves one step a minute. Your orders and their status are under Orders.",
        "Статус заказа в ресторане",
        "Заказ проходит шаги: принят, готовится, затем готов (самовывоз) или в пути (доставка), затем выполнен; "
        "в демо шаг меняется раз в минуту. Ваши заказы и их статус — в разделе «Заказы».",
        "restaurant",
    ),
    Entry(
        "fitness",
        "Fitness demo: workouts",
        "Pick a program for your level and start a workout. Log each set with its reps and weight; a rest timer "
        "runs between sets and the last set can be undone. Finish the workout to see its totals.",
        "Демо фитнеса: тренировки",
        "Выберите программу под свой уровень и начните тренировку. Отмечайте каждый подход с повторами и весом; "
        "между подходами идёт таймер отдыха, последний подход можно отменить. Завершите тренировку, чтобы "
        "увидеть итоги.",
        "fitness",
    ),
    Entry(
        "fitness-progress",
        "Fitness progress and training streak",
        "The Progress screen lists your finished workouts, a 30-day chart of lifted volume and your training "
        "streak: the days in a row you finished a workout.",
        "Прогресс и серия тренировок в фитнесе",
        "На экране «Прогресс» — ваши завершённые тренировки, график объёма за 30 дней и серия тренировок: "
        "сколько дней подряд вы завершали тренировку.",
        "fitness",
    ),
    Entry(
        "ecommerce",
        "Shop demo: buying",
        "Filter the catalog by category, price and in stock, and sort it. On a product pick a size or colour: "
        "stock is checked live. Check out from the cart with your name, phone and address; delivery is free and "
        "you pay by card or cash to the courier.",
        "Демо магазина: покупки",
        "Фильтруйте каталог по категории, цене и наличию и сортируйте его. У товара выберите размер или цвет — "
        "наличие проверяется сразу. Оформите заказ из корзины с именем, телефоном и адресом; доставка бесплатная, "
        "оплата картой или наличными курьеру.",
        "ecommerce",
    ),
    Entry(
        "xp-levels",
        "XP and levels",
        "You earn XP for using the demos: 10 XP for opening a demo, 25 XP and 5 coins for completing one "
        "(an order, a finished workout, a checkout), and 50 XP with a badge for your first demo. Levels start "
        "at 100, 250, 500 and 1000 XP, and each new level is congratulated once.",
        "Опыт (XP) и уровни",
        "Опыт начисляется за демо: 10 XP за открытие, 25 XP и 5 монет за прохождение (заказ, завершённая "
        "тренировка, оформленная покупка) и 50 XP со значком за первое демо. Уровни начинаются со 100, 250, "
        "500 и 1000 XP, с каждым новым уровнем приложение поздравит один раз.",
    ),
    Entry(
        "coins",
        "Coins",
        "Coins come from completing demos, daily tasks and referrals. Spend them on streak freezes, 50 coins "
        "each. Your balance is on the Profile screen.",
        "Монеты",
        "Монеты начисляются за прохождение демо, ежедневные задания и приглашённых друзей. Их можно потратить на "
        "заморозки серии, 50 монет за штуку. Баланс — на экране профиля.",
    ),
    Entry(
        "streaks",
        "How streaks work: days in a row",
        "Your streak counts the days in a row you were active in the demos, by your own calendar days "
        "(it turns over at your local midnight). The first activity of a day pays a bonus of 5 XP per streak "
        "day, up to 50 XP. Miss a day without a freeze and the streak restarts at 1.",
        "Как работают серии: дни подряд",
        "Серия считает, сколько дней подряд вы что-то делали в демо, по вашим календарным дням (день "
        "сменяется в вашу полночь). Первое действие за день даёт бонус 5 XP за каждый день серии, до 50 XP. "
        "Пропустите день без заморозки — серия начнётся заново с 1.",
    ),
    Entry(
        "freezes",
        "Streak freezes",
        "A freeze keeps your streak when you miss a day: it is used up automatically. Buy one on the Profile "
        "screen for 50 coins; you can hold at most 2.",
        "Заморозки серии",
        "Заморозка сохраняет серию, если вы пропустили день: она тратится автоматически. Купить её можно "
        "в профиле за 50 монет; одновременно можно держать не больше двух.",
    ),
    Entry(
        "daily-tasks",
        "Daily tasks",
        "Every day there are three tasks: open a demo (10 XP, 5 coins), complete a demo (25 XP, 10 coins) and "
        "keep your streak (10 XP, 5 coins). Days are your local days; claim each reward once on the Tasks "
        "screen.",
        "Ежедневные задания",
        "Каждый день три задания: открыть демо (10 XP, 5 монет), пройти демо (25 XP, 10 монет) и сохранить "
        "серию (10 XP, 5 монет). Дни считаются по вашему времени; награду за каждое забирайте один раз на "
        "экране заданий.",
    ),
    Entry(
        "referrals",
        "Inviting friends (referrals)",
        "Share your referral link from the Profile. When a new user opens the app through it and completes "
        "their first demo, you get 100 XP, 50 coins and the Recruiter badge, once. Inviting yourself or a user "
        "who already has a referrer does not count.",
        "Как пригласить друга (рефералы)",
        "Поделитесь с другом реферальной ссылкой из профиля. Когда новый пользователь откроет приложение по ней "
        "и пройдёт первое демо, вы получите 100 XP, 50 монет и значок «Наставник», один раз. Пригласить себя или того, "
        "кого уже пригласили, нельзя.",
    ),
    Entry(
        "leaderboard",
        "Leaderboard",
        "Two boards rank users by XP: all-time and weekly (the week starts Monday 00:00 UTC). Equal XP goes to "
        "whoever reached it first, and your own rank is pinned even outside the top 50.",
        "Таблица лидеров",
        "Две таблицы по опыту (XP): за всё время и за неделю (неделя начинается в понедельник в 00:00 UTC). "
        "При равном XP выше тот, кто набрал его раньше; ваше место видно, даже если вы не в топ-50.",
    ),
    Entry(
        "badges",
        "Badges",
        "Badges mark milestones: First steps (your first demo), Explorer (every demo), On fire (seven days in a "
        "row) and Recruiter (a friend who completed a demo). The Profile shows them with their dates.",
        "Значки",
        "Значки отмечают достижения: «Первые шаги» (первое демо), «Исследователь» (все демо), «В ударе» "
        "(семь дней подряд) и «Наставник» (по вашей ссылке пришёл новый человек и прошёл демо). "
        "Профиль показывает их с датами.",
    ),
    Entry(
        "experiments",
        "Why the app looks different for a friend (experiments)",
        "The app runs A/B experiments: the home screen's call to action and each demo's onboarding (a card with "
        "steps or a one-line tip) may differ between users. Your variant comes from your Telegram id, so it "
        "stays the same every time.",
        "Почему у друга приложение выглядит иначе (эксперименты)",
        "В приложении идут A/B-эксперименты: кнопка на главном экране и подсказка в начале демо (карточка "
        "с шагами или одна строка) у разных пользователей могут отличаться. Вариант зависит от вашего id "
        "в Telegram, поэтому всегда один и тот же.",
    ),
    Entry(
        "settings-language",
        "Changing the language",
        "Open Settings (Telegram's Settings button opens it) and choose the language: as in Telegram, English "
        "or Russian, then save.",
        "Как сменить язык",
        "Откройте настройки (их открывает кнопка «Настройки» Telegram) и выберите язык: как в Telegram, "
        "English или русский, затем сохраните.",
    ),
    Entry(
        "settings-messages",
        "Messages from the bot",
        "In Settings you can allow the bot to send you messages; Telegram asks you to confirm, and the screen "
        "shows whether messages are allowed.",
        "Сообщения от бота",
        "В настройках можно разрешить боту присылать вам сообщения; Telegram попросит подтвердить, а экран "
        "покажет, разрешены ли сообщения.",
    ),
    Entry(
        "settings-fullscreen",
        "Full screen",
        "In Settings, under Display, switch the app to full screen or back.",
        "Полноэкранный режим",
        "В настройках, в разделе «Экран», можно включить полноэкранный режим или выйти из него.",
    ),
    Entry(
        "privacy",
        "Login, passwords and privacy",
        "There is no sign-up and no password: the app knows who you are only from the data Telegram signs when "
        "it opens the Mini App (initData), checked on the server. Your carts, orders and workouts are visible "
        "to you only.",
        "Вход, пароли и приватность",
        "Регистрации и пароля нет: приложение узнаёт вас только по данным, которые подписывает Telegram при "
        "открытии мини-приложения (initData), и проверяет их на сервере. Ваши корзины, заказы и тренировки "
        "видны только вам.",
    ),
    Entry(
        "assistant",
        "The assistant: limits and buttons",
        "The assistant answers questions about the app and its demos, and in Creative mode writes slogans. "
        "You can ask 50 questions a day by default; the screen shows how many are left. Stop ends an answer, "
        "Retry asks again without using another question, New chat starts over.",
        "Ассистент: лимиты и кнопки",
        "Ассистент отвечает на вопросы о приложении и демо, а в режиме «Творчество» пишет слоганы. "
        "По умолчанию можно задать 50 вопросов в день; экран показывает, сколько осталось. «Стоп» прерывает "
        "ответ, «Повторить» спрашивает заново без траты вопроса, «Новый чат» начинает сначала.",
    ),
    Entry(
        "assistant-offline",
        "Offline help (no AI model)",
        "When no AI key is configured, the assistant answers from the app's own pages: this help, the menu, "
        "the products and the programs. It is labelled offline help and never makes anything up.",
        "Офлайн-помощь (без ИИ-модели)",
        "Если ключ ИИ не настроен, ассистент отвечает по страницам самого приложения: эта справка, меню, "
        "товары и программы. Этот ответ помечен как офлайн-помощь и ничего не выдумывает.",
    ),
)


def faq_documents(session: Session, language: Language) -> list[Document]:
    """The help entries in `language` (the session is unused: the table is code)."""
    ru = language == "ru"
    return [
        Document(key=f"faq:{e.key}", title=e.title_ru if ru else e.title_en, body=e.body_ru if ru else e.body_en,
                 language=language, demo=e.demo)
        for e in ENTRIES
    ]


def catalog_documents(session: Session, language: Language) -> list[Document]:
    """Each demo of the home screen's catalog, with its summary."""
    return [
        Document(key=f"demo_catalog:{card.slug}", title=card.title, body=card.summary, language=language,
                 demo=card.slug)
        for card in list_cards(session, language)
    ]


register_source("faq", faq_documents)
register_source("demo_catalog", catalog_documents)
