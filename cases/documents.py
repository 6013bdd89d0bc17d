"""Checking uploads by their content, and keeping them encrypted at rest."""

import hashlib
import io
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core import crypto

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# What the content is -> (extension we store, file-name endings that may claim it)
ALLOWED = {
    "application/pdf": ("pdf", {"pdf"}),
    "image/jpeg": ("jpg", {"jpg", "jpeg"}),
    "image/png": ("png", {"png"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", {"docx"}),
}
ALLOWED_LABEL = "PDF, JPEG, PNG or DOCX"

# A DOCX is a zip. Its table of contents (the central directory) declares each part's unpacked
# size; a "zip bomb" declares gigabytes in a few kilobytes. These limits are checked on that
# directory before anything is unpacked (consortium practice: a Word statement with pictures is
# a few MB unpacked; 100 MB and 1000 parts leave a wide margin).
MAX_ZIP_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000


def validate_upload(uploaded) -> tuple[str, str, bytes]:
    """Return (content type, extension, bytes) or raise ValidationError saying why not."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 20 MB. Scan at a lower resolution or split it."))
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."))
    data = b"".join(uploaded.chunks())
    kind = filetype.guess(data)
    mime = kind.mime if kind else None
    if mime not in ALLOWED:
        raise ValidationError(
            _("Only %(allowed)s files can be uploaded; this file's content is not one of them.")
            % {"allowed": ALLOWED_LABEL}
        )
    extension, claimed_by = ALLOWED[mime]
    name_ending = uploaded.name.rsplit(".", 1)[-1].lower() if "." in (uploaded.name or "") else ""
    if name_ending not in claimed_by:
        raise ValidationError(
            _("The file name says .%(ending)s but its content is %(actual)s. Check that you chose the right file.")
            % {"ending": name_ending or "?", "actual": extension.upper()}
        )
    _check_not_corrupt(mime, data)
    return mime, extension, data


def _check_not_corrupt(mime: str, data: bytes) -> None:
    corrupt = ValidationError(_("The file is damaged and cannot be opened. Save or scan it again."))
    try:
        if mime == "application/pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data), strict=False)
            if len(reader.pages) < 1:
                raise corrupt
        elif mime in ("image/jpeg", "image/png"):
            from PIL import Image

            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                _check_zip_directory(archive.infolist())
                # Only now is anything inflated; zipfile stops each part at its declared size.
                if "word/document.xml" not in archive.namelist() or archive.testzip() is not None:
                    raise corrupt
    except ValidationError:
        raise
    except Exception:  # any parser failure means the file cannot be opened
        raise corrupt from None


def _check_zip_directory(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip from what its central directory declares, before inflating any part."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise ValidationError(
            _("The document has more than %(n)d parts inside; it cannot be accepted. Save it again as a new file.")
            % {"n": MAX_ZIP_MEMBERS}
        )
    if sum(member.file_size for member in members) > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise ValidationError(
            _(
                "The document unpacks to more than %(mb)d MB; it cannot be accepted. "
                "Save it again with smaller pictures, or as a PDF."
            )
            % {"mb": MAX_ZIP_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )


def encrypted_content(data: bytes) -> ContentFile:
    return ContentFile(crypto.encrypt_bytes(data))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_decrypted(document) -> bytes:
    with document.file.open("rb") as handle:
        data = crypto.decrypt_bytes(handle.read())
    if sha256(data) != document.sha256:
        raise ValueError("Stored document does not match its checksum.")
    return data
