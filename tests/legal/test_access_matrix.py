"""Who may open which investigation page.

The same cast as tests/cases/test_access_matrix.py (plus a lawyer on the team) around one
case with a FIR, a charge, a failure tag, an accused, a statement, a medical examination,
a request, an advocacy action and a chain. Someone outside the case gets a 404 identical
to the 404 for a case that does not exist.
"""

from types import SimpleNamespace

import pytest
from django.urls import get_resolver, reverse

from consortium.factories import OrganisationFactory, state
from consortium.models import Organisation, Role
from legal.accused import services as accused_services
from legal.investigation import services
from legal.models import AccusedMatchAlert, FailurePoint
from tests.access_matrix import MISSING_CASE, G, L, N, R, call, cast_around, login_as, persona_problems
from tests.cases.helpers import FULL_NAME
from tests.url_names import qualified

from .helpers import ACCUSED_NAME, IO_PHONE, accused_data, add_charge, days, make_fir

PERSONAS = [
    "lead",
    "teammate",
    "colleague",
    "org_admin",
    "other_org_caseworker",
    "other_org_admin",
    "coordinator",
    "leader_without_consent",
    "leader_on_team",
    "lawyer",
    "anonymous",
]

RECORD = [G, G, N, G, N, N, N, N, N, G, L]  # the team's caseworkers, the lead org's admin, the lawyer
RECORD_POST = [R, R, N, R, N, N, N, N, N, R, L]
#                               lead  team  coll  admin mhcw  mhadm coord  sl0   slT  lawyer anon
MATRIX = {
    "investigation": ("get", [G, G, N, G, N, N, G, N, G, G, L]),
    "fir_new": ("get", RECORD),
    "fir_edit": ("get", RECORD),
    "fir_move": ("get", RECORD),
    "fir_charges": ("get", RECORD),
    "fir_charge_drop": ("post", RECORD_POST),
    "fir_ahtu": ("get", RECORD),
    "fir_survivor_informed": ("get", RECORD),
    "fir_chain": ("get", RECORD),
    "fir_chain_unlink": ("post", RECORD_POST),
    "fir_tags": ("get", RECORD),
    "fir_tag_remove": ("post", RECORD_POST),
    "fir_accused_add": ("get", RECORD),
    "fir_accused_edit": ("get", RECORD),
    # What her own page shows of an accused: her lawyer on the team only.
    "fir_accused_share": ("post", [N, N, N, N, N, N, N, N, N, R, L]),
    "statement_new": ("get", RECORD),
    "accused_new": ("get", RECORD),
    "accused_edit": ("get", RECORD),
    "medical_new": ("get", RECORD),
    "medical_report": ("get", RECORD),
    "request_new": ("get", RECORD),
    "request_update": ("get", RECORD),
    "advocacy_new": ("get", RECORD),
    "advocacy_outcome": ("get", RECORD),
}
# Pages not about one case: who may open them (no case to hide, but the same 404 for outsiders).
CROSS_CASE = {
    "chain_list": ("get", [G, G, G, G, G, G, G, G, G, G, L]),
    "match_alerts": ("get", [N, N, N, N, N, N, G, N, N, N, L]),
    "match_alert_review": ("post", [N, N, N, N, N, N, R, N, N, N, L]),
    "failure_points": ("get", [N, N, N, N, N, N, G, N, N, N, L]),
    # The law reference: every member reads it; coordinators alone add and correct sections.
    "law_reference": ("get", [G, G, G, G, G, G, G, G, G, G, L]),
    "law_section_detail": ("get", [G, G, G, G, G, G, G, G, G, G, L]),
    "law_section_new": ("get", [N, N, N, N, N, N, G, N, N, N, L]),
    "law_section_edit": ("get", [N, N, N, N, N, N, G, N, N, N, L]),
}


@pytest.fixture
def world(make_member, org_wb, org_mh, secretariat, lead, case):
    collective = OrganisationFactory(
        name="Test Collective L", short_name="TCL", kind=Organisation.Kind.SURVIVOR_COLLECTIVE, home_state=state("WB")
    )
    network = OrganisationFactory(
        name="Test Lawyers L", short_name="TLL", kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB")
    )
    people = cast_around(
        case,
        lead,
        make_member,
        org_wb=org_wb,
        org_mh=org_mh,
        secretariat=secretariat,
        collective=collective,
        lawyers_network=network,
    )
    del people["outside_lawyer"]

    actor = lead.user
    fir = make_fir(case, actor, stage="fir_registered")
    fir = services.fir_update(actor=actor, fir=fir, expected_version=fir.version, **{"io_phone": IO_PHONE})
    charge = add_charge(fir, actor)
    other_fir = make_fir(case, actor, stage="reported", state_code="WB", chain_role="source")
    services.chain_link(actor=actor, fir=fir, other=other_fir)
    tag = services.failure_tag_add(actor=actor, fir=fir, failure_point=FailurePoint.objects.get(code="wrong_sections"))
    link = accused_services.accused_record(actor=actor, case=case, **accused_data(), role="recruiter")
    fir_link = services.fir_accused_add(actor=actor, fir=fir, accused=link.accused)
    exam = services.medical_exam_record(actor=actor, case=case, **{"examined_on": days(-3)})
    request = services.police_request_create(
        actor=actor,
        case=case,
        **{
            "subject": "age_proof",
            "from_police_station": "Pimpri PS",
            "to_state": state("WB"),
            "to_police_station": "Howrah PS",
            "sent_on": days(-10),
            "due_on": days(5),
        },
    )
    action = services.advocacy_create(
        actor=actor,
        case=case,
        **{"kind": "add_sections", "filed_with": "JMFC Pimpri", "filed_on": days(-5), "outcome": "pending"},
    )
    # A possible match for the coordinators' page (recorded on a case of another organisation).
    other_lead = make_member(Role.CASEWORKER, org_mh, first_name="Meera", last_name="Other")
    from tests.cases.helpers import open_survivor_case

    other_case = open_survivor_case(other_lead, survivor={"full_name": "Other Survivor Qq", "phone_numbers": []})
    accused_services.accused_record(
        actor=other_lead.user, case=other_case, **{"names": ["X"], "phones": ["99000 11122"]}, role="buyer"
    )
    alert = AccusedMatchAlert.objects.get()

    kwargs = {
        "fir_edit": {"fir_id": fir.pk},
        "fir_move": {"fir_id": fir.pk, "transition": "start_investigation"},
        "fir_charges": {"fir_id": fir.pk},
        "fir_charge_drop": {"fir_id": fir.pk, "charge_id": charge.pk},
        "fir_ahtu": {"fir_id": fir.pk},
        "fir_survivor_informed": {"fir_id": fir.pk},
        "fir_chain": {"fir_id": fir.pk},
        "fir_chain_unlink": {"fir_id": other_fir.pk},
        "fir_tags": {"fir_id": fir.pk},
        "fir_tag_remove": {"fir_id": fir.pk, "tag_id": tag.pk},
        "fir_accused_add": {"fir_id": fir.pk},
        "fir_accused_edit": {"fir_id": fir.pk, "link_id": fir_link.pk},
        "fir_accused_share": {"fir_id": fir.pk, "link_id": fir_link.pk},
        "statement_new": {"fir_id": fir.pk},
        "accused_edit": {"accused_id": link.accused_id},
        "medical_report": {"exam_id": exam.pk},
        "request_update": {"request_id": request.pk},
        "advocacy_outcome": {"action_id": action.pk},
        "match_alert_review": {"alert_id": alert.pk},
        "law_section_detail": {"section_id": charge.section_id},
        "law_section_edit": {"section_id": charge.section_id},
    }
    return SimpleNamespace(case=case, fir=fir, people=people, kwargs=kwargs)


def url_for(world, name, case_id=None):
    kwargs = dict(world.kwargs.get(name, {}))
    if name not in CROSS_CASE:
        kwargs["case_id"] = case_id or world.case.pk
    return reverse(qualified(name), kwargs=kwargs)


def test_matrix_covers_every_investigation_url():
    names = {
        p.name
        for module in ("legal.investigation.urls", "legal.accused.urls", "legal.reference.urls")
        for p in get_resolver(module).url_patterns
    }
    assert names == set(MATRIX) | set(CROSS_CASE), "a URL was added or removed: update the matrix"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_case_url_answers_each_persona(client, world, name):
    method, expected = MATRIX[name]
    problems = persona_problems(
        client,
        world.people,
        PERSONAS,
        expected,
        method,
        url_for(world, name),
        missing_url=url_for(world, name, case_id=MISSING_CASE),
        secrets=(world.case.reference, FULL_NAME, ACCUSED_NAME, str(world.fir)),
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(CROSS_CASE))
def test_cross_case_url_answers_each_persona(client, world, name):
    method, expected = CROSS_CASE[name]
    problems = persona_problems(client, world.people, PERSONAS, expected, method, url_for(world, name))
    assert not problems, "\n".join(problems)


def test_foreign_sub_object_ids_are_404(client, world, make_member, org_wb):
    """A FIR (or accused, exam, request...) of another case, through this case's URL: 404."""
    from tests.cases.helpers import open_survivor_case

    other = open_survivor_case(world.people["lead"], survivor={"full_name": "Second Survivor Zz"})
    login_as(client, world.people["lead"])
    for name, kwargs in world.kwargs.items():
        if name in CROSS_CASE:
            continue
        response = call(client, MATRIX[name][0], reverse(qualified(name), kwargs={"case_id": other.pk, **kwargs}))
        assert response.status_code == 404, name


def test_unknown_transition_is_404(client, world):
    login_as(client, world.people["lead"])
    url = reverse("legal:fir_move", kwargs={"case_id": world.case.pk, "fir_id": world.fir.pk, "transition": "delete"})
    assert client.get(url).status_code == 404


def test_masked_coordinator_sees_progress_but_no_identity_or_accused(client, world):
    login_as(client, world.people["coordinator"])
    body = client.get(url_for(world, "investigation")).content.decode()
    assert str(world.fir) in body
    assert "BNS 143 (IPC 370)" in body
    for secret in (FULL_NAME, ACCUSED_NAME, IO_PHONE, "Record a police case"):
        assert secret not in body, secret


def test_survivor_leader_sees_stages_but_not_accused_or_statements(client, world):
    login_as(client, world.people["leader_on_team"])
    body = client.get(url_for(world, "investigation")).content.decode()
    assert str(world.fir) in body
    for secret in (ACCUSED_NAME, IO_PHONE, "Statements", "Medical examination"):
        assert secret not in body, secret


@pytest.mark.parametrize("persona", ["lead", "lawyer", "org_admin"])
def test_team_sees_accused_and_officer_phone(client, world, persona):
    login_as(client, world.people[persona])
    body = client.get(url_for(world, "investigation")).content.decode()
    assert ACCUSED_NAME in body
    assert IO_PHONE in body
