"""Crafted query strings and posts get a clear message (or an empty valid fragment), never a 500.

Issue 16 review: `/court/calendar/?on=9999-12-15`, `/places/districts/?state=<huge>` and the
failure-point toggle posted with a non-number answered 500.
"""

import html

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.factories import state
from consortium.models import District, Role
from legal.models import FailurePoint

DATE_RANGE_MESSAGE = "Enter a date between 1 January 1950 and 31 December 2100."
HUGE = "9" * 40

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# Text that tends to break parsers: out-of-range dates, huge and non-ASCII digits, NULs, junk.
crafted = st.one_of(
    st.sampled_from(
        [
            "9999-12-15",
            "9999-12-31",
            "0001-01-01",
            "0001-01-03",
            "2026-02-30",
            "10000-01-01",
            "-1",
            "0",
            HUGE,
            "-" + HUGE,
            "²",
            "١٢٣",
            "1e309",
            "nan",
            "",
            " ",
            "\x00",
            "2026-13-01",
            "week",
            "month",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30),
)


@pytest.fixture
def caseworker_client(client, make_member, org_wb):
    client.force_login(make_member(Role.CASEWORKER, org_wb).user)
    # A crash is a 500 response here, as the user would get it: hypothesis treats some exceptions
    # escaping the test (OverflowError) as invalid examples instead of failures.
    client.raise_request_exception = False
    return client


@pytest.fixture
def coordinator_client(client, make_member, secretariat):
    client.force_login(make_member(Role.COORDINATOR, secretariat).user)
    client.raise_request_exception = False
    return client


def _page(response) -> str:
    return html.unescape(response.content.decode())


# --- the court calendar -----------------------------------------------------------------------


@pytest.mark.parametrize("on", ["9999-12-15", "9999-12-31", "0001-01-01", "1949-12-31", "2101-01-01"])
@pytest.mark.parametrize("view", ["week", "month"])
def test_calendar_date_out_of_range_is_a_message(caseworker_client, on, view):
    response = caseworker_client.get(reverse("legal:hearing_calendar"), {"on": on, "view": view})
    assert response.status_code == 200
    assert DATE_RANGE_MESSAGE in _page(response)


def test_calendar_date_in_range_is_shown(caseworker_client):
    response = caseworker_client.get(reverse("legal:hearing_calendar"), {"on": "2100-12-31", "view": "month"})
    assert response.status_code == 200
    assert DATE_RANGE_MESSAGE not in _page(response)
    assert "December 2100" in _page(response)


@FUZZ
@given(
    on=st.one_of(
        st.sampled_from(["9999-12-15", "9999-12-31", "9999-12-27", "0001-01-01", "0001-01-02", "1949-12-31"]),
        st.dates().map(lambda d: d.isoformat()),
        crafted,
    ),
    view=st.one_of(st.sampled_from(["", "week", "month"]), crafted),
    scope=st.one_of(st.sampled_from(["", "mine", "organisation", "all"]), crafted),
    must_attend=st.one_of(st.sampled_from(["", "on"]), crafted),
)
def test_calendar_never_fails_on_any_query_string(caseworker_client, on, view, scope, must_attend):
    query = {"on": on, "view": view, "scope": scope, "must_attend": must_attend}
    response = caseworker_client.get(
        reverse("legal:hearing_calendar"), {k: v.replace("\x00", "") for k, v in query.items()}
    )
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


# --- the district options fragment -----------------------------------------------------------


def _options(response) -> list[str]:
    body = response.content.decode()
    return [line for line in body.split("<option") if line.strip()]


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "²", "١٢٣", "0", "abc", "", "1e309", "9223372036854775808"])
@pytest.mark.parametrize("key", ["state", "source_state", "destination_state"])
def test_district_options_with_crafted_state_is_an_empty_list(caseworker_client, key, value):
    response = caseworker_client.get(reverse("consortium:district_options"), {key: value})
    assert response.status_code == 200
    assert _options(response) == [' value="">—</option>\n']


def test_district_options_for_a_real_state(caseworker_client):
    wb = state("WB")
    response = caseworker_client.get(reverse("consortium:district_options"), {"source_state": str(wb.pk)})
    assert response.status_code == 200
    assert len(_options(response)) == 1 + District.objects.filter(state=wb).count()


@FUZZ
@given(key=st.sampled_from(["state", "source_state", "x_state", "statex"]), value=crafted)
def test_district_options_never_fail_on_any_query_string(caseworker_client, key, value):
    response = caseworker_client.get(reverse("consortium:district_options"), {key: value.replace("\x00", "")})
    assert response.status_code == 200
    assert response.content.decode().startswith('<option value="">')


# --- the failure-point toggle ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", HUGE, "-1", "1.5", "²", "999999"])
def test_failure_point_toggle_with_a_bad_value_is_a_message(coordinator_client, value):
    before = list(FailurePoint.objects.order_by("pk").values_list("pk", "is_active"))
    response = coordinator_client.post(reverse("legal:failure_points"), {"toggle": value}, follow=True)
    assert response.status_code == 200
    assert "Choose a failure point from the list." in _page(response)
    assert "Failure point updated." not in _page(response)
    assert list(FailurePoint.objects.order_by("pk").values_list("pk", "is_active")) == before


def test_failure_point_toggle_still_works(coordinator_client):
    point = FailurePoint.objects.filter(is_active=True).first()
    response = coordinator_client.post(reverse("legal:failure_points"), {"toggle": str(point.pk)}, follow=True)
    assert "Failure point updated." in _page(response)
    point.refresh_from_db()
    assert point.is_active is False


# --- marking notifications read -----------------------------------------------------------------


@pytest.mark.parametrize("values", [["²"], [HUGE], ["-1", "abc"], ["١٢٣"]])
def test_marking_crafted_notification_ids_read_is_a_message_and_marks_nothing(client, make_member, org_wb, values):
    from cases import services as case_services
    from cases.models import CaseRole, Notification
    from tests.cases.helpers import open_survivor_case

    lead = make_member(Role.CASEWORKER, org_wb)
    colleague = make_member(Role.CASEWORKER, org_wb)
    case = open_survivor_case(lead)
    case_services.team_add(actor=lead.user, case=case, membership=colleague, role=CaseRole.CASEWORKER)
    case_services.task_add(actor=lead.user, case=case, title="Visit", assignee=colleague.user)
    assert Notification.objects.filter(user=colleague.user, read_at__isnull=True).count() == 1
    client.force_login(colleague.user)
    client.raise_request_exception = False
    response = client.post(reverse("work:notifications_read"), {"notification": values}, follow=True)
    assert response.status_code == 200
    assert "Choose notifications from the list." in _page(response)
    assert Notification.objects.filter(user=colleague.user, read_at__isnull=True).count() == 1
