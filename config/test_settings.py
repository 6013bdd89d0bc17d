"""Settings for the test suite: the real settings, with fixed keys and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "Ad1pOnQlVn6CdCTiyFtEtyVhAxkmGYIc4O1-5yGJpz0=")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# The dashboard's figures are computed on every page in tests (a test changes the data and reads
# them again); tests/dashboard/test_figures_kept.py turns keeping them on.
DASHBOARD_FIGURES_SECONDS = 0
