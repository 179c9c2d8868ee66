"""The menu: categories, search, dish details, and the server's price for a dish with options."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.demos.restaurant.errors import (
    DishNotFound,
    DishUnavailable,
    OptionInvalid,
    OptionRequired,
    QuantityInvalid,
    TooManyOptions,
)
from tma_app.demos.restaurant.models import Category, Dish, ModifierGroup, ModifierOption
from tma_app.demos.restaurant.shapes import (
    CategoryView,
    DishCard,
    DishDetail,
    GroupKind,
    MenuOverview,
    MenuSection,
    ModifierGroupView,
    OptionView,
    Price,
)

MIN_QUANTITY, MAX_QUANTITY = 1, 20
QUERY_MAX_LENGTH = 64

Groups = list[tuple[ModifierGroup, list[ModifierOption]]]


def fold(text: str) -> str:
    """Case- and ё-insensitive form of a text, whitespace collapsed: the same on every engine."""
    return " ".join(text.casefold().replace("ё", "е").split())


def search_text(name: str, description: str) -> str:
    """What Dish.search_en / search_ru hold; the seed writes it with every name and description."""
    return f"{fold(name)}\n{fold(description)}"


def list_categories(session: Session, language: Language) -> list[CategoryView]:
    categories = session.exec(select(Category).order_by(col(Category.sort_order), col(Category.id))).all()
    return [CategoryView(slug=c.slug, name=localized(language, c.name_en, c.name_ru)) for c in categories]


def browse_menu(
    session: Session, language: Language, query: str = "", category: str | None = None
) -> list[MenuSection]:
    """The menu by category, in order; `query` matches names and descriptions in `language`.

    Unavailable dishes are listed (is_available=False) so the UI can show them as sold out.
    Categories with no matching dish are left out.
    """
    statement = select(Dish, Category).join(Category).order_by(
        col(Category.sort_order), col(Category.id), col(Dish.sort_order), col(Dish.id)
    )
    if category:
        statement = statement.where(Category.slug == category)
    needle = fold(query)[:QUERY_MAX_LENGTH] if isinstance(query, str) else ""
    if needle:
        column = col(Dish.search_ru) if language == "ru" else col(Dish.search_en)
        statement = statement.where(column.contains(needle, autoescape=True))
    rows = session.exec(statement).all()
    groups = load_groups(session, [dish.id for dish, _ in rows])
    sections: dict[int, MenuSection] = {}
    for dish, cat in rows:
        section = sections.get(cat.id)
        if section is None:
            section = sections[cat.id] = MenuSection(
                category=CategoryView(slug=cat.slug, name=localized(language, cat.name_en, cat.name_ru)), dishes=[]
            )
        section.dishes.append(_card(dish, cat, groups.get(dish.id, []), language))
    return list(sections.values())


def menu_overview(session: Session, language: Language, query: str = "", category: str | None = None) -> MenuOverview:
    """The menu screen in one read: every category for the chips, the sections matching `query`/`category`."""
    return MenuOverview(categories=list_categories(session, language),
                        sections=browse_menu(session, language, query=query, category=category))


def get_dish(session: Session, dish_slug: str, language: Language) -> DishDetail:
    """A dish with its modifier groups, for the dish sheet; raises DishNotFound."""
    dish = _dish(session, dish_slug)
    cat = session.get(Category, dish.category_id)
    assert cat is not None, "a dish's category is never deleted (foreign key)"
    groups = load_groups(session, [dish.id]).get(dish.id, [])
    return DishDetail(
        dish=_card(dish, cat, groups, language),
        groups=[
            ModifierGroupView(
                slug=group.slug,
                name=localized(language, group.name_en, group.name_ru),
                kind=cast(GroupKind, group.kind),
                max_selections=1 if group.kind == "single" else group.max_selections,
                options=[
                    OptionView(
                        id=o.id,
                        slug=o.slug,
                        name=localized(language, o.name_en, o.name_ru),
                        price_delta=o.price_delta,
                        is_default=o.is_default,
                    )
                    for o in options
                ],
            )
            for group, options in groups
        ],
    )


def price_dish(
    session: Session,
    dish_slug: str,
    size_option_id: int | None = None,
    extra_option_ids: Sequence[int] = (),
    quantity: int = 1,
) -> Price:
    """The price of `quantity` of a dish with the chosen options, computed here and only here.

    `size_option_id` picks in the dish's single-choice group (its default when None);
    `extra_option_ids` pick in its multi-choice group (at most max_selections, each once).
    Raises a MenuError subclass: DishNotFound, DishUnavailable, OptionInvalid (not this
    dish's, wrong group, repeated, not an integer), OptionRequired, TooManyOptions,
    QuantityInvalid (not 1..20).
    """
    check_quantity(quantity)
    return select_options(session, dish_slug, size_option_id, extra_option_ids).price(quantity)


def check_quantity(quantity: object) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not MIN_QUANTITY <= quantity <= MAX_QUANTITY:
        raise QuantityInvalid(f"quantity must be a whole number from {MIN_QUANTITY} to {MAX_QUANTITY}")
    return quantity


@dataclass(frozen=True)
class Selection:
    """A dish and the options chosen for it (defaults filled in), validated against its groups."""

    dish: Dish
    options: tuple[ModifierOption, ...]

    @property
    def option_ids(self) -> list[int]:
        return sorted(o.id for o in self.options)

    @property
    def options_key(self) -> str:
        return ",".join(str(i) for i in self.option_ids)

    @property
    def unit_price(self) -> int:
        return self.dish.base_price + sum(o.price_delta for o in self.options)

    def name(self, language: Language) -> str:
        return localized(language, self.dish.name_en, self.dish.name_ru)

    def options_text(self, language: Language) -> str:
        return ", ".join(localized(language, o.name_en, o.name_ru) for o in self.options)

    def price(self, quantity: int) -> Price:
        options_price = sum(o.price_delta for o in self.options)
        return Price(
            dish_slug=self.dish.slug,
            base_price=self.dish.base_price,
            options_price=options_price,
            unit_price=self.unit_price,
            quantity=quantity,
            total=self.unit_price * quantity,
            option_ids=self.option_ids,
        )


def select_options(
    session: Session, dish_slug: str, size_option_id: int | None, extra_option_ids: Sequence[int]
) -> Selection:
    """Validate a size pick and extras for an orderable dish (see price_dish for the errors)."""
    size, extras = choice_ids(size_option_id, extra_option_ids)
    dish = _dish(session, dish_slug)
    groups = load_groups(session, [dish.id]).get(dish.id, [])
    kind_of = {o.id: group.kind for group, options in groups for o in options}
    if size is not None and kind_of.get(size, "single") != "single":
        raise OptionInvalid("that option is not a size of this dish")
    if any(kind_of.get(i, "multi") != "multi" for i in extras):
        raise OptionInvalid("that option is not an extra of this dish")
    return selection_for(dish, groups, extras if size is None else [size, *extras])


def choice_ids(size_option_id: object, extra_option_ids: object) -> tuple[int | None, list[int]]:
    """The option ids a client sent, checked to be integers (raises OptionInvalid)."""
    if isinstance(extra_option_ids, str | bytes) or not isinstance(extra_option_ids, Iterable):
        raise OptionInvalid("extras must be a list of option ids")
    extras = [_option_id(i) for i in extra_option_ids]
    return (None if size_option_id is None else _option_id(size_option_id)), extras


def selection_for(dish: Dish, groups: Groups, option_ids: Iterable[int]) -> Selection:
    """Check a dish's chosen option ids against its groups; single-choice groups fall back to their default."""
    if not dish.is_available:
        raise DishUnavailable(f"{dish.slug} is not available now")
    offered = {o.id for _, options in groups for o in options}
    chosen: set[int] = set()
    for option_id in option_ids:
        if option_id not in offered:
            raise OptionInvalid(f"option {option_id} is not offered for {dish.slug}")
        if option_id in chosen:
            raise OptionInvalid("each option can be chosen once")
        chosen.add(option_id)
    picked: list[ModifierOption] = []
    for group, options in groups:
        mine = [o for o in options if o.id in chosen]
        if group.kind == "single":
            if len(mine) > 1:
                raise TooManyOptions(f"choose one {group.slug}")
            if not mine:
                default = next((o for o in options if o.is_default), None)
                if default is None:
                    raise OptionRequired(f"choose a {group.slug}")
                mine = [default]
        elif len(mine) > group.max_selections:
            raise TooManyOptions(f"choose at most {group.max_selections} {group.slug}")
        picked.extend(mine)
    return Selection(dish=dish, options=tuple(picked))


def load_groups(session: Session, dish_ids: Iterable[int]) -> dict[int, Groups]:
    """Each dish's modifier groups with their options, both in display order."""
    ids = sorted(set(dish_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(ModifierGroup, ModifierOption)
        .join(ModifierOption, col(ModifierOption.group_id) == col(ModifierGroup.id), isouter=True)
        .where(col(ModifierGroup.dish_id).in_(ids))
        .order_by(col(ModifierGroup.sort_order), col(ModifierGroup.id),
                  col(ModifierOption.sort_order), col(ModifierOption.id))
    ).all()
    by_group: dict[int, tuple[ModifierGroup, list[ModifierOption]]] = {}
    for group, option in rows:
        entry = by_group.setdefault(group.id, (group, []))
        if option is not None:
            entry[1].append(option)
    result: dict[int, Groups] = defaultdict(list)
    for group, options in by_group.values():
        result[group.dish_id].append((group, options))
    return dict(result)


def parse_options_key(key: str) -> list[int]:
    return [int(part) for part in key.split(",") if part]


def _dish(session: Session, dish_slug: str) -> Dish:
    dish = session.exec(select(Dish).where(Dish.slug == dish_slug)).first() if isinstance(dish_slug, str) else None
    if dish is None:
        raise DishNotFound(f"no dish {dish_slug!r}")
    return dish


def _option_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionInvalid("option ids are integers")
    return value


def _card(dish: Dish, category: Category, groups: Groups, language: Language) -> DishCard:
    defaults = sum(
        next((o.price_delta for o in options if o.is_default), 0) for group, options in groups if group.kind == "single"
    )
    return DishCard(
        slug=dish.slug,
        category_slug=category.slug,
        name=localized(language, dish.name_en, dish.name_ru),
        description=localized(language, dish.description_en, dish.description_ru),
        price_from=dish.base_price + defaults,
        image_id=dish.image_id,
        is_available=dish.is_available,
        tags=list(dish.tags),
        has_options=bool(groups),
    )


def localized(language: Language, en: str, ru: str) -> str:
    return ru if language == "ru" else en
