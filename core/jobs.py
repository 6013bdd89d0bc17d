"""A file built in the background while the person who asked does something else: one shape for all.

`FileJob` is the abstract model every such job inherits (a generated PDF, `cases.GeneratedDocument`;
a dashboard export, `dashboard.ExportJob`): one set of states, a progress percentage and the step
being done (what the shared polling block `templates/includes/job_progress.html` shows), the
error shown to the requester, and when it started and finished. Its class methods are the only
writes of those columns, each one conditional UPDATE outside any transaction, so the page polling
the row sees each step as it happens and two workers never both run one job:

    if not MyJob.job_start(pk, task_id=task.request.id):  # pending -> running, or someone else has it
        return "skipped"
    MyJob.job_progress(pk, 40, gettext_noop("Counting the cases"))
    ...
    MyJob.job_fail(pk, "Your access ended.")   # or the job's own save of the finished file

A job that dies with its worker is not lost: Celery acknowledges a task only once it has run and
puts back the message of a worker process that died (settings CELERY_TASK_ACKS_LATE,
CELERY_TASK_REJECT_ON_WORKER_LOST; config/queues.py). The row keeps the id of the task that
started it, and the same task delivered again takes its running job over and builds it from the
start (nothing of a build is kept until its last write, which checks the job is still running). A
different task for the same job (queued twice) still finds it running and leaves it alone, and
a job already done is never built again.

Nothing here imports a feature app.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# A job still running this long after it started lost its worker past any redelivery (killed at its
# hard time limit, CELERY_HEAVY_TASK_TIME_LIMIT, which is shorter): `job_fail_stale` fails it.
STALE_AFTER = datetime.timedelta(hours=1)
ERROR_LENGTH = 300
STEP_LENGTH = 120
TASK_ID_LENGTH = 64


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.EXPIRED)


class FileJob(models.Model):
    Status = JobStatus

    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=STEP_LENGTH, blank=True, help_text="What the build is doing now (no identity).")
    error = models.CharField(max_length=ERROR_LENGTH, blank=True, help_text="Shown to the requester; never identity.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The Celery task running it: the same task delivered again (its worker died) may take it over.
    # A database default too: the previous release, which knows no task id, still inserts rows while
    # an upgrade is rolled out (docs/upgrade.md, make upgrade-check).
    task_id = models.CharField(max_length=TASK_ID_LENGTH, blank=True, editable=False, db_default="")

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @classmethod
    def job_start(
        cls, pk, *, task_id: str | None = "", step: str = gettext_noop("Starting"), progress: int = 5, **fields
    ) -> bool:
        """Pending -> running; or running again under the task that started it, delivered a second
        time because its worker died. False when another task runs it, or it is finished or gone."""
        task_id = (task_id or "")[:TASK_ID_LENGTH]
        claimable = Q(status=JobStatus.PENDING)
        if task_id:
            claimable |= Q(status=JobStatus.RUNNING, task_id=task_id)
        return bool(
            cls._default_manager.filter(claimable, pk=pk).update(
                status=JobStatus.RUNNING,
                task_id=task_id,
                started_at=timezone.now(),
                progress=progress,
                step=step,
                error="",
                **fields,
            )
        )

    @classmethod
    def job_progress(cls, pk, percent: int, step: str = "") -> None:
        """How far a running job has got (kept under 100 until it is done)."""
        fields: dict = {"progress": max(0, min(int(percent), 99))}
        if step:
            fields["step"] = step[:STEP_LENGTH]
        cls._default_manager.filter(pk=pk, status=JobStatus.RUNNING).update(**fields)

    @classmethod
    def job_fail(cls, pk, message: str, **match) -> None:
        """Failed, with the message the requester reads (never her data); an expired job stays expired.
        `match` narrows it (e.g. to the run that failed, when a later run may have taken over)."""
        cls._default_manager.filter(pk=pk, **match).exclude(status=JobStatus.EXPIRED).update(
            status=JobStatus.FAILED,
            error=message[:ERROR_LENGTH],
            step=gettext_noop("Failed"),
            finished_at=timezone.now(),
        )

    @classmethod
    def job_fail_stale(cls, message: str, *, now: datetime.datetime | None = None) -> int:
        """Fail the jobs running for longer than STALE_AFTER (the requester reads `message` and may
        ask again); the deadline scan calls it for each kind of job. Returns how many."""
        now = now or timezone.now()
        return cls._default_manager.filter(status=JobStatus.RUNNING, started_at__lt=now - STALE_AFTER).update(
            status=JobStatus.FAILED, error=message[:ERROR_LENGTH], step=gettext_noop("Failed"), finished_at=now
        )

    @classmethod
    def job_retry(cls, pk, **match) -> bool:
        """A failed job waiting again (its start time is the retry's, for the stale-build check)."""
        return bool(
            cls._default_manager.filter(pk=pk, status=JobStatus.FAILED, **match).update(
                status=JobStatus.PENDING,
                progress=0,
                step=gettext_noop("Waiting to start"),
                error="",
                finished_at=None,
                started_at=timezone.now(),
            )
        )
