"""Retention rules applied: what is deleted or erased when its time is up.

The rules are reference data (privacy.RetentionRule, seeded by its first migration and edited in
the Django admin); each names its source, "consortium practice" where no law sets the period.
A periodic Celery task (privacy.tasks.retention_apply, nightly in CELERY_BEAT_SCHEDULE) and
`python manage.py apply_retention` run `retention_apply()`.

After the rules, `orphan_files_delete()` removes stored files no record points to: a file is
written before its row is committed (a generated PDF in its build's transaction, an upload in its
request's), so a worker or web process killed between the two leaves ciphertext nobody can open
or erase. Only files older than `orphan_after()` are touched: twice as long as any build may run
(CELERY_HEAVY_TASK_TIME_LIMIT), so a file whose row is still being written is never taken.
"""

import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Max
from django.utils import timezone

from .models import ErasureRequest, LegalHold, RetentionRule

log = logging.getLogger(__name__)


def _generated_document_files(rule: RetentionRule, now: datetime.datetime) -> int:
    # The files expire after GENERATED_DOCUMENT_TTL_HOURS and are purged by cases' own task;
    # running it here too keeps the rule true even if beat missed a run.
    from cases.generated import generated_documents_purge

    return generated_documents_purge(now=now)


def _generated_document_records(rule: RetentionRule, now: datetime.datetime) -> int:
    from cases.models import GeneratedDocument

    cutoff = now - datetime.timedelta(days=rule.keep_days)
    old = GeneratedDocument.objects.filter(
        requested_at__lt=cutoff, status__in=[GeneratedDocument.Status.EXPIRED, GeneratedDocument.Status.FAILED]
    )
    for document in old.exclude(file=""):
        document.file.delete(save=False)
    deleted, _ = old.delete()
    return deleted


def _access_log(rule: RetentionRule, now: datetime.datetime) -> int:
    """Counted, not deleted: the access log is append-only (cases.audit) and names no one."""
    from cases.models import AccessLogEntry

    return AccessLogEntry.objects.filter(at__lt=now - datetime.timedelta(days=rule.keep_days)).count()


def _closed_case_identity(rule: RetentionRule, now: datetime.datetime) -> int:
    """Survivors all of whose cases closed more than keep_days ago, none under a legal hold."""
    from cases.models import Case
    from survivors.models import Survivor

    from .services import erasure_by_retention

    cutoff = timezone.localdate() - datetime.timedelta(days=rule.keep_days)
    held = LegalHold.objects.in_force().values("case__survivor")
    erased = ErasureRequest.objects.filter(status=ErasureRequest.Status.ERASED).values("survivor")
    survivors = (
        Survivor.objects.exclude(pk__in=held)
        .exclude(pk__in=erased)
        .exclude(cases__status=Case.Status.OPEN)
        .annotate(last_closed=Max("cases__closed_on"))
        .filter(last_closed__lt=cutoff)
    )
    done = 0
    for survivor in survivors:
        case = survivor.cases.order_by("-closed_on").first()
        erasure_by_retention(case=case, rule_code=rule.code)
        done += 1
    return done


APPLIERS = {
    "generated_document_files": _generated_document_files,
    "generated_document_records": _generated_document_records,
    "access_log": _access_log,
    "closed_case_identity": _closed_case_identity,
}


def retention_apply(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Apply every enabled rule; return how many records each deleted or erased (no identities)."""
    now = now or timezone.now()
    done = {}
    for rule in RetentionRule.objects.filter(enabled=True):
        applier = APPLIERS.get(rule.code)
        if applier is None:
            continue
        done[rule.code] = applier(rule, now)
    done["orphan_files"] = orphan_files_delete(now=now)
    return done


# Each folder of stored files (random names, cases.models) and the field whose rows point into it.
STORED_FILES = (("generated", "cases.GeneratedDocument", "file"), ("documents", "cases.CaseDocument", "file"))
LOOKUP_CHUNK = 500


def orphan_after() -> datetime.timedelta:
    """Twice the longest a build may run (its hard time limit), and never under an hour."""
    return datetime.timedelta(seconds=max(3600, 2 * settings.CELERY_HEAVY_TASK_TIME_LIMIT))


def orphan_files_delete(*, now: datetime.datetime | None = None, storage=None) -> int:
    """Delete stored files that no row names and that are older than orphan_after(); how many."""
    from django.apps import apps

    storage = storage or default_storage
    cutoff = (now or timezone.now()) - orphan_after()
    deleted = 0
    for folder, label, field in STORED_FILES:
        try:  # (exists() says False for a folder on S3, where folders are only name prefixes)
            names = [f"{folder}/{name}" for name in storage.listdir(folder)[1]]
        except FileNotFoundError:  # nothing stored there yet
            continue
        model = apps.get_model(label)
        for start in range(0, len(names), LOOKUP_CHUNK):
            chunk = names[start : start + LOOKUP_CHUNK]
            kept = set(model._default_manager.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
            for name in chunk:
                if name in kept or storage.get_modified_time(name) >= cutoff:
                    continue
                storage.delete(name)
                deleted += 1
    if deleted:
        log.warning("deleted %d stored file(s) no record pointed to", deleted)
    return deleted
