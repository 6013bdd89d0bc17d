"""The shared harness of the access-matrix tests (tests/*/test_*access_matrix.py).

Each matrix file puts one synthetic case in the middle of the same cast of people
(`cast_around`), adds the records its own pages need, and checks every URL with
`persona_problems`: each persona gets the answer the matrix expects, and a 404 for a case
she may not see is identical to the 404 for a case that does not exist, rendered with
errors/404.html, naming none of the case's secrets.
"""

from django.urls import reverse

from cases import services as case_services
from cases.factories import give_consent
from cases.models import CaseRole
from consortium.factories import OrganisationFactory, state
from consortium.models import Organisation, Role
from survivors.models import ConsentPurpose
from tests.cases.helpers import normalise_page, template_names
from tests.sweep.harness import missing_pages

# The answers a matrix expects: page shown, not found, redirect after a POST, sent to log in, forbidden.
G, N, R, L, F = 200, 404, 302, "login", 403
MISSING_CASE = 999999


def login_as(client, membership) -> None:
    client.logout()
    if membership is not None:
        client.force_login(membership.user)


def call(client, method: str, url: str, data=None):
    return client.post(url, data or {}) if method == "post" else client.get(url)


def cast_around(case, lead, make_member, *, org_wb, org_mh, secretariat, collective, lawyers_network=None) -> dict:
    """Everyone around the case, by persona; team members are on its team with the consent they need.

    lead (fixture) leads the case; teammate is on the team; colleague is in the lead organisation
    but not on the team; org_admin administers it; other_org_* belong to another organisation;
    coordinator sits in the secretariat; leader_on_team is a survivor leader of the collective the
    survivor consented to, leader_without_consent one of another collective; with a lawyers'
    network, lawyer is on the team (legal-representation consent) and outside_lawyer is not.
    """
    other_collective = OrganisationFactory(
        name="Test Other Collective",
        short_name="TOC",
        kind=Organisation.Kind.SURVIVOR_COLLECTIVE,
        home_state=state("MH"),
    )
    teammate = make_member(Role.CASEWORKER, org_wb, first_name="Tara", last_name="Teammate")
    case_services.team_add(actor=lead.user, case=case, membership=teammate, role=CaseRole.CASEWORKER)
    leader_on_team = make_member(Role.SURVIVOR_LEADER, collective, first_name="Sona", last_name="Leader")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    case_services.team_add(actor=lead.user, case=case, membership=leader_on_team, role=CaseRole.SURVIVOR_LEADER)
    people = {
        "lead": lead,
        "teammate": teammate,
        "colleague": make_member(Role.CASEWORKER, org_wb, first_name="Kavya", last_name="Colleague"),
        "org_admin": make_member(Role.ORG_ADMIN, org_wb, first_name="Anima", last_name="Admin"),
        "other_org_caseworker": make_member(Role.CASEWORKER, org_mh, first_name="Mona", last_name="Mumbai"),
        "other_org_admin": make_member(Role.ORG_ADMIN, org_mh, first_name="Nisha", last_name="Nagpur"),
        "coordinator": make_member(Role.COORDINATOR, secretariat, first_name="Chitra", last_name="Coord"),
        "leader_without_consent": make_member(
            Role.SURVIVOR_LEADER, other_collective, first_name="Rina", last_name="Nocon"
        ),
        "leader_on_team": leader_on_team,
        "anonymous": None,
    }
    if lawyers_network is not None:
        lawyer = make_member(Role.LAWYER, lawyers_network, first_name="Lata", last_name="Lawyer")
        give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=lawyers_network)
        case_services.team_add(actor=lead.user, case=case, membership=lawyer, role=CaseRole.LAWYER)
        people["lawyer"] = lawyer
        people["outside_lawyer"] = make_member(Role.LAWYER, lawyers_network, first_name="Olga", last_name="Outside")
    return people


def persona_problems(
    client, people: dict, personas, expected, method: str, url: str, *, missing_url=None, secrets=(), data=None
) -> list[str]:
    """What each persona got from `url` that the matrix did not expect (an empty list: all as expected).

    With `missing_url` (the same URL for a case that does not exist), every 404 must be
    indistinguishable from the 404 of the missing case and name none of `secrets`.
    """
    problems = []
    for persona, want in zip(personas, expected, strict=True):
        login_as(client, people[persona])
        response = call(client, method, url, data)
        if want == L:
            if response.status_code != 302 or not response["Location"].startswith(reverse("login")):
                problems.append(f"{persona}: expected redirect to login, got {response.status_code}")
            continue
        if response.status_code != want:
            problems.append(f"{persona}: expected {want}, got {response.status_code}")
            continue
        if want == N and missing_url:
            page = normalise_page(response.content, url)
            if not missing_pages.seen(client, method, page):  # tests/sweep/harness.py MissingPages
                missing = call(client, method, missing_url, data)
                assert missing.status_code == 404
                if page != normalise_page(missing.content, missing_url):
                    problems.append(f"{persona}: 404 differs from the 404 for a missing case")
                else:
                    missing_pages.keep(client, method, page)
            if template_names(response)[:1] != ["errors/404.html"]:
                problems.append(f"{persona}: 404 not rendered with errors/404.html: {template_names(response)}")
            body = response.content.decode()
            for secret in secrets:
                if secret and secret in body:
                    problems.append(f"{persona}: 404 page contains {secret!r}")
    return problems
