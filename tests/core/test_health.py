"""Health probes (core/health.py): /health/live and /health/ready, for load balancers and systemd.

Open to anyone, signed in or not (a balancer has no account), so the body says only which check is
ok or failed: never an exception's text, a host, or anything about a case. Each failure of
readiness is tested: the database, the broker, a corrupted canary, a wrong key.
"""

import json
import logging
from unittest import mock

import pytest
from cryptography.fernet import Fernet
from django.db import OperationalError
from django.test import Client

from core import health
from core.models import EncryptionCanary

pytestmark = pytest.mark.django_db

SECRET_HOST = "db-primary.internal.example"


def body(response) -> dict:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_live_answers_anyone_without_a_session(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert body(response) == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies  # no session, no CSRF cookie


def test_live_answers_a_signed_in_person_the_same(client, make_member):
    client.force_login(make_member().user)
    response = client.get("/health/live")
    assert (response.status_code, body(response)) == (200, {"status": "ok"})


def test_probes_pass_the_host_check_and_https_redirect(settings):
    """A balancer probes the address over plain HTTP: no 400 for its Host, no 301 to HTTPS."""
    settings.ALLOWED_HOSTS = ["nyaya.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    client = Client(HTTP_HOST="10.0.0.5:8000")
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").status_code == 200
    # Any other page keeps both protections.
    assert client.get("/accounts/login/").status_code == 400


def test_ready_when_database_and_key_work_without_a_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert body(response) == {"status": "ok", "checks": {"database": "ok", "encryption_key": "ok"}}


def test_other_methods_are_refused(client):
    response = client.post("/health/ready")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_a_failing_database_is_not_ready_and_says_nothing_about_it(client, monkeypatch):
    def down():
        raise OperationalError(f'connection to server at "{SECRET_HOST}" failed: password authentication failed')

    monkeypatch.setattr(health, "check_database", down)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert body(response)["status"] == "failed"
    assert body(response)["checks"]["database"] == "failed"
    assert SECRET_HOST not in response.content.decode()
    assert "password" not in response.content.decode()


def test_an_unreachable_broker_is_not_ready(client, settings):
    settings.CELERY_BROKER_URL = "redis://:broker-password@127.0.0.1:1/0"
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert body(response) == {
        "status": "failed",
        "checks": {"database": "ok", "broker": "failed", "encryption_key": "ok"},
    }
    assert "broker-password" not in response.content.decode()


def test_a_reachable_broker_is_ready(client, settings):
    settings.CELERY_BROKER_URL = "redis://broker.internal:6379/0"
    with mock.patch("kombu.Connection") as connection:
        response = client.get("/health/ready")
    connection.assert_called_once_with("redis://broker.internal:6379/0", connect_timeout=health.BROKER_TIMEOUT_SECONDS)
    assert connection.return_value.__enter__.return_value.ensure_connection.call_count == 1
    assert response.status_code == 200
    assert body(response)["checks"] == {"database": "ok", "broker": "ok", "encryption_key": "ok"}


def test_a_corrupted_canary_is_not_ready(client, settings):
    settings.CELERY_BROKER_URL = ""  # the PostgreSQL run of CI has one: left out here
    EncryptionCanary.objects.update(token="gAAAAA-not-a-token")
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert body(response)["checks"] == {"database": "ok", "encryption_key": "failed"}


def test_a_wrong_key_is_not_ready(client, settings):
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert body(response)["checks"]["encryption_key"] == "failed"


def test_a_missing_canary_is_not_ready(client):
    EncryptionCanary.objects.all().delete()
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert body(response)["checks"]["encryption_key"] == "failed"


def test_probes_write_no_access_log_line(client, caplog):
    caplog.set_level(logging.DEBUG)
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").status_code == 200
    assert [r for r in caplog.records if r.name.startswith(("django.request", "django.server", "nyaya"))] == []


def test_a_failed_probe_logs_the_check_not_the_error(client, monkeypatch, caplog):
    def down():
        raise OperationalError(f"could not translate host name {SECRET_HOST}")

    monkeypatch.setattr(health, "check_database", down)
    caplog.set_level(logging.INFO)
    assert client.get("/health/ready").status_code == 503
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["readiness check database failed: OperationalError"]


def test_gunicorns_access_log_leaves_the_probes_out():
    """config/gunicorn_logging.py: the probes are not written to gunicorn's access log; pages are."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger as GunicornLogger

    from config.gunicorn_logging import HEALTH_PATHS, Logger

    assert HEALTH_PATHS == (health.LIVE_PATH, health.READY_PATH)
    logger = Logger(Config())
    with mock.patch.object(GunicornLogger, "access") as written:
        for path in ("/health/live", "/health/ready/", "/cases/"):
            logger.access(mock.Mock(), mock.Mock(), {"PATH_INFO": path}, mock.Mock())
    assert [call.args[2]["PATH_INFO"] for call in written.call_args_list] == ["/cases/"]
