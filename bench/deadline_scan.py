#!/usr/bin/env python
"""Benchmark of the periodic deadline scan: 100,000 open deadlines, time and peak memory.

    make bench-deadlines                                   # throwaway SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/deadline_scan.py
    .venv/bin/python bench/deadline_scan.py --deadlines 20000

Builds the demo consortium and --cases synthetic cases (bench/dataset.py), then inserts
--deadlines open deadlines spread over every seeded rule with due dates from 400 days ago
to 60 days ahead, so that reminders and every escalation step are due for many of them.
Then it runs the scan twice: the first sends everything due (the catch-up after a long
outage, the worst case), the second must send nothing. It reports wall time, queries,
notifications and peak Python memory (tracemalloc) and the process's peak RSS, and writes
them to var/bench/deadline_scan.json. The target: under 60 s with bounded memory.

The database is wiped, as with bench/run.py (its name must start with "bench").
"""

import argparse
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import ROOT, configure_database, remove_throwaway_database, setup_django, write_results  # noqa: E402

OUTPUT = ROOT / "var" / "bench" / "deadline_scan.json"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deadlines", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=5_000, help="cases the deadlines are spread over")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database at the end (it is dropped otherwise)",
    )
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions of the first scan")
    return parser.parse_args(argv)


def build_deadlines(n: int, seed: int) -> dict:
    import datetime

    from django.utils import timezone

    from cases.models import Case, Deadline, DeadlineRule

    rng = random.Random(seed)
    rules = list(DeadlineRule.objects.filter(is_active=True))
    case_ids = list(Case.objects.values_list("pk", flat=True))
    now = timezone.now()
    rows = []
    for index in range(n):
        rule = rules[index % len(rules)]
        due_at = now + datetime.timedelta(days=rng.uniform(-400, 60))
        rows.append(
            Deadline(
                case_id=rng.choice(case_ids),
                rule=rule,
                rule_code=rule.code,
                subject_key=f"bench:{index}",
                title=rule.name[:200],
                trigger_at=due_at - datetime.timedelta(days=30),
                due_at=due_at,
                due_on=timezone.localtime(due_at).date(),
                inputs={"bench": True},
                responsible_role=rule.responsible_role,
            )
        )
    Deadline.objects.bulk_create(rows, batch_size=5000)
    return {"deadlines": n, "rules": len(rules), "cases": len(case_ids)}


def measure(label: str, *, now=None, profile: bool = False, trace_memory: bool = False):
    """One scan: wall time and queries; with trace_memory, Python's peak allocation instead
    (tracing slows Python down about twice, so time and memory come from separate runs)."""
    from django.db import connection

    from cases.reminders import deadline_scan

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        if profiler:
            profiler.enable()
        result = deadline_scan(now=now)
        if profiler:
            profiler.disable()
    seconds = time.perf_counter() - started
    outcome = {"seconds": round(seconds, 2), "queries": len(queries), **result.as_dict()}
    if trace_memory:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        outcome = {"peak_python_mib": round(peak / 2**20, 1), **result.as_dict()}
        print(f"  {label}: peak Python memory {peak / 2**20:.1f} MiB ({result.notifications:,} notifications)")
        return outcome
    if profiler:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    print(
        f"  {label}: {seconds:.1f} s, {len(queries):,} queries, {result.reminders:,} reminders, "
        f"{result.escalations:,} escalations, {result.notifications:,} notifications"
    )
    return outcome


def batch_size() -> int:
    from cases.reminders import BATCH

    return BATCH


def forget_sent():
    """Undo a scan's output, so the same work can be measured again."""
    from cases.models import DeadlineNotice, Notification

    Notification.objects.all()._raw_delete(Notification.objects.db)
    DeadlineNotice.objects.all()._raw_delete(DeadlineNotice.objects.db)


def main(argv=None) -> int:
    args = parse_args(argv)
    database = configure_database(args)
    print(f"bench: deadline scan of {args.deadlines:,} open deadlines on {database['vendor']} ({database['name']})")
    try:
        setup_django(database)
        from django.db import connection

        from bench.dataset import build_dataset

        started = time.perf_counter()
        build_dataset(args.cases, log=print)
        shape = build_deadlines(args.deadlines, args.seed)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"  data: {shape} in {time.perf_counter() - started:.0f} s")

        import datetime

        from django.utils import timezone

        # One clock for the first three scans, so "nothing to send" is not muddled by the minutes passing.
        now = timezone.now()
        first = measure("catch-up scan (a long outage: everything due is sent)", now=now, profile=args.profile)
        forget_sent()
        memory = measure("the same scan, memory traced", now=now, trace_memory=True)
        second = measure("second scan at the same moment (idempotent: nothing to send)", now=now)
        steady = measure("a day later (steady state: the steps that fell due)", now=now + datetime.timedelta(days=1))
        rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        verdict = "within" if first["seconds"] < 60 else "OVER"
        print(f"  peak RSS of the whole run (data build included): {rss_mib:.0f} MiB")
        print(
            f"\n{verdict} the 60 s target: the catch-up scan of {args.deadlines:,} open deadlines took "
            f"{first['seconds']:.1f} s; Python memory peaked at {memory['peak_python_mib']} MiB (batches of "
            f"{batch_size()} rows)"
        )
        write_results(
            args.output,
            shape,
            {
                "catch_up_scan": first,
                "catch_up_memory": memory,
                "second_scan": second,
                "next_day_scan": steady,
                "peak_rss_mib": round(rss_mib),
            },
        )
    finally:
        remove_throwaway_database(database, keep=args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
