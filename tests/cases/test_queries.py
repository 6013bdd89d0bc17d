"""The case list costs the same number of queries for 1 case as for 50 (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.factories import open_case
from cases.models import CaseRole
from consortium.models import Role

from .helpers import result_count


def _reads_the_cases(sql: str) -> bool:
    """Not the session's own write (a search keeps its token in her session, consortium/sessions.py
    writes only what changed) nor the transaction statements around it."""
    statement = sql.strip().upper()
    return '"DJANGO_SESSION"' not in statement and statement.split(" ")[0] not in {
        "BEGIN",
        "COMMIT",
        "SAVEPOINT",
        "RELEASE",
    }


def list_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        # A search is posted (never in the address); filters alone are a GET.
        send = client.post if "q" in params else client.get
        response = send(reverse("cases:case_list"), params)
    assert response.status_code == 200
    return sum(_reads_the_cases(q["sql"]) for q in context.captured_queries), result_count(response)


def open_more(lead, n):
    for i in range(n):
        forms = ("sexual_exploitation", "forced_labour") if i % 2 else ("domestic_servitude",)
        open_case(lead, forms=forms, survivor={"estimated_age": 15 + i % 10})


@pytest.fixture
def people(make_member, org_wb, coordinator, lead):
    admin = make_member(Role.ORG_ADMIN, org_wb)
    return {"lead": lead, "org_admin": admin, "coordinator": coordinator}


def test_case_list_queries_do_not_grow_with_rows(client, people, lead, make_member, org_wb):
    teammate = make_member(Role.CASEWORKER, org_wb)
    first = open_case(lead)
    services.team_add(actor=lead.user, case=first, membership=teammate, role=CaseRole.CASEWORKER)
    one = {}
    for name, member in people.items():
        client.force_login(member.user)
        list_queries(client)  # warm-up: session and content types
        one[name] = list_queries(client)
        assert one[name][1] == 1, name
    open_more(lead, 49)
    for name, member in people.items():
        client.force_login(member.user)
        list_queries(client)
        queries, shown = list_queries(client)
        assert shown == 50, name
        assert queries == one[name][0], f"{name}: {one[name][0]} queries for 1 case, {queries} for 50"
    # Filtering costs no more; a search one more, whatever the rows: the survivors whose name or
    # phone token matches are read first, so the case query can use the indexes (cases.selectors.case_search).
    client.force_login(people["coordinator"].user)
    queries, _ = list_queries(client, status="open", minor="yes", sort="reference")
    assert queries == one["coordinator"][0]
    queries, _ = list_queries(client, q="WB-", status="open", minor="yes", sort="reference")
    assert queries == one["coordinator"][0] + 1
