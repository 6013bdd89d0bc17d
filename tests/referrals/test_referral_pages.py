"""Referral pages as people see them: the case's Referrals tab and its forms, the receiving
organisation's inbox and its page for one referral. All data synthetic."""

from django.urls import reverse

from cases import services as case_services
from cases.models import AccessLogEntry, CaseAssignment
from consortium.factories import OrganisationFactory, state
from consortium.models import Role
from referrals.models import Referral
from tests.cases.helpers import FULL_NAME, PHONE, VILLAGE, upload_document
from tests.referrals.conftest import MESSAGE, accept, days, send
from tests.sweep.harness import normalise


def _inbox(client):
    return client.get(reverse("referrals:referral_inbox"))


def _item(referral):
    return reverse("referrals:incoming_referral", kwargs={"referral_id": referral.pk})


def _answer(referral, answer):
    return reverse("referrals:incoming_answer", kwargs={"referral_id": referral.pk, "answer": answer})


def _tab(case):
    return reverse("referrals:case_referrals", kwargs={"case_id": case.pk})


# --- the receiving side before it accepts -------------------------------------------------------------


def test_the_inbox_shows_what_the_referral_shares_and_never_her_identity(case, lead, sent, receiver, login):
    client = login(receiver)
    page = _inbox(client).content.decode()
    assert case.reference in page and case.survivor.pseudonym in page
    assert "Psychosocial care" in page
    for secret in (FULL_NAME, PHONE, VILLAGE):
        assert secret not in page
    # The navigation counts it.
    assert 'class="count-badge">1<' in page


def test_the_receivers_page_shows_the_message_and_document_titles_not_the_case(
    case, lead, org_mh, share_consent, receiver, login
):
    document = upload_document(case, lead.user, title="Medical report, Civil Hospital")
    referral = send(case, lead, org_mh, documents=[document])
    client = login(receiver)
    page = client.get(_item(referral)).content.decode()
    assert MESSAGE in page
    assert "Statement: Medical report, Civil Hospital" in page
    assert FULL_NAME not in page and VILLAGE not in page
    assert reverse("cases:case_document_download", args=[case.pk, document.pk]) not in page
    assert AccessLogEntry.objects.filter(
        case=case, user=receiver.user, target=f"incoming referral {referral.pk}"
    ).exists()
    # She cannot open the case itself before accepting.
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_an_outsider_gets_the_404_of_a_missing_referral(case, sent, make_member, login):
    stranger = make_member(Role.CASEWORKER, OrganisationFactory(home_state=state("OD")))
    client = login(stranger)
    theirs = client.get(_item(sent))
    missing = client.get(reverse("referrals:incoming_referral", kwargs={"referral_id": sent.pk + 999}))
    assert theirs.status_code == missing.status_code == 404
    assert normalise(theirs.content, _item(sent)) == normalise(
        missing.content, reverse("referrals:incoming_referral", kwargs={"referral_id": sent.pk + 999})
    )
    assert client.get(_answer(sent, "accept")).status_code == 404
    assert Referral.objects.get(pk=sent.pk).stage == Referral.Stage.SENT


def test_a_lawyer_of_the_receiving_organisation_does_not_answer_a_caseworkers_referral(
    case, sent, org_mh, make_member, login
):
    lawyer_there = make_member(Role.LAWYER, org_mh)
    client = login(lawyer_there)
    assert client.get(_item(sent)).status_code == 404
    assert case.reference not in _inbox(client).content.decode()


def test_accepting_through_the_page_opens_the_case(case, sent, receiver, login):
    client = login(receiver)
    form = client.get(_answer(sent, "accept"))
    assert form.status_code == 200 and "Accept" in form.content.decode()
    response = client.post(_answer(sent, "accept"), {"version": sent.version})
    assert response.status_code == 302 and response.url == _tab(case)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    assert CaseAssignment.objects.active().filter(case=case, user=receiver.user).exists()


def test_declining_through_the_page_needs_a_reason(case, sent, receiver, login):
    client = login(receiver)
    refused = client.post(_answer(sent, "decline"), {"version": sent.version, "reason": "", "note": "x"})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    assert Referral.objects.get(pk=sent.pk).stage == Referral.Stage.SENT
    done = client.post(_answer(sent, "decline"), {"version": sent.version, "reason": "no_capacity", "note": "Full"})
    assert done.status_code == 302
    assert Referral.objects.get(pk=sent.pk).stage == Referral.Stage.DECLINED


def test_answering_twice_is_refused_with_the_reason(case, sent, receiver, login):
    client = login(receiver)
    client.post(_answer(sent, "accept"), {"version": sent.version})
    again = client.post(_answer(sent, "decline"), {"version": sent.version + 1, "reason": "no_capacity"})
    assert again.status_code == 200
    assert "cannot be done at the stage" in again.content.decode()
    assert Referral.objects.get(pk=sent.pk).stage == Referral.Stage.ACCEPTED


def test_consent_withdrawal_ends_her_access_on_the_next_request(case, lead, sent, receiver, share_consent, login):
    accept(sent, receiver)
    client = login(receiver)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    case_services.consent_withdraw(actor=lead.user, case=case, consent=share_consent)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert client.get(_item(sent)).status_code == 404  # nor the referral she answered


def test_after_acceptance_the_shared_documents_are_listed_with_their_logged_download(
    case, lead, org_mh, share_consent, receiver, login
):
    document = upload_document(case, lead.user)
    referral = accept(send(case, lead, org_mh, documents=[document]), receiver)
    client = login(receiver)
    download = reverse("cases:case_document_download", args=[case.pk, document.pk])
    assert download in client.get(_item(referral)).content.decode()
    assert client.get(download).status_code == 200
    assert AccessLogEntry.objects.filter(
        case=case, user=receiver.user, action=AccessLogEntry.Action.DOWNLOAD_DOCUMENT
    ).exists()


def test_the_inbox_reads_a_constant_number_of_queries(
    case, lead, org_mh, share_consent, receiver, login, django_assert_max_num_queries
):
    from tests.cases.helpers import open_survivor_case

    client = login(receiver)
    send(case, lead, org_mh)
    _inbox(client)
    with django_assert_max_num_queries(30) as few:
        _inbox(client)
    for n in range(4):
        other = open_survivor_case(lead, survivor={"full_name": f"Qyxa Survivor {n}"})
        from cases.factories import give_consent
        from survivors.models import ConsentPurpose

        give_consent(other, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org_mh)
        document = upload_document(other, lead.user)
        send(other, lead, org_mh, documents=[document])
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        page = _inbox(client)
    assert page.content.decode().count("Read and answer") == 5
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the sending side -----------------------------------------------------------------------------------


def test_the_referrals_tab_lists_them_with_state_and_respond_by(case, lead, sent, login):
    page = login(lead).get(_tab(case)).content.decode()
    assert "Psychosocial care" in page and "TNM" in page and "Sent" in page
    assert f"{days(7).day} " in page
    assert 'aria-current="page">Referrals<' in page


def test_sending_through_the_form(case, lead, org_mh, share_consent, login):
    client = login(lead)
    url = reverse("referrals:referral_new", args=[case.pk])
    assert "Test NGO Maharashtra" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "service": "shelter",
            "receiving_organisation": org_mh.pk,
            "respond_by": days(5).isoformat(),
            "message": "Needs a safe place for two weeks",
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get(case=case).service == "shelter"


def test_a_bad_respond_by_date_is_said_and_nothing_saved(case, lead, org_mh, share_consent, login):
    client = login(lead)
    response = client.post(
        reverse("referrals:referral_new", args=[case.pk]),
        {"service": "shelter", "receiving_organisation": org_mh.pk, "respond_by": days(-2).isoformat()},
    )
    assert response.status_code == 200
    assert "The respond-by date is in the past." in response.content.decode()
    assert not Referral.objects.exists()


def test_the_transfer_form_warns_whose_places_end(case, lead, org_mh, share_consent, login):
    page = login(lead).get(reverse("referrals:transfer_new", args=[case.pk])).content.decode()
    assert "Their places end at the acknowledgement:" in page
    assert lead.user.display_name in page


def test_sending_a_transfer_through_its_form(case, lead, org_mh, share_consent, receiver, login):
    response = login(lead).post(
        reverse("referrals:transfer_new", args=[case.pk]),
        {"receiving_organisation": org_mh.pk, "receiving_person": receiver.user.pk, "respond_by": days(3).isoformat()},
    )
    assert response.status_code == 302
    transfer = Referral.objects.get(case=case)
    assert (transfer.kind, transfer.service, transfer.receiving_person) == ("transfer", "whole_case", receiver.user)


def test_the_lawyer_on_the_team_does_not_refer(case, lead, lawyers_network, legal_consent, lawyer, login):
    case_services.team_add(actor=lead.user, case=case, membership=lawyer, role="lawyer")
    client = login(lawyer)
    assert client.get(reverse("referrals:referral_new", args=[case.pk])).status_code == 404
    assert client.get(reverse("referrals:transfer_new", args=[case.pk])).status_code == 404


def test_withdrawing_from_the_tab(case, lead, sent, login):
    client = login(lead)
    response = client.post(reverse("referrals:referral_withdraw", args=[case.pk, sent.pk]), {"version": sent.version})
    assert response.status_code == 302
    assert Referral.objects.get(pk=sent.pk).stage == Referral.Stage.WITHDRAWN


def test_the_receiver_closes_it_with_the_outcome(case, sent, receiver, login):
    referral = accept(sent, receiver)
    client = login(receiver)
    url = reverse("referrals:referral_close", args=[case.pk, referral.pk])
    refused = client.post(url, {"version": referral.version, "outcome": "given", "outcome_on": days(3).isoformat()})
    assert refused.status_code == 200 and "cannot be in the future" in refused.content.decode()
    done = client.post(url, {"version": referral.version, "outcome": "given", "outcome_on": days(0).isoformat()})
    assert done.status_code == 302
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_the_transfer_shows_on_the_timeline_and_in_the_access_log(case, lead, org_mh, share_consent, receiver, login):
    transfer = send(case, lead, org_mh, kind=Referral.Kind.TRANSFER, service="")
    client = login(receiver)
    client.post(_answer(transfer, "accept"), {"version": transfer.version})
    timeline = client.get(reverse("cases:case_timeline", args=[case.pk])).content.decode()
    assert "Lead organisation changed from TNW to TNM (case reference kept)" in timeline
    entry = AccessLogEntry.objects.get(case=case, action=AccessLogEntry.Action.LEAD_TRANSFERRED)
    assert entry.user == receiver.user and entry.ip_address == "127.0.0.1"


def test_a_survivor_leader_in_support_sees_only_her_collectives_referral_not_her_other_needs(
    case, lead, sent, receiver, collective, make_member, login
):
    from cases.factories import give_consent
    from referrals.models import Service
    from survivors.models import ConsentPurpose

    leader = make_member(Role.SURVIVOR_LEADER, collective, first_name="Sathi", last_name="Leader")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    accept(send(case, lead, collective, service=Service.LIVELIHOOD), leader)
    client = login(leader)
    tab = client.get(_tab(case))
    assert tab.status_code == 200
    page = tab.content.decode()
    assert "Livelihood" in page  # the referral to her own collective
    assert "Psychosocial care" not in page  # her referral elsewhere, a need as private as a care record
    timeline = client.get(reverse("cases:case_timeline", kwargs={"case_id": case.pk})).content.decode()
    assert "Psychosocial care" not in timeline and "Livelihood" not in timeline
    # The lead caseworker sees both, on the tab and on the timeline.
    lead_client = login(lead)
    assert "Psychosocial care" in lead_client.get(_tab(case)).content.decode()
    assert (
        "Psychosocial care"
        in lead_client.get(reverse("cases:case_timeline", kwargs={"case_id": case.pk})).content.decode()
    )
