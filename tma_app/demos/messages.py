"""Strings shared by the demos: the onboarding card and tip of each demo."""

from tma_app.core.i18n import register

STRINGS = register(__name__, {
    # Demo onboarding: the full card (demo_flow standard) or a one-line tip (simplified)
    "onboarding_title": {"en": "How this demo works", "ru": "Как устроено это демо"},
    "onboarding_done": {"en": "Got it", "ru": "Понятно"},
    "onboarding_restaurant_1": {"en": "Pick a dish and choose its size and extras.",
                                "ru": "Выберите блюдо, его размер и добавки."},
    "onboarding_restaurant_2": {"en": "Add it to the cart: the total updates at once.",
                                "ru": "Добавьте в корзину: сумма обновится сразу."},
    "onboarding_restaurant_3": {"en": "Choose pickup or delivery and a time, then order.",
                                "ru": "Выберите самовывоз или доставку и время, затем закажите."},
    "onboarding_restaurant_tip": {"en": "Tip: tap a dish, add it, order from the cart.",
                                  "ru": "Совет: выберите блюдо и закажите из корзины."},
    "onboarding_fitness_1": {"en": "Pick a program that fits your level.",
                             "ru": "Выберите программу под свой уровень."},
    "onboarding_fitness_2": {"en": "Start the workout and log each set; rest timers run in between.",
                             "ru": "Начните тренировку и отмечайте подходы; между ними идёт таймер отдыха."},
    "onboarding_fitness_3": {"en": "Finish it to see your progress chart and streak.",
                             "ru": "Завершите её, чтобы увидеть график прогресса и серию."},
    "onboarding_fitness_tip": {"en": "Tip: pick a program, log sets, then finish.",
                               "ru": "Совет: выберите программу и отмечайте подходы."},
    "onboarding_ecommerce_1": {"en": "Filter and sort the catalog.", "ru": "Фильтруйте и сортируйте каталог."},
    "onboarding_ecommerce_2": {"en": "Pick a size or colour: stock is checked live.",
                               "ru": "Выберите размер или цвет: наличие проверяется сразу."},
    "onboarding_ecommerce_3": {"en": "Check out from the cart with your phone and address.",
                               "ru": "Оформите заказ из корзины с телефоном и адресом."},
    "onboarding_ecommerce_tip": {"en": "Tip: pick a product, then check out.",
                                 "ru": "Совет: выберите товар и оформите заказ."},
})
