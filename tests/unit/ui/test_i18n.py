import pytest

from tma_app.ui.i18n import STRINGS, bundle, pick_language, text


@pytest.mark.parametrize(
    ("code", "expected"),
    [("ru", "ru"), ("ru-RU", "ru"), ("RU", "ru"), ("en", "en"), ("de", "en"), (None, "en"), ("", "en")],
)
def test_language_from_telegram_language_code(code, expected):
    assert pick_language(code) == expected


def test_every_string_has_both_languages_with_the_same_placeholders():
    for key, texts in STRINGS.items():
        assert set(texts) == {"en", "ru"}, key
        assert all(texts.values()), key
        assert texts["en"].count("{") == texts["ru"].count("{"), key


def test_bundles_and_formatting():
    assert bundle("ru")["nav_home"] == "Главная"
    assert text("greeting", "ru", name="Анна") == "Привет, Анна!"
