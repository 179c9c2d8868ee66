import asyncio

from tma_app.core.db import in_session, session_scope
from tma_app.demo_catalog.service import seed_catalog
from tma_app.home.queries import cards_by_language


def test_home_reads_the_same_demos_in_every_language_in_one_unit_of_work(migrated_engine):
    with session_scope() as session:
        seed_catalog(session)
    cards = asyncio.run(in_session(cards_by_language))
    assert set(cards) == {"en", "ru"}
    assert [c.slug for c in cards["en"]] == [c.slug for c in cards["ru"]] and cards["en"]
    assert cards["en"][0].title == "Restaurant" and cards["ru"][0].title == "Ресторан"
