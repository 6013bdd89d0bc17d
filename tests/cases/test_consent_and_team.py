"""Her consent decides who outside the lead organisation may join the case team.

Sharing needs consent in force that names the organisation and fits the role;
withdrawal, expiry and removal from the team end access in the same request
cycle; consent for a minor comes from a guardian or a recorded legal basis.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import services
from cases.factories import give_consent
from cases.models import CaseAssignment, CaseEvent, CaseRole
from consortium.models import Role
from survivors.models import Consent, ConsentPurpose

from .helpers import GUARDIAN, WITNESS, days, open_survivor_case

D = datetime.date


def detail(case):
    return reverse("cases:case_detail", kwargs={"case_id": case.pk})


def team_url(case):
    return reverse("cases:case_team", kwargs={"case_id": case.pk})


def consent_new_url(case):
    return reverse("cases:case_consent_new", kwargs={"case_id": case.pk})


@pytest.fixture
def mh_caseworker(make_member, org_mh):
    return make_member(Role.CASEWORKER, org_mh, first_name="Meera", last_name="Mumbai")


def share_with(case, lead, org, **kwargs):
    return give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org, **kwargs)


def active_on_team(case, membership) -> bool:
    return CaseAssignment.objects.active().filter(case=case, user=membership.user).exists()


# --- sharing needs matching consent in force ---------------------------------


def test_other_organisation_cannot_join_without_consent(case, lead, mh_caseworker):
    with pytest.raises(ValidationError) as error:
        services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)
    message = " ".join(error.value.messages)
    assert "Test NGO Maharashtra" in message
    assert "consent" in message
    assert not active_on_team(case, mh_caseworker)


def test_consent_to_another_organisation_does_not_count(case, lead, mh_caseworker, collective):
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    share_with(case, lead, collective)
    with pytest.raises(ValidationError, match="consent"):
        services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)


def test_consent_must_fit_the_role(case, lead, make_member, org_mh):
    """Legal representation lets a lawyer in, not a caseworker of the same organisation."""
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=org_mh)
    mh_lawyer = make_member(Role.LAWYER, org_mh)
    mh_caseworker = make_member(Role.CASEWORKER, org_mh)
    with pytest.raises(ValidationError, match="outside the lead organisation"):
        services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)
    assignment = services.team_add(actor=lead.user, case=case, membership=mh_lawyer, role=CaseRole.LAWYER)
    assert assignment.consent.purpose == ConsentPurpose.LEGAL_REPRESENTATION


def test_org_role_must_fit_the_case_role(case, lead, make_member, org_wb):
    lawyer = make_member(Role.LAWYER, org_wb)
    with pytest.raises(ValidationError, match="cannot be caseworker"):
        services.team_add(actor=lead.user, case=case, membership=lawyer, role=CaseRole.CASEWORKER)


def test_matching_consent_lets_her_in(client, case, lead, mh_caseworker):
    consent = share_with(case, lead, mh_caseworker.organisation)
    assignment = services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)
    assert assignment.consent == consent
    client.force_login(mh_caseworker.user)
    assert client.get(detail(case)).status_code == 200


def test_expired_consent_cannot_be_used(case, lead, mh_caseworker):
    consent = share_with(case, lead, mh_caseworker.organisation, days_ago=30, expires_in=5)
    Consent.objects.filter(pk=consent.pk).update(expires_on=days(-1))
    with pytest.raises(ValidationError, match="consent"):
        services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)


def test_consent_dated_in_the_future_is_not_in_force(case, lead, mh_caseworker):
    consent = share_with(case, lead, mh_caseworker.organisation)
    Consent.objects.filter(pk=consent.pk).update(given_on=days(3))
    with pytest.raises(ValidationError, match="consent"):
        services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)


def test_team_view_offers_only_people_she_consented_to(client, case, lead, mh_caseworker):
    client.force_login(lead.user)
    page = client.get(team_url(case)).content.decode()
    assert "Meera Mumbai" not in page
    before = CaseAssignment.objects.count()
    response = client.post(team_url(case), {"membership": mh_caseworker.pk, "role": CaseRole.CASEWORKER})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert CaseAssignment.objects.count() == before
    assert not active_on_team(case, mh_caseworker)


def test_team_view_shows_the_consent_error_and_saves_nothing(client, case, lead, make_member, org_mh):
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=org_mh)
    mh_caseworker = make_member(Role.CASEWORKER, org_mh)
    client.force_login(lead.user)
    before = (CaseAssignment.objects.count(), CaseEvent.objects.count())
    response = client.post(team_url(case), {"membership": mh_caseworker.pk, "role": CaseRole.CASEWORKER})
    assert response.status_code == 200
    body = response.content.decode()
    assert "outside the lead organisation" in body
    assert "Test NGO Maharashtra" in body
    assert (CaseAssignment.objects.count(), CaseEvent.objects.count()) == before


def test_team_view_adds_a_consented_person(client, case, lead, mh_caseworker):
    share_with(case, lead, mh_caseworker.organisation)
    client.force_login(lead.user)
    response = client.post(team_url(case), {"membership": mh_caseworker.pk, "role": CaseRole.CASEWORKER})
    assert response.status_code == 302
    assert active_on_team(case, mh_caseworker)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TEAM_ADDED, data__user=mh_caseworker.user_id)


# --- access ends at once ---------------------------------------------------------


@pytest.fixture
def shared(case, lead, mh_caseworker):
    """org_mh's caseworker on the team through a sharing consent."""
    consent = share_with(case, lead, mh_caseworker.organisation, days_ago=30, expires_in=30)
    services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)
    return consent


def test_withdrawal_ends_access_in_the_same_request_cycle(client, case, lead, mh_caseworker, shared):
    client.force_login(mh_caseworker.user)
    assert client.get(detail(case)).status_code == 200
    lead_client = client.__class__()
    lead_client.force_login(lead.user)
    url = reverse("cases:case_consent_withdraw", kwargs={"case_id": case.pk, "consent_id": shared.pk})
    assert lead_client.post(url, {"note": "She asked us to stop sharing."}).status_code == 302
    assert client.get(detail(case)).status_code == 404
    assert client.get(reverse("cases:case_list")).content.decode().count(case.reference) == 0
    shared.refresh_from_db()
    assert shared.withdrawn_at is not None
    assert shared.withdrawal_note == "She asked us to stop sharing."
    assert not active_on_team(case, mh_caseworker)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CONSENT_WITHDRAWN).exists()


def test_withdrawal_through_the_service(client, case, lead, mh_caseworker, shared):
    client.force_login(mh_caseworker.user)
    services.consent_withdraw(actor=lead.user, case=case, consent=shared)
    assert client.get(detail(case)).status_code == 404
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.consent_withdraw(actor=lead.user, case=case, consent=shared)


def test_withdrawal_ends_access_even_if_the_assignment_was_left_open(client, case, mh_caseworker, shared):
    """The visibility query checks the consent itself, not only the assignment."""
    client.force_login(mh_caseworker.user)
    Consent.objects.filter(pk=shared.pk).update(withdrawn_at=timezone.now())
    assert CaseAssignment.objects.filter(case=case, user=mh_caseworker.user, ended_at__isnull=True).exists()
    assert client.get(detail(case)).status_code == 404


def test_expiry_ends_access_at_once(client, case, mh_caseworker, shared):
    client.force_login(mh_caseworker.user)
    Consent.objects.filter(pk=shared.pk).update(expires_on=days(0))
    assert client.get(detail(case)).status_code == 200  # in force through the day it expires
    Consent.objects.filter(pk=shared.pk).update(expires_on=days(-1))
    assert client.get(detail(case)).status_code == 404
    assert "0 cases" in client.get(reverse("cases:case_list")).content.decode()


def test_consent_recorded_already_expired_gives_no_access(client, case, lead, mh_caseworker):
    consent = Consent.objects.create(
        case=case,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        recipient_organisation=mh_caseworker.organisation,
        given_by=Consent.GivenBy.SURVIVOR,
        method=Consent.Method.WRITTEN,
        given_on=days(-30),
        expires_on=days(-1),
        recorded_by=lead.user,
    )
    assert consent.status == "expired"
    with pytest.raises(ValidationError):
        services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)
    client.force_login(mh_caseworker.user)
    assert client.get(detail(case)).status_code == 404


def test_re_adding_after_expiry_needs_new_consent(case, lead, mh_caseworker, shared):
    Consent.objects.filter(pk=shared.pk).update(expires_on=days(-1))
    with pytest.raises(ValidationError, match="consent"):
        services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)
    fresh = share_with(case, lead, mh_caseworker.organisation)
    assignment = services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)
    assert assignment.consent == fresh
    assert CaseAssignment.objects.filter(case=case, user=mh_caseworker.user, ended_at__isnull=True).count() == 1


def test_removal_from_team_takes_effect_at_once(client, case, lead, make_member, org_wb):
    teammate = make_member(Role.CASEWORKER, org_wb)
    assignment = services.team_add(actor=lead.user, case=case, membership=teammate, role=CaseRole.CASEWORKER)
    client.force_login(teammate.user)
    assert client.get(detail(case)).status_code == 200
    lead_client = client.__class__()
    lead_client.force_login(lead.user)
    url = reverse("cases:case_team_remove", kwargs={"case_id": case.pk, "assignment_id": assignment.pk})
    assert lead_client.post(url).status_code == 302
    assert client.get(detail(case)).status_code == 404
    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    assert assignment.ended_by == lead.user
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TEAM_REMOVED).exists()


# --- who manages the team ---------------------------------------------------------


@pytest.fixture
def teammate(case, lead, make_member, org_wb):
    member = make_member(Role.CASEWORKER, org_wb, first_name="Tara", last_name="Teammate")
    services.team_add(actor=lead.user, case=case, membership=member, role=CaseRole.CASEWORKER)
    return member


def test_plain_team_caseworker_cannot_manage_the_team(client, case, lead, teammate, make_member, org_wb):
    lead_assignment = CaseAssignment.objects.get(case=case, user=lead.user)
    newcomer = make_member(Role.CASEWORKER, org_wb)
    client.force_login(teammate.user)
    remove = reverse("cases:case_team_remove", kwargs={"case_id": case.pk, "assignment_id": lead_assignment.pk})
    assert client.post(remove).status_code == 404
    assert client.post(team_url(case), {"membership": newcomer.pk, "role": CaseRole.CASEWORKER}).status_code == 404
    assert active_on_team(case, lead)
    assert not active_on_team(case, newcomer)
    assert "Add to team" not in client.get(team_url(case)).content.decode()
    with pytest.raises(Http404):
        services.team_add(actor=teammate.user, case=case, membership=newcomer, role=CaseRole.CASEWORKER)
    with pytest.raises(Http404):
        services.team_remove(actor=teammate.user, case=case, assignment=lead_assignment)


def test_lead_org_admin_manages_the_team(client, case, teammate, make_member, org_wb):
    admin = make_member(Role.ORG_ADMIN, org_wb)
    assignment = CaseAssignment.objects.get(case=case, user=teammate.user)
    client.force_login(admin.user)
    url = reverse("cases:case_team_remove", kwargs={"case_id": case.pk, "assignment_id": assignment.pk})
    assert client.post(url).status_code == 302
    assert not active_on_team(case, teammate)


def test_other_organisation_admin_cannot_manage_the_team(client, case, teammate, make_member, org_mh):
    admin = make_member(Role.ORG_ADMIN, org_mh)
    assignment = CaseAssignment.objects.get(case=case, user=teammate.user)
    client.force_login(admin.user)
    url = reverse("cases:case_team_remove", kwargs={"case_id": case.pk, "assignment_id": assignment.pk})
    assert client.post(url).status_code == 404
    assert active_on_team(case, teammate)


def test_assignment_of_another_case_cannot_be_removed_through_this_one(client, case, lead, teammate):
    other_case = open_survivor_case(lead, survivor={"full_name": "Other Person", "phone_numbers": []})
    other_assignment = CaseAssignment.objects.get(case=other_case, user=lead.user)
    client.force_login(lead.user)
    url = reverse("cases:case_team_remove", kwargs={"case_id": case.pk, "assignment_id": other_assignment.pk})
    assert client.post(url).status_code == 404
    assert active_on_team(other_case, lead)


def test_a_case_has_one_lead_caseworker(case, lead, make_member, org_wb):
    second = make_member(Role.CASEWORKER, org_wb)
    with pytest.raises(ValidationError, match="already has a lead caseworker"):
        services.team_add(actor=lead.user, case=case, membership=second, role=CaseRole.LEAD_CASEWORKER)
    with pytest.raises(ValidationError, match="already on the team"):
        services.team_add(actor=lead.user, case=case, membership=lead, role=CaseRole.CASEWORKER)


# --- consent rules ------------------------------------------------------------------


@pytest.fixture
def minor_case(lead):
    return open_survivor_case(lead, survivor={"estimated_age": 15})


def test_minor_cannot_consent_herself(minor_case, lead):
    assert minor_case.survivor.is_minor_now
    with pytest.raises(ValidationError) as error:
        give_consent(minor_case, actor=lead.user, purpose=ConsentPurpose.CASE_MANAGEMENT)
    assert "given_by" in error.value.message_dict
    assert not Consent.objects.filter(case=minor_case).exists()


def test_minor_consent_through_guardian_or_legal_basis(minor_case, lead):
    with pytest.raises(ValidationError) as error:
        give_consent(
            minor_case, actor=lead.user, purpose=ConsentPurpose.CASE_MANAGEMENT, given_by=Consent.GivenBy.GUARDIAN
        )
    assert "guardian_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        give_consent(
            minor_case, actor=lead.user, purpose=ConsentPurpose.CASE_MANAGEMENT, given_by=Consent.GivenBy.LEGAL_BASIS
        )
    assert "legal_basis" in error.value.message_dict
    assert not Consent.objects.filter(case=minor_case).exists()

    give_consent(
        minor_case,
        actor=lead.user,
        purpose=ConsentPurpose.CASE_MANAGEMENT,
        given_by=Consent.GivenBy.GUARDIAN,
        guardian_name=GUARDIAN,
    )
    give_consent(
        minor_case,
        actor=lead.user,
        purpose=ConsentPurpose.CASE_MANAGEMENT,
        given_by=Consent.GivenBy.LEGAL_BASIS,
        legal_basis="CWC Kolkata order 123/2025",
    )
    assert Consent.objects.filter(case=minor_case).count() == 2


def test_adult_who_was_a_minor_at_the_offence_consents_herself(lead):
    case = open_survivor_case(
        lead, survivor={"estimated_age": None, "date_of_birth": days(-19 * 365 - 5)}, trafficked_on=days(-2 * 365)
    )
    assert case.survivor.minor_at_offence
    assert not case.survivor.is_minor_now
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.CASE_MANAGEMENT)


def test_oral_consent_needs_a_witness(case, lead):
    with pytest.raises(ValidationError) as error:
        give_consent(
            case, actor=lead.user, purpose=ConsentPurpose.CASE_MANAGEMENT, method=Consent.Method.ORAL_WITNESSED
        )
    assert "witness_name" in error.value.message_dict
    give_consent(
        case,
        actor=lead.user,
        purpose=ConsentPurpose.CASE_MANAGEMENT,
        method=Consent.Method.ORAL_WITNESSED,
        witness_name=WITNESS,
    )


def test_sharing_purpose_needs_a_recipient(case, lead):
    with pytest.raises(ValidationError) as error:
        give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION)
    assert "recipient_organisation" in error.value.message_dict


def test_sharing_with_an_inactive_organisation_is_refused(case, lead, org_mh):
    org_mh.is_active = False
    org_mh.save()
    with pytest.raises(ValidationError) as error:
        share_with(case, lead, org_mh)
    assert "recipient_organisation" in error.value.message_dict


# --- the consent form -----------------------------------------------------------------


def consent_post(**overrides):
    data = {
        "purpose": ConsentPurpose.SHARE_WITH_ORGANISATION,
        "recipient_organisation": "",
        "given_by": Consent.GivenBy.SURVIVOR,
        "guardian_name": "",
        "legal_basis": "",
        "method": Consent.Method.WRITTEN,
        "witness_name": "",
        "given_on": days(-1).isoformat(),
        "expires_on": "",
    }
    data.update(overrides)
    return data


ORG = "the recipient organisation"  # replaced by org_mh's pk in the test

# label -> (form data changes, field with the error, text of the error)
BAD_CONSENTS = {
    "missing-recipient": ({}, "recipient_organisation", "Name the organisation she agrees to share her case with."),
    "expiry-before-given": (
        {"recipient_organisation": ORG, "given_on": days(-5).isoformat(), "expires_on": days(-10).isoformat()},
        None,  # see test_expiry_before_given_date_is_explained_in_words
        "",
    ),
    "future-given-on": ({"recipient_organisation": ORG, "given_on": days(2).isoformat()}, "given_on", "future date"),
    "oral-without-witness": (
        {"recipient_organisation": ORG, "method": Consent.Method.ORAL_WITNESSED},
        "witness_name",
        "name the witness",
    ),
    "guardian-without-name": (
        {"recipient_organisation": ORG, "given_by": Consent.GivenBy.GUARDIAN},
        "guardian_name",
        "Name the guardian",
    ),
    "legal-basis-without-text": (
        {"recipient_organisation": ORG, "given_by": Consent.GivenBy.LEGAL_BASIS},
        "legal_basis",
        "Record the legal basis",
    ),
    "bogus-purpose": ({"recipient_organisation": ORG, "purpose": "not-a-purpose"}, "purpose", "Select a valid choice"),
    "bogus-recipient": ({"recipient_organisation": "999999"}, "recipient_organisation", "Select a valid choice"),
    "bad-date": ({"recipient_organisation": ORG, "given_on": "31/31/2024"}, "given_on", "Enter a valid date"),
    "no-method": ({"recipient_organisation": ORG, "method": ""}, "method", "This field is required"),
}


def post_consent(client, case, org, overrides):
    overrides = {key: (org.pk if value == ORG else value) for key, value in overrides.items()}
    return client.post(consent_new_url(case), consent_post(**overrides))


@pytest.mark.parametrize("label", sorted(BAD_CONSENTS))
def test_consent_form_bad_input_shows_errors_and_saves_nothing(client, case, lead, org_mh, label):
    overrides, field, error_text = BAD_CONSENTS[label]
    client.force_login(lead.user)
    before = (Consent.objects.count(), CaseEvent.objects.count())
    response = post_consent(client, case, org_mh, overrides)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors
    if field is not None:
        assert error_text in " ".join(errors[field])
        assert error_text in response.content.decode()
    assert 'class="errorlist' in response.content.decode()
    assert (Consent.objects.count(), CaseEvent.objects.count()) == before


def test_expiry_before_given_date_is_explained_in_words(client, case, lead, org_mh):
    client.force_login(lead.user)
    response = post_consent(client, case, org_mh, BAD_CONSENTS["expiry-before-given"][0])
    body = response.content.decode()
    assert "consent_expires_after_given" not in body
    assert "expiry date is before" in body


def test_consent_form_for_a_minor_refuses_her_own_consent(client, minor_case, lead):
    client.force_login(lead.user)
    page = client.get(consent_new_url(minor_case)).content.decode()
    assert "She is a minor" in page
    response = client.post(consent_new_url(minor_case), consent_post(purpose=ConsentPurpose.CASE_MANAGEMENT))
    assert response.status_code == 200
    assert "She is a minor" in response.content.decode()
    assert not Consent.objects.filter(case=minor_case).exists()
    response = client.post(
        consent_new_url(minor_case),
        consent_post(purpose=ConsentPurpose.CASE_MANAGEMENT, given_by=Consent.GivenBy.GUARDIAN, guardian_name=GUARDIAN),
    )
    assert response.status_code == 302
    assert Consent.objects.get(case=minor_case).guardian_name == GUARDIAN


def test_consent_form_records_valid_consent(client, case, lead, org_mh):
    client.force_login(lead.user)
    response = client.post(
        consent_new_url(case), consent_post(recipient_organisation=org_mh.pk, expires_on=days(90).isoformat())
    )
    assert response.status_code == 302
    consent = Consent.objects.get(case=case)
    assert consent.recipient_organisation == org_mh
    assert consent.recorded_by == lead.user
    assert consent.in_force
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CONSENT_GIVEN, data__consent=consent.pk).exists()


def test_recipient_is_dropped_for_purposes_that_share_nothing(client, case, lead, org_mh):
    client.force_login(lead.user)
    response = client.post(
        consent_new_url(case), consent_post(purpose=ConsentPurpose.STATISTICS, recipient_organisation=org_mh.pk)
    )
    assert response.status_code == 302
    assert Consent.objects.get(case=case).recipient_organisation is None


# --- consent for several purposes in one form ------------------------------------------------------


def several_url(case):
    return reverse("cases:case_consent_new_several", kwargs={"case_id": case.pk})


def several_post(**overrides):
    data = {
        "purposes": [ConsentPurpose.CASE_MANAGEMENT, ConsentPurpose.COMPENSATION, ConsentPurpose.STATISTICS],
        "recipient_organisation": "",
        "given_by": Consent.GivenBy.SURVIVOR,
        "guardian_name": "",
        "legal_basis": "",
        "method": Consent.Method.THUMBPRINT,
        "witness_name": "",
        "given_on": days(-400).isoformat(),  # from the paper file: given over a year ago
        "expires_on": "",
    }
    data.update(overrides)
    return data


def test_several_purposes_in_one_form_one_row_each_and_one_event(client, case, lead, org_mh):
    client.force_login(lead.user)
    page = client.get(several_url(case)).content.decode()
    assert 'type="checkbox"' in page and "Sharing with a named organisation" in page
    assert several_url(case) in client.get(reverse("cases:case_consent", kwargs={"case_id": case.pk})).content.decode()
    events = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CONSENT_GIVEN).count()
    purposes = [ConsentPurpose.CASE_MANAGEMENT, ConsentPurpose.SHARE_WITH_ORGANISATION, ConsentPurpose.STATISTICS]
    response = client.post(
        several_url(case), several_post(purposes=purposes, recipient_organisation=org_mh.pk), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("cases:case_consent", kwargs={"case_id": case.pk})
    body = response.content.decode()
    assert "Consent recorded for: Case management, Sharing with a named organisation, Anonymised statistics." in body
    consents = Consent.objects.filter(case=case).order_by("pk")
    assert [c.purpose for c in consents] == purposes
    assert {c.given_on for c in consents} == {days(-400)}
    assert {c.method for c in consents} == {Consent.Method.THUMBPRINT}
    assert {c.recorded_by for c in consents} == {lead.user}
    # The recipient goes with the purpose that shares; statistics and case management name nobody.
    assert [c.recipient_organisation for c in consents] == [None, org_mh, None]
    assert all(c.in_force for c in consents)
    given = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CONSENT_GIVEN)
    assert given.count() == events + 1
    event = given.latest("pk")
    assert event.data["consents"] == [c.pk for c in consents]
    assert event.summary.startswith("Case management, Sharing with a named organisation, Anonymised statistics")
    d = days(-400)
    assert f"{d.day} {d:%b %Y}" in body  # the given-on date shown as 30 Nov 2027


def test_each_of_several_consents_is_withdrawn_on_its_own(client, case, lead):
    client.force_login(lead.user)
    client.post(several_url(case), several_post())
    statistics = Consent.objects.get(case=case, purpose=ConsentPurpose.STATISTICS)
    services.consent_withdraw(actor=lead.user, case=case, consent=statistics)
    assert [c.purpose for c in Consent.objects.in_force().filter(case=case).order_by("pk")] == [
        ConsentPurpose.CASE_MANAGEMENT,
        ConsentPurpose.COMPENSATION,
    ]


def test_several_for_a_minor_from_her_guardian_or_a_legal_basis(client, minor_case, lead):
    client.force_login(lead.user)
    assert "She is a minor" in client.get(several_url(minor_case)).content.decode()
    response = client.post(several_url(minor_case), several_post())
    assert response.status_code == 200 and "She is a minor" in response.content.decode()
    assert not Consent.objects.filter(case=minor_case).exists()
    response = client.post(
        several_url(minor_case), several_post(given_by=Consent.GivenBy.GUARDIAN, guardian_name=GUARDIAN)
    )
    assert response.status_code == 302
    assert {c.guardian_name for c in Consent.objects.filter(case=minor_case)} == {GUARDIAN}
    response = client.post(
        several_url(minor_case),
        several_post(
            purposes=[ConsentPurpose.CASE_MANAGEMENT],
            given_by=Consent.GivenBy.LEGAL_BASIS,
            legal_basis="CWC Kolkata order 17/2025 of 3 Mar 2025",
        ),
    )
    assert response.status_code == 302
    assert Consent.objects.filter(case=minor_case, legal_basis__startswith="CWC Kolkata").count() == 1


BAD_SEVERAL = {
    "no-purpose": ({"purposes": []}, "purposes", "Tick at least one purpose"),
    "bogus-purpose": ({"purposes": ["case_management", "not-a-purpose"]}, "purposes", "Select a valid choice"),
    "sharing-without-recipient": (
        {"purposes": ["case_management", "legal_representation"]},
        "recipient_organisation",
        "Name the organisation",
    ),
    "future-given-on": ({"given_on": days(2).isoformat()}, "given_on", "future date"),
    "expiry-before-given": ({"expires_on": days(-500).isoformat()}, "expires_on", "expiry date is before"),
    "oral-without-witness": ({"method": Consent.Method.ORAL_WITNESSED}, "witness_name", "name the witness"),
    "guardian-without-name": ({"given_by": Consent.GivenBy.GUARDIAN}, "guardian_name", "Name the guardian"),
    "legal-basis-without-text": ({"given_by": Consent.GivenBy.LEGAL_BASIS}, "legal_basis", "Record the legal basis"),
    "bad-date": ({"given_on": "31/31/2024"}, "given_on", "Enter a valid date"),
    "no-method": ({"method": ""}, "method", "This field is required"),
    "bogus-recipient": ({"recipient_organisation": "999999"}, "recipient_organisation", "Select a valid choice"),
}


@pytest.mark.parametrize("label", sorted(BAD_SEVERAL))
def test_several_bad_input_says_why_and_saves_nothing(client, case, lead, label):
    overrides, field, text = BAD_SEVERAL[label]
    client.force_login(lead.user)
    before = (Consent.objects.count(), CaseEvent.objects.count())
    response = client.post(several_url(case), several_post(**overrides))
    assert response.status_code == 200
    assert text in " ".join(response.context["form"].errors[field])
    assert text in response.content.decode()
    assert (Consent.objects.count(), CaseEvent.objects.count()) == before


def test_several_is_all_or_nothing_in_the_service(case, lead, org_mh):
    """One purpose failing (here: a sharing purpose with an inactive recipient) saves none."""
    org_mh.is_active = False
    org_mh.save()
    before = (Consent.objects.count(), CaseEvent.objects.count())
    with pytest.raises(ValidationError) as raised:
        services.consent_record_several(
            actor=lead.user,
            case=case,
            purposes=[ConsentPurpose.CASE_MANAGEMENT, ConsentPurpose.SHARE_WITH_ORGANISATION],
            recipient_organisation=org_mh,
            given_by=Consent.GivenBy.SURVIVOR,
            method=Consent.Method.WRITTEN,
            given_on=days(-1),
        )
    assert "no longer active" in " ".join(raised.value.messages)
    assert (Consent.objects.count(), CaseEvent.objects.count()) == before


def test_several_outsiders_and_readers_get_404(client, case, lead, mh_caseworker, coordinator):
    for who in (mh_caseworker, coordinator):
        client.force_login(who.user)
        assert client.get(several_url(case)).status_code == 404
        assert client.post(several_url(case), several_post()).status_code == 404
    assert not Consent.objects.filter(case=case).exists()
    with pytest.raises(Http404):
        services.consent_record_several(
            actor=mh_caseworker.user,
            case=case,
            purposes=[ConsentPurpose.CASE_MANAGEMENT],
            given_by=Consent.GivenBy.SURVIVOR,
            method=Consent.Method.WRITTEN,
            given_on=days(-1),
        )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    purposes=st.lists(st.sampled_from([*ConsentPurpose.values, "bogus", ""]), max_size=7),
    given_by=st.sampled_from([*Consent.GivenBy.values, "x"]),
    method=st.sampled_from([*Consent.Method.values, ""]),
    given_on=st.one_of(st.dates(D(2015, 1, 1), D(2030, 1, 1)).map(str), st.text(max_size=12)),
    guardian=st.sampled_from(["", "  ", GUARDIAN]),
    witness=st.sampled_from(["", WITNESS]),
)
def test_several_any_input_is_all_saved_or_refused_with_nothing_saved(
    client, case, lead, purposes, given_by, method, given_on, guardian, witness
):
    client.force_login(lead.user)
    before = set(Consent.objects.filter(case=case).values_list("pk", flat=True))
    events = CaseEvent.objects.filter(case=case).count()
    response = client.post(
        several_url(case),
        several_post(
            purposes=purposes,
            given_by=given_by,
            method=method,
            given_on=given_on,
            guardian_name=guardian,
            witness_name=witness,
        ),
    )
    after = Consent.objects.filter(case=case).exclude(pk__in=before)
    if response.status_code == 302:
        assert sorted(after.values_list("purpose", flat=True)) == sorted(set(purposes))
        assert CaseEvent.objects.filter(case=case).count() == events + 1
    else:
        assert response.status_code == 200
        assert response.context["form"].errors
        assert not after.exists() and CaseEvent.objects.filter(case=case).count() == events
