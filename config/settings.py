"""Nyaya settings. Everything that differs between machines comes from the environment.

See README.md, "Configuration", for the table of variables. Defaults are safe for
production (DEBUG off, secure cookies); `make run` turns DEBUG on for the embedded demo.
"""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from . import queues
from .env import (
    cache_config,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_str,
    fernet_keys_from_env_or_file,
    secret_from_env_or_file,
)
from .storage import default_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NYAYA_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_from_env_or_file("SECRET_KEY", VAR_DIR / "secret_key")
# Survivor identity, contacts and files are encrypted with this key (Fernet).
# Several comma-separated keys allow rotation: the first encrypts, all decrypt.
# A malformed key stops start-up here, naming the variable; a well-formed key that does not decrypt
# the database's data is refused at start by core/preflight.py (the encryption canary).
FIELD_ENCRYPTION_KEY = fernet_keys_from_env_or_file("FIELD_ENCRYPTION_KEY", VAR_DIR / "field_encryption_key")
# Backups (manage.py backup / restore) are encrypted with a separate Fernet key, from this variable
# or else the file (`make keys` writes a development one); keep a copy away from the backups and the
# server (docs/security.md). Read only when a backup is made or restored.
BACKUP_ENCRYPTION_KEY = env_str("BACKUP_ENCRYPTION_KEY")
BACKUP_ENCRYPTION_KEY_FILE = Path(env_str("BACKUP_ENCRYPTION_KEY_FILE") or VAR_DIR / "backup_encryption_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "guardian",
    "simple_history",
    "django_htmx",
    "django_celery_beat",
    "django_celery_results",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "consortium",
    "cases",
    "survivors",
    "care",
    "referrals",
    "legal",
    "compensation",
    "dashboard",
    "pdfs",
    "imports",
    "privacy",
    "api",
    "selfaccess",
]

MIDDLEWARE = [
    # /health/live and /health/ready answer before anything else: no session, sign-in, host check
    # or HTTPS redirect for a load balancer's probe (core/health.py).
    "core.health.HealthCheckMiddleware",
    # The request id on every later log line, on the response, and on the tasks sent (core/request_id.py).
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A survivor signed in to her own page reaches only her pages (/my/), each request re-checked.
    "selfaccess.session.SelfAccessMiddleware",
    # Nothing a signed-in person sees is kept in a browser or proxy cache (shared office computers).
    "config.middleware_security.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "consortium.middleware.CurrentMembershipMiddleware",
    # Her language kept on her account wins over the browser's (the switcher saves it).
    "consortium.middleware.PreferredLanguageMiddleware",
    # Idle and absolute session limits, then the second sign-in step (consortium/mfa.py).
    "consortium.sessions.SessionPolicyMiddleware",
    "consortium.mfa.MfaRequiredMiddleware",
    "cases.middleware.RefusedCaseActionLogMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "consortium.context_processors.navigation",
                "cases.context_processors.notifications",
            ],
            # {{ amount|rupees }} in every template (core/money.py).
            "builtins": ["core.templatetags.money"],
        },
    },
]
# Django's form renderer, with <select> drawn in Python (core/renderers.py): the same HTML, faster.
FORM_RENDERER = "core.renderers.Renderer"

DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'nyaya.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
# A read replica (optional): dashboards and exports read there, everything else and every write
# on the primary (core/replica.py; the replica may be a few seconds behind).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_config(
        env_str("DATABASE_REPLICA_URL"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        variable="DATABASE_REPLICA_URL",
    )
    # Tests run against one database: the replica alias reads the test database of the primary.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django's cache (the dashboard's figures, DASHBOARD_FIGURES_SECONDS): each process's memory, or,
# with several web workers or servers, one Redis they share (CACHE_URL=redis://host:6379/1).
CACHES = cache_config(env_str("CACHE_URL"))

AUTH_USER_MODEL = "consortium.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out credentials before any other check.
    "axes.backends.AxesStandaloneBackend",
    "consortium.backends.MembershipBackend",
    # Not guardian's own ObjectPermissionBackend: it ignores the expiry of a break-glass grant.
    "cases.backends.CaseObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # invitation and reset links live three days

# Sessions end after 30 idle minutes (15 for coordinators, organisation admins and
# superusers, who see more) and 12 hours after login whatever happens (consortium/sessions.py).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_IDLE_SECONDS_PRIVILEGED = env_int("SESSION_IDLE_SECONDS_PRIVILEGED", 15 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600)
# A request writes the session only when something in it changed; activity is stamped at most
# once a minute (SESSION_ACTIVITY_WRITE_SECONDS, consortium/sessions.py): a row write per page
# was a third of the writes under load.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ACTIVITY_WRITE_SECONDS = env_int("SESSION_ACTIVITY_WRITE_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Her own page (selfaccess): shorter sessions than staff ones (a shared phone, or one taken from
# her), where its "leave quickly" button goes (a neutral page), and the gateway of its one-time
# codes by SMS (selfaccess/sms.py; docs/her-page.md says how to plug a provider).
SELF_ACCESS_IDLE_SECONDS = env_int("SELF_ACCESS_IDLE_SECONDS", 10 * 60)
SELF_ACCESS_ABSOLUTE_SECONDS = env_int("SELF_ACCESS_ABSOLUTE_SECONDS", 60 * 60)
SELF_ACCESS_EXIT_URL = env_str("SELF_ACCESS_EXIT_URL", "https://www.google.com/")
SMS_BACKEND = env_str("SMS_BACKEND", "selfaccess.sms.ConsoleBackend")
# A form whose security token expired: on her page, her own neutral page (config/errors.py).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

# Lockout: 5 failed attempts on one username lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
# Per username, not per address: NGO staff often share one office or mobile-carrier
# address, and one person's typos must not lock out her colleagues. Rate-limit by
# address at the reverse proxy instead (README, "Production").
AXES_LOCKOUT_PARAMETERS = ["username"]
# guardian.W001 asks for guardian's own ObjectPermissionBackend, which Nyaya replaces on purpose
# with cases.backends.CaseObjectPermissionBackend (it honours a grant's expiry); silenced so that
# `check --deploy --fail-level WARNING` (CI) stays meaningful.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "guardian.W001"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Keep usernames and user agents out of the failure log's free text.
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Second sign-in step for everyone (consortium/mfa.py): a TOTP app, with backup codes.
# After a wrong code each device waits 1, 2, 4, 8 ... seconds before the next try
# (django-otp throttling); 5 wrong codes in one sign-in end that session.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Nyaya")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
MFA_MAX_FAILURES_PER_SESSION = 5
# Development only: the demo logins made by seed_demo skip the second step. Honoured only
# with DEBUG on; with DEBUG off start-up is refused (below, and system check nyaya.E001).
DEMO_MFA_BYPASS = env_bool("DEMO_MFA_BYPASS", default=False)
if DEMO_MFA_BYPASS and not DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DEMO_MFA_BYPASS is for development only: it cannot be set with DEBUG off.")
# Password reset requests and emailed links (reset, invitation), per client address per hour.
PASSWORD_RESET_REQUESTS_PER_HOUR = env_int("PASSWORD_RESET_REQUESTS_PER_HOUR", 5)
INVALID_LINKS_PER_HOUR = env_int("INVALID_LINKS_PER_HOUR", 10)

# django-guardian: no anonymous user row; per-object grants use direct-FK models.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=bool(SECURE_HSTS_SECONDS))
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=bool(SECURE_HSTS_SECONDS))
CSRF_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hi", _("Hindi")), ("bn", _("Bengali"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True
# Dates as users read them everywhere: "30 Nov 2027" (datetimes "30 Nov 2027, 14:05").
# Django 5 always localises ({{ d }} and |date use the active language's formats), so the
# same formats are set per language in config/formats/<lang>/formats.py; these are the fallback.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are encrypted and served only through permission-checked views,
# never from a public URL: there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    # The local disk, or S3-compatible storage with STORAGE_BACKEND=s3 (config/storage.py): files are
    # encrypted by Nyaya before either sees them.
    "default": default_storage_config(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on: STARTTLS (587) or TLS (465).")
# A mail server that does not answer must not hold a worker for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Nyaya <nyaya@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in emails (invitations) are built from this, never from the request's Host header.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Celery: with no broker configured, tasks run in-process so the embedded default works.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "django-db")
CELERY_RESULT_EXTENDED = True
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_ACKS_LATE = True
# A job whose worker process died (killed, out of memory) is put back for another: tasks that write
# are idempotent (config/queues.py says how each is).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Queues, routes, time limits and redelivery: config/queues.py (its docstring explains each variable).
CELERY_TASK_DEFAULT_QUEUE = queues.DEFAULT
CELERY_TASK_QUEUES = queues.QUEUES
CELERY_TASK_ROUTES = queues.routes()
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = queues.soft(CELERY_TASK_TIME_LIMIT)
CELERY_HEAVY_TASK_TIME_LIMIT = env_int("CELERY_HEAVY_TASK_TIME_LIMIT", 1800)
CELERY_TASK_ANNOTATIONS = queues.annotations(CELERY_HEAVY_TASK_TIME_LIMIT)
CELERY_BROKER_TRANSPORT_OPTIONS = queues.broker_transport_options(
    visibility_timeout=env_int("CELERY_VISIBILITY_TIMEOUT", 3600), heavy_limit=CELERY_HEAVY_TASK_TIME_LIMIT
)
# Celery workers keep settings.LOGGING (its no_pii filter) instead of installing their own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Synced into django-celery-beat's tables when beat starts; editable in the Django admin.
CELERY_BEAT_SCHEDULE = {
    # Every 15 minutes; DEADLINE_SCAN_SECONDS shortens it (`make prod-smoke` waits for one).
    "deadline-scan": {"task": "cases.tasks.deadline_scan", "schedule": env_int("DEADLINE_SCAN_SECONDS", 15 * 60)},
    "daily-email-summaries": {
        "task": "cases.tasks.send_notification_emails",
        "schedule": crontab(hour=7, minute=30),
        "kwargs": {"frequency": "daily"},
    },
    # Generated PDFs (case dossier, compensation application, letters) past their expiry.
    "generated-documents-purge": {"task": "cases.tasks.generated_documents_purge", "schedule": 15 * 60},
    # Retention rules (privacy.RetentionRule): old generated-document rows, old access-log
    # entries, identity of cases closed long ago (unless a legal hold). Nightly.
    "retention-apply": {"task": "privacy.tasks.retention_apply", "schedule": crontab(hour=2, minute=15)},
}

# The REST API (api/, docs/api.md): personal tokens or the browser's session, the visibility
# selector for every queryset, errors as JSON, one access-log row per request.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScopeAllows"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("API_TOKEN_RATE", "600/minute"),
        "session": env_str("API_SESSION_RATE", "600/minute"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies only; the document upload takes multipart (api/cases.py).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["api.fields.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.NyayaAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_PAGINATION_CLASS": "api.paging.Paged",
    "PAGE_SIZE": 50,
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Nyaya API",
    "DESCRIPTION": (
        "Cases of survivors of trafficking, their investigation, trial and compensation, under the same "
        "per-case access rules as the web pages. Authenticate with `Authorization: Bearer <token>` "
        "(a personal token made under Sign-in security, API tokens, or with `manage.py api_token create`)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package: no CDN, the same Content-Security-Policy.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    # Choice sets whose field names others use too (kind, stage, status): named after what they are.
    "ENUM_NAME_OVERRIDES": {
        "ReferralKindEnum": "referrals.models.Referral.Kind",
        "ReferralStageEnum": "referrals.models.Referral.Stage",
        "ReferralDeclineReasonEnum": "referrals.models.Referral.DeclineReason",
        "ExportKindEnum": ["anonymised", "htcds"],
        "AccusedRoleEnum": "legal.models.accused.AccusedRole",
        "CaseRoleEnum": "cases.models.CaseRole",
        "ConsentPurposeEnum": "survivors.models.ConsentPurpose",
        "HearingPurposeEnum": "legal.models.HearingPurpose",
        "BailOutcomeEnum": "legal.models.court.BailApplication.Outcome",
        "ReferralOutcomeEnum": "referrals.models.Referral.Outcome",
    },
    # The schema documents the token; the browser's session serves the documentation page only.
    "AUTHENTICATION_WHITELIST": ["api.authentication.BearerTokenAuthentication"],
}
# Personal API tokens live at most this many days (api/tokens.py).
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)

# Generated PDFs are kept this many hours, then deleted (pdfs/).
GENERATED_DOCUMENT_TTL_HOURS = env_int("GENERATED_DOCUMENT_TTL_HOURS", 24)

# LOG_FORMAT=json: one JSON object per line with time, level, logger, message, request_id (and
# task_id, task_name in a Celery task) for a log collector (core/log_format.py); plain (the default)
# for a person reading a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "plain").lower()
if LOG_FORMAT not in ("plain", "json"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json; got {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.log_format.JsonFormatter"},
    },
    # Every handler carries no_pii: phone numbers, emails and query strings are rewritten before
    # any output (cases/logging_filters.py). A new handler must list it too (tested). request_context
    # adds the request id and the task (core/request_id.py).
    "filters": {
        "no_pii": {"()": "cases.logging_filters.RedactPII"},
        "request_context": {"()": "core.request_id.RequestContextFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["no_pii", "request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies never reach the logs; paths carry only opaque ids.
        "django.request": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Django's default handlers (its own console, mail_admins with the request's POST data, the
        # runserver line with its query string) are replaced: all goes through the filtered console.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # SQL and its parameters, and the context a template failed to read, are never logged,
        # even with LOG_LEVEL=DEBUG.
        "django.db.backends": {"level": "INFO"},
        "django.template": {"level": "INFO"},
        # factory_boy (tests, benchmarks) logs every value it builds at DEBUG, a survivor's name
        # among them: never, whatever the level.
        "factory": {"level": "INFO"},
    },
}

# Demo data (seed_demo) logs in with this password; documented in README.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "nyaya-demo-2026")

# Dashboard: case-level exports with more rows than this are built in Celery, with progress.
DASHBOARD_EXPORT_ROW_LIMIT = env_int("DASHBOARD_EXPORT_ROW_LIMIT", 2000)
# The dashboard's figures are kept this many seconds per scope and filters (dashboard.metrics:
# counting 100,000 cases takes over a second); the page says when they were computed and offers
# to recompute them. 0: computed on every page.
DASHBOARD_FIGURES_SECONDS = env_int("DASHBOARD_FIGURES_SECONDS", 120)
