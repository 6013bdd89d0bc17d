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

# The API's rate limits are tested on their own (tests/api/test_tokens.py sets a small one); elsewhere
# a test's hundreds of calls with one token (the contract tests, the sweep) must not be throttled.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"token": "1000000/minute", "session": "1000000/minute"},
}
