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

from .metrics import COMPENSATION_FUNNEL, GAPS, JUSTICE_FUNNEL, STATUS_FIGURES, Metrics, rate, stage_labels

SMALL_CELL = 5
WORKFLOW_LABELS = {
    "investigation": gettext_lazy("Investigation"),
    "court": gettext_lazy("Court"),
    "compensation": gettext_lazy("Compensation"),
    "survivor": gettext_lazy("Survivor updates"),
    "custody": gettext_lazy("Custody"),
    "repatriation": gettext_lazy("Repatriation"),
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
    key: str
    caption: str
    columns: list
    rows: list = field(default_factory=list)  # list[list[Cell]]
    note: str = ""


def _c(value, drill=None):
    return Cell(value, "count", drill=drill)


def _stat(value, base):
    return Cell(None if value is None else round(value, 1), "stat", base=base)


def _pct(value, base):
    return Cell(value, "pct", base=base)


def drill_url(base_query: str, params: dict) -> str:
    query = urlencode(params)
    return f"{reverse('dashboard_cases')}?{base_query}{'&' if base_query else ''}{query}"


def attach_links(tables: dict, query: str) -> dict:
    for table in tables.values():
        for row in table.rows:
            for cell in row:
                if cell.drill and cell.value:
                    cell.href = drill_url(query, cell.drill)
    return tables


def build_tables(m: Metrics) -> dict[str, Table]:
    tables = {}
    counts = m.counts

    funnel = Table(
        "funnel",
        _("Justice funnel: cases reaching each step"),
        [_("Step"), _("Cases"), _("% of the step before"), _("% of rescued")],
    )
    previous = None
    rescued = counts.get("rescued", 0)
    for key, label in JUSTICE_FUNNEL:
        n = counts.get(key, 0)
        funnel.rows.append(
            [
                Cell(str(label)),
                _c(n, {"metric": key}),
                _pct(rate(n, previous) if previous is not None else None, previous if previous is not None else n),
                _pct(rate(n, rescued), rescued),
            ]
        )
        previous = n
    tables["funnel"] = funnel

    comp = Table(
        "compensation_funnel",
        _("Compensation funnel: cases with a claim at each step"),
        [_("Step"), _("Cases"), _("% of the step before")],
    )
    previous = None
    for key, label in COMPENSATION_FUNNEL:
        n = counts.get(key, 0)
        comp.rows.append(
            [Cell(str(label)), _c(n, {"metric": key}), _pct(rate(n, previous) if previous else None, previous or 0)]
        )
        previous = n
    tables["compensation_funnel"] = comp

    status = Table("status", _("Cases at a glance"), [_("Figure"), _("Cases")])
    for key, label in STATUS_FIGURES:
        text = str(label)
        if key == "stalled":
            text = _("Stalled (nothing recorded for %(days)s days)") % {"days": m.stalled_days}
        status.rows.append([Cell(text), _c(counts.get(key, 0), {"metric": key})])
    tables["status"] = status

    labels = stage_labels()
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
            'Completed stays run from entering a stage to leaving it; "so far" counts to today for what is still there.'
        ),
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
        "intervals", _("Days between key events"), [_("Interval"), _("Counted"), _("Median"), _("90th percentile")]
    )
    for key, label in GAPS:
        p = m.durations.get(key)
        n = p.n if p else 0
        gaps.rows.append(
            [Cell(str(label)), Cell(n, "count"), _stat(p.median if p else None, n), _stat(p.p90 if p else None, n)]
        )
    tables["intervals"] = gaps

    fp = Table("failure_points", _("Failure points tagged"), [_("Failure point"), _("Times tagged"), _("Cases")])
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
        _("Failure points by police station"),
        [_("Police station"), _("State"), _("Times tagged"), _("Cases")],
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
        _("Failure points by district (of the FIR)"),
        [_("District"), _("State"), _("Times tagged"), _("Cases")],
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

    co = Table("failure_courts", _("Failure points by court"), [_("Court"), _("Times tagged"), _("Cases")])
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
    acc = Table("accused", _("Accused persons"), [_("Figure"), _("Number"), _("Rate")])
    acc.rows = [
        [Cell(_("Accused on FIRs")), Cell(a.get("accused") or 0, "count"), Cell(None)],
        [
            Cell(_("Arrested")),
            Cell(a.get("arrested") or 0, "count"),
            _pct(rate(a.get("arrested") or 0, a.get("accused")), a.get("accused") or 0),
        ],
        [
            Cell(_("Bail granted (investigation)")),
            Cell(a.get("bailed") or 0, "count", drill={"metric": "bail_granted"}),
            _pct(rate(a.get("bailed") or 0, a.get("arrested")), a.get("arrested") or 0),
        ],
        [
            Cell(_("Default bail (no chargesheet in time)")),
            Cell(a.get("default_bail") or 0, "count"),
            _pct(rate(a.get("default_bail") or 0, a.get("arrested")), a.get("arrested") or 0),
        ],
        [
            Cell(_("Absconding")),
            Cell(a.get("absconding") or 0, "count", drill={"metric": "absconding"}),
            _pct(rate(a.get("absconding") or 0, a.get("accused")), a.get("accused") or 0),
        ],
        [Cell(_("Accused on trial")), Cell(o.get("on_trial") or 0, "count"), Cell(None)],
        [
            Cell(_("Convicted")),
            Cell(o.get("convicted") or 0, "count", drill={"metric": "conviction"}),
            _pct(rate(o.get("convicted") or 0, decided), decided),
        ],
        [
            Cell(_("Acquitted")),
            Cell(o.get("acquitted") or 0, "count", drill={"metric": "acquittal"}),
            _pct(rate(o.get("acquitted") or 0, decided), decided),
        ],
        [Cell(_("Bail applications in court")), Cell(b.get("applications") or 0, "count"), Cell(None)],
        [
            Cell(_("… granted")),
            Cell(b.get("granted") or 0, "count"),
            _pct(rate(b.get("granted") or 0, b.get("applications")), b.get("applications") or 0),
        ],
        [
            Cell(_("… survivor heard")),
            Cell(b.get("victim_heard") or 0, "count"),
            _pct(rate(b.get("victim_heard") or 0, b.get("applications")), b.get("applications") or 0),
        ],
    ]
    acc.note = _("Conviction and acquittal rates are of accused with a judgment (convicted or acquitted).")
    tables["accused"] = acc

    c = m.compensation
    claims = c.get("claims") or 0
    money = Table("compensation", _("Compensation claims and amounts (₹)"), [_("Figure"), _("Value")])
    money.rows = [
        [Cell(_("Claims")), Cell(claims, "count", drill={"metric": "claim_screened"})],
        [Cell(_("Filed")), Cell(c.get("filed") or 0, "count", drill={"metric": "claim_filed"})],
        [Cell(_("Awarded")), Cell(c.get("awarded") or 0, "count", drill={"metric": "claim_awarded"})],
        [Cell(_("Amount claimed")), Cell(int(c.get("claimed") or 0), "money", base=claims)],
        [Cell(_("Interim relief granted")), Cell(int(c.get("interim") or 0), "money", base=claims)],
        [Cell(_("Amount awarded")), Cell(int(c.get("awarded_amount") or 0), "money", base=c.get("awarded") or 0)],
        [Cell(_("Amount paid")), Cell(int(c.get("paid") or 0), "money", base=c.get("awarded") or 0)],
        [
            Cell(_("Awards not yet paid in full")),
            Cell(c.get("unpaid_claims") or 0, "count", drill={"metric": "award_unpaid"}),
        ],
    ]
    tables["compensation"] = money

    od = Table("overdue", _("Overdue deadlines by workflow"), [_("Workflow"), _("Deadlines"), _("Cases")])
    for row in m.overdue_by_workflow:
        wf = row["rule__workflow"]
        od.rows.append(
            [
                Cell(str(WORKFLOW_LABELS.get(wf, wf))),
                Cell(row["deadlines"], "count"),
                _c(row["cases"], {"metric": "overdue", "workflow": wf}),
            ]
        )
    tables["overdue"] = od

    tr = Table(
        "trend",
        _("By month: cases rescued or opened, FIRs, chargesheets, judgments"),
        [_("Month"), _("Cases"), _("FIRs registered"), _("Chargesheets"), _("Judgments")],
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
    bd = Table(
        "districts",
        _("By destination district (where she was exploited)") if destination else _("By source district (her home)"),
        [_("District"), _("State"), _("Cases"), _("FIR"), _("Chargesheet"), _("Trial"), _("Conviction"), _("Stalled")],
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


def _stage_order(labels):
    order = {key: index for index, key in enumerate(labels)}
    return lambda key: order.get(key, len(order))
