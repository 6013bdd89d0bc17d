"""Requesting, building, handing over and purging generated PDFs.

- generated_document_request: a row is written (pending) and the build is queued on commit.
- generated_document_build (run by the Celery task pdfs.tasks.generated_document_build, registered
  under its old name cases.tasks.generated_document_build so queued jobs still run):
  re-reads the requester's access, builds the PDF reporting progress to the row, encrypts it
  with a random password (AES-256) when it names the survivor, and then, in one transaction,
  stores the file (Fernet-encrypted at rest) and marks the row done. Until then no file is
  attached to the row, so nothing half-written can be downloaded. Any failure marks the row
  failed with a message for the requester (never her data) and can be retried.
- generated_document_password_take: the password, once, to the requester; then erased.
- generated_documents_purge (Celery beat, cases/generated.py): expired files are deleted.
"""

import datetime
import io
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.documents import encrypted_content, read_decrypted, sha256
from cases.models import GeneratedDocument
from cases.permissions import case_access, visible_access
from cases.selectors import case_get_visible

from .events import document_generated_event
from .survivor_letter import LETTER_LANGUAGES

logger = logging.getLogger(__name__)
Kind = GeneratedDocument.Kind
Status = GeneratedDocument.Status

DEFAULT_TTL_HOURS = 24
FONTS_MISSING = gettext_noop("The PDF fonts are not installed on the server.")
# Stored on the row in English (marked here) and shown in the requester's language.
GENERIC_ERROR = gettext_noop(
    "Something went wrong while building the document. Try again; if it fails again, tell your administrator."
)


class Refused(Exception):
    """The build may not go on; the message is shown to the requester (never identity)."""


def ttl() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "GENERATED_DOCUMENT_TTL_HOURS", DEFAULT_TTL_HOURS))


def may_request(access, kind: str) -> bool:
    allowed: dict[str, bool] = {
        Kind.DOSSIER: access.can_request_dossier,
        Kind.COMPENSATION_APPLICATION: access.can_request_compensation_application,
        Kind.SURVIVOR_LETTER: access.can_request_survivor_letter,
    }
    return allowed.get(kind, False)


def may_download(access, document: GeneratedDocument, user) -> bool:
    """Only the person who asked (the content followed her access), and only while that access
    still covers what the file holds (a full dossier needs full access now, too)."""
    if document.requested_by_id != user.pk or not may_request(access, document.kind):
        return False
    return document.masked or document.kind != Kind.DOSSIER or access.dossier_is_full


def status_url(document: GeneratedDocument) -> str:
    return reverse("pdfs:generated_document", kwargs={"case_id": document.case_id, "token": document.token})


@transaction.atomic
def generated_document_request(*, actor, case, kind: str, language: str = "en", claim=None):
    """Queue a document for `actor`, who must (still) may see the case and ask for this kind."""
    from cases.permissions import require

    from .tasks import generated_document_build as build_task

    access = visible_access(actor, case)  # services trust no caller
    require(may_request(access, kind))
    if kind == Kind.SURVIVOR_LETTER and language not in LETTER_LANGUAGES:
        raise ValueError("Unsupported letter language.")
    params = {}
    if kind == Kind.COMPENSATION_APPLICATION:
        require(claim is not None and claim.case_id == case.pk)
        params["claim_id"] = claim.pk
    document = GeneratedDocument.objects.create(
        case=case,
        kind=kind,
        params=params,
        language=language if kind == Kind.SURVIVOR_LETTER else "en",
        requested_by=actor,
        masked=kind == Kind.DOSSIER and not access.dossier_is_full,
        step=gettext_noop("Waiting to start"),
    )
    build_task.delay_on_commit(document_id=document.pk)
    return document


@transaction.atomic
def generated_document_retry(*, actor, document: GeneratedDocument) -> bool:
    from .tasks import generated_document_build as build_task

    # Queued again now: the stale-build check counts from here.
    reset = GeneratedDocument.job_retry(document.pk, requested_by=actor)
    if reset:
        build_task.delay_on_commit(document_id=document.pk)
    return bool(reset)


def _progress_writer(document_id: int):
    def progress(percent: int, step: str) -> None:
        GeneratedDocument.job_progress(document_id, percent, step)

    return progress


def _render(document: GeneratedDocument, user, case, access, progress):
    """(Built, carries identity) for the document's kind, as this reader may see it."""
    if not may_request(access, document.kind):
        raise Refused(gettext_noop("You may no longer produce this document for this case."))
    if document.kind == Kind.DOSSIER:
        from .dossier import build_dossier

        if not document.masked and not access.dossier_is_full:
            raise Refused(gettext_noop("Your access to this case has changed. Ask for the dossier again."))
        return build_dossier(user=user, case=case, access=access, progress=progress), access.dossier_is_full
    if document.kind == Kind.COMPENSATION_APPLICATION:
        from compensation.selectors import claim_get

        from .compensation_application import build_compensation_application

        claim = claim_get(case, document.params.get("claim_id"))
        if claim is None:
            raise Refused(gettext_noop("The claim no longer exists on this case."))
        return build_compensation_application(user=user, case=case, access=access, claim=claim, progress=progress), True
    if document.kind == Kind.SURVIVOR_LETTER:
        from .survivor_letter import build_survivor_letter

        built = build_survivor_letter(
            user=user, case=case, access=access, language=document.language, progress=progress
        )
        return built, True
    raise Refused(gettext_noop("Unknown document."))


def new_password() -> str:
    # 4 groups of 4 from an alphabet without look-alikes: easy to read aloud or type from paper.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """AES-256 (pypdf). The owner password is random and thrown away: nobody can lift the protection."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=secrets.token_urlsafe(24), algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def generated_document_build(*, document_id: int, task_id: str = "") -> str:
    """Build one pending document (or take over its build when `task_id`, the task that started it,
    is delivered again because its worker died). Never raises: a failure is recorded on the row."""
    if not GeneratedDocument.job_start(document_id, task_id=task_id, attempts=F("attempts") + 1):
        return "skipped"  # built already, running under another task, or gone
    document = GeneratedDocument.objects.select_related("case", "requested_by").get(pk=document_id)
    this_run = {"attempts": document.attempts}
    progress = _progress_writer(document.pk)
    try:
        user = document.requested_by
        case = case_get_visible(user, document.case_id) if user.is_active else None
        if case is None:
            raise Refused(gettext_noop("You no longer have access to this case."))
        access = case_access(user, case)
        built, carries_identity = _render(document, user, case, access, progress)
        data, password = built.data, ""
        if carries_identity:
            progress(90, gettext_noop("Protecting the file with a password"))
            password = new_password()
            data = encrypt_pdf(data, password)
        progress(96, gettext_noop("Saving"))
        _store(document, data=data, pages=built.pages, password=password, case=case, user=user)
    except Refused as exc:
        GeneratedDocument.job_fail(document.pk, str(exc), **this_run)
        return "refused"
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the requester, who may retry
        from .base import FontsMissing

        # The type only: a library's message could quote text from the document.
        logger.error("Generated document %s failed: %s", document.pk, type(exc).__name__)
        GeneratedDocument.job_fail(
            document.pk,
            FONTS_MISSING if isinstance(exc, FontsMissing) else GENERIC_ERROR,
            **this_run,
        )
        return "failed"
    return "done"


def _store(document, *, data: bytes, pages: int, password: str, case, user) -> None:
    from cases.notifications import notify

    content = encrypted_content(data)
    stored = None
    try:
        with transaction.atomic():
            row = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
            if row.status != Status.RUNNING:
                return  # purged or reset meanwhile: the file is not attached (deleted below)
            row.file.save("generated.bin", content, save=False)
            stored = row.file.name
            now = timezone.now()
            row.status = Status.DONE
            row.progress = 100
            row.step = gettext_noop("Ready")
            row.size = len(data)
            row.pages = pages
            row.sha256 = sha256(data)
            row.password = password
            row.password_protected = bool(password)
            row.finished_at = now
            row.expires_at = now + ttl()
            row.save()
            stored = None  # attached: kept
            document_generated_event(case=case, actor=user, document=row)
            notify(
                users=[user],
                title=lambda: (
                    _("%(document)s for %(reference)s is ready")
                    % {"document": row.get_kind_display(), "reference": case.reference}
                ),
                body=lambda: _("Open it to download the file and see its password (shown once)."),
                url=status_url(row),
                case=case,
            )
    finally:
        if stored:
            from django.core.files.storage import default_storage

            default_storage.delete(stored)


@transaction.atomic
def generated_document_password_take(*, document: GeneratedDocument, user) -> str:
    """The password, to the requester, once: it is erased as it is read."""
    row = GeneratedDocument.objects.select_for_update().filter(pk=document.pk).first()
    if row is None or row.requested_by_id != user.pk or row.status != Status.DONE or not row.password:
        return ""
    password = row.password
    row.password = ""
    row.password_shown_at = timezone.now()
    row.save(update_fields=["password", "password_shown_at"])
    document.password_shown_at = row.password_shown_at
    return password


def generated_document_read(document: GeneratedDocument) -> bytes:
    """The stored PDF (still password-protected if it names her), checked against its checksum."""
    return read_decrypted(document)
