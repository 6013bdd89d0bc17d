"""Exports too large to build while the person waits: queued in Celery, with progress."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.jobs import FileJob


class ExportJob(FileJob):
    # status, progress, step, error, started_at, finished_at: core.jobs.FileJob

    # A random id: the URL of an export tells nothing and cannot be guessed.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The membership she asked through decides the cases in it (coordinator: all; org admin: hers).
    membership = models.ForeignKey("consortium.Membership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # anonymised | htcds
    fmt = models.CharField(max_length=4)  # csv | xlsx
    # The dashboard filters only (codes and ids), never search text.
    query = models.CharField(max_length=500, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    # The finished file, encrypted at rest (core.crypto.encrypt_bytes).
    content = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(FileJob.Meta):
        ordering = ["-created_at"]
        verbose_name = _("dashboard export")
        verbose_name_plural = _("dashboard exports")

    def __str__(self):
        return f"{self.kind}.{self.fmt} ({self.get_status_display()})"

    @property
    def filename(self) -> str:
        return f"nyaya-{self.kind}-{self.created_at:%Y%m%d-%H%M}.{self.fmt}"
