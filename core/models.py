"""The core's one table: the encryption canary (core/canary.py)."""

from django.db import models


class EncryptionCanary(models.Model):
    """One row: a known text encrypted with the first FIELD_ENCRYPTION_KEY.

    If the configured keys cannot decrypt it, they cannot decrypt her data either: start-up
    (core/preflight.py) and the readiness check (core/health.py) refuse. A plain text column,
    not an encrypted field: the rotation command rewrites it last (core/canary.py).
    """

    token = models.TextField()
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "encryption canary"
