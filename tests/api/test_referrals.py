"""Referrals through the API: the case's Referrals tab, sending, the sender's and the receiver's moves,
and the receiving organisation's inbox, under the same rules as the web pages. All data synthetic."""

import pytest

from cases.models import AccessLogEntry, CaseAssignment, CaseEvent
from cases.selectors import case_get_visible
from consortium.models import Role
from referrals.models import Referral, Service
from tests.api.helpers import api_client, url
from tests.cases.helpers import FULL_NAME
from tests.referrals.conftest import MESSAGE, accept, days, receiver, send, share_consent  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(case, lead, org_mh, share_consent, receiver):  # noqa: F811
    """A referral for psychosocial care to org_mh, whose caseworker is `receiver`."""
    return send(case, lead, org_mh)


def tab(case, tail=""):
    return url(f"cases/{case.pk}/referrals/{tail}")


def inbox(tail=""):
    return url(f"referrals/incoming/{tail}")


def send_body(org, **overrides):
    return {
        "service": Service.PSYCHOSOCIAL,
        "receiving_organisation": org.pk,
        "respond_by": days(7).isoformat(),
        "message": MESSAGE,
        **overrides,
    }


# --- the case's tab -------------------------------------------------------------------------------


def test_the_lead_reads_the_tab_with_the_buttons_she_has(case, lead, sent):
    response = api_client(lead).get(tab(case))
    assert response.status_code == 200
    [row] = response.json()
    assert (row["id"], row["stage"], row["service"]) == (sent.pk, "sent", "psychosocial")
    assert row["receiving_organisation"] == "TNM" and row["sending_organisation"] == "TNW"
    assert row["actions"] == ["withdraw"]
    assert FULL_NAME not in response.content.decode()


def test_a_survivor_leader_sees_only_referrals_to_her_collective(case, leader, sent):
    client = api_client(leader)
    assert client.get(tab(case)).json() == []
    assert client.get(tab(case, f"{sent.pk}/")).status_code == 404


def test_someone_outside_the_case_gets_the_same_404_as_for_none(case, outsider, sent):
    client = api_client(outsider)
    hidden = client.get(tab(case, f"{sent.pk}/"))
    assert hidden.status_code == 404
    assert hidden.content == client.get(tab(case, "999999/")).content


# --- sending --------------------------------------------------------------------------------------


def test_sending_saves_the_referral_and_its_timeline(case, lead, org_mh, share_consent, receiver):  # noqa: F811
    response = api_client(lead).post(tab(case), send_body(org_mh), format="json")
    assert response.status_code == 201, response.json()
    referral = Referral.objects.get(case=case)
    assert response.json()["id"] == referral.pk
    assert (referral.stage, referral.service, referral.message) == ("sent", "psychosocial", MESSAGE)
    assert referral.respond_by == days(7)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.REFERRAL, summary__endswith="sent").exists()


def test_without_her_consent_it_is_refused_with_the_field_named(case, lead, org_mh):
    response = api_client(lead).post(tab(case), send_body(org_mh), format="json")
    assert response.status_code == 400
    assert "is not in force" in response.json()["errors"]["receiving_organisation"][0]
    assert not Referral.objects.exists()


def test_the_web_forms_rules_apply_unknown_fields_too(case, lead, org_mh, share_consent):  # noqa: F811
    client = api_client(lead)
    late = client.post(tab(case), send_body(org_mh, respond_by=days(120).isoformat()), format="json")
    assert late.status_code == 400 and "90 days" in late.json()["errors"]["respond_by"][0]
    unknown = client.post(tab(case), send_body(org_mh, stage="accepted"), format="json")
    assert unknown.status_code == 400 and unknown.json()["errors"]["stage"] == ["Unknown field."]
    assert not Referral.objects.exists()


def test_a_survivor_leader_may_not_send(case, leader, org_mh, share_consent):  # noqa: F811
    response = api_client(leader).post(tab(case), send_body(org_mh), format="json")
    assert response.status_code == 404
    assert not Referral.objects.exists()


# --- the sender's and the receiver's moves on the case ----------------------------------------------


def test_withdrawing_with_the_version_read(case, lead, sent):
    client = api_client(lead)
    stale = client.post(tab(case, f"{sent.pk}/withdraw/"), {"version": sent.version - 1}, format="json")
    assert stale.status_code == 409
    sent.refresh_from_db()
    assert sent.stage == "sent"
    done = client.post(
        tab(case, f"{sent.pk}/withdraw/"), {"version": sent.version, "note": "Found a place"}, format="json"
    )
    assert done.status_code == 200 and done.json()["stage"] == "withdrawn"
    sent.refresh_from_db()
    assert sent.stage == "withdrawn" and sent.answer_note == "Found a place"


def test_a_referral_is_not_acknowledged_like_a_transfer(case, lead, sent):
    response = api_client(lead).post(tab(case, f"{sent.pk}/acknowledge/"), {"version": sent.version}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == ["This cannot be done at the stage “Sent”."]
    sent.refresh_from_db()
    assert sent.stage == "sent"


def test_the_receiver_on_her_team_closes_it_and_her_place_ends(case, lead, sent, receiver):  # noqa: F811
    moved = accept(sent, receiver)
    body = {"version": moved.version, "outcome": "given", "outcome_on": days(0).isoformat()}
    # the sender may not record the receiver's outcome: the web's page is not hers either
    assert api_client(lead).post(tab(case, f"{sent.pk}/close/"), body, format="json").status_code == 404
    future = api_client(receiver).post(
        tab(case, f"{sent.pk}/close/"), {**body, "outcome_on": days(3).isoformat()}, format="json"
    )
    assert future.status_code == 400 and "future" in future.json()["errors"]["outcome_on"][0]
    response = api_client(receiver).post(tab(case, f"{sent.pk}/close/"), body, format="json")
    assert response.status_code == 204  # the place it gave her ended: the case is no longer hers to see
    sent.refresh_from_db()
    assert (sent.stage, sent.outcome) == ("closed", "given")
    assert case_get_visible(receiver.user, case.pk) is None


# --- the receiving organisation's inbox -------------------------------------------------------------


def test_the_inbox_shows_only_what_the_referral_shares(case, sent, receiver):  # noqa: F811
    response = api_client(receiver).get(inbox())
    assert response.status_code == 200
    [row] = response.json()["waiting"]
    assert row["id"] == sent.pk and row["case_reference"] == case.reference
    assert row["pseudonym"] == case.survivor.pseudonym and row["message"] == MESSAGE
    assert FULL_NAME not in response.content.decode()
    assert response.json()["recent"] == []


def test_the_inbox_is_the_receivers_not_the_senders(case, lead, coordinator, sent):
    assert api_client(lead).get(inbox()).json() == {"waiting": [], "recent": []}
    assert api_client(lead).get(inbox(f"{sent.pk}/")).status_code == 404
    assert api_client(coordinator).get(inbox()).status_code == 403  # no inbox, as on the web


def test_reading_an_incoming_referral_is_logged_on_its_case(case, sent, receiver):  # noqa: F811
    response = api_client(receiver).get(inbox(f"{sent.pk}/"))
    assert response.status_code == 200 and response.json()["case"] is None  # not hers to see yet
    entry = AccessLogEntry.objects.filter(user=receiver.user, case=case).get()
    assert entry.action == AccessLogEntry.Action.VIEW_CASE


def test_accepting_puts_her_on_the_team(case, sent, receiver):  # noqa: F811
    client = api_client(receiver)
    response = client.post(inbox(f"{sent.pk}/accept/"), {"version": sent.version}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == "accepted" and response.json()["case"] == case.pk
    assert CaseAssignment.objects.active().filter(case=case, user=receiver.user).exists()
    # the same step again: the referral is no longer waiting
    again = client.post(inbox(f"{sent.pk}/accept/"), {"version": response.json()["version"]}, format="json")
    assert again.status_code == 400


def test_declining_needs_a_reason_and_the_current_version(case, sent, make_member, org_mh):
    admin = make_member(Role.ORG_ADMIN, org_mh)
    client = api_client(admin)
    no_reason = client.post(inbox(f"{sent.pk}/decline/"), {"version": sent.version}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    stale = client.post(
        inbox(f"{sent.pk}/decline/"), {"version": sent.version + 1, "reason": "no_capacity"}, format="json"
    )
    assert stale.status_code == 409
    sent.refresh_from_db()
    assert sent.stage == "sent"
    done = client.post(inbox(f"{sent.pk}/decline/"), {"version": sent.version, "reason": "no_capacity"}, format="json")
    assert done.status_code == 200 and done.json()["stage"] == "declined"
    sent.refresh_from_db()
    assert (sent.stage, sent.decline_reason) == ("declined", "no_capacity")


# --- a transfer of lead ------------------------------------------------------------------------------


def test_a_transfer_of_lead_sent_accepted_and_acknowledged(case, lead, org_mh, share_consent, receiver):  # noqa: F811
    client = api_client(lead)
    with_service = client.post(tab(case, "transfer/"), send_body(org_mh), format="json")
    assert with_service.status_code == 400 and with_service.json()["errors"]["service"] == ["Unknown field."]
    body = {k: v for k, v in send_body(org_mh).items() if k != "service"}
    response = client.post(tab(case, "transfer/"), body, format="json")
    assert response.status_code == 201, response.json()
    transfer = Referral.objects.get(case=case)
    assert (transfer.kind, transfer.service) == ("transfer", "whole_case")
    # the receiver takes the lead; the old lead may no longer withdraw it, only acknowledge the handover
    accepted = api_client(receiver).post(inbox(f"{transfer.pk}/accept/"), {"version": transfer.version}, format="json")
    assert accepted.status_code == 200, accepted.json()
    case.refresh_from_db()
    assert case.lead_organisation == org_mh
    [row] = client.get(tab(case)).json()
    assert row["actions"] == ["acknowledge"]
    done = client.post(tab(case, f"{transfer.pk}/acknowledge/"), {"version": row["version"]}, format="json")
    assert done.status_code == 204  # her place rested on her organisation's lead: it ended
    transfer.refresh_from_db()
    assert transfer.stage == "acknowledged"
    assert case_get_visible(lead.user, case.pk) is None
