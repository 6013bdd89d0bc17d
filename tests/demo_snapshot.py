"""The demo consortium for tests, seeded once per test process and copied in after that.

`seed_demo` runs the real services (intake, transitions, court stages, claims...) and takes
over a minute on SQLite and two on PostgreSQL. Several modules read the demo, and each must
start from the demo exactly as seeded. So the first module in a process seeds it and keeps
every table's rows as the database stored them; the next ones delete all rows and put
those back, in a second or two (`load_demo`). Each module's fixture does this inside its own
transaction and rolls it back, or (the browser tests) commits and flushes afterwards.

Rows are copied as the database stores them, not through the ORM, so nothing is converted
on the way: on PostgreSQL with COPY in its text format, on SQLite by selecting `+column`
(an expression, which the sqlite3 driver does not convert by declared type).

Once per test run, not per process: under pytest-xdist the first worker to need the demo seeds
it and writes its rows to a file named after the run (NYAYA_TEST_RUN, set by tests/conftest.py
in the controller); the other workers wait for that file and copy it in. The uploaded demo files
are on the shared MEDIA_ROOT, so the rows find them. The controller deletes the file at the end.
"""

import fcntl
import os
import pickle
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

_snapshot: dict | None = None


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _take() -> dict:
    qn = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {qn(table)} TO STDOUT") as copy:
                    rows[table] = b"".join(bytes(block) for block in copy)
            else:
                columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
                cursor.execute(f"SELECT {', '.join('+' + qn(c) for c in columns)} FROM {qn(table)}")
                rows[table] = (columns, cursor.fetchall())
    return rows


def _put(snapshot: dict) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Foreign keys are DEFERRABLE INITIALLY DEFERRED on both backends: the order of
        # deletes and inserts does not matter inside the caller's transaction.
        if connection.vendor == "postgresql":
            # TRUNCATE, as the test runner's flush: the access log refuses row DELETEs
            # (cases/migrations/0002_squashed_0019). It needs no pending foreign-key checks, so run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(qn(t) for t in _tables())}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in _tables():
                cursor.execute(f"DELETE FROM {qn(table)}")
        for table, data in snapshot.items():
            if connection.vendor == "postgresql":
                if data:
                    with cursor.cursor.copy(f"COPY {qn(table)} FROM STDIN") as copy:
                        copy.write(data)
            else:
                columns, values = data
                if values:
                    placeholders = ", ".join(["%s"] * len(columns))
                    cursor.executemany(
                        f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) VALUES ({placeholders})",
                        values,
                    )
        if connection.vendor == "postgresql":
            from django.apps import apps

            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(sql)


def run_file(vendor: str, run: str | None = None) -> Path | None:
    """Where this run keeps the demo's rows for its workers (None outside a run that set one)."""
    run = run or os.environ.get("NYAYA_TEST_RUN")
    return Path(tempfile.gettempdir()) / f"nyaya-demo-{vendor}-{run}.pickle" if run else None


def _seed_or_read() -> dict | None:
    """The run's snapshot if another worker wrote it (read here), else None after seeding it here
    and writing it for the others. The lock makes the others wait while one seeds."""
    path = run_file(connection.vendor)
    if path is None:
        return None
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            with open(path, "rb") as handle:
                return pickle.load(handle)  # noqa: S301 - this run's own file, written just above
        call_command("seed_demo")
        snapshot = _take()
        partial = path.with_suffix(".partial")
        with open(partial, "wb") as handle:
            pickle.dump(snapshot, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.rename(path)
        global _snapshot
        _snapshot = snapshot
        return None


def load_demo() -> str:
    """Seed the demo into the current database; says whether it was seeded or copied."""
    global _snapshot
    if _snapshot is None:
        shared = _seed_or_read()
        if shared is None:
            if _snapshot is None:  # no run file: seed here, for this process only
                call_command("seed_demo")
                _snapshot = _take()
            return "seeded"
        _snapshot = shared
    _put(_snapshot)
    forget_content_types()
    return "copied"


def forget_content_types() -> None:
    """Content types are cached by id in the process. The demo's rows (and the rows a rollback or
    a flush brings back) may number them differently from what the cache holds, and a stale id
    makes guardian refuse a grant ("permission not designed for this class")."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
