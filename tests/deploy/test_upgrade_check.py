"""deploy/upgrade_check.py (`make upgrade-check`): it refuses any database but a scratch one before
touching anything, upgrades from a real earlier commit, and its checks catch lost rows, a name that
no longer decrypts and a column the previous release's inserts would miss. The whole run (about
two minutes on a quiet machine) is in .ci/run's PostgreSQL pass."""

import contextlib
import importlib.util
import io
import json
import subprocess

import pytest
from django.db import connection

from tests.conftest import need_service

from .helpers import DEPLOY, ROOT

spec = importlib.util.spec_from_file_location("upgrade_check", DEPLOY / "upgrade_check.py")
upgrade_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(upgrade_check)


@pytest.fixture
def nothing_touched(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the check touched a database or a worktree before refusing")

    monkeypatch.setattr(upgrade_check, "recreate_database", refuse)
    monkeypatch.setattr(upgrade_check, "check", refuse)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "set DATABASE_URL to a scratch PostgreSQL database"),
        ("sqlite:///var/nyaya.sqlite3", "DATABASE_URL must be PostgreSQL"),
        ("postgres://postgres@127.0.0.1:5432/nyaya", "refusing the database 'nyaya'"),
        ("postgres://postgres@127.0.0.1:5432/test", "refusing the database 'test'"),
        ("postgres://postgres@127.0.0.1:5432/my_upgrade_check", "its name must start with 'upgrade_check'"),
    ],
)
def test_refuses_any_database_but_a_scratch_postgresql_one_before_touching_anything(
    nothing_touched, monkeypatch, url, message
):
    monkeypatch.setenv("DATABASE_URL", url)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert upgrade_check.main([]) == 2
    assert message in printed.getvalue()


def test_accepts_a_database_named_for_the_check():
    config = upgrade_check.database_from_environment("postgres://postgres@127.0.0.1:5432/upgrade_check_ci")
    assert config["NAME"] == "upgrade_check_ci"


def test_the_previous_release_is_a_full_hash_of_an_earlier_commit_of_this_branch():
    commit = upgrade_check.previous_release()
    listed = [line for line in (DEPLOY / "PREVIOUS_RELEASE").read_text().splitlines() if not line.startswith("#")]
    assert listed == [commit] and len(commit) == 40
    ancestor = subprocess.run(  # noqa: S603
        ["git", "merge-base", "--is-ancestor", commit, "HEAD"],  # noqa: S607
        cwd=ROOT,
    )
    assert ancestor.returncode == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0000000000000000000000000000000000000000\n", "is not a commit of this repository"),
        ("# only a comment\n", "must name exactly one commit; it names 0"),
        ("6f45030\nb0c7505\n", "must name exactly one commit; it names 2"),
    ],
)
def test_a_wrong_previous_release_file_is_refused_with_its_reason(tmp_path, text, message):
    (tmp_path / "PREVIOUS_RELEASE").write_text(text)
    with pytest.raises(upgrade_check.CheckFailed, match=message):
        upgrade_check.previous_release(tmp_path / "PREVIOUS_RELEASE")


BEFORE = {"counts": {"cases.Case": 71, "survivors.Survivor": 71}, "survivor": 3, "name_digest": "ab12"}


def test_compare_names_each_table_that_lost_or_gained_rows_and_a_name_that_changed():
    assert upgrade_check.compare(BEFORE, BEFORE, who="this code") == []
    after = {"counts": {"cases.Case": 70, "survivors.Survivor": 71}, "survivor": 3, "name_digest": "cd34"}
    assert upgrade_check.compare(BEFORE, after, who="this code") == [
        "this code: cases.Case had 71 rows before the upgrade, 70 after",
        "this code: survivor 3's encrypted name no longer decrypts to the same name",
    ]


def _run_probe(code):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(code, {})  # noqa: S102 - the probe manage.py shell -c runs, here in this test's database
    [line] = [line for line in printed.getvalue().splitlines() if line.startswith("PROBE ")]
    return json.loads(line[len("PROBE ") :])


@pytest.mark.django_db
def test_the_probe_finds_a_not_null_column_the_previous_release_would_not_fill():
    need_service("PostgreSQL", connection.vendor == "postgresql")
    with connection.cursor() as cursor:
        # As a migration that breaks the rule would leave it: NOT NULL, no default.
        cursor.execute("ALTER TABLE cases_case ADD COLUMN urgency integer NOT NULL DEFAULT 0")
        cursor.execute("ALTER TABLE cases_case ALTER COLUMN urgency DROP DEFAULT")
        # As the rule wants it: nullable first, or with a default in the database.
        cursor.execute("ALTER TABLE cases_case ADD COLUMN summary text NULL")
        cursor.execute("ALTER TABLE cases_case ADD COLUMN priority integer NOT NULL DEFAULT 1")
    found = _run_probe(upgrade_check.PROBE_OLD_CODE)
    assert found == {"unreadable": {}, "blocking": ["cases_case.urgency"]}


@pytest.mark.django_db
def test_the_probe_finds_nothing_on_the_schema_of_this_code():
    need_service("PostgreSQL", connection.vendor == "postgresql")
    assert _run_probe(upgrade_check.PROBE_OLD_CODE) == {"unreadable": {}, "blocking": []}
