"""Documents: checked by content, stored encrypted, downloaded under a neutral name."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases import documents, services
from cases.models import CaseDocument, CaseEvent

from .helpers import (
    DOCX_MARKER,
    FULL_NAME,
    PDF_MARKER,
    make_docx,
    make_jpeg,
    make_pdf,
    make_png,
    upload,
)

MB = 1024 * 1024
# The file name she was given on a phone often carries her name: it must not travel with the download.
NAMED_AFTER_HER = FULL_NAME.replace(" ", "_") + "_statement"


@pytest.fixture
def lead_client(lead):
    client = Client()
    client.force_login(lead.user)
    return client


def documents_url(case):
    return reverse("cases:case_documents", kwargs={"case_id": case.pk})


def download_url(document):
    return reverse("cases:case_document_download", kwargs={"case_id": document.case_id, "document_id": document.pk})


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def post_file(client, case, name, data, content_type="application/octet-stream", doc_type="statement", title=""):
    return client.post(
        documents_url(case), {"doc_type": doc_type, "title": title, "file": upload(name, data, content_type)}
    )


ACCEPTED = {
    "pdf": (make_pdf, ".pdf", "application/pdf", "pdf"),
    "jpeg": (make_jpeg, ".jpeg", "image/jpeg", "jpg"),
    "jpg": (make_jpeg, ".JPG", "image/jpeg", "jpg"),
    "png": (make_png, ".png", "image/png", "png"),
    "docx": (
        make_docx,
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
}


@pytest.mark.parametrize("kind", sorted(ACCEPTED))
def test_accepted_upload_round_trips_through_encrypted_storage(lead_client, case, settings, kind):
    make, ending, mime, extension = ACCEPTED[kind]
    data = make()
    response = post_file(lead_client, case, NAMED_AFTER_HER + ending, data, mime, title="Her statement")
    assert response.status_code == 302, response.context and response.context["form"].errors
    document = CaseDocument.objects.get()
    assert (document.content_type, document.extension, document.size) == (mime, extension, len(data))
    assert document.title == "Her statement"
    assert document.original_name == NAMED_AFTER_HER + ending
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DOCUMENT_ADDED, document=document).exists()

    download = lead_client.get(download_url(document))
    assert download.status_code == 200
    assert download.content == data
    assert download["Content-Type"] == mime
    assert download["Cache-Control"] == "no-store"
    disposition = download["Content-Disposition"]
    assert disposition == f'attachment; filename="{case.reference}-statement-{document.pk}.{extension}"'
    for part in FULL_NAME.split():
        assert part.lower() not in disposition.lower()

    # On disk: a random name and ciphertext only.
    [stored] = stored_files(settings)
    assert stored.suffix == ".bin"
    assert FULL_NAME.split()[0] not in stored.name
    raw = stored.read_bytes()
    assert raw != data
    assert data[:8] not in raw
    for marker in (PDF_MARKER, DOCX_MARKER):
        if marker.encode() in data:
            assert marker.encode() not in raw


def test_title_defaults_to_the_document_type(case, lead):
    document = services.document_upload(
        actor=lead.user, case=case, doc_type="medical_report", title="  ", uploaded=upload("r.pdf", make_pdf())
    )
    assert document.title == "Medical report"


def test_documents_page_lists_uploads(lead_client, case, lead):
    services.document_upload(
        actor=lead.user, case=case, doc_type="fir_copy", title="FIR 12/2025", uploaded=upload("f.pdf", make_pdf())
    )
    body = lead_client.get(documents_url(case)).content.decode()
    assert "FIR 12/2025" in body
    assert "FIR copy (PDF)" in body


def corrupt_pdf() -> bytes:
    return b"%PDF-1.4\n" + b"\x00garbage\xff" * 200


def truncated_pdf() -> bytes:
    data = make_pdf()
    return data[: len(data) // 3]


def corrupt_png() -> bytes:
    return make_png()[:16] + b"\x00" * 64


def exe() -> bytes:
    return b"MZ" + b"\x90\x00\x03\x00" * 64 + b"This program cannot be run in DOS mode."


def docx_without_document() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<styles/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


REJECTED = {
    "empty file": ("empty.pdf", lambda: b"", "The submitted file is empty"),
    "png named .pdf": ("scan.pdf", make_png, "The file name says .pdf but its content is PNG"),
    "pdf named .png": ("scan.png", make_pdf, "The file name says .png but its content is PDF"),
    "pdf with no extension": ("scan", make_pdf, "The file name says .? but its content is PDF"),
    "text named .pdf": (
        "notes.pdf",
        lambda: b"Just some text, not a PDF at all.\n" * 20,
        "Only PDF, JPEG, PNG or DOCX",
    ),
    "corrupt pdf": ("statement.pdf", corrupt_pdf, "The file is damaged"),
    "truncated pdf": ("statement.pdf", truncated_pdf, "The file is damaged"),
    "corrupt png": ("photo.png", corrupt_png, "The file is damaged"),
    "docx without a document": ("report.docx", docx_without_document, "The file is damaged"),
    "plain zip named .docx": ("report.docx", plain_zip, "Only PDF, JPEG, PNG or DOCX"),
    "exe": ("setup.exe", exe, "Only PDF, JPEG, PNG or DOCX"),
    "exe named .pdf": ("invoice.pdf", exe, "Only PDF, JPEG, PNG or DOCX"),
    "html": ("page.pdf", lambda: b"<html><script>alert(1)</script></html>", "Only PDF, JPEG, PNG or DOCX"),
}


@pytest.mark.parametrize("label", sorted(REJECTED))
def test_rejected_upload_says_why_and_saves_nothing(lead_client, case, settings, label):
    name, make, reason = REJECTED[label]
    events = CaseEvent.objects.count()
    response = post_file(lead_client, case, name, make())
    assert response.status_code == 200
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert not CaseDocument.objects.exists()
    assert CaseEvent.objects.count() == events
    assert stored_files(settings) == []


def test_empty_file_is_refused_by_the_service_too(case, lead):
    with pytest.raises(ValidationError, match="empty"):
        services.document_upload(actor=lead.user, case=case, doc_type="other", title="", uploaded=upload("e.pdf", b""))


def test_file_over_20_mb_is_refused(case, lead, lead_client, settings):
    padding = b"\n%" + b"x" * (documents.MAX_UPLOAD_BYTES + 1)
    big = make_pdf() + padding[: documents.MAX_UPLOAD_BYTES + 1 - len(make_pdf())]
    assert len(big) == documents.MAX_UPLOAD_BYTES + 1
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        services.document_upload(
            actor=lead.user, case=case, doc_type="statement", title="", uploaded=upload("b.pdf", big)
        )
    response = post_file(lead_client, case, "big.pdf", big, "application/pdf")
    assert response.status_code == 200
    assert "larger than 20 MB" in response.content.decode()
    assert not CaseDocument.objects.exists()
    assert stored_files(settings) == []


def test_exactly_20_mb_is_not_refused_for_its_size(case, lead):
    """The limit is inclusive: a 20 MB file is judged by its content, not refused as too large."""
    with pytest.raises(ValidationError) as error:
        services.document_upload(
            actor=lead.user,
            case=case,
            doc_type="statement",
            title="",
            uploaded=upload("z.pdf", b"\x00" * documents.MAX_UPLOAD_BYTES),
        )
    assert "20 MB" not in " ".join(error.value.messages)


def test_bad_document_type_is_refused(case, lead):
    with pytest.raises(ValidationError):
        services.document_upload(
            actor=lead.user, case=case, doc_type="selfie", title="", uploaded=upload("a.pdf", make_pdf())
        )
    assert not CaseDocument.objects.exists()


def test_tampered_file_is_detected(case, lead):
    document = services.document_upload(
        actor=lead.user, case=case, doc_type="statement", title="", uploaded=upload("a.pdf", make_pdf())
    )
    CaseDocument.objects.filter(pk=document.pk).update(sha256="0" * 64)
    document.refresh_from_db()
    with pytest.raises(ValueError, match="checksum"):
        documents.read_decrypted(document)


def test_download_of_another_cases_document_is_404(case, lead, lead_client):
    from .helpers import open_survivor_case

    other = open_survivor_case(lead, survivor={"full_name": "Other Person", "phone_numbers": []})
    document = services.document_upload(
        actor=lead.user, case=other, doc_type="statement", title="", uploaded=upload("a.pdf", make_pdf())
    )
    url = reverse("cases:case_document_download", kwargs={"case_id": case.pk, "document_id": document.pk})
    assert lead_client.get(url).status_code == 404
    assert lead_client.get(download_url(document)).status_code == 200


def test_upload_needs_upload_rights(case, coordinator):
    client = Client()
    client.force_login(coordinator.user)
    response = post_file(client, case, "a.pdf", make_pdf(), "application/pdf")
    assert response.status_code == 404
    assert not CaseDocument.objects.exists()
