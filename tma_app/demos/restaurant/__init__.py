"""The restaurant demo: menu with modifiers, a persistent cart, pickup/delivery orders.

The UI calls `tma_app.demos.restaurant.service`; the logic lives in `menu`, `cart`
and `orders`, the tables and the shapes they return in `models`.
"""

# The package's strings are registered whenever any of its modules is imported.
from tma_app.demos.restaurant import messages as _messages  # noqa: E402,F401
