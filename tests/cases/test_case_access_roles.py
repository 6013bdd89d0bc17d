"""Her roles on a case are read with the case itself (cases.selectors.case_get_visible annotates
`my_roles`, issue 17): the same roles as case_access reads on its own, one statement fewer."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Case, CaseRole
from cases.permissions import case_access
from cases.selectors import case_get_visible
from consortium.models import Role


def _both_ways(user, case):
    read_with_case = case_get_visible(user, case.pk)
    plain = Case.objects.get(pk=case.pk)
    return case_access(user, read_with_case).roles, case_access(user, plain).roles


def test_roles_read_with_the_case_are_the_roles_read_alone(case, lead, make_member, org_wb):
    lawyer = make_member(Role.LAWYER, org_wb)
    teammate = make_member(Role.CASEWORKER, org_wb)
    admin = make_member(Role.ORG_ADMIN, org_wb)
    services.team_add(actor=lead.user, case=case, membership=lawyer, role=CaseRole.LAWYER)
    assignment = services.team_add(actor=lead.user, case=case, membership=teammate, role=CaseRole.CASEWORKER)

    assert _both_ways(lead.user, case) == (frozenset({CaseRole.LEAD_CASEWORKER}),) * 2
    assert _both_ways(lawyer.user, case) == (frozenset({CaseRole.LAWYER}),) * 2
    assert _both_ways(teammate.user, case) == (frozenset({CaseRole.CASEWORKER}),) * 2
    # The admin of the lead organisation sees the case and is on no team.
    assert _both_ways(admin.user, case) == (frozenset(),) * 2

    # Removed from the team: no role, and (not an admin) no case either.
    services.team_remove(actor=lead.user, case=case, assignment=assignment)
    assert case_get_visible(teammate.user, case.pk) is None
    assert case_access(teammate.user, Case.objects.get(pk=case.pk)).roles == frozenset()


def test_a_case_page_reads_her_roles_in_the_case_statement(client, case, lead):
    client.force_login(lead.user)
    url = reverse("cases:case_timeline", args=[case.pk])
    client.get(url)  # warm-up: session, the navigation's counts
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200 and case.reference in page.content.decode()
    # Only the case's statement names her assignments (as its visibility test and her roles).
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "cases_caseassignment"' in q["sql"]]
    assert len(reads) == 1 and reads[0].lstrip().startswith('SELECT "cases_case"."id"')
