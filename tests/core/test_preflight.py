"""Start-up refusal (core/preflight.py, core/canary.py): a wrong setting stops the web, worker and
beat processes with a message naming the variable, before anything is served."""

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import OperationalError, connection

from config.celery_signals import refuse_to_start_on_bad_settings
from consortium.models import Role
from core import canary
from core.models import EncryptionCanary
from core.preflight import StartupRefused, preflight, preflight_problems
from tests.cases.helpers import open_survivor_case

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OTHER_KEY = Fernet.generate_key().decode()


@pytest.fixture
def survivor_data(make_member, org_wb):
    """A case with her encrypted identity, under the configured key (synthetic)."""
    return open_survivor_case(make_member(Role.CASEWORKER, org_wb))


def test_the_test_database_has_its_canary_and_starts():
    """The first migrate wrote the canary (post_migrate) with the configured key."""
    assert EncryptionCanary.objects.count() == 1
    assert canary.canary_state() is canary.CanaryState.OK
    assert preflight_problems() == []
    preflight()  # does not raise


def test_a_key_that_does_not_decrypt_the_data_is_refused(settings):
    settings.FIELD_ENCRYPTION_KEY = OTHER_KEY
    problems = preflight_problems()
    assert len(problems) == 1
    assert problems[0].startswith("FIELD_ENCRYPTION_KEY does not decrypt the data in this database")
    with pytest.raises(StartupRefused, match="FIELD_ENCRYPTION_KEY does not decrypt"):
        preflight()


def test_during_a_rotation_new_then_old_starts(settings):
    current = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY = f"{OTHER_KEY},{current}"
    assert preflight_problems() == []


def test_a_malformed_key_is_refused_without_printing_it(settings):
    settings.FIELD_ENCRYPTION_KEY = "not-a-fernet-key-at-all"
    problems = preflight_problems()
    assert len(problems) == 1 and "FIELD_ENCRYPTION_KEY" in problems[0]
    assert "not-a-fernet-key-at-all" not in problems[0]


def test_an_unreachable_database_is_refused_naming_database_url(monkeypatch):
    def refuse():
        raise OperationalError('connection to server at "db.internal" (10.0.0.9), port 5432 failed: refused')

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    problems = preflight_problems()
    assert len(problems) == 1
    assert problems[0].startswith("DATABASE_URL: cannot connect to the database (")
    assert "port 5432 failed: refused" in problems[0]


def test_an_unmigrated_database_is_refused(monkeypatch):
    def no_table(**kwargs):
        raise OperationalError("no such table: core_encryptioncanary")

    monkeypatch.setattr(canary, "canary_ensure", no_table)
    problems = preflight_problems()
    assert len(problems) == 1
    assert problems[0].startswith("DATABASE_URL: the database (")
    assert problems[0].endswith("has not been migrated: run `python manage.py migrate` first.")


def test_a_weak_secret_key_is_refused_in_production(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "short"
    problems = preflight_problems()
    assert len(problems) == 1 and problems[0].startswith("SECRET_KEY is too short or too simple")
    settings.DEBUG = True
    assert preflight_problems() == []


def test_first_start_of_an_older_database_writes_the_canary_when_the_data_decrypts(survivor_data):
    EncryptionCanary.objects.all().delete()
    assert canary.canary_state() is canary.CanaryState.MISSING
    assert preflight_problems() == []
    assert canary.canary_state() is canary.CanaryState.OK


def test_first_start_with_a_key_that_does_not_read_the_data_writes_no_canary(survivor_data, settings):
    EncryptionCanary.objects.all().delete()
    settings.FIELD_ENCRYPTION_KEY = OTHER_KEY
    problems = preflight_problems()
    assert len(problems) == 1 and problems[0].startswith("FIELD_ENCRYPTION_KEY does not decrypt")
    assert EncryptionCanary.objects.count() == 0  # a wrong key is never enshrined


def test_key_rotation_rewrites_the_canary_so_the_old_key_can_go(settings):
    old = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY = f"{OTHER_KEY},{old}"
    out = io.StringIO()
    call_command("encryption_rotate", stdout=out)
    assert "encryption canary: rewritten with the first key" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEY = OTHER_KEY
    assert preflight_problems() == []
    settings.FIELD_ENCRYPTION_KEY = old
    assert canary.canary_state() is canary.CanaryState.WRONG_KEY


def test_celery_worker_and_beat_exit_on_a_wrong_key(settings, capfd):
    settings.FIELD_ENCRYPTION_KEY = OTHER_KEY
    with pytest.raises(SystemExit) as exited:
        refuse_to_start_on_bad_settings(sender=None)
    assert exited.value.code == 1
    assert "Nyaya refuses to start:\n- FIELD_ENCRYPTION_KEY does not decrypt" in capfd.readouterr().err


def test_celery_worker_and_beat_start_with_good_settings():
    assert refuse_to_start_on_bad_settings(sender=None) is None


def test_preflight_command_says_ok():
    out = io.StringIO()
    call_command("preflight", stdout=out)
    assert out.getvalue().startswith("preflight: ok")


def test_preflight_command_exits_1_naming_the_variable(settings, capsys):
    settings.FIELD_ENCRYPTION_KEY = OTHER_KEY
    with pytest.raises(SystemExit) as exited:
        call_command("preflight")
    assert exited.value.code == 1
    assert "Nyaya cannot start: FIELD_ENCRYPTION_KEY does not decrypt" in capsys.readouterr().err


# --- the real processes: manage.py and the WSGI module gunicorn loads ---------------------------------


def _run(args, **extra_env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    environment.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": OTHER_KEY,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **extra_env,
        }
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


UNREACHABLE = "postgres://nyaya:hunter2-secret@127.0.0.1:1/nyaya"


def test_manage_preflight_refuses_an_unreachable_database():
    result = _run(["manage.py", "preflight"], DATABASE_URL=UNREACHABLE)
    assert result.returncode == 1
    assert (
        "Nyaya cannot start: DATABASE_URL: cannot connect to the database (PostgreSQL at 127.0.0.1:1" in result.stderr
    )
    assert "hunter2-secret" not in result.stderr


def test_gunicorn_cannot_load_the_application_with_an_unreachable_database():
    result = _run(["-c", "import config.wsgi"], DATABASE_URL=UNREACHABLE)
    assert result.returncode != 0
    assert "Nyaya refuses to start:\n- DATABASE_URL: cannot connect to the database" in result.stderr
    assert "hunter2-secret" not in result.stderr


def test_a_malformed_key_stops_every_command_naming_the_variable():
    result = _run(["manage.py", "preflight"], FIELD_ENCRYPTION_KEY="short-and-wrong")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY is malformed: key 1 of 1 is not a Fernet key" in result.stderr
    assert "short-and-wrong" not in result.stderr
