"""Figures that add up, and say what they count.

On the hand-built consortium of conftest (with claims added through the compensation services)
and on consortia generated at random (cases at random justice steps, some skipping one; claims
walked to random stages through the real services), the dashboard must hold:

- funnels never rise: each step is inside the one before (cases for the justice funnel, claims
  and cases for the compensation funnel), and equal an independent recount from what was built;
- the compensation table and the compensation funnel count the same claims; the district
  table's columns add up to the justice funnel's steps;
- amounts are over one population, the awarded claims: paid <= awarded, and what is still to be
  paid on the claims awaiting payment <= awarded - paid;
- every figure on the page has its definition, naming its unit, beside it (parsed from the HTML);
- every export carries its definitions (header rows; a Definitions sheet; a sidecar CSV).
"""

import csv
import datetime
import io
import random
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cases.factories import open_case
from cases.models import Case
from compensation.models import Claim
from dashboard.exports import ANONYMISED_COLUMNS, HTCDS_COLUMNS
from dashboard.filters import plain_scope, visible_cases
from dashboard.metrics import COMPENSATION_FUNNEL, JUSTICE_FUNNEL, dashboard_metrics
from dashboard.tables import build_tables
from legal.models import Accused, Court, CourtAccused, CourtCase, Judgment, JudgmentOutcome
from tests.compensation import steps as claim_steps
from tests.compensation.helpers import pay, screen, upload_all_documents

from .conftest import day, move

# A definition names what is counted or measured, in one of these units.
UNITS = re.compile(
    r"\b(cases?|claims?|accused persons|FIRs?|court cases?|bail applications|deadlines|"
    r"failure-point tags|tags|days|rupees|stays)\b|₹",
    re.IGNORECASE,
)
JUSTICE_KEYS = [key for key, _label in JUSTICE_FUNNEL]
CLAIM_KEYS = [key for key, _label in COMPENSATION_FUNNEL]


# --- building data ---------------------------------------------------------------------------------


RELEASED = "The authority's order released the whole award into her account (synthetic)."


def walk(claim, lead, stage, start):
    """Walk a screened claim to `stage` through compensation.services (as tests.compensation.steps)."""
    for step, transition in enumerate(claim_steps.TO_STAGE[stage], start=1):
        on = start + datetime.timedelta(days=10 * step)
        if transition == "pay_part":
            pay(claim, lead, "200000", on=on, fd_share_reason=RELEASED)
        elif transition == "pay_rest":
            claim.refresh_from_db()
            pay(claim, lead, claim.awarded_amount - claim.amount_paid, on=on, fd_share_reason=RELEASED)
        elif transition == "award":
            claim.refresh_from_db()
            high = claim.amount_range[1]
            amount = min(claim_steps.AWARD, high) if high else claim_steps.AWARD
            claim_steps.run(claim, lead, "award", on, {"awarded_amount": amount, "award_reference": "Award 4/2026"})
        else:
            claim_steps.run(claim, lead, transition, on)
    claim.refresh_from_db()
    assert claim.stage == stage
    return claim


SCHEMES = [("nalsa-2018", "rape"), ("wb-vcs-2017", "trafficking")]


def add_claims(case, lead, stages, start=None):
    start = start or day(20)
    upload_all_documents(case, lead)
    claims = []
    for (code, category), stage in zip(SCHEMES, stages, strict=False):
        override = {} if code == "nalsa-2018" else {"screening_override_reason": "The inquiry shows it (synthetic)."}
        claim = screen(case, lead, code=code, category=category, screened_on=start, **override)
        claims.append(walk(claim, lead, stage, start))
    return claims


def claim_oracle(stage: str) -> set[str]:
    """The steps a claim walked to `stage` reached, from the path it took (not from its fields)."""
    path = claim_steps.TO_STAGE[stage]
    reached = {"claim_screened"}
    if "apply" in path:
        reached.add("claim_filed")
    if "award" in path:
        reached |= {"claim_filed", "claim_awarded"}
    if "pay_part" in path:
        reached.add("claim_paid")
    if "pay_rest" in path:
        reached.add("claim_paid_full")
    return reached


@pytest.fixture
def world_claims(world, people):
    """The conftest consortium with claims: a1 two claims (awarded and part paid; filed), a2 one
    not yet filed, b1 two (paid in full; rejected after filing). Steps: see claim_oracle."""
    plan = {
        "a1": (people["lead_a"], ["partly_disbursed", "applied"]),
        "a2": (people["lead_a"], ["documents_ready"]),
        "b1": (people["lead_b"], ["disbursed", "rejected"]),
    }
    built = {}
    for key, (lead, stages) in plan.items():
        built[key] = add_claims(world[key], lead, stages)
    return built


def coordinator_metrics(people):
    coordinator = people["coordinator"]
    return dashboard_metrics(plain_scope(visible_cases(coordinator.user, coordinator)), stalled_days=90)


# --- the relationships ------------------------------------------------------------------------------


def assert_figures_add_up(m, tables):
    counts, comp = m.counts, m.compensation
    justice = [counts[k] for k in JUSTICE_KEYS]
    assert justice == sorted(justice, reverse=True), f"justice funnel rises: {justice}"
    assert counts["cases"] >= justice[0]
    claims = [comp[k] for k in CLAIM_KEYS]
    assert claims == sorted(claims, reverse=True), f"compensation funnel (claims) rises: {claims}"
    claim_cases = [counts[k] for k in CLAIM_KEYS]
    assert claim_cases == sorted(claim_cases, reverse=True), f"compensation funnel (cases) rises: {claim_cases}"
    assert all(cases <= n for cases, n in zip(claim_cases, claims, strict=True))

    # The tables show what the metrics say, and count the same populations.
    funnel = {row[0].value: row[1].value for row in tables["funnel"].rows}
    assert list(funnel.values()) == justice
    comp_funnel = tables["compensation_funnel"].rows
    assert [row[1].value for row in comp_funnel] == claims
    assert [row[3].value for row in comp_funnel] == claim_cases
    table = {str(row[0].value): row[1].value for row in tables["compensation"].rows}
    assert (table["Claims screened"], table["Claims filed"], table["Claims awarded"]) == tuple(claims[:3])
    districts = tables["districts"]
    for column, key in ((2, "cases"), (3, "fir"), (4, "chargesheet"), (5, "trial"), (6, "conviction")):
        assert sum(row[column].value for row in districts.rows) == counts[key], key

    # Amounts: one population (the awarded claims).
    assert comp["paid"] <= comp["amount_awarded"]
    assert comp["claimed_stated"] <= comp["claim_awarded"]
    assert 0 <= comp["awaiting_amount"] <= comp["amount_awarded"] - comp["paid"]
    assert comp["awaiting_payment"] <= comp["claim_awarded"] - comp["claim_paid_full"]
    assert table["Amount paid"] <= table["Amount awarded"]
    awarded = Claim.objects.filter(awarded_on__isnull=False)
    assert comp["amount_awarded"] == sum((c.awarded_amount for c in awarded), Decimal(0))
    assert comp["paid"] == sum((c.amount_paid for c in Claim.objects.all()), Decimal(0))


def test_conftest_consortium_adds_up(world_claims, people):
    m = coordinator_metrics(people)
    assert_figures_add_up(m, build_tables(m))
    assert [m.compensation[k] for k in CLAIM_KEYS] == [5, 4, 2, 2, 1]
    assert [m.counts[k] for k in CLAIM_KEYS] == [3, 2, 2, 2, 1]
    assert m.compensation["amount_awarded"] == 2 * claim_steps.AWARD
    assert m.compensation["paid"] == claim_steps.AWARD + Decimal("200000")
    assert m.compensation["awaiting_payment"] == 1  # a1's part-paid claim
    assert m.compensation["awaiting_amount"] == claim_steps.AWARD - Decimal("200000")


def test_a_court_case_without_a_chargesheet_counts_at_the_chargesheet_step(world, people):
    """A complaint case in court (no chargesheet recorded) is past the chargesheet step: the
    funnel counts it there too, so it cannot rise from chargesheet to court."""
    before = coordinator_metrics(people).counts
    court = Court.objects.get(name="Sessions Court, Test")
    CourtCase.objects.create(case=world["a2"], court=court, cognizance_on=day(90), created_by=people["lead_a"].user)
    after = coordinator_metrics(people).counts
    assert after["in_court"] == before["in_court"] + 1
    assert after["chargesheet"] == before["chargesheet"] + 1
    assert after["fir"] == before["fir"]  # a2 had its FIR already


def build_random_consortium(rng: random.Random, people) -> tuple[dict, dict]:
    """Cases at random justice steps (sometimes skipping the chargesheet or the judgment
    transition) and claims at random stages. Returns the oracle: step -> number of cases."""
    leads = [people["lead_a"], people["lead_b"]]
    court = Court.objects.create(kind="sessions", state_id=leads[0].organisation.home_state_id, name="Random Court")
    justice = dict.fromkeys(JUSTICE_KEYS, 0)
    claims_expected = dict.fromkeys(CLAIM_KEYS, 0)
    cases_expected = dict.fromkeys(CLAIM_KEYS, 0)
    stages = list(claim_steps.TO_STAGE)
    for n in range(rng.randint(4, 6)):
        lead = rng.choice(leads)
        level = rng.randint(0, 7)  # how far along the justice funnel (index + 1 in JUSTICE_KEYS)
        rescued = level >= 1 and not (level >= 2 and rng.random() < 0.3)  # some escaped: no rescue date
        case = open_case(lead, **({"rescued_on": day(-5)} if rescued else {}))
        subject = f"legal.fir:r{case.pk}"
        if level >= 2:
            move(case, subject, "investigation", "fir_registered", day(1 + n))
        if level >= 3 and not (level >= 4 and rng.random() < 0.4):  # complaint cases: no chargesheet
            move(case, subject, "investigation", "chargesheet_filed", day(30 + n))
        if level >= 4:
            court_case = CourtCase.objects.create(case=case, court=court, cognizance_on=day(60), created_by=lead.user)
            key = f"legal.courtcase:{court_case.pk}"
            if level >= 5:
                move(case, key, "court", "charges_framed", day(80 + n))
            if level >= 6 and not (level >= 7 and rng.random() < 0.5):
                move(case, key, "court", "judgment", day(150 + n))
            if level >= 7:
                judgment = Judgment.objects.create(court_case=court_case, on=day(150 + n), recorded_by=lead.user)
                accused = Accused.objects.create(names=[f"Accused R{n} Qzv"], created_by=lead.user)
                link = CourtAccused.objects.create(court_case=court_case, accused=accused, added_by=lead.user)
                JudgmentOutcome.objects.create(
                    judgment=judgment, court_accused=link, outcome="convicted", decided_on=day(150 + n)
                )
        chosen = [rng.choice(stages) for _ in range(rng.choice([0, 1, 1, 2]))]
        if chosen:
            add_claims(case, lead, chosen)
            # The first claim rests on a rape charge: screening it records the FIR if there is none.
            level = max(level, 2)
        for index, key in enumerate(JUSTICE_KEYS, start=1):
            justice[key] += level >= index
        reached_by_case = set()
        for stage in chosen:
            reached = claim_oracle(stage)
            reached_by_case |= reached
            for key in reached:
                claims_expected[key] += 1
        for key in reached_by_case:
            cases_expected[key] += 1
    return justice, {"claims": claims_expected, "cases": cases_expected}


@pytest.mark.parametrize("seed", [3, 11])
def test_random_consortia_add_up(db, people, seed):
    justice, compensation = build_random_consortium(random.Random(seed), people)
    m = coordinator_metrics(people)
    assert_figures_add_up(m, build_tables(m))
    assert {k: m.counts[k] for k in JUSTICE_KEYS} == justice
    assert {k: m.compensation[k] for k in CLAIM_KEYS} == compensation["claims"]
    assert {k: m.counts[k] for k in CLAIM_KEYS} == compensation["cases"]
    assert m.counts["cases"] == Case.objects.count()


def test_drill_down_lists_the_cases_the_funnel_counted(world_claims, world, people, login):
    """The number and the list behind it come from one predicate (cumulative steps included)."""
    court = Court.objects.get(name="Sessions Court, Test")
    CourtCase.objects.create(case=world["a2"], court=court, cognizance_on=day(90), created_by=people["lead_a"].user)
    client = login(people["coordinator"])
    counts = client.get(reverse("dashboard:dashboard")).context["metrics"].counts
    for metric in ("chargesheet", "in_court", "claim_filed", "claim_paid"):
        page = client.get(reverse("dashboard:dashboard_cases"), {"metric": metric}).content.decode()
        listed = sum(world[key].reference in page for key in world)
        assert listed == counts[metric], metric


# --- the page: every figure with its definition and unit ------------------------------------------


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children, self.texts = tag, dict(attrs), parent, [], []

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        parts = list(self.texts)
        for child in self.children:
            parts.append(child.text())
        return " ".join(p.strip() for p in parts if p.strip())

    def find_all(self, tag=None, cls=None):
        for child in self.children:
            if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                yield child
            yield from child.find_all(tag, cls)


VOID = {"br", "img", "input", "meta", "link", "hr", "rect", "circle", "line", "polyline", "path", "source"}


class Tree(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.root = self.node = Node("root", {})
        self.ids = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.node)
        self.node.children.append(node)
        if "id" in node.attrs:
            assert node.attrs["id"] not in self.ids, f"duplicate id {node.attrs['id']}"
            self.ids[node.attrs["id"]] = node
        if tag not in VOID:
            self.node = node

    def handle_startendtag(self, tag, attrs):
        self.node.children.append(Node(tag, attrs, self.node))

    def handle_endtag(self, tag):
        node = self.node
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.node = node.parent

    def handle_data(self, data):
        self.node.texts.append(data)


def has_unit(text: str) -> bool:
    return bool(UNITS.search(text or ""))


ROW_FIGURE_TABLES = {"Step", "Figure", "Interval"}  # first column of tables whose rows are different figures


def assert_every_figure_defined(html: str) -> int:
    tree = Tree(html)
    checked = 0
    tables = list(tree.root.find_all("table", "dash-table"))
    assert tables
    for table in tables:
        headers = list(next(table.find_all("thead")).find_all("th"))
        caption = next(table.find_all("caption")).text()
        assert has_unit(caption), f"caption without a unit: {caption}"
        by_row = headers[0].text() in ROW_FIGURE_TABLES
        for tr in next(table.find_all("tbody")).find_all("tr"):
            cells = [c for c in tr.children if c.tag in ("th", "td")]
            if by_row and cells and cells[0].tag == "th":
                definition = list(cells[0].find_all("span", "def"))
                assert definition and has_unit(definition[0].text()), f"row without a definition: {cells[0].text()}"
            for index, cell in enumerate(cells):
                if cell.tag != "td" or not ({"cell-count", "cell-stat", "cell-pct", "cell-money"} & cell.classes):
                    continue
                described = headers[index].attrs.get("aria-describedby")
                assert described, f"column {headers[index].text()!r} of {caption!r} has no definition"
                definition = tree.ids[described]
                assert has_unit(definition.text()), f"definition without a unit: {definition.text()}"
                assert definition.tag == "dd" and definition.parent.parent.tag == "dl"  # shown under the table
                checked += 1
    tiles = list(tree.root.find_all("a", "tile"))
    assert len(tiles) == 6
    for tile in tiles:
        definition = list(tile.find_all("span", "tile-d"))
        assert definition and has_unit(definition[0].text()), tile.text()
    figures = list(tree.root.find_all("figure", "chart-figure"))
    assert len(figures) >= 4
    for figure in figures:
        note = list(figure.find_all("figcaption"))
        assert note and has_unit(note[0].text()), figure.text()
        assert has_unit(next(figure.find_all("desc")).text())
        panel = figure.parent
        bars = [t.text() for t in figure.find_all("text", "chart-label")]
        chart_defs = {dt.text(): dt.parent for dl in panel.find_all("dl", "defs-chart") for dt in dl.find_all("dt")}
        if chart_defs or panel.attrs.get("aria-labelledby") in ("h-funnel", "h-compensation_funnel"):
            for label in bars:
                assert label in chart_defs and has_unit(chart_defs[label].text()), label
    return checked


def test_every_figure_on_the_page_has_its_definition_and_unit(world_claims, people, login):
    page = login(people["coordinator"]).get(reverse("dashboard:dashboard")).content.decode()
    assert assert_every_figure_defined(page) > 60
    # The two counts the user found disagreeing now say what they count.
    assert "Compensation funnel: claims (not cases) reaching each step" in page
    assert "Compensation: claims (not cases) and amounts in rupees" in page
    assert "Median, not mean" in page


def test_a_figure_without_a_definition_is_caught():
    """The page check fails on a column with no definition, or a definition with no unit."""
    page = (
        '<table class="dash-table"><caption>Cases</caption><thead><tr><th>Step</th><th>Cases</th></tr></thead>'
        '<tbody><tr><th>Rescued<span class="def">Cases rescued.</span></th><td class="cell-count">5</td></tr>'
        "</tbody></table>"
    )
    with pytest.raises(AssertionError, match="has no definition"):
        assert_every_figure_defined(page)
    page = page.replace("<th>Cases</th>", '<th aria-describedby="d1">Cases</th>') + (
        '<dl><div><dt>Cases</dt><dd id="d1">The number.</dd></div></dl>'
    )
    with pytest.raises(AssertionError, match="definition without a unit"):
        assert_every_figure_defined(page)


# --- exports ---------------------------------------------------------------------------------------


def test_table_exports_carry_their_definitions(world_claims, people, login):
    client = login(people["coordinator"])
    tables = client.get(reverse("dashboard:dashboard")).context["tables"]
    for key, table in tables.items():
        text = client.get(reverse("dashboard:dashboard_export_table", args=[key, "csv"])).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][0] == str(table.caption) and has_unit(rows[0][0])
        columns, definitions = rows[1], rows[2]
        assert definitions[0] == "Definition"
        for index, column in enumerate(table.columns[1:], start=1):
            is_figure = any(r[index].kind != "text" for r in table.rows) or table.col_defs[index]
            if is_figure:
                assert has_unit(definitions[index]), f"{key}: column {column} exported without a definition"
        if table.has_row_defs:
            assert columns[-1] == "Definition"
            assert all(has_unit(row[-1]) for row in rows[3:]), key
    xlsx = client.get(reverse("dashboard:dashboard_export_table", args=["compensation", "xlsx"])).content
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx), read_only=True).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[2][0] == "Definition" and values[1][-1] == "Definition"
    assert any(row[0] == "Amount paid" and "Rupees" in row[-1] for row in values)


@pytest.mark.parametrize("kind, columns", [("anonymised", ANONYMISED_COLUMNS), ("htcds", HTCDS_COLUMNS)])
def test_case_exports_carry_their_definitions(world_claims, people, login, kind, columns):
    from openpyxl import load_workbook

    from cases.factories import give_consent
    from survivors.models import ConsentPurpose

    give_consent(world_claims["b1"][0].case, actor=people["lead_b"].user, purpose=ConsentPurpose.STATISTICS)
    client = login(people["coordinator"])
    book = load_workbook(
        io.BytesIO(client.post(reverse("dashboard:dashboard_export_cases", args=[kind, "xlsx"])).content)
    )
    assert book.sheetnames[-1] == "Definitions"
    defined = {row[0]: row[1] for row in book["Definitions"].iter_rows(min_row=2, values_only=True)}
    assert list(defined) == columns and all(defined.values())
    sidecar = client.get(reverse("dashboard:dashboard_export_definitions", args=[kind]))
    assert sidecar.status_code == 200
    rows = list(csv.reader(io.StringIO(sidecar.content.decode("utf-8-sig"))))
    assert rows[0] == ["Column", "Definition"] and [r[0] for r in rows[1:]] == columns
    # The CSV file itself keeps its header first, for the systems that read it.
    data = client.post(reverse("dashboard:dashboard_export_cases", args=[kind, "csv"])).content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(data))) == columns


def test_definitions_sidecar_is_404_outside_the_dashboard(world, people, login):
    assert (
        login(people["lead_a"]).get(reverse("dashboard:dashboard_export_definitions", args=["htcds"])).status_code
        == 404
    )
    assert (
        login(people["coordinator"]).get(reverse("dashboard:dashboard_export_definitions", args=["nope"])).status_code
        == 404
    )
