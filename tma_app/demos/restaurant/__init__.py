"""The restaurant demo: menu with modifiers, a persistent cart, pickup/delivery orders.

The states call the module that holds the logic: `menu`, `cart` and `orders` (the shared
cart-to-order mechanism is `tma_app.demos.ordering`); the tables are in `models`, the shapes
those functions return in `shapes`, what each screen shows in `presenter`.
"""

# The assistant's knowledge of the demo and the facts of each screen, registered with the demo.
from tma_app.demos.restaurant import knowledge as _knowledge  # noqa: E402,F401

# The package's strings are registered whenever any of its modules is imported.
from tma_app.demos.restaurant import messages as _messages  # noqa: E402,F401

# Orders paid online through the payment provider.
from tma_app.demos.restaurant import online_payment as _online_payment  # noqa: E402,F401
