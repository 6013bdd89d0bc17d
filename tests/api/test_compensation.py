"""Compensation claims through the API: read as the Compensation tab shows them, started, moved and
paid through the same forms and services as the web pages."""

from decimal import Decimal

import pytest

from cases.models import CaseEvent
from compensation.models import Claim, ClaimPayment
from tests.api.helpers import api_client, url
from tests.cases import conftest as case_fixtures
from tests.compensation.helpers import charge_rape, compensation_consent, days, howrah, line, pay
from tests.compensation.steps import claim_at

pytestmark = pytest.mark.django_db
_media_in_tmp = case_fixtures._media_in_tmp  # her documents, uploaded for the claims, go to a throw-away directory


@pytest.fixture
def paid_claim(case, lead):
    """A claim awaiting payment, with a fixed deposit recorded at "Zyxwv Bank"."""
    claim = claim_at(case, lead, "payment_pending")
    pay(claim, lead, "375000", mode="fixed_deposit", bank_name="Zyxwv Bank", fd_maturity_on=days(4 * 365))
    claim.refresh_from_db()
    return claim


def claims_url(case, tail=""):
    return url(f"cases/{case.pk}/claims/{tail}")


def start_body(**overrides):
    wb, howrah_district = howrah()
    return {
        "line": line("nalsa-2018", "rape").pk,
        "offence_basis": "rape",
        "authority_level": "dlsa",
        "authority_state": wb.pk,
        "authority_district": howrah_district.pk,
        "screened_on": days(-20).isoformat(),
        **overrides,
    }


def test_the_lead_reads_the_claims_with_bank_details(case, lead, paid_claim):
    response = api_client(lead).get(claims_url(case))
    assert response.status_code == 200
    [claim] = response.json()
    assert claim["id"] == paid_claim.pk
    assert claim["stage"] == "partly_disbursed"
    assert claim["payments"][0]["bank_name"] == "Zyxwv Bank"
    assert claim["notes"] is not None


def test_a_survivor_leader_sees_no_bank_details(case, leader, paid_claim):
    response = api_client(leader).get(claims_url(case, f"{paid_claim.pk}/"))
    assert response.status_code == 200
    claim = response.json()
    assert claim["payments"][0]["amount"] == "375000.00"
    assert claim["payments"][0]["bank_name"] is None and claim["payments"][0]["reference"] is None
    assert "Zyxwv" not in response.content.decode()
    payments = api_client(leader).get(claims_url(case, f"{paid_claim.pk}/payments/"))
    assert payments.status_code == 200 and "Zyxwv" not in payments.content.decode()


def test_a_coordinator_sees_neither_the_notes_nor_bank_details(case, coordinator, paid_claim):
    response = api_client(coordinator).get(claims_url(case))
    assert response.status_code == 200
    [claim] = response.json()
    assert claim["notes"] is None
    assert claim["payments"][0]["bank_name"] is None


def test_someone_outside_the_case_gets_the_same_404_as_for_no_claim(case, outsider, paid_claim):
    client = api_client(outsider)
    hidden = client.get(claims_url(case, f"{paid_claim.pk}/"))
    missing = client.get(claims_url(case, "999999/"))
    assert hidden.status_code == 404 and missing.status_code == 404
    assert hidden.content == missing.content
    assert client.get(claims_url(case)).status_code == 404


def test_starting_a_claim_screens_it_and_tells_the_timeline(case, lead):
    compensation_consent(case, lead)
    charge_rape(case, lead)
    response = api_client(lead).post(claims_url(case), start_body(claim_number="DLSA/HWH/1/2026"), format="json")
    assert response.status_code == 201, response.json()
    claim = Claim.objects.get(case=case)
    assert response.json()["id"] == claim.pk
    assert (claim.stage, claim.claim_number, claim.screened_on) == ("screened", "DLSA/HWH/1/2026", days(-20))
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.COMPENSATION, data__action="screened").exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"screened_on": days(5).isoformat()}, "screened_on"),  # no future date, as on the web form
        ({"line": 999999}, "line"),
        ({"offence_basis": ""}, "offence_basis"),  # a rape claim names its basis
        ({"colour": "red"}, "colour"),  # a misspelt field is refused, not ignored
    ],
)
def test_a_refused_claim_names_the_field_and_saves_nothing(case, lead, overrides, field):
    compensation_consent(case, lead)
    charge_rape(case, lead)
    response = api_client(lead).post(claims_url(case), start_body(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Claim.objects.filter(case=case).exists()


def test_a_survivor_leader_may_not_start_a_claim(case, lead, leader):
    compensation_consent(case, lead)
    charge_rape(case, lead)
    response = api_client(leader).post(claims_url(case), start_body(), format="json")
    assert response.status_code == 404
    assert not Claim.objects.filter(case=case).exists()


def test_transitions_list_what_the_claim_page_offers(case, lead):
    claim = claim_at(case, lead, "screened")
    response = api_client(lead).get(claims_url(case, f"{claim.pk}/transitions/"))
    assert response.status_code == 200
    allowed = {step["transition"] for step in response.json() if step["allowed_now"]}
    assert "mark_documents_ready" in allowed
    assert "award" not in allowed and "lapse" not in allowed


def test_a_step_moves_the_claim(case, lead):
    claim = claim_at(case, lead, "documents_ready")
    body = {"transition": "apply", "version": claim.version, "values": {"claim_number": "DLSA/HWH/9/2026"}}
    response = api_client(lead).post(claims_url(case, f"{claim.pk}/transitions/"), body, format="json")
    assert response.status_code == 200, response.json()
    claim.refresh_from_db()
    assert (claim.stage, claim.claim_number) == ("applied", "DLSA/HWH/9/2026")
    assert response.json()["stage"] == "applied"


def test_a_step_the_stage_does_not_allow_is_refused_and_nothing_moves(case, lead):
    claim = claim_at(case, lead, "screened")
    body = {"transition": "award", "version": claim.version, "values": {"awarded_amount": "100000"}}
    response = api_client(lead).post(claims_url(case, f"{claim.pk}/transitions/"), body, format="json")
    assert response.status_code == 400
    assert "transition" in response.json()["errors"]
    claim.refresh_from_db()
    assert (claim.stage, claim.awarded_amount) == ("screened", None)


def test_a_stale_version_is_a_conflict(case, lead):
    claim = claim_at(case, lead, "screened")
    body = {"transition": "mark_documents_ready", "version": claim.version - 1}
    response = api_client(lead).post(claims_url(case, f"{claim.pk}/transitions/"), body, format="json")
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.stage == "screened"


def test_a_survivor_leader_may_not_move_a_claim(case, lead, leader):
    claim = claim_at(case, lead, "screened")
    client = api_client(leader)
    assert client.get(claims_url(case, f"{claim.pk}/transitions/")).status_code == 404
    body = {"transition": "mark_documents_ready", "version": claim.version}
    assert client.post(claims_url(case, f"{claim.pk}/transitions/"), body, format="json").status_code == 404
    claim.refresh_from_db()
    assert claim.stage == "screened"


def test_a_payment_is_recorded(case, lead):
    claim = claim_at(case, lead, "payment_pending")
    body = {"version": claim.version, "paid_on": days(-1).isoformat(), "amount": "125000", "mode": "bank_transfer"}
    response = api_client(lead).post(claims_url(case, f"{claim.pk}/payments/"), body, format="json")
    assert response.status_code == 201, response.json()
    payment = ClaimPayment.objects.get(claim=claim)
    assert payment.amount == Decimal("125000") and response.json()["id"] == payment.pk
    claim.refresh_from_db()
    assert claim.amount_paid == Decimal("125000")


def test_a_payment_above_the_award_is_refused_and_nothing_saved(case, lead):
    claim = claim_at(case, lead, "payment_pending")
    body = {"version": claim.version, "paid_on": days(-1).isoformat(), "amount": "900000", "mode": "bank_transfer"}
    response = api_client(lead).post(claims_url(case, f"{claim.pk}/payments/"), body, format="json")
    assert response.status_code == 400
    assert "amount" in response.json()["errors"]
    assert not ClaimPayment.objects.filter(claim=claim).exists()


def test_a_payment_before_the_award_is_refused_with_the_reason(case, lead):
    claim = claim_at(case, lead, "applied")
    body = {"version": claim.version, "paid_on": days(-1).isoformat(), "amount": "1000", "mode": "bank_transfer"}
    response = api_client(lead).post(claims_url(case, f"{claim.pk}/payments/"), body, format="json")
    assert response.status_code == 400
    assert "awarded" in str(response.json()["errors"])
    assert not ClaimPayment.objects.filter(claim=claim).exists()
