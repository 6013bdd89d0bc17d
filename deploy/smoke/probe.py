#!/usr/bin/env python
"""What `make prod-smoke` (deploy/smoke/run.py) asks of the database and the settings, in the smoke's
own environment: run as a separate process with the production variables, it prints one JSON object.

    probe.py queues                 every queue the worker must consume (settings, Celery's routes)
    probe.py long-case              a case with a long history for cw_wb (the 50-page dossier of bench-pdf)
    probe.py document TOKEN         a generated PDF's row, its stored file and what it left on the case
    probe.py files                  how many generated PDFs are stored
    probe.py scans [SINCE]          the deadline scans the worker finished (django-celery-results rows)

Synthetic data only; nothing here prints a survivor's details.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def queues() -> dict:
    """The default queue, every declared queue and every queue a route names."""
    from config.celery import app

    conf = app.conf
    names = {conf.task_default_queue or "celery"}
    names.update(app.amqp.queues.keys())
    routes = conf.task_routes or {}
    for route in routes if isinstance(routes, list | tuple) else [routes]:
        if isinstance(route, dict):
            for target in route.values():
                queue = target.get("queue") if isinstance(target, dict) else target
                if isinstance(queue, str):
                    names.add(queue)
                elif queue is not None and getattr(queue, "name", None):
                    names.add(queue.name)
    # Where a dossier goes: the queue a worker must hold back for fault (b).
    route = app.amqp.router.route({}, "cases.tasks.generated_document_build")
    dossier = route.get("queue")
    dossier_queue = getattr(dossier, "name", dossier) or conf.task_default_queue or "celery"
    names.add(dossier_queue)
    return {"queues": sorted(names), "dossier_queue": dossier_queue}


def long_case(events: int = 1000, hearings: int = 120) -> dict:
    """bench/pdf_dossier.py's case: the real dossier of it takes seconds, long enough to kill a worker
    in the middle of building it."""
    from bench.pdf_dossier import build_case

    case, user = build_case(events, hearings)
    return {"case": case.pk, "user": user.username}


def document(token: str) -> dict:
    from django.core.files.storage import default_storage

    from cases.models import CaseEvent, GeneratedDocument, Notification

    row = GeneratedDocument.objects.filter(token=token).first()
    if row is None:
        return {"found": False}
    events = CaseEvent.objects.filter(
        case_id=row.case_id, kind=CaseEvent.Kind.DOCUMENT_GENERATED, data__generated_document=row.pk
    ).count()
    notifications = Notification.objects.filter(case_id=row.case_id, url__contains=str(row.token)).count()
    return {
        "found": True,
        "status": row.status,
        "attempts": row.attempts,
        "has_file": bool(row.file) and default_storage.exists(row.file.name),
        "generated_files": generated_files(),
        "events": events,
        "notifications": notifications,
        "rows_for_case_kind_user": GeneratedDocument.objects.filter(
            case_id=row.case_id, kind=row.kind, requested_by_id=row.requested_by_id
        ).count(),
    }


def generated_files() -> int:
    """Every stored generated PDF (random names under generated/): a second copy would show here."""
    from django.core.files.storage import default_storage

    return len(default_storage.listdir("generated")[1]) if default_storage.exists("generated") else 0


def scans(since: str = "") -> dict:
    """Deadline scans completed (since an ISO time: this run's beat)."""
    from django.utils.dateparse import parse_datetime
    from django_celery_results.models import TaskResult

    done = TaskResult.objects.filter(task_name="cases.tasks.deadline_scan", status="SUCCESS")
    if since:
        done = done.filter(date_done__gte=parse_datetime(since))
    last = done.order_by("-date_done").values_list("date_done", flat=True).first()
    return {"succeeded": done.count(), "last": last.isoformat() if last else None}


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    setup()
    what, args = argv[0], argv[1:]
    handlers = {
        "queues": queues,
        "long-case": long_case,
        "document": document,
        "scans": scans,
        "files": lambda: {"generated_files": generated_files()},
    }
    if what not in handlers:
        print(f"probe: unknown question {what!r}", file=sys.stderr)
        return 2
    print(json.dumps(handlers[what](*args)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
