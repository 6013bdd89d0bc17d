"""'Who accessed this survivor's data in a period': the lead organisation's admin and a superuser
see it and export it (and that is logged); anyone else gets the same 404 as for no case."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from cases.models import AccessLogEntry
from consortium.factories import UserFactory
from consortium.models import Role
from tests.cases.helpers import FULL_NAME, normalise_page, open_survivor_case


@pytest.fixture
def people(make_member, org_wb, org_mh, secretariat):
    return {
        "lead": make_member(Role.CASEWORKER, org_wb, username="lead_cw"),
        "admin": make_member(Role.ORG_ADMIN, org_wb, username="lead_admin"),
        "other_admin": make_member(Role.ORG_ADMIN, org_mh, username="other_admin"),
        "coordinator": make_member(Role.COORDINATOR, secretariat, username="coord"),
        "superuser": UserFactory(username="root_user", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def case(people):
    return open_survivor_case(people["lead"])


def _url(case, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/privacy/cases/{case.pk}/access-report/" + (f"?{query}" if query else "")


def _today():
    return timezone.localdate()


@pytest.mark.django_db
def test_the_lead_admin_sees_who_opened_her_case_in_the_period_and_exports_it(client, people, case):
    lead = people["lead"].user
    client.force_login(lead)
    client.get(f"/cases/{case.pk}/survivor/")  # the lead caseworker reads her identity
    # Written with its past date: on PostgreSQL the database refuses to change an access-log row.
    AccessLogEntry.objects.create(
        case=case, user=lead, action="view_case", target="overview", at=timezone.now() - datetime.timedelta(days=90)
    )

    client.force_login(people["admin"].user)
    start, end = _today() - datetime.timedelta(days=7), _today()
    page = client.get(_url(case, date_from=start, date_to=end))
    assert page.status_code == 200
    body = page.content.decode()
    assert "lead_cw" in body and "Viewed survivor identity" in body
    assert "1 entry" in body or "entries" in body
    assert FULL_NAME not in body
    # Opening the report is itself in the log.
    assert AccessLogEntry.objects.filter(
        user=people["admin"].user, case=case, target__contains="access report"
    ).exists()

    export = client.get(_url(case, date_from=start, date_to=end, format="csv"))
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    assert export["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:4] == ["when", "who", "username", "action"]
    usernames = [r[2] for r in rows[1:]]
    assert "lead_cw" in usernames
    assert len([r for r in rows[1:] if r[5] == "overview" and r[2] == "lead_cw"]) == 0  # 90 days ago: outside
    assert AccessLogEntry.objects.filter(user=people["admin"].user, action="export", case=case).count() == 1


@pytest.mark.django_db
def test_a_superuser_may_read_it_for_any_case(client, people, case):
    client.force_login(people["superuser"])
    page = client.get(_url(case))
    assert page.status_code == 200
    assert case.reference in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["lead", "other_admin", "coordinator"])
def test_anyone_else_gets_the_404_of_a_case_that_does_not_exist_and_it_is_logged(client, people, case, who):
    client.force_login(people[who].user)
    denied = client.get(_url(case))
    missing = client.get(f"/privacy/cases/{case.pk + 999}/access-report/")
    assert denied.status_code == 404 and missing.status_code == 404
    assert normalise_page(denied.content, _url(case)) == normalise_page(
        missing.content, f"/privacy/cases/{case.pk + 999}/access-report/"
    )
    assert AccessLogEntry.objects.filter(user=people[who].user, action="denied").count() >= 1
    assert not AccessLogEntry.objects.filter(user=people[who].user, action="export").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-05-10", "date_to": "2026-05-01"}, "is after"),
        ({"date_from": "not-a-date", "date_to": "2026-05-01"}, "Enter a valid date"),
        ({"date_from": "2020-01-01", "date_to": "9999-12-15"}, "at most three years"),
    ],
)
def test_bad_dates_give_a_message_not_a_500(client, people, case, params, message):
    client.force_login(people["admin"].user)
    page = client.get(_url(case, **params))
    assert page.status_code == 200
    assert message in page.content.decode()
    export = client.get(_url(case, **params, format="csv"))
    assert not export["Content-Type"].startswith("text/csv")
