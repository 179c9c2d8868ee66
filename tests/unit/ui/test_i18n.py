import pytest

from tma_app.ui.i18n import STRINGS, bundle, pick_language, plural, text


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


@pytest.mark.parametrize(
    ("count", "en", "ru"),
    [(0, "0 sets", "0 подходов"), (1, "1 set", "1 подход"), (2, "2 sets", "2 подхода"), (4, "4 sets", "4 подхода"),
     (5, "5 sets", "5 подходов"), (11, "11 sets", "11 подходов"), (12, "12 sets", "12 подходов"),
     (21, "21 sets", "21 подход"), (22, "22 sets", "22 подхода"), (111, "111 sets", "111 подходов")],
)
def test_plural_forms_follow_each_languages_rule(count, en, ru):
    assert plural("f_sets", count, "en") == en
    assert plural("f_sets", count, "ru") == ru
