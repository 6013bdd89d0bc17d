#!/usr/bin/env python
"""Benchmark of the coordinator dashboard: every figure on 100,000 cases, time and queries.

    make bench-dashboard                                          # throwaway SQLite, 100k cases
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/dashboard.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nyaya_wt11 .venv/bin/python bench/dashboard.py \
        --allow-wipe nyaya_wt11                                   # any other database, named twice
    .venv/bin/python bench/dashboard.py --cases 10000 --repeat 3

Builds the demo consortium and --cases synthetic cases (bench/dataset.py: survivors, teams,
timelines), then, in bulk and in the shape the services leave, the workflows the dashboard
reads: FIRs with their stage transitions (registered, investigation, chargesheet or closure),
accused with arrest, bail and absconding, failure-point tags, court cases with trial stages,
judgments with outcomes per accused, compensation claims with filing, award and payments,
and overdue deadlines. Then it times dashboard.metrics.dashboard_metrics() (every figure of
the page) for the coordinator (all cases) and an organisation admin, the whole page through
django.test.Client, and a drill-down list, counting queries. Target: under 2 s on PostgreSQL
with the same number of queries at any scale. Results go to var/bench/dashboard.json.

The database is wiped: its name must start with "bench", or be given again with --allow-wipe.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (  # noqa: E402
    ROOT,
    configure_database,
    recreate_postgres,
    remove_throwaway_database,
    setup_django,
    signed_in_client,
    write_results,
)

OUTPUT = ROOT / "var" / "bench" / "dashboard.json"
STATIONS = [
    f"{name} PS"
    for name in [
        "Howrah",
        "Canning",
        "Basirhat",
        "Pimpri",
        "Kamathipura",
        "Saket",
        "Shakurpur",
        "Dumka",
        "Ranchi",
        "Cuttack",
        "Bokaro",
        "Malda",
        "Sealdah",
        "Bhiwandi",
        "Kurla",
        "Majestic",
        "Whitefield",
        "Panvel",
        "Ghatsila",
        "Puri",
    ]
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--allow-wipe", default="", help="the database name, to wipe one not named bench*")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database at the end (it is dropped otherwise), for --reuse"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure the data a previous run left in DATABASE_URL (no wipe, no build)"
    )
    return parser.parse_args(argv)


def configure(args) -> dict:
    import os

    url = os.environ.get("DATABASE_URL", "")
    if url and args.allow_wipe:
        import dj_database_url

        config = dj_database_url.parse(url)
        if config.get("NAME") != args.allow_wipe or not config.get("ENGINE", "").endswith("postgresql"):
            sys.exit("bench: --allow-wipe must name the PostgreSQL database of DATABASE_URL.")
        return {
            "vendor": "postgresql",
            "name": config["NAME"],
            "temp_dir": None,
            "recreated": recreate_postgres(config),
            "config": config,
        }
    return configure_database(args)


def timed(fn, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up
    samples, queries = [], None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return {"median_s": round(statistics.median(samples), 3), "max_s": round(max(samples), 3), "queries": queries}


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.reuse:
        import os

        import dj_database_url

        config = dj_database_url.parse(os.environ["DATABASE_URL"])
        database = {"vendor": "postgresql" if "postgresql" in config["ENGINE"] else "sqlite", "name": config["NAME"]}
        database.update(temp_dir=None, recreated=True)
    else:
        database = configure(args)
    migrate_s = setup_django(database)
    from django.db import connection

    from bench.dataset import build_dataset, build_workflows  # the field's attrition, valid dates
    from consortium.models import Membership, Role
    from dashboard.filters import plain_scope, visible_cases
    from dashboard.metrics import dashboard_metrics

    print(f"bench: {database['vendor']} {database['name']}, {args.cases} cases (migrated in {migrate_s:.1f} s)")
    started = time.perf_counter()
    if args.reuse:
        from cases.models import Case, StageTransition

        counts = {"cases": Case.objects.count(), "transitions": StageTransition.objects.count()}
    else:
        build_dataset(args.cases, log=print)
        counts = build_workflows(args.seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    build_s = time.perf_counter() - started
    print(f"  built in {build_s:.0f} s")

    coordinator = Membership.objects.get(user__username="coordinator", role=Role.COORDINATOR)
    admin = Membership.objects.get(user__username="admin_wb", role=Role.ORG_ADMIN)

    def metrics(membership):
        return lambda: dashboard_metrics(plain_scope(visible_cases(membership.user, membership)), stalled_days=90)

    client = signed_in_client(coordinator.user)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    def page(path):
        def get():
            response = client.get(path)
            assert response.status_code == 200, response.status_code

        return get

    results = {
        "metrics · coordinator": timed(metrics(coordinator), args.repeat),
        "metrics · org admin": timed(metrics(admin), args.repeat),
        "page /dashboard/ · coordinator": timed(page("/dashboard/"), args.repeat),
        "page /dashboard/?state=WB · coordinator": timed(page("/dashboard/?state=WB"), args.repeat),
        "drill-down chargesheet · coordinator": timed(page("/dashboard/cases/?metric=chargesheet"), args.repeat),
    }
    figures = metrics(coordinator)()
    gaps = {k: (v.n, round(v.median), round(v.p90)) for k, v in figures.durations.items() if k.startswith("gap:")}
    funnel = {
        k: figures.counts[k] for k in ("cases", "fir", "chargesheet", "trial", "judgment", "conviction", "stalled")
    }
    print(f"  funnel: {funnel}\n  intervals (n, median, p90): {gaps}")
    width = max(len(k) for k in results)
    print(f"\n{'benchmark'.ljust(width)}  median    max  queries")
    for name, r in results.items():
        print(f"{name.ljust(width)}  {r['median_s']:6.3f} {r['max_s']:6.3f}  {r['queries']:7d}")
    write_results(
        args.output,
        {"cases": args.cases},
        {"rows": counts, "build_s": round(build_s), "results": results, "funnel": funnel, "intervals": gaps},
    )
    remove_throwaway_database(database, keep=args.keep or args.reuse)
    return 0


if __name__ == "__main__":
    sys.exit(main())
