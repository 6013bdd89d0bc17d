"""gunicorn's settings for Nyaya's web service (deploy/systemd/nyaya-web.service; docs/deploy.md).

Read by `gunicorn --config deploy/gunicorn.conf.py config.wsgi`. Each value can be changed in
/etc/nyaya/nyaya.env without editing this file: GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_TIMEOUT,
GUNICORN_ACCESS_LOG, FORWARDED_ALLOW_IPS.

The access log never holds a query string (a search or a filter can carry a survivor's name or
phone: they are posted, but a hand-typed address may not be) nor the Referer (the previous page's
address, with its own query string); health checks are not logged at all (a load balancer asks
every few seconds).
"""

import os


def _cpu_count() -> int:
    # The CPUs this process may run on (a container's or a systemd CPUAffinity's), not the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number; got {raw!r}.") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1; got {raw!r}.")
    return value


# Only the proxy on this machine talks to gunicorn (nginx, deploy/nginx/nyaya.conf): the
# X-Forwarded-Proto it sets is what BEHIND_TLS_PROXY=1 trusts, so nothing else may reach this port.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").strip()]

# Sync workers: a page is CPU-bound Python (about 20-40 ms of CPU, bench/README.md) and PostgreSQL
# answers in a few ms. One per CPU plus one keeps every core busy while one worker waits on the
# database: on the 2-core machine of bench/README.md, 3 workers served 56-60 requests/s.
workers = _env_int("GUNICORN_WORKERS", _cpu_count() + 1)
worker_class = "sync"

# Long work (PDFs, large exports, imports) runs in Celery, never in a request: a request still
# running after this many seconds is stuck, and its worker is restarted.
timeout = _env_int("GUNICORN_TIMEOUT", 60)
# On restart or reload (SIGHUP), requests in progress get this long to finish.
graceful_timeout = 30
# nginx keeps connections to gunicorn short; a few seconds avoids a reconnection per request.
keepalive = 5
# A worker is replaced after this many requests (spread so they do not all restart at once): memory
# that Python does not give back stays bounded.
max_requests = 1000
max_requests_jitter = 100
# The workers' heartbeat files in memory, not on disk (a busy disk must not look like a hung worker);
# gunicorn unlinks each as it opens it, so the shared folder exposes nothing.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# X-Forwarded-* are believed only from these addresses (the proxy on this machine; a load balancer's
# address in a national deployment, docs/deploy.md).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1").strip()

# Application logs (Django's LOGGING, with its no_pii filter) go to stderr, i.e. the journal.
errorlog = "-"
loglevel = "info"
# The access log: a file rotated by deploy/logrotate/nyaya, or "-" for the journal.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-").strip() or "-"
# Client address (from the proxy), time, method, PATH without its query string, status, bytes,
# seconds, the request id the proxy gave (the same id in nginx's log and in Django's).
access_log_format = '%({x-forwarded-for}i)s - %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)s %({x-request-id}i)s'

# No health probes, no token from an emailed link (config/gunicorn_logging.py; gunicorn puts its
# working directory, the project's, on the import path).
logger_class = "config.gunicorn_logging.Logger"


class ClientAddressFromProxy:
    """REMOTE_ADDR is the client's address, not the proxy's.

    gunicorn gives the application the address of whoever opened the connection: nginx's
    127.0.0.1 for every request. Nyaya reads REMOTE_ADDR only (never a forwarded header, which a
    client can forge: cases/audit.py, consortium/security.py), for the access log's "from which
    address", django-axes and the per-address limits of password resets. So when the connection
    comes from a trusted proxy (forwarded_allow_ips), the address that proxy put last in
    X-Forwarded-For (nginx sets it to the client's, deploy/nginx/nyaya-proxy.conf) becomes
    REMOTE_ADDR; from anyone else the header is ignored.
    """

    def __init__(self, application, trusted: str):
        self.application = application
        self.trusted = {address.strip() for address in trusted.split(",") if address.strip()}

    def __call__(self, environ, start_response):
        forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and ("*" in self.trusted or environ.get("REMOTE_ADDR") in self.trusted):
            client = forwarded.split(",")[-1].strip()
            if client:
                environ["REMOTE_ADDR"] = client
        return self.application(environ, start_response)


def post_worker_init(worker):
    worker.wsgi = ClientAddressFromProxy(worker.wsgi, forwarded_allow_ips)


# The process title systemd and ps show: which instance this is.
proc_name = "nyaya-web"
