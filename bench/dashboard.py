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
import datetime
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (  # noqa: E402
    ROOT,
    _recreate_postgres,
    configure_database,
    remove_throwaway_database,
    setup_django,
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
            "recreated": _recreate_postgres(config),
        }
    return configure_database(args)


def build_workflows(seed: int, log=print) -> dict:
    """FIRs, transitions, accused, tags, court cases, judgments, claims, payments, deadlines."""
    from django.db import transaction
    from django.utils import timezone

    from cases.models import Case, Deadline, DeadlineRule, StageTransition
    from compensation.models import Claim, ClaimPayment, Scheme
    from consortium.models import District, State, User
    from legal.models import (
        FIR,
        Accused,
        Court,
        CourtAccused,
        CourtCase,
        FailurePoint,
        FailureTag,
        FIRAccused,
        Judgment,
        JudgmentOutcome,
    )

    rng = random.Random(seed)
    today = timezone.localdate()
    actor = User.objects.get(username="cw_wb")
    states = {s.code: s for s in State.objects.filter(code__in=["WB", "JH", "OD", "MH", "DL", "KA"])}
    districts = {code: list(District.objects.filter(state=s)[:6]) for code, s in states.items()}
    points = list(FailurePoint.objects.all())
    courts = [
        Court.objects.get_or_create(kind="sessions", state=s, district=districts[c][0], name=f"Sessions Court {c} {i}")[
            0
        ]
        for c, s in states.items()
        for i in range(3)
    ]
    scheme = Scheme.objects.filter(code="nalsa-2018").first() or Scheme.objects.first()
    line = scheme.lines.first()
    rule = DeadlineRule.objects.filter(is_active=True).first()
    cases = list(Case.objects.values_list("pk", "rescued_on", "opened_at"))
    counts = {}

    def day(base, offset):
        return min(today, base + datetime.timedelta(days=offset))

    firs, fir_meta = [], []
    for pk, rescued_on, opened_at in cases:
        if rng.random() < 0.72:
            code = rng.choice(list(states))
            start = rescued_on or opened_at.date()
            fir_date = day(start, rng.randint(0, 40))
            firs.append(
                FIR(
                    case_id=pk,
                    chain_role="destination",
                    state=states[code],
                    district=rng.choice(districts[code]) if districts[code] else None,
                    police_station=rng.choice(STATIONS),
                    fir_number=f"{rng.randint(1, 999)}/{fir_date.year}",
                    fir_date=fir_date,
                    reported_on=fir_date,
                    rescued_on=start,
                    created_by=actor,
                )
            )
            fir_meta.append((pk, fir_date))
    with transaction.atomic():
        FIR.objects.bulk_create(firs, batch_size=5000)
    counts["FIRs"] = len(firs)

    moves, tags, court_plan, chargesheet_on = [], [], [], {}
    accused_rows = []
    for fir, (pk, fir_date) in zip(firs, fir_meta, strict=True):
        key = f"legal.fir:{fir.pk}"
        moves.append(
            StageTransition(
                case_id=pk,
                workflow="investigation",
                subject_key=key,
                transition="register_fir",
                from_stage="reported",
                to_stage="fir_registered",
                effective_on=fir_date,
            )
        )
        inv = day(fir_date, rng.randint(1, 20))
        moves.append(
            StageTransition(
                case_id=pk,
                workflow="investigation",
                subject_key=key,
                transition="start_investigation",
                from_stage="fir_registered",
                to_stage="under_investigation",
                effective_on=inv,
            )
        )
        roll = rng.random()
        if roll < 0.45:
            cs = day(inv, rng.randint(30, 200))
            chargesheet_on[fir.pk] = cs
            moves.append(
                StageTransition(
                    case_id=pk,
                    workflow="investigation",
                    subject_key=key,
                    transition="file_chargesheet",
                    from_stage="under_investigation",
                    to_stage="chargesheet_filed",
                    effective_on=cs,
                )
            )
            if rng.random() < 0.6:
                court_plan.append((pk, fir, cs))
        elif roll < 0.6:
            moves.append(
                StageTransition(
                    case_id=pk,
                    workflow="investigation",
                    subject_key=key,
                    transition="file_closure_report",
                    from_stage="under_investigation",
                    to_stage="closure_report_filed",
                    effective_on=day(inv, rng.randint(30, 300)),
                )
            )
        for _ in range(rng.randint(0, 2)):
            accused_rows.append((fir, rng.random() < 0.7, rng.random() < 0.4, rng.random() < 0.08))
        if rng.random() < 0.3:
            tags.append(FailureTag(fir=fir, failure_point=rng.choice(points), tagged_by=actor))
    accused = [Accused(names=["Bench accused"], created_by=actor) for _ in accused_rows]
    with transaction.atomic():
        Accused.objects.bulk_create(accused, batch_size=5000)
        links = []
        for person, (fir, arrested, bailed, absconding) in zip(accused, accused_rows, strict=True):
            links.append(
                FIRAccused(
                    fir=fir,
                    accused=person,
                    arrested_on=fir.fir_date if arrested else None,
                    bail_status="granted" if bailed else "",
                    absconding=absconding,
                )
            )
        FIRAccused.objects.bulk_create(links, batch_size=5000)
        FailureTag.objects.bulk_create(tags, batch_size=5000)
    counts.update(accused=len(accused), tags=len(tags))
    accused_by_fir = {}
    for link in links:
        accused_by_fir.setdefault(link.fir_id, []).append(link.accused)

    path = [
        "appearance",
        "copies_supplied",
        "discharge_hearing",
        "charges_framed",
        "prosecution_evidence",
        "accused_statement",
        "final_arguments",
        "judgment",
    ]
    court_cases, court_steps = [], []
    for pk, _fir, cs in court_plan:
        cognizance = day(cs, rng.randint(5, 60))
        steps, step = [], cognizance
        for stage in path[: rng.randint(0, len(path))]:
            step = day(step, rng.randint(14, 120))
            steps.append((stage, step))
        reached = dict(steps)
        court_cases.append(
            CourtCase(
                case_id=pk,
                court=rng.choice(courts),
                cognizance_on=cognizance,
                charges_framed_on=reached.get("charges_framed"),
                judgment_on=reached.get("judgment"),
                created_by=actor,
            )
        )
        court_steps.append(steps)
    with transaction.atomic():
        CourtCase.objects.bulk_create(court_cases, batch_size=5000)
        CourtCase.firs.through.objects.bulk_create(
            [
                CourtCase.firs.through(courtcase_id=cc.pk, fir_id=fir.pk)
                for cc, (_p, fir, _c) in zip(court_cases, court_plan, strict=True)
            ],
            batch_size=5000,
        )
        # The FIR's own chargesheet date, as the investigation services keep it.
        for fir in firs:
            fir.chargesheet_on = chargesheet_on.get(fir.pk)
        FIR.objects.bulk_update([f for f in firs if f.chargesheet_on], ["chargesheet_on"], batch_size=5000)
    judgments, court_accused = [], []
    for cc, (pk, fir, _cs), steps in zip(court_cases, court_plan, court_steps, strict=True):
        key = f"legal.courtcase:{cc.pk}"
        previous = "cognizance"
        for stage, on in steps:
            moves.append(
                StageTransition(
                    case_id=pk,
                    workflow="court",
                    subject_key=key,
                    transition=stage,
                    from_stage=previous,
                    to_stage=stage,
                    effective_on=on,
                )
            )
            previous = stage
        for person in accused_by_fir.get(fir.pk, []):
            court_accused.append(CourtAccused(court_case=cc, accused=person, added_by=actor))
        if steps and steps[-1][0] == "judgment":
            judgments.append(Judgment(court_case=cc, on=steps[-1][1], recorded_by=actor))
    with transaction.atomic():
        CourtAccused.objects.bulk_create(court_accused, batch_size=5000)
        Judgment.objects.bulk_create(judgments, batch_size=5000)
        judged = {j.court_case_id: j for j in judgments}
        JudgmentOutcome.objects.bulk_create(
            [
                JudgmentOutcome(
                    judgment=judged[ca.court_case_id],
                    court_accused=ca,
                    outcome="convicted" if rng.random() < 0.3 else "acquitted",
                    decided_on=judged[ca.court_case_id].on,
                )
                for ca in court_accused
                if ca.court_case_id in judged
            ],
            batch_size=5000,
        )
    counts.update(court_cases=len(court_cases), judgments=len(judgments))

    claims, claim_plan = [], []
    for pk, rescued_on, opened_at in cases:
        if rng.random() < 0.35:
            screened = day(rescued_on or opened_at.date(), rng.randint(10, 90))
            applied = day(screened, rng.randint(10, 120)) if rng.random() < 0.8 else None
            awarded = day(applied, rng.randint(30, 400)) if applied and rng.random() < 0.5 else None
            stage = "awarded" if awarded else "applied" if applied else "screened"
            claims.append(
                Claim(
                    case_id=pk,
                    scheme=scheme,
                    scheme_code=scheme.code,
                    line=line,
                    stage=stage,
                    stage_on=awarded or applied or screened,
                    screened_on=screened,
                    applied_on=applied,
                    awarded_on=awarded,
                    awarded_amount=100000 if awarded else None,
                    authority_level="dlsa",
                    authority_state=states["WB"],
                    created_by=actor,
                )
            )
            claim_plan.append((pk, screened, applied, awarded))
    with transaction.atomic():
        Claim.objects.bulk_create(claims, batch_size=5000)
    payments = []
    for claim, (pk, _screened, applied, awarded) in zip(claims, claim_plan, strict=True):
        key = f"compensation.claim:{claim.pk}"
        if applied:
            moves.append(
                StageTransition(
                    case_id=pk,
                    workflow="compensation",
                    subject_key=key,
                    transition="apply",
                    from_stage="screened",
                    to_stage="applied",
                    effective_on=applied,
                )
            )
        if awarded:
            moves.append(
                StageTransition(
                    case_id=pk,
                    workflow="compensation",
                    subject_key=key,
                    transition="award",
                    from_stage="applied",
                    to_stage="awarded",
                    effective_on=awarded,
                )
            )
            if rng.random() < 0.5:
                payments.append(
                    ClaimPayment(
                        claim=claim,
                        case_id=pk,
                        paid_on=day(awarded, rng.randint(10, 500)),
                        amount=50000,
                        mode="bank_transfer",
                        recorded_by=actor,
                    )
                )
    deadlines = [
        Deadline(
            case_id=pk,
            rule=rule,
            rule_code=rule.code,
            subject_key=f"bench:{pk}",
            title="Bench deadline",
            trigger_at=timezone.now() - datetime.timedelta(days=200),
            due_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 150)),
            due_on=today - datetime.timedelta(days=10),
            responsible_role="lead_caseworker",
        )
        for pk, _r, _o in cases
        if rng.random() < 0.15
    ]
    for move in moves:
        # Recorded on the day it happened (late morning), as people mostly do.
        move.recorded_at = timezone.make_aware(datetime.datetime.combine(move.effective_on, datetime.time(11)))
    with transaction.atomic():
        ClaimPayment.objects.bulk_create(payments, batch_size=5000)
        StageTransition.objects.bulk_create(moves, batch_size=5000)
        Deadline.objects.bulk_create(deadlines, batch_size=5000)
    counts.update(claims=len(claims), payments=len(payments), transitions=len(moves), deadlines=len(deadlines))
    log("  workflows: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return counts


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
    from django.test import Client

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

    client = Client()
    client.force_login(coordinator.user)
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
    remove_throwaway_database(database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
