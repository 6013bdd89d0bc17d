#!/usr/bin/env python
"""Nyaya benchmarks: build N synthetic cases in a throwaway database, then time the case pages.

    make bench                                  # 10,000 cases, throwaway SQLite
    .venv/bin/python bench/run.py --quick       # 1,000 cases
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/run.py

The database is wiped: a DATABASE_URL is honoured only if its database name is or starts
with "bench". Results are printed and written to var/bench/latest.json. See bench/README.md.
"""

import argparse
import dataclasses
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "var" / "bench" / "latest.json"
DEFAULT_CASES = 10_000
QUICK_CASES = 1_000
MEMBERSHIP_BACKEND = "consortium.backends.MembershipBackend"  # what a real login stores in the session
MIN_RUNS = 5
RESULT_COUNT = re.compile(r'<p class="result-count">\s*(More than )?([\d,]+) case')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=None, help=f"cases to build (default {DEFAULT_CASES:,})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_CASES:,} cases (unless --cases is given)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per benchmark (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (default 2)")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help=f"seconds of timed runs per benchmark; a slower one stops early, after at least {MIN_RUNS} (default 30)",
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed of the synthetic data")
    parser.add_argument("--only", default="", help="run only benchmarks whose name contains this text")
    parser.add_argument(
        "--sql",
        default=None,
        metavar="TEXT",
        help="print the SQL (and the plan of the slowest query) of benchmarks "
        "whose name contains TEXT; --sql '' for all",
    )
    parser.add_argument("--slow-ms", type=float, default=300.0, help="flag medians above this (default 300 ms)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database (the throwaway SQLite file, or the bench* PostgreSQL database) for --reuse",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the data a previous --keep run left in DATABASE_URL (migrate, no wipe, no build); "
        "the database is kept",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"JSON results (default {OUTPUT.relative_to(ROOT)}; not written with --only unless given)",
    )
    args = parser.parse_args(argv)
    if args.output is None and not args.only:
        args.output = OUTPUT
    if args.cases is None:
        args.cases = QUICK_CASES if args.quick else DEFAULT_CASES
    if args.reuse and not os.environ.get("DATABASE_URL", "").strip():
        parser.error("--reuse needs DATABASE_URL: the database a previous run kept")
    if args.cases < 50 or args.repeat < 1 or args.warmup < 0:
        parser.error("need --cases >= 50, --repeat >= 1 and --warmup >= 0")
    return args


# -- the throwaway database --------------------------------------------------------------------------


def configure_database(args) -> dict:
    """Point DATABASE_URL at a database this run may wipe, and wipe it. Returns what was chosen."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        directory = Path(tempfile.mkdtemp(prefix="nyaya-bench-"))
        path = directory / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        return {"vendor": "sqlite", "name": str(path), "temp_dir": directory, "recreated": True}

    import dj_database_url

    try:
        config = dj_database_url.parse(url)
    except Exception as exc:  # malformed URLs raise ValueError and friends
        sys.exit(f"bench: DATABASE_URL is malformed ({exc.__class__.__name__}).")
    engine, name = config.get("ENGINE", ""), str(config.get("NAME") or "")
    sqlite = engine.endswith("sqlite3")
    label = Path(name).name if sqlite else name
    if not label.startswith("bench"):
        sys.exit(
            f"bench: refusing to run on the database {label!r} from DATABASE_URL. The benchmark deletes everything "
            "in its database, so it only uses one whose name is or starts with 'bench' (e.g. "
            "postgres://postgres@127.0.0.1:5432/bench). Unset DATABASE_URL for a throwaway SQLite file."
        )
    if getattr(args, "reuse", False):
        vendor = "sqlite" if sqlite else "postgresql"
        return {"vendor": vendor, "name": name, "temp_dir": None, "recreated": True, "config": config}
    if sqlite:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
        return {"vendor": "sqlite", "name": name, "temp_dir": None, "recreated": True}
    recreated = recreate_postgres(config)
    return {"vendor": "postgresql", "name": name, "temp_dir": None, "recreated": recreated, "config": config}


def _maintenance_params(config: dict) -> dict:
    params = {"dbname": "postgres", "connect_timeout": 10}
    for key, arg in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if config.get(key):
            params[arg] = str(config[key])
    return params


def _drop_postgres(database: dict) -> None:
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(autocommit=True, **_maintenance_params(database["config"])) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database["name"])))
    except psycopg.Error as exc:
        print(f"  could not drop {database['name']!r} ({exc.__class__.__name__}); drop it yourself")


def recreate_postgres(config: dict) -> bool:
    """Drop and create the bench database from the maintenance database; False if not allowed."""
    import psycopg
    from psycopg import sql

    params = _maintenance_params(config)
    name = sql.Identifier(config["NAME"])
    try:
        with psycopg.connect(autocommit=True, **params) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    except psycopg.Error as exc:
        print(f"  could not drop and create {config['NAME']!r} ({exc.__class__.__name__}); emptying it with flush")
        return False
    return True


def setup_django(database: dict) -> float:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    os.environ["DEBUG"] = "0"  # production-like: no query log, no debug templates
    # Run as `python bench/run.py`, bench/ itself is first on the path: put the project there instead.
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != here]
    sys.path.insert(0, str(ROOT))
    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise: no collectstatic here
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # django.test.Client's host
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if not database["recreated"]:
        call_command("flush", interactive=False, verbosity=0)
    return time.perf_counter() - started


# -- measuring ---------------------------------------------------------------------------------------


@dataclass
class Bench:
    name: str
    username: str
    path: str | None = None  # a GET through django.test.Client, or
    call: Callable[[], object] | None = None  # a plain function
    expect: str | None = None  # text the page must contain (the benchmark measures something real)
    post: dict | None = None  # POSTed to path instead of a GET (searches are posted: issue 16)
    # Run before each call, untimed and uncounted, its result passed to call: what a request has
    # already done before the code measured runs (loading the person signed in).
    setup: Callable[[], object] | None = None


@dataclass
class Result:
    name: str
    samples_ms: list[float]
    queries: int
    sql_ms: float
    result: str
    captured: list[dict]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.samples_ms, 0.95)


def percentile(values, fraction: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def signed_in_client(user):
    """A django.test.Client signed in as `user`, past the second sign-in step (consortium/mfa.py),
    as a person is after her code: the session holds her id under SESSION_VERIFIED_KEY."""
    from django.test import Client

    from consortium.mfa import SESSION_VERIFIED_KEY

    client = Client()
    client.force_login(user, backend=MEMBERSHIP_BACKEND)
    session = client.session
    session[SESSION_VERIFIED_KEY] = user.pk
    session.save()
    return client


class Runner:
    def __init__(self, repeat: int, warmup: int, budget: float):
        from django.test import Client

        from consortium.models import User

        self.repeat, self.warmup, self.budget = repeat, warmup, budget
        self._client_class, self._users, self._clients = Client, User.objects, {}

    def client(self, username: str):
        if username not in self._clients:
            self._clients[username] = signed_in_client(self._users.get(username=username))
        return self._clients[username]

    def _once(self, bench: Bench):
        """(once, prepare): one untimed preparation, and one measured run that takes its result."""
        if bench.path is not None:
            client = self.client(bench.username)

            def once(_prepared=None):
                if bench.post is None:
                    response = client.get(bench.path)
                else:
                    response = client.post(bench.path, bench.post)
                if response.status_code != 200:
                    method = "GET" if bench.post is None else "POST"
                    raise RuntimeError(f"{bench.name}: {method} {bench.path} answered {response.status_code}")
                return response
        elif bench.setup is not None:
            once = bench.call
        else:

            def once(_prepared=None):
                return bench.call()

        def prepare():
            return bench.setup() if bench.setup is not None else None

        return once, prepare

    @staticmethod
    def _timed(once, prepare) -> float:
        prepared = prepare()
        started = time.perf_counter()
        once(prepared)
        return (time.perf_counter() - started) * 1000

    def run(self, bench: Bench) -> Result:
        once, prepare = self._once(bench)
        for _ in range(self.warmup):
            once(prepare())
        samples = []
        while len(samples) < self.repeat and (len(samples) < MIN_RUNS or sum(samples) < self.budget * 1000):
            samples.append(self._timed(once, prepare))
        return self._result(bench, once, prepare, samples)

    def run_pair(self, first: Bench, second: Bench) -> tuple[Result, Result]:
        """Both benchmarks, their runs taken in turn (ab, ba, ab...): on a machine whose load comes and
        goes, each sees the same conditions, so the ratio of their times holds even when the times move."""
        runs = [self._once(first), self._once(second)]
        for _ in range(self.warmup):
            for once, prepare in runs:
                once(prepare())
        samples: list[list[float]] = [[], []]
        while len(samples[0]) < self.repeat and (
            len(samples[0]) < MIN_RUNS or sum(samples[0]) + sum(samples[1]) < self.budget * 1000
        ):
            order = (0, 1) if len(samples[0]) % 2 == 0 else (1, 0)
            for i in order:
                samples[i].append(self._timed(*runs[i]))
        return (
            self._result(first, *runs[0], samples[0]),
            self._result(second, *runs[1], samples[1]),
        )

    @staticmethod
    def _result(bench: Bench, once, prepare, samples: list[float]) -> Result:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        # Counted on a separate run: capturing SQL has a cost of its own. CaptureQueriesContext
        # gives the SQL (rounded to whole ms); a wrapper times each query precisely.
        durations = []

        def timer(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                durations.append((time.perf_counter() - started) * 1000)

        prepared = prepare()
        with CaptureQueriesContext(connection) as context, connection.execute_wrapper(timer):
            outcome = once(prepared)
        captured = [{"ms": float(q["time"]) * 1000, "sql": q["sql"]} for q in context.captured_queries]
        # Django logs COMMIT and ROLLBACK (and BEGIN on PostgreSQL) without passing them through wrappers.
        through_wrapper = [q for q in captured if q["sql"] not in ("BEGIN", "COMMIT", "ROLLBACK")]
        if len(through_wrapper) == len(durations):
            for query, ms in zip(through_wrapper, durations, strict=True):
                query["ms"] = ms
        return Result(
            name=bench.name,
            samples_ms=samples,
            queries=len(captured),
            sql_ms=sum(q["ms"] for q in captured),
            result=describe(bench, outcome),
            captured=captured,
        )


def describe(bench: Bench, outcome) -> str:
    if bench.path is None:
        return f"{outcome:,}" if isinstance(outcome, int) else str(outcome)
    text = outcome.content.decode()
    if bench.expect and bench.expect not in text:
        raise RuntimeError(f"{bench.name}: {bench.expect!r} not in the page; the benchmark would measure nothing")
    if match := RESULT_COUNT.search(text):
        more, found = match.group(1) or "", int(match.group(2).replace(",", ""))
        return f"{more.lower()}{found:,} case{'' if found == 1 else 's'}"
    if events := text.count('<li class="event event-'):
        return f"{events} events"
    return ""


def benchmarks(dataset) -> list[Bench]:
    from bench.dataset import CASEWORKER, COORDINATOR, ORG_ADMIN
    from cases.models import Case
    from cases.selectors import case_list_visible_to
    from consortium.models import User

    search_case = Case.objects.select_related("survivor").get(pk=dataset.search_case_id)
    timeline_case = Case.objects.get(pk=dataset.timeline_case_id)
    reference, name = search_case.reference, search_case.survivor.full_name
    phone = search_case.survivor.phone_numbers[0]
    users = {u.username: u for u in User.objects.filter(username__in=[CASEWORKER, ORG_ADMIN, COORDINATOR])}

    def count_visible(username):
        return lambda: case_list_visible_to(users[username]).count()

    def q(**params):
        return "/cases/?" + urlencode(params)

    filtered = q(status="open", minor="yes", sort="-rescued_on")
    # Page 400 of the coordinator's list (cases 9,976 to 10,000; with fewer cases, the deepest
    # page), as Next reaches it (after the last case of the page before: keyset) and as a typed
    # page number reaches it (an offset of 9,975).
    from cases.selectors import case_list_for_page
    from cases.views import PAGE_SIZE as per_page

    deep = max(2, min(400, Case.objects.count() // per_page))
    cursor = case_list_for_page(users[COORDINATOR]).values_list("pk", flat=True)[(deep - 1) * per_page - 1]
    return [
        Bench("list · caseworker", CASEWORKER, "/cases/"),
        Bench("list · org admin", ORG_ADMIN, "/cases/"),
        Bench("list · coordinator", COORDINATOR, "/cases/"),
        Bench("search reference · coordinator", COORDINATOR, "/cases/", post={"q": reference}, expect=reference),
        Bench("search reference · caseworker", CASEWORKER, "/cases/", post={"q": reference}, expect=reference),
        Bench("search name · coordinator", COORDINATOR, "/cases/", post={"q": name}),
        Bench("search name · caseworker", CASEWORKER, "/cases/", post={"q": name}, expect=reference),
        Bench("search phone · caseworker", CASEWORKER, "/cases/", post={"q": phone}, expect=reference),
        Bench("filter open+minor by rescue · coord.", COORDINATOR, filtered),
        Bench(f"list page {deep} by Next · coordinator", COORDINATOR, q(page=deep, after=cursor)),
        Bench(f"list page {deep} by number · coordinator", COORDINATOR, q(page=deep)),
        Bench(
            "case detail · lead caseworker", CASEWORKER, f"/cases/{timeline_case.pk}/", expect=timeline_case.reference
        ),
        Bench(
            "case timeline · lead caseworker",
            CASEWORKER,
            f"/cases/{timeline_case.pk}/timeline/",
            expect=timeline_case.reference,
        ),
        # The REST API (api/): the same selector behind a JSON list in cursor pages, a case, a timeline.
        Bench("api list · caseworker", CASEWORKER, "/api/v1/cases/"),
        Bench("api list · coordinator", COORDINATOR, "/api/v1/cases/"),
        Bench("api list open+minor · coordinator", COORDINATOR, "/api/v1/cases/?status=open&minor=yes"),
        Bench(
            "api list by reference · coordinator", COORDINATOR, "/api/v1/cases/?" + urlencode({"reference": reference})
        ),
        Bench("api case · lead caseworker", CASEWORKER, f"/api/v1/cases/{timeline_case.pk}/"),
        Bench("api timeline · lead caseworker", CASEWORKER, f"/api/v1/cases/{timeline_case.pk}/timeline/"),
        Bench("selector count · coordinator", COORDINATOR, call=count_visible(COORDINATOR)),
        Bench("selector count · org admin", ORG_ADMIN, call=count_visible(ORG_ADMIN)),
        Bench("selector count · caseworker", CASEWORKER, call=count_visible(CASEWORKER)),
    ]


# -- the selector against django-guardian's generic alternative --------------------------------------


def fill_guardian(dataset) -> dict:
    """Give guardian the same visibility as the selector's: a `view_case` object permission for
    every case on each person's team, for every case her organisation leads where she is its
    admin, and for every case where she is a coordinator, in the direct-foreign-key table
    (guardian's fastest). Coordinators could instead hold guardian's global permission, but that
    is answered by the authentication backends, and Nyaya's grant no model-wide permissions
    (consortium/backends.py). Returns what was made, for emptying afterwards."""
    from django.contrib.auth.models import Permission
    from django.db import connection

    from cases.models import Case, CaseAssignment, CaseUserObjectPermission
    from consortium.models import Membership, Role

    perm = Permission.objects.get(codename="view_case", content_type__app_label="cases")
    pairs = set(CaseAssignment.objects.active().values_list("user_id", "case_id"))
    every_case = list(Case.objects.values_list("pk", "lead_organisation_id"))
    for user_id, organisation_id, role in (
        Membership.objects.active()
        .filter(role__in=[Role.ORG_ADMIN, Role.COORDINATOR])
        .values_list("user_id", "organisation_id", "role")
    ):
        pairs.update((user_id, pk) for pk, lead in every_case if role == Role.COORDINATOR or lead == organisation_id)
    CaseUserObjectPermission.objects.bulk_create(
        (CaseUserObjectPermission(user_id=u, permission=perm, content_object_id=c) for u, c in sorted(pairs)),
        batch_size=5000,
        ignore_conflicts=True,
    )
    if connection.vendor == "postgresql":
        # As autovacuum would soon after in a running deployment (this machine's PostgreSQL runs
        # with it off): without it guardian's index-only scan reads the table for each of her rows,
        # and the dead rows of earlier runs' permissions, which would make guardian look slower.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {CaseUserObjectPermission._meta.db_table}")
    return {"perm": perm, "rows": len(pairs)}


def empty_guardian(filled: dict) -> None:
    from django.db import connection

    from cases.models import CaseUserObjectPermission

    CaseUserObjectPermission.objects.filter(permission=filled["perm"]).delete()
    if connection.vendor == "postgresql":
        # The table is left as it was: without its dead rows, and with statistics that no longer
        # count guardian's grants (autovacuum is off on this machine).
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {CaseUserObjectPermission._meta.db_table}")


def guardian_benchmarks() -> list[tuple[Bench, Bench]]:
    """(ours, guardian's) for each measured person: which are the newest 25 cases she may see.

    Each run starts from her as a request has her before its view runs (untimed): a fresh user
    loaded by the session's authentication backend, which reads her memberships with her
    (consortium.backends.MembershipBackend), and those memberships remembered for the request
    (consortium.middleware). Both sides then answer with the 25 cases' ids (the selector with its
    on-team and identity-visible flags too), so what is timed is the visibility decision itself,
    not the 25 Case objects (decrypting their encrypted columns costs the same few milliseconds
    whichever way the ids were found)."""
    from guardian.shortcuts import get_objects_for_user

    from bench.dataset import CASEWORKER, COORDINATOR, ORG_ADMIN
    from cases.models import Case
    from cases.selectors import case_list_visible_to
    from consortium.backends import MembershipBackend
    from consortium.models import User
    from consortium.standing import forget, remember_for_request

    pairs = []
    for username, label in ((CASEWORKER, "caseworker"), (ORG_ADMIN, "org admin"), (COORDINATOR, "coordinator")):
        user_id = User.objects.get(username=username).pk

        def signed_in(user_id=user_id):
            return MembershipBackend().get_user(user_id)  # a fresh user, as each request loads her

        def ours(user):
            token = remember_for_request(user, user.active_memberships)  # as the middleware does
            try:
                # With what the selector also decides per case: is she on its team, may she see who
                # the survivor is (a coordinator's list masks the others; guardian answers neither).
                cases = case_list_visible_to(user).order_by("-opened_at", "-pk")
                return list(cases.values_list("pk", "on_team", "identity_visible")[:25])
            finally:
                forget(token)

        def theirs(user):
            found = get_objects_for_user(user, "cases.view_case", klass=Case, with_superuser=False)
            return list(found.order_by("-opened_at", "-pk").values_list("pk", flat=True)[:25])

        pairs.append(
            (
                Bench(f"visible 25 · selector · {label}", username, call=ours, setup=signed_in),
                Bench(f"visible 25 · guardian · {label}", username, call=theirs, setup=signed_in),
            )
        )
    return pairs


# -- reporting ---------------------------------------------------------------------------------------


def print_table(results: list[Result], previous: dict, slow_ms: float) -> None:
    headers = ["benchmark", "median ms", "p95 ms", "min ms", "runs", "queries", "sql ms", "result"]
    if previous:
        headers.insert(5, "vs last")
    rows = []
    for r in results:
        row = [r.name, f"{r.median_ms:.1f}", f"{r.p95_ms:.1f}", f"{min(r.samples_ms):.1f}", str(len(r.samples_ms))]
        if previous:
            before = previous.get(r.name)
            row.append(f"{(r.median_ms / before - 1) * 100:+.0f}%" if before else "")
        row += [str(r.queries), f"{r.sql_ms:.1f}", r.result + ("  << slow" if r.median_ms > slow_ms else "")]
        rows.append(row)
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(
            str(c).ljust(w) if i in (0, len(cells) - 1) else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def print_sql(result: Result) -> None:
    from django.db import connection

    print(f"\n== SQL of {result.name!r}: {result.queries} queries, {result.sql_ms:.1f} ms")
    for number, query in enumerate(result.captured, 1):
        print(f"-- [{number}] {query['ms']:.2f} ms\n{query['sql']}")
    selects = [q for q in result.captured if q["sql"].lstrip().upper().startswith("SELECT")]
    if not selects:
        return
    slowest = max(selects, key=lambda q: q["ms"])
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    print(f"-- plan of the slowest select ({slowest['ms']:.2f} ms):")
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + slowest["sql"])
            for row in cursor.fetchall():
                print("   ", " | ".join(str(c) for c in row))
    except Exception as exc:  # the logged SQL is not always re-executable as is
        print(f"    (could not explain: {exc.__class__.__name__}: {exc})")


def load_previous(path: Path, meta: dict) -> dict:
    """Medians of the last run, if it measured the same thing (same scale and database)."""
    try:
        last = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    same = all(last.get("meta", {}).get(k) == meta[k] for k in ("cases", "database_vendor"))
    return {r["name"]: r["median_ms"] for r in last.get("results", [])} if same else {}


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=5, check=False
        )
        return out.stdout.strip()
    except OSError:
        return ""


def write_results(path: Path, meta: dict, results: dict) -> None:
    """A benchmark's results as JSON: `meta` (with the database vendor, the commit and the time
    added) and the results beside it."""
    from django.db import connection

    meta = {"vendor": connection.vendor, **meta, "git_commit": git_commit(), "at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"meta": meta, **results}, indent=2) + "\n", encoding="utf-8")
    print(f"written {path}")


def remove_throwaway_database(database: dict, keep: bool = False) -> None:
    """Every benchmark cleans up after itself (bench/dashboard.py, deadline_scan.py, pdf_dossier.py)."""
    clean_up_database(database, keep)


def main(argv=None) -> int:
    args = parse_args(argv)
    # Progress lines as they happen, also when the output goes to a file (an hour-long build).
    sys.stdout.reconfigure(line_buffering=True)
    total_started = time.perf_counter()
    database = configure_database(args)
    what = "the cases built earlier" if args.reuse else f"{args.cases:,} cases"
    print(f"bench: {what} on {database['vendor']} ({database['name']})")
    try:
        migrate_s = setup_django(database)
        print(f"  migrate: {migrate_s:.1f} s")

        from django import get_version
        from django.db import connection

        from bench.dataset import SEED, build_dataset
        from cases.models import Case, CaseEvent

        seed = SEED if args.seed is None else args.seed
        started = time.perf_counter()
        if args.reuse:
            dataset = load_dataset(database)
            args.cases = dataset.cases
            print(f"  reusing {dataset.cases:,} cases built earlier ({dataset_file(database).relative_to(ROOT)})")
            if connection.vendor == "postgresql":
                # A migration since the build may have added an index or statistics to plan with.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        else:
            dataset = build_dataset(args.cases, seed=seed, log=print)
            save_dataset(database, dataset)
        build_s = time.perf_counter() - started
        print(f"  data build: {build_s:.1f} s  ({', '.join(f'{k} {v:.1f} s' for k, v in dataset.timings.items())})")
        print(f"  rows: {', '.join(f'{k} {v:,}' for k, v in dataset.rows.items())}")
        events = CaseEvent.objects.filter(case_id=dataset.timeline_case_id).count()
        print(
            f"  timeline case {Case.objects.get(pk=dataset.timeline_case_id).reference} has {events} events; "
            f"search case {Case.objects.get(pk=dataset.search_case_id).reference}"
        )

        meta = {
            "cases": args.cases,
            "database_vendor": connection.vendor,
            "database": database["name"] if database["temp_dir"] is None else "(throwaway sqlite)",
            "seed": seed,
            "repeat": args.repeat,
            "warmup": args.warmup,
            "budget_s": args.budget,
            "migrate_s": round(migrate_s, 2),
            "build_s": round(build_s, 2),
            "build_phases_s": {k: round(v, 2) for k, v in dataset.timings.items()},
            "rows": dataset.rows,
            "git_commit": git_commit(),
            "python": sys.version.split()[0],
            "django": get_version(),
            "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        previous = load_previous(args.output or OUTPUT, meta)

        runner = Runner(args.repeat, args.warmup, args.budget)
        results = []
        print(f"\nmeasuring: {args.warmup} warm-up + {args.repeat} timed runs each (fewer past {args.budget:.0f} s)")
        for bench in benchmarks(dataset):
            if args.only and args.only not in bench.name:
                continue
            result = runner.run(bench)
            results.append(result)
            print(f"  {bench.name}: median {result.median_ms:.1f} ms of {len(result.samples_ms)} runs")

        if not args.only or "visible 25" in args.only or "guardian" in args.only:
            started = time.perf_counter()
            filled = fill_guardian(dataset)
            print(f"  guardian: {filled['rows']:,} object permissions in {time.perf_counter() - started:.0f} s")
            try:
                for ours, theirs in guardian_benchmarks():
                    mine, guardians = runner.run_pair(ours, theirs)
                    same = [pk for pk, *_ in ours.call(ours.setup())] == theirs.call(theirs.setup())
                    mine.result = f"{'same' if same else 'DIFFERENT'} 25 cases"
                    guardians.result = f"{guardians.median_ms / mine.median_ms:.1f}x the selector's time"
                    results += [mine, guardians]
                    print(f"  {ours.name}: {mine.median_ms:.1f} ms; guardian {guardians.median_ms:.1f} ms")
            finally:
                empty_guardian(filled)

        print(f"\nNyaya benchmarks: {args.cases:,} cases, {connection.vendor}, times per request in ms\n")
        print_table(results, previous, args.slow_ms)
        if args.sql is not None:
            for result in results:
                if args.sql in result.name:
                    print_sql(result)

        if args.output is None:
            print(f"\nnot written (--only without --output); total {time.perf_counter() - total_started:.0f} s")
            return 0
        args.output.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "meta": meta,
            "results": [
                {
                    "name": r.name,
                    "median_ms": round(r.median_ms, 2),
                    "p95_ms": round(r.p95_ms, 2),
                    "min_ms": round(min(r.samples_ms), 2),
                    "queries": r.queries,
                    "sql_ms": round(r.sql_ms, 2),
                    "result": r.result,
                    "slowest_query": max(r.captured, key=lambda q: q["ms"]) if r.captured else None,
                    "samples_ms": [round(s, 2) for s in r.samples_ms],
                }
                for r in results
            ],
        }
        args.output.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        from bench.summary import measurement, record

        record(
            [measurement(r.name, args.cases, r.median_ms, r.p95_ms, r.queries, r.sql_ms) for r in results]
            + ([] if args.reuse else [measurement("data build", args.cases, build_s * 1000)])
        )
        print(f"\nwritten {args.output}; total {time.perf_counter() - total_started:.0f} s")
    finally:
        clean_up_database(database, keep=args.keep or args.reuse)
    return 0


def dataset_file(database: dict) -> Path:
    """Where a kept database's dataset facts (which cases the pages measure) are written."""
    return OUTPUT.parent / f"dataset-{database['vendor']}-{Path(database['name']).name}.json"


def save_dataset(database: dict, dataset) -> None:
    path = dataset_file(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dataclasses.asdict(dataset), indent=2) + "\n", encoding="utf-8")


def load_dataset(database: dict):
    from bench.dataset import Dataset

    path = dataset_file(database)
    if not path.exists():
        sys.exit(f"bench: --reuse found no {path.relative_to(ROOT)}: build the data first with --keep.")
    return Dataset(**json.loads(path.read_text(encoding="utf-8")))


def clean_up_database(database: dict, keep: bool) -> None:
    """Benchmarks clean up after themselves: the throwaway SQLite directory, or the bench* PostgreSQL
    database (dropped), unless kept for --reuse."""
    if keep:
        print(f"kept the database {database['name']!r}")
        return
    if database["temp_dir"] is not None:
        shutil.rmtree(database["temp_dir"], ignore_errors=True)
    elif database["vendor"] == "postgresql" and database.get("config"):
        from django.db import connections

        connections.close_all()
        _drop_postgres(database)
        print(f"dropped the database {database['name']!r} (--keep keeps it)")


if __name__ == "__main__":
    sys.exit(main())
