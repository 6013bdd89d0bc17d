"""A request id on every log line of a request, and of the Celery tasks that request sends.

The id comes from the proxy's X-Request-ID header when it is a short token (nginx's $request_id,
a load balancer's), else a new one; it is sent back on the response's X-Request-ID header, so a
person reporting a problem can quote it and an operator can find every line it caused. It never
carries personal data: only letters, digits, '-', '_' and '.', at most 64 characters.

It lives in a context variable that the log filter (RequestContextFilter, on every handler of
settings.LOGGING) copies onto each record. Tasks: before_task_publish puts it in the message's
headers, task_prerun sets it (with the task's id and name) in the worker; the receivers are
connected in config/celery_signals.py.
"""

import logging
import re
import uuid
from contextvars import ContextVar, Token

REQUEST_ID_HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id_var: ContextVar[str | None] = ContextVar("nyaya_request_id", default=None)
# (task id, task name) of the task running in this context, for its log lines.
task_var: ContextVar[tuple[str, str] | None] = ContextVar("nyaya_task", default=None)


def valid_request_id(raw: object) -> str | None:
    """The id if it is a short token, else None (anything else could smuggle text into the logs)."""
    if isinstance(raw, str) and VALID_REQUEST_ID.fullmatch(raw):
        return raw
    return None


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE after the health probes: every later middleware's log line carries it.

    The variable is not reset when the response leaves the middleware: Django logs a 4xx/5xx
    response ("Not Found: /...") after the middleware chain returns, and that line belongs to the
    request too. It is cleared when a request starts and when it finishes (core/apps.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = valid_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
        request.request_id = request_id
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def clear_request_id(**kwargs) -> None:
    """request_started / request_finished: no id carries over from one request to the next."""
    request_id_var.set(None)


class RequestContextFilter(logging.Filter):
    """Puts request_id (and task_id, task_name in a task) on every record; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        task = task_var.get()
        record.task_id, record.task_name = task if task else (None, None)
        return True


# --- Celery (connected in config/celery_signals.py) ------------------------------------------------

_task_tokens: dict[str, tuple[Token, Token | None]] = {}


def add_request_id_to_task_headers(headers: dict | None = None, **kwargs) -> None:
    """before_task_publish: the request that sends a task hands its id to the worker."""
    request_id = request_id_var.get()
    if headers is not None and request_id and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


def task_context_start(task_id: str | None = None, task=None, **kwargs) -> None:
    """task_prerun: the task's id and name, and the id of the request that sent it, on its log lines.

    An eager task (no broker: the embedded default, tests) runs inside the request that sent it
    and keeps that request's id as it is.
    """
    if task is None or task_id is None:
        return
    request = getattr(task, "request", None)
    task_token = task_var.set((task_id, task.name))
    request_token = None
    if not getattr(request, "is_eager", False):
        request_token = request_id_var.set(valid_request_id(getattr(request, TASK_HEADER, None)))
    _task_tokens[task_id] = (task_token, request_token)


def task_context_end(task_id: str | None = None, **kwargs) -> None:
    """task_postrun: back to what the context held before the task (nothing, in a worker)."""
    tokens = _task_tokens.pop(task_id, None) if task_id else None
    if tokens is None:
        return
    task_token, request_token = tokens
    try:
        task_var.reset(task_token)
        if request_token is not None:
            request_id_var.reset(request_token)
    except ValueError:  # set in another context (a pool thread): clear instead
        task_var.set(None)
        request_id_var.set(None)
