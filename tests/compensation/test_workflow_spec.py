"""The claim's steps on the one transition spec (compensation.workflow): her consent before her
application is filed, real historical dates in the order the law allows, the screening date
corrected with a reason, one source for what has been paid, and the step form prefilled."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.factories import open_case
from cases.models import CaseEvent, StageTransition
from compensation import services
from compensation.models import Claim, ClaimPayment, Stage
from compensation.workflow import SPEC
from consortium.models import Role
from core.concurrency import ConcurrentEditError
from survivors.models import Consent

from .helpers import compensation_consent, days, move, pay, screen, upload_all_documents
from .steps import claim_at, run

pytestmark = pytest.mark.django_db


def _ready_without_consent(case, lead, screened_on=None):
    upload_all_documents(case, lead)
    claim = screen(case, lead, screened_on=screened_on or days(-60), consent=False)
    return move(claim, lead, "mark_documents_ready", on=days(-50))


# --- A. her consent before her application is filed -------------------------------------------------------


def test_her_application_is_refused_without_her_compensation_consent_and_nothing_is_saved(case, lead):
    claim = _ready_without_consent(case, lead)
    with pytest.raises(ValidationError) as refused:
        move(claim, lead, "apply", on=days(-40), claim_number="DLSA/HWH/9/2026")
    text = " ".join(refused.value.messages)
    assert "“Compensation application” consent" in text and "Consent page" in text
    assert days(-40).strftime("%b %Y") in text
    claim.refresh_from_db()
    assert (claim.stage, claim.applied_on, claim.claim_number) == (Stage.DOCUMENTS_READY, None, "")
    assert not StageTransition.objects.filter(subject_key=claim.subject_key, transition="apply").exists()


def test_her_application_is_recorded_with_her_consent_in_force_that_day(case, lead):
    claim = _ready_without_consent(case, lead)
    compensation_consent(case, lead, given_on=days(-45))
    moved = move(claim, lead, "apply", on=days(-40))
    assert (moved.stage, moved.applied_on) == (Stage.APPLIED, days(-40))


def test_consent_given_after_the_filing_date_does_not_cover_it(case, lead):
    claim = _ready_without_consent(case, lead)
    compensation_consent(case, lead, given_on=days(-30))
    with pytest.raises(ValidationError):
        move(claim, lead, "apply", on=days(-40))
    assert Claim.objects.get(pk=claim.pk).stage == Stage.DOCUMENTS_READY


def test_withdrawn_or_expired_consent_is_refused(case, lead):
    claim = _ready_without_consent(case, lead)
    expired = compensation_consent(case, lead, given_on=days(-58))
    Consent.objects.filter(pk=expired.pk).update(expires_on=days(-45))
    with pytest.raises(ValidationError) as refused:
        move(claim, lead, "apply", on=days(-40))
    assert "withdrawn or had expired" in " ".join(refused.value.messages)
    withdrawn = compensation_consent(case, lead, given_on=days(-55))
    case_services.consent_withdraw(actor=lead.user, case=case, consent=withdrawn, note="She changed her mind.")
    with pytest.raises(ValidationError):
        move(claim, lead, "apply", on=days(0))
    assert Claim.objects.get(pk=claim.pk).stage == Stage.DOCUMENTS_READY


def test_a_minor_files_with_her_guardians_consent(lead):
    case = open_case(lead, survivor={"estimated_age": 15})
    claim = _ready_without_consent(case, lead)
    with pytest.raises(ValidationError) as refused:
        move(claim, lead, "apply", on=days(-40))
    assert "guardian's consent or a recorded legal basis" in " ".join(refused.value.messages)
    consent = compensation_consent(case, lead, given_on=days(-45))
    assert consent.given_by == Consent.GivenBy.GUARDIAN
    assert move(claim, lead, "apply", on=days(-40)).stage == Stage.APPLIED


def test_an_authority_taking_it_up_suo_motu_is_not_her_application(case, lead):
    claim = _ready_without_consent(case, lead)
    moved = move(claim, lead, "take_up_suo_motu", on=days(-40))
    assert (moved.stage, moved.route) == (Stage.APPLIED, "suo_motu")


# --- B. real dates, in the order the law allows ------------------------------------------------------------


def test_a_claim_entered_from_paper_keeps_its_real_dates(lead):
    case = open_case(lead, trafficked_on=days(-500))
    claim = claim_at(case, lead, "awarded", start=days(-400))
    assert claim.screened_on == days(-400)
    assert claim.applied_on == days(-380) and claim.awarded_on == days(-360)
    rows = list(StageTransition.objects.filter(subject_key=claim.subject_key).order_by("pk"))
    assert (rows[0].transition, rows[0].to_stage, rows[0].effective_on) == ("create", "screened", days(-400))
    assert [r.effective_on for r in rows[1:]] == [days(-390), days(-380), days(-370), days(-360)]


def test_a_step_before_the_previous_one_is_refused(case, lead):
    upload_all_documents(case, lead)
    claim = screen(case, lead, screened_on=days(-100))
    with pytest.raises(ValidationError) as refused:
        move(claim, lead, "mark_documents_ready", on=days(-101))
    assert "before the claim reached its present stage" in refused.value.messages[0]
    claim = move(claim, lead, "mark_documents_ready", on=days(-90))
    with pytest.raises(ValidationError) as refused:
        move(claim, lead, "apply", on=days(-95))
    assert "applied_on" in refused.value.message_dict


def _edit(claim, lead, **changes):
    claim.refresh_from_db()
    fields = {
        "actor": lead.user,
        "claim": claim,
        "expected_version": claim.version,
        "claim_number": claim.claim_number,
        "authority_level": claim.authority_level,
        "authority_state": claim.authority_state,
        "authority_district": claim.authority_district,
        "amount_claimed": claim.amount_claimed,
    }
    return services.claim_update(**{**fields, **changes})


def test_the_screening_date_is_corrected_with_a_reason_on_the_timeline(case, lead):
    claim = screen(case, lead, screened_on=days(-30))
    with pytest.raises(ValidationError) as refused:
        _edit(claim, lead, screened_on=days(-90))
    assert "screened_on_reason" in refused.value.message_dict
    edited = _edit(claim, lead, screened_on=days(-90), screened_on_reason="The paper file says March.")
    assert (edited.screened_on, edited.stage_on) == (days(-90), days(-90))
    event = CaseEvent.objects.filter(case=case, data__action="screened_on").get()
    old, new = days(-30), days(-90)
    assert event.summary.endswith(f"screened on changed from {old.day} {old:%b %Y} to {new.day} {new:%b %Y}")
    assert "The paper file says March." in event.note.body
    assert "paper file" not in str(event.data)


def test_the_screening_date_cannot_follow_the_claims_next_step(case, lead):
    claim = claim_at(case, lead, "applied", start=days(-100))
    with pytest.raises(ValidationError) as refused:
        _edit(claim, lead, screened_on=days(-80), screened_on_reason="Typo")
    assert "next step is dated" in refused.value.message_dict["screened_on"][0]
    with pytest.raises(ValidationError) as refused:
        _edit(claim, lead, screened_on=case.trafficked_on - datetime.timedelta(days=1), screened_on_reason="Typo")
    assert "before the offence" in refused.value.message_dict["screened_on"][0]
    edited = _edit(claim, lead, screened_on=days(-120), screened_on_reason="The paper file")
    assert (edited.screened_on, edited.stage_on) == (days(-120), days(-80))


def test_a_stale_edit_of_the_screening_date_is_refused(case, lead):
    claim = screen(case, lead, screened_on=days(-30))
    stale = claim.version
    _edit(claim, lead, claim_number="DLSA/1")
    with pytest.raises(ConcurrentEditError):
        _edit(claim, lead, expected_version=stale, screened_on=days(-60), screened_on_reason="Paper file")
    assert Claim.objects.get(pk=claim.pk).screened_on == days(-30)


# --- C. one source for what has been paid -----------------------------------------------------------------


def test_what_is_paid_is_the_sum_of_the_payment_rows(case, lead):
    claim = claim_at(case, lead, "payment_pending")
    # A stored total out of step with the rows (an old bug, a hand edit) does not survive a payment.
    Claim.objects.filter(pk=claim.pk).update(amount_paid=Decimal("1"))
    pay(claim, lead, "100000", on=days(0))
    pay(claim, lead, "25000", on=days(0))
    claim.refresh_from_db()
    assert claim.amount_paid == Decimal("125000") == sum(p.amount for p in ClaimPayment.objects.filter(claim=claim))
    assert claim.stage == Stage.PARTLY_DISBURSED


def test_payments_are_steps_of_the_spec_and_not_offered_as_buttons():
    automatic = {s.name for s in SPEC.steps if not s.manual}
    assert automatic == {"record_part_payment", "record_final_payment"}
    assert SPEC.step("record_final_payment").fulfils == ("award_payment",)


# --- D. the step form, through the view -------------------------------------------------------------------


def _step_url(claim, step):
    return reverse(
        "compensation:claim_transition", kwargs={"case_id": claim.case_id, "claim_id": claim.pk, "transition": step}
    )


@pytest.fixture
def ready_with_number(case, lead):
    upload_all_documents(case, lead)
    claim = screen(case, lead, screened_on=days(-60), claim_number="DLSA/HWH/5/2026", amount_claimed="400000")
    return move(claim, lead, "mark_documents_ready", on=days(-50))


def _post(claim, **overrides):
    data = {
        "version": claim.version,
        "applied_on": days(-10).isoformat(),
        "claim_number": "DLSA/HWH/5/2026",
        "amount_claimed": "400000",
    }
    data.update(overrides)
    return data


def test_the_step_form_is_prefilled_and_keeps_what_is_recorded(client, ready_with_number, lead):
    claim = ready_with_number
    client.force_login(lead.user)
    page = client.get(_step_url(claim, "apply"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="DLSA/HWH/5/2026"' in html and 'value="4,00,000"' in html
    assert "Clear a recorded value" in html
    response = client.post(_step_url(claim, "apply"), _post(claim))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.stage, claim.claim_number, claim.amount_claimed) == (
        Stage.APPLIED,
        "DLSA/HWH/5/2026",
        Decimal("400000"),
    )
    assert claim.applied_on == days(-10)


def test_emptying_a_recorded_value_needs_confirmation_and_a_reason(client, ready_with_number, lead):
    claim = ready_with_number
    client.force_login(lead.user)
    refused = client.post(_step_url(claim, "apply"), _post(claim, claim_number=""))
    assert refused.status_code == 200
    assert "“DLSA/HWH/5/2026” is recorded here" in refused.content.decode()
    assert Claim.objects.get(pk=claim.pk).stage == Stage.DOCUMENTS_READY
    cleared = client.post(
        _step_url(claim, "apply"),
        _post(claim, claim_number="", confirm_clear="on", clear_reason="The authority withdrew that number"),
    )
    assert cleared.status_code == 302
    claim.refresh_from_db()
    assert (claim.stage, claim.claim_number) == (Stage.APPLIED, "")
    row = StageTransition.objects.get(subject_key=claim.subject_key, transition="apply")
    assert row.data["cleared"] == ["claim_number"] and "withdrew that number" in row.note


def test_a_person_outside_the_case_gets_404_for_the_step(client, ready_with_number, make_member, org_mh):
    outsider = make_member(Role.CASEWORKER, org_mh, first_name="Olga", last_name="Outsider")
    client.force_login(outsider.user)
    claim = ready_with_number
    assert client.get(_step_url(claim, "apply")).status_code == 404
    assert client.post(_step_url(claim, "apply"), _post(claim)).status_code == 404
    assert Claim.objects.get(pk=claim.pk).stage == Stage.DOCUMENTS_READY


def test_a_step_not_offered_at_this_stage_is_404(client, ready_with_number, lead):
    client.force_login(lead.user)
    assert client.get(_step_url(ready_with_number, "award")).status_code == 404
    assert client.get(_step_url(ready_with_number, "record_final_payment")).status_code == 404


def test_run_helper_still_moves_with_a_past_date(case, lead):
    claim = claim_at(case, lead, "under_inquiry", start=days(-300))
    moved = run(claim, lead, "award", days(-200))
    assert (moved.awarded_on, moved.stage_on) == (days(-200), days(-200))
    assert timezone.localdate() - moved.awarded_on == datetime.timedelta(days=200)


def test_the_edit_page_corrects_the_screening_date_only_with_a_reason(client, case, lead):
    claim = screen(case, lead, screened_on=days(-30))
    client.force_login(lead.user)
    target = reverse("compensation:claim_edit", kwargs={"case_id": case.pk, "claim_id": claim.pk})
    page = client.get(target).content.decode()
    assert f'value="{days(-30).isoformat()}"' in page
    data = {
        "claim_number": "",
        "offence_basis": claim.offence_basis,
        "authority_level": claim.authority_level,
        "authority_state": claim.authority_state_id,
        "authority_district": claim.authority_district_id,
        "amount_claimed": "",
        "claimed_above_max_reason": "",
        "screened_on": days(-60).isoformat(),
        "screened_on_reason": "",
        "version": claim.version,
    }
    refused = client.post(target, data)
    assert refused.status_code == 200 and "Say why the screening date changes" in refused.content.decode()
    assert Claim.objects.get(pk=claim.pk).screened_on == days(-30)
    assert client.post(target, {**data, "screened_on_reason": "Paper file"}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).screened_on == days(-60)
