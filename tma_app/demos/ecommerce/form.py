"""The checkout form: every field checked at once, normalised, refused with a code per field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from itertools import pairwise

from tma_app.demos.ecommerce.errors import CheckoutFormInvalid
from tma_app.demos.ecommerce.shapes import CheckoutForm

NAME_MIN, NAME_MAX = 2, 80
PHONE_DIGITS_MIN, PHONE_DIGITS_MAX = 10, 15
ADDRESS_MIN, ADDRESS_MAX = 10, 300
FIELDS = ("name", "phone", "address")

_NAME_SEPARATORS = frozenset(" -'’")
# What people type around the digits: "+7 (999) 123-45-67", "+44 20 7946.0958".
_PHONE = re.compile(r"^\+?[0-9\s().\-]+$")


def validate_checkout_form(form: Mapping[str, object]) -> CheckoutForm:
    """The form normalised, or CheckoutFormInvalid naming every bad field at once.

    name: 2-80 characters of Latin or Cyrillic letters, spaces, hyphens and apostrophes,
        starting and ending with a letter; runs of spaces collapse to one.
    phone: 10-15 digits with the country code; spaces, brackets, dots and hyphens are dropped
        ("+7 (999) 123-45-67" -> "+79991234567"). The "+" may be left out only for an
        11-digit Russian number: "8 999 123-45-67" and "7 999 123 45 67" become "+79991234567".
    address: 10-300 characters with at least one letter, no control characters; whitespace
        (line breaks included) collapses to single spaces.

    Codes: name_required, name_length, name_invalid, phone_required, phone_invalid,
    address_required, address_length, address_invalid (texts in messages.MESSAGES).
    """
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field, check in (("name", _name), ("phone", _phone), ("address", _address)):
        raw = form.get(field)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            errors[field] = f"{field}_required"
        elif not isinstance(raw, str):
            errors[field] = f"{field}_invalid"
        else:
            value, code = check(unicodedata.normalize("NFC", raw))
            if code:
                errors[field] = code
            else:
                values[field] = value
    if errors:
        raise CheckoutFormInvalid(errors)
    return CheckoutForm(**values)


def normalize_phone(raw: str) -> str | None:
    """"+7 (999) 123-45-67" -> "+79991234567"; None when it is not a phone number."""
    text = raw.strip()
    if not _PHONE.match(text):
        return None
    digits = re.sub(r"[^0-9]", "", text)
    if not text.startswith("+"):
        # Russians write their own numbers without the "+", with the trunk prefix 8 or with 7.
        if len(digits) != 11 or digits[0] not in "78":
            return None
        digits = "7" + digits[1:]
    if not PHONE_DIGITS_MIN <= len(digits) <= PHONE_DIGITS_MAX or digits[0] == "0":
        return None
    return "+" + digits


def display_phone(phone: str) -> str:
    """A normalised phone as people read it: "+79991234567" -> "+7 999 123-45-67"; others as given."""
    if len(phone) == 12 and phone.startswith("+7") and phone[1:].isdigit():
        digits = phone[2:]
        return f"+7 {digits[:3]} {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
    return phone


def _name(raw: str) -> tuple[str, str | None]:
    text = " ".join(raw.split())
    if not NAME_MIN <= len(text) <= NAME_MAX:
        return text, "name_length"
    if not (_is_letter(text[0]) and _is_letter(text[-1])):
        return text, "name_invalid"
    for previous, char in pairwise(text):
        if _is_letter(char):
            continue
        if char not in _NAME_SEPARATORS or previous in _NAME_SEPARATORS:
            return text, "name_invalid"
    return text, None


def _is_letter(char: str) -> bool:
    return char.isalpha() and unicodedata.name(char, "").startswith(("LATIN ", "CYRILLIC "))


def _phone(raw: str) -> tuple[str, str | None]:
    phone = normalize_phone(raw)
    return (phone, None) if phone else (raw, "phone_invalid")


def _address(raw: str) -> tuple[str, str | None]:
    text = " ".join(raw.split())
    if any(unicodedata.category(char).startswith("C") for char in text):
        return text, "address_invalid"
    if not ADDRESS_MIN <= len(text) <= ADDRESS_MAX:
        return text, "address_length"
    if not any(char.isalpha() for char in text):
        return text, "address_invalid"
    return text, None
