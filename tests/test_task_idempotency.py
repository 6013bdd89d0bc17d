"""Every Celery task: its queue, its time limit, and why running it twice has its effect once.

The builds (PDFs, exports, imports) are run twice with a worker dying in between in their own
apps' tests (tests/pdfs/test_build_redelivered.py, tests/dashboard/test_export_redelivered.py,
tests/imports/test_import_redelivered.py); the deadline scan and the emails are sent once however
often they run in tests/cases/test_reminders.py. Here: the list itself, the settings, and the
scheduled clean-ups run twice."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from cases.models import Case, CaseEvent, GeneratedDocument
from cases.services import case_close
from config import queues
from config.celery import app as celery_app
from consortium.models import Role
from privacy.models import ErasureRequest, RetentionRule
from privacy.reference import load_retention_rules
from survivors.models import Survivor
from tests.cases.helpers import FULL_NAME, open_survivor_case


def our_tasks() -> set[str]:
    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    # Celery's own, and tasks a test module defines for itself (tests.core.test_request_id), are not ours.
    return {name for name in celery_app.tasks if not name.startswith(("celery.", "tests."))}


def test_every_task_says_why_running_it_again_has_its_effect_once():
    assert our_tasks() == set(queues.IDEMPOTENT_BY)


def test_heavy_jobs_have_their_own_queue_and_the_long_time_limit():
    our_tasks()  # registered, as in a worker
    assert {q.name for q in settings.CELERY_TASK_QUEUES} == {"default", "heavy", "scheduled"}
    assert all(q.durable for q in settings.CELERY_TASK_QUEUES)
    routes = settings.CELERY_TASK_ROUTES
    for name in ("cases.tasks.generated_document_build", "dashboard.tasks.export_build", "imports.tasks.import_build"):
        assert routes[name]["queue"] == "heavy"
        assert celery_app.tasks[name].time_limit == settings.CELERY_HEAVY_TASK_TIME_LIMIT == 1800
        assert celery_app.tasks[name].soft_time_limit == 1620
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert routes.get(entry["task"], {"queue": "default"})["queue"] in {"scheduled", "default"}
    assert routes["cases.tasks.deadline_scan"]["queue"] == "scheduled"
    # Emails after a person's action are not stuck behind the scans: default queue, default limits.
    assert "consortium.tasks.send_notification_email" not in routes
    assert celery_app.tasks["consortium.tasks.send_notification_email"].time_limit == 300  # the global one
    assert (settings.CELERY_TASK_TIME_LIMIT, settings.CELERY_TASK_SOFT_TIME_LIMIT) == (300, 270)
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == 3600


def test_a_visibility_timeout_shorter_than_the_longest_job_is_refused_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="CELERY_VISIBILITY_TIMEOUT .*CELERY_HEAVY_TASK_TIME_LIMIT"):
        queues.broker_transport_options(visibility_timeout=1800, heavy_limit=1800)
    options = queues.broker_transport_options(visibility_timeout=1801, heavy_limit=1800)
    assert options["visibility_timeout"] == 1801 and options["unacked_restore_throttle"] == 1


@pytest.mark.django_db
def test_the_purge_run_twice_expires_each_document_once(make_member, org_wb, settings, tmp_path):
    from cases.tasks import generated_documents_purge

    settings.MEDIA_ROOT = tmp_path / "media"
    lead = make_member(Role.CASEWORKER, org_wb)
    case = open_survivor_case(lead)
    past = timezone.now() - datetime.timedelta(hours=1)
    document = GeneratedDocument.objects.create(
        case=case, kind="dossier", requested_by=lead.user, status="done", password="abcd", expires_at=past
    )
    assert generated_documents_purge.apply().get() == 1
    assert generated_documents_purge.apply().get() == 0
    document.refresh_from_db()
    assert document.status == "expired" and document.password == ""


@pytest.mark.django_db
def test_retention_run_twice_erases_her_identity_once(make_member, org_wb, settings, tmp_path):
    from privacy.tasks import retention_apply

    settings.MEDIA_ROOT = tmp_path / "media"
    load_retention_rules(RetentionRule)
    lead = make_member(Role.CASEWORKER, org_wb)
    case = Case.objects.get(pk=open_survivor_case(lead).pk)
    case_close(
        actor=lead.user,
        case=case,
        expected_version=case.version,
        reason=Case.ClosureReason.JUSTICE_COMPLETE,
        closed_on=timezone.localdate() - datetime.timedelta(days=8 * 365),
    )
    events = CaseEvent.objects.filter(case=case).count()
    assert retention_apply.apply().get()["closed_case_identity"] == 1
    after_first = CaseEvent.objects.filter(case=case).count()
    assert retention_apply.apply().get()["closed_case_identity"] == 0
    assert Survivor.objects.get(pk=case.survivor_id).full_name == "" != FULL_NAME
    assert ErasureRequest.objects.filter(survivor_id=case.survivor_id).count() == 1
    assert CaseEvent.objects.filter(case=case).count() == after_first > events


@pytest.mark.django_db
def test_exports_and_imports_killed_at_their_hard_limit_are_failed_by_the_deadline_scan(make_member, org_wb):
    """A job killed at its hard time limit is acknowledged, not delivered again: its row would
    stay "running" for ever. The scan fails it (an hour after its start) with a message."""
    from cases.tasks import deadline_scan
    from dashboard.models import ExportJob
    from imports.models import ImportJob

    admin = make_member(Role.ORG_ADMIN, org_wb)
    started = {"two hours ago": timezone.now() - datetime.timedelta(hours=2), "now": timezone.now()}
    exports = {
        when: ExportJob.objects.create(
            user=admin.user, membership=admin, kind="htcds", fmt="csv", status="running", started_at=at
        )
        for when, at in started.items()
    }
    imports = {
        when: ImportJob.objects.create(
            user=admin.user, organisation=org_wb, file_name="c.csv", status="running", started_at=at
        )
        for when, at in started.items()
    }
    result = deadline_scan.apply().get()
    assert (result["exports_stopped"], result["imports_stopped"]) == (1, 1)
    for job in (*exports.values(), *imports.values()):
        job.refresh_from_db()
    assert (
        exports["two hours ago"].status == "failed" and "stopped before it finished" in exports["two hours ago"].error
    )
    assert imports["two hours ago"].status == "failed" and "nothing was imported" in imports["two hours ago"].error
    assert exports["now"].status == imports["now"].status == "running"
    assert deadline_scan.apply().get()["exports_stopped"] == 0  # once
