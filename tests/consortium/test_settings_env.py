import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False), ("", False)]
)
def test_env_bool_reads_common_words(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env.env_bool("X_FLAG") is expected


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.env_bool("X_FLAG")


def test_env_int_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM must be a whole number"):
        env.env_int("X_NUM", 3)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.example , b.example,, ")
    assert env.env_list("X_LIST") == ["a.example", "b.example"]


def test_database_url_postgres_and_sqlite():
    pg = env.database_config("postgres://nyaya:pw@db.internal:5432/nyaya")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["HOST"], pg["PORT"], pg["NAME"]) == ("db.internal", 5432, "nyaya")
    lite = env.database_config("sqlite:////tmp/nyaya.sqlite3")
    assert lite["ENGINE"] == "django.db.backends.sqlite3"
    assert lite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_connections_turn_jit_off_unless_asked(monkeypatch):
    monkeypatch.delenv("DATABASE_JIT", raising=False)
    assert env.database_config("postgres://nyaya@db/nyaya")["OPTIONS"]["options"] == "-c jit=off"
    monkeypatch.setenv("DATABASE_JIT", "1")
    assert "options" not in env.database_config("postgres://nyaya@db/nyaya").get("OPTIONS", {})


@pytest.mark.django_db
def test_the_running_database_compiles_no_jit():
    """On PostgreSQL (CI's services run) the app's own connection has JIT off."""
    from django.db import connection

    from tests.conftest import need_service

    need_service("DATABASE_URL (PostgreSQL)", connection.vendor == "postgresql")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.parametrize("url", ["garbage", "mysql://u@h/db", "postgres://", "http://example.org/"])
def test_database_url_malformed_is_a_clear_error_without_the_url(url):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        env.database_config(url)
    assert "DATABASE_URL" in str(excinfo.value)


def test_secret_from_file_when_env_absent(monkeypatch, tmp_path):
    monkeypatch.delenv("X_SECRET", raising=False)
    path = tmp_path / "x_secret"
    with pytest.raises(ImproperlyConfigured, match="make keys"):
        env.secret_from_env_or_file("X_SECRET", path)
    path.write_text("from-file\n")
    assert env.secret_from_env_or_file("X_SECRET", path) == "from-file"
    monkeypatch.setenv("X_SECRET", "from-env")
    assert env.secret_from_env_or_file("X_SECRET", path) == "from-env"


def _manage(*args, **extra_env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    environment.update(
        {
            "SECRET_KEY": "s" * 50,
            "FIELD_ENCRYPTION_KEY": "Ad1pOnQlVn6CdCTiyFtEtyVhAxkmGYIc4O1-5yGJpz0=",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **extra_env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_malformed_database_url_stops_startup_with_a_clear_message():
    result = _manage("check", DATABASE_URL="postgres//secret-password@nowhere")
    assert result.returncode != 0
    assert "DATABASE_URL is malformed" in result.stderr
    assert "secret-password" not in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_secret_key_stops_startup(tmp_path):
    result = _manage("check", SECRET_KEY="", NYAYA_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_come_from_environment(tmp_path):
    result = _manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.CELERY_TASK_ALWAYS_EAGER,"
        " s.DATABASES['default']['NAME'], s.SESSION_COOKIE_SECURE)",
        DEBUG="0",
        ALLOWED_HOSTS="nyaya.example.org",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/9",
        DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "['nyaya.example.org']", "False", f"{tmp_path}/x.sqlite3", "True"]


def test_production_defaults_are_safe():
    result = _manage(
        "shell", "-v", "0", "-c", "from django.conf import settings as s; print(s.DEBUG, s.CELERY_TASK_ALWAYS_EAGER)"
    )
    assert result.returncode == 0, result.stderr
    debug, eager = result.stdout.split()
    assert debug == "False"
    assert eager == ("False" if os.environ.get("CELERY_BROKER_URL") else "True")
