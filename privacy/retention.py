"""Retention rules applied: what is deleted or erased when its time is up.

The rules are reference data (privacy.RetentionRule, seeded by its first migration and edited in
the Django admin); each names its source, "consortium practice" where no law sets the period.
A periodic Celery task (privacy.tasks.retention_apply, nightly in CELERY_BEAT_SCHEDULE) and
`python manage.py apply_retention` run `retention_apply()`.
"""

import datetime

from django.db.models import Max
from django.utils import timezone

from .models import ErasureRequest, LegalHold, RetentionRule


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
    return done
