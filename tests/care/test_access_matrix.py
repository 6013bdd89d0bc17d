"""Who may open which care page.

The case, its cast of people and the 404 rules are those of tests/cases/test_access_matrix.py
(the same `world`), with a care record of every kind added. Someone outside the case gets a
404 indistinguishable from the 404 of a case that does not exist. The receiving
organisation's inbox and the shelter list are pages of a role: another role gets 403, a
request addressed to another organisation 404.
"""

import pytest
from django.urls import reverse

from care import services
from care.models import (
    CustodyOrder,
    GoalStatus,
    RehabilitationGoal,
    Repatriation,
    ShelterHome,
    ShelterStay,
)
from care.urls import case_urlpatterns
from cases.factories import give_consent
from consortium.factories import OrganisationFactory, state
from consortium.models import Role
from survivors.models import ConsentPurpose
from tests.access_matrix import MISSING_CASE, F, G, L, N, R, call, login_as, persona_problems
from tests.cases.helpers import FULL_NAME
from tests.cases.test_access_matrix import PERSONAS, world  # noqa: F401  (fixture)
from tests.url_names import qualified

from .conftest import day, record_order, record_rescue

EDITORS = [G, G, N, G, N, N, N, N, N, L]
EDITORS_POST = [R, R, N, R, N, N, N, N, N, L]

# url name -> (method, expected answer per persona, in PERSONAS order)
#                     lead  team  coll  admin mhcw  mhadm coord  sl0   slT   anon
MATRIX = {
    "case_care": ("get", [G, G, N, G, N, N, G, N, G, L]),
    "care_rescue": ("get", EDITORS),
    "care_order_new": ("get", EDITORS),
    "care_order_edit": ("get", EDITORS),
    "care_tracing_new": ("get", EDITORS),
    "care_stay_new": ("get", EDITORS),
    "care_stay_end": ("post", EDITORS_POST),
    "care_repatriation_new": ("get", EDITORS),
    "care_repatriation_move": ("get", EDITORS),
    "care_priorities": ("get", EDITORS),
    "care_goal_new": ("get", EDITORS),
    "care_goal_edit": ("get", EDITORS),
    "care_service_new": ("get", EDITORS),
    "care_support_new": ("get", [N, N, N, N, N, N, N, N, G, L]),
}
# Form pages: a POST by someone who may not open the page is refused the same way, and saves nothing.
FORM_PAGES = [name for name, (method, _) in MATRIX.items() if method == "get" and name != "case_care"]


@pytest.fixture
def care_world(world, shelter):  # noqa: F811  (the imported fixture)
    case = world.case
    lead = world.people["lead"]
    record_rescue(case, lead, days_ago=30)
    order = record_order(case, lead, CustodyOrder.Kind.MAGISTRATE_CUSTODY, days_ago=29)
    stay = services.shelter_stay_record(actor=lead.user, case=case, shelter=shelter, admitted_on=day(29))
    receiver = OrganisationFactory(name="Test Receiving NGO", short_name="TRN", home_state=state("JH"))
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=receiver)
    repatriation = services.repatriation_request(
        actor=lead.user, case=case, receiving_organisation=receiver, from_state=state("MH"), to_state=state("JH")
    )
    goal = services.goal_save(
        actor=lead.user,
        case=case,
        goal=RehabilitationGoal(
            area="education", description="Class 10", status=GoalStatus.PLANNED, responsible_organisation=receiver
        ),
    )
    world.kwargs.update(
        {
            "care_order_edit": {"order_id": order.pk},
            "care_stay_end": {"stay_id": stay.pk},
            "care_repatriation_move": {"repatriation_id": repatriation.pk, "transition": "cancel"},
            "care_goal_edit": {"goal_id": goal.pk},
        }
    )
    world.receiver = receiver
    world.repatriation = repatriation
    return world


def url_for(cw, name, case_id=None):
    return reverse(qualified(name), kwargs={"case_id": case_id or cw.case.pk, **cw.kwargs.get(name, {})})


def test_matrix_covers_every_care_url_of_a_case():
    assert {p.name for p in case_urlpatterns} == set(MATRIX), "a care URL was added or removed: update MATRIX"
    assert all(len(expected) == len(PERSONAS) for _, expected in MATRIX.values())


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_care_url_answers_each_persona(client, care_world, name):
    method, expected = MATRIX[name]
    problems = persona_problems(
        client,
        care_world.people,
        PERSONAS,
        expected,
        method,
        url_for(care_world, name),
        missing_url=url_for(care_world, name, case_id=MISSING_CASE),
        secrets=(care_world.case.reference, care_world.case.survivor.pseudonym, FULL_NAME),
        data={"left_on": day(1).isoformat(), "version": 1},
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", FORM_PAGES)
def test_denied_posts_are_404_and_save_nothing(client, care_world, name):
    _, expected = MATRIX[name]
    counts = _counts()
    for persona, want in zip(PERSONAS, expected, strict=True):
        if want != N:
            continue
        login_as(client, care_world.people[persona])
        response = client.post(url_for(care_world, name), {"kind": "home_visit", "happened_on": day(0)})
        assert response.status_code == 404, persona
    assert _counts() == counts


def _counts():
    from care.models import FamilyTracing, Rescue, ServiceReceived, SupportContact

    models = (Rescue, CustodyOrder, ShelterStay, Repatriation, RehabilitationGoal, ServiceReceived, SupportContact)
    return [m.objects.count() for m in (*models, FamilyTracing)]


def test_a_sub_object_of_another_case_is_404(client, care_world):
    from tests.cases.helpers import open_survivor_case

    lead = care_world.people["lead"]
    other = open_survivor_case(lead)
    login_as(client, lead)
    for name, kwargs in care_world.kwargs.items():
        if name not in MATRIX:
            continue
        method = MATRIX[name][0]
        response = call(client, method, reverse(qualified(name), kwargs={"case_id": other.pk, **kwargs}))
        assert response.status_code == 404, name


def test_unknown_repatriation_step_is_404(client, care_world):
    login_as(client, care_world.people["lead"])
    kwargs = {"case_id": care_world.case.pk, "repatriation_id": care_world.repatriation.pk}
    for transition in ("accept", "acknowledge_arrival", "stage", "delete"):
        url = reverse("care:care_repatriation_move", kwargs={**kwargs, "transition": transition})
        assert client.get(url).status_code == 404, transition


# --- pages of a role: the inbox and the shelter list -----------------------------------------


@pytest.fixture
def role_world(care_world, make_member):
    receiver = care_world.receiver
    people = dict(care_world.people)
    people["receiver_caseworker"] = make_member(Role.CASEWORKER, receiver, first_name="Rani", last_name="Receiver")
    people["receiver_admin"] = make_member(Role.ORG_ADMIN, receiver, first_name="Asha", last_name="Admin")
    care_world.people = people
    return care_world


ROLE_PERSONAS = [
    "receiver_caseworker",
    "receiver_admin",
    "lead",
    "org_admin",
    "other_org_caseworker",
    "coordinator",
    "leader_on_team",
    "anonymous",
]
#                              rcw   radm  lead  admin mhcw  coord  slT   anon
ROLE_MATRIX = {
    "care_inbox": ([], [G, G, G, G, G, F, F, L]),
    "care_incoming_move": (["accept"], [G, G, N, N, N, F, F, L]),
    "shelter_list": ([], [F, G, F, G, F, G, F, L]),
    "shelter_new": ([], [F, G, F, G, F, G, F, L]),
    "shelter_edit": (["shelter"], [F, G, F, G, F, G, F, L]),
}


def role_url(cw, name):
    extra, _ = ROLE_MATRIX[name]
    kwargs = {}
    if "accept" in extra:
        kwargs = {"repatriation_id": cw.repatriation.pk, "transition": "accept"}
    if "shelter" in extra:
        kwargs = {"shelter_id": ShelterHome.objects.first().pk}
    return reverse(qualified(name), kwargs=kwargs)


def test_role_matrix_covers_every_care_url_outside_a_case():
    from care.urls import urlpatterns

    names = {p.name for p in urlpatterns} - set(MATRIX)
    assert names == set(ROLE_MATRIX)


@pytest.mark.parametrize("name", sorted(ROLE_MATRIX))
def test_role_page_answers_each_persona(client, role_world, name):
    _, expected = ROLE_MATRIX[name]
    problems = persona_problems(client, role_world.people, ROLE_PERSONAS, expected, "get", role_url(role_world, name))
    assert not problems, "\n".join(problems)


def test_inbox_shows_the_request_only_to_the_receiving_organisation_and_never_her_identity(client, role_world):
    case = role_world.case
    login_as(client, role_world.people["receiver_caseworker"])
    body = client.get(reverse("care:care_inbox")).content.decode()
    assert case.reference in body and case.survivor.pseudonym in body
    for secret in (FULL_NAME, "Kamathipura", "Lane XQ7"):
        assert secret not in body
    action = client.get(role_url(role_world, "care_incoming_move")).content.decode()
    assert case.reference in action and FULL_NAME not in action
    for persona in ("lead", "org_admin", "other_org_caseworker"):
        login_as(client, role_world.people[persona])
        assert case.reference not in client.get(reverse("care:care_inbox")).content.decode(), persona


def test_receiver_sees_the_case_only_after_accepting(client, role_world):
    receiver = role_world.people["receiver_caseworker"]
    case = role_world.case
    login_as(client, receiver)
    assert client.get(reverse("care:case_care", args=[case.pk])).status_code == 404
    response = client.post(role_url(role_world, "care_incoming_move"), {"version": role_world.repatriation.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("care:case_care", args=[case.pk])
    page = client.get(reverse("care:case_care", args=[case.pk]))
    assert page.status_code == 200
    assert FULL_NAME in client.get(reverse("cases:survivor_detail", args=[case.pk])).content.decode()
    # Her colleague did not accept: she still sees only the inbox.
    login_as(client, role_world.people["receiver_admin"])
    assert client.get(reverse("care:case_care", args=[case.pk])).status_code == 404


def test_nav_badge_counts_requests_waiting_for_the_current_organisation(client, role_world):
    login_as(client, role_world.people["receiver_caseworker"])
    home = client.get(reverse("home")).content.decode()
    assert "Incoming handovers" in home and 'class="count-badge">1<' in home
    login_as(client, role_world.people["lead"])
    assert "Incoming handovers" not in client.get(reverse("home")).content.decode()


def test_opening_an_incoming_request_is_in_the_cases_access_log(client, role_world):
    from cases.models import AccessLogEntry

    receiver = role_world.people["receiver_caseworker"]
    login_as(client, receiver)
    client.get(role_url(role_world, "care_incoming_move"))
    entry = AccessLogEntry.objects.filter(case=role_world.case, user=receiver.user).get()
    assert entry.target == f"incoming handover {role_world.repatriation.pk}"
