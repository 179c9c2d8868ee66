"""Strings of payments: what the buyer reads around an invoice, and the admin payments page."""

from tma_app.core.i18n import register

STRINGS = register(__name__, {
    # Pre-checkout refusals (Telegram shows them in the payment form; at most 255 characters)
    "pay_refused_unknown": {"en": "This invoice is no longer valid. Open the item in the app and pay again.",
                            "ru": "Этот счёт больше не действует. Откройте товар в приложении и оплатите снова."},
    "pay_refused_other_user": {"en": "This invoice was made for another Telegram account.",
                               "ru": "Этот счёт выставлен другому аккаунту Telegram."},
    "pay_refused_not_open": {"en": "This invoice was already paid or replaced. Nothing was charged.",
                             "ru": "Этот счёт уже оплачен или заменён. Деньги не списаны."},
    "pay_refused_price": {"en": "The price has changed. Open the item in the app to see the new price.",
                          "ru": "Цена изменилась. Откройте товар в приложении, чтобы увидеть новую цену."},
    "pay_refused_error": {"en": "We could not check your order just now. Nothing was charged; please try again.",
                          "ru": "Не удалось проверить заказ. Деньги не списаны, попробуйте ещё раз."},
    # The buyer's side of the flow
    "pay_opening": {"en": "Opening the invoice…", "ru": "Открываем счёт…"},
    "pay_bot_needed": {"en": "Payments need a bot: this app runs without a bot token (TELEGRAM_BOT_TOKEN), "
                             "so nothing can be bought here.",
                       "ru": "Для оплаты нужен бот: приложение запущено без токена бота (TELEGRAM_BOT_TOKEN), "
                             "поэтому купить здесь ничего нельзя."},
    "pay_provider_missing": {"en": "Online payment is not set up; pay on pickup or delivery.",
                             "ru": "Онлайн-оплата не настроена; оплатите при получении."},
    "pay_invoice_failed": {"en": "Telegram could not create the invoice. Nothing was charged; try again later.",
                           "ru": "Telegram не смог выставить счёт. Деньги не списаны; попробуйте позже."},
    "pay_unknown_product": {"en": "This item cannot be bought.", "ru": "Этот товар нельзя купить."},
    "pay_not_in_telegram": {"en": "Open the app in Telegram to pay.", "ru": "Откройте приложение в Telegram, "
                                                                             "чтобы оплатить."},
    "pay_confirming": {"en": "Paid in Telegram; confirming your purchase…",
                       "ru": "Оплачено в Telegram; подтверждаем покупку…"},
    "pay_paid": {"en": "Paid. Thank you!", "ru": "Оплачено. Спасибо!"},
    "pay_cancelled": {"en": "Payment cancelled. Nothing was charged; you can pay again.",
                      "ru": "Оплата отменена. Деньги не списаны; можно оплатить снова."},
    "pay_failed": {"en": "Payment failed. Nothing was charged; you can try again.",
                   "ru": "Оплата не прошла. Деньги не списаны; можно попробовать снова."},
    "pay_pending": {"en": "Telegram is still processing the payment; this screen updates once it is confirmed.",
                    "ru": "Telegram ещё обрабатывает платёж; экран обновится, когда он будет подтверждён."},
    "pay_refund_notice": {"en": "Your payment for {title} ({amount}) was refunded.",
                          "ru": "Платёж за «{title}» ({amount}) возвращён."},
    # The admin payments page (/admin/payments)
    "nav_payments": {"en": "Payments", "ru": "Платежи"},
    "admin_pay_title": {"en": "Payments", "ru": "Платежи"},
    "admin_pay_empty": {"en": "No payments yet.", "ru": "Платежей пока нет."},
    "admin_pay_refund": {"en": "Refund", "ru": "Вернуть"},
    "admin_pay_reference": {"en": "Provider's refund reference", "ru": "Номер возврата у провайдера"},
    "admin_pay_reconcile": {"en": "Reconcile with Telegram", "ru": "Сверить с Telegram"},
    "admin_pay_never_reconciled": {"en": "Not reconciled yet.", "ru": "Сверки ещё не было."},
    "admin_pay_reconciled": {"en": "Reconciled {when}: {checked} Stars payments, {count} difference(s)",
                             "ru": "Сверка {when}: платежей в звёздах {checked}, расхождений {count}"},
    "admin_pay_refunded_ok": {"en": "Refunded payment {id}: {taken_back}.",
                              "ru": "Платёж {id} возвращён: {taken_back}."},
})
