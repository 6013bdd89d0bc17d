"""gunicorn's access logger for Nyaya (deploy/gunicorn.conf.py: `logger_class`).

- The health probes are not written: a load balancer asking /health/ready every few seconds would
  fill the log with lines nobody reads.
- A path carrying a credential (a password reset's or an invitation's token) is logged by its
  beginning only; deploy/nginx/nyaya.conf does the same in nginx's log.
- The query string and the Referer never appear: the format in deploy/gunicorn.conf.py leaves them out.

Loaded by gunicorn's master before Django is set up, so it imports nothing from the project.
"""

from gunicorn.glogging import Logger as GunicornLogger

# The same as core.health.LIVE_PATH and READY_PATH (tests/core/test_health.py checks it).
HEALTH_PATHS = ("/health/live", "/health/ready")
TOKEN_PATH_PREFIXES = ("/accounts/reset/", "/accounts/invitation/")


class Logger(GunicornLogger):
    def access(self, resp, req, environ, request_time):
        path = environ.get("PATH_INFO") or ""
        if path.rstrip("/") in HEALTH_PATHS or path.startswith("/health/"):
            return  # the probes, and any other address under /health/ a balancer may be set to ask
        for prefix in TOKEN_PATH_PREFIXES:
            if path.startswith(prefix):
                environ = {**environ, "PATH_INFO": prefix + "..."}
                break
        super().access(resp, req, environ, request_time)
