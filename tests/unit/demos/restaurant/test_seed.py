import re

from sqlalchemy import func
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.demo_catalog.models import Demo
from tma_app.demo_catalog.service import seed_catalog
from tma_app.demos.restaurant.menu import price_dish, search_text
from tma_app.demos.restaurant.models import Category, Dish, ModifierGroup, ModifierOption
from tma_app.demos.restaurant.seed import DISHES, mark_available, seed_restaurant


def counts() -> tuple[int, ...]:
    with session_scope() as session:
        return tuple(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Category, Dish, ModifierGroup, ModifierOption)
        )


def test_seeding_again_changes_nothing_and_keeps_ids(menu):
    before = counts()
    with session_scope() as session:
        ids = {d.slug: d.id for d in session.exec(select(Dish)).all()}
        assert seed_restaurant(session) == 12
    with session_scope() as session:
        assert {d.slug: d.id for d in session.exec(select(Dish)).all()} == ids
    assert counts() == before and before[:2] == (5, 12)


def test_the_menu_data_is_complete_in_both_languages(menu):
    with session_scope() as session:
        dishes = session.exec(select(Dish)).all()
        groups = session.exec(select(ModifierGroup)).all()
        options = session.exec(select(ModifierOption)).all()
        for dish in dishes:
            assert all((dish.name_en, dish.name_ru, dish.description_en, dish.description_ru))
            assert re.fullmatch(r"restaurant/[a-z0-9]+(-[a-z0-9]+)*", dish.image_id)
            assert dish.search_en == search_text(dish.name_en, dish.description_en)
            assert dish.search_ru == search_text(dish.name_ru, dish.description_ru)
            if dish.is_available:
                assert price_dish(session, dish.slug).unit_price > 0
    for group in groups:
        mine = [o for o in options if o.group_id == group.id]
        if group.kind == "single":
            assert sum(o.is_default for o in mine) == 1, group
        else:
            assert group.kind == "multi" and 1 <= group.max_selections <= len(mine)
            assert not any(o.is_default for o in mine)
    assert {t for d in DISHES for t in d.tags} <= {"spicy", "vegetarian", "popular"}


def test_the_demo_stays_hidden_until_its_pages_mark_it_available(menu):
    with session_scope() as session:
        seed_catalog(session)
        seed_restaurant(session)
    with session_scope() as session:
        assert not session.get(Demo, "restaurant").is_available
    try:
        with session_scope() as session:
            assert mark_available(session)
        with session_scope() as session:
            seed_catalog(session)
            seed_restaurant(session)
        with session_scope() as session:
            assert session.get(Demo, "restaurant").is_available, "re-seeding keeps it shown"
    finally:
        with session_scope() as session:
            session.get(Demo, "restaurant").is_available = False
