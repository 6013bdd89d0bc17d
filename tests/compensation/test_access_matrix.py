"""Who may open which compensation page, and what a masked viewer sees on them.

The same cast as tests/cases/test_access_matrix.py. Someone outside the case gets a 404
identical to the one for a case that does not exist.
"""

from types import SimpleNamespace

import pytest
from django.urls import get_resolver, reverse

from tests.access_matrix import MISSING_CASE, F, G, L, N, R, cast_around, login_as, persona_problems
from tests.url_names import qualified

from ..cases.helpers import FULL_NAME, PHONE, VILLAGE
from .helpers import MATURITY_DAYS, days, pay
from .steps import claim_at

MISSING = MISSING_CASE

PERSONAS = [
    "lead",
    "teammate",
    "lawyer_on_team",
    "colleague",
    "org_admin",
    "other_org_caseworker",
    "other_org_admin",
    "coordinator",
    "leader_without_consent",
    "leader_on_team",
    "anonymous",
]

#                                              lead team lawy coll admn mhcw mhad coor sl0  slT  anon
CASE_MATRIX = {
    "compensation_tab": ("get", [G, G, G, N, G, N, N, G, N, G, L]),
    "claim_new": ("get", [G, G, G, N, G, N, N, N, N, N, L]),
    "claim_detail": ("get", [G, G, G, N, G, N, N, G, N, G, L]),
    "claim_edit": ("get", [G, G, G, N, G, N, N, N, N, N, L]),
    "claim_document_link": ("post", [R, R, R, N, R, N, N, N, N, N, L]),
    "claim_transition": ("get", [G, G, G, N, G, N, N, N, N, N, L]),
    "claim_payment_new": ("get", [G, G, G, N, G, N, N, N, N, N, L]),
}
# Pages about no one case: a role that may not use them gets 403 (its existence is no secret).
ROLE_MATRIX = {
    "claim_list": ("get", [G, G, G, G, G, G, G, G, F, F, L]),
    "scheme_list": ("get", [G, G, G, G, G, G, G, G, G, G, L]),
    "scheme_new": ("get", [F, F, F, F, F, F, F, G, F, F, L]),
    "scheme_version_new": ("get", [F, F, F, F, F, F, F, G, F, F, L]),
}


@pytest.fixture
def world(make_member, org_wb, org_mh, secretariat, lead, case, collective, lawyers_network):
    people = cast_around(
        case,
        lead,
        make_member,
        org_wb=org_wb,
        org_mh=org_mh,
        secretariat=secretariat,
        collective=collective,
        lawyers_network=lawyers_network,
    )
    people["lawyer_on_team"] = people.pop("lawyer")
    del people["outside_lawyer"]

    claim = claim_at(case, lead, "payment_pending")
    pay(
        claim,
        lead,
        "375000",
        mode="fixed_deposit",
        bank_name="Zyxwv Gramin Bank",
        reference="FD-77421",
        fd_maturity_on=days(MATURITY_DAYS),
    )
    claim.refresh_from_db()
    fir = claim.document_links.get(requirement="fir").document
    claim_kwargs = {"claim_id": claim.pk}
    kwargs = {
        "claim_detail": claim_kwargs,
        "claim_edit": claim_kwargs,
        "claim_document_link": claim_kwargs,
        "claim_transition": {**claim_kwargs, "transition": "file_writ"},
        "claim_payment_new": claim_kwargs,
    }
    post_data = {"claim_document_link": {"requirement": "fir", "document": fir.pk}}
    return SimpleNamespace(case=case, claim=claim, people=people, kwargs=kwargs, post_data=post_data)


def case_url(world, name, case_id=None):
    return reverse(qualified(name), kwargs={"case_id": case_id or world.case.pk, **world.kwargs.get(name, {})})


def role_url(world, name):
    if name == "scheme_version_new":
        return reverse(qualified(name), kwargs={"scheme_id": world.claim.scheme_id})
    return reverse(qualified(name))


def test_matrix_covers_every_compensation_url():
    names = {p.name for p in get_resolver("compensation.urls").url_patterns}
    assert names == set(CASE_MATRIX) | set(ROLE_MATRIX)
    for _method, expected in [*CASE_MATRIX.values(), *ROLE_MATRIX.values()]:
        assert len(expected) == len(PERSONAS)


@pytest.mark.parametrize("name", sorted(CASE_MATRIX))
def test_case_page_answers_each_persona(client, world, name):
    method, expected = CASE_MATRIX[name]
    problems = persona_problems(
        client,
        world.people,
        PERSONAS,
        expected,
        method,
        case_url(world, name),
        missing_url=case_url(world, name, MISSING),
        secrets=(world.case.reference, world.case.survivor.pseudonym, FULL_NAME, "NALSA"),
        data=world.post_data.get(name),
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(ROLE_MATRIX))
def test_role_page_answers_each_persona(client, world, name):
    method, expected = ROLE_MATRIX[name]
    problems = persona_problems(client, world.people, PERSONAS, expected, method, role_url(world, name))
    assert not problems, "\n".join(problems)


def test_a_claim_of_another_case_is_not_found(client, world, lead):
    from ..cases.helpers import open_survivor_case

    other_case = open_survivor_case(lead)
    login_as(client, lead)
    url = reverse("compensation:claim_detail", kwargs={"case_id": other_case.pk, "claim_id": world.claim.pk})
    assert client.get(url).status_code == 404


def test_a_step_the_stage_does_not_offer_is_not_found(client, world, lead):
    login_as(client, lead)
    for transition in ("award", "apply", "record_final_payment", "no_such_step"):
        url = reverse(
            "compensation:claim_transition",
            kwargs={"case_id": world.case.pk, "claim_id": world.claim.pk, "transition": transition},
        )
        assert client.get(url).status_code == 404, transition


def test_linking_a_document_of_another_case_is_not_found(client, world, lead):
    from ..cases.helpers import open_survivor_case, upload_document

    other_case = open_survivor_case(lead)
    foreign = upload_document(other_case, lead.user, doc_type="fir_copy")
    login_as(client, lead)
    url = case_url(world, "claim_document_link")
    assert client.post(url, {"requirement": "fir", "document": foreign.pk}).status_code == 404
    assert world.claim.document_links.get(requirement="fir").document_id != foreign.pk


# --- what each viewer sees ------------------------------------------------------------------------------------

BANK_SECRETS = ("Zyxwv Gramin Bank", "FD-77421")


def test_masked_coordinator_sees_stages_amounts_and_overdue_but_no_identity_or_bank_details(client, world):
    login_as(client, world.people["coordinator"])
    for name in ("compensation_tab", "claim_detail"):
        body = client.get(case_url(world, name)).content.decode()
        assert world.case.survivor.pseudonym in body
        assert "₹5,00,000" in body and "Partly disbursed" in body
        for secret in (FULL_NAME, PHONE, VILLAGE, *BANK_SECRETS):
            assert secret not in body, (name, secret)
        assert "Record a payment" not in body and "Start a claim" not in body
    detail = client.get(case_url(world, "claim_detail")).content.decode()
    assert "days unpaid" in detail or "unpaid for" in detail
    listing = client.get(reverse("compensation:claim_list")).content.decode()
    assert world.case.reference in listing and world.case.survivor.pseudonym in listing
    assert FULL_NAME not in listing


@pytest.mark.parametrize("persona", ["lead", "teammate", "lawyer_on_team", "org_admin"])
def test_team_sees_bank_details(client, world, persona):
    login_as(client, world.people[persona])
    body = client.get(case_url(world, "claim_detail")).content.decode()
    for secret in BANK_SECRETS:
        assert secret in body
    assert "Record a payment" in body


def test_survivor_leader_on_the_team_follows_the_claim_without_bank_details_or_documents(client, world):
    login_as(client, world.people["leader_on_team"])
    body = client.get(case_url(world, "claim_detail")).content.decode()
    assert "Partly disbursed" in body and "₹5,00,000" in body
    for secret in (*BANK_SECRETS, "FIR copy (", "Record a payment"):
        assert secret not in body
    assert "Caseworkers and lawyers on the case team record" in body


def test_views_of_the_compensation_pages_are_in_the_access_log(client, world):
    from cases.models import AccessLogEntry

    login_as(client, world.people["coordinator"])
    client.get(case_url(world, "claim_detail"))
    entry = AccessLogEntry.objects.filter(case=world.case, user=world.people["coordinator"].user).first()
    assert entry.target == f"claim {world.claim.pk}"


def test_outsiders_find_no_claim_in_the_list(client, world):
    for persona in ("colleague", "other_org_caseworker", "other_org_admin"):
        login_as(client, world.people[persona])
        body = client.get(reverse("compensation:claim_list")).content.decode()
        assert world.case.reference not in body, persona
        assert "0 claims" in body, persona
