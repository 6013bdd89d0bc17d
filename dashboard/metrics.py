"""The dashboard's figures, computed in SQL from what was recorded (stage transitions, timeline
events, FIRs, court cases, claims, deadlines), never from counters kept by hand.

`dashboard_metrics(cases, ...)` answers everything for a queryset of cases (already limited to
what the viewer may see and to her filters) in a constant number of queries, whatever the
number of cases. Medians and 90th percentiles come from one SQL query with window functions
(ROW_NUMBER / COUNT OVER) that runs the same on SQLite and PostgreSQL; the last interpolation
step (percentile_cont's linear rule) is done in Python on the two ranks each percentile needs.

Each figure a person can click is defined once, as a predicate on cases (`CASE_PREDICATES`):
the funnel counts with it and the drill-down lists the cases with it.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, DecimalField, F, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from care.models import Rescue
from cases.models import Case, CaseEvent, Deadline, StageTransition
from compensation.models import Claim, ClaimPayment
from legal.models import (
    FIR,
    BailApplication,
    CourtAccused,
    CourtCase,
    FailureTag,
    FIRAccused,
    JudgmentOutcome,
)
from legal.models.investigation import REGISTERED_STAGES

from .filters import CASE_DAY

INVESTIGATION, COURT, COMPENSATION = "investigation", "court", "compensation"
WORKFLOWS = (INVESTIGATION, COURT, COMPENSATION)

TRIAL_STAGES = [
    "charges_framed",
    "prosecution_evidence",
    "accused_statement",
    "defence_evidence",
    "final_arguments",
    "judgment_reserved",
    "judgment",
    "sentence_hearing",
    "sentenced",
    "appeal",
]
JUDGMENT_STAGES = ["judgment", "sentence_hearing", "sentenced", "appeal"]
CLAIM_PAYABLE_STAGES = ["awarded", "payment_pending", "partly_disbursed"]
SURVIVOR_UPDATE_RULES = ["survivor_update", "survivor_update_after_event"]
# A subject resting in one of these stages is done with this workflow, not stuck in it.
TERMINAL = {
    f"{INVESTIGATION}:chargesheet_filed",
    f"{COURT}:judgment",
    f"{COURT}:sentenced",
    f"{COURT}:appeal",
    f"{COURT}:withdrawn",
    f"{COMPENSATION}:disbursed",
    f"{COMPENSATION}:closed",
    f"{COMPENSATION}:lapsed",
}


def _transitions(workflow, **lookups):
    return StageTransition.objects.filter(workflow=workflow, **lookups).values("case_id")


def _stalled_q(today: datetime.date, stalled_days: int) -> Q:
    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=stalled_days), datetime.time.min)
    )
    recent_events = CaseEvent.objects.filter(occurred_at__gte=cutoff).values("case_id")
    recent_moves = StageTransition.objects.filter(recorded_at__gte=cutoff).values("case_id")
    return Q(status=Case.Status.OPEN) & ~Q(pk__in=recent_events) & ~Q(pk__in=recent_moves)


# Compensation steps, as conditions on one claim, from what the claim records (not from which
# transition moved it: a claim filed through any route has its filing date). Each step includes
# every later one, so a claim counted at a step was counted at every step before it: the
# funnel cannot rise. A payment needs an award (the database refuses a payment above the award,
# constraint claim_paid_not_above_award), so "paid" is inside "awarded".
CLAIM_PAID_Q = Q(amount_paid__gt=0)
CLAIM_AWARDED_Q = Q(awarded_on__isnull=False) | CLAIM_PAID_Q
CLAIM_FILED_Q = Q(applied_on__isnull=False) | Q(court_ordered_on__isnull=False) | CLAIM_AWARDED_Q
CLAIM_FULLY_PAID_Q = Q(fully_paid_on__isnull=False)
# Awarded, not paid in full, and waiting for payment (not under appeal or writ, not closed).
CLAIM_AWAITING_PAYMENT_Q = Q(stage__in=CLAIM_PAYABLE_STAGES, fully_paid_on__isnull=True)
CLAIM_STEPS = {
    "claim_screened": Q(),
    "claim_filed": CLAIM_FILED_Q,
    "claim_awarded": CLAIM_AWARDED_Q,
    "claim_paid": CLAIM_PAID_Q,
    "claim_paid_full": CLAIM_FULLY_PAID_Q,
}


def _claims(q: Q):
    return Claim.objects.filter(q).values("case_id")


def _reached_or_later(steps: list[tuple[str, Q]]) -> dict[str, Q]:
    """Funnel steps made monotone: a case counts at a step if it reached it or any later step."""
    result, later = {}, None
    for key, q in reversed(steps):
        later = q if later is None else q | later
        result[key] = later
    return result


def case_predicates(today: datetime.date, stalled_days: int) -> dict[str, Q]:
    """Every clickable case-level figure as a Q on Case. `pk__in` subqueries (not EXISTS) so
    that PostgreSQL hashes each subquery once instead of probing it per case.

    The justice funnel's steps include the cases that reached a later step (a court case on a
    complaint with no chargesheet counts at "chargesheet filed" too): the funnel never rises."""
    now = timezone.now()
    convicted = JudgmentOutcome.objects.filter(outcome="convicted").values("court_accused__court_case__case_id")
    acquitted = JudgmentOutcome.objects.filter(outcome="acquitted").values("court_accused__court_case__case_id")
    funnel = _reached_or_later(
        [
            ("rescued", Q(rescued_on__isnull=False) | Q(pk__in=Rescue.objects.values("case_id"))),
            ("fir", Q(pk__in=_transitions(INVESTIGATION, to_stage__in=sorted(REGISTERED_STAGES)))),
            ("chargesheet", Q(pk__in=_transitions(INVESTIGATION, to_stage="chargesheet_filed"))),
            ("in_court", Q(pk__in=CourtCase.objects.values("case_id"))),
            ("trial", Q(pk__in=_transitions(COURT, to_stage__in=TRIAL_STAGES))),
            ("judgment", Q(pk__in=_transitions(COURT, to_stage__in=JUDGMENT_STAGES)) | Q(pk__in=acquitted)),
            ("conviction", Q(pk__in=convicted)),
        ]
    )
    return {
        "cases": Q(),
        **funnel,
        "acquittal": Q(pk__in=acquitted),
        "closure_report": Q(pk__in=_transitions(INVESTIGATION, to_stage="closure_report_filed")),
        **{key: Q(pk__in=_claims(q)) for key, q in CLAIM_STEPS.items()},
        "award_unpaid": Q(pk__in=_claims(CLAIM_AWAITING_PAYMENT_Q)),
        "open": Q(status=Case.Status.OPEN),
        "stalled": _stalled_q(today, stalled_days),
        "overdue": Q(pk__in=Deadline.objects.overdue(now).values("case_id")),
        "survivor_update_overdue": Q(
            pk__in=Deadline.objects.overdue(now).filter(rule_code__in=SURVIVOR_UPDATE_RULES).values("case_id")
        ),
        "absconding": Q(pk__in=FIRAccused.objects.filter(absconding=True).values("fir__case_id")),
        "bail_granted": Q(pk__in=FIRAccused.objects.filter(bail_status="granted").values("fir__case_id"))
        | Q(pk__in=BailApplication.objects.filter(outcome="granted").values("court_case__case_id")),
        "failure_tagged": Q(pk__in=FailureTag.objects.filter(removed_at__isnull=True).values("fir__case_id")),
    }


JUSTICE_FUNNEL = [
    ("rescued", _("Rescued")),
    ("fir", _("FIR registered")),
    ("chargesheet", _("Chargesheet filed")),
    ("in_court", _("In court (cognizance)")),
    ("trial", _("Trial (charges framed)")),
    ("judgment", _("Judgment")),
    ("conviction", _("Conviction")),
]
COMPENSATION_FUNNEL = [
    ("claim_screened", _("Claims screened")),
    ("claim_filed", _("Claims filed")),
    ("claim_awarded", _("Claims awarded")),
    ("claim_paid", _("Claims with a payment")),
    ("claim_paid_full", _("Claims paid in full")),
]
STATUS_FIGURES = [
    ("cases", _("Cases")),
    ("open", _("Open")),
    ("stalled", _("Stalled")),
    ("overdue", _("With an overdue deadline")),
    ("survivor_update_overdue", _("Survivor update overdue")),
    ("failure_tagged", _("With a failure point tagged")),
    ("award_unpaid", _("Award unpaid")),
    ("absconding", _("An accused absconding")),
]

# Durations: key -> label. "stay:<workflow>:<stage>" rows are added from the stage names.
GAPS = [
    ("gap:rescue_fir", _("Rescue → FIR")),
    ("gap:arrest_chargesheet", _("Arrest → chargesheet")),
    ("gap:chargesheet_charges", _("Chargesheet → charges framed")),
    ("gap:filing_judgment", _("Filing in court → judgment")),
    ("gap:award_payment", _("Award → first payment")),
    ("gap:unpaid", _("Days unpaid since award (still unpaid)")),
]


@dataclass
class Percentiles:
    n: int
    median: float | None
    p90: float | None


@dataclass
class Metrics:
    today: datetime.date
    stalled_days: int
    counts: dict = field(default_factory=dict)
    durations: dict = field(default_factory=dict)  # key -> Percentiles
    failure_points: list = field(default_factory=list)
    failure_by_station: list = field(default_factory=list)
    failure_by_district: list = field(default_factory=list)
    failure_by_court: list = field(default_factory=list)
    accused: dict = field(default_factory=dict)
    court_outcomes: dict = field(default_factory=dict)
    bail: dict = field(default_factory=dict)
    compensation: dict = field(default_factory=dict)
    overdue_by_workflow: list = field(default_factory=list)
    trend: list = field(default_factory=list)
    by_district: list = field(default_factory=list)
    district_side: str = "source"


def rate(part, whole) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


# --- percentiles, portable -----------------------------------------------------------------------


def _days(a: str, b: str) -> str:
    """SQL for whole days from date b to date a."""
    if connection.vendor == "postgresql":
        return f"(CAST({a} AS date) - CAST({b} AS date))"
    return f"CAST(julianday({a}) - julianday({b}) AS INTEGER)"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def durations_sql(scope_sql: str) -> str:
    """One SELECT of (k, d) rows: a duration in days d under the key k, for every subject in scope."""
    st, fir, acc, cc = _table(StageTransition), _table(FIR), _table(FIRAccused), _table(CourtCase)
    firs_m2m = _table(CourtCase.firs.through)
    claim, pay, case = _table(Claim), _table(ClaimPayment), _table(Case)
    terminal = ", ".join(f"'{t}'" for t in sorted(TERMINAL))
    workflows = ", ".join(f"'{w}'" for w in WORKFLOWS)
    stays = f"""
        SELECT CASE WHEN next_on IS NULL THEN 'now:' ELSE 'stay:' END || workflow || ':' || to_stage AS k,
               CASE WHEN next_on IS NULL THEN {_days("__TODAY__", "effective_on")}
                    ELSE {_days("next_on", "effective_on")} END AS d
        FROM (
            SELECT workflow, to_stage, effective_on,
                   LEAD(effective_on) OVER (
                       PARTITION BY case_id, subject_key ORDER BY effective_on, recorded_at, id
                   ) AS next_on
            FROM {st} WHERE workflow IN ({workflows}) AND case_id IN ({scope_sql})
        ) moves
        WHERE next_on IS NOT NULL OR (workflow || ':' || to_stage) NOT IN ({terminal})"""
    rescue = "c.rescued_on"  # one rescue date per case (FIRs read theirs from it)
    rescue_fir = f"""
        SELECT 'gap:rescue_fir', {_days("f.fir_date", rescue)}
        FROM {fir} f JOIN {case} c ON c.id = f.case_id
        WHERE f.case_id IN ({scope_sql}) AND f.fir_date IS NOT NULL AND {rescue} IS NOT NULL
          AND f.fir_date >= {rescue}"""
    arrest_chargesheet = f"""
        SELECT 'gap:arrest_chargesheet', {_days("f.chargesheet_on", "a.arrested_on")}
        FROM {acc} a JOIN {fir} f ON f.id = a.fir_id
        WHERE f.case_id IN ({scope_sql}) AND a.arrested_on IS NOT NULL AND f.chargesheet_on IS NOT NULL
          AND f.chargesheet_on >= a.arrested_on"""
    first_chargesheet = (
        f"(SELECT MIN(f.chargesheet_on) FROM {firs_m2m} m JOIN {fir} f ON f.id = m.fir_id WHERE m.courtcase_id = cc.id)"
    )
    chargesheet_charges = f"""
        SELECT 'gap:chargesheet_charges', {_days("cc.charges_framed_on", first_chargesheet)}
        FROM {cc} cc
        WHERE cc.case_id IN ({scope_sql}) AND cc.charges_framed_on IS NOT NULL
          AND {first_chargesheet} IS NOT NULL AND cc.charges_framed_on >= {first_chargesheet}"""
    filed = "COALESCE(cc.filed_on, cc.cognizance_on)"
    filing_judgment = f"""
        SELECT 'gap:filing_judgment', {_days("cc.judgment_on", filed)}
        FROM {cc} cc
        WHERE cc.case_id IN ({scope_sql}) AND cc.judgment_on IS NOT NULL AND cc.judgment_on >= {filed}"""
    first_payment = f"(SELECT MIN(p.paid_on) FROM {pay} p WHERE p.claim_id = cl.id)"
    award_payment = f"""
        SELECT 'gap:award_payment', {_days(first_payment, "cl.awarded_on")}
        FROM {claim} cl
        WHERE cl.case_id IN ({scope_sql}) AND cl.awarded_on IS NOT NULL AND {first_payment} IS NOT NULL"""
    payable = ", ".join(f"'{s}'" for s in CLAIM_PAYABLE_STAGES)
    unpaid = f"""
        SELECT 'gap:unpaid', {_days("__TODAY__", "cl.awarded_on")}
        FROM {claim} cl
        WHERE cl.case_id IN ({scope_sql}) AND cl.awarded_on IS NOT NULL AND cl.fully_paid_on IS NULL
          AND cl.stage IN ({payable})"""
    parts = [stays, rescue_fir, arrest_chargesheet, chargesheet_charges, filing_judgment, award_payment, unpaid]
    return " UNION ALL ".join(parts)


PERCENTS = (50, 90)


def percentiles_query(scope_sql: str) -> str:
    wanted = " OR ".join(f"rn = 1 + ((n - 1) * {p}) / 100 OR rn = 2 + ((n - 1) * {p}) / 100" for p in PERCENTS)
    return f"""
        WITH durations(k, d) AS ({durations_sql(scope_sql)}),
        ranked AS (
            SELECT k, d, ROW_NUMBER() OVER (PARTITION BY k ORDER BY d) AS rn, COUNT(*) OVER (PARTITION BY k) AS n
            FROM durations WHERE d IS NOT NULL
        )
        SELECT k, n, rn, d FROM ranked WHERE {wanted}"""


def interpolate(values_by_rank: dict[int, float], n: int, percent: int) -> float:
    """percentile_cont: the value at position (n - 1) * p between the two neighbouring ranks."""
    position = Fraction((n - 1) * percent, 100)
    low = position.numerator // position.denominator
    fraction = position - low
    below = values_by_rank[low + 1]
    above = values_by_rank.get(low + 2, below)
    return float(below + (above - below) * fraction)


def duration_percentiles(cases: QuerySet[Case], today: datetime.date) -> dict[str, Percentiles]:
    if covers_everything(cases):
        # Every case: the "case in scope" tests in the SQL become always true.
        scope_sql, scope_params = "SELECT id FROM __ALL__", ()
    else:
        scope_sql, scope_params = cases.values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        return _pg_percentiles(scope_sql, scope_params, today)
    template = percentiles_query("__SCOPE__")
    # `today` comes from date.isoformat(), never from the request: safe to inline.
    sql = _fill(template, scope_sql, today)
    params = list(scope_params) * template.count("__SCOPE__")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    grouped: dict[str, tuple[int, dict]] = {}
    for key, n, rank, days in rows:
        grouped.setdefault(key, (n, {}))[1][rank] = days
    return {
        key: Percentiles(n=n, median=interpolate(ranks, n, 50), p90=interpolate(ranks, n, 90))
        for key, (n, ranks) in grouped.items()
    }


def _fill(template: str, scope_sql: str, today: datetime.date) -> str:
    if scope_sql == "SELECT id FROM __ALL__":
        template = re.sub(r"(\w+\.)?case_id IN \(__SCOPE__\)", "1 = 1", template)
        assert "__SCOPE__" not in template  # noqa: S101 - every scope test must have been replaced
    # `today` comes from date.isoformat(), never from the request: safe to inline.
    return template.replace("__SCOPE__", scope_sql).replace("__TODAY__", f"'{today.isoformat()}'")


def _pg_percentiles(scope_sql: str, scope_params, today: datetime.date) -> dict[str, Percentiles]:
    """PostgreSQL computes percentile_cont itself (one sort per key, no window pass): the same
    linear interpolation as interpolate(); the tests check both on the same cases."""
    template = (
        "SELECT k, COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY d), "
        "percentile_cont(0.9) WITHIN GROUP (ORDER BY d) "
        f"FROM ({durations_sql('__SCOPE__')}) durations(k, d) WHERE d IS NOT NULL GROUP BY k"
    )
    sql = _fill(template, scope_sql, today)
    with connection.cursor() as cursor:
        cursor.execute(sql, list(scope_params) * template.count("__SCOPE__"))
        return {key: Percentiles(n=n, median=float(p50), p90=float(p90)) for key, n, p50, p90 in cursor.fetchall()}


# --- everything ------------------------------------------------------------------------------------


TREND_MAX_MONTHS = 60


def _months_before(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - n
    return datetime.date(index // 12, index % 12 + 1, 1)


def trend_months(today: datetime.date, date_from=None, date_to=None) -> tuple[datetime.date, datetime.date]:
    """The first and last month of the trend: the filtered period (at most TREND_MAX_MONTHS, the
    latest ones), or without one the last 13 months."""
    end = min(date_to or today, today).replace(day=1)
    start = date_from.replace(day=1) if date_from else _months_before(end, 12)
    return max(start, _months_before(end, TREND_MAX_MONTHS - 1)), end


def dashboard_metrics(
    cases: QuerySet[Case],
    *,
    stalled_days: int,
    today: datetime.date | None = None,
    district_side: str = "source",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> Metrics:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Analytic queries over the whole consortium: hash every subquery in memory, and
            # skip JIT compilation and parallel workers (each would rebuild every hash).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        return _dashboard_metrics(
            cases,
            stalled_days=stalled_days,
            today=today,
            district_side=district_side,
            trend=trend_months(today or timezone.localdate(), date_from, date_to),
        )


def _dashboard_metrics(cases: QuerySet[Case], *, stalled_days: int, today, district_side: str, trend) -> Metrics:
    today = today or timezone.localdate()
    m = Metrics(today=today, stalled_days=stalled_days)
    predicates = case_predicates(today, stalled_days)

    # 1. Every case-level count, per source district, in one query; the totals are their sums.
    side = "destination" if district_side == "destination" else "source"
    district_rows = list(
        cases.values(
            district_id=F(f"{side}_district_id"),
            district_name=F(f"{side}_district__name"),
            state_name=F(f"{side}_state__name"),
        )
        .annotate(**{key: Count("pk", filter=q) for key, q in predicates.items()})
        .order_by("-cases", "state_name", "district_name")
    )
    m.district_side = side
    m.counts = {key: sum(row[key] for row in district_rows) for key in predicates}
    m.by_district = district_rows

    # 2. Medians and 90th percentiles of stage stays and key intervals.
    m.durations = duration_percentiles(cases, today)

    # 3. Failure points, and where they recur.
    tags = scoped(FailureTag.objects.filter(removed_at__isnull=True), "fir__case_id", cases)
    m.failure_points = list(
        tags.values("failure_point_id", "failure_point__name")
        .annotate(tags=Count("pk"), cases=Count("fir__case_id", distinct=True))
        .order_by("-tags", "failure_point__name")
    )
    m.failure_by_station = list(
        tags.values("fir__police_station", "fir__state__name")
        .annotate(tags=Count("pk"), cases=Count("fir__case_id", distinct=True))
        .order_by("-tags", "fir__police_station")[:15]
    )
    m.failure_by_district = list(
        tags.values("fir__district_id", "fir__district__name", "fir__state__name")
        .annotate(tags=Count("pk"), cases=Count("fir__case_id", distinct=True))
        .order_by("-tags", "fir__district__name")[:15]
    )
    m.failure_by_court = list(
        tags.filter(fir__court_cases__isnull=False)
        .values("fir__court_cases__court_id", "fir__court_cases__court__name")
        .annotate(tags=Count("pk", distinct=True), cases=Count("fir__case_id", distinct=True))
        .order_by("-tags", "fir__court_cases__court__name")[:15]
    )

    # 4. Accused: arrests, bail, absconding (investigation), outcomes and bail in court.
    # A person is counted once: each case keeps its own record of an accused, linked by person.
    m.accused = scoped(FIRAccused.objects.all(), "fir__case_id", cases).aggregate(
        arrested=Count(
            "accused__person_id", distinct=True, filter=Q(arrested_on__isnull=False, released_without_charge=False)
        ),
        bailed=Count("accused__person_id", distinct=True, filter=Q(bail_status="granted")),
        default_bail=Count(
            "accused__person_id",
            distinct=True,
            filter=Q(default_bail=True, arrested_on__isnull=False, released_without_charge=False),
        ),
        absconding=Count("accused__person_id", distinct=True, filter=Q(absconding=True)),
        # Last: an earlier "accused" alias would shadow the accused__ lookups above.
        accused=Count("accused__person_id", distinct=True),
    )
    m.court_outcomes = scoped(CourtAccused.objects.all(), "court_case__case_id", cases).aggregate(
        on_trial=Count("pk"),
        convicted=Count("pk", filter=Q(outcome__outcome="convicted")),
        acquitted=Count("pk", filter=Q(outcome__outcome="acquitted")),
        discharged=Count("pk", filter=Q(outcome__outcome="discharged")),
    )
    m.bail = scoped(BailApplication.objects.all(), "court_case__case_id", cases).aggregate(
        applications=Count("pk"),
        granted=Count("pk", filter=Q(outcome="granted")),
        rejected=Count("pk", filter=Q(outcome="rejected")),
        pending=Count("pk", filter=Q(outcome="pending")),
        victim_heard=Count("pk", filter=Q(victim_heard=True)),
    )

    # 5. Compensation: claims at each step (the same conditions as the funnel), and amounts over
    # one population, the awarded claims: paid <= awarded holds claim by claim (a database
    # constraint), so it holds for the sums.
    money = DecimalField(max_digits=14, decimal_places=2)
    zero = Decimal("0")

    def total(name, q):
        return Coalesce(Sum(name, filter=q), zero, output_field=money)

    m.compensation = scoped(Claim.objects.all(), "case_id", cases).aggregate(
        **{key: Count("pk", filter=q) if q else Count("pk") for key, q in CLAIM_STEPS.items()},
        claimed_on_awarded=total("amount_claimed", CLAIM_AWARDED_Q),
        claimed_stated=Count("pk", filter=CLAIM_AWARDED_Q & Q(amount_claimed__isnull=False)),
        amount_awarded=total("awarded_amount", CLAIM_AWARDED_Q),
        paid=total("amount_paid", CLAIM_AWARDED_Q),
        awaiting_payment=Count("pk", filter=CLAIM_AWAITING_PAYMENT_Q),
        awaiting_awarded=total("awarded_amount", CLAIM_AWAITING_PAYMENT_Q),
        awaiting_paid=total("amount_paid", CLAIM_AWAITING_PAYMENT_Q),
        interim_claims=Count("pk", filter=Q(interim_amount__gt=0)),
        interim=total("interim_amount", Q(interim_amount__gt=0)),
    )
    m.compensation["awaiting_amount"] = m.compensation["awaiting_awarded"] - m.compensation["awaiting_paid"]

    # 6. Overdue deadlines by workflow.
    # Deadlines answered "missed" (entered from a paper file after they were due) are failures of
    # the system too: counted beside the overdue ones, never among them.
    rows = {
        row["rule__workflow"]: {**row, "missed": 0}
        for row in Deadline.objects.overdue()
        .filter(scoped_q("case_id", cases))
        .values("rule__workflow")
        .annotate(deadlines=Count("pk"), cases=Count("case_id", distinct=True))
    }
    for row in (
        Deadline.objects.missed()
        .filter(scoped_q("case_id", cases))
        .values("rule__workflow")
        .annotate(missed=Count("pk"))
    ):
        rows.setdefault(row["rule__workflow"], {"rule__workflow": row["rule__workflow"], "deadlines": 0, "cases": 0})
        rows[row["rule__workflow"]]["missed"] = row["missed"]
    m.overdue_by_workflow = sorted(rows.values(), key=lambda r: (-r["deadlines"], -r["missed"], r["rule__workflow"]))

    # 7. Trend by month over the period (cases by the month of rescue or opening; FIRs,
    # chargesheets, judgments).
    start, end = trend
    after_end = (end + datetime.timedelta(days=32)).replace(day=1)
    by_month = {}
    for row in (
        cases.annotate(month=TruncMonth(CASE_DAY))
        .filter(month__gte=start, month__lt=after_end)
        .values("month")
        .annotate(n=Count("pk"))
    ):
        by_month.setdefault(_month(row["month"]), {})["cases"] = row["n"]
    moves = (
        scoped(StageTransition.objects.filter(effective_on__gte=start, effective_on__lt=after_end), "case_id", cases)
        .annotate(month=TruncMonth("effective_on"))
        .values("month")
        .annotate(
            fir=Count(
                "subject_key",
                distinct=True,
                filter=Q(workflow=INVESTIGATION, to_stage__in=["fir_registered", "zero_fir"]),
            ),
            chargesheet=Count(
                "subject_key", distinct=True, filter=Q(workflow=INVESTIGATION, to_stage="chargesheet_filed")
            ),
            judgment=Count("subject_key", distinct=True, filter=Q(workflow=COURT, to_stage="judgment")),
        )
    )
    for row in moves:
        slot = by_month.setdefault(_month(row["month"]), {})
        slot.update(fir=row["fir"], chargesheet=row["chargesheet"], judgment=row["judgment"])
    m.trend = []
    month = start
    while month <= end:
        slot = by_month.get(month, {})
        m.trend.append({"month": month, **{k: slot.get(k, 0) for k in ("cases", "fir", "chargesheet", "judgment")}})
        month = (month + datetime.timedelta(days=32)).replace(day=1)

    return m


def covers_everything(cases: QuerySet[Case]) -> bool:
    """A scope with no condition (a coordinator, no filter): rows need no "case in scope" test."""
    return not cases.query.where


def scoped_q(field: str, cases: QuerySet[Case]) -> Q:
    return Q() if covers_everything(cases) else Q(**{f"{field}__in": cases.values("pk")})


def scoped(rows: QuerySet, field: str, cases: QuerySet[Case]) -> QuerySet:
    return rows.filter(scoped_q(field, cases))


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.replace(day=1)


def stage_labels() -> dict[str, str]:
    from compensation.models import Stage as ClaimStage
    from legal.models import CourtStage, Stage

    labels = {}
    for workflow, choices in ((INVESTIGATION, Stage), (COURT, CourtStage), (COMPENSATION, ClaimStage)):
        for value, label in choices.choices:
            labels[f"{workflow}:{value}"] = label
    return labels


def latest_activity(cases: QuerySet[Case]):
    """Last event per case, for drill-down lists (one query)."""
    return dict(
        CaseEvent.objects.filter(case_id__in=cases.values("pk"))
        .values("case_id")
        .annotate(last=Max("occurred_at"))
        .values_list("case_id", "last")
    )


def dashboard_metrics_kept(
    cases: QuerySet[Case], *, fresh: bool = False, **options
) -> tuple[Metrics, datetime.datetime]:
    """(the figures, when they were computed): dashboard_metrics, kept for
    settings.DASHBOARD_FIGURES_SECONDS (0: never kept) so that a coordinator moving between the
    dashboard and the cases behind its numbers does not recount 100,000 cases on every page (1.7 s
    alone, 0.75 s p50 under load: the slowest page of the load test). `fresh` recomputes them.

    Kept by what they count: the SQL of her scope with its values (who may see which cases, her
    filters, today's date), the options and the language; two people whose scope is the same
    statement share them, anyone else computes her own. Only counts and durations are kept, no
    name and no case."""
    seconds = settings.DASHBOARD_FIGURES_SECONDS
    if seconds <= 0:
        return dashboard_metrics(cases, **options), timezone.now()
    sql, params = cases.query.sql_with_params()
    scope = repr((sql, params, sorted(options.items()), timezone.localdate().isoformat(), get_language()))
    key = "dashboard-figures:" + hashlib.sha256(scope.encode()).hexdigest()
    if not fresh and (kept := cache.get(key)) is not None:
        return kept
    kept = (dashboard_metrics(cases, **options), timezone.now())
    cache.set(key, kept, seconds)
    return kept
