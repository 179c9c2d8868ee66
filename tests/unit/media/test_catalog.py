"""The picture catalog: ids, sizes and alt texts every demo relies on."""

import re

import pytest

from tma_app.media import catalog

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@pytest.mark.parametrize("group", ["restaurant", "fitness", "ecommerce"])
def test_each_demo_has_its_pictures(group):
    assert 8 <= len(catalog.ids_for(group)) <= 12


def test_every_picture_has_alt_text_in_english_and_russian():
    for spec in catalog.CATALOG.values():
        assert set(spec.alt) == {"en", "ru"}, spec.id
        english, russian = spec.alt["en"], spec.alt["ru"]
        assert len(english) >= 10 and not CYRILLIC.search(english), spec.id
        assert len(russian) >= 10 and CYRILLIC.search(russian), spec.id


def test_ids_and_sizes():
    for image_id, spec in catalog.CATALOG.items():
        assert catalog.ID_PATTERN.fullmatch(image_id) and spec.id == image_id
        expected = (1200, 1200) if image_id.startswith("ecommerce/") else (1200, 900)
        assert spec.size == expected, image_id
    assert catalog.find("restaurant/ramen") is catalog.get("restaurant/ramen")
    assert catalog.find("restaurant/nope") is None
    with pytest.raises(KeyError):
        catalog.get("../etc/passwd")


def test_malformed_or_repeated_ids_fail_at_import_time():
    ramen = catalog.get("restaurant/ramen")
    for bad in ("Restaurant/Ramen", "restaurant/../x", "ramen", "a/b/c"):
        with pytest.raises(ValueError):
            catalog._index((catalog.ImageSpec(bad, ramen.size, ramen.palette, ramen.alt, ramen.drawing),))
    with pytest.raises(ValueError):
        catalog._index((ramen, ramen))
