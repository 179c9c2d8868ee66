import inspect

import pytest

from tma_app.demos.ecommerce import errors
from tma_app.demos.ecommerce.messages import MESSAGES, describe, field_messages, message

FIELD_CODES = [f"{field}_{kind}" for field, kinds in
               (("name", ("required", "length", "invalid")),
                ("phone", ("required", "invalid")),
                ("address", ("required", "length", "invalid"))) for kind in kinds]
ERROR_CODES = sorted({cls.code for _, cls in inspect.getmembers(errors, inspect.isclass)
                      if issubclass(cls, errors.EcommerceError)})


@pytest.mark.parametrize("code", FIELD_CODES + ERROR_CODES)
def test_every_code_reads_in_english_and_russian(code):
    assert set(MESSAGES[code]) == {"en", "ru"}
    assert all(text.strip() for text in MESSAGES[code].values())
    assert MESSAGES[code]["en"] != MESSAGES[code]["ru"]


def test_form_errors_are_localised_field_by_field():
    shown = field_messages({"phone": "phone_invalid", "name": "name_length"}, "ru")
    assert shown == {"phone": MESSAGES["phone_invalid"]["ru"], "name": "Имя — от 2 до 80 символов."}


def test_errors_describe_themselves_with_their_details():
    short = errors.OutOfStock(variant_id=1, sku="X-1", product_slug="x", available=2, requested=3)
    gone = errors.OutOfStock(variant_id=1, sku="X-1", product_slug="x", available=0, requested=1)
    assert describe(short, "ru") == "В наличии осталось только 2 шт."
    assert describe(gone, "en") == "Sold out."
    assert describe(errors.PriceRangeInvalid("price_min", "price_min_above_max"), "en").startswith("The minimum")
    assert describe(errors.CartEmpty(), "ru") == "Корзина пуста."
    assert message("no-such-code", "en") == MESSAGES["ECOMMERCE_ERROR"]["en"]
