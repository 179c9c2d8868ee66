import pytest

from tma_app.core.money import format_money


@pytest.mark.parametrize(
    ("amount", "language", "signed", "expected"),
    [
        (54_000, "en", False, "540\u00a0₽"),
        (123_450, "ru", False, "1\u00a0234,50\u00a0₽"),
        (123_450, "en", False, "1,234.50\u00a0₽"),
        (19_900, "ru", False, "199\u00a0₽"),
        (9_000, "en", True, "+90\u00a0₽"),
        (-9_000, "ru", True, "−90\u00a0₽"),
        (0, "en", True, "0\u00a0₽"),
        (5, "en", False, "0.05\u00a0₽"),
    ],
)
def test_kopecks_are_shown_as_rubles(amount, language, signed, expected):
    assert format_money(amount, language, signed=signed) == expected


@pytest.mark.parametrize("amount", [540.0, "540", True])
def test_only_integer_kopecks_are_money(amount):
    with pytest.raises(TypeError):
        format_money(amount, "en")
