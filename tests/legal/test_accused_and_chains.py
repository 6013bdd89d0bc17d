"""Accused persons across cases, and trafficking chains: nothing about a case she cannot see
may reach her (not a name, not a reference, not a count, not a different answer)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from cases import services as case_services
from cases.models import CaseEvent, CaseRole
from consortium.models import Role
from legal.accused import services as accused_services
from legal.investigation import services
from legal.models import Accused, AccusedMatchAlert, CaseAccused, FIRAccused
from legal.recording import clean_list
from tests.cases.helpers import open_survivor_case

from .helpers import ACCUSED_ALIAS, ACCUSED_NAME, ACCUSED_PHONE, accused_data, make_fir


@pytest.fixture
def other_lead(make_member, org_mh):
    return make_member(Role.CASEWORKER, org_mh, first_name="Meera", last_name="Mumbai")


@pytest.fixture
def other_case(other_lead):
    return open_survivor_case(other_lead, survivor={"full_name": "Other Survivor Pq", "phone_numbers": ["9000000001"]})


def test_accused_pii_is_encrypted_at_rest(case, lead):
    link = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter")
    with connection.cursor() as cursor:
        cursor.execute("SELECT names, aliases, phones, addresses FROM legal_accused WHERE id = %s", [link.accused_id])
        raw = " ".join(str(v) for v in cursor.fetchone())
    for secret in (ACCUSED_NAME, ACCUSED_ALIAS, "99000", "Pimpri"):
        assert secret not in raw
    assert str(link.accused) == f"Accused #{link.accused_id}"
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.INVESTIGATION).first()
    assert ACCUSED_NAME not in event.summary


@pytest.mark.parametrize(
    "typed",
    [
        {"names": ["bhola  TRAFIKWALA qzx"], "phones": []},
        {"names": ["Someone Else"], "phones": ["099000 11122"]},
        {"names": ["Unrelated"], "aliases": ["Bholu Qzx"], "phones": []},
    ],
)
def test_a_match_on_a_case_she_sees_is_offered(case, lead, typed):
    existing = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter").accused
    second = open_survivor_case(lead, survivor={"full_name": "Second Survivor Wx"})
    visible, hidden = accused_services.accused_matches(actor=lead.user, **typed)
    assert visible == [existing] and hidden == []
    link = accused_services.accused_record(actor=lead.user, case=second, **typed, role="transporter", link_to=existing)
    # The same person, recorded by this case with what she typed here; the first case's record is untouched.
    assert link.accused != existing and link.accused.person_id == existing.person_id
    assert link.accused.names == clean_list(typed["names"])
    existing.refresh_from_db()
    assert existing.names == [ACCUSED_NAME] and existing.version == 1
    assert CaseAccused.objects.filter(accused__person_id=existing.person_id).count() == 2
    assert not AccusedMatchAlert.objects.exists()


def test_a_match_on_a_case_she_cannot_see_is_never_revealed(client, case, lead, other_case, other_lead, coordinator):
    accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter")
    typed = {"names": ["Bhola Trafikwala Qzx"], "phones": [ACCUSED_PHONE]}
    visible, hidden = accused_services.accused_matches(actor=other_lead.user, **typed)
    assert visible == [] and len(hidden) == 1

    # Her page: the same answer as when nothing matches (no offer, no count, no reference).
    client.force_login(other_lead.user)
    url = reverse("legal:accused_new", kwargs={"case_id": other_case.pk})
    post = {"names": "Bhola Trafikwala Qzx", "phones": ACCUSED_PHONE, "role": "recruiter"}
    response = client.post(url, post)
    assert response.status_code == 302  # recorded straight away, as a new person
    body = client.get(reverse("legal:investigation", kwargs={"case_id": other_case.pk})).content.decode()
    assert case.reference not in body
    assert "already be recorded" not in body
    new = CaseAccused.objects.get(case=other_case).accused
    assert new.pk != CaseAccused.objects.get(case=case).accused_id

    # Linking to the hidden record by id is refused like any unknown record.
    with pytest.raises(ValidationError, match="not available"):
        accused_services.accused_record(
            actor=other_lead.user, case=other_case, **typed, role="buyer", link_to=hidden[0]
        )
    forged = client.post(url, {**post, "decision": str(hidden[0].pk)})
    assert forged.status_code == 404

    # The coordinator is told, on her own page, without the survivor's or the accused's name.
    alert = AccusedMatchAlert.objects.get()
    assert (alert.accused, alert.matches, alert.case) == (new, hidden[0], other_case)
    assert sorted(alert.matched_on) == ["name", "phone"]
    client.force_login(coordinator.user)
    page = client.get(reverse("legal:match_alerts")).content.decode()
    assert case.reference in page and other_case.reference in page
    for secret in (ACCUSED_NAME, ACCUSED_PHONE, "Mitali Quorvash", "Other Survivor Pq"):
        assert secret not in page


def test_no_match_at_all_answers_exactly_like_a_hidden_match(client, case, lead, other_case, other_lead):
    """The response a caseworker gets must not depend on cases she cannot see."""
    client.force_login(other_lead.user)
    url = reverse("legal:accused_new", kwargs={"case_id": other_case.pk})
    first = client.post(url, {"names": "Nobody Matches Here", "role": "recruiter"}, follow=True)
    accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter")
    second = client.post(url, {"names": ACCUSED_NAME, "role": "recruiter"}, follow=True)
    assert first.status_code == second.status_code == 200
    assert first.redirect_chain == second.redirect_chain
    for response in (first, second):
        assert case.reference not in response.content.decode()


def test_the_offer_page_lists_only_visible_records(client, case, lead, other_case, other_lead):
    mine = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter").accused
    accused_services.accused_record(
        actor=other_lead.user, case=other_case, **accused_data(addresses=["Hidden lane"]), role="buyer"
    )
    second = open_survivor_case(lead, survivor={"full_name": "Second Survivor Wx"})
    client.force_login(lead.user)
    response = client.post(
        reverse("legal:accused_new", kwargs={"case_id": second.pk}),
        {"names": ACCUSED_NAME, "phones": "", "role": "recruiter"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "may already be recorded" in body
    assert case.reference in body and other_case.reference not in body
    assert body.count('name="decision" value="') == 2  # link to hers, or record a new person
    assert f'value="{mine.pk}"' in body
    linked = client.post(
        reverse("legal:accused_new", kwargs={"case_id": second.pk}),
        {"names": ACCUSED_NAME, "role": "recruiter", "decision": str(mine.pk)},
    )
    assert linked.status_code == 302
    assert CaseAccused.objects.get(case=second).accused.person_id == mine.person_id


def test_coordinator_merges_the_same_person(case, lead, other_case, other_lead, coordinator):
    first = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter").accused
    fir = make_fir(other_case, other_lead.user, stage="fir_registered")
    second = accused_services.accused_record(
        actor=other_lead.user,
        case=other_case,
        **{"names": ["B. Trafikwala"], "phones": [ACCUSED_PHONE]},
        role="buyer",
    ).accused
    services.fir_accused_add(actor=other_lead.user, fir=fir, accused=second)
    alert = AccusedMatchAlert.objects.get()
    with pytest.raises(Exception):  # noqa: B017  (a caseworker may not review: 404)
        accused_services.match_alert_review(actor=lead.user, alert=alert, same_person=True)
    accused_services.match_alert_review(actor=coordinator.user, alert=alert, same_person=True)
    first.refresh_from_db()
    second.refresh_from_db()
    # One person; each case keeps its own record, its FIR its own arrest row; nothing copied across.
    assert second.person_id == first.person_id
    assert set(CaseAccused.objects.filter(accused__person_id=first.person_id).values_list("case_id", flat=True)) == {
        case.pk,
        other_case.pk,
    }
    assert FIRAccused.objects.get(fir=fir).accused == second
    assert first.names == [ACCUSED_NAME] and second.names == ["B. Trafikwala"]
    # Each team still sees only its own cases of that person.
    from legal.accused.selectors import other_cases_of_accused

    assert other_cases_of_accused(lead.user, [first], exclude_case=case) == {}
    with pytest.raises(ValidationError, match="already reviewed"):
        accused_services.match_alert_review(actor=coordinator.user, alert=alert, same_person=False)


def test_dismissing_a_possible_match(client, case, lead, other_case, other_lead, coordinator):
    accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter")
    accused_services.accused_record(actor=other_lead.user, case=other_case, **accused_data(), role="buyer")
    alert = AccusedMatchAlert.objects.get()
    client.force_login(coordinator.user)
    response = client.post(
        reverse("legal:match_alert_review", kwargs={"alert_id": alert.pk}), {"decision": "different"}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "dismissed"
    assert Accused.objects.values("person_id").distinct().count() == 2


def test_accused_needs_a_name_and_real_phones(case, lead):
    for data, field in [({"names": [], "aliases": []}, "names"), ({"names": ["A B"], "phones": ["abc"]}, "phones")]:
        with pytest.raises(ValidationError) as error:
            accused_services.accused_record(actor=lead.user, case=case, **data, role="recruiter")
        assert field in error.value.message_dict
    assert not Accused.objects.exists()


def test_accused_edit_refuses_a_stale_page(case, lead):
    from core.concurrency import ConcurrentEditError

    accused = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter").accused
    version = accused.version
    accused_services.accused_update(
        actor=lead.user, case=case, accused=accused, expected_version=version, **accused_data()
    )
    with pytest.raises(ConcurrentEditError):
        accused_services.accused_update(
            actor=lead.user,
            case=case,
            accused=Accused.objects.get(pk=accused.pk),
            expected_version=version,
            **accused_data(names=["Changed"]),
        )


# --- chains ------------------------------------------------------------------------------


@pytest.fixture
def chain_world(case, lead, other_case, other_lead, make_member, org_mh):
    """Her case (WB lead) shared with a Maharashtra caseworker; a second case of that caseworker's
    organisation she cannot see, whose FIR the Maharashtra caseworker links into the chain."""
    from cases.factories import give_consent
    from survivors.models import ConsentPurpose

    give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org_mh)
    case_services.team_add(actor=lead.user, case=case, membership=other_lead, role=CaseRole.CASEWORKER)
    source = make_fir(case, lead.user, stage="under_investigation", state_code="WB", chain_role="source")
    destination = make_fir(case, lead.user, stage="chargesheet_filed")
    services.chain_link(actor=lead.user, fir=source, other=destination)
    hidden = make_fir(other_case, other_lead.user, stage="fir_registered", police_station="Hidden Nagar PS")
    services.chain_link(actor=other_lead.user, fir=hidden, other=destination)
    return source, destination, hidden


def test_chain_spans_states_and_hides_firs_of_invisible_cases(client, case, lead, other_case, chain_world):
    source, destination, hidden = chain_world
    source.refresh_from_db()
    assert source.chain_id == destination.__class__.objects.get(pk=hidden.pk).chain_id
    client.force_login(lead.user)
    for url in (reverse("legal:investigation", kwargs={"case_id": case.pk}), reverse("legal:chain_list")):
        body = client.get(url).content.decode()
        assert "West Bengal" in body and "Maharashtra" in body
        assert "Hidden Nagar PS" not in body and other_case.reference not in body
    page = client.get(reverse("legal:chain_list"))
    (chain,) = page.context["chains"]
    assert {f.pk for f in chain.visible_firs} == {source.pk, destination.pk}
    # Her link form offers only FIRs of cases she may see.
    form_page = client.get(reverse("legal:fir_chain", kwargs={"case_id": case.pk, "fir_id": source.pk}))
    assert "Hidden Nagar PS" not in form_page.content.decode()


def test_coordinator_sees_the_whole_chain_masked(client, case, other_case, coordinator, chain_world):
    client.force_login(coordinator.user)
    body = client.get(reverse("legal:chain_list")).content.decode()
    for text in ("Hidden Nagar PS", case.reference, other_case.reference, "West Bengal", "Maharashtra"):
        assert text in body
    for secret in ("Mitali Quorvash", "Other Survivor Pq"):
        assert secret not in body


def test_linking_to_an_invisible_fir_is_refused(case, lead, other_case, other_lead):
    mine = make_fir(case, lead.user, stage="fir_registered")
    theirs = make_fir(other_case, other_lead.user, stage="fir_registered")
    with pytest.raises(ValidationError):
        services.chain_link(actor=lead.user, fir=mine, other=theirs)
    mine.refresh_from_db()
    assert mine.chain_id is None


def test_chain_link_event_on_the_other_case_does_not_name_her_fir(case, lead, other_case, chain_world):
    _source, destination, hidden = chain_world
    summaries = list(CaseEvent.objects.filter(case=case).values_list("summary", flat=True))
    assert not any("Hidden Nagar" in s for s in summaries)


def test_unlink(case, lead, chain_world):
    source, _destination, _hidden = chain_world
    services.chain_unlink(actor=lead.user, fir=source)
    source.refresh_from_db()
    assert source.chain_id is None
    with pytest.raises(ValidationError):
        services.chain_unlink(actor=lead.user, fir=source)
