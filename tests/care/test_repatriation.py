"""Repatriation between states: the state machine, who may make each move, and the
receiving organisation's consent-gated access to her case."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from care import services
from care.models import RECEIVING_TRANSITIONS, Repatriation
from care.workflow import SPEC
from cases import services as case_services
from cases.factories import give_consent
from cases.models import CaseAssignment, CaseEvent, Deadline, StageTransition
from cases.permissions import case_access
from cases.selectors import case_get_visible, timeline_for
from consortium.factories import OrganisationFactory, state
from consortium.models import Organisation, Role
from core.concurrency import ConcurrentEditError
from survivors.models import Consent, ConsentPurpose
from tests.cases.helpers import FAMILY_CONTACT, FULL_NAME, PHONE, VILLAGE, open_survivor_case
from tests.examples import rolled_back

from .conftest import ago, day, record_rescue

Stage = Repatriation.Stage
SECRETS = [FULL_NAME, PHONE, VILLAGE, FAMILY_CONTACT]


def request_to(case, actor, organisation, **kwargs):
    kwargs.setdefault("requested_on", day(12))
    kwargs.setdefault("from_state", state("MH"))
    kwargs.setdefault("to_state", state("WB"))
    kwargs.setdefault("expected_handover_on", day(-5))
    kwargs.setdefault("note_for_receiver", "Needs a female escort and medical follow-up.")
    return services.repatriation_request(
        actor=getattr(actor, "user", actor), case=case, receiving_organisation=organisation, **kwargs
    )


def move(repatriation, actor, transition, **values):
    fresh = Repatriation.objects.get(pk=repatriation.pk)
    return services.repatriation_transition(
        actor=getattr(actor, "user", actor),
        case=fresh.case,
        repatriation=fresh,
        transition=transition,
        expected_version=fresh.version,
        values=values,
    )


def accept(repatriation, receiver):
    """Accepted ten days ago (requested twelve days ago), so that later steps may be dated in the
    past whatever the time of day the test runs."""
    return move(repatriation, receiver, "accept", accepted_on=day(10))


def visible(member, case) -> bool:
    return case_get_visible(member.user, case.pk) is not None


@pytest.fixture
def requested(mh_case, mh_lead, org_wb, wb_consent):
    record_rescue(mh_case, mh_lead, days_ago=30)
    return request_to(mh_case, mh_lead, org_wb)


def walk_to(repatriation, stage, sender, receiver):
    steps = {
        Stage.ACCEPTED: (None, receiver, {}),
        Stage.TRAVEL_ARRANGED: ("arrange_travel", sender, {"travel_on": day(1), "travel_mode": "train"}),
        Stage.HANDED_OVER: ("hand_over", sender, {"handed_over_at": ago(hours=2), "handover_place": "Howrah station"}),
        Stage.ARRIVAL_ACKNOWLEDGED: ("acknowledge_arrival", receiver, {"acknowledged_at": ago(hours=1)}),
    }
    for target in Repatriation.MAIN_STAGES[1 : Repatriation.MAIN_STAGES.index(stage) + 1]:
        name, who, values = steps[target]
        repatriation = accept(repatriation, who) if name is None else move(repatriation, who, name, **values)
    return repatriation


# --- the whole journey ------------------------------------------------------------------------


def test_full_handover_journey(requested, mh_case, mh_lead, wb_receiver, org_wb):
    assert requested.stage == Stage.REQUESTED
    assert requested.consent.recipient_organisation == org_wb
    assert not visible(wb_receiver, mh_case)

    accepted = accept(requested, wb_receiver)
    assert accepted.stage == Stage.ACCEPTED
    assert accepted.accepted_by == wb_receiver.user
    assert visible(wb_receiver, mh_case), "the acceptor joins the team"
    assignment = CaseAssignment.objects.active().get(case=mh_case, user=wb_receiver.user)
    assert assignment.consent.purpose == ConsentPurpose.SHARE_WITH_ORGANISATION

    travel = move(accepted, mh_lead, "arrange_travel", travel_on=day(-1), travel_mode="train", escort="Constable Y")
    assert travel.stage == Stage.TRAVEL_ARRANGED
    travel.refresh_from_db()
    assert travel.escort == "Constable Y"

    handed = move(travel, mh_lead, "hand_over", handed_over_at=ago(hours=3), handover_place="Howrah station")
    assert handed.stage == Stage.HANDED_OVER
    deadline = Deadline.objects.get(case=mh_case, rule_code="repatriation_acknowledgement")
    assert deadline.is_open and deadline.subject_key == f"survivors.repatriation:{handed.pk}"
    assert deadline.calendar.state.code == "WB"  # counted where she is received

    arrived = move(handed, wb_receiver, "acknowledge_arrival", acknowledged_at=ago(hours=1))
    assert arrived.stage == Stage.ARRIVAL_ACKNOWLEDGED
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET

    moves = list(
        StageTransition.objects.filter(case=mh_case, workflow="repatriation")
        .order_by("pk")  # in the order made: effective dates in local time may cross midnight
        .values_list("from_stage", "to_stage")
    )
    assert moves == [
        ("", "requested"),
        ("requested", "accepted"),
        ("accepted", "travel_arranged"),
        ("travel_arranged", "handed_over"),
        ("handed_over", "arrival_acknowledged"),
    ]


def test_both_sides_see_the_handover_on_the_timeline(requested, mh_case, mh_lead, wb_receiver):
    done = walk_to(requested, Stage.ARRIVAL_ACKNOWLEDGED, mh_lead, wb_receiver)
    for member in (mh_lead, wb_receiver):
        case = case_get_visible(member.user, mh_case.pk)
        summaries = [e.summary for e in timeline_for(case, case_access(member.user, case))]
        assert any("requested" in s for s in summaries)
        assert any("handed over" in s for s in summaries)
        assert any("arrival acknowledged" in s for s in summaries)
    assert done.stage == Stage.ARRIVAL_ACKNOWLEDGED


def test_encrypted_values_stay_out_of_the_transition_log(requested, mh_lead, wb_receiver):
    handed = walk_to(requested, Stage.HANDED_OVER, mh_lead, wb_receiver)
    for row in StageTransition.objects.filter(subject_key=f"survivors.repatriation:{handed.pk}"):
        assert "Howrah station" not in str(row.data)
    for event in CaseEvent.objects.filter(case=handed.case):
        assert "Howrah station" not in event.summary + str(event.data)


# --- consent gates the receiving organisation ------------------------------------------------


def test_request_needs_her_consent_for_the_receiver(mh_case, mh_lead, org_wb):
    record_rescue(mh_case, mh_lead)
    with pytest.raises(ValidationError) as error:
        request_to(mh_case, mh_lead, org_wb)
    assert "consent" in str(error.value.message_dict["receiving_organisation"])
    assert not Repatriation.objects.exists()


def test_consent_for_another_purpose_or_organisation_does_not_count(mh_case, mh_lead, org_wb, collective):
    give_consent(mh_case, actor=mh_lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=org_wb)
    give_consent(mh_case, actor=mh_lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=collective)
    with pytest.raises(ValidationError):
        request_to(mh_case, mh_lead, org_wb)


def test_expired_consent_does_not_count(mh_case, mh_lead, org_wb):
    give_consent(
        mh_case,
        actor=mh_lead.user,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        recipient=org_wb,
        days_ago=100,
        expires_in=-1,
    )
    with pytest.raises(ValidationError, match="not in force"):
        request_to(mh_case, mh_lead, org_wb)


def test_a_minor_needs_consent_from_her_guardian_or_a_cwc_order(mh_lead, org_wb):
    child_case = open_survivor_case(mh_lead, source="WB", destination="MH", survivor={"estimated_age": 15})
    # Recorded as the survivor's own consent before her age was known (bypassing today's form check).
    Consent.objects.create(
        case=child_case,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        recipient_organisation=org_wb,
        given_by=Consent.GivenBy.SURVIVOR,
        method=Consent.Method.WRITTEN,
        given_on=day(5),
        recorded_by=mh_lead.user,
    )
    with pytest.raises(ValidationError, match="guardian"):
        request_to(child_case, mh_lead, org_wb)
    give_consent(
        child_case,
        actor=mh_lead.user,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        recipient=org_wb,
        given_by=Consent.GivenBy.LEGAL_BASIS,
        legal_basis="CWC Mumbai order 12/2026",
    )
    assert request_to(child_case, mh_lead, org_wb).stage == Stage.REQUESTED


def test_consent_withdrawn_before_acceptance_blocks_it(requested, mh_case, mh_lead, wb_receiver, wb_consent):
    case_services.consent_withdraw(actor=mh_lead.user, case=mh_case, consent=wb_consent)
    with pytest.raises(ValidationError, match="consent"):
        move(requested, wb_receiver, "accept")
    assert Repatriation.objects.get(pk=requested.pk).stage == Stage.REQUESTED
    assert not visible(wb_receiver, mh_case)


def test_receiver_loses_the_case_when_consent_is_withdrawn(
    requested, mh_case, mh_lead, wb_receiver, wb_consent, client
):
    walk_to(requested, Stage.ACCEPTED, mh_lead, wb_receiver)
    client.force_login(wb_receiver.user)
    assert client.get(reverse("care:case_care", args=[mh_case.pk])).status_code == 200
    case_services.consent_withdraw(actor=mh_lead.user, case=mh_case, consent=wb_consent)
    assert client.get(reverse("care:case_care", args=[mh_case.pk])).status_code == 404
    assert client.get(reverse("cases:case_detail", args=[mh_case.pk])).status_code == 404
    inbox = client.get(reverse("care:care_inbox")).content.decode()
    assert mh_case.reference not in inbox


def test_the_lead_organisation_receives_without_a_sharing_consent(case, lead, make_member, org_mh, org_wb):
    """A source-led case with the destination NGO on the team: it sends her home to the lead organisation."""
    mh_partner = make_member(Role.CASEWORKER, org_mh, first_name="Meera", last_name="Partner")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org_mh)
    case_services.team_add(actor=lead.user, case=case, membership=mh_partner, role="caseworker")
    record_rescue(case, mh_partner)
    repatriation = request_to(case, mh_partner, org_wb)
    assert repatriation.sending_organisation == org_mh
    assert repatriation.consent is None
    accepted = move(repatriation, lead, "accept")  # already on the team: nothing to join
    assert accepted.stage == Stage.ACCEPTED
    assert CaseAssignment.objects.active().filter(case=case, user=lead.user).count() == 1


# --- who may make each move -------------------------------------------------------------------


def test_sender_cannot_accept_or_acknowledge(requested, mh_lead, wb_receiver):
    with pytest.raises(ValidationError, match="Only Test NGO West Bengal, the receiving organisation"):
        move(requested, mh_lead, "accept")
    handed = walk_to(requested, Stage.HANDED_OVER, mh_lead, wb_receiver)
    with pytest.raises(ValidationError, match="receiving organisation"):
        move(handed, mh_lead, "acknowledge_arrival", acknowledged_at=ago(hours=1))
    assert Repatriation.objects.get(pk=requested.pk).stage == Stage.HANDED_OVER


def test_acknowledgement_by_another_organisation_is_refused(requested, mh_case, mh_lead, wb_receiver, make_member):
    """A third organisation on the team (with consent) sees the case but is not the receiver."""
    other = OrganisationFactory(name="Test NGO Jharkhand", short_name="TNJ", home_state=state("JH"))
    third = make_member(Role.CASEWORKER, other)
    give_consent(mh_case, actor=mh_lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=other)
    case_services.team_add(actor=mh_lead.user, case=mh_case, membership=third, role="caseworker")
    handed = walk_to(requested, Stage.HANDED_OVER, mh_lead, wb_receiver)
    with pytest.raises(ValidationError, match="Only Test NGO West Bengal"):
        move(handed, third, "acknowledge_arrival", acknowledged_at=ago(hours=1))
    assert Deadline.objects.get(rule_code="repatriation_acknowledgement").is_open


def test_someone_outside_the_case_and_the_receiver_gets_404(requested, make_member):
    stranger = make_member(Role.CASEWORKER, OrganisationFactory(short_name="STR"))
    for transition in ("accept", "arrange_travel", "cancel"):
        with pytest.raises(Http404):
            move(requested, stranger, transition)


def test_receiver_cannot_make_the_sending_sides_moves(requested, mh_lead, wb_receiver):
    accepted = walk_to(requested, Stage.ACCEPTED, mh_lead, wb_receiver)
    with pytest.raises(ValidationError, match="sending side"):
        move(accepted, wb_receiver, "arrange_travel", travel_on=day(-1), travel_mode="bus")
    with pytest.raises(ValidationError, match="sending side"):
        move(accepted, wb_receiver, "cancel", closing_reason="other")


def test_receiver_cannot_act_before_acceptance_on_the_case_side(requested, wb_receiver):
    with pytest.raises(Http404):
        move(requested, wb_receiver, "arrange_travel", travel_on=day(-1), travel_mode="bus")


def test_a_coordinator_or_lawyer_cannot_move_it(requested, coordinator, mh_case, mh_lead, make_member, lawyers_network):
    with pytest.raises(ValidationError):
        move(requested, coordinator, "cancel", closing_reason="other")
    lawyer = make_member(Role.LAWYER, lawyers_network)
    give_consent(mh_case, actor=mh_lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=lawyers_network)
    case_services.team_add(actor=mh_lead.user, case=mh_case, membership=lawyer, role="lawyer")
    with pytest.raises(ValidationError, match="does not allow"):
        move(requested, lawyer, "cancel", closing_reason="other")


# --- stage and data ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "transition", "who"),
    [
        (Stage.REQUESTED, "arrange_travel", "sender"),
        (Stage.REQUESTED, "hand_over", "sender"),
        (Stage.REQUESTED, "acknowledge_arrival", "receiver"),
        (Stage.ACCEPTED, "accept", "receiver"),
        (Stage.ACCEPTED, "refuse", "receiver"),
        (Stage.ACCEPTED, "hand_over", "sender"),
        (Stage.TRAVEL_ARRANGED, "acknowledge_arrival", "receiver"),
        (Stage.HANDED_OVER, "cancel", "sender"),
        (Stage.ARRIVAL_ACKNOWLEDGED, "cancel", "sender"),
        (Stage.ARRIVAL_ACKNOWLEDGED, "acknowledge_arrival", "receiver"),
    ],
)
def test_moves_the_stage_does_not_allow_are_refused(requested, mh_lead, wb_receiver, stage, transition, who):
    repatriation = walk_to(requested, stage, mh_lead, wb_receiver)
    values = {
        "travel_on": day(-1),
        "travel_mode": "train",
        "handed_over_at": ago(hours=1),
        "acknowledged_at": ago(),
        "closing_reason": "other",
    }
    asked = set(SPEC.step(transition).fields)
    with pytest.raises(ValidationError, match="cannot be done at the stage"):
        move(
            repatriation,
            mh_lead if who == "sender" else wb_receiver,
            transition,
            **{k: v for k, v in values.items() if k in asked},
        )


def test_acceptance_cannot_be_dated_before_the_request_or_in_the_future(requested, wb_receiver):
    with pytest.raises(ValidationError, match="acceptance is dated before the request"):
        move(requested, wb_receiver, "accept", accepted_on=day(13))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        move(requested, wb_receiver, "accept", accepted_on=day(-1))
    assert Repatriation.objects.get(pk=requested.pk).stage == Stage.REQUESTED


def test_travel_needs_date_and_mode(requested, mh_lead, wb_receiver):
    accepted = walk_to(requested, Stage.ACCEPTED, mh_lead, wb_receiver)
    with pytest.raises(ValidationError) as missing:
        move(accepted, mh_lead, "arrange_travel", travel_on=day(-1))
    assert missing.value.message_dict == {"travel_mode": ["This is needed for this step."]}
    with pytest.raises(ValidationError, match="before the request was accepted"):
        move(accepted, mh_lead, "arrange_travel", travel_on=day(13), travel_mode="bus")


def test_handover_cannot_be_in_the_future_or_before_acceptance(requested, mh_lead, wb_receiver):
    travel = walk_to(requested, Stage.TRAVEL_ARRANGED, mh_lead, wb_receiver)
    with pytest.raises(ValidationError):
        move(travel, mh_lead, "hand_over", handed_over_at=ago(-2))
    with pytest.raises(ValidationError, match="before the request was accepted"):
        move(travel, mh_lead, "hand_over", handed_over_at=ago(days=12))
    assert not Deadline.objects.filter(rule_code="repatriation_acknowledgement").exists()


def test_arrival_cannot_precede_the_handover(requested, mh_lead, wb_receiver):
    handed = walk_to(requested, Stage.HANDED_OVER, mh_lead, wb_receiver)
    with pytest.raises(ValidationError, match="before the handover"):
        move(handed, wb_receiver, "acknowledge_arrival", acknowledged_at=ago(hours=5))


def test_refusal_and_cancellation_need_a_reason(requested, mh_lead, wb_receiver):
    with pytest.raises(ValidationError) as missing:
        move(requested, wb_receiver, "refuse")
    assert missing.value.message_dict == {"closing_reason": ["This is needed for this step."]}
    refused = move(requested, wb_receiver, "refuse", closing_reason="no_capacity", closing_note="No bed this month")
    assert refused.stage == Stage.REFUSED
    refused.refresh_from_db()
    assert refused.closing_note == "No bed this month"
    assert not visible(wb_receiver, refused.case), "refusing does not add her to the team"


def test_cancel_before_handover(requested, mh_lead, wb_receiver):
    accepted = walk_to(requested, Stage.ACCEPTED, mh_lead, wb_receiver)
    with pytest.raises(ValidationError) as missing:
        move(accepted, mh_lead, "cancel")
    assert "closing_reason" in missing.value.message_dict
    cancelled = move(accepted, mh_lead, "cancel", closing_reason="survivor_choice")
    assert cancelled.stage == Stage.CANCELLED


def test_stale_page_is_refused(requested, mh_lead, wb_receiver):
    stale_version = requested.version
    move(requested, wb_receiver, "accept")
    with pytest.raises(ConcurrentEditError):
        services.repatriation_transition(
            actor=wb_receiver.user,
            case=requested.case,
            repatriation=requested,
            transition="refuse",
            expected_version=stale_version,
            values={"closing_reason": "other"},
        )


def test_only_one_repatriation_under_way(requested, mh_case, mh_lead, org_wb):
    with pytest.raises(ValidationError, match="already under way"):
        request_to(mh_case, mh_lead, org_wb)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"to_state": "MH"}, "to_state"),
        ({"requested_on": -3}, "requested_on"),
        ({"requested_on": 40}, "requested_on"),  # before the rescue
        ({"expected_handover_on": 15}, "expected_handover_on"),
    ],
)
def test_request_bad_input(mh_case, mh_lead, org_wb, wb_consent, change, field):
    record_rescue(mh_case, mh_lead, days_ago=30)
    kwargs = {}
    for name, value in change.items():
        kwargs[name] = state(value) if name.endswith("state") else day(value)
    with pytest.raises(ValidationError) as error:
        request_to(mh_case, mh_lead, org_wb, **kwargs)
    assert field in error.value.message_dict
    assert not Repatriation.objects.exists()


def test_request_to_own_organisation_or_a_collective_is_refused(mh_case, mh_lead, org_mh, collective):
    give_consent(mh_case, actor=mh_lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=collective)
    for organisation in (org_mh, collective):
        with pytest.raises(ValidationError) as error:
            request_to(mh_case, mh_lead, organisation)
        assert "receiving_organisation" in error.value.message_dict
    assert collective.kind == Organisation.Kind.SURVIVOR_COLLECTIVE


def test_request_on_a_closed_case_is_refused(mh_case, mh_lead, org_wb, wb_consent):
    mh_case.refresh_from_db()
    case_services.case_close(
        actor=mh_lead.user, case=mh_case, expected_version=mh_case.version, reason="other", closed_on=day(0)
    )
    with pytest.raises(ValidationError, match="closed"):
        request_to(mh_case, mh_lead, org_wb)


# --- overdue acknowledgement ------------------------------------------------------------------


def test_unacknowledged_handover_past_due_shows_overdue(requested, mh_case, mh_lead, wb_receiver, client):
    travel = walk_to(requested, Stage.TRAVEL_ARRANGED, mh_lead, wb_receiver)
    move(travel, mh_lead, "hand_over", handed_over_at=ago(days=6))
    deadline = Deadline.objects.get(rule_code="repatriation_acknowledgement")
    assert deadline.is_overdue
    client.force_login(mh_lead.user)
    care = client.get(reverse("care:case_care", args=[mh_case.pk])).content.decode()
    assert "Arrival not acknowledged: overdue" in care
    overview = client.get(reverse("cases:case_detail", args=[mh_case.pk])).content.decode()
    assert "Arrival acknowledged by TNW" in overview and "overdue" in overview
    client.force_login(wb_receiver.user)
    inbox = client.get(reverse("care:care_inbox")).content.decode()
    assert "Arrival not acknowledged: overdue" in inbox


def test_handover_ends_her_stay_in_the_sending_states_shelter(requested, mh_case, mh_lead, wb_receiver, shelter):
    from care.models import ShelterStay

    stay = services.shelter_stay_record(actor=mh_lead.user, case=mh_case, shelter=shelter, admitted_on=day(25))
    handed = walk_to(requested, Stage.HANDED_OVER, mh_lead, wb_receiver)
    stay.refresh_from_db()
    from django.utils import timezone

    assert stay.left_on == timezone.localtime(handed.handed_over_at).date()
    assert not ShelterStay.objects.filter(case=mh_case, left_on__isnull=True).exists()


def test_fsm_transition_reports_missing_data_not_a_role_refusal(requested, mh_lead, wb_receiver):
    """django_fsm.has_transition_perm() checks conditions too: cases.workflow.fsm_transition must check
    the permission alone, or a step with missing data reads as "your role does not allow this"."""
    accepted = walk_to(requested, Stage.ACCEPTED, mh_lead, wb_receiver)
    with pytest.raises(ValidationError) as error:
        move(accepted, mh_lead, "arrange_travel")
    assert set(error.value.message_dict) == {"travel_on", "travel_mode"}
    assert "does not allow" not in str(error.value)
    # A mode the model does not know reaches the model's checks: its own message, not a role refusal.
    with pytest.raises(ValidationError) as error:
        move(accepted, mh_lead, "arrange_travel", travel_on=day(-1), travel_mode="teleport")
    assert "does not allow" not in str(error.value)


def test_team_join_on_handover_is_only_for_the_person_accepting(mh_case, wb_receiver, mh_lead, wb_consent):
    with pytest.raises(ValidationError):
        case_services.team_join_on_handover(actor=mh_lead.user, case=mh_case, membership=wb_receiver)
    assert not visible(wb_receiver, mh_case)


def test_team_join_on_handover_checks_consent_like_team_add(mh_case, wb_receiver):
    with pytest.raises(ValidationError, match="consent"):
        case_services.team_join_on_handover(actor=wb_receiver.user, case=mh_case, membership=wb_receiver)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_step_forms_never_fail(client, requested, mh_lead, wb_receiver, data):
    """Any input to any step, by either side: 200 with errors or 302, never a 500."""
    transition = data.draw(st.sampled_from([step.name for step in SPEC.steps]))
    who = data.draw(st.sampled_from([mh_lead, wb_receiver]))
    values = data.draw(
        st.fixed_dictionaries(
            {
                "version": st.sampled_from(["", "1", "2", "x", "-1"]),
                "accepted_on": st.sampled_from(["", day(11).isoformat(), "2026-02-31", day(-4).isoformat()]),
                "travel_on": st.sampled_from(["", day(-3).isoformat(), "soon"]),
                "travel_mode": st.sampled_from(["", "train", "teleport"]),
                "handed_over_at": st.sampled_from(["", ago(hours=1).strftime("%Y-%m-%dT%H:%M"), "2999-01-01T00:00"]),
                "acknowledged_at": st.sampled_from(["", ago().strftime("%Y-%m-%dT%H:%M"), "x"]),
                "closing_reason": st.sampled_from(["", "other", "bogus"]),
                "closing_note": st.text(max_size=20),
                "confirm_clear": st.sampled_from(["", "on"]),
                "clear_reason": st.sampled_from(["", "Wrong date recorded"]),
            }
        )
    )
    client.force_login(who.user)
    receiving = transition in RECEIVING_TRANSITIONS
    if receiving:
        url = reverse("care:care_incoming_move", args=[requested.pk, transition])
    else:
        url = reverse("care:care_repatriation_move", args=[requested.case_id, requested.pk, transition])
    with rolled_back():  # every example meets the request as first made
        response = client.post(url, values)
        stage = Repatriation.objects.get(pk=requested.pk).stage
    if receiving != (who == wb_receiver):
        # The other side's step: the sender has no incoming request, the receiver is not on her case.
        assert (response.status_code, stage) == (404, Stage.REQUESTED)
    elif stage != Stage.REQUESTED:
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()


def test_no_travel_or_handover_once_her_consent_is_withdrawn(requested, mh_case, mh_lead, wb_receiver, wb_consent):
    """She withdrew her consent to share with the receiver: the sender cannot hand her over to it, only cancel."""
    accepted = walk_to(requested, Stage.ACCEPTED, mh_lead, wb_receiver)
    case_services.consent_withdraw(actor=mh_lead.user, case=mh_case, consent=wb_consent)
    with pytest.raises(ValidationError, match="consent"):
        move(accepted, mh_lead, "arrange_travel", travel_on=day(1), travel_mode="train")
    assert move(accepted, mh_lead, "cancel", closing_reason="consent_ended").stage == Stage.CANCELLED


def test_step_pages_are_built_from_the_spec(client, requested, mh_case, mh_lead, wb_receiver, make_member):
    """The form asks what the step declares, prefilled with what is recorded, and folds away
    "clear a recorded value"; someone outside the case and the receiver gets 404."""
    accepted = walk_to(requested, Stage.ACCEPTED, mh_lead, wb_receiver)
    move(accepted, mh_lead, "arrange_travel", travel_on=day(-2), travel_mode="train", escort="Const. QX")
    url = reverse("care:care_repatriation_move", args=[mh_case.pk, requested.pk, "cancel"])
    client.force_login(mh_lead.user)
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Cancel the repatriation" in body and "consortium practice" in body
    assert 'name="closing_reason"' in body and 'name="travel_on"' not in body
    assert "Clear a recorded value" in body and 'name="confirm_clear"' in body
    travel = client.get(reverse("care:care_repatriation_move", args=[mh_case.pk, requested.pk, "hand_over"]))
    assert 'name="handed_over_at"' in travel.content.decode()
    done = client.post(url, {"version": Repatriation.objects.get(pk=requested.pk).version, "closing_reason": "other"})
    assert done.status_code == 302
    cancelled = Repatriation.objects.get(pk=requested.pk)
    assert cancelled.stage == Stage.CANCELLED
    assert (cancelled.travel_on, cancelled.travel_mode, cancelled.escort) == (day(-2), "train", "Const. QX")
    stranger = make_member(Role.CASEWORKER, OrganisationFactory(short_name="STQ"))
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("care:care_incoming_move", args=[requested.pk, "accept"])).status_code == 404
