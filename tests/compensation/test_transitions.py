"""Every step of a claim: allowed (role, data, stage), refused with a reason, recorded, with its deadlines."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from cases import services as case_services
from cases.factories import give_consent
from cases.models import CaseEvent, CaseRole, Deadline, StageTransition
from compensation import services
from compensation.models import Claim, Stage
from compensation.workflow import SPEC
from consortium.models import Role
from core.concurrency import ConcurrentEditError
from survivors.models import ConsentPurpose

from ..cases.helpers import FULL_NAME, NARRATIVE, PHONE, open_survivor_case
from .helpers import days, screen, today
from .steps import TO_STAGE, VALUES, claim_at, run

# transition -> (a stage it starts from, the stage it leads to)
ALLOWED = {
    "mark_documents_ready": ("screened", "documents_ready"),
    "apply": ("documents_ready", "applied"),
    "apply_offender_untraced": ("documents_ready", "applied"),
    "recommend_by_court": ("screened", "applied"),
    "recommend_on_acquittal": ("screened", "applied"),
    "take_up_suo_motu": ("documents_ready", "applied"),
    "seek_interim_relief": ("applied", "interim_relief"),
    "decide_interim_relief": ("interim_relief", "under_inquiry"),
    "start_inquiry": ("applied", "under_inquiry"),
    "award": ("under_inquiry", "awarded"),
    "reject": ("under_inquiry", "rejected"),
    "appeal": ("rejected", "appeal"),
    "allow_appeal": ("appeal", "awarded"),
    "dismiss_appeal": ("appeal", "rejected"),
    "file_writ": ("rejected", "high_court_writ"),
    "allow_writ": ("high_court_writ", "payment_pending"),
    "dismiss_writ": ("high_court_writ", "rejected"),
    "forward_for_payment": ("awarded", "payment_pending"),
    "close": ("awarded", "closed"),
}
# transition -> a stage it cannot start from
WRONG_STAGE = {
    "mark_documents_ready": "applied",
    "apply": "screened",
    "apply_offender_untraced": "screened",
    "recommend_by_court": "under_inquiry",
    "recommend_on_acquittal": "under_inquiry",
    "seek_pocso_interim": "awarded",
    "take_up_suo_motu": "awarded",
    "seek_interim_relief": "screened",
    "decide_interim_relief": "applied",
    "start_inquiry": "documents_ready",
    "award": "screened",
    "reject": "awarded",
    "appeal": "under_inquiry",
    "allow_appeal": "rejected",
    "dismiss_appeal": "awarded",
    "file_writ": "screened",
    "allow_writ": "rejected",
    "dismiss_writ": "appeal",
    "forward_for_payment": "payment_pending",
    "close": "closed",
    "lapse": "applied",
    "reopen_after_lapse": "screened",
    "record_part_payment": "screened",
}


def test_every_transition_of_the_model_is_covered():
    names = {t.name for t in Claim._meta.get_field("stage").get_all_transitions(Claim)}
    # seek_pocso_interim needs a POCSO case: tests/compensation/test_law_examples.py walks it.
    extra = {"lapse", "reopen_after_lapse", "record_part_payment", "record_final_payment", "seek_pocso_interim"}
    assert set(ALLOWED) | extra == names
    assert {s.name for s in SPEC.steps} == names
    assert {s.name for s in SPEC.steps if not s.manual} == {"record_part_payment", "record_final_payment"}


@pytest.mark.parametrize("transition", sorted(ALLOWED))
def test_transition_allowed_for_the_lead_caseworker(case, lead, transition):
    source, target = ALLOWED[transition]
    claim = claim_at(case, lead, source)
    events_before = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.COMPENSATION).count()
    moved = run(claim, lead, transition, days(-5))
    assert moved.stage == target
    assert moved.stage_on == days(-5)
    row = StageTransition.objects.filter(subject_key=moved.subject_key).order_by("pk").last()
    assert (row.workflow, row.transition, row.from_stage, row.to_stage) == ("compensation", transition, source, target)
    assert row.effective_on == days(-5) and row.actor == lead.user
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.COMPENSATION).count() == events_before + 1


@pytest.mark.parametrize("transition", sorted(WRONG_STAGE))
def test_transition_refused_at_the_wrong_stage(case, lead, transition):
    claim = claim_at(case, lead, WRONG_STAGE[transition])
    with pytest.raises(ValidationError) as error:
        if transition == "record_part_payment":
            services.claim_payment_record(
                actor=lead.user,
                claim=claim,
                expected_version=claim.version,
                paid_on=today(),
                amount=1,
                mode="bank_transfer",
            )
        else:
            run(claim, lead, transition, today(), values=VALUES.get(transition, {}))
    assert "cannot be done at the stage" in " ".join(error.value.messages) or "Payments are recorded" in " ".join(
        error.value.messages
    )
    claim.refresh_from_db()
    assert claim.stage == WRONG_STAGE[transition]


@pytest.fixture
def others(make_member, org_wb, org_mh, coordinator, collective, case, lead):
    leader = make_member(Role.SURVIVOR_LEADER, collective)
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    case_services.team_add(actor=lead.user, case=case, membership=leader, role=CaseRole.SURVIVOR_LEADER)
    return {
        "coordinator": coordinator,
        "leader_on_team": leader,
        "colleague": make_member(Role.CASEWORKER, org_wb),
        "other_org": make_member(Role.CASEWORKER, org_mh),
    }


@pytest.mark.parametrize("who", ["coordinator", "leader_on_team"])
def test_transition_refused_for_a_role_that_sees_but_may_not_act(case, lead, others, who):
    claim = claim_at(case, lead, "under_inquiry")
    with pytest.raises(ValidationError) as error:
        run(claim, others[who], "award", today())
    assert error.value.code == "not_allowed"
    claim.refresh_from_db()
    assert claim.stage == "under_inquiry"


@pytest.mark.parametrize("who", ["colleague", "other_org"])
def test_transition_by_someone_outside_the_case_is_not_found(case, lead, others, who):
    claim = claim_at(case, lead, "under_inquiry")
    with pytest.raises(Http404):
        run(claim, others[who], "award", today())


@pytest.mark.parametrize("who", ["teammate_lawyer", "org_admin", "teammate"])
def test_lawyers_caseworkers_and_lead_admins_may_act(case, lead, lawyer, org_admin, make_member, org_wb, who):
    teammate = make_member(Role.CASEWORKER, org_wb)
    case_services.team_add(actor=lead.user, case=case, membership=teammate, role=CaseRole.CASEWORKER)
    actor = {"teammate_lawyer": lawyer, "org_admin": org_admin, "teammate": teammate}[who]
    claim = claim_at(case, lead, "rejected")
    assert run(claim, actor, "appeal", today()).stage == "appeal"


# --- data each step needs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "transition", "values", "field", "message"),
    [
        ("under_inquiry", "award", {}, "awarded_amount", "needed for this step"),
        ("under_inquiry", "award", {"awarded_amount": "0"}, "awarded_amount", "more than zero"),
        ("under_inquiry", "award", {"awarded_amount": "-5"}, "awarded_amount", "cannot be negative"),
        (
            "under_inquiry",
            "award",
            {"awarded_amount": "800000"},
            "awarded_above_max_reason",
            "above the scheme's maximum",
        ),
        ("under_inquiry", "award", {"awarded_amount": "1.005"}, "awarded_amount", "two decimals"),
        ("under_inquiry", "award", {"awarded_amount": "lots"}, "awarded_amount", "Enter an amount"),
        ("under_inquiry", "reject", {}, "rejection_reason", "needed for this step"),
        ("interim_relief", "decide_interim_relief", {}, "interim_amount", "needed for this step"),
        ("interim_relief", "decide_interim_relief", {"interim_amount": "900000"}, "interim_amount", "cannot exceed"),
        ("rejected", "file_writ", {}, "writ_number", "needed for this step"),
        ("awarded", "close", {"closure_reason": "because"}, "closure_reason", "Choose why"),
        ("screened", "recommend_by_court", {}, "court_label", "needed for this step"),
        ("documents_ready", "apply", {"amount_claimed": "900000"}, "claimed_above_max_reason", "maximum"),
    ],
)
def test_missing_or_bad_data_is_refused_with_a_field_error(case, lead, stage, transition, values, field, message):
    claim = claim_at(case, lead, stage)
    with pytest.raises(ValidationError) as error:
        run(claim, lead, transition, today(), values=values)
    assert field in error.value.message_dict, error.value
    assert message in " ".join(error.value.message_dict[field])
    claim.refresh_from_db()
    assert claim.stage == stage


def test_award_above_the_maximum_with_a_reason_is_accepted(case, lead):
    claim = claim_at(case, lead, "under_inquiry")
    moved = run(
        claim,
        lead,
        "award",
        today(),
        values={"awarded_amount": "800000", "awarded_above_max_reason": "The order cites her lasting injuries."},
    )
    assert moved.awarded_amount == Decimal("800000.00")


def test_minor_uplift_raises_the_maximum(lead):
    case = open_survivor_case(lead, survivor={"estimated_age": 15})
    claim = claim_at(case, lead, "under_inquiry")
    assert claim.minor_uplift
    assert run(claim, lead, "award", today(), values={"awarded_amount": "1000000"}).stage == "awarded"


def test_documents_ready_needs_every_document_or_a_reason(case, lead):
    claim = claim_at(case, lead, "screened", documents=False)
    assert len(claim.missing_requirements()) == 7
    with pytest.raises(ValidationError) as error:
        run(claim, lead, "mark_documents_ready", today())
    assert "Link every required document" in " ".join(error.value.messages)
    moved = run(
        claim, lead, "mark_documents_ready", today(), values={"documents_waiver_note": "DLSA accepts them later."}
    )
    assert moved.stage == "documents_ready"


def test_dates_out_of_order_or_in_the_future_are_refused(case, lead):
    claim = claim_at(case, lead, "applied")
    with pytest.raises(ValidationError) as error:
        run(claim, lead, "start_inquiry", claim.stage_on - datetime.timedelta(days=1))
    # The step's own date field carries the refusal (here "inquiry started on"), compared with the
    # real date the claim was filed, not with the day of data entry.
    assert "before the claim reached its present stage" in error.value.message_dict["inquiry_started_on"][0]
    with pytest.raises(ValidationError) as error:
        run(claim, lead, "start_inquiry", days(1))
    assert "future" in error.value.message_dict["inquiry_started_on"][0]
    claim.refresh_from_db()
    assert claim.stage == "applied"


def test_filed_after_the_time_bar_needs_a_condonation_note(lead):
    case = open_survivor_case(lead, trafficked_on=days(-4 * 365))
    claim = claim_at(case, lead, "documents_ready", start=days(-60))
    assert claim.time_bar_on < today()
    with pytest.raises(ValidationError) as error:
        run(claim, lead, "apply", today())
    assert "condonation" in error.value.message_dict["condonation_note"][0]
    moved = run(claim, lead, "apply", today(), values={"condonation_note": "Delay condonation application filed."})
    assert moved.stage == "applied" and moved.route == "application"


def test_court_recommendation_is_not_time_barred(lead):
    case = open_survivor_case(lead, trafficked_on=days(-4 * 365))
    claim = claim_at(case, lead, "screened", start=days(-60))
    moved = run(claim, lead, "recommend_by_court", today())
    assert moved.route == "court_recommendation"
    assert moved.court_ordered_amount == Decimal("300000.00")


def test_appeal_dismissed_keeps_an_award_standing(case, lead):
    claim = claim_at(case, lead, "awarded")
    run(claim, lead, "appeal", days(-3))
    assert run(claim, lead, "dismiss_appeal", days(-2)).stage == "awarded"


def test_writ_for_an_unpaid_award_leaves_the_award_as_it_was(case, lead):
    claim = claim_at(case, lead, "payment_pending")
    awarded_on = claim.awarded_on
    run(claim, lead, "file_writ", days(-3))
    moved = run(claim, lead, "allow_writ", days(-2), values={})
    assert moved.stage == "payment_pending"
    assert (moved.awarded_amount, moved.awarded_on) == (Decimal("500000.00"), awarded_on)


def test_writ_dismissed_for_a_partly_paid_award_returns_to_partly_disbursed(case, lead):
    claim = claim_at(case, lead, "partly_disbursed")
    run(claim, lead, "file_writ", days(-3), values={"writ_number": "WPA 9 of 2026"})
    assert run(claim, lead, "dismiss_writ", days(-2)).stage == "partly_disbursed"


def test_new_award_cannot_fall_below_what_was_paid(case, lead):
    claim = claim_at(case, lead, "partly_disbursed")
    run(claim, lead, "file_writ", days(-3), values={"writ_number": "WPA 9 of 2026"})
    with pytest.raises(ValidationError) as error:
        run(claim, lead, "allow_writ", days(-2), values={"awarded_amount": "100000"})
    assert "already been paid" in error.value.message_dict["awarded_amount"][0]


def test_unknown_or_internal_steps_are_refused(case, lead):
    claim = claim_at(case, lead, "awarded")
    for name in ("record_final_payment", "delete", "stage"):
        with pytest.raises(ValidationError):
            run(claim, lead, name, today())


def test_unexpected_values_are_refused(case, lead):
    claim = claim_at(case, lead, "under_inquiry")
    with pytest.raises(ValidationError):
        run(claim, lead, "award", today(), values={"awarded_amount": "400000", "amount_paid": "400000"})


def test_a_float_amount_is_refused(case, lead):
    claim = claim_at(case, lead, "under_inquiry")
    with pytest.raises(ValidationError):
        run(claim, lead, "award", today(), values={"awarded_amount": 400000.5})


# --- concurrency ------------------------------------------------------------------------------------------


def test_a_stale_page_cannot_move_the_claim(case, lead):
    claim = claim_at(case, lead, "applied")
    stale_version = claim.version
    run(claim, lead, "start_inquiry", today())
    with pytest.raises(ConcurrentEditError) as error:
        services.claim_transition(
            actor=lead.user,
            claim=claim,
            transition="seek_interim_relief",
            effective_on=today(),
            expected_version=stale_version,
        )
    assert "Lakshmi Leadworker" in error.value.messages[0]
    claim.refresh_from_db()
    assert claim.stage == "under_inquiry"


def test_a_stale_edit_of_the_claim_is_refused(case, lead):
    claim = claim_at(case, lead, "screened")
    version = claim.version
    run(claim, lead, "mark_documents_ready", today())
    claim.refresh_from_db()
    with pytest.raises(ConcurrentEditError):
        services.claim_update(
            actor=lead.user,
            claim=claim,
            expected_version=version,
            claim_number="X",
            authority_level=claim.authority_level,
            authority_state=claim.authority_state,
            authority_district=claim.authority_district,
            amount_claimed=None,
        )
    claim.refresh_from_db()
    assert claim.claim_number == ""


# --- deadlines ---------------------------------------------------------------------------------------------


def deadlines(claim):
    return {d.rule_code: d for d in Deadline.objects.filter(subject_key=claim.subject_key)}


def test_deadlines_follow_the_claim(case, lead):
    claim = claim_at(case, lead, "screened")
    time_bar = deadlines(claim)["claim_time_bar"]
    assert time_bar.is_open and time_bar.due_on == claim.time_bar_on
    assert time_bar.inputs["state"] == "WB"  # the authority's state decides the calendar
    assert FULL_NAME not in time_bar.title and "NALSA 2018" in time_bar.title

    run(claim, lead, "mark_documents_ready", days(-50))
    run(claim, lead, "apply", days(-40))
    found = deadlines(claim)
    assert found["claim_time_bar"].status == Deadline.Status.MET
    assert found["claim_decision"].is_open and found["claim_decision"].due_on == days(20)

    run(claim, lead, "seek_interim_relief", days(-30))
    assert deadlines(claim)["interim_relief_decision"].is_open
    run(claim, lead, "decide_interim_relief", days(-20))
    assert deadlines(claim)["interim_relief_decision"].status == Deadline.Status.MET

    run(claim, lead, "award", days(-10))
    found = deadlines(claim)
    assert found["claim_decision"].status == Deadline.Status.MET
    assert found["award_payment"].is_open and found["award_payment"].due_on == days(20)
    escalations = [step["after_days"] for step in found["award_payment"].rule.escalation_steps]
    assert escalations == [0, 60, 335]  # unpaid 30, 90 and 365 days after the award

    from .helpers import pay

    pay(claim, lead, "375000", mode="fixed_deposit", bank_name="Test Bank", fd_maturity_on=days(4 * 365))
    assert deadlines(claim)["award_payment"].is_open
    pay(claim, lead, "125000")
    assert deadlines(claim)["award_payment"].status == Deadline.Status.MET


def test_interim_deadline_is_cancelled_when_the_claim_is_decided_first(case, lead):
    claim = claim_at(case, lead, "interim_relief")
    run(claim, lead, "reject", today())
    assert deadlines(claim)["interim_relief_decision"].status == Deadline.Status.CANCELLED
    assert deadlines(claim)["claim_decision"].status == Deadline.Status.MET


def test_closing_cancels_open_deadlines(case, lead):
    claim = claim_at(case, lead, "awarded")
    run(claim, lead, "close", today())
    assert not Deadline.objects.filter(subject_key=claim.subject_key).open().exists()


def test_changing_the_authoritys_state_keeps_one_open_deadline_per_rule(case, lead):
    """The claim rules count calendar days, so a new state's calendar leaves the due dates as they were."""
    from consortium.factories import state
    from consortium.models import District

    claim = claim_at(case, lead, "applied")
    mh = state("MH")
    services.claim_update(
        actor=lead.user,
        claim=claim,
        expected_version=claim.version,
        claim_number="DLSA/MUM/1",
        authority_level="dlsa",
        authority_state=mh,
        authority_district=District.objects.filter(state=mh).first(),
        amount_claimed=None,
    )
    due = deadlines(claim)["claim_decision"].due_on
    assert Deadline.objects.filter(subject_key=claim.subject_key, rule_code="claim_decision").open().count() == 1
    assert due == claim.applied_on + datetime.timedelta(days=60)


# --- lapse and the time-bar scan ------------------------------------------------------------------------------


@pytest.fixture
def old_case(lead):
    return open_survivor_case(lead, trafficked_on=days(-4 * 365))


def test_scan_lapses_unfiled_time_barred_claims_only(old_case, case, lead):
    old = claim_at(old_case, lead, "documents_ready", start=days(-60))
    recent = claim_at(case, lead, "screened")
    lapsed = services.claim_lapse_time_barred()
    assert [c.pk for c in lapsed] == [old.pk]
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.stage, recent.stage) == ("lapsed", "screened")
    row = StageTransition.objects.filter(subject_key=old.subject_key, to_stage="lapsed").get()
    assert row.actor is None
    assert deadlines(old)["claim_time_bar"].status == Deadline.Status.CANCELLED
    assert services.claim_lapse_time_barred() == []  # nothing twice


def test_the_deadline_scan_lapses_time_barred_claims_on_its_schedule(old_case, case, lead, capsys):
    """The case hub's periodic scan announces itself (cases.tasks.deadline_scan_done); compensation
    answers by lapsing the claims past their time bar, and the count is in the scan's result."""
    from django.core.management import call_command

    old = claim_at(old_case, lead, "documents_ready", start=days(-60))
    recent = claim_at(case, lead, "screened")
    call_command("run_deadline_scan")
    assert "1 lapsed claims" in capsys.readouterr().out
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.stage, recent.stage) == ("lapsed", "screened")
    call_command("run_deadline_scan")
    assert "0 lapsed claims" in capsys.readouterr().out


def test_manual_lapse_needs_the_time_bar_to_have_passed(old_case, case, lead):
    recent = claim_at(case, lead, "screened")
    with pytest.raises(ValidationError) as error:
        run(recent, lead, "lapse", today())
    assert "has not passed" in " ".join(error.value.messages)
    old = claim_at(old_case, lead, "screened", start=days(-60))
    assert run(old, lead, "lapse", today()).stage == "lapsed"


def test_reopened_after_a_lapse_with_condonation_and_not_lapsed_again(old_case, lead):
    claim = claim_at(old_case, lead, "screened", start=days(-60))
    run(claim, lead, "lapse", days(-5))
    with pytest.raises(ValidationError):
        run(claim, lead, "reopen_after_lapse", days(-4), values={"condonation_note": ""})
    assert run(claim, lead, "reopen_after_lapse", days(-4)).stage == "screened"
    assert services.claim_lapse_time_barred() == []


# --- court orders -------------------------------------------------------------------------------------------


def test_court_order_creates_a_claim_by_the_court_route(case, lead):
    claim = services.claim_from_court_order(
        actor=lead.user, case=case, amount="250000", ordered_on=days(-3), court_label="Sessions Court, Howrah"
    )
    assert claim.stage == Stage.APPLIED and claim.route == "court_recommendation"
    assert claim.scheme_code == "wb-vcs-2017"  # a state scheme first (the case is from West Bengal)
    assert claim.court_ordered_amount == Decimal("250000.00") and claim.applied_on == days(-3)
    assert deadlines(claim)["claim_decision"].is_open
    assert Claim.objects.filter(case=case).count() == 1


def test_court_order_moves_an_unfiled_claim_and_updates_a_filed_one(case, lead):
    claim = screen(case, lead, screened_on=days(-30))
    moved = services.claim_from_court_order(
        actor=lead.user,
        case=case,
        amount="300000",
        ordered_on=days(-3),
        court_label="Sessions Court",
        scheme_code="nalsa-2018",
    )
    assert moved.pk == claim.pk and moved.stage == "applied"
    again = services.claim_from_court_order(
        actor=lead.user,
        case=case,
        amount="350000",
        ordered_on=days(-1),
        court_label="High Court at Calcutta",
        scheme_code="nalsa-2018",
    )
    assert again.pk == claim.pk and again.stage == "applied"
    assert (again.court_ordered_amount, again.court_label) == (Decimal("350000.00"), "High Court at Calcutta")
    assert Claim.objects.filter(case=case).count() == 1


def test_court_order_is_refused_to_people_who_may_not_act(case, lead, others):
    with pytest.raises(Http404):
        services.claim_from_court_order(
            actor=others["coordinator"].user, case=case, amount="1", ordered_on=today(), court_label="Court"
        )


def test_court_order_bad_input(case, lead):
    with pytest.raises(ValidationError):
        services.claim_from_court_order(actor=lead.user, case=case, amount="-1", ordered_on=today(), court_label="C")
    with pytest.raises(ValidationError):
        services.claim_from_court_order(actor=lead.user, case=case, amount="1", ordered_on=days(2), court_label="C")
    with pytest.raises(ValidationError):
        services.claim_from_court_order(actor=lead.user, case=case, amount="1", ordered_on=today(), court_label=" ")
    assert not Claim.objects.filter(case=case).exists()


# --- screening a claim -----------------------------------------------------------------------------------------


def test_one_claim_per_case_and_scheme(case, lead):
    screen(case, lead)
    with pytest.raises(ValidationError) as error:
        screen(case, lead, category="gang_rape")
    assert "already has a claim" in error.value.message_dict["line"][0]


def test_claim_against_the_screening_needs_a_reason(case, lead):
    with pytest.raises(ValidationError) as error:
        screen(case, lead, code="bonded-labour-2016", category="bonded_labour")
    assert "screening_override_reason" in error.value.message_dict
    claim = screen(
        case,
        lead,
        code="bonded-labour-2016",
        category="bonded_labour",
        screening_override_reason="The labour inquiry found an advance of Rs 5,000.",
        authority_level="district_magistrate",
    )
    assert claim.requirements() == ["release_certificate", "identity", "bank_account", "age_proof"]


def test_screening_links_the_documents_already_on_the_case(case, lead):
    from .helpers import upload_all_documents

    upload_all_documents(case, lead, ["fir_copy", "bank_document"])
    claim = screen(case, lead)
    assert {link.requirement for link in claim.document_links.all()} == {"fir", "bank_account"}


def test_district_authority_needs_a_district_in_its_state(case, lead):
    from consortium.factories import state
    from consortium.models import District

    with pytest.raises(ValidationError) as error:
        screen(case, lead, authority_district=None)
    assert "authority_district" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        screen(case, lead, authority_district=District.objects.filter(state=state("MH")).first())
    assert "not in the chosen state" in error.value.message_dict["authority_district"][0]


# --- nothing about her identity in what masked viewers read -------------------------------------------------------


def test_no_identity_in_titles_summaries_or_the_transition_log(case, lead):
    claim = claim_at(case, lead, "rejected")
    assert str(claim) == "Claim under NALSA 2018, DLSA Howrah"
    texts = list(
        CaseEvent.objects.filter(case=case, kind__in=["compensation", "deadline"]).values_list("summary", flat=True)
    )
    texts += list(Deadline.objects.filter(case=case).values_list("title", flat=True))
    for text in texts:
        for secret in (FULL_NAME, PHONE, NARRATIVE):
            assert secret not in text
    for row in StageTransition.objects.filter(subject_key=claim.subject_key):
        assert VALUES["reject"]["rejection_reason"] not in str(row.data)


def test_free_text_reasons_are_encrypted_at_rest(case, lead):
    from django.db import connection

    claim = claim_at(case, lead, "rejected")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rejection_reason FROM compensation_claim WHERE id = %s", [claim.pk])
        (stored,) = cursor.fetchone()
    assert "chargesheet" not in stored


def test_every_stage_is_reachable(case, lead):
    assert set(TO_STAGE) | {"lapsed"} == set(Stage.values) - {"interim_relief"} | {"interim_relief"}


def test_editing_an_unfiled_claim_follows_corrected_case_dates(case, lead):
    claim = claim_at(case, lead, "screened")
    rescued = case.trafficked_on + datetime.timedelta(days=100)
    type(case).objects.filter(pk=case.pk).update(rescued_on=rescued)
    claim.refresh_from_db()
    services.claim_update(
        actor=lead.user,
        claim=claim,
        expected_version=claim.version,
        claim_number="",
        authority_level=claim.authority_level,
        authority_state=claim.authority_state,
        authority_district=claim.authority_district,
        amount_claimed=None,
    )
    claim.refresh_from_db()
    from core.day_count import add_months

    assert (claim.time_bar_on, claim.time_bar_basis) == (add_months(rescued, 36), "release")
    assert deadlines(claim)["claim_time_bar"].due_on == claim.time_bar_on
