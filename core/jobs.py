"""A file built in the background while the person who asked does something else: one shape for all.

`FileJob` is the abstract model every such job inherits (a generated PDF, `cases.GeneratedDocument`;
a dashboard export, `dashboard.ExportJob`): one set of states, a progress percentage and the step
being done (what the shared polling block `templates/includes/job_progress.html` shows), the
error shown to the requester, and when it started and finished. Its class methods are the only
writes of those columns, each one conditional UPDATE outside any transaction, so the page polling
the row sees each step as it happens and two workers never both run one job:

    if not MyJob.job_start(pk):         # pending -> running, or someone else has it
        return "skipped"
    MyJob.job_progress(pk, 40, gettext_noop("Counting the cases"))
    ...
    MyJob.job_fail(pk, "Your access ended.")   # or the job's own save of the finished file

Nothing here imports a feature app.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

ERROR_LENGTH = 300
STEP_LENGTH = 120


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

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @classmethod
    def job_start(
        cls, pk, *, step: str = gettext_noop("Starting"), progress: int = 5, take_over: bool = False, **fields
    ) -> bool:
        """Pending -> running; False when it is running elsewhere, finished or gone (nothing to do).

        `take_over`: the broker handed the job out again because the worker running it vanished
        (killed, its host gone: an unacknowledged message redelivered), so a row still marked
        running is taken over. The job's own save of its result must then check that no later
        run took it over in turn (pdfs.services counts `attempts` for that)."""
        statuses = [JobStatus.PENDING, JobStatus.RUNNING] if take_over else [JobStatus.PENDING]
        return bool(
            cls._default_manager.filter(pk=pk, status__in=statuses).update(
                status=JobStatus.RUNNING, started_at=timezone.now(), progress=progress, step=step, error="", **fields
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
