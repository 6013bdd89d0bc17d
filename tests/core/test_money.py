"""Money (core/money.py): one reading of amounts as people type them, one display with the Indian
grouping, used by every page, PDF, message and service."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from core.money import MAX_AMOUNT, RupeeField, parse_rupees, rupees


@pytest.mark.parametrize(
    "amount, shown",
    [
        (Decimal("0"), "₹0"),
        (Decimal("999"), "₹999"),
        (Decimal("1000"), "₹1,000"),
        (Decimal("275000"), "₹2,75,000"),
        (Decimal("1050000"), "₹10,50,000"),
        (Decimal("125000.50"), "₹1,25,000.50"),
        (Decimal("125000.5"), "₹1,25,000.50"),
        (Decimal("12345678901.00"), "₹12,34,56,78,901"),
        (2750000, "₹27,50,000"),
        (Decimal("-1234567"), "-₹12,34,567"),
        (None, ""),
        ("", ""),
    ],
)
def test_rupees_are_shown_with_the_indian_grouping(amount, shown):
    assert rupees(amount) == shown


def test_without_the_sign_only_the_digits():
    assert rupees(Decimal("2750000"), symbol=False) == "27,50,000"


def test_every_template_has_the_filter():
    rendered = Template("{{ a|rupees }}|{{ b|rupees|default:'—' }}").render(Context({"a": 500000, "b": None}))
    assert rendered == "₹5,00,000|—"


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("300000", Decimal("300000.00")),
        ("3,00,000", Decimal("300000.00")),
        ("₹ 3,00,000", Decimal("300000.00")),
        ("Rs. 300000/-", Decimal("300000.00")),
        ("INR 3 00 000.5", Decimal("300000.50")),
        (Decimal("12.3"), Decimal("12.30")),
        (450, Decimal("450.00")),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_amounts_are_read_as_people_write_them(typed, amount):
    assert parse_rupees(typed, "amount") == amount


@pytest.mark.parametrize(
    "typed, kwargs, message",
    [
        ("", {"required": True}, "Give the amount."),
        (12.5, {}, "Amounts are entered as exact rupees and paise."),
        ("twelve", {}, "Enter an amount in rupees, e.g. 300000 or 3,00,000."),
        ("NaN", {}, "Enter an amount in rupees, e.g. 300000 or 3,00,000."),
        ("-5", {}, "An amount cannot be negative."),
        ("0", {"positive": True}, "The amount must be more than zero."),
        ("10.005", {}, "Give at most two decimals (paise)."),
        ("99999999999", {}, "This amount is too large. Check the number of zeros."),
        ("9E+999999", {}, "This amount is too large. Check the number of zeros."),
        (True, {}, "Enter an amount in rupees, e.g. 300000 or 3,00,000."),
    ],
)
def test_bad_amounts_are_refused_on_their_field(typed, kwargs, message):
    with pytest.raises(ValidationError) as error:
        parse_rupees(typed, "awarded_amount", **kwargs)
    assert error.value.message_dict == {"awarded_amount": [message]}


@given(paise=st.integers(min_value=0, max_value=int(MAX_AMOUNT * 100)))
def test_what_is_shown_reads_back_as_the_same_amount(paise):
    amount = Decimal(paise) / 100
    assert parse_rupees(rupees(amount), "amount") == amount
    assert parse_rupees(rupees(amount, symbol=False), "amount") == amount


@given(
    value=st.one_of(
        st.text(max_size=20),
        st.integers(min_value=-(10**15), max_value=10**15),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.floats(),
    )
)
def test_any_input_is_an_amount_or_a_field_error(value):
    try:
        amount = parse_rupees(value, "fine")
    except ValidationError as error:
        assert list(error.message_dict) == ["fine"]
    else:
        assert amount is None or (Decimal(0) <= amount <= MAX_AMOUNT and amount == amount.quantize(Decimal("0.01")))


def test_the_form_field_reads_what_people_type():
    field = RupeeField(required=False)
    assert field.clean("₹ 3,00,000") == Decimal("300000")
    assert field.clean("Rs. 1,25,000.50/-") == Decimal("125000.50")
    with pytest.raises(ValidationError) as error:
        field.clean("-5")
    assert error.value.messages == ["An amount cannot be negative."]
    with pytest.raises(ValidationError) as error:
        field.clean("lots")
    assert error.value.messages == ["Enter an amount in rupees, e.g. 300000 or 3,00,000."]
