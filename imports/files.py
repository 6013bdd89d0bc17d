"""The files the import page offers: the XLSX template (a sheet per kind and a "Guide" sheet), a CSV
template per kind, the column guide in English, Hindi and Bengali, the example file and a report's
errors as CSV. All from the columns declared in imports.kinds.

No cell written here starts with "=", "+", "-" or "@" (`safe_cell`): a spreadsheet opening the
file would take it for a formula.
"""

from __future__ import annotations

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .reading import GUIDE_SHEET
from .registry import KINDS, kind_of

GUIDE_LANGUAGES = ("en", "hi", "bn")
BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 only with it


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def guide_rows() -> list[list[str]]:
    """Per column of each kind: its sheet, name, and for each language: required?, format, meaning; the example."""
    header = [_("sheet"), _("column"), _("example")]
    by_language: dict[str, list[list[str]]] = {}
    for language in GUIDE_LANGUAGES:
        with translation.override(language):
            header += [f"{label} ({language})" for label in (_("required"), _("format"), _("meaning"))]
            by_language[language] = [
                [_("required") if c.required else _("optional"), c.format_text, str(c.meaning)]
                for kind in KINDS
                for c in kind.columns
            ]
    rows = [header]
    position = 0
    for kind in KINDS:
        for column in kind.columns:
            line = [kind.key, column.name, column.example]
            for language in GUIDE_LANGUAGES:
                line += by_language[language][position]
            rows.append(line)
            position += 1
    return [[safe_cell(v) for v in row] for row in rows]


def workbook(sheets: dict[str, list[list[str]]] | None = None) -> bytes:
    """The XLSX template: a sheet per kind (its header, and the given rows), then the guide."""
    book = Workbook()
    book.remove(book.active)
    for kind in KINDS:
        sheet = book.create_sheet(kind.key)
        sheet.append(kind.names)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in (sheets or {}).get(kind.key, []):
            sheet.append([safe_cell(v) for v in row])
    guide = book.create_sheet(GUIDE_SHEET)
    for row in guide_rows():
        guide.append(row)
    for cell in guide[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return (BOM + out.getvalue()).encode()


def csv_template(key: str) -> bytes | None:
    kind = kind_of(key)
    return None if kind is None else csv_text([kind.names])


def guide_csv() -> bytes:
    return csv_text(guide_rows())


def errors_csv(report: dict) -> bytes:
    rows = [[_("sheet"), _("row"), _("column"), _("message")]]
    rows += [[e["sheet"], e["row"], e["column"], e["message"]] for e in report.get("errors", [])]
    return csv_text(rows)
