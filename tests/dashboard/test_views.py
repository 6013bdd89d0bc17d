"""Dashboard pages: who may open them (404 for everyone else), what they show, bad input."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import AccessLogEntry
from tests.url_names import qualified

from .conftest import SURVIVOR_NAMES

URLS = ["dashboard", "dashboard_cases", "dashboard_audit"]


@pytest.mark.parametrize("who", ["lead_a", "lawyer_a", "lead_b"])
@pytest.mark.parametrize("name", URLS)
def test_caseworkers_and_lawyers_get_404(world, people, login, who, name):
    assert login(people[who]).get(reverse(qualified(name))).status_code == 404


def test_exports_are_404_for_a_caseworker(world, people, login):
    client = login(people["lead_a"])
    assert client.get(reverse("dashboard:dashboard_export_table", args=["funnel", "csv"])).status_code == 404
    assert client.post(reverse("dashboard:dashboard_export_cases", args=["anonymised", "csv"])).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["coordinator", "admin_a"])
@pytest.mark.parametrize("name", URLS)
def test_coordinator_and_org_admin_open_every_page(world, people, login, who, name):
    assert login(people[who]).get(reverse(qualified(name))).status_code == 200


def test_dashboard_shows_funnel_chart_and_table(world, people, login):
    page = login(people["coordinator"]).get(reverse("dashboard:dashboard")).content.decode()
    assert '<svg class="chart chart-funnel"' in page
    assert "<caption>Justice funnel" in page
    assert "metric=conviction" in page
    for name in SURVIVOR_NAMES.values():
        assert name not in page


def test_drill_down_lists_the_cases_behind_a_number_masked_for_the_coordinator(world, people, login):
    page = (
        login(people["coordinator"]).get(reverse("dashboard:dashboard_cases") + "?metric=chargesheet").content.decode()
    )
    assert world["a1"].reference in page and world["b1"].reference in page
    assert world["a2"].reference not in page
    assert world["a1"].survivor.pseudonym in page
    for name in SURVIVOR_NAMES.values():
        assert name not in page


def test_drill_down_never_lists_a_case_the_org_admin_cannot_see(world, people, login):
    page = login(people["admin_a"]).get(reverse("dashboard:dashboard_cases") + "?metric=fir").content.decode()
    assert world["a1"].reference in page and world["a3"].reference in page
    assert world["b1"].reference not in page
    # Her own organisation's cases: she sees the names (admin of the lead organisation).
    assert SURVIVOR_NAMES["a1"] in page
    page = login(people["admin_a"]).get(reverse("dashboard:dashboard_cases") + "?metric=conviction").content.decode()
    assert world["b1"].reference not in page and "0 cases" in page


def test_drill_down_by_stage_reached(world, people, login):
    client = login(people["coordinator"])
    page = client.get(
        reverse("dashboard:dashboard_cases") + "?metric=reached&stage=investigation:chargesheet_filed"
    ).content.decode()
    assert world["a1"].reference in page and world["b1"].reference in page and world["a2"].reference not in page


def test_drill_down_by_stage_now(world, people, login):
    response = login(people["coordinator"]).get(
        reverse("dashboard:dashboard_cases") + "?metric=now&stage=court:nonsense"
    )
    assert response.status_code == 200 and "Unknown stage" in response.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("date_from=2026-05-01&date_to=2026-01-01", "ends before it starts"),
        ("state=ZZ", "Select a valid choice"),
        ("stalled_days=-4", "greater than or equal to 7"),
        ("date_from=not-a-date", "Enter a valid date"),
        ("age_group=elderly", "Select a valid choice"),
        ("district=999999999999999999999", "Select a valid choice"),
    ],
)
def test_bad_filters_give_a_clear_message(world, people, login, query, message):
    response = login(people["coordinator"]).get(reverse("dashboard:dashboard") + "?" + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "These filters cannot be used" in page and message in page
    assert "chart-funnel" not in page


def test_district_outside_the_state_is_refused(world, people, login):
    from consortium.models import District

    district = District.objects.filter(state__code="MH").first()
    response = login(people["coordinator"]).get(reverse("dashboard:dashboard") + f"?state=WB&district={district.pk}")
    assert "is not in West Bengal" in response.content.decode()


def test_unknown_drill_metric_is_a_message(world, people, login):
    response = login(people["coordinator"]).get(reverse("dashboard:dashboard_cases") + "?metric=__class__&court=abc")
    assert response.status_code == 200 and "Unknown figure" in response.content.decode()


KEYS = st.sampled_from(
    [
        "date_from",
        "date_to",
        "state",
        "district",
        "organisation",
        "exploitation_form",
        "age_group",
        "stalled_days",
        "metric",
        "court",
        "station",
        "page",
        "stage",
        "workflow",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.dictionaries(KEYS, st.text(max_size=30), max_size=5))
def test_any_query_string_answers_without_error(world, people, client, query):
    client.force_login(people["coordinator"].user)
    for name in ("dashboard", "dashboard_cases"):
        assert client.get(reverse(qualified(name)), query).status_code == 200


def test_table_export_is_logged_and_suppresses_small_cells(world, people, login):
    client = login(people["coordinator"])
    response = client.get(reverse("dashboard:dashboard_export_table", args=["funnel", "csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Rescued,5," in text and "Conviction,<5" in text
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.EXPORT)
    assert entry.user == people["coordinator"].user and "funnel" in entry.target
    xlsx = client.get(reverse("dashboard:dashboard_export_table", args=["districts", "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("dashboard:dashboard_export_table", args=["nope", "csv"])).status_code == 404
    assert client.get(reverse("dashboard:dashboard_export_table", args=["funnel", "pdf"])).status_code == 404


def test_dashboard_page_queries_do_not_grow(world, people, login, django_assert_max_num_queries):
    client = login(people["coordinator"])
    with django_assert_max_num_queries(40):
        client.get(reverse("dashboard:dashboard"))


def test_page_queries_stay_constant_as_cases_grow(world, people, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.factories import open_case

    client = login(people["coordinator"])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("dashboard:dashboard")).status_code == 200
        return len(captured.captured_queries)

    count()  # warm-up: the navigation's counts are kept in the session (core/navigation.py)
    before = count()
    for _ in range(4):
        open_case(people["lead_b"], source="OD", destination="KA")
    assert count() == before


def test_dashboard_link_in_the_menu_only_for_coordinators_and_org_admins(world, people, login):
    link = f'href="{reverse("dashboard:dashboard")}"'
    assert link in login(people["coordinator"]).get(reverse("home")).content.decode()
    assert link in login(people["admin_a"]).get(reverse("home")).content.decode()
    assert link not in login(people["lead_a"]).get(reverse("home")).content.decode()
    assert link not in login(people["lawyer_a"]).get(reverse("home")).content.decode()


def test_org_admin_cannot_widen_her_scope_with_the_organisation_filter(world, people, login, org_b):
    client = login(people["admin_a"])
    response = client.get(reverse("dashboard:dashboard"), {"organisation": org_b.pk})
    assert response.context["metrics"].counts["cases"] == 4
    page = client.get(
        reverse("dashboard:dashboard_cases"), {"organisation": org_b.pk, "metric": "cases"}
    ).content.decode()
    assert world["b1"].reference not in page and world["a1"].reference in page


def test_age_group_unknown_and_organisation_filters(world, people, login, org_b):
    client = login(people["coordinator"])
    assert client.get(reverse("dashboard:dashboard"), {"age_group": "unknown"}).context["metrics"].counts["cases"] == 0
    assert (
        client.get(reverse("dashboard:dashboard"), {"organisation": org_b.pk}).context["metrics"].counts["cases"] == 1
    )


def test_district_table_by_destination(world, people, login):
    client = login(people["coordinator"])
    response = client.get(reverse("dashboard:dashboard"), {"by": "destination"})
    table = response.context["tables"]["districts"]
    assert table.caption.startswith("Cases by destination district")
    states = {row[1].value for row in table.rows}
    assert states == {"Maharashtra"}  # every test case was exploited in Maharashtra
    link = table.rows[0][2].href
    assert "destination_district=" in link and "by=destination" in link
    assert world["b1"].reference in client.get(link).content.decode()
    assert client.get(reverse("dashboard:dashboard"), {"by": "sideways"}).context.get("metrics") is None
