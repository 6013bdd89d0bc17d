"""Reading an uploaded file into rows: an XLSX workbook (a sheet per kind) or one CSV file (one kind).

Every cell is read as text; nothing in the file is executed. A cell starting with "=" is refused
(a formula in a workbook is never computed, and text that a spreadsheet would run is not stored).
A file that cannot be read at all (too big, not a spreadsheet, not UTF-8, too many rows) is one
`FileRefused` with a message for the person who uploaded it.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .registry import KINDS, kind_of

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
GUIDE_SHEET = "Guide"


class FileRefused(ValueError):
    """The whole file is refused: its message is shown to her."""


@dataclass
class Row:
    kind: str
    sheet: str
    number: int  # the spreadsheet's line number (the header is line 1)
    cells: dict[str, str]


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class Sheets:
    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\x00", "").strip()


def read_file(file_name: str, content: bytes, kind: str = "") -> Sheets:
    if len(content) > MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(mb)s MB: split it into several files.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise FileRefused(_("The file is empty."))
    if content[:4] == b"PK\x03\x04":
        sheets = _read_workbook(content)
    elif file_name.lower().endswith((".xlsx", ".xls", ".ods", ".pdf", ".doc", ".docx")) or b"\x00" in content[:4096]:
        raise FileRefused(_("This is not a file Nyaya can read: upload an XLSX workbook or a CSV file."))
    else:
        sheets = _read_csv(content, kind)
    if sheets.count > MAX_ROWS:
        raise FileRefused(
            _("The file has %(n)s rows; at most %(max)s are read at once: split it into several files.")
            % {"n": sheets.count, "max": MAX_ROWS}
        )
    if not sheets.count and not sheets.problems:
        raise FileRefused(_("The file has no rows to import under its header."))
    return sheets


def _table(sheets: Sheets, kind_key: str, sheet: str, lines) -> None:
    """The rows of one sheet: the first line names the columns."""
    kind = kind_of(kind_key)
    assert kind is not None
    lines = iter(lines)
    header = [cell_text(v).lower() for v in next(lines, [])]
    unknown = [name for name in header if name and name not in kind.names]
    for name in unknown:
        sheets.problems.append(
            Problem(sheet, 1, name[:60], _("Unknown column: see the guide for this sheet's columns."))
        )
    missing = [c.name for c in kind.columns if c.required and c.name not in header]
    for name in missing:
        sheets.problems.append(Problem(sheet, 1, name, _("This required column is missing.")))
    rows = sheets.rows.setdefault(kind.key, [])
    for number, line in enumerate(lines, start=2):
        if len(rows) > MAX_ROWS:
            break
        values = [cell_text(v) for v in line]
        if not any(values):
            continue
        cells = {name: values[i] if i < len(values) else "" for i, name in enumerate(header) if name in kind.names}
        rows.append(Row(kind.key, sheet, number, cells))


def _read_workbook(content: bytes) -> Sheets:
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula is read as its text (starting "="), never its cached result.
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileRefused(_("This workbook cannot be read: save it again as an Excel workbook (.xlsx).")) from exc
    sheets = Sheets()
    try:
        for worksheet in book.worksheets:
            title = worksheet.title.strip()
            if title.lower() == GUIDE_SHEET.lower():
                continue
            kind = kind_of(title.lower())
            if kind is None:
                sheets.problems.append(
                    Problem(
                        title[:60],
                        0,
                        "",
                        _("Unknown sheet: name it %(names)s.") % {"names": ", ".join(k.key for k in KINDS)},
                    )
                )
                continue
            _table(sheets, kind.key, kind.key, worksheet.iter_rows(values_only=True))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileRefused(_("This workbook cannot be read: save it again as an Excel workbook (.xlsx).")) from exc
    finally:
        book.close()
    if not sheets.rows and not sheets.problems:
        raise FileRefused(_("The workbook has no sheet named %(names)s.") % {"names": ", ".join(k.key for k in KINDS)})
    return sheets


def _read_csv(content: bytes, kind_key: str) -> Sheets:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            _("The CSV file is not in UTF-8: in your spreadsheet, save it as “CSV UTF-8” and upload it again.")
        ) from exc
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise FileRefused(_("The CSV file cannot be read: save it again as CSV.")) from exc
    if len(lines) > MAX_ROWS + 1:
        raise FileRefused(
            _("The file has %(n)s rows; at most %(max)s are read at once: split it into several files.")
            % {"n": len(lines) - 1, "max": MAX_ROWS}
        )
    header = {cell_text(v).lower() for v in (lines[0] if lines else [])}
    kind = kind_of(kind_key) if kind_key else recognise(header)
    if kind is None:
        raise FileRefused(_("Choose the kind of rows this CSV file holds: its header is not that of a template."))
    sheets = Sheets()
    _table(sheets, kind.key, kind.key, lines)
    return sheets


def recognise(header: set[str]):
    """The kind whose reference column heads the file and which knows most of its columns (a FIR's
    file also names its case's reference column; its own fir_ref and the rest make it a FIR's)."""
    candidates = [kind for kind in KINDS if kind.ref in header]
    return max(candidates, key=lambda kind: len(header & set(kind.names)), default=None)
