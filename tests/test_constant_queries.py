"""Every page and endpoint that lists rows costs the same number of queries for 1, 25 and 100
rows (issue 17): no N+1, whatever the page lists.

Each page below names who looks at it, its address, how its rows are added (the first through
the service, the others copied from it: tests/constant_queries.py) and what proves the rows are
shown (the last row's label, or the paginator's count), so the test fails if a page stops listing
as well as when its queries grow. Queries are counted after one warm-up request (session,
content types). The world is built once for the module.
"""

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseRole
from tests.url_names import qualified

from . import constant_queries as rows
from .constant_queries import SIZES, Ctx, World, days, label


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    from django.contrib.contenttypes.models import ContentType

    with django_db_blocker.unblock():
        with transaction.atomic():
            yield rows.build_world()
            transaction.set_rollback(True)
        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass(frozen=True)
class Page:
    name: str
    viewer: str  # who looks: lead, busy, admin, lawyer, coordinator, receiver (tests/constant_queries.World)
    url: Callable[[Ctx], str]
    rows: Callable[[Ctx, int, int], None]  # adds rows start..stop-1
    shows: Callable[[Ctx, object, int], None]  # asserts the page shows the n rows
    method: str = "get"
    data: Callable[[Ctx], dict] | None = None
    htmx: bool = False

    def request(self, client, ctx):
        send = client.post if self.method == "post" else client.get
        extra = {"HTTP_HX_REQUEST": "true"} if self.htmx else {}
        return send(self.url(ctx), self.data(ctx) if self.data else {}, **extra)


def text(response) -> str:
    return response.content.decode()


def case_url(name, case="home", **kwargs):
    def address(ctx):
        extra = {k: v(ctx) if callable(v) else v for k, v in kwargs.items()}
        return reverse(qualified(name), kwargs={"case_id": getattr(ctx.w, case).pk, **extra})

    return address


def url(name):
    return lambda ctx: reverse(qualified(name))


# --- what a page must show ------------------------------------------------------------------------


def labels(*prefixes):
    """The last row's label (of each kind) is on the page."""

    def check(ctx, response, n):
        page = text(response)
        for prefix in prefixes:
            assert label(prefix, n - 1) in page, f"{label(prefix, n - 1)} is not on the page"

    return check


def paginated(per_page: int, *, more: int = 0):
    """The paginator counts the n rows (and `more` there before), the first page shows what fits."""

    def check(ctx, response, n):
        page = response.context["page"]
        assert page.paginator.count == n + more, page.paginator.count
        assert len(page.object_list) == min(n + more, per_page)

    return check


def counted(marker: str, *, more: int = 0, most: int | None = None):
    """`marker` appears once a row (at most `most` rows are shown)."""

    def check(ctx, response, n):
        expected = min(n + more, most) if most else n + more
        found = text(response).count(marker)
        assert found == expected, f"{found} x {marker!r}, expected {expected}"

    return check


def in_context(key: str, *, most: int | None = None, more: int = 0):
    """The page was given n rows (and `more` there before; at most `most`) to show."""

    def check(ctx, response, n):
        shown = len(response.context[key])
        assert shown == (min(n + more, most) if most else n + more), shown

    return check


def case_count(more: int = 0):
    """The case list's "N cases" and the newest pool case she may see (listed first)."""

    def check(ctx, response, n):
        from tests.cases.helpers import result_count

        assert result_count(response) == n + more
        assert ctx.w.pool[n - 1].reference in text(response)

    return check


def kept_labels(ctx, response, n):
    """The labels the row builder kept (sections charged) are all on the page."""
    page = text(response)
    assert len(ctx.kept["labels"]) == n
    missing = [x for x in ctx.kept["labels"] if x not in page]
    assert not missing, missing


def csv_rows(more: int = 1):
    def check(ctx, response, n):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert len(lines) == n + more, len(lines)

    return check


def every(*checks):
    def check(ctx, response, n):
        for one in checks:
            one(ctx, response, n)

    return check


def due_this_week(ctx, response, n):
    """Her home page counts her n overdue deadlines and n tasks due this week."""
    due = response.context["due"]
    assert (len(due["overdue"]), len(due["week"])) == (n, n)
    assert f'<p class="stat stat-bad">{n}</p>' in text(response)


def next_hearing_shown(ctx, response, n):
    """The overview's next-hearing panel names the court case whose n sections are charged."""
    page = text(response)
    assert "next-hearing-panel" in page
    assert str(ctx.kept["court_case"]) in page
    assert len(ctx.kept["labels"]) == n


def bell(ctx, response, n):
    assert f'class="bell-count">{n}<' in text(response)


def first_fir(ctx):
    return ctx.kept["fir"].pk


def target_fir(ctx):
    return ctx.kept["target"].pk


def first_court_case(ctx):
    return ctx.kept["court_case"].pk


def this_week(ctx):
    return {"view": "week", "on": days(2).isoformat(), "scope": "mine"}


# --- the pages ------------------------------------------------------------------------------------

PAGES = [
    # Cases: the list grows as she joins teams (her own case is the one more).
    Page("case list", "lead", url("case_list"), rows.reveal_pool("lead"), case_count(1)),
    Page("case list (HTMX rows)", "lead", url("case_list"), rows.reveal_pool("lead"), case_count(1), htmx=True),
    Page(
        "case list (search posted)",
        "lead",
        url("case_list"),
        rows.reveal_pool("lead"),
        case_count(1),
        method="post",
        data=lambda ctx: {"q": "WB-"},
    ),
    Page(
        "case list (coordinator, closed cases)",
        "coordinator",
        url("case_list"),
        rows.close_pool,
        case_count(),
        data=lambda ctx: {"status": "closed"},
    ),
    Page(
        "case overview (team, deadlines)",
        "lead",
        case_url("case_detail"),
        rows.each(rows.team_rows, rows.deadline_rows(rows.on_home)),
        labels("Person", "Deadline"),
    ),
    Page(
        "case overview (next hearing of a court case with many charges)",
        "lead",
        case_url("case_detail"),
        rows.next_hearing_charge_rows,
        next_hearing_shown,
    ),
    Page("case team", "lead", case_url("case_team"), rows.team_rows, labels("Person")),
    Page("case team (people who may join)", "lead", case_url("case_team"), rows.member_rows, labels("Person")),
    Page("open a case (lead caseworker choices)", "admin", url("case_open"), rows.member_rows, labels("Person")),
    Page("case consent", "lead", case_url("case_consent"), rows.consent_rows, counted("/withdraw/")),
    Page("case timeline", "lead", case_url("case_timeline"), rows.note_rows, labels("Note")),
    Page("case documents", "lead", case_url("case_documents"), rows.document_rows, labels("Document")),
    Page("case access log", "admin", case_url("case_access_log"), rows.access_rows(rows.on_home), labels("Entry")),
    Page(
        "case deadlines and tasks",
        "lead",
        case_url("case_deadlines"),
        rows.each(rows.deadline_rows(rows.on_home), rows.task_rows(rows.on_home, "lead")),
        labels("Deadline", "Task"),
    ),
    Page("survivor updates", "lead", case_url("case_survivor_updates"), rows.survivor_update_rows, labels("Told her")),
    Page(
        "generated documents",
        "lead",
        case_url("generated_list"),
        rows.generated_rows,
        in_context("documents", most=50),
    ),
    # Work across cases.
    Page(
        "my work",
        "busy",
        url("my_work"),
        rows.each(
            rows.deadline_rows(rows.on_pool, rule="production_before_magistrate"), rows.task_rows(rows.on_pool, "busy")
        ),
        labels("Deadline", "Task"),
    ),
    Page(
        "overdue board",
        "admin",
        url("overdue_board"),
        rows.deadline_rows(rows.on_pool, rule="production_before_magistrate", overdue=True),
        paginated(50),
    ),
    Page(
        "notifications and the bell",
        "busy",
        url("notifications"),
        rows.notification_rows,
        every(paginated(30), bell),
    ),
    Page(
        "home (caseworker: her cases, what is due)",
        "busy",
        url("home"),
        rows.each(
            rows.deadline_rows(rows.on_pool, rule="production_before_magistrate", overdue=True),
            rows.task_rows(rows.on_pool, "busy"),
        ),
        due_this_week,
    ),
    # Investigation.
    Page(
        "investigation tab (FIRs)",
        "lead",
        case_url("investigation"),
        rows.fir_rows(rows.on_home),
        every(labels("PS"), counted('class="panel fir-card"')),
    ),
    Page(
        "investigation tab (accused)",
        "lead",
        case_url("investigation"),
        rows.accused_rows,
        labels("Accused"),
    ),
    Page(
        "investigation tab (requests, advocacy, medical)",
        "lead",
        case_url("investigation"),
        rows.case_actions_rows,
        labels("Station", "Court", "Hospital"),
    ),
    Page(
        "sections on a FIR",
        "lead",
        case_url("fir_charges", fir_id=first_fir),
        rows.charge_rows,
        kept_labels,
    ),
    Page(
        "FIRs a FIR may be linked with",
        "lead",
        case_url("fir_chain", fir_id=target_fir),
        rows.linkable_fir_rows,
        labels("PS"),
    ),
    Page("trafficking chains", "busy", url("chain_list"), rows.chain_rows, in_context("chains")),
    Page(
        "possible matches",
        "coordinator",
        url("match_alerts"),
        rows.match_alert_rows,
        every(in_context("alerts"), counted("Different people<span")),
    ),
    Page("failure points", "coordinator", url("failure_points"), rows.failure_point_rows, labels("Failure")),
    Page("law reference", "lead", url("law_reference"), rows.section_rows, labels("Section")),
    Page(
        "a section's history",
        "coordinator",
        lambda ctx: reverse("legal:law_section_detail", kwargs={"section_id": ctx.kept["section"].pk}),
        rows.section_history_rows,
        labels("Reason"),
    ),
    # Court.
    Page(
        "court tab (court cases)",
        "lead",
        case_url("court"),
        rows.court_case_rows(rows.on_home),
        every(labels("CR"), counted('class="panel court-card"')),
    ),
    Page(
        "court tab (hearings)",
        "lead",
        case_url("court"),
        rows.hearing_rows(rows.on_home),
        counted('<tr class="row-upcoming">'),
    ),
    Page(
        "sections framed in a court case",
        "lead",
        case_url("court_charges", court_case_id=first_court_case),
        rows.court_charge_rows,
        kept_labels,
    ),
    Page(
        "case file (FIRs, court cases, notes)",
        "lawyer",
        case_url("case_file"),
        rows.each(rows.fir_rows(rows.on_home), rows.court_case_rows(rows.on_home), rows.note_rows),
        labels("PS", "CR", "Note"),
    ),
    Page(
        "review queue",
        "lawyer",
        url("review_queue"),
        rows.each(rows.reveal_pool("lawyer", role=CaseRole.LAWYER), rows.review_rows(rows.on_pool)),
        labels("Question"),
    ),
    Page(
        "hearing calendar",
        "busy",
        url("hearing_calendar"),
        rows.hearing_rows(rows.on_pool),
        lambda ctx, response, n: _hearings(response, n),
        data=this_week,
    ),
    Page(
        "home (lawyer: her cases, reviews, hearings)",
        "lawyer",
        url("home"),
        rows.each(rows.reveal_pool("lawyer", role=CaseRole.LAWYER), rows.review_rows(rows.on_pool)),
        every(in_context("review_queue", most=10), in_context("my_cases", most=10, more=1)),
    ),
    # Compensation.
    Page(
        "compensation tab",
        "lead",
        case_url("compensation_tab"),
        rows.claims_on_home_rows,
        counted('<article class="claim-card"'),
    ),
    Page(
        "a claim (payments)",
        "lead",
        lambda ctx: reverse(
            "compensation:claim_detail", kwargs={"case_id": ctx.w.home.pk, "claim_id": ctx.kept["claim"].pk}
        ),
        rows.payment_rows,
        labels("Ref"),
    ),
    Page("claims list", "busy", url("claim_list"), rows.claim_rows(rows.on_pool), paginated(25)),
    Page("claims list (HTMX rows)", "busy", url("claim_list"), rows.claim_rows(rows.on_pool), paginated(25), htmx=True),
    Page("claims list (coordinator)", "coordinator", url("claim_list"), rows.claim_rows(rows.on_pool), paginated(25)),
    Page("schemes", "lead", url("scheme_list"), rows.scheme_rows, labels("Scheme")),
    # Care.
    Page("care tab", "lead", case_url("case_care"), rows.care_rows, labels("Goal", "Visit", "Order", "Home")),
    Page(
        "incoming repatriations",
        "receiver",
        url("care_inbox"),
        rows.repatriation_rows,
        lambda ctx, response, n: _count(text(response), "Accept<span", n),
    ),
    Page("shelter homes", "admin", url("shelter_list"), rows.shelter_rows, labels("Home")),
    # People and organisations.
    Page("members", "admin", url("member_list"), rows.member_rows, labels("Person")),
    Page("home (organisation admin: members)", "admin", url("home"), rows.member_rows, in_context("members", more=4)),
    Page("home (coordinator: organisations)", "coordinator", url("home"), rows.organisation_rows, labels("Org")),
    Page(
        "districts of a state (HTMX options)",
        "lead",
        url("district_options"),
        rows.district_rows,
        labels("District"),
        data=lambda ctx: {"state": rows.state("LD").pk},
        htmx=True,
    ),
    Page(
        "sign-in security (recent events)",
        "lead",
        url("account_security"),
        rows.security_event_rows,
        in_context("events", most=10),
    ),
    # Dashboard and exports.
    Page(
        "dashboard drill-down",
        "coordinator",
        lambda ctx: reverse("dashboard:dashboard_cases") + "?metric=overdue",
        rows.deadline_rows(rows.on_pool, rule="production_before_magistrate", overdue=True),
        paginated(50),
    ),
    Page(
        "dashboard (figures and tables)",
        "coordinator",
        url("dashboard"),
        rows.fir_rows(rows.on_pool),
        lambda ctx, response, n: _tagged(response.context["metrics"].failure_points, n),
    ),
    Page(
        "dashboard table export (police stations CSV)",
        "coordinator",
        lambda ctx: reverse("dashboard:dashboard_export_table", kwargs={"key": "failure_stations", "fmt": "csv"}),
        rows.fir_rows(rows.on_pool),
        lambda ctx, response, n: csv_rows(more=3)(ctx, response, min(n, 15)),
    ),
    Page(
        "dashboard audit",
        "coordinator",
        url("dashboard_audit"),
        rows.access_rows(rows.on_pool),
        labels("Entry"),
    ),
    Page(
        "case export (anonymised CSV)",
        "coordinator",
        lambda ctx: reverse("dashboard:dashboard_export_cases", kwargs={"kind": "anonymised", "fmt": "csv"}),
        rows.statistics_consent_rows,
        csv_rows(),
        method="post",
    ),
    Page(
        "case export (HTCDS CSV)",
        "coordinator",
        lambda ctx: reverse("dashboard:dashboard_export_cases", kwargs={"kind": "htcds", "fmt": "csv"}),
        rows.statistics_consent_rows,
        csv_rows(),
        method="post",
    ),
    # Privacy.
    Page("privacy tab", "admin", case_url("case_privacy"), rows.privacy_rows, labels("Kept by law", "Hold")),
    Page("access report", "admin", case_url("privacy_access_report"), rows.access_rows(rows.on_home), labels("Entry")),
    Page(
        "access report (CSV)",
        "admin",
        case_url("privacy_access_report"),
        rows.access_rows(rows.on_home),
        lambda ctx, response, n: _count(text(response), "Entry ", n),
        data=lambda ctx: {"format": "csv", "date_from": days(-1).isoformat(), "date_to": days(0).isoformat()},
    ),
    Page("retention rules", "admin", url("retention_rules"), rows.retention_rows, labels("Records")),
    # Reference data coordinators keep.
    Page("deadline rules", "coordinator", url("deadline_rules"), rows.rule_rows, labels("Rule")),
    Page(
        "a deadline rule's versions",
        "coordinator",
        lambda ctx: reverse("work:deadline_rule_detail", kwargs={"code": "survivor_update"}),
        rows.rule_version_rows,
        in_context("versions", more=1),
    ),
    Page("holiday calendars", "coordinator", url("holiday_calendars"), rows.calendar_rows, labels("Calendar")),
    Page(
        "a holiday calendar",
        "coordinator",
        lambda ctx: reverse("work:holiday_calendar_detail", kwargs={"code": ctx.kept["calendar"].code}),
        rows.holiday_rows,
        labels("Holiday"),
    ),
]


def _count(page: str, marker: str, n: int) -> None:
    assert page.count(marker) == n, f"{page.count(marker)} x {marker!r}, expected {n}"


def _tagged(failure_points, n):
    """The dashboard counts the n FIRs tagged "wrong sections"."""
    assert [row["tags"] for row in failure_points] == [n], failure_points


def _hearings(response, n):
    assert response.context["count"] == n, response.context["count"]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_queries_do_not_grow_with_rows(page, world, db, client):
    ctx = Ctx(world)
    client.force_login(world.who(page.viewer).user)
    counts, captured, have = {}, {}, 0
    for n in SIZES:
        page.rows(ctx, have, n)
        have = n
        if n == SIZES[0]:
            assert page.request(client, ctx).status_code == 200  # warm-up: session, content types
        with CaptureQueriesContext(connection) as context:
            response = page.request(client, ctx)
        assert response.status_code == 200, f"{page.name}: {response.status_code}"
        page.shows(ctx, response, n)
        counts[n], captured[n] = len(context.captured_queries), context.captured_queries
    print(f"{page.name}: {counts[SIZES[0]]} queries")
    assert len(set(counts.values())) == 1, f"{page.name}: queries {counts}\n" + _grown(
        captured[SIZES[0]], captured[SIZES[-1]]
    )


def _grown(few, many) -> str:
    """The queries the bigger page ran more often than the smaller one: what grows with rows."""
    import re

    def shape(query):
        return re.sub(r"\b\d+\b", "N", query["sql"])[:400]

    grown = Counter(map(shape, many)) - Counter(map(shape, few))
    return "\n".join(f"{n} more x {sql}" for sql, n in grown.most_common(6))
