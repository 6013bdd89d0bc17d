"""Re-encrypt survivor data with the first FIELD_ENCRYPTION_KEY and rebuild search indexes.

Rotation: put the new key first in FIELD_ENCRYPTION_KEY ("NEW,OLD"), restart, run this
command, then remove the old key. The blind indexes follow the first key, so search and
matching work again only after this command has run; it rebuilds every kind registered in
core/blind_indexes.py. It rewrites the encryption canary (core/canary.py) last, with the first key:
once it has run, start-up no longer needs the old key.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import FileField, QuerySet

from core import blind_indexes, canary, crypto
from core.fields import EncryptedMixin

CHUNK = 500


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field and stored file with the first key; rebuild blind indexes."

    def handle(self, *args, **options):
        for model in apps.get_models():
            fields = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
            if not fields:
                continue
            count = self._rotate_rows(model, fields)
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, FileField):
                    count = self._rotate_files(model, field.name)
                    self.stdout.write(f"{model._meta.label}.{field.name}: {count} files re-encrypted")
        # Every kind of blind index in the registry (survivors, accused, any added later).
        for label, count in blind_indexes.rebuild_all().items():
            self.stdout.write(f"{label}: {count} search indexes rebuilt")
        # Last, once everything above decrypted with the configured keys: the canary that start-up
        # and the readiness check decrypt (core/canary.py) follows the first key, so the old one can go.
        canary.canary_write()
        self.stdout.write("encryption canary: rewritten with the first key")

    def _rotate_rows(self, model, fields) -> int:
        done = 0
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), CHUNK):
            with transaction.atomic():
                for row in model._default_manager.filter(pk__in=pks[start : start + CHUNK]).only("pk", *fields):
                    # Values decrypted with any key are written back with the first one.
                    # A plain QuerySet: insert-only tables (notes) refuse update() through their manager,
                    # and re-encrypting the same content is the one rewrite they allow.
                    QuerySet(model).filter(pk=row.pk).update(**{f: getattr(row, f) for f in fields})
                    done += 1
        return done

    def _rotate_files(self, model, field: str) -> int:
        """Every file Nyaya stores is Fernet-encrypted (cases.documents.encrypted_content): uploaded
        documents and generated PDFs alike. A row whose file is gone (purged) is skipped."""
        done = 0
        for row in model._default_manager.exclude(**{field: ""}).exclude(**{f"{field}__isnull": True}).iterator():
            stored = getattr(row, field)
            try:
                with stored.open("rb") as handle:
                    token = handle.read()
            except FileNotFoundError:
                continue
            rotated = crypto.fernet().rotate(token)
            with stored.storage.open(stored.name, "wb") as handle:
                handle.write(rotated)
            done += 1
        return done
