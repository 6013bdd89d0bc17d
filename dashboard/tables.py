"""The dashboard's figures as tables: what the page shows under each chart and what every
CSV/XLSX export of "any table" writes. One definition for both, so they never disagree.

A cell knows its kind: a count of cases (suppressed as "<5" in exports when 1 to 4), a
statistic resting on a count (suppressed when that count is under 5), or plain text.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _l

from .metrics import COMPENSATION_FUNNEL, GAPS, JUSTICE_FUNNEL, STATUS_FIGURES, Metrics, rate, stage_labels

SMALL_CELL = 5
WORKFLOW_LABELS = {
    "investigation": gettext_lazy("Investigation"),
    "court": gettext_lazy("Court"),
    "compensation": gettext_lazy("Compensation"),
    "survivor": gettext_lazy("Survivor updates"),
    "custody": gettext_lazy("Custody"),
    "repatriation": gettext_lazy("Repatriation"),
    "referral": gettext_lazy("Referrals"),
}


@dataclass
class Cell:
    value: object
    kind: str = "text"  # text | count | stat | money | pct
    base: int | None = None  # the count a stat/money/pct rests on (suppressed under SMALL_CELL)
    drill: dict | None = None  # query parameters of the drill-down list behind the number
    href: str = ""  # the drill-down URL, with the page's filters (set by attach_links)

    def exported(self):
        """The value as it may leave Nyaya: small cells suppressed."""
        if self.kind == "count" and isinstance(self.value, int) and 0 < self.value < SMALL_CELL:
            return "<5"
        if self.kind in ("stat", "money", "pct") and self.base is not None and self.base < SMALL_CELL:
            return "" if self.value is None else "<5"
        return "" if self.value is None else self.value


@dataclass
class Table:
    """A table of figures. Every figure has a one-line definition that names its unit (cases,
    claims, accused persons, FIRs, days, rupees...): per column (`col_defs`, parallel to
    `columns`, "" for a label column) and, where each row is a different figure, per row
    (`row_defs`, parallel to `rows`). The page shows them beside the figures; exports carry
    them in a header row and a column."""

    key: str
    caption: str
    columns: list
    rows: list = field(default_factory=list)  # list[list[Cell]]
    note: str = ""
    col_defs: list = field(default_factory=list)
    row_defs: list = field(default_factory=list)

    def add(self, cells: list, definition: str = ""):
        self.rows.append(cells)
        self.row_defs.append(str(definition))

    def column_definitions(self) -> list[tuple[int, str, str]]:
        """(index, column, definition) of every column that has one."""
        return [(i, str(c), str(d)) for i, (c, d) in enumerate(zip(self.columns, self.col_defs, strict=False)) if d]

    def headers(self) -> list[tuple[int, str, str]]:
        """(index, column, definition or "") of every column."""
        defs = list(self.col_defs) + [""] * (len(self.columns) - len(self.col_defs))
        return [(i, str(c), str(d)) for i, (c, d) in enumerate(zip(self.columns, defs, strict=False))]

    def defined_rows(self) -> list[tuple[list, str]]:
        """(cells, definition of the row's figure or "") of every row."""
        defs = list(self.row_defs) + [""] * (len(self.rows) - len(self.row_defs))
        return list(zip(self.rows, defs, strict=False))

    @property
    def has_row_defs(self) -> bool:
        return any(self.row_defs)


def _c(value, drill=None):
    return Cell(value, "count", drill=drill)


def _stat(value, base):
    return Cell(None if value is None else round(value, 1), "stat", base=base)


def _pct(value, base):
    return Cell(value, "pct", base=base)


def drill_url(base_query: str, params: dict) -> str:
    query = urlencode(params)
    return f"{reverse('dashboard:dashboard_cases')}?{base_query}{'&' if base_query else ''}{query}"


def attach_links(tables: dict, query: str) -> dict:
    for table in tables.values():
        for row in table.rows:
            for cell in row:
                if cell.drill and cell.value:
                    cell.href = drill_url(query, cell.drill)
    return tables


REACHED = _l("A case counts at a step if it reached that step or any later one, so no step exceeds the one before.")
JUSTICE_DEFS = {
    "rescued": _l("Cases with a rescue recorded, or that reached any later step."),
    "fir": _l("Cases with an FIR or zero FIR registered, or that reached any later step."),
    "chargesheet": _l("Cases with a chargesheet filed on an FIR, or that reached any later step."),
    "in_court": _l("Cases with a court case recorded (cognizance taken), or that reached any later step."),
    "trial": _l(
        "Cases whose court case reached charges framed or a later trial stage, or that reached any later step."
    ),
    "judgment": _l("Cases whose court case reached judgment (or sentence, appeal), or with a verdict on an accused."),
    "conviction": _l("Cases where at least one accused was convicted."),
}
CLAIM_DEFS = {
    "claim_screened": _l(
        "Compensation claims recorded (every claim starts by being screened); a case may have several."
    ),
    "claim_filed": _l("Claims with an application or a court recommendation recorded (filing date), or awarded."),
    "claim_awarded": _l("Claims with an award recorded (amount and date), whatever happened after."),
    "claim_paid": _l("Awarded claims with at least one payment recorded (part or full)."),
    "claim_paid_full": _l("Awarded claims whose payments reached the amount awarded."),
}
STATUS_DEFS = {
    "cases": _l("Cases the filters select (by date of rescue, or of opening without one), open or closed."),
    "open": _l("Of these cases, those still open."),
    "overdue": _l("Cases with at least one deadline past its due date and not met, today."),
    "survivor_update_overdue": _l("Cases with an overdue deadline to update the survivor."),
    "failure_tagged": _l("Cases with a failure point tagged on one of their FIRs."),
    "award_unpaid": _l("Cases with a claim awarded and waiting for payment (not paid in full, not under appeal)."),
    "absconding": _l("Cases with at least one accused absconding."),
}
GAP_DEFS = {
    "gap:rescue_fir": _l("Days from rescue to the FIR's date; one per FIR with both dates (FIRs)."),
    "gap:arrest_chargesheet": _l(
        "Days from an accused's arrest to the chargesheet on that FIR; one per arrested accused (accused persons)."
    ),
    "gap:chargesheet_charges": _l(
        "Days from the first chargesheet to charges framed; one per court case with both dates (court cases)."
    ),
    "gap:filing_judgment": _l(
        "Days from filing in court (or cognizance) to judgment; one per court case with a judgment (court cases)."
    ),
    "gap:award_payment": _l("Days from the award to its first payment; one per claim with a payment (claims)."),
    "gap:unpaid": _l("Days from the award to today; one per claim awarded and still waiting for payment (claims)."),
}
PCT_BEFORE = _l("Percent: this step's cases out of the step before's cases.")


def build_tables(m: Metrics) -> dict[str, Table]:
    tables = {}
    counts = m.counts

    funnel = Table(
        "funnel",
        _("Justice funnel: cases reaching each step"),
        [_("Step"), _("Cases"), _("% of the step before"), _("% of rescued")],
        note=str(REACHED),
        col_defs=[
            "",
            _("Number of cases at the step (a case is counted once, however many FIRs or court cases it has)."),
            str(PCT_BEFORE),
            _("Percent: this step's cases out of the cases at the first step (rescued)."),
        ],
    )
    previous = None
    rescued = counts.get("rescued", 0)
    for key, label in JUSTICE_FUNNEL:
        n = counts.get(key, 0)
        funnel.add(
            [
                Cell(str(label)),
                _c(n, {"metric": key}),
                _pct(rate(n, previous) if previous is not None else None, previous if previous is not None else n),
                _pct(rate(n, rescued), rescued),
            ],
            JUSTICE_DEFS[key],
        )
        previous = n
    tables["funnel"] = funnel

    c = m.compensation
    comp = Table(
        "compensation_funnel",
        _("Compensation funnel: claims (not cases) reaching each step"),
        [_("Step"), _("Claims"), _("% of the step before"), _("Cases with such a claim")],
        note=_(
            "Counts claims, as the compensation table below does: a case may have several claims (one per scheme). "
            "A claim counts at a step if it reached that step or a later one."
        ),
        col_defs=[
            "",
            _("Number of compensation claims at the step."),
            _("Percent: this step's claims out of the step before's claims."),
            _("Number of cases with at least one claim at the step (fewer than claims when a case has several)."),
        ],
    )
    previous = None
    for key, label in COMPENSATION_FUNNEL:
        n = c.get(key) or 0
        comp.add(
            [
                Cell(str(label)),
                Cell(n, "count"),
                _pct(rate(n, previous) if previous else None, previous or 0),
                _c(counts.get(key, 0), {"metric": key}),
            ],
            CLAIM_DEFS[key],
        )
        previous = n
    tables["compensation_funnel"] = comp

    status = Table(
        "status",
        _("Cases at a glance"),
        [_("Figure"), _("Cases")],
        col_defs=["", _("Number of cases.")],
    )
    for key, label in STATUS_FIGURES:
        text, definition = str(label), STATUS_DEFS.get(key, "")
        if key == "stalled":
            text = _("Stalled (nothing recorded for %(days)s days)") % {"days": m.stalled_days}
            definition = _("Open cases with no event and no stage change recorded in the last %(days)s days.") % {
                "days": m.stalled_days
            }
        status.add([Cell(text), _c(counts.get(key, 0), {"metric": key})], definition)
    tables["status"] = status

    labels = stage_labels()
    subjects = _("FIRs (investigation), court cases (court) or claims (compensation)")
    stages = Table(
        "stages",
        _("Time in each stage (days)"),
        [
            _("Workflow"),
            _("Stage"),
            _("Stays completed"),
            _("Median"),
            _("90th percentile"),
            _("There now"),
            _("Median so far"),
            _("90th percentile so far"),
        ],
        note=_(
            "Median, not mean: half the stays were shorter, half longer. Over the cases the filters select, "
            "whatever the date of the stay. Completed stays run from entering a stage to leaving it; "
            '"so far" counts to today for what is still there.'
        ),
        col_defs=[
            "",
            "",
            _("Number of completed stays: %(subjects)s that entered the stage and left it.") % {"subjects": subjects},
            _("Median days in the stage, over the completed stays."),
            _("Days within which 90% of the completed stays ended."),
            _("Number of %(subjects)s in the stage today.") % {"subjects": subjects},
            _("Median days since entering the stage, over those there now."),
            _("Days since entering the stage that 90% of those there now have not passed."),
        ],
    )
    keys = sorted(
        {k.split(":", 1)[1] for k in m.durations if k.startswith(("stay:", "now:"))}, key=_stage_order(labels)
    )
    for wf_stage in keys:
        workflow, stage = wf_stage.split(":", 1)
        done, now = m.durations.get(f"stay:{wf_stage}"), m.durations.get(f"now:{wf_stage}")
        stages.rows.append(
            [
                Cell(str(WORKFLOW_LABELS.get(workflow, workflow))),
                Cell(str(labels.get(wf_stage, stage))),
                Cell(done.n if done else 0, "count", drill={"metric": "reached", "stage": wf_stage} if done else None),
                _stat(done.median if done else None, done.n if done else 0),
                _stat(done.p90 if done else None, done.n if done else 0),
                _c(now.n if now else 0, {"metric": "now", "stage": wf_stage} if now else None),
                _stat(now.median if now else None, now.n if now else 0),
                _stat(now.p90 if now else None, now.n if now else 0),
            ]
        )
    tables["stages"] = stages

    gaps = Table(
        "intervals",
        _("Days between key events"),
        [_("Interval"), _("Counted"), _("Median"), _("90th percentile")],
        note=_("Median, not mean. Over the cases the filters select, whatever the date of the events."),
        col_defs=[
            "",
            _("Number of FIRs, accused persons, court cases or claims measured (each row says which)."),
            _("Median days: half took fewer days, half more."),
            _("Days within which 90% of them happened."),
        ],
    )
    for key, label in GAPS:
        p = m.durations.get(key)
        n = p.n if p else 0
        gaps.add(
            [Cell(str(label)), Cell(n, "count"), _stat(p.median if p else None, n), _stat(p.p90 if p else None, n)],
            GAP_DEFS[key],
        )
    tables["intervals"] = gaps

    tagged = _("Number of failure-point tags on FIRs (one FIR tagged with one failure point counts once).")
    tagged_cases = _("Number of cases with at least one such tag.")
    fp = Table(
        "failure_points",
        _("Failure points: tags on FIRs, and cases"),
        [_("Failure point"), _("Times tagged"), _("Cases")],
        col_defs=["", tagged, tagged_cases],
    )
    for row in m.failure_points:
        fp.rows.append(
            [
                Cell(row["failure_point__name"]),
                Cell(row["tags"], "count"),
                _c(row["cases"], {"metric": "failure_tagged", "failure_point": row["failure_point_id"]}),
            ]
        )
    tables["failure_points"] = fp

    st = Table(
        "failure_stations",
        _("Failure-point tags and cases by police station"),
        [_("Police station"), _("State"), _("Times tagged"), _("Cases")],
        col_defs=["", "", tagged, tagged_cases],
    )
    for row in m.failure_by_station:
        st.rows.append(
            [
                Cell(row["fir__police_station"]),
                Cell(row["fir__state__name"]),
                Cell(row["tags"], "count"),
                _c(row["cases"], {"metric": "failure_tagged", "station": row["fir__police_station"]}),
            ]
        )
    tables["failure_stations"] = st

    di = Table(
        "failure_districts",
        _("Failure-point tags and cases by district (of the FIR)"),
        [_("District"), _("State"), _("Times tagged"), _("Cases")],
        col_defs=["", "", tagged, tagged_cases],
    )
    for row in m.failure_by_district:
        di.rows.append(
            [
                Cell(row["fir__district__name"] or _("Not recorded")),
                Cell(row["fir__state__name"]),
                Cell(row["tags"], "count"),
                _c(row["cases"], {"metric": "failure_tagged", "fir_district": row["fir__district_id"] or 0}),
            ]
        )
    tables["failure_districts"] = di

    co = Table(
        "failure_courts",
        _("Failure-point tags and cases by court"),
        [_("Court"), _("Times tagged"), _("Cases")],
        col_defs=["", tagged, tagged_cases],
    )
    for row in m.failure_by_court:
        co.rows.append(
            [
                Cell(row["fir__court_cases__court__name"]),
                Cell(row["tags"], "count"),
                _c(row["cases"], {"metric": "failure_tagged", "court": row["fir__court_cases__court_id"]}),
            ]
        )
    tables["failure_courts"] = co

    a, o, b = m.accused, m.court_outcomes, m.bail
    decided = (o.get("convicted") or 0) + (o.get("acquitted") or 0)
    accused_n = a.get("accused") or 0
    arrested_n = a.get("arrested") or 0
    acc = Table(
        "accused",
        _("Accused persons"),
        [_("Figure"), _("Number"), _("Rate")],
        col_defs=[
            "",
            _("Number of accused persons or of bail applications (each row says which)."),
            _("Percent of the accused persons or bail applications each row names as its base."),
        ],
    )
    acc.add(
        [Cell(_("Accused on FIRs")), Cell(accused_n, "count"), Cell(None, "pct")],
        _("Accused persons named on the FIRs of these cases (a person on two FIRs counts once)."),
    )
    acc.add(
        [Cell(_("Arrested")), Cell(arrested_n, "count"), _pct(rate(arrested_n, accused_n), accused_n)],
        _("Accused persons arrested and not released without charge; rate: % of accused on FIRs."),
    )
    acc.add(
        [
            Cell(_("Bail granted (investigation)")),
            Cell(a.get("bailed") or 0, "count", drill={"metric": "bail_granted"}),
            _pct(rate(a.get("bailed") or 0, accused_n), accused_n),
        ],
        _("Accused persons granted bail (regular or anticipatory) during investigation; rate: % of accused on FIRs."),
    )
    acc.add(
        [
            Cell(_("Default bail (no chargesheet in time)")),
            Cell(a.get("default_bail") or 0, "count"),
            _pct(rate(a.get("default_bail") or 0, arrested_n), arrested_n),
        ],
        _("Arrested accused persons released on default bail; rate: % of those arrested."),
    )
    acc.add(
        [
            Cell(_("Absconding")),
            Cell(a.get("absconding") or 0, "count", drill={"metric": "absconding"}),
            _pct(rate(a.get("absconding") or 0, accused_n), accused_n),
        ],
        _("Accused persons recorded as absconding; rate: % of accused on FIRs."),
    )
    acc.add(
        [Cell(_("Accused on trial")), Cell(o.get("on_trial") or 0, "count"), Cell(None, "pct")],
        _("Accused persons in court cases (a person tried in two court cases counts twice)."),
    )
    acc.add(
        [
            Cell(_("Convicted")),
            Cell(o.get("convicted") or 0, "count", drill={"metric": "conviction"}),
            _pct(rate(o.get("convicted") or 0, decided), decided),
        ],
        _("Accused persons convicted; rate: % of accused with a verdict (convicted or acquitted)."),
    )
    acc.add(
        [
            Cell(_("Acquitted")),
            Cell(o.get("acquitted") or 0, "count", drill={"metric": "acquittal"}),
            _pct(rate(o.get("acquitted") or 0, decided), decided),
        ],
        _("Accused persons acquitted; rate: % of accused with a verdict (convicted or acquitted)."),
    )
    acc.add(
        [Cell(_("Bail applications in court")), Cell(b.get("applications") or 0, "count"), Cell(None, "pct")],
        _("Bail applications by accused persons in court (applications, not persons)."),
    )
    acc.add(
        [
            Cell(_("… granted")),
            Cell(b.get("granted") or 0, "count"),
            _pct(rate(b.get("granted") or 0, b.get("applications")), b.get("applications") or 0),
        ],
        _("Bail applications granted; rate: % of bail applications."),
    )
    acc.add(
        [
            Cell(_("… survivor heard")),
            Cell(b.get("victim_heard") or 0, "count"),
            _pct(rate(b.get("victim_heard") or 0, b.get("applications")), b.get("applications") or 0),
        ],
        _("Bail applications on which the survivor was heard; rate: % of bail applications."),
    )
    acc.note = _("Conviction and acquittal rates are of accused with a judgment (convicted or acquitted).")
    tables["accused"] = acc

    claims = c.get("claim_screened") or 0
    awarded = c.get("claim_awarded") or 0
    money = Table(
        "compensation",
        _("Compensation: claims (not cases) and amounts in rupees"),
        [_("Figure"), _("Value")],
        note=_(
            "Counts claims, like the compensation funnel. Amounts claimed, awarded and paid are all over the same "
            "claims, the awarded ones. Part payments add up; no claim can be paid more than its award (Nyaya refuses "
            "such a payment), so the amount paid never exceeds the amount awarded. Interim relief is shown apart "
            "and is not in the amount paid."
        ),
        col_defs=["", _("Number of claims, or rupees (₹) where the row says so.")],
    )
    money.add(
        [Cell(_("Claims screened")), Cell(claims, "count", drill={"metric": "claim_screened"})],
        CLAIM_DEFS["claim_screened"],
    )
    money.add(
        [Cell(_("Claims filed")), Cell(c.get("claim_filed") or 0, "count", drill={"metric": "claim_filed"})],
        CLAIM_DEFS["claim_filed"],
    )
    money.add(
        [Cell(_("Claims awarded")), Cell(awarded, "count", drill={"metric": "claim_awarded"})],
        CLAIM_DEFS["claim_awarded"],
    )
    stated = c.get("claimed_stated") or 0
    money.add(
        [
            Cell(_("Amount claimed, on the awarded claims (%(n)s state an amount)") % {"n": stated}),
            Cell(int(c.get("claimed_on_awarded") or 0) if stated else None, "money", base=stated),
        ],
        _("Rupees asked for, summed over the awarded claims that state an amount (court recommendations may not)."),
    )
    money.add(
        [Cell(_("Amount awarded")), Cell(int(c.get("amount_awarded") or 0), "money", base=awarded)],
        _("Rupees awarded, summed over the awarded claims (the latest award after an appeal or writ)."),
    )
    money.add(
        [Cell(_("Amount paid")), Cell(int(c.get("paid") or 0), "money", base=awarded)],
        _("Rupees paid, summed over the same awarded claims; part payments added up."),
    )
    money.add(
        [
            Cell(_("Claims awaiting payment")),
            Cell(c.get("awaiting_payment") or 0, "count", drill={"metric": "award_unpaid"}),
        ],
        _("Awarded claims not paid in full and waiting for payment (not under appeal or writ, not closed)."),
    )
    money.add(
        [
            Cell(_("Amount still to pay on them")),
            Cell(int(c.get("awaiting_amount") or 0), "money", base=c.get("awaiting_payment") or 0),
        ],
        _("Rupees awarded minus rupees paid, over the claims awaiting payment."),
    )
    money.add(
        [
            Cell(_("Interim relief granted")),
            Cell(int(c.get("interim") or 0), "money", base=c.get("interim_claims") or 0),
        ],
        _("Rupees of interim relief granted, over the claims that got some, awarded or not; not in the amount paid."),
    )
    tables["compensation"] = money

    od = Table(
        "overdue",
        _("Overdue and missed deadlines by workflow"),
        [_("Workflow"), _("Deadlines"), _("Cases"), _("Recorded missed")],
        col_defs=[
            "",
            _("Number of deadlines past their due date and not met, today."),
            _("Number of cases with at least one of them."),
            _(
                "Number of deadlines recorded as missed: entered from a paper file after they were due, "
                "and answered 'not met'. Not among the overdue ones."
            ),
        ],
    )
    for row in m.overdue_by_workflow:
        wf = row["rule__workflow"]
        od.rows.append(
            [
                Cell(str(WORKFLOW_LABELS.get(wf, wf))),
                Cell(row["deadlines"], "count"),
                _c(row["cases"], {"metric": "overdue", "workflow": wf}),
                Cell(row["missed"], "count"),
            ]
        )
    tables["overdue"] = od

    tr = Table(
        "trend",
        _("By month: cases rescued or opened, FIRs, chargesheets, judgments"),
        [_("Month"), _("Cases"), _("FIRs registered"), _("Chargesheets"), _("Judgments")],
        note=_("Among the cases the filters select. Cases, FIRs and court cases are different units."),
        col_defs=[
            "",
            *[str(d) for _k, _css, _label, d in SERIES_DEFS],
        ],
    )
    for row in m.trend:
        tr.rows.append(
            [
                Cell(row["month"].strftime("%b %Y")),
                Cell(row["cases"], "count"),
                Cell(row["fir"], "count"),
                Cell(row["chargesheet"], "count"),
                Cell(row["judgment"], "count"),
            ]
        )
    tables["trend"] = tr

    destination = m.district_side == "destination"
    same = _("Number of cases, as the justice funnel's step of that name (reached it or a later step).")
    bd = Table(
        "districts",
        _("Cases by destination district (where she was exploited)")
        if destination
        else _("Cases by source district (her home)"),
        [_("District"), _("State"), _("Cases"), _("FIR"), _("Chargesheet"), _("Trial"), _("Conviction"), _("Stalled")],
        note=_("Counts cases; the rows add up to the justice funnel's figures."),
        col_defs=[
            "",
            "",
            STATUS_DEFS["cases"],
            same,
            same,
            same,
            same,
            _("Number of open cases with nothing recorded for %(days)s days.") % {"days": m.stalled_days},
        ],
    )
    for row in m.by_district:
        district = row["district_id"]
        base = {"destination_district" if destination else "source_district": district or 0}
        bd.rows.append(
            [
                Cell(row["district_name"] or _("Not recorded")),
                Cell(row["state_name"] or ""),
                *[
                    _c(row[k], {**base, "metric": k})
                    for k in ("cases", "fir", "chargesheet", "trial", "conviction", "stalled")
                ],
            ]
        )
    tables["districts"] = bd
    return tables


SERIES_DEFS = [
    ("cases", "s1", _l("Cases"), _l("Number of cases by the month of rescue (or of opening without one).")),
    ("fir", "s2", _l("FIRs registered"), _l("Number of FIRs (or zero FIRs) registered in the month.")),
    ("chargesheet", "s3", _l("Chargesheets"), _l("Number of FIRs on which a chargesheet was filed in the month.")),
    ("judgment", "s4", _l("Judgments"), _l("Number of court cases that reached judgment in the month.")),
]


def _stage_order(labels):
    order = {key: index for index, key in enumerate(labels)}
    return lambda key: order.get(key, len(order))
