"""gunicorn's logger without the health probes in its access log.

A load balancer probing /health/ready every few seconds would otherwise fill the access log with
lines nobody reads. For deploy/gunicorn.conf.py: `logger_class = "config.gunicorn_logging.Logger"`.
Loaded by gunicorn's master before Django is set up, so it imports nothing from the project.
"""

from gunicorn.glogging import Logger as GunicornLogger

# The same as core.health.LIVE_PATH and READY_PATH (tests/core/test_health.py checks it).
HEALTH_PATHS = ("/health/live", "/health/ready")


class Logger(GunicornLogger):
    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO", "").rstrip("/") in HEALTH_PATHS:
            return
        super().access(resp, req, environ, request_time)
