"""Money: rupee amounts read as people type them and shown as people in India write them.

One way to do each: `parse_rupees` for every service and form that takes an amount, `rupees` for
every page, PDF and message that shows one (the template filter `rupees` is a builtin, see
core/templatetags/money.py). Amounts are Decimal rupees with at most two decimals (paise), never a
float; they are shown with the Indian grouping of lakhs and crores (Babel's en_IN pattern):
₹12,34,567 for whole rupees and ₹12,34,567.50 with paise.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal, overload

from babel.numbers import format_decimal
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PAISE = Decimal("0.01")
# The largest amount a money column holds (max_digits 12, decimal_places 2): ₹99,99,99,999.99.
MAX_AMOUNT = Decimal("9999999999.99")
# How people write rupees besides the digits: ₹ 3,00,000, Rs. 300000/-, INR 3 00 000.
RUPEE_NOISE = re.compile(r"(?i)(₹|\brs\.?|\binr\b|/-|[,\s\u00a0])")
WHOLE = "#,##,##0"
WITH_PAISE = "#,##,##0.00"


def rupees(amount, *, symbol: bool = True) -> str:
    """₹12,34,567 (whole rupees) or ₹12,34,567.50; empty for no amount."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount)).quantize(PAISE, rounding=ROUND_HALF_UP)
    pattern = WHOLE if value == value.to_integral_value() else WITH_PAISE
    text = format_decimal(abs(value), format=pattern, locale="en_IN")
    sign = "-" if value < 0 else ""
    return f"{sign}₹{text}" if symbol else f"{sign}{text}"


def strip_rupee_noise(text: str) -> str:
    """The digits of an amount as typed: '₹ 3,00,000' and 'Rs. 300000/-' both give '300000'."""
    return RUPEE_NOISE.sub("", text)


@overload
def parse_rupees(value, field: str, *, required: Literal[True], positive: bool = False) -> Decimal: ...
@overload
def parse_rupees(value, field: str, *, required: bool = False, positive: bool = False) -> Decimal | None: ...
def parse_rupees(value, field: str, *, required: bool = False, positive: bool = False) -> Decimal | None:
    """A Decimal amount in rupees with at most two decimals, or a ValidationError on `field`.

    Accepts a Decimal, an int or a string as people write it (commas in any grouping, ₹, Rs., /-);
    refuses a float (binary fractions are not paise), a negative amount, more than two decimals
    and an amount too large for the record."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({field: _("Give the amount.")})
        return None
    if isinstance(value, float):
        raise ValidationError({field: _("Amounts are entered as exact rupees and paise.")})
    if isinstance(value, bool):
        raise ValidationError({field: _("Enter an amount in rupees, e.g. 300000 or 3,00,000.")})
    text = strip_rupee_noise(value) if isinstance(value, str) else value
    try:
        amount = Decimal(str(text))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter an amount in rupees, e.g. 300000 or 3,00,000.")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("Enter an amount in rupees, e.g. 300000 or 3,00,000.")})
    if amount < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
    if positive and amount == 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    # Too large before too precise: quantizing 9E+999999 would itself fail.
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("This amount is too large. Check the number of zeros.")})
    if amount != amount.quantize(PAISE):
        raise ValidationError({field: _("Give at most two decimals (paise).")})
    return amount.quantize(PAISE)


class RupeeField(forms.DecimalField):
    """A form's amount in rupees as people write them: 300000, 3,00,000, ₹ 3,00,000, Rs. 300000/-.
    Never a float; at most two decimals; not negative. Every money input uses it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = gettext_lazy("Enter an amount in rupees, e.g. 300000 or 3,00,000.")
        self.error_messages["min_value"] = gettext_lazy("An amount cannot be negative.")

    def to_python(self, value):
        if isinstance(value, str):
            value = strip_rupee_noise(value)
        return super().to_python(value)

    def prepare_value(self, value):
        """A recorded amount shown in its box as people write it (2,00,000), not as stored (200000.00)."""
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return rupees(value, symbol=False)
        return super().prepare_value(value)
