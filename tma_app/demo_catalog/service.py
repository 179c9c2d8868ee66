"""The demo catalog: what the studio shows, in Russian and English."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from tma_app.core.db import dialect_insert, rows_changed
from tma_app.core.i18n import Language
from tma_app.demo_catalog.models import Demo, DemoCard

CATALOG: tuple[Demo, ...] = (
    Demo(
        slug="restaurant",
        sort_order=10,
        icon="🍜",
        title_en="Restaurant",
        title_ru="Ресторан",
        summary_en="Menu with modifiers, cart, pickup or delivery slots and live order status.",
        summary_ru="Меню с модификаторами, корзина, самовывоз или доставка ко времени и статус заказа.",
    ),
    Demo(
        slug="fitness",
        sort_order=20,
        icon="🏋️",
        title_en="Fitness",
        title_ru="Фитнес",
        summary_en="Programs, a workout timer, logged sets and a 30-day progress chart.",
        summary_ru="Программы, таймер тренировки, подходы и график прогресса за 30 дней.",
    ),
    Demo(
        slug="ecommerce",
        sort_order=30,
        icon="🛍️",
        title_en="Shop",
        title_ru="Магазин",
        summary_en="Catalog with filters, product variants and stock, cart and checkout.",
        summary_ru="Каталог с фильтрами, варианты товара и остатки, корзина и оформление.",
    ),
)


def seed_catalog(session: Session) -> int:
    """Insert or refresh the catalog texts; availability is left as each demo set it."""
    insert = dialect_insert(session)
    text_columns = ("sort_order", "icon", "title_en", "title_ru", "summary_en", "summary_ru")
    for demo in CATALOG:
        statement = insert(Demo).values(**demo.model_dump())
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[Demo.slug], set_={c: statement.excluded[c] for c in text_columns}
            )
        )
    return len(CATALOG)


def open_demo(session: Session, slug: str) -> bool:
    """Let the home screen link to a demo whose screens have shipped; False before the catalog is seeded."""
    return rows_changed(session, update(Demo).where(col(Demo.slug) == slug).values(is_available=True)) == 1


def list_cards(session: Session, language: Language) -> list[DemoCard]:
    demos = session.exec(select(Demo).order_by(col(Demo.sort_order), col(Demo.slug))).all()
    return [
        DemoCard(
            slug=d.slug,
            icon=d.icon,
            title=d.title_ru if language == "ru" else d.title_en,
            summary=d.summary_ru if language == "ru" else d.summary_en,
            is_available=d.is_available,
            href=f"/demos/{d.slug}" if d.is_available else "",
        )
        for d in demos
    ]
