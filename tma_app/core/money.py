"""Money is an integer count of kopecks (minor units) everywhere; floats never hold a price.

Shared by every demo that sells something: one way to write an amount across the app.
"""

from __future__ import annotations

from tma_app.core.i18n import Language

CURRENCY = "RUB"
_NBSP = "\u00a0"


def format_money(amount: int, language: Language, *, signed: bool = False) -> str:
    """`54000` -> "540 ₽"; `123450` -> "1 234,50 ₽" (ru) or "1,234.50 ₽" (en); signed adds "+"."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("money is an integer number of kopecks")
    sign = "−" if amount < 0 else ("+" if signed and amount > 0 else "")
    rubles, kopecks = divmod(abs(amount), 100)
    group, decimal = (_NBSP, ",") if language == "ru" else (",", ".")
    text = f"{rubles:,}".replace(",", group)
    if kopecks:
        text += f"{decimal}{kopecks:02d}"
    return f"{sign}{text}{_NBSP}₽"
