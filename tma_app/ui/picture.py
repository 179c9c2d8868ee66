"""A demo picture as an <img> that never shifts the layout (props from tma_app.media.props)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.config import get_config

from tma_app.core.settings import get_settings
from tma_app.media.props import DEFAULT_SIZES, image_props


def media_base_url() -> str:
    """In dev the pages come from the Vite server, the pictures from the backend; in prod one origin."""
    return get_config().api_url if get_settings().is_dev else ""


def picture_props(image_id: str, *, sizes: str = DEFAULT_SIZES, eager: bool = False, language: str = "en") -> dict:
    """For states that hand pictures to pages: the same props, with the right origin."""
    return image_props(image_id, sizes=sizes, eager=eager, language=language, base_url=media_base_url())


def picture(props: rx.Var[dict[str, Any]] | dict[str, Any], class_name: str = "") -> rx.Component:
    """Render props from `picture_props`; the blurred placeholder paints until the image decodes."""
    var = rx.Var.create(props).to(dict)
    return rx.el.img(
        src=var["src"].to(str),
        src_set=var["srcset"].to(str),
        sizes=var["sizes"].to(str),
        alt=var["alt"].to(str),
        loading=var["loading"].to(str),
        decoding=var["decoding"].to(str),
        # As attributes, not props: Reflex would turn width/height props into CSS sizes.
        custom_attrs={
            "fetchPriority": var["fetchpriority"].to(str),
            "width": var["width"].to(int),
            "height": var["height"].to(int),
        },
        # Scaled to its box's width; width/height above keep the aspect ratio before it loads.
        style={
            "backgroundImage": "url(" + var["placeholder"].to(str) + ")",
            "backgroundSize": "cover",
            "width": "100%",
            "height": "auto",
        },
        class_name=class_name,
    )
