"""The translation machinery: every feature registers its own strings here, one lookup reads them.

A feature keeps its strings next to its code (`<feature>/messages.py`, registered by the
feature package's `__init__`), so the bottom layer never knows which features exist.
Counts go through `plural`, which picks CLDR's plural category with Babel's rules
(`1 день`, `2 дня`, `5 дней`), never a hand-written "ends with 1" guess.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from babel import Locale

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = ("en", "ru")
# The plural categories a counted message provides as `<key>_<form>` (CLDR's "other" reads as "many").
PLURAL_FORMS = ("one", "few", "many")

Catalog = Mapping[str, Mapping[Language, str]]

_messages: dict[str, Mapping[Language, str]] = {}
_owners: dict[str, str] = {}
_plural_rules = {language: Locale.parse(language).plural_form for language in LANGUAGES}


class MessageCatalogError(ValueError):
    """A catalog that cannot be registered: the message names the key and what is wrong with it."""


class UnknownMessage(KeyError):
    """A lookup of a key no feature registered."""


def register(owner: str, catalog: Catalog) -> Catalog:
    """Add a feature's strings; `owner` is the feature's module, so a clash names both sides."""
    for key, texts in catalog.items():
        problem = catalog_problem(texts)
        if problem:
            raise MessageCatalogError(f"{owner}: message {key!r} {problem}")
        if key in _owners and _owners[key] != owner and dict(_messages[key]) != dict(texts):
            raise MessageCatalogError(f"{owner}: message {key!r} is already registered by {_owners[key]}")
    for key, texts in catalog.items():
        _messages[key] = MappingProxyType(dict(texts))
        _owners[key] = owner
    return catalog


def catalog_problem(texts: Mapping[Language, str]) -> str | None:
    """Why one message is unusable (missing language, empty text, different placeholders), or None."""
    if set(texts) != set(LANGUAGES):
        return f"must have exactly {LANGUAGES}, has {tuple(sorted(texts))}"
    if not all(isinstance(value, str) and value for value in texts.values()):
        return "has an empty text"
    placeholders = {language: _placeholders(value) for language, value in texts.items()}
    if len(set(map(frozenset, placeholders.values()))) != 1:
        return f"has different placeholders per language: {placeholders}"
    return None


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def messages() -> Mapping[str, Mapping[Language, str]]:
    """Everything registered so far (read-only), for checks and for clients that pick a language."""
    return MappingProxyType(_messages)


def pick_language(language_code: str | None) -> Language:
    """Russian for ru-* users, English for everyone else."""
    if language_code and language_code.lower().split("-")[0] == "ru":
        return "ru"
    return "en"


def bundle(language: Language) -> dict[str, str]:
    """All registered strings of one language, as the page reads them."""
    return {key: texts[language] for key, texts in _messages.items()}


def text(key: str, language: Language, **values: str) -> str:
    try:
        template = _messages[key][language]
    except KeyError:
        raise UnknownMessage(f"no message {key!r} in {language!r}") from None
    return template.format(**values)


def plural_form(count: int, language: Language) -> str:
    """CLDR's category for a whole count: en one/many, ru one/few/many."""
    form = _plural_rules[language](abs(count))
    return "many" if form == "other" else form


def plural(key: str, count: int, language: Language) -> str:
    """`{key}_one`, `_few` or `_many` by the language's plural rule, formatted with n=count."""
    return text(f"{key}_{plural_form(count, language)}", language, n=str(count))
