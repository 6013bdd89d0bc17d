"""Reading numbers and dates from query strings and posts without ever answering 500.

`int()` accepts what `str.isdigit()` lets through only for ASCII digits ("²" passes isdigit and
fails int), a 40-digit id overflows the database's integer, and a date near 9999-12-31 or
0001-01-01 overflows as soon as a week is added to it. Views read such values through these
helpers (or forms with `BoundedDateField`) and treat anything else as "not given".
"""

import datetime
import re

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# Ids are positive and fit a signed 64-bit column (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1
# Dates a person may ask to see or enter on a page; arithmetic of a few years either side
# stays far from datetime.date's limits (consortium practice).
EARLIEST_DATE = datetime.date(1950, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)

_ASCII_INT = re.compile(r"[+-]?[0-9]{1,19}")


def parse_int(raw, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """The integer in `raw` (ASCII digits only) within [minimum, maximum], else None."""
    if raw is None:
        return None
    text = str(raw).strip()
    if not _ASCII_INT.fullmatch(text):
        return None
    value = int(text)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return None
    return value


def parse_id(raw) -> int | None:
    """A database id (1 .. 2^63-1) from a query string or post, else None."""
    return parse_int(raw, minimum=1, maximum=MAX_ID)


def parse_date(raw, *, earliest=EARLIEST_DATE, latest=LATEST_DATE) -> datetime.date | None:
    """An ISO date (YYYY-MM-DD) within [earliest, latest], else None."""
    try:
        day = datetime.date.fromisoformat(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return day if earliest <= day <= latest else None


def date_range_message(earliest=EARLIEST_DATE, latest=LATEST_DATE) -> str:
    return _("Enter a date between %(earliest)s and %(latest)s.") % {
        "earliest": formats.date_format(earliest, "j F Y"),
        "latest": formats.date_format(latest, "j F Y"),
    }


class BoundedDateField(forms.DateField):
    """A DateField that refuses, with a message, dates outside [earliest, latest]."""

    def __init__(self, *args, earliest=EARLIEST_DATE, latest=LATEST_DATE, **kwargs):
        self.earliest, self.latest = earliest, latest
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not (self.earliest <= value <= self.latest):
            raise forms.ValidationError(date_range_message(self.earliest, self.latest), code="date_out_of_range")
