"""One variant: read fresh, labelled in a language, and picked on a product page."""

from __future__ import annotations

from typing import TypeGuard

from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.demo_catalog import events
from tma_app.demos.ecommerce.errors import VariantNotFound
from tma_app.demos.ecommerce.models import Product, Variant
from tma_app.demos.ecommerce.shapes import VariantPick, VariantView, localized


def pick_variant(
    session: Session,
    user_id: int,
    product_slug: str,
    variant_id: int,
    language: Language,
    *,
    previous_variant_id: int | None = None,
) -> VariantPick:
    """The user chose a variant on a product page: its fresh price and stock.

    `picked` is False when it was already the chosen one (`previous_variant_id`), so a re-tap
    is not a new action; the page's preselected default_variant_id is not a pick either.
    Raises VariantNotFound (not a variant of this product).
    Emits nothing: announce_variant_pick(result, session) publishes a real pick; submit_variant_pick does both.
    """
    variant, product = load_variant(session, variant_id)
    if product.slug != product_slug:
        raise VariantNotFound(f"variant {variant_id} is not one of {product_slug!r}")
    return VariantPick(
        user_id=user_id,
        product_slug=product.slug,
        variant=variant_view(variant, language),
        picked=variant_id != previous_variant_id,
    )


def announce_variant_pick(result: VariantPick, session: Session | None = None) -> bool:
    """Publish demo_interact (action "pick_variant") for a real change of variant, in its transaction when given."""
    if result.picked:
        events.interacted(
            result.user_id,
            "ecommerce",
            "pick_variant",
            product=result.product_slug,
            variant_id=result.variant.id,
            sku=result.variant.sku,
            session=session,
        )
    return result.picked


def submit_variant_pick(
    session: Session,
    user_id: int,
    product_slug: str,
    variant_id: int,
    language: Language,
    *,
    previous_variant_id: int | None = None,
) -> VariantPick:
    """pick_variant announced in the same unit of work (a state runs it through in_session): what the UI calls."""
    result = pick_variant(session, user_id, product_slug, variant_id, language, previous_variant_id=previous_variant_id)
    announce_variant_pick(result, session)
    return result


def load_variant(session: Session, variant_id: object) -> tuple[Variant, Product]:
    """A variant and its product, read fresh. Raises VariantNotFound."""
    if not whole(variant_id):
        raise VariantNotFound("a variant id is an integer")
    row = session.exec(
        select(Variant, Product)
        .join(Product, col(Product.id) == col(Variant.product_id))
        .where(Variant.id == variant_id)
        .execution_options(populate_existing=True)
    ).first()
    if row is None:
        raise VariantNotFound(f"no variant {variant_id}")
    return row[0], row[1]


def variant_label(variant: Variant, language: Language) -> str:
    """"M · Black"; "" for a variant with neither size nor colour."""
    colour = localized(language, variant.colour_en or "", variant.colour_ru or "")
    return " · ".join(part for part in (variant.size, colour) if part)


def variant_view(variant: Variant, language: Language) -> VariantView:
    return VariantView(
        id=variant.id,
        sku=variant.sku,
        size=variant.size,
        colour=localized(language, variant.colour_en or "", variant.colour_ru or "") or None,
        colour_hex=variant.colour_hex,
        label=variant_label(variant, language),
        price=variant.price,
        stock=variant.stock,
        in_stock=variant.stock > 0,
        is_last_unit=variant.stock == 1,
    )


def whole(value: object) -> TypeGuard[int]:
    """An int that is not a bool: what every id, count and price must be."""
    return isinstance(value, int) and not isinstance(value, bool)
