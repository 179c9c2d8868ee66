"""Every way a restaurant request can be refused, each with a stable `code` for the UI."""

from __future__ import annotations


class RestaurantError(ValueError):
    code = "RESTAURANT_ERROR"


class MenuError(RestaurantError):
    code = "MENU_INVALID"


class DishNotFound(MenuError):
    code = "DISH_NOT_FOUND"


class DishUnavailable(MenuError):
    code = "DISH_UNAVAILABLE"


class OptionInvalid(MenuError):
    """An option that is not one of this dish's, in the wrong group, or chosen twice."""

    code = "OPTION_INVALID"


class OptionRequired(MenuError):
    code = "OPTION_REQUIRED"


class TooManyOptions(MenuError):
    code = "TOO_MANY_OPTIONS"


class QuantityInvalid(MenuError):
    code = "QUANTITY_INVALID"


class CartError(RestaurantError):
    code = "CART_INVALID"


class CartLineNotFound(CartError):
    code = "CART_LINE_NOT_FOUND"


class CartFull(CartError):
    code = "CART_FULL"


class LineQuantityExceeded(CartError):
    """Merging into an existing line would take it past the per-line maximum."""

    code = "LINE_QUANTITY_LIMIT"


class CartEmpty(CartError):
    code = "CART_EMPTY"


class OrderError(RestaurantError):
    code = "ORDER_INVALID"


class ModeInvalid(OrderError):
    code = "MODE_INVALID"


class SlotUnavailable(OrderError):
    code = "SLOT_UNAVAILABLE"


class AddressInvalid(OrderError):
    code = "ADDRESS_INVALID"


class OrderNotFound(OrderError):
    code = "ORDER_NOT_FOUND"
