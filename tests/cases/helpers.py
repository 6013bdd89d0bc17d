"""Shared test data and builders for the survivor-case tests. All data synthetic.

The survivor's identifying values are deliberately odd strings that appear
nowhere else (not in Faker output, templates or reference data), so "this text
is not in the page / the database" checks cannot pass or fail by coincidence.
"""

import datetime
import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

FULL_NAME = "Mitali Quorvash"
OTHER_NAME = "Tuktuki Zenthali"
PHONE = "98310 55501"
PHONE_DIGITS = "9831055501"
VILLAGE = "Zarkhali Ghatpur"
FAMILY_CONTACT = "Aunt Pramila Yovanka, phone 9123456780"
NARRATIVE = "NARRATIVE-SECRET: promised tailoring work in Bhiwandi, locked in a room."
DESTINATION_PLACE = "Kamathipura lane XQ7"
GUARDIAN = "Rekha Vormund"
WITNESS = "Witness Jaspreet Oxalis"

SURVIVOR = {
    "full_name": FULL_NAME,
    "other_names": [OTHER_NAME],
    "phone_numbers": [PHONE],
    "origin_village": VILLAGE,
    "family_contact": FAMILY_CONTACT,
}

# Every plaintext value that must never reach the database unencrypted.
SECRETS = [FULL_NAME, OTHER_NAME, PHONE, PHONE_DIGITS, VILLAGE, FAMILY_CONTACT, NARRATIVE, DESTINATION_PLACE]

PDF_MARKER = "PDFMARKER-7F3A-SURVIVOR-STATEMENT"
DOCX_MARKER = "DOCXMARKER-91QZ-MEDICAL-REPORT"


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    """A date n days from today (negative: in the past)."""
    return today() + datetime.timedelta(days=n)


def open_survivor_case(lead, **kwargs):
    """A case for the synthetic survivor above, opened through the real service."""
    from cases.factories import open_case

    survivor = {**SURVIVOR, **kwargs.pop("survivor", {})}
    kwargs.setdefault("narrative", NARRATIVE)
    kwargs.setdefault("destination_place", DESTINATION_PLACE)
    return open_case(lead, survivor=survivor, **kwargs)


# --- files -----------------------------------------------------------------


def make_pdf(marker: str = PDF_MARKER) -> bytes:
    """A real one-page PDF with `marker` in clear (uncompressed) in its bytes."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pageCompression=0)
    pdf.setTitle(marker)
    pdf.drawString(72, 720, marker)
    pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    assert marker.encode() in data
    return data


def make_image(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def make_png() -> bytes:
    return make_image("PNG")


def make_jpeg() -> bytes:
    return make_image("JPEG")


def make_docx(marker: str = DOCX_MARKER) -> bytes:
    """A minimal Word document: content types and word/document.xml in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{marker}</w:t></w:r></w:p></w:body></w:document>",
        )
    data = buffer.getvalue()
    assert marker.encode() in data
    return data


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def upload_document(case, actor, *, data=None, name="statement.pdf", doc_type="statement", title="Statement"):
    from cases import services

    return services.document_upload(
        actor=actor,
        case=case,
        doc_type=doc_type,
        title=title,
        uploaded=upload(name, data if data is not None else make_pdf(), "application/pdf"),
    )


# --- pages -----------------------------------------------------------------

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def normalise_page(body: bytes, path: str) -> str:
    """A page with what legitimately differs per request removed: CSRF tokens and the echoed path."""
    text = body.decode()
    text = _CSRF.sub('name="csrfmiddlewaretoken" value="CSRF"', text)
    return text.replace(path, "/PATH/")


def template_names(response) -> list[str]:
    return [t.name for t in getattr(response, "templates", []) if t.name]


def case_rows(response) -> str:
    """The result part of the case list (the search form echoes the query, so it is left out)."""
    body = response.content.decode()
    return body.split('id="case-rows"', 1)[-1]


def result_count(response) -> int:
    """The number in the case list's "N cases" line."""
    match = re.search(r'<p class="result-count">\s*(\d+) cases?', response.content.decode())
    assert match, "no result count on the page"
    return int(match.group(1))
