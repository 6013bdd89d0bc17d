"""Celery's queues, which task goes to which, how long each may run, and when a lost job comes back.

Settings (read from the environment by config/settings.py):

- `CELERY_TASK_TIME_LIMIT` (seconds, default 300): how long an ordinary task may run before its
  worker process is killed; 90% of it is the soft limit, where the task is told to stop
  (`SoftTimeLimitExceeded`) and records the failure on its row.
- `CELERY_HEAVY_TASK_TIME_LIMIT` (seconds, default 1800): the same for PDFs, exports and imports
  (the `heavy` queue), and for the scheduled scans. Kept under `cases.generated.STALE_AFTER`
  (an hour), after which a build still "running" is taken for dead and failed.
- `CELERY_VISIBILITY_TIMEOUT` (seconds, default 3600; Redis broker only): a job a worker took and
  never acknowledged (the worker was killed, the machine lost) is delivered again after this long.
  It must be longer than the heavy time limit, or a job still running would be handed to a second
  worker; start-up is refused otherwise. Workers look for such jobs every 10 s. RabbitMQ needs
  none: it redelivers as soon as the worker's connection drops.

Checked by hand with real workers (a worker process or the whole worker killed with SIGKILL in
the middle of an export, on RabbitMQ and on Redis): the job came back under the same task id and
finished once; an export past its soft limit failed with its message.

Queues: `default` (emails, small jobs), `heavy` (PDFs, dashboard exports, imports: run a worker
for it with fewer processes, `celery -A config worker -Q heavy -c 2`), `scheduled` (what beat
starts: the deadline scan, purges, retention; long, never urgent). A single worker may take all
three (`-Q default,heavy,scheduled`). The queues are durable and messages persistent, so on
RabbitMQ a broker restart loses no accepted job; Redis keeps them only as far as its persistence
(appendonly) is configured.

Acknowledgement is late (after the task ran) and a job whose worker process died is put back
(`task_reject_on_worker_lost`): every task that writes is idempotent, so running it again has its
effect once (tests/test_task_idempotency.py).
"""

from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue

DEFAULT, HEAVY, SCHEDULED = "default", "heavy", "scheduled"

QUEUES = tuple(
    Queue(name, Exchange(name, type="direct", durable=True), routing_key=name, durable=True)
    for name in (DEFAULT, HEAVY, SCHEDULED)
)

HEAVY_TASKS = (
    "cases.tasks.generated_document_build",  # pdfs.tasks, registered under its old name
    "dashboard.tasks.export_build",
    "imports.tasks.import_build",
)
SCHEDULED_TASKS = (
    "cases.tasks.deadline_scan",
    "cases.tasks.generated_documents_purge",
    "privacy.tasks.retention_apply",
)
# Every task, and why running it again (a redelivery after its worker died, before or after it
# finished) has its effect once. tests/test_task_idempotency.py fails on a task missing here.
IDEMPOTENT_BY = {
    "cases.tasks.generated_document_build": "core.jobs.FileJob: started under its task id; the file, "
    "the timeline event and the notification in one transaction that re-checks the row is running",
    "dashboard.tasks.export_build": "core.jobs.FileJob; the file and 'done' in one conditional update",
    "imports.tasks.import_build": "core.jobs.FileJob; rows and the job's end in one transaction holding "
    "the job row (select_for_update); ImportedRecord unique per organisation, kind and reference",
    "cases.tasks.deadline_scan": "DeadlineNotice unique per deadline and step, inserted before notifying",
    "cases.tasks.send_notification_emails": "each person's notifications locked (select_for_update) and "
    "marked emailed_at with the send; sent again only if the worker died in between, then under the "
    "same Message-ID (core.mail)",
    "cases.tasks.generated_documents_purge": "only rows not yet expired; each under select_for_update",
    "privacy.tasks.retention_apply": "each rule selects only what is still to do (identity not yet erased); "
    "orphan files are those no row names, deleted once",
    "consortium.tasks.send_notification_email": "writes nothing; an email sent twice has one Message-ID "
    "(the task id's, core.mail), so mail services show it once",
    "consortium.tasks.send_invitation_email": "writes nothing; an email sent twice has one Message-ID "
    "(the task id's, core.mail), so mail services show it once",
}
# On the default queue (a person's action waits for them) but long when it is the daily summary.
LONG_DEFAULT_TASKS = ("cases.tasks.send_notification_emails",)


def soft(limit: int) -> int:
    """The soft limit: a tenth of the time left for the task to record why it stopped."""
    return max(1, limit * 9 // 10)


def routes() -> dict:
    return {
        **{name: {"queue": HEAVY, "routing_key": HEAVY} for name in HEAVY_TASKS},
        **{name: {"queue": SCHEDULED, "routing_key": SCHEDULED} for name in SCHEDULED_TASKS},
    }


def annotations(heavy_limit: int) -> dict:
    """Per-task time limits: the heavy and scheduled tasks get the long one."""
    long = {"time_limit": heavy_limit, "soft_time_limit": soft(heavy_limit)}
    return {name: dict(long) for name in (*HEAVY_TASKS, *SCHEDULED_TASKS, *LONG_DEFAULT_TASKS)}


def broker_transport_options(*, visibility_timeout: int, heavy_limit: int) -> dict:
    if visibility_timeout <= heavy_limit:
        raise ImproperlyConfigured(
            f"CELERY_VISIBILITY_TIMEOUT ({visibility_timeout} s) must be longer than "
            f"CELERY_HEAVY_TASK_TIME_LIMIT ({heavy_limit} s): a job still running would be given to a second worker."
        )
    # Redis looks for jobs past their visibility timeout every 10 s (kombu's default is every 100 s:
    # 10 s times a throttle of 10), so a killed worker's job comes back soon after the timeout.
    return {"visibility_timeout": visibility_timeout, "unacked_restore_interval": 10, "unacked_restore_throttle": 1}
