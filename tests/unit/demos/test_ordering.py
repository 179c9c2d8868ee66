"""The cart demos' shared small rules: a quantity stepper and an order number from an address."""

import pytest

from tma_app.demos.ordering import order_number, step_quantity


@pytest.mark.parametrize(("quantity", "delta", "expected"), [(1, 1, 2), (2, -1, 1), (1, -1, None), (5, 1, None),
                                                             (2, 2, None), (2, 0, None)])
def test_a_stepper_moves_by_one_within_one_and_the_maximum(quantity, delta, expected):
    assert step_quantity(quantity, delta, 5) == expected


@pytest.mark.parametrize(("raw", "expected"), [("42", 42), ("", None), ("abc", None), ("-1", None),
                                               ("²", None), ("1" * 13, None)])
def test_an_order_number_is_digits_only(raw, expected):
    assert order_number(raw) == expected
