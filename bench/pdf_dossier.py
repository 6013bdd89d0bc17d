#!/usr/bin/env python
"""Benchmark of the case dossier PDF: a case with a long history (about 50 pages), time and memory.

    make bench-pdf                                          # throwaway SQLite
    .venv/bin/python bench/pdf_dossier.py --events 2500 --hearings 300   # a longer dossier

Builds the demo consortium (bench/dataset.py with no extra cases), opens one case for `cw_wb`
through the real service, records a court case with --hearings hearings and --events timeline
events (bulk inserted, as the chronology reads them), then builds the dossier the way the Celery
task does (pdfs.dossier.build_dossier, then AES-256 encryption with pypdf). It reports the
pages, wall time of each part, queries, peak Python memory (tracemalloc, in a separate run: tracing
slows Python down) and the process's peak RSS, and writes them to var/bench/pdf_dossier.json.
The target: a 50-page dossier in under 30 s on one core, with memory well under the worker's limit.

The database is wiped, as with bench/run.py (its name must start with "bench").
"""

import argparse
import datetime
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from legal.accused import services as accused_services

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import ROOT, configure_database, remove_throwaway_database, setup_django, write_results  # noqa: E402

OUTPUT = ROOT / "var" / "bench" / "pdf_dossier.json"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000, help="timeline events on the case")
    parser.add_argument("--hearings", type=int, default=120, help="hearings of its court case")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database at the end (it is dropped otherwise)",
    )
    return parser.parse_args(argv)


def build_case(events: int, hearings: int):
    """One case with a long history, recorded as the services leave it (bulk where they would loop)."""
    from django.utils import timezone

    from cases.factories import open_case
    from cases.models import CaseEvent, CaseRole
    from consortium.factories import state
    from consortium.models import Membership
    from legal.court import services as court_services
    from legal.models import Hearing, HearingPurpose, HearingStatus

    lead = Membership.objects.select_related("user", "organisation").get(user__username="cw_wb", role="caseworker")
    case = open_case(lead, survivor={"full_name": "Bench Survivor Qzv"})
    lawyer = Membership.objects.select_related("user").filter(user__username="lawyer_wb").first()
    if lawyer is not None and lawyer.organisation_id == lead.organisation_id:
        from cases.services import team_add

        team_add(actor=lead.user, case=case, membership=lawyer, role=CaseRole.LAWYER)
    today = timezone.localdate()
    accused = [
        accused_services.accused_record(
            actor=lead.user,
            case=case,
            **{"names": [f"Bench Accused {i}"], "aliases": [], "phones": [], "addresses": [], "description": ""},
            role="recruiter",
        ).accused
        for i in range(4)
    ]
    court_case = court_services.court_case_create(
        actor=lead.user,
        case=case,
        **{
            "court_kind": "magistrate",  # cognizance by a magistrate (BNSS 213 / CrPC 193)
            "court_state": state("WB"),
            "court_name": "Court of the Judicial Magistrate First Class, Howrah",
            "case_number": "GR 1/2020",
            "cnr": "WBHW010000012020",
            "judge": "Judge Bench",
            "public_prosecutor": "PP Bench",
            "cognizance_on": today - datetime.timedelta(days=hearings * 14 + 30),
            "accused": accused,
        },
    )
    purposes = [p for p, _ in HearingPurpose.choices]
    Hearing.objects.bulk_create(
        [
            Hearing(
                court_case=court_case,
                on=today - datetime.timedelta(days=(hearings - i) * 14),
                purpose=purposes[i % len(purposes)],
                status=HearingStatus.HELD,
                proceedings=f"Hearing {i}: matter taken up, witness examined in part, next date given.",
                next_date=today - datetime.timedelta(days=(hearings - i - 1) * 14),
                created_by=lead.user,
            )
            for i in range(hearings)
        ],
        batch_size=500,
    )
    start = timezone.now() - datetime.timedelta(days=events)
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.COURT if i % 3 else CaseEvent.Kind.INVESTIGATION,
                occurred_at=start + datetime.timedelta(hours=i * 12),
                actor=lead.user,
                summary=f"Step {i}: what was done on the case and with whom, as the timeline records it.",
            )
            for i in range(events)
        ],
        batch_size=1000,
    )
    return case, lead.user


def build_once(case, user, *, trace_memory=False) -> dict:
    from django.db import connection

    from cases.permissions import case_access
    from cases.selectors import case_get_visible
    from pdfs.dossier import build_dossier
    from pdfs.services import encrypt_pdf, new_password

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    steps = []
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        visible = case_get_visible(user, case.pk)
        built = build_dossier(
            user=user,
            case=visible,
            access=case_access(user, visible),
            progress=lambda percent, step: steps.append((time.perf_counter() - started, percent, step)),
        )
    laid_out = time.perf_counter() - started
    locked = encrypt_pdf(built.data, new_password())
    total = time.perf_counter() - started
    result = {
        "pages": built.pages,
        "bytes": len(built.data),
        "encrypted_bytes": len(locked),
        "seconds_total": round(total, 2),
        "seconds_build": round(laid_out, 2),
        "seconds_encrypt": round(total - laid_out, 2),
        "seconds_reading_data": round(next((t for t, p, _ in steps if p >= 25), 0), 2),
        "queries": len(queries),
    }
    if trace_memory:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["peak_python_mib"] = round(peak / 2**20, 1)
    return result


def main(argv=None) -> int:
    args = parse_args(argv)
    database = configure_database(args)
    print(f"bench: case dossier PDF on {database['vendor']} ({database['name']})")
    try:
        setup_django(database)

        from bench.dataset import build_dataset

        started = time.perf_counter()
        build_dataset(1, log=lambda *a, **k: None)
        case, user = build_case(args.events, args.hearings)
        print(
            f"  data: 1 case, {args.events:,} events, {args.hearings} hearings in {time.perf_counter() - started:.0f} s"
        )
        build_once(case, user)  # warm-up: font loading and registration happen once per worker
        timed = build_once(case, user)
        memory = build_once(case, user, trace_memory=True)
        rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"  dossier: {timed['pages']} pages, {timed['bytes'] / 1024:.0f} KiB, {timed['seconds_total']:.1f} s "
            f"(reading {timed['seconds_reading_data']:.1f} s, layout {timed['seconds_build']:.1f} s, "
            f"AES-256 {timed['seconds_encrypt']:.1f} s), {timed['queries']} queries"
        )
        print(f"  peak Python memory while building: {memory['peak_python_mib']} MiB; peak RSS {rss_mib:.0f} MiB")
        verdict = "within" if timed["seconds_total"] < 30 else "OVER"
        print(f"\n{verdict} the 30 s target for a {timed['pages']}-page dossier")
        write_results(
            args.output,
            {"events": args.events, "hearings": args.hearings},
            {"dossier": timed, "memory": memory, "peak_rss_mib": round(rss_mib)},
        )
    finally:
        remove_throwaway_database(database, keep=args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
