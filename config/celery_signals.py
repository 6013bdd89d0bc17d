"""What every Celery process does at start and around each task (connected when config.celery loads).

- worker and beat refuse to start when a setting is wrong (core/preflight.py): the message names
  the variable, the process exits 1;
- a task sent during a request carries the request's id, and its log lines show it with the
  task's id and name (core/request_id.py).
"""

import sys

from celery.signals import beat_init, before_task_publish, task_postrun, task_prerun, worker_init

from core import request_id


def refuse_to_start_on_bad_settings(**kwargs) -> None:
    """worker_init / beat_init. Celery logs and swallows a receiver's exceptions, hence the exit."""
    import django
    from django.apps import apps

    if not apps.ready:  # the worker's Django fixup has done it; beat's scheduler too (setup() redoes logging)
        django.setup()
    from core.preflight import StartupRefused, preflight

    try:
        preflight()
    except StartupRefused as exc:
        # The real stderr: beat has by now redirected sys.stderr (and its log handlers) into its logger.
        stream = sys.__stderr__ or sys.stderr
        stream.write(f"{exc}\n")
        stream.flush()
        raise SystemExit(1) from None


worker_init.connect(refuse_to_start_on_bad_settings, weak=False, dispatch_uid="nyaya.preflight.worker")
beat_init.connect(refuse_to_start_on_bad_settings, weak=False, dispatch_uid="nyaya.preflight.beat")
before_task_publish.connect(request_id.add_request_id_to_task_headers, weak=False, dispatch_uid="nyaya.request_id")
task_prerun.connect(request_id.task_context_start, weak=False, dispatch_uid="nyaya.task_context.start")
task_postrun.connect(request_id.task_context_end, weak=False, dispatch_uid="nyaya.task_context.end")
