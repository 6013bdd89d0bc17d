"""The columns of each kind of row an import reads, declared once: the templates, the column guide
(docs/import.md says the same), the reading of each cell and the report's column names come from here.

A cell is read into a Python value (a date, a number, a state, a list) or refused with a message
for that cell; what the value means for the case (is the date in order, is the district in the
state, is the section in force) is decided by the services the rows go through (imports.rows).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consortium.models import District, State

LIST_SEPARATOR = ";"
YES = {"yes", "y", "true", "1", "haan", "ha"}
NO = {"no", "n", "false", "0", "na", "nahi"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


class CellError(ValueError):
    """A cell that cannot be read: the message is shown on its row and column."""


def as_text(value: str) -> str:
    return value


def as_date(value: str) -> datetime.date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CellError(_("Not a date: write it as YYYY-MM-DD (e.g. 2021-03-14) or DD/MM/YYYY."))


def as_number(value: str) -> int:
    if not re.fullmatch(r"\d{1,6}", value):
        raise CellError(_("Not a whole number."))
    return int(value)


def as_yes_no(value: str) -> bool:
    word = value.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(_("Write yes or no."))


def as_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def as_state(value: str) -> State:
    state = State.objects.filter(Q(code__iexact=value) | Q(name__iexact=value)).first()
    if state is None:
        raise CellError(_("Unknown state: give its two-letter code (e.g. WB) or its name."))
    return state


def as_district(value: str) -> str:
    """Kept as text: a district is looked up in the state of its pair (imports.rows.district_in)."""
    return value


def choice_of(choices) -> Callable[[str], str]:
    """A value of a TextChoices, by its code or its English label."""

    def parse(value: str) -> str:
        word = value.strip().lower()
        for code, label in choices.choices:
            if word in (code, str(label).lower(), code.replace("_", " ")):
                return code
        raise CellError(_("Not one of: %(codes)s.") % {"codes": ", ".join(choices.values)})

    return parse


def codes_of(model) -> Callable[[str], list]:
    """Several reference rows (exploitation forms, recruitment means) by their codes, ";" separated."""

    def parse(value: str) -> list:
        codes = as_list(value.lower())
        found = {row.code: row for row in model.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise CellError(
                _("Unknown code (%(n)s of %(total)s): use %(codes)s.")
                % {
                    "n": len(unknown),
                    "total": len(codes),
                    "codes": ", ".join(model.objects.order_by("position").values_list("code", flat=True)),
                }
            )
        return [found[c] for c in codes]

    return parse


def district_in(state: State | None, name: str) -> District:
    district = District.objects.filter(name__iexact=name, **({"state": state} if state else {})).first()
    if district is None:
        raise CellError(_("Unknown district in that state: write its name as in the census list."))
    return district


FORMATS = {
    as_text: gettext_lazy("text"),
    as_date: gettext_lazy("date (YYYY-MM-DD or DD/MM/YYYY)"),
    as_number: gettext_lazy("whole number"),
    as_yes_no: gettext_lazy("yes or no"),
    as_list: gettext_lazy("list separated by ;"),
    as_state: gettext_lazy("state code or name"),
    as_district: gettext_lazy("district name"),
}


@dataclass(frozen=True)
class Column:
    name: str
    meaning: Promise | str
    example: str = ""
    required: bool = False
    parse: Callable[[str], Any] = as_text
    format: Promise | str = ""

    @property
    def format_text(self) -> str:
        return str(self.format or FORMATS.get(self.parse, gettext_lazy("one of the codes listed")))


@dataclass(frozen=True)
class Kind:
    """One kind of row: a sheet of the workbook, or one CSV file."""

    key: str  # the sheet's name and the CSV's kind ("cases", "firs", "accused")
    label: Promise | str
    ref: str  # the column holding the row's external reference
    columns: tuple[Column, ...]
    # Columns naming a record of an earlier kind: column -> that kind's key.
    links: dict[str, str]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]
