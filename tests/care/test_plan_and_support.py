"""The rehabilitation plan, services with amounts, survivor-collective support, and who sees
which part of the Care tab: a survivor leader only the plan and the support log, and only
while the survivor's consent is in force; a masked coordinator no free text."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from care import services
from care.forms import GoalForm, ServiceForm
from care.models import (
    CustodyOrder,
    GoalStatus,
    RehabilitationGoal,
    ServiceReceived,
    SupportContact,
)
from care.selectors import plan_progress
from cases import services as case_services
from cases.models import CaseEvent
from survivors.models import Consent, ConsentPurpose
from tests.cases.helpers import FULL_NAME
from tests.examples import fingerprint, saved_or_refused
from tests.url_names import qualified

from .conftest import ago, day, record_order, record_rescue

PRIORITIES = "PRIORITY-WORDS-QX: I want to finish class ten and open a tailoring shop."
HEALTH_GOAL = "HEALTH-DETAIL-QX: treatment follow-up at the district hospital"
LIVELIHOOD_GOAL = "LIVELIHOOD-QX: tailoring shop in her village"
RESCUE_PLACE = "RESCUE-PLACE-QX lane 4"
SUPPORT_NOTE = "SUPPORT-NOTE-QX: she is sleeping better"


def add_goal(case, actor, area="livelihood", status=GoalStatus.PLANNED, description=LIVELIHOOD_GOAL, **fields):
    goal = RehabilitationGoal(
        area=area,
        description=description,
        status=status,
        responsible_organisation=fields.pop("responsible_organisation", case.lead_organisation),
        **fields,
    )
    return services.goal_save(actor=actor.user, case=case, goal=goal)


@pytest.fixture
def full_care(case, lead, leader, shelter):
    """A case with every kind of care record, for the visibility tests."""
    # She reports rape and consents to the examination: the most sensitive care deadline exists.
    record_rescue(
        case, lead, days_ago=30, place=RESCUE_PLACE, rape_reported=True, exam_consent="given", exam_consent_at=ago(29)
    )
    record_order(case, lead, CustodyOrder.Kind.MAGISTRATE_INTERMEDIATE, days_ago=29)
    record_order(case, lead, CustodyOrder.Kind.MAGISTRATE_CUSTODY, days_ago=28, shelter=shelter)
    services.plan_priorities_save(actor=lead.user, case=case, priorities=PRIORITIES, recorded_on=day(5))
    add_goal(case, lead, area="health", description=HEALTH_GOAL, status=GoalStatus.IN_PROGRESS, start_on=day(20))
    goal = add_goal(case, lead)
    services.service_record(
        actor=lead.user,
        case=case,
        service=ServiceReceived(kind="medical", received_on=day(10), provided_by=case.lead_organisation),
    )
    services.service_record(
        actor=lead.user,
        case=case,
        service=ServiceReceived(
            kind="livelihood_grant",
            received_on=day(4),
            goal=goal,
            provided_by=case.lead_organisation,
            amount=Decimal("25000.50"),
        ),
    )
    services.support_record(
        actor=leader.user,
        case=case,
        contact=SupportContact(kind="home_visit", happened_on=day(2), note=SUPPORT_NOTE),
    )
    return case


def care_page(client, member, case):
    client.force_login(member.user)
    return client.get(reverse("care:case_care", args=[case.pk]))


# --- the plan ---------------------------------------------------------------------------------


def test_plan_progress_counts_each_status_and_leaves_dropped_goals_out():
    goals = [RehabilitationGoal(status=s) for s in ["planned", "in_progress", "achieved", "achieved", "dropped"]]
    progress = plan_progress(goals)
    assert progress["total"] == 5
    assert progress["achieved"] == 2 and progress["pursued"] == 4 and progress["percent"] == 50
    assert [count for _s, _l, count in progress["by_status"]] == [1, 1, 2, 1]


def test_goals_in_every_status_show_on_the_care_tab(client, case, lead):
    add_goal(case, lead, status="planned")
    add_goal(case, lead, area="education", status="in_progress", start_on=day(30), description="Class 10")
    add_goal(case, lead, area="bank_account", status="achieved", start_on=day(30), ended_on=day(3), description="Bank")
    add_goal(case, lead, area="ration_card", status="dropped", ended_on=day(1), description="Ration card")
    body = care_page(client, lead, case).content.decode()
    assert "1 of 3 goals achieved" in body
    for label in ("Planned: 1", "In progress: 1", "Achieved: 1", "Dropped: 1"):
        assert label in body
    assert '<progress id="plan-progress' in body


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status": "achieved"}, "ended_on"),
        ({"status": "in_progress"}, "start_on"),
        ({"start_on": day(5), "target_on": day(10)}, "target_on"),
        ({"start_on": day(-3)}, "start_on"),
        ({"status": "achieved", "start_on": day(5), "ended_on": day(9)}, "ended_on"),
        ({"description": "   "}, "description"),
    ],
)
def test_goal_bad_input_is_refused(case, lead, fields, field):
    with pytest.raises(ValidationError) as error:
        add_goal(case, lead, **fields)
    assert field in error.value.message_dict
    assert not RehabilitationGoal.objects.exists()


def test_goal_status_change_is_on_the_timeline_and_a_stale_edit_refused(case, lead):
    goal = add_goal(case, lead)
    first = RehabilitationGoal.objects.get(pk=goal.pk)
    second = RehabilitationGoal.objects.get(pk=goal.pk)
    first.status, first.start_on = GoalStatus.IN_PROGRESS, day(2)
    services.goal_save(actor=lead.user, case=case, goal=first, expected_version=first.version)
    assert CaseEvent.objects.filter(case=case, summary="Goal Livelihood and micro-business: planned → in progress")
    second.status = GoalStatus.DROPPED
    second.ended_on = day(0)
    from core.concurrency import ConcurrentEditError

    with pytest.raises(ConcurrentEditError):
        services.goal_save(actor=lead.user, case=case, goal=second, expected_version=second.version)
    assert RehabilitationGoal.objects.get(pk=goal.pk).status == GoalStatus.IN_PROGRESS


def test_a_goal_of_another_case_is_404(client, case, lead):
    from tests.cases.helpers import open_survivor_case

    other = open_survivor_case(lead)
    goal = add_goal(other, lead)
    client.force_login(lead.user)
    assert client.get(reverse("care:care_goal_edit", args=[case.pk, goal.pk])).status_code == 404


def test_services_keep_amounts_in_decimal_and_total_them(client, case, lead, org_mh):
    for amount in ("10000.25", "15000.25"):
        services.service_record(
            actor=lead.user,
            case=case,
            service=ServiceReceived(
                kind="micro_enterprise", received_on=day(3), provided_by=org_mh, amount=Decimal(amount)
            ),
        )
    assert sum(ServiceReceived.objects.values_list("amount", flat=True)) == Decimal("25000.50")
    body = care_page(client, lead, case).content.decode()
    assert "TNM: ₹25,000.50" in body


def test_negative_amounts_and_foreign_goals_are_refused(case, lead):
    from tests.cases.helpers import open_survivor_case

    foreign_goal = add_goal(open_survivor_case(lead), lead)
    bad = ServiceReceived(kind="other", received_on=day(1), provided_by=case.lead_organisation, amount=Decimal("-5"))
    with pytest.raises(ValidationError) as error:
        services.service_record(actor=lead.user, case=case, service=bad)
    assert "amount" in error.value.message_dict
    bad = ServiceReceived(kind="other", received_on=day(1), provided_by=case.lead_organisation, goal=foreign_goal)
    with pytest.raises(ValidationError) as error:
        services.service_record(actor=lead.user, case=case, service=bad)
    assert "goal" in error.value.message_dict
    assert not ServiceReceived.objects.filter(case=case).exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_goal_and_service_forms_never_fail(client, case, lead, data):
    """Whatever is posted, the page saves it (302) or shows why not (200, nothing saved), never a 500."""
    client.force_login(lead.user)
    text = st.text(max_size=40)
    goal_data = data.draw(
        st.fixed_dictionaries(
            {
                "area": st.sampled_from(["health", "livelihood", "nonsense", ""]),
                "description": text,
                "status": st.sampled_from(["planned", "in_progress", "achieved", "dropped", "x"]),
                "start_on": st.sampled_from(["", "2026-13-40", day(400).isoformat(), day(-30).isoformat()]),
                "target_on": st.sampled_from(["", day(10).isoformat(), "0001-01-01"]),
                "ended_on": st.sampled_from(["", day(1).isoformat(), day(-1).isoformat()]),
                "responsible_organisation": st.sampled_from(["", str(case.lead_organisation_id), "999999", "x"]),
                "version": st.sampled_from(["", "1", "-4", "abc"]),
            }
        )
    )
    before = fingerprint(RehabilitationGoal.objects.filter(case=case))
    response = client.post(reverse("care:care_goal_new", args=[case.pk]), goal_data)
    saved_or_refused(response, fingerprint(RehabilitationGoal.objects.filter(case=case)) != before)
    service_data = data.draw(
        st.fixed_dictionaries(
            {
                "kind": st.sampled_from(["medical", "livelihood_grant", "??"]),
                "received_on": st.sampled_from(["", day(2).isoformat(), day(-2).isoformat(), "yesterday"]),
                "provided_by": st.sampled_from([str(case.lead_organisation_id), "0", ""]),
                "amount": st.sampled_from(["", "100", "-1", "1e400", "NaN", "12345678901234.567", "0.001"]),
                "goal": st.sampled_from(["", "999999"]),
                "note": text,
            }
        )
    )
    before = fingerprint(ServiceReceived.objects.filter(case=case))
    response = client.post(reverse("care:care_service_new", args=[case.pk]), service_data)
    saved_or_refused(response, fingerprint(ServiceReceived.objects.filter(case=case)) != before)
    for service in ServiceReceived.objects.all():
        assert service.amount is None or service.amount >= 0


def test_forms_validate_shape_without_a_request(case):
    assert not GoalForm(data={}).is_valid()
    form = ServiceForm(data={"amount": "abc"}, goals=RehabilitationGoal.objects.none())
    assert "amount" in form.errors


# --- the survivor leader ----------------------------------------------------------------------


def test_leader_sees_the_plan_and_support_but_no_custody_rescue_or_medical_details(client, full_care, leader):
    response = care_page(client, leader, full_care)
    assert response.status_code == 200
    body = response.content.decode()
    assert PRIORITIES in body and LIVELIHOOD_GOAL in body and SUPPORT_NOTE in body
    assert "₹25,000.50" in body
    for hidden in (HEALTH_GOAL, RESCUE_PLACE, "Rescue and custody", "Magistrate", "Medical care", "Repatriation"):
        assert hidden not in body, hidden
    assert "Details with the caseworkers" in body
    assert "Record support you gave" in body
    assert "Add a goal" not in body


def test_leader_timeline_and_overview_leave_out_custody_and_medical_records(client, full_care, leader):
    client.force_login(leader.user)
    timeline = client.get(reverse("cases:case_timeline", args=[full_care.pk])).content.decode()
    assert "Support by TSC: Home visit" in timeline
    assert "Goal added" in timeline and "Livelihood grant" in timeline
    hidden_words = ("Intermediate custody", "Custody during the inquiry", "Medical examination", "BNSS 184", "ITPA")
    for hidden in ("Rescue recorded", "Magistrate", "Medical care", *hidden_words):
        assert hidden not in timeline, hidden
    overview = client.get(reverse("cases:case_detail", args=[full_care.pk])).content.decode()
    for hidden in (*hidden_words, "inquiry"):
        assert hidden not in overview, hidden


def test_caseworkers_see_everything_the_leader_does_not(client, full_care, lead):
    body = care_page(client, lead, full_care).content.decode()
    for shown in (HEALTH_GOAL, RESCUE_PLACE, "Magistrate", "Medical care", SUPPORT_NOTE, "Test Shakti Sadan"):
        assert shown in body, shown
    timeline = client.get(reverse("cases:case_timeline", args=[full_care.pk])).content.decode()
    assert "Rescue recorded" in timeline
    for shown in ("Intermediate custody ends", "Custody during the inquiry ends", "Medical examination within 24"):
        assert shown in timeline, shown


def test_leader_cannot_write_the_plan_or_custody(client, full_care, leader):
    client.force_login(leader.user)
    for name in ("care_rescue", "care_order_new", "care_goal_new", "care_service_new", "care_priorities"):
        assert client.get(reverse(qualified(name), args=[full_care.pk])).status_code == 404, name
    with pytest.raises(Http404):
        add_goal(full_care, leader)


@pytest.mark.parametrize("how", ["withdrawn", "expired"])
def test_leader_loses_the_care_tab_when_consent_lapses(client, full_care, leader, lead, collective, how):
    consent = Consent.objects.get(case=full_care, purpose=ConsentPurpose.COLLECTIVE_SUPPORT)
    client.force_login(leader.user)
    assert client.get(reverse("care:case_care", args=[full_care.pk])).status_code == 200
    if how == "withdrawn":
        case_services.consent_withdraw(actor=lead.user, case=full_care, consent=consent)
    else:
        Consent.objects.filter(pk=consent.pk).update(given_on=day(40), expires_on=day(1))
    assert client.get(reverse("care:case_care", args=[full_care.pk])).status_code == 404
    assert client.get(reverse("care:care_support_new", args=[full_care.pk])).status_code == 404
    before = SupportContact.objects.count()
    response = client.post(
        reverse("care:care_support_new", args=[full_care.pk]), {"kind": "home_visit", "happened_on": day(0)}
    )
    assert response.status_code == 404
    assert SupportContact.objects.count() == before
    with pytest.raises(Http404):
        services.support_record(
            actor=leader.user, case=full_care, contact=SupportContact(kind="peer_support", happened_on=day(0))
        )


def test_a_collective_without_consent_cannot_join_or_record(client, case, lead, make_member, collective):
    from consortium.models import Role

    outsider = make_member(Role.SURVIVOR_LEADER, collective)
    with pytest.raises(ValidationError, match="consent"):
        case_services.team_add(actor=lead.user, case=case, membership=outsider, role="survivor_leader")
    client.force_login(outsider.user)
    assert client.get(reverse("care:case_care", args=[case.pk])).status_code == 404
    response = client.post(
        reverse("care:care_support_new", args=[case.pk]), {"kind": "home_visit", "happened_on": day(0)}
    )
    assert response.status_code == 404
    assert not SupportContact.objects.exists()


def test_leader_records_support_through_the_form(client, case, leader):
    client.force_login(leader.user)
    url = reverse("care:care_support_new", args=[case.pk])
    bad = client.post(url, {"kind": "court_accompaniment", "happened_on": day(-3).isoformat()})
    assert bad.status_code == 200 and "future" in bad.content.decode()
    response = client.post(url, {"kind": "court_accompaniment", "happened_on": day(1).isoformat(), "note": "Calm"})
    assert response.status_code == 302
    contact = SupportContact.objects.get()
    assert contact.organisation.short_name == "TSC" and contact.recorded_by == leader.user


def test_caseworkers_cannot_record_collective_support(client, case, lead):
    client.force_login(lead.user)
    assert client.get(reverse("care:care_support_new", args=[case.pk])).status_code == 404


# --- masked coordinator -----------------------------------------------------------------------


def test_masked_coordinator_sees_progress_and_records_without_free_text(client, full_care, coordinator):
    body = care_page(client, coordinator, full_care).content.decode()
    assert "Rescue and custody" in body and "Magistrate" in body and "goals achieved" in body
    for secret in (
        FULL_NAME,
        PRIORITIES,
        HEALTH_GOAL,
        LIVELIHOOD_GOAL,
        RESCUE_PLACE,
        SUPPORT_NOTE,
        "Test Shakti Sadan",
    ):
        assert secret not in body, secret
    assert "Record the rescue" not in body and "Edit the rescue" not in body
