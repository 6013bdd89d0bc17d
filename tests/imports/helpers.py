"""Files to import, built in the tests (synthetic people only)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CASE_ROW = {
    "case_ref": "T-001",
    "full_name": "Ximena Qorbalt",
    "sex": "female",
    "estimated_age": "19",
    "age_basis": "self_reported",
    "origin_state": "WB",
    "origin_district": "South 24 Parganas",
    "source_state": "WB",
    "destination_state": "MH",
    "destination_district": "Pune",
    "left_home_on": "2019-02-01",
    "trafficked_on": "2019-02-03",
    "exploitation_forms": "sexual_exploitation",
    "opened_on": "2019-03-12",
    "rescued_on": "2019-03-09",
    "rescue_state": "MH",
    "rescue_district": "Pune",
    "rescue_agency": "ahtu",
}
FIR_ROW = {
    "fir_ref": "T-001-F1",
    "case_ref": "T-001",
    "state": "MH",
    "district": "Pune",
    "police_station": "Faraskhana PS",
    "reported_on": "2019-03-09",
    "fir_number": "123/2019",
    "fir_date": "2019-03-10",
    "sections": "IPC 370",
    "chargesheet_on": "2019-05-20",
}
ACCUSED_ROW = {"accused_ref": "T-001-A1", "fir_ref": "T-001-F1", "names": "Qadru Vemblin", "role": "recruiter"}


def csv_bytes(rows: list[dict], *, bom=False, crlf=False, columns=None) -> bytes:
    columns = columns or list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n" if crlf else "\n")
    writer.writeheader()
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


def xlsx_bytes(sheets: dict[str, list[dict]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        columns = list(dict.fromkeys(k for row in rows for k in row))
        sheet.append(columns)
        for row in rows:
            # A workbook cannot hold control characters (a CSV file can: the CSV tests send them).
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", str(row.get(c, ""))) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def case_row(ref="T-001", **changes) -> dict:
    return {**CASE_ROW, "case_ref": ref, **changes}


def errors_at(report) -> set:
    return {(e["sheet"], e["row"], e["column"]) for e in report["errors"]}
