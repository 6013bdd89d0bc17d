import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("nyaya")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Start-up refusal and the request id in tasks (config/celery_signals.py).
from . import celery_signals  # noqa: E402,F401
