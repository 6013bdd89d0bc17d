"""PDFs Nyaya builds for people to carry: the case dossier, a compensation application, a letter
to the survivor (built by pdfs/ in a Celery task, see pdfs.services).

The file is stored Fernet-encrypted like uploads; a PDF that names the survivor is also
encrypted with a random password (AES-256), kept here only encrypted until it is shown once
to the person who asked for it, then erased. Files expire (settings.GENERATED_DOCUMENT_TTL_HOURS)
and are purged by a Celery beat task.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField
from core.jobs import FileJob

from .core import Case


def generated_storage_name(instance, filename):
    # Random names: nothing about the survivor or the document reaches the file system.
    return f"generated/{uuid.uuid4().hex}.bin"


class GeneratedDocument(FileJob):
    class Kind(models.TextChoices):
        DOSSIER = "dossier", _("Case dossier")
        COMPENSATION_APPLICATION = "compensation_application", _("Compensation application")
        SURVIVOR_LETTER = "survivor_letter", _("Letter to the survivor")

    # The only id that appears in URLs: opaque, not guessable, says nothing about the case.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="generated_documents")
    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    # What it is built from: {"claim_id": 12} for an application, {"language": "bn"} for a letter.
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)

    # status, progress, step, error, started_at, finished_at: core.jobs.FileJob
    attempts = models.PositiveSmallIntegerField(default=0)

    masked = models.BooleanField(default=False, help_text="Built for a reader who may not see her identity.")
    password_protected = models.BooleanField(default=False)
    # Fernet-encrypted until shown once to the requester, then erased.
    password = EncryptedCharField(max_length=100, blank=True)
    password_shown_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=generated_storage_name, max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, help_text="Of the plaintext PDF, to detect tampering.")
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta(FileJob.Meta):
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["case", "-requested_at"], name="generated_doc_case")]
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.case.reference}"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.EXPIRED or (self.expires_at is not None and self.expires_at <= timezone.now())

    @property
    def downloadable(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file) and not self.is_expired

    def download_name(self) -> str:
        # The reference and an opaque number: never her name.
        suffix = f"-{self.language}" if self.kind == self.Kind.SURVIVOR_LETTER else ""
        return f"{self.case.reference}-{self.kind.replace('_', '-')}{suffix}-{self.pk}.pdf"
