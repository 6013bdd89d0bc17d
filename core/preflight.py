"""Start-up refusal: the checks a web, worker or beat process runs before it serves anything.

A wrong setting must stop the process with one clear line naming the variable, not surface later
as a 500 on the first page that reads survivor data. Run by config/wsgi.py when gunicorn loads
the application (a failing worker stops gunicorn from booting), by the Celery worker and beat at
start (config/celery_signals.py), and by `manage.py preflight` (exit 1) for deploy scripts and
systemd's ExecStartPre. Settings that are missing or malformed (SECRET_KEY, FIELD_ENCRYPTION_KEY,
DATABASE_URL) already stop the settings module itself (config/env.py); these checks need the
settings loaded: the database answers, and the key decrypts the data it holds (core/canary.py).

Fast: one connection, one SELECT and one decryption (the first start of a database migrated
before the canary existed also reads one value per encrypted column, once).
"""

import logging

from django.conf import settings
from django.core.checks.security.base import check_secret_key
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from . import canary, crypto

log = logging.getLogger("nyaya.startup")


class StartupRefused(ImproperlyConfigured):
    """Raised (or reported by `manage.py preflight`) with every problem found, one per line."""


def _database_description(alias: str) -> str:
    """Where the database is, for the operator: engine, host, port and name, never the password."""
    config = settings.DATABASES[alias]
    if config["ENGINE"].endswith("sqlite3"):
        return f"SQLite file {config['NAME']}"
    host = config.get("HOST") or "local socket"
    port = config.get("PORT") or 5432
    return f"PostgreSQL at {host}:{port}, database {config['NAME']}"


def preflight_problems(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Every reason this process must not start, each naming the variable to fix; [] when fine."""
    problems = []
    try:
        crypto.fernet()
    except ImproperlyConfigured as exc:
        problems.append(str(exc))
    if not settings.DEBUG and check_secret_key(None):
        problems.append(
            "SECRET_KEY is too short or too simple for production (at least 50 characters, 5 different): generate "
            'one with `python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
    connection = connections[using]
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        # The driver's first line (e.g. "connection refused"), never the URL with its password.
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        problems.append(f"DATABASE_URL: cannot connect to the database ({_database_description(using)}): {reason}")
        return problems
    if problems:
        return problems  # a malformed key cannot be checked against the data
    try:
        state = canary.canary_ensure(using=using)
    except DatabaseError:
        return [
            f"DATABASE_URL: the database ({_database_description(using)}) has not been migrated: "
            "run `python manage.py migrate` first."
        ]
    if state is canary.CanaryState.WRONG_KEY:
        problems.append(
            "FIELD_ENCRYPTION_KEY does not decrypt the data in this database (its encryption canary): set the key "
            "the data was encrypted with; while rotating keys, NEW,OLD (`manage.py encryption_rotate`)."
        )
    return problems


def preflight(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Raises StartupRefused, after logging each problem, when the process must not start."""
    problems = preflight_problems(using=using)
    if problems:
        for problem in problems:
            log.critical("Nyaya refuses to start: %s", problem)
        raise StartupRefused("Nyaya refuses to start:\n" + "\n".join(f"- {p}" for p in problems))
