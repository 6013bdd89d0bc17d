import os

import pytest
from django.core import mail

from config.celery import app as celery_app
from consortium.tasks import send_notification_email

from .conftest import need_service


def test_notification_task_runs_eagerly_without_a_broker(make_member):
    member = make_member(email="worker@example.org")
    result = send_notification_email.delay(user_id=member.user.pk, subject="Hello", body="A test message")
    assert result.get() is True
    assert mail.outbox[0].to == ["worker@example.org"]


def test_notification_task_skips_people_without_email(make_member):
    member = make_member(email="")
    assert send_notification_email.delay(user_id=member.user.pk, subject="x", body="y").get() is False
    assert mail.outbox == []


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_a_real_broker_and_worker(make_member):
    """With CELERY_BROKER_URL set, a real worker takes the task from the broker."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    need_service("CELERY_BROKER_URL (a real Celery broker)", bool(broker))
    from celery.contrib.testing.worker import start_worker

    member = make_member(email="worker@example.org")
    celery_app.conf.task_always_eager = False
    assert celery_app.conf.broker_url == broker  # this process's own database (tests/conftest.py)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        result = send_notification_email.delay(user_id=member.user.pk, subject="Via broker", body="Round trip")
        assert result.get(timeout=60) is True
    assert [m.subject for m in mail.outbox] == ["Via broker"]


def test_each_test_process_has_a_redis_database_of_its_own():
    from .conftest import broker_of_this_process

    assert broker_of_this_process("redis://127.0.0.1:6379/0", "gw0") == "redis://127.0.0.1:6379/1"
    assert broker_of_this_process("redis://:pw@127.0.0.1:6379/0", "gw1") == "redis://:pw@127.0.0.1:6379/2"
    assert broker_of_this_process("redis://127.0.0.1:6379/0", "master") == "redis://127.0.0.1:6379/0"
    assert broker_of_this_process("amqp://guest@127.0.0.1//", "gw0") == "amqp://guest@127.0.0.1//"


@pytest.mark.services
def test_database_is_postgresql_when_configured(db):
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    need_service("DATABASE_URL (PostgreSQL)", url.startswith("postgres"))
    assert connection.vendor == "postgresql"


def test_beat_runs_the_deadline_scan_and_the_daily_summaries():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["deadline-scan"]["task"] == "cases.tasks.deadline_scan"
    assert schedule["deadline-scan"]["schedule"] <= 15 * 60
    assert schedule["daily-email-summaries"]["kwargs"] == {"frequency": "daily"}
    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert "cases.tasks.deadline_scan" in celery_app.tasks


def test_a_worker_finds_the_pdf_build_under_the_name_queued_jobs_carry():
    """The build moved from cases.tasks to pdfs.tasks (issue 18); jobs queued before an upgrade
    name it cases.tasks.generated_document_build, and a worker still finds it by that name."""
    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    task = celery_app.tasks["cases.tasks.generated_document_build"]
    assert task.__module__ == "pdfs.tasks" and task.acks_late
