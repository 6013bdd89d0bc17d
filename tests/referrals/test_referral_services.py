"""Referrals through their services: what each move leaves on the case, and each refusal (with its
reason, nothing saved). All data synthetic."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cases import services as case_services
from cases.factories import give_consent
from cases.models import AccessLogEntry, CaseAssignment, CaseEvent, CaseRole, Deadline, Notification, StageTransition
from cases.selectors import case_get_visible
from consortium.factories import OrganisationFactory, state
from consortium.models import Organisation, Role
from referrals import services
from referrals.models import Referral, Service
from survivors.models import Consent, ConsentPurpose
from tests.cases.helpers import FULL_NAME, upload_document
from tests.referrals.conftest import MESSAGE, accept, days, send


def _refused(call, field=None) -> str:
    before = Referral.objects.count()
    with pytest.raises(ValidationError) as refused:
        call()
    assert Referral.objects.count() == before
    if field is not None:
        assert field in refused.value.message_dict, refused.value
        return " ".join(refused.value.message_dict[field])
    return " ".join(refused.value.messages)


# --- sending ------------------------------------------------------------------------------------


def test_sending_leaves_the_referral_its_timeline_deadline_and_the_receivers_notification(
    case, lead, org_mh, share_consent, receiver
):
    document = upload_document(case, lead.user)
    referral = send(case, lead, org_mh, documents=[document])
    assert referral.stage == Referral.Stage.SENT
    assert referral.consent == share_consent
    assert referral.sending_organisation == case.lead_organisation
    assert list(referral.documents.all()) == [document]
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.REFERRAL).get()
    assert event.summary == "Referral (Psychosocial care) TNW → TNM: sent"
    assert FULL_NAME not in event.summary and MESSAGE not in event.summary
    deadline = Deadline.objects.get(case=case, rule_code="referral_response")
    assert deadline.due_on == days(7)
    assert StageTransition.objects.filter(case=case, workflow="referral", transition="create").exists()
    note = Notification.objects.get(user=receiver.user)
    assert note.case is None  # she cannot see the case yet: the note points to her inbox
    assert case.reference in note.title and "TNW" in note.title
    assert FULL_NAME not in note.title


def test_no_consent_for_the_organisation_is_refused(case, lead, org_mh):
    message = _refused(lambda: send(case, lead, org_mh), "receiving_organisation")
    assert "consent to sharing with a named organisation with Test NGO Maharashtra is not in force" in message


def test_a_withdrawn_consent_is_not_in_force(case, lead, org_mh, share_consent):
    case_services.consent_withdraw(actor=lead.user, case=case, consent=share_consent)
    _refused(lambda: send(case, lead, org_mh), "receiving_organisation")


def test_an_inactive_organisation_is_refused(case, lead, org_mh, share_consent):
    Organisation.objects.filter(pk=org_mh.pk).update(is_active=False)
    org_mh.refresh_from_db()
    assert "active organisation" in _refused(lambda: send(case, lead, org_mh), "receiving_organisation")


def test_her_own_lead_organisation_is_refused(case, lead):
    message = _refused(lambda: send(case, lead, case.lead_organisation), "receiving_organisation")
    assert "already leads her case" in message


def test_a_second_open_referral_of_the_same_service_to_the_same_organisation_is_refused(case, lead, org_mh, sent):
    assert "already open" in _refused(lambda: send(case, lead, org_mh), "__all__")
    # Another service to the same organisation is a different need.
    assert send(case, lead, org_mh, service=Service.LIVELIHOOD).stage == Referral.Stage.SENT


def test_a_document_of_another_case_is_refused(case, lead, org_mh, share_consent):
    from tests.cases.helpers import open_survivor_case

    other = open_survivor_case(lead, survivor={"full_name": "Other Qyxwoman"})
    theirs = upload_document(other, lead.user)
    assert "documents of this case" in _refused(lambda: send(case, lead, org_mh, documents=[theirs]), "documents")


def test_a_respond_by_date_in_the_past_is_refused(case, lead, org_mh, share_consent):
    assert "in the past" in _refused(lambda: send(case, lead, org_mh, respond_by=days(-1)), "respond_by")


def test_a_minors_own_consent_is_not_enough(case, lead, org_mh):
    survivor = case.survivor
    survivor.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 15)
    survivor.save()
    from survivors.services import survivor_minor_flag_refresh

    survivor_minor_flag_refresh(survivor)
    # Recorded as her own (before her age was known): not a minor's consent in law.
    Consent.objects.create(
        case=case,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        recipient_organisation=org_mh,
        given_by=Consent.GivenBy.SURVIVOR,
        method=Consent.Method.WRITTEN,
        given_on=days(-3),
        recorded_by=lead.user,
    )
    case.survivor.refresh_from_db()
    assert case.survivor.is_minor_now
    _refused(lambda: send(case, lead, org_mh), "receiving_organisation")
    give_consent(
        case,
        actor=lead.user,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        recipient=org_mh,
        given_by=Consent.GivenBy.GUARDIAN,
        guardian_name="Rekha Vormund",
    )
    assert send(case, lead, org_mh).consent.given_by == Consent.GivenBy.GUARDIAN


def test_someone_outside_the_case_cannot_send(case, org_mh, share_consent, receiver):
    with pytest.raises(Http404):
        send(case, receiver, org_mh)


def test_a_named_person_must_be_able_to_take_the_role(case, lead, lawyers_network, legal_consent, make_member):
    admin = make_member(Role.ORG_ADMIN, lawyers_network)
    message = _refused(
        lambda: send(case, lead, lawyers_network, service=Service.LEGAL_AID, receiving_person=admin.user),
        "receiving_person",
    )
    assert "cannot be lawyer" in message


# --- answering ----------------------------------------------------------------------------------


def test_accepting_gives_the_receiver_a_place_resting_on_her_consent(case, lead, sent, receiver, share_consent):
    assert case_get_visible(receiver.user, case.pk) is None
    moved = accept(sent, receiver)
    assert moved.stage == Referral.Stage.ACCEPTED and moved.answered_by == receiver.user
    place = moved.assignment
    assert (place.user, place.role, place.consent) == (receiver.user, CaseRole.CASEWORKER, share_consent)
    assert case_get_visible(receiver.user, case.pk) is not None
    assert not Deadline.objects.open().filter(case=case, rule_code="referral_response").exists()
    assert Notification.objects.filter(user=lead.user, title__contains="accepted your referral").exists()


def test_consent_withdrawal_ends_the_referrals_place_at_once(case, lead, sent, receiver, share_consent):
    accept(sent, receiver)
    case_services.consent_withdraw(actor=lead.user, case=case, consent=share_consent)
    assert case_get_visible(receiver.user, case.pk) is None


def test_legal_aid_gives_a_lawyer_role_through_the_legal_representation_consent(
    case, lead, lawyers_network, legal_consent, lawyer
):
    moved = accept(send(case, lead, lawyers_network, service=Service.LEGAL_AID), lawyer)
    assert moved.assignment.role == CaseRole.LAWYER
    assert moved.assignment.consent == legal_consent
    assert legal_consent.purpose == ConsentPurpose.LEGAL_REPRESENTATION


def test_legal_aid_needs_the_legal_representation_consent(case, lead, lawyers_network):
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=lawyers_network)
    message = _refused(lambda: send(case, lead, lawyers_network, service=Service.LEGAL_AID), "receiving_organisation")
    assert "legal representation" in message


def test_a_survivor_collective_takes_a_survivor_leader_role(case, lead, collective, make_member):
    leader = make_member(Role.SURVIVOR_LEADER, collective)
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    moved = accept(send(case, lead, collective, service=Service.PSYCHOSOCIAL), leader)
    assert moved.assignment.role == CaseRole.SURVIVOR_LEADER


def test_the_named_person_joins_when_her_admin_accepts(case, lead, org_mh, share_consent, receiver, receiver_admin):
    referral = send(case, lead, org_mh, receiving_person=receiver.user)
    moved = accept(referral, receiver_admin)
    assert moved.assignment.user == receiver.user
    assert case_get_visible(receiver_admin.user, case.pk) is None


def test_declining_needs_a_reason_and_tells_the_sender(case, lead, sent, receiver):
    assert "Choose why" in _refused(
        lambda: services.referral_decline(actor=receiver.user, referral=sent, expected_version=sent.version, reason="")
    )
    moved = services.referral_decline(
        actor=receiver.user, referral=sent, expected_version=sent.version, reason="no_capacity", note="Full until May"
    )
    assert moved.stage == Referral.Stage.DECLINED and moved.answer_note == "Full until May"
    assert Notification.objects.filter(user=lead.user, title__contains="declined").exists()
    assert not CaseAssignment.objects.filter(case=case, user=receiver.user).exists()


def test_a_referral_is_answered_once(case, sent, receiver):
    moved = accept(sent, receiver)
    message = _refused(lambda: accept(moved, receiver))
    assert "cannot be done at the stage" in message
    _refused(
        lambda: services.referral_decline(
            actor=receiver.user, referral=moved, expected_version=moved.version, reason="no_capacity"
        )
    )


def test_no_decline_after_withdrawal(case, lead, sent, receiver):
    withdrawn = services.referral_withdraw(actor=lead.user, referral=sent, expected_version=sent.version)
    assert withdrawn.stage == Referral.Stage.WITHDRAWN
    assert "stage" in _refused(
        lambda: services.referral_decline(
            actor=receiver.user, referral=withdrawn, expected_version=withdrawn.version, reason="no_capacity"
        )
    )


def test_a_stale_page_is_refused(case, sent, receiver):
    with pytest.raises(ValidationError):
        services.referral_accept(actor=receiver.user, referral=sent, expected_version=sent.version - 1)
    sent.refresh_from_db()
    assert sent.stage == Referral.Stage.SENT


def test_someone_of_neither_side_gets_a_404(case, sent, make_member):
    stranger = make_member(Role.CASEWORKER, OrganisationFactory(home_state=state("OD")))
    with pytest.raises(Http404):
        services.referral_accept(actor=stranger.user, referral=sent, expected_version=sent.version)


# --- the end of a referral ------------------------------------------------------------------------


def test_closing_with_the_outcome_ends_the_place_it_gave(case, sent, receiver):
    moved = accept(sent, receiver)
    closed = services.referral_close(
        actor=receiver.user,
        referral=moved,
        expected_version=moved.version,
        outcome="partly",
        outcome_on=days(0),
        follow_up_on=days(30),
        note="Sessions 1-4 of 8 held",
    )
    assert (closed.stage, closed.outcome, closed.follow_up_on) == (Referral.Stage.CLOSED, "partly", days(30))
    assert case_get_visible(receiver.user, case.pk) is None
    assert CaseEvent.objects.filter(case=case, summary__endswith=": Service partly given").exists()


def test_closing_keeps_a_place_she_held_for_another_reason(case, lead, org_mh, share_consent, receiver):
    case_services.team_add(actor=lead.user, case=case, membership=receiver, role=CaseRole.CASEWORKER)
    moved = accept(send(case, lead, org_mh), receiver)
    assert moved.assignment is None
    services.referral_close(
        actor=receiver.user, referral=moved, expected_version=moved.version, outcome="given", outcome_on=days(0)
    )
    assert case_get_visible(receiver.user, case.pk) is not None


def test_an_outcome_needs_its_day_not_in_the_future(case, sent, receiver):
    moved = accept(sent, receiver)
    message = _refused(
        lambda: services.referral_close(
            actor=receiver.user, referral=moved, expected_version=moved.version, outcome="given", outcome_on=days(2)
        ),
        "outcome_on",
    )
    assert "future" in message


def test_withdrawing_an_accepted_referral_ends_its_place(case, lead, sent, receiver):
    moved = accept(sent, receiver)
    services.referral_withdraw(actor=lead.user, referral=moved, expected_version=moved.version)
    assert case_get_visible(receiver.user, case.pk) is None


def test_the_scan_expires_unanswered_referrals_and_tells_the_sender(case, lead, sent, receiver):
    from cases.tasks import deadline_scan

    assert services.referrals_expire_unanswered(today=days(7)) == []  # the respond-by day itself counts
    expired = services.referrals_expire_unanswered(today=days(8))
    assert [r.pk for r in expired] == [sent.pk]
    sent.refresh_from_db()
    assert sent.stage == Referral.Stage.EXPIRED
    assert Notification.objects.filter(user=lead.user, title__contains="expired").exists()
    assert Deadline.objects.get(case=case, rule_code="referral_response").status == Deadline.Status.CANCELLED
    assert CaseEvent.objects.filter(case=case, summary__endswith=": expired unanswered").exists()
    # Answering after expiry is refused.
    assert "stage" in _refused(lambda: accept(sent, receiver))
    # The deadline scan runs it (cases.tasks.deadline_scan_done).
    assert deadline_scan()["expired_referrals"] == 0


def test_the_deadline_scan_expires_them(case, lead, org_mh, share_consent, receiver):
    from cases.tasks import deadline_scan

    referral = send(case, lead, org_mh)
    Referral.objects.filter(pk=referral.pk).update(respond_by=days(-1))
    assert deadline_scan()["expired_referrals"] == 1
    referral.refresh_from_db()
    assert referral.stage == Referral.Stage.EXPIRED


# --- transfer of lead ---------------------------------------------------------------------------------


@pytest.fixture
def colleague(make_member, org_wb, case, lead):
    """Another caseworker of the lead organisation on the team."""
    member = make_member(Role.CASEWORKER, org_wb, first_name="Esha", last_name="Colleague")
    case_services.team_add(actor=lead.user, case=case, membership=member, role=CaseRole.CASEWORKER)
    return member


def test_a_transfer_needs_the_lead_caseworker_or_lead_admin(case, lead, colleague, org_mh, share_consent):
    with pytest.raises(Http404):
        send(case, colleague, org_mh, kind=Referral.Kind.TRANSFER, service="")
    assert send(case, lead, org_mh, kind=Referral.Kind.TRANSFER, service="").service == Service.WHOLE_CASE


def test_transfer_of_lead(case, lead, colleague, org_wb, org_mh, share_consent, receiver):
    reference = case.reference
    transfer = send(case, lead, org_mh, kind=Referral.Kind.TRANSFER, service="")
    moved = accept(transfer, receiver)
    case.refresh_from_db()
    assert case.lead_organisation == org_mh and case.reference == reference
    leads = CaseAssignment.objects.active().filter(case=case, role=CaseRole.LEAD_CASEWORKER)
    assert [a.user for a in leads] == [receiver.user]
    assert leads[0].consent is None  # she is of the lead organisation now
    assert CaseEvent.objects.filter(
        case=case, summary="Lead organisation changed from TNW to TNM (case reference kept)"
    ).exists()
    logged = AccessLogEntry.objects.get(case=case, action=AccessLogEntry.Action.LEAD_TRANSFERRED)
    assert logged.user == receiver.user and f"referral {transfer.pk}" in logged.target
    # Until the handover of the file is acknowledged, the old lead stays, as a caseworker.
    assert set(CaseAssignment.objects.active().filter(case=case, user=lead.user).values_list("role", flat=True)) == {
        CaseRole.CASEWORKER
    }
    # Her consent to share with the old lead organisation keeps the colleague, not the others.
    give_consent(case, actor=receiver.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org_wb)
    done = services.referral_acknowledge(actor=lead.user, referral=moved, expected_version=moved.version)
    assert done.stage == Referral.Stage.ACKNOWLEDGED
    kept = CaseAssignment.objects.active().get(case=case, user=colleague.user)
    assert kept.consent.recipient_organisation == org_wb
    assert case_get_visible(lead.user, case.pk) is not None  # kept too, on the same consent


def test_after_acknowledgement_the_old_organisation_without_consent_leaves(
    case, lead, colleague, org_mh, share_consent, receiver
):
    moved = accept(send(case, lead, org_mh, kind=Referral.Kind.TRANSFER, service=""), receiver)
    services.referral_acknowledge(actor=lead.user, referral=moved, expected_version=moved.version)
    assert case_get_visible(lead.user, case.pk) is None
    assert case_get_visible(colleague.user, case.pk) is None
    assert case_get_visible(receiver.user, case.pk) is not None


def test_an_accepted_transfer_is_not_withdrawn(case, lead, org_mh, share_consent, receiver):
    moved = accept(send(case, lead, org_mh, kind=Referral.Kind.TRANSFER, service=""), receiver)
    assert "cannot be withdrawn" in _refused(
        lambda: services.referral_withdraw(actor=lead.user, referral=moved, expected_version=moved.version)
    )


def test_a_transfer_to_a_lawyers_network_is_refused(case, lead, lawyers_network):
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=lawyers_network)
    assert "led by" in _refused(
        lambda: send(case, lead, lawyers_network, kind=Referral.Kind.TRANSFER, service=""), "receiving_organisation"
    )


def test_a_referral_is_not_acknowledged(case, lead, sent, receiver):
    moved = accept(sent, receiver)
    assert "transfer of lead" in _refused(
        lambda: services.referral_acknowledge(actor=lead.user, referral=moved, expected_version=moved.version)
    )


def test_a_secretariat_is_not_referred_to(case, lead, secretariat):
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=secretariat)
    assert "gives services" in _refused(lambda: send(case, lead, secretariat), "receiving_organisation")


def test_accepting_a_referral_whose_case_was_closed_since_is_refused(case, lead, sent, receiver):
    case.refresh_from_db()
    case_services.case_close(
        actor=lead.user, case=case, expected_version=case.version, reason="lost_contact", closed_on=days(0)
    )
    sent.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        accept(sent, receiver)
    assert "The case was closed after this referral was sent" in " ".join(refused.value.messages)
    sent.refresh_from_db()
    assert sent.stage == Referral.Stage.SENT
    assert not CaseAssignment.objects.filter(case=case, user=receiver.user).exists()


def test_an_accepted_transfer_opens_the_acknowledgement_deadline_and_acknowledging_meets_it(
    case, lead, org_mh, share_consent, receiver
):
    moved = accept(send(case, lead, org_mh, kind=Referral.Kind.TRANSFER, service=""), receiver)
    due = Deadline.objects.get(case=case, rule_code="lead_transfer_acknowledgement")
    assert due.status == Deadline.Status.OPEN and due.due_on == days(7)
    assert due.rule.source_kind == "practice" and due.rule.legal_source.startswith("Consortium practice")
    services.referral_acknowledge(actor=lead.user, referral=moved, expected_version=moved.version)
    due.refresh_from_db()
    assert due.status == Deadline.Status.MET


def test_an_accepted_referral_opens_no_acknowledgement_deadline(case, sent, receiver):
    accept(sent, receiver)
    assert not Deadline.objects.filter(case=case, rule_code="lead_transfer_acknowledgement").exists()
