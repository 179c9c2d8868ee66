"""Payments: Telegram Stars for digital goods, a payment provider for physical orders, one flow.

Features register what they sell (`products.register_product`); `invoices` issues an invoice
bound to user, product and amount; `checkout` answers the pre-checkout query and grants on
`successful_payment`, once per charge; `refunds` and `reconciliation` serve the admin screens;
`updates` holds the bot handlers the assembly registers; `state` and `components` are the page's.
"""

# The package's strings are registered whenever any of its modules is imported.
from tma_app.payments import messages as _messages  # noqa: E402,F401
