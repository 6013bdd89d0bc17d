"""Figures on hand-built cases with known answers (see conftest), and constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.factories import open_case
from cases.models import Case
from dashboard.filters import apply_filters, plain_scope, visible_cases
from dashboard.metrics import dashboard_metrics, interpolate
from dashboard.tables import Cell, build_tables

from .conftest import day, move


def metrics_for(membership, **filters):
    cases = apply_filters(visible_cases(membership.user, membership), filters)
    return dashboard_metrics(plain_scope(cases), stalled_days=90)


def test_funnel_counts_for_the_coordinator(world, people):
    counts = metrics_for(people["coordinator"]).counts
    assert counts["cases"] == 5
    assert counts["rescued"] == 5
    assert counts["fir"] == 4
    assert counts["chargesheet"] == 2
    assert counts["in_court"] == 1
    assert counts["trial"] == 1
    assert counts["judgment"] == 1
    assert counts["conviction"] == 1
    assert counts["acquittal"] == 1


def test_org_admin_counts_only_her_organisations_cases(world, people):
    counts = metrics_for(people["admin_a"]).counts
    assert counts["cases"] == 4
    assert counts["fir"] == 3
    assert counts["chargesheet"] == 1
    assert counts["trial"] == 0
    assert counts["conviction"] == 0
    other = metrics_for(people["admin_b"]).counts
    assert (other["cases"], other["fir"], other["conviction"]) == (1, 1, 1)


def test_median_and_90th_percentile_of_stage_stays(world, people):
    durations = metrics_for(people["coordinator"]).durations
    stay = durations["stay:investigation:fir_registered"]
    assert (stay.n, stay.median, stay.p90) == (3, 20, 36)  # [10, 20, 40]
    under = durations["stay:investigation:under_investigation"]
    assert (under.n, under.median, under.p90) == (2, 30, 30)  # a1: 10 -> 40, b1: 40 -> 70


def test_percentile_with_four_values(world, people):
    # A fourth completed stay of 50 days: [10, 20, 40, 50] -> median 30, p90 47.
    move(world["a4"], "legal.fir:9", "investigation", "fir_registered", day(0))
    move(world["a4"], "legal.fir:9", "investigation", "under_investigation", day(50))
    stay = metrics_for(people["coordinator"]).durations["stay:investigation:fir_registered"]
    assert (stay.n, stay.median, stay.p90) == (4, 30, 47)


def test_interpolate_matches_percentile_cont():
    values = {1: 10, 2: 20, 3: 40}
    assert interpolate(values, 3, 50) == 20
    assert interpolate(values, 3, 90) == 36
    assert interpolate({1: 7}, 1, 90) == 7


def test_filters_narrow_the_figures(world, people):
    from cases.models import ExploitationForm
    from consortium.factories import state

    assert metrics_for(people["coordinator"], state=state("JH")).counts["cases"] == 1
    labour = ExploitationForm.objects.get(code="forced_labour")
    assert metrics_for(people["coordinator"], exploitation_form=labour).counts["conviction"] == 1
    assert metrics_for(people["coordinator"], date_from=day(1)).counts["cases"] == 0
    assert metrics_for(people["coordinator"], age_group="adult").counts["cases"] == 5
    assert metrics_for(people["coordinator"], age_group="child").counts["cases"] == 0


def test_stalled_cases(world, people):
    from datetime import timedelta

    from django.db.models import F

    from cases.models import CaseEvent

    assert metrics_for(people["coordinator"]).counts["stalled"] == 0
    a4 = world["a4"]
    CaseEvent.objects.filter(case=a4).backdate_for_demo(occurred_at=F("occurred_at") - timedelta(days=120))
    assert metrics_for(people["coordinator"]).counts["stalled"] == 1
    cases = visible_cases(people["coordinator"].user, people["coordinator"])
    assert dashboard_metrics(plain_scope(cases), stalled_days=200).counts["stalled"] == 0


def test_small_cells_are_suppressed_in_exported_values(world, people):
    tables = build_tables(metrics_for(people["coordinator"]))
    funnel = {row[0].value: row[1] for row in tables["funnel"].rows}
    assert funnel["Rescued"].value == 5 and funnel["Rescued"].exported() == 5
    assert funnel["FIR registered"].exported() == "<5"
    assert funnel["Conviction"].exported() == "<5"
    assert Cell(0, "count").exported() == 0
    assert Cell(17.5, "stat", base=3).exported() == "<5"
    assert Cell(17.5, "stat", base=5).exported() == 17.5


def test_number_of_queries_does_not_grow_with_cases(world, people):
    coordinator = people["coordinator"]

    def count():
        with CaptureQueriesContext(connection) as captured:
            metrics_for(coordinator)
        return len(captured.captured_queries)

    before = count()
    for _ in range(6):
        case = open_case(people["lead_a"])
        move(case, f"legal.fir:x{case.pk}", "investigation", "fir_registered", day(3))
        move(case, f"legal.fir:x{case.pk}", "investigation", "under_investigation", day(9))
    assert Case.objects.count() == 11
    assert count() == before <= 22  # PostgreSQL adds BEGIN, three SET LOCAL and COMMIT


@pytest.mark.django_db
def test_empty_consortium_has_zero_figures(people):
    m = metrics_for(people["coordinator"])
    assert m.counts["cases"] == 0 and m.durations == {}
    build_tables(m)  # renders without dividing by zero


def test_trend_follows_the_period_or_shows_the_last_13_months(world, people):
    import datetime

    from dashboard.metrics import TREND_MAX_MONTHS, trend_months

    today = datetime.date(2026, 11, 24)
    assert trend_months(today) == (datetime.date(2025, 11, 1), datetime.date(2026, 11, 1))
    assert trend_months(today, datetime.date(2026, 3, 15), datetime.date(2026, 6, 2)) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 6, 1),
    )
    start, end = trend_months(today, datetime.date(1990, 1, 1))  # a long period: its latest months
    assert end == datetime.date(2026, 11, 1)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    assert months == TREND_MAX_MONTHS

    rescue_month = day(-5).replace(day=1)
    cases = plain_scope(visible_cases(people["coordinator"].user, people["coordinator"]))
    trend = dashboard_metrics(
        cases, stalled_days=90, date_from=rescue_month, date_to=rescue_month + datetime.timedelta(days=40)
    ).trend
    assert [row["month"] for row in trend][0] == rescue_month and len(trend) == 2
    assert trend[0]["cases"] == 5
