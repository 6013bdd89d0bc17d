"""A DOCX zip bomb is refused from its table of contents, before anything is unpacked.

Issue 16 review: a small DOCX declaring gigabytes of content was accepted after seconds of CPU
(the damage check inflated every member). The upload check now reads the zip's central
directory (sizes and member count, as the archive declares them) and refuses first.
"""

import io
import struct
import time
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from cases import documents, services
from cases.models import CaseDocument, CaseEvent

from .helpers import make_docx, upload

TOO_BIG = "unpacks to more than 100 MB"
TOO_MANY = "has more than 1000 parts inside"


def _docx_with(extra: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The minimal DOCX of the helpers plus extra members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx())) as source, zipfile.ZipFile(buffer, "w", compression) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _declare_size(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite the uncompressed size the archive declares for `member` (local header and directory)."""
    data = bytearray(data)
    name = member.encode()
    # Local file header: signature PK\x03\x04, uncompressed size at offset 22, name at 30.
    local = data.find(b"PK\x03\x04" + bytes(0))
    while local != -1:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30 : local + 30 + name_len]) == name:
            struct.pack_into("<I", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    # Central directory entry: signature PK\x01\x02, uncompressed size at 24, name at 46.
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def declared_bomb() -> bytes:
    """A few kilobytes that declare almost 4 GB of content."""
    small = _docx_with({"word/media/image1.bin": b"\0" * 4096})
    bomb = _declare_size(small, "word/media/image1.bin", 0xFFFFFFF0)
    assert len(bomb) < 10_000
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) > 4 * 1024**3 - 100
    return bomb


def real_bomb() -> bytes:
    """Under 1 MB on disk, 150 MB of zeros inside: it really inflates that far."""
    bomb = _docx_with({f"word/media/zeros{i}.bin": b"\0" * (50 * 1024 * 1024) for i in range(3)})
    assert len(bomb) < 1024 * 1024
    return bomb


def many_members() -> bytes:
    return _docx_with({f"customXml/item{i}.xml": b"<a/>" for i in range(1001)}, compression=zipfile.ZIP_STORED)


@pytest.mark.parametrize(("make", "reason"), [(declared_bomb, TOO_BIG), (real_bomb, TOO_BIG), (many_members, TOO_MANY)])
def test_bomb_is_refused_from_the_directory_before_inflating(make, reason, monkeypatch):
    data = make()
    inflated = []
    real_open = zipfile.ZipFile.open

    def spy_open(self, name, *args, **kwargs):
        inflated.append(name)
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy_open)
    started = time.process_time()
    with pytest.raises(documents.ValidationError) as refused:
        documents.validate_upload(upload("report.docx", data))
    assert reason in " ".join(refused.value.messages)
    assert inflated == []  # nothing was unpacked to decide
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize(("make", "reason"), [(declared_bomb, TOO_BIG), (many_members, TOO_MANY)])
def test_bomb_upload_page_says_why_and_saves_nothing(lead, case, settings, make, reason):
    client = Client()
    client.force_login(lead.user)
    events = CaseEvent.objects.count()
    response = client.post(
        reverse("cases:case_documents", kwargs={"case_id": case.pk}),
        {"doc_type": "statement", "title": "", "file": upload("report.docx", make())},
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not CaseDocument.objects.exists()
    assert CaseEvent.objects.count() == events


def test_an_ordinary_docx_with_pictures_is_still_accepted(lead, case):
    data = _docx_with({f"word/media/image{i}.png": bytes(range(256)) * 400 for i in range(40)})
    document = services.document_upload(
        actor=lead.user, case=case, doc_type="statement", title="", uploaded=upload("report.docx", data)
    )
    assert document.pk and CaseDocument.objects.get().pk == document.pk


def test_limits_are_at_the_documented_values():
    assert documents.MAX_ZIP_UNCOMPRESSED_BYTES == 100 * 1024 * 1024
    assert documents.MAX_ZIP_MEMBERS == 1000
