"""What the shop's checkout form starts from and says while it is typed."""

from tma_app.demos.ecommerce.cart_presenter import cart_screen, is_dirty, phone_hint, prefill, typed
from tma_app.demos.ecommerce.shapes import CartLineView, CartView, CheckoutForm


def test_a_first_checkout_starts_from_the_telegram_name_then_from_the_last_order():
    assert prefill(None, "Anna") == {"name": "Anna", "phone": "", "address": ""}
    last = CheckoutForm(name="Анна Петрова", phone="+79991234567", address="Москва, ул. Тверская, 1")
    assert prefill(last, "Anna") == {"name": "Анна Петрова", "phone": "+7 999 123-45-67",
                                     "address": "Москва, ул. Тверская, 1"}


def test_a_tap_sends_only_the_form_fields_each_cut_to_size():
    assert typed({"name": "A" * 500, "phone": 7, "extra": "x"}) == {"name": "A" * 400}
    assert typed(None) == {}


def test_the_phone_hint_appears_once_the_number_is_one():
    assert phone_hint("8 999 123 45 67", "ru") == "Позвоним на +7 999 123-45-67"
    assert phone_hint("12", "en") == phone_hint("  ", "en") == ""


def test_the_form_is_dirty_only_when_it_differs_from_what_it_opened_with():
    opened = {"name": "Anna", "phone": "", "address": ""}
    assert not is_dirty(dict(opened), opened)
    assert is_dirty({**opened, "address": "Tverskaya 1"}, opened)
    assert not is_dirty({"name": "", "phone": "", "address": ""}, {})


def test_a_line_short_of_stock_says_how_many_are_left():
    line = {"variant_id": 1, "sku": "S", "product_slug": "mug", "name": "Mug", "variant_label": "", "picture_id":
            "ecommerce/mug", "unit_price": 1_000, "max_quantity": 2, "is_available": False}
    cart = CartView(lines=[CartLineView(id=1, quantity=3, line_total=3_000, stock=2, **line),
                           CartLineView(id=2, quantity=1, line_total=1_000, stock=0, **line)],
                    item_count=4, total=4_000, can_checkout=False)
    screen = cart_screen(cart, "en", media_base="")
    assert [row["problem"] for row in screen.lines] == ["Only 2 left", "Sold out"]
    assert (screen.total, screen.items, screen.can_checkout, screen.item_count) == ("40\u00a0₽", "Items: 4", False, 4)
