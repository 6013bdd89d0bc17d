"""The WSGI application gunicorn serves. Loading it runs the start-up checks (core/preflight.py):
a missing or wrong setting stops the worker with a message naming the variable, and gunicorn,
whose workers then cannot boot, stops too instead of serving errors."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
try:
    application = get_wsgi_application()
    from core.preflight import preflight

    preflight()
except ImproperlyConfigured as exc:
    # One clear message on stderr (the settings' own refusals come before logging is set up).
    sys.stderr.write(f"{exc}\n" if str(exc).startswith("Nyaya") else f"Nyaya refuses to start: {exc}\n")
    raise
