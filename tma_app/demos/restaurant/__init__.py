"""The restaurant demo: menu with modifiers, a persistent cart, pickup/delivery orders.

The UI calls `tma_app.demos.restaurant.service`; the logic lives in `menu`, `cart`
and `orders`, the tables and the shapes they return in `models`.
"""
