"""The request id (core/request_id.py) and JSON logs (core/log_format.py): every log line of a
request, and of the Celery tasks it sends, carries the request's id; the no_pii filter still
rewrites what JSON lines say. All data synthetic."""

import io
import json
import logging
from types import SimpleNamespace

import pytest
from django.http import HttpResponse
from django.urls import path

from cases.logging_filters import RedactPII
from config.celery import app as celery_app
from core import request_id
from core.log_format import JsonFormatter

pytestmark = pytest.mark.django_db

log = logging.getLogger("nyaya.tests.request_id")


@celery_app.task(name="tests.core.log_inside_a_task")
def log_inside_a_task():
    log.warning("inside the task")
    return True


def send_a_task(request):
    log.warning("before sending the task")
    log_inside_a_task.delay()
    return HttpResponse("sent")


urlpatterns = [path("send-a-task/", send_a_task)]


@pytest.fixture
def json_lines():
    """What the configured handlers (no_pii and request_context filters) write, as JSON lines."""
    handlers = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactPII) for f in h.filters)]
    assert handlers, "settings.LOGGING puts its filtered console on the root logger"
    output = io.StringIO()
    saved = [(h.setStream(output), h.formatter) for h in handlers]
    for handler in handlers:
        handler.setFormatter(JsonFormatter())
    try:
        yield lambda: [json.loads(line) for line in output.getvalue().splitlines()]
    finally:
        for handler, (stream, formatter) in zip(handlers, saved, strict=True):
            handler.setStream(stream)
            handler.setFormatter(formatter)


def test_a_given_request_id_is_kept_and_returned(client):
    response = client.get("/health/nothing", HTTP_X_REQUEST_ID="lb-7f3a.9_Q")
    assert response["X-Request-ID"] == "lb-7f3a.9_Q"


@pytest.mark.parametrize("given", ["", "has space", "98312 40917\nforged line", "<script>", "x" * 65, "नाम"])
def test_a_malformed_request_id_is_replaced(client, given):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=given)
    assert response.status_code == 200
    generated = response["X-Request-ID"]
    assert generated != given
    assert len(generated) == 32 and int(generated, 16) >= 0


def test_each_request_gets_its_own_id(client):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]
    assert first != second
    assert request_id.request_id_var.get() is None  # nothing left over after the request


def test_a_requests_log_lines_carry_its_id(client, json_lines):
    response = client.get("/cases/no-such-page/", HTTP_X_REQUEST_ID="req-404-check")
    assert response.status_code == 404
    not_found = [line for line in json_lines() if line["message"].startswith("Not Found: /cases/no-such-page/")]
    assert len(not_found) == 1
    line = not_found[0]
    assert line["request_id"] == "req-404-check"
    assert (line["level"], line["logger"]) == ("WARNING", "django.request")
    assert set(line) == {"time", "level", "logger", "message", "request_id"}
    assert line["time"].endswith("+00:00")


@pytest.mark.urls(__name__)
def test_a_task_sent_in_a_request_logs_with_the_requests_id(client, json_lines):
    response = client.get("/send-a-task/", HTTP_X_REQUEST_ID="req-with-task")
    assert response.content == b"sent"
    lines = {line["message"]: line for line in json_lines() if line["logger"] == log.name}
    assert lines["before sending the task"]["request_id"] == "req-with-task"
    assert "task_id" not in lines["before sending the task"]
    in_task = lines["inside the task"]
    assert in_task["request_id"] == "req-with-task"
    assert in_task["task_name"] == "tests.core.log_inside_a_task"
    assert len(in_task["task_id"]) == 36


def test_publishing_a_task_puts_the_request_id_in_its_headers():
    """The web process's half, through Celery's real publish path (an in-memory broker)."""
    celery_app.conf.task_always_eager = False  # published, not run (tests/conftest.py restores it)
    token = request_id.request_id_var.set("req-published")
    try:
        with celery_app.connection_for_write("memory://") as connection:
            log_inside_a_task.apply_async(connection=connection, queue="request-id-test")
            message = connection.SimpleQueue("request-id-test").get(timeout=5)
    finally:
        request_id.request_id_var.reset(token)
    assert message.headers["request_id"] == "req-published"
    assert message.headers["task"] == "tests.core.log_inside_a_task"


def test_no_request_no_header():
    headers = {"task": "x"}
    request_id.add_request_id_to_task_headers(headers=headers)
    assert headers == {"task": "x"}


def test_the_worker_takes_the_id_from_the_headers_and_clears_it_after_the_task():
    """The worker's half: task_prerun sets the id and the task; task_postrun restores the context."""
    task = SimpleNamespace(name="cases.tasks.deadline_scan", request=SimpleNamespace(is_eager=False, request_id="r-1"))
    request_id.task_context_start(task_id="t-1", task=task)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "in the worker", (), None)
    request_id.RequestContextFilter().filter(record)
    assert (record.request_id, record.task_id, record.task_name) == ("r-1", "t-1", "cases.tasks.deadline_scan")
    request_id.task_context_end(task_id="t-1")
    assert request_id.request_id_var.get() is None
    assert request_id.task_var.get() is None


def test_the_worker_refuses_a_forged_id_in_the_headers():
    task = SimpleNamespace(name="t", request=SimpleNamespace(is_eager=False, request_id="a b\nforged"))
    request_id.task_context_start(task_id="t-2", task=task)
    try:
        assert request_id.request_id_var.get() is None
    finally:
        request_id.task_context_end(task_id="t-2")


def test_json_lines_keep_the_no_pii_rewriting(json_lines):
    try:
        raise ValueError("lookup failed for 98312 40917 and rupali@example.org")
    except ValueError:
        log.exception("search for 98312 40917 by rupali@example.org failed")
    (line,) = [line for line in json_lines() if line["logger"] == log.name]
    assert line["message"] == "search for [phone] by [email] failed"
    assert "ValueError: lookup failed for [phone] and [email]" in line["exception"]
    assert "98312" not in json.dumps(line) and "rupali" not in json.dumps(line)
    assert line["request_id"] is None


def test_json_formatter_writes_one_object_per_line():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "two\nlines", (), None)
    text = JsonFormatter().format(record)
    assert "\n" not in text
    assert json.loads(text)["message"] == "two\nlines"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_id_crosses_a_real_broker_to_a_real_worker():
    """CI's services run: the web side's id reaches the worker's log lines through the broker (the
    worker's thread starts with an empty context: the id can only come from the task's headers).
    Starting a worker reconfigures logging (Celery's Django fixup runs django.setup()), so the lines
    are caught by a handler of the test's own, with the configured filters."""
    import os

    from celery.contrib.testing.worker import start_worker

    from tests.conftest import need_service

    need_service("CELERY_BROKER_URL (a real Celery broker)", bool(os.environ.get("CELERY_BROKER_URL")))
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.addFilter(RedactPII())
    handler.addFilter(request_id.RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        # Attached once the worker has started: its start sets the root logger's level (the test
        # worker's "error") and reconfigures logging, so the test's logger keeps a level of its own.
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        try:
            token = request_id.request_id_var.set("req-real-broker")
            try:
                result = log_inside_a_task.delay()
            finally:
                request_id.request_id_var.reset(token)
            assert result.get(timeout=60) is True
        finally:
            log.removeHandler(handler)
            log.setLevel(logging.NOTSET)
    lines = [json.loads(line) for line in output.getvalue().splitlines()]
    (in_task,) = [line for line in lines if line["message"] == "inside the task"]
    assert in_task["request_id"] == "req-real-broker"
    assert in_task["task_id"] == result.id
