#!/usr/bin/env python3
"""`make upgrade-check`: the previous release's database, migrated by this code, loses nothing and
is still read by the previous release (docs/upgrade.md, "Migrations stay backwards-compatible").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/upgrade_check make upgrade-check

1. checks out the previous release (the commit in deploy/PREVIOUS_RELEASE) with `git worktree add`
   in a temporary folder; its own virtualenv only if its requirements.txt differs from this one's;
2. drops and creates the database of DATABASE_URL (PostgreSQL, a name starting with
   "upgrade_check": anything else is refused, since everything in it is deleted), migrates it and
   loads the demo consortium there with the previous release's code;
3. migrates it with this code and checks: the row counts of the key tables are unchanged, a
   survivor's encrypted name decrypts to what the previous release read, `manage.py check` passes
   and no migration is left unapplied;
4. runs the previous release's code again on the migrated database: every one of its models still
   reads its rows (no column it knows was dropped or renamed), the same survivor's name decrypts,
   and no column added since is NOT NULL without a database default (the previous release's inserts
   would fail during a rolling upgrade or after a rollback).

The keys are this checkout's (SECRET_KEY and FIELD_ENCRYPTION_KEY from the environment, else var/);
uploads and the previous release's files go to the temporary folder, removed at the end with the
worktree (and the database, unless --keep).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS_RELEASE_FILE = ROOT / "deploy" / "PREVIOUS_RELEASE"
DATABASE_PREFIX = "upgrade_check"

# Tables whose rows an upgrade must never lose or add (a data migration may add reference rows,
# such as a new deadline rule or scheme, to other tables).
KEY_MODELS = [
    "consortium.Organisation",
    "consortium.User",
    "consortium.Membership",
    "cases.Case",
    "cases.CaseAssignment",
    "cases.CaseEvent",
    "cases.CaseNote",
    "cases.CaseDocument",
    "cases.Deadline",
    "cases.StageTransition",
    "survivors.Survivor",
    "survivors.Consent",
    "survivors.SurvivorSearchToken",
    "legal.FIR",
    "legal.CourtCase",
    "legal.Hearing",
    "compensation.Claim",
    "compensation.ClaimPayment",
    "referrals.Referral",
]

# Run inside `manage.py shell -c` by either release's code: counts of the key tables and a digest of
# the first survivor's decrypted name (a digest: not even a synthetic name is printed).
PROBE_DATA = """
import hashlib, json
from django.apps import apps
labels = {labels}
counts = {{label: apps.get_model(label)._base_manager.count() for label in labels}}
survivor = apps.get_model("survivors.Survivor")._base_manager.order_by("pk").first()
name = survivor.full_name if survivor else ""
print("PROBE " + json.dumps({{
    "counts": counts,
    "survivor": survivor.pk if survivor else None,
    "name_digest": hashlib.sha256(name.encode()).hexdigest() if name else None,
}}))
"""

# Run by the previous release's code on the migrated database: every model reads its rows, and the
# columns its inserts would leave out can be left out.
PROBE_OLD_CODE = """
import json
from django.apps import apps
from django.db import connection
unreadable, blocking = {}, []
for model in apps.get_models(include_auto_created=True):
    meta = model._meta
    if not meta.managed or meta.proxy:
        continue
    try:
        list(model._base_manager.order_by("pk")[:5])
    except Exception as exc:
        unreadable[meta.label] = f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}"
        connection.close()
        continue
    known = {field.column for field in meta.local_concrete_fields}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = %s AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
            [meta.db_table],
        )
        for (column,) in cursor.fetchall():
            if column not in known:
                blocking.append(f"{meta.db_table}.{column}")
print("PROBE " + json.dumps({"unreadable": unreadable, "blocking": sorted(blocking)}))
"""


class CheckFailed(Exception):
    pass


def say(message: str) -> None:
    print(f"upgrade-check: {message}", flush=True)


def database_from_environment(url: str) -> dict:
    """DATABASE_URL parsed, or a refusal saying why (nothing is touched before this passes)."""
    import dj_database_url

    if not url:
        raise CheckFailed(
            "set DATABASE_URL to a scratch PostgreSQL database, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/upgrade_check make upgrade-check"
        )
    try:
        config = dj_database_url.parse(url)
    except Exception as exc:  # malformed URLs raise ValueError and friends
        raise CheckFailed(f"DATABASE_URL is malformed ({exc.__class__.__name__}).") from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise CheckFailed(
            "DATABASE_URL must be PostgreSQL (postgres://...): the upgrade is checked as production runs."
        )
    name = str(config.get("NAME") or "")
    if not name.startswith(DATABASE_PREFIX):
        raise CheckFailed(
            f"refusing the database {name!r}: everything in it is deleted, so its name must start with "
            f"{DATABASE_PREFIX!r} (e.g. postgres://postgres@127.0.0.1:5432/{DATABASE_PREFIX})."
        )
    return config


def previous_release(path: Path = PREVIOUS_RELEASE_FILE) -> str:
    """The full hash of the commit deploy/PREVIOUS_RELEASE names (comments and blank lines ignored)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    names = [line for line in lines if line and not line.startswith("#")]
    if len(names) != 1:
        raise CheckFailed(f"{path.name} must name exactly one commit; it names {len(names)}.")
    return commit_of(names[0])


def commit_of(name: str) -> str:
    done = subprocess.run(  # noqa: S603
        ["git", "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise CheckFailed(f"{name!r} is not a commit of this repository (deploy/PREVIOUS_RELEASE).")
    return done.stdout.strip()


def _maintenance_params(config: dict) -> dict:
    params = {"dbname": "postgres", "connect_timeout": 10}
    for key, arg in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if config.get(key):
            params[arg] = str(config[key])
    return params


def recreate_database(config: dict, *, create: bool = True) -> None:
    import psycopg
    from psycopg import sql

    name = sql.Identifier(config["NAME"])
    try:
        with psycopg.connect(autocommit=True, **_maintenance_params(config)) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            if create:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    except psycopg.Error as exc:
        raise CheckFailed(f"could not drop and create {config['NAME']!r}: {exc}") from None


def secret(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    path = ROOT / "var" / name.lower()
    if path.is_file() and path.read_text(encoding="utf-8").strip():
        return path.read_text(encoding="utf-8").strip()
    raise CheckFailed(f"{name} is not set and {path.relative_to(ROOT)} does not exist (run `make keys`).")


def run(python: str, cwd: Path, env: dict, *args: str, label: str) -> str:
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603
        [python, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    say(f"{label}: {time.monotonic() - started:.0f} s")
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-25:])
        raise CheckFailed(f"{label} failed:\n{tail}")
    return done.stdout


def probe(python: str, cwd: Path, env: dict, code: str, *, label: str) -> dict:
    output = run(python, cwd, env, "shell", "-c", code, label=label)
    lines = [line for line in output.splitlines() if line.startswith("PROBE ")]
    if not lines:
        raise CheckFailed(f"{label}: the probe printed nothing")
    return json.loads(lines[-1][len("PROBE ") :])


def python_for(previous: Path, scratch: Path) -> str:
    """This virtualenv's Python if the previous release pins the same requirements, else a new one."""
    ours = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    theirs = (previous / "requirements.txt").read_text(encoding="utf-8")
    if ours == theirs:
        return sys.executable
    say("the previous release pins other requirements: a virtualenv of its own")
    venv = scratch / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # noqa: S603
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "-r", str(previous / "requirements.txt")], check=True)  # noqa: S603
    return str(venv / "bin" / "python")


def compare(before: dict, after: dict, *, who: str) -> list[str]:
    problems = []
    for label, count in before["counts"].items():
        now = after["counts"].get(label)
        if now != count:
            problems.append(f"{who}: {label} had {count} rows before the upgrade, {now} after")
    if not before["name_digest"]:
        problems.append("the previous release's demo has no survivor with a name to compare")
    elif (after["survivor"], after["name_digest"]) != (before["survivor"], before["name_digest"]):
        problems.append(f"{who}: survivor {before['survivor']}'s encrypted name no longer decrypts to the same name")
    return problems


def check(config: dict, commit: str, *, keep: bool) -> list[str]:
    scratch = Path(tempfile.mkdtemp(prefix="nyaya-upgrade-check-"))
    previous = scratch / "previous"
    worktree_added = False
    try:
        subprocess.run(  # noqa: S603
            ["git", "worktree", "add", "--detach", "--quiet", str(previous), commit],  # noqa: S607
            cwd=ROOT,
            check=True,
        )
        worktree_added = True
        python = python_for(previous, scratch)
        unwanted = ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "DEMO_MFA_BYPASS", "CELERY_BROKER_URL")
        env = {key: value for key, value in os.environ.items() if key not in unwanted}
        env.update(
            DATABASE_URL=os.environ["DATABASE_URL"],
            SECRET_KEY=secret("SECRET_KEY"),
            FIELD_ENCRYPTION_KEY=secret("FIELD_ENCRYPTION_KEY"),
            NYAYA_VAR_DIR=str(scratch / "var"),
            MEDIA_ROOT=str(scratch / "media"),
        )
        # Without CELERY_BROKER_URL jobs run in-process: no worker needed, nothing left in anyone's queue.
        (scratch / "var").mkdir()
        recreate_database(config)

        say(f"previous release {commit[:10]}: migrate and seed the demo")
        run(python, previous, env, "migrate", "--noinput", label="previous release: migrate")
        run(python, previous, env, "seed_demo", label="previous release: seed_demo")
        labels = json.dumps(KEY_MODELS)
        before = probe(python, previous, env, PROBE_DATA.format(labels=labels), label="previous release: read")

        say("this code: migrate the previous release's database")
        run(sys.executable, ROOT, env, "migrate", "--noinput", label="this code: migrate")
        run(sys.executable, ROOT, env, "migrate", "--check", label="this code: no migration left unapplied")
        run(sys.executable, ROOT, env, "check", label="this code: manage.py check")
        after = probe(sys.executable, ROOT, env, PROBE_DATA.format(labels=labels), label="this code: read")
        problems = compare(before, after, who="this code")

        say("previous release again, on the migrated database")
        old_again = probe(python, previous, env, PROBE_DATA.format(labels=labels), label="previous release: read again")
        problems += compare(before, old_again, who="the previous release")
        schema = probe(python, previous, env, PROBE_OLD_CODE, label="previous release: every model, every column")
        for label, error in sorted(schema["unreadable"].items()):
            problems.append(f"the previous release cannot read {label} any more ({error})")
        for column in schema["blocking"]:
            problems.append(
                f"{column} is NOT NULL without a database default: the previous release's inserts would fail "
                "(add it nullable or with db_default first, docs/upgrade.md)"
            )
        counts = ", ".join(f"{label.split('.')[1]} {n}" for label, n in before["counts"].items() if n)
        say(f"rows compared: {counts}")
        return problems
    finally:
        if worktree_added:
            subprocess.run(  # noqa: S603
                ["git", "worktree", "remove", "--force", str(previous)],  # noqa: S607
                cwd=ROOT,
                check=False,
            )
        shutil.rmtree(scratch, ignore_errors=True)
        if not keep:
            try:
                recreate_database(config, create=False)
            except CheckFailed as exc:
                say(str(exc))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--previous", help="a commit to upgrade from instead of deploy/PREVIOUS_RELEASE's")
    parser.add_argument("--keep", action="store_true", help="keep the migrated database at the end")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        config = database_from_environment(os.environ.get("DATABASE_URL", "").strip())
        commit = commit_of(args.previous) if args.previous else previous_release()
        problems = check(config, commit, keep=args.keep)
    except CheckFailed as exc:
        say(str(exc))
        return 2
    if problems:
        for problem in problems:
            say(f"FAILED: {problem}")
        return 1
    seconds = time.monotonic() - started
    say(f"ok: the previous release's data survived the upgrade and it still reads it ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
