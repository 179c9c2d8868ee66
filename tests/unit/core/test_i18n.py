import importlib
import pkgutil
import string

import pytest

import tma_app
from tma_app.core.i18n import (
    PLURAL_FORMS,
    MessageCatalogError,
    UnknownMessage,
    bundle,
    messages,
    pick_language,
    plural,
    plural_form,
    register,
    text,
)


def _import_every_catalog() -> list[str]:
    """Every feature's `messages` module, found by walking the package (a new feature is checked too)."""
    names = [m.name for m in pkgutil.walk_packages(tma_app.__path__, "tma_app.") if m.name.endswith(".messages")]
    for name in names:
        importlib.import_module(name)
    return names


def test_every_feature_registers_its_strings():
    assert len(_import_every_catalog()) >= 9
    for key in ("loading", "nav_home", "r_title", "e_title", "f_title", "g_level", "dash_title", "settings_title"):
        assert key in messages(), key


@pytest.mark.parametrize(
    ("code", "expected"),
    [("ru", "ru"), ("ru-RU", "ru"), ("RU", "ru"), ("en", "en"), ("de", "en"), (None, "en"), ("", "en")],
)
def test_language_from_telegram_language_code(code, expected):
    assert pick_language(code) == expected


def test_every_string_has_both_languages_with_the_same_placeholders():
    _import_every_catalog()
    for key, texts in messages().items():
        assert set(texts) == {"en", "ru"}, key
        assert all(texts.values()), key
        en, ru = (sorted(n for _, n, _, _ in string.Formatter().parse(t) if n) for t in texts.values())
        assert en == ru, key


def test_a_catalog_with_a_missing_language_or_placeholder_is_refused_by_name():
    with pytest.raises(MessageCatalogError, match="'broken_key'.*exactly"):
        register("tests.broken", {"broken_key": {"en": "Hi"}})
    with pytest.raises(MessageCatalogError, match="'broken_key'.*placeholders"):
        register("tests.broken", {"broken_key": {"en": "Hi {name}", "ru": "Привет"}})
    with pytest.raises(MessageCatalogError, match="already registered by tma_app.session.messages"):
        register("tests.broken", {"loading": {"en": "Other", "ru": "Другое"}})
    with pytest.raises(UnknownMessage):
        text("no_such_key", "en")


def test_bundles_and_formatting():
    _import_every_catalog()
    assert bundle("ru")["nav_home"] == "Главная"
    assert text("greeting", "ru", name="Анна") == "Привет, Анна!"


def test_every_counted_message_has_each_plural_form_in_both_languages():
    _import_every_catalog()
    families = {key.rsplit("_", 1)[0] for key in messages() if key.endswith("_few")}
    assert {"f_sets", "f_days", "f_streak"} <= families
    for family in families:
        for form in PLURAL_FORMS:
            assert f"{family}_{form}" in messages(), (family, form)
        for count in range(126):
            for language in ("en", "ru"):
                assert str(count) in plural(family, count, language), (family, count, language)


def _russian_form(n: int) -> str:
    """The grammar-book rule, written independently of Babel."""
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


@pytest.mark.parametrize("count", range(126))
def test_plural_categories_over_0_to_125(count):
    assert plural_form(count, "ru") == _russian_form(count)
    assert plural_form(count, "en") == ("one" if count == 1 else "many")


@pytest.mark.parametrize(
    ("count", "en", "ru"),
    [(0, "0 sets", "0 подходов"), (1, "1 set", "1 подход"), (2, "2 sets", "2 подхода"), (4, "4 sets", "4 подхода"),
     (5, "5 sets", "5 подходов"), (11, "11 sets", "11 подходов"), (12, "12 sets", "12 подходов"),
     (21, "21 sets", "21 подход"), (22, "22 sets", "22 подхода"), (111, "111 sets", "111 подходов")],
)
def test_plural_forms_follow_each_languages_rule(count, en, ru):
    _import_every_catalog()
    assert plural("f_sets", count, "en") == en
    assert plural("f_sets", count, "ru") == ru


def test_days_are_declined_in_russian():
    _import_every_catalog()
    assert [plural("f_days", n, "ru") for n in (1, 2, 5, 21, 22, 25, 101, 111)] == [
        "1 день", "2 дня", "5 дней", "21 день", "22 дня", "25 дней", "101 день", "111 дней"]
