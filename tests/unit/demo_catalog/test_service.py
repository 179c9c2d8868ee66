from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.demo_catalog.models import Demo
from tma_app.demo_catalog.service import CATALOG, list_cards, seed_catalog


def test_seeding_twice_keeps_one_row_per_demo_and_keeps_availability(migrated_engine):
    with session_scope() as session:
        seed_catalog(session)
    with session_scope() as session:
        session.get(Demo, "fitness").is_available = True
    with session_scope() as session:
        seed_catalog(session)
    with session_scope() as session:
        slugs = [d.slug for d in session.exec(select(Demo)).all()]
        assert all(slugs.count(d.slug) == 1 for d in CATALOG)
        assert session.get(Demo, "fitness").is_available, "a re-seed never hides a shipped demo"
        session.get(Demo, "fitness").is_available = False


def test_cards_are_localised_and_only_link_when_available(migrated_engine):
    with session_scope() as session:
        seed_catalog(session)
        ru = list_cards(session, "ru")
        en = list_cards(session, "en")
    ours = [c for c in en if c.slug in {d.slug for d in CATALOG}]
    assert [c.slug for c in ours] == ["restaurant", "fitness", "ecommerce"]
    assert ru[0].title == "Ресторан" and en[0].title == "Restaurant"
    assert all(c.href == ("/demos/" + c.slug if c.is_available else "") for c in ours)
