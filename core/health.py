"""Health probes for load balancers, systemd and monitoring: /health/live and /health/ready.

Answered by the first middleware, before anything else runs: no session, no login or second
sign-in step, no host check (a balancer probes by address), no HTTPS redirect, no cookies, no log
line per probe. The body names each check and says ok or failed, never why: an exception's text
could carry a host name, a user name or a path. The reason goes to the application's log (the
exception's class only), where the operator looks.

- live: the process answers (no database, no broker).
- ready: the database answers a query; the broker accepts a connection when CELERY_BROKER_URL is
  set (tasks run in-process otherwise, and the check is left out); the encryption canary decrypts
  with FIELD_ENCRYPTION_KEY (core/canary.py). 200 when all pass, else 503.
"""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse, JsonResponse

from . import canary

log = logging.getLogger("nyaya.health")

LIVE_PATH = "/health/live"
READY_PATH = "/health/ready"
BROKER_TIMEOUT_SECONDS = 2
OK, FAILED = "ok", "failed"


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as connection:
        connection.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, interval_max=0, timeout=BROKER_TIMEOUT_SECONDS
        )


def check_encryption_key() -> None:
    state = canary.canary_state()
    if state is not canary.CanaryState.OK:
        raise RuntimeError(f"encryption canary: {state.value}")


def readiness() -> dict[str, str]:
    """Each check's name and ok/failed, in a fixed order."""
    checks = {"database": check_database}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = check_broker
    checks["encryption_key"] = check_encryption_key
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure is "not ready", never a 500
            log.warning("readiness check %s failed: %s", name, exc.__class__.__name__)
            results[name] = FAILED
        else:
            results[name] = OK
    return results


def _json(status: int, body: dict) -> HttpResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    # Django logs every 5xx response ("Service Unavailable: ..."); the failed check is logged above.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: a probe never reaches sessions, sign-in or the host check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path not in (LIVE_PATH, READY_PATH):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _json(405, {"status": "method not allowed"})
            response["Allow"] = "GET, HEAD"
            return response
        if path == LIVE_PATH:
            return _json(200, {"status": OK})
        checks = readiness()
        ready = all(result == OK for result in checks.values())
        return _json(200 if ready else 503, {"status": OK if ready else FAILED, "checks": checks})
