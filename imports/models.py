"""A bulk import of an organisation's existing caseload: the uploaded file's job, and what each row became.

`ImportJob` is a core.jobs.FileJob (states, progress, step, error): the uploaded file is kept
encrypted at rest until it is committed or a day has passed (imports.services.import_purge), and
the report (counts and errors, no identity) stays. `ImportedRecord` makes an import idempotent:
one row per (organisation, kind, external reference) ever imported, so the same file imported
again changes nothing, and a later file's rows link to a case imported before.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.jobs import FileJob

# The uploaded file is kept for a day at most (a committed import deletes it at once).
FILE_KEPT = datetime.timedelta(days=1)


class ImportJob(FileJob):
    # status, progress, step, error, started_at, finished_at: core.jobs.FileJob

    # A random id: the URL of an import tells nothing and cannot be guessed.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("consortium.Organisation", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file"), max_length=200)
    # For a CSV file: the kind of rows it holds, as chosen on the form ("" = recognised by its header).
    kind = models.CharField(max_length=20, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=True)
    # The uploaded file, encrypted at rest (core.crypto.encrypt_bytes); emptied after a commit or a day.
    content = models.BinaryField(null=True, blank=True, editable=False)
    # imports.services.import_report: counts and errors (sheet, row, column, message), never a cell's text.
    report = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(FileJob.Meta):
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"import {self.pk} ({self.get_status_display()})"


class ImportedRecord(models.Model):
    """What one imported row became: its case and the record it made (a case, a FIR, an accused...)."""

    organisation = models.ForeignKey("consortium.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)
    external_ref = models.CharField(_("external reference"), max_length=100)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    job = models.ForeignKey(ImportJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="records")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "external_ref"], name="imported_once_per_organisation"
            )
        ]
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")

    def __str__(self):
        return f"{self.kind} {self.external_ref}"
