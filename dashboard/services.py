"""Writes of the dashboard: queued exports."""

import datetime

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_noop

from consortium.models import Membership
from core.crypto import encrypt_bytes
from core.replica import reading_from_replica

from .exports import case_export
from .filters import DASHBOARD_ROLES, DashboardFilterForm, metric_scope, scope_organisation
from .models import ExportJob

EXPORT_KEPT = datetime.timedelta(days=7)


def export_scope(*, user, membership, query: str):
    """The cases of an export: the same scope and filters as the dashboard page it came from."""
    form = DashboardFilterForm(QueryDict(query) or None, organisation=scope_organisation(membership))
    if form.is_bound and not form.is_valid():
        return None
    return metric_scope(user, membership, form.active_filters())


def export_job_create(*, user, membership, kind: str, fmt: str, query: str) -> ExportJob:
    from .tasks import export_build

    with transaction.atomic():
        # Finished files are not kept for ever: a week is enough to download them.
        ExportJob.objects.filter(created_at__lt=timezone.now() - EXPORT_KEPT).delete()
        job = ExportJob.objects.create(
            user=user,
            membership=membership,
            kind=kind,
            fmt=fmt,
            query=query[:500],
            step=gettext_noop("Waiting to start"),
        )
        export_build.delay_on_commit(str(job.pk))
    return job


def own_export_job(user, job_id) -> ExportJob:
    """An export job of hers (only she sees it, its status and its file); anyone else's: 404."""
    job = ExportJob.objects.filter(pk=job_id, user=user).first()
    if job is None:
        raise Http404
    return job


STOPPED = gettext_noop("The export stopped before it finished. Try again.")
TOO_LONG = gettext_noop("The export took too long and was stopped. Choose fewer cases with the filters and try again.")


def export_job_run(*, job_id: str, task_id: str = "") -> str:
    """Build the export (or take it over when `task_id`, the task that started it, is delivered again
    because its worker died: core.jobs). The file and "done" are one conditional write: a job is
    finished once, however many times its task runs."""
    job = ExportJob.objects.select_related("user", "membership").filter(pk=job_id).first()
    if job is None or job.status == ExportJob.Status.DONE:
        return "gone" if job is None else "done"
    membership = Membership.objects.active().filter(pk=job.membership_id, user=job.user).first()
    if membership is None or membership.role not in DASHBOARD_ROLES:
        # Her access ended between the request and the run: nothing is built.
        ExportJob.job_fail(job_id, "access ended")
        return "failed"
    if not ExportJob.job_start(job_id, task_id=task_id, progress=10, step=gettext_noop("Choosing the cases")):
        return "skipped"  # running under another task or finished meanwhile
    try:
        with reading_from_replica():  # the cases and their rows; the job's own writes go to the primary
            return _export_build(job, membership)
    except SoftTimeLimitExceeded:
        ExportJob.job_fail(job_id, TOO_LONG)
        return "failed"


def _export_build(job: ExportJob, membership) -> str:
    job_id = job.pk
    cases = export_scope(user=job.user, membership=membership, query=job.query)
    if cases is None:
        ExportJob.job_fail(job_id, "filters no longer valid")
        return "failed"
    ExportJob.job_progress(job_id, 30, gettext_noop("Writing the rows"))
    content, rows = case_export(job.kind, cases, job.fmt)
    ExportJob.job_progress(job_id, 90, gettext_noop("Encrypting the file"))
    ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.DONE,
        progress=100,
        step=gettext_noop("Ready"),
        rows=rows,
        content=encrypt_bytes(content),
        finished_at=timezone.now(),
    )
    return "done"
