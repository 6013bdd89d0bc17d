"""Her memberships are read once per request and answer every access question in it
(consortium/standing.py, issue 17); outside a request, and after a change, they are read afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.selectors import case_list_visible_to
from consortium.models import Role
from consortium.standing import forget, remember_for_request, standing_of


def membership_reads(queries) -> int:
    return sum('FROM "consortium_membership"' in q["sql"] for q in queries)


def test_a_case_page_and_the_list_read_her_memberships_once(client, case, lead):
    client.force_login(lead.user)
    for url in (reverse("cases:case_detail", args=[case.pk]), reverse("cases:case_list"), reverse("home")):
        client.get(url)  # warm-up: session, content types
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert membership_reads(captured.captured_queries) == 1, url
    # ...and the page's visibility test carries her organisation as a value, not a subquery.
    visible_sql = str(case_list_visible_to(lead.user).query)
    assert "consortium_membership" not in visible_sql
    assert f"IN ({lead.organisation_id})" in visible_sql


def test_outside_a_request_each_call_reads_afresh(case, lead):
    assert case_list_visible_to(lead.user).filter(pk=case.pk).exists()
    lead.is_active = False
    lead.save()
    assert standing_of(lead.user).memberships == frozenset()
    assert not case_list_visible_to(lead.user).filter(pk=case.pk).exists()


def test_a_change_during_the_request_drops_what_it_knew(case, lead, make_member, org_wb):
    token = remember_for_request(lead.user, [lead])
    try:
        assert standing_of(lead.user).organisation_ids == [org_wb.pk]
        admin = make_member(Role.ORG_ADMIN, org_wb, username="second_role_person")
        lead.is_active = False
        lead.save()  # her membership ends while the request runs
        assert standing_of(lead.user).memberships == frozenset()
        assert not case_list_visible_to(lead.user).filter(pk=case.pk).exists()
        assert standing_of(admin.user).is_admin_of(org_wb.pk)
    finally:
        forget(token)


def test_what_a_request_knew_is_about_its_own_person_only(case, lead, coordinator):
    token = remember_for_request(coordinator.user, [coordinator])
    try:
        assert standing_of(coordinator.user).is_coordinator
        assert not standing_of(lead.user).is_coordinator
        assert case_list_visible_to(lead.user).filter(pk=case.pk, identity_visible=True).exists()
        masked = case_list_visible_to(coordinator.user).get(pk=case.pk)
        assert (masked.on_team, masked.identity_visible) == (False, False)
    finally:
        forget(token)


def test_a_service_visibility_check_reads_her_memberships_once(case, lead, coordinator, make_member, org_mh):
    """Outside a request (tasks, commands, the API's services) the check every service starts with
    reads her standing once for its four questions, and still answers each person for herself."""
    from django.http import Http404

    from cases.permissions import visible_access

    outsider = make_member(Role.CASEWORKER, org_mh)
    with CaptureQueriesContext(connection) as captured:
        access = visible_access(lead.user, case)
    assert membership_reads(captured.captured_queries) == 1
    assert access.roles == {"lead_caseworker"} and access.can_edit and access.identity_visible
    with CaptureQueriesContext(connection) as captured:
        masked = visible_access(coordinator.user, case)
    assert membership_reads(captured.captured_queries) == 1
    assert masked.is_coordinator and not masked.identity_visible
    with CaptureQueriesContext(connection) as captured, pytest.raises(Http404):
        visible_access(outsider.user, case)
    assert membership_reads(captured.captured_queries) == 1
    # ...and nothing is kept after it: her membership ending counts at the next check.
    lead.is_active = False
    lead.save()
    with pytest.raises(Http404):
        visible_access(lead.user, case)
