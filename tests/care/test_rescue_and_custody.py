"""Rescue and custody: the records, the deadlines the law attaches to them, and bad input."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from care import services
from care.models import CustodyOrder, Rescue, ShelterHome, ShelterStay
from cases.deadlines import deadline_fulfil, deadline_start
from cases.models import Case, CaseEvent, Deadline
from consortium.factories import state
from core.concurrency import ConcurrentEditError
from tests.cases.helpers import open_survivor_case
from tests.examples import fingerprint, saved_or_refused

from .conftest import ago, day, record_order, record_rescue

Kind = CustodyOrder.Kind
RAPE_WITH_CONSENT = {"rape_reported": True, "exam_consent": "given", "exam_consent_at": ago(days=1)}


def open_deadline(case, code) -> Deadline:
    return Deadline.objects.get(case=case, rule_code=code, status=Deadline.Status.OPEN)


def status_of(case, code) -> str:
    return Deadline.objects.filter(case=case, rule_code=code).values_list("status", flat=True).get()


@pytest.fixture
def child_case(lead):
    return open_survivor_case(lead, survivor={"estimated_age": 15})


# --- rescue -----------------------------------------------------------------------------------


def test_rescue_keeps_the_case_date_and_opens_no_medical_examination_deadline(case, lead):
    """BNSS 184(1) / CrPC 164A(1): the 24-hour examination is for a reported rape, not every rescue."""
    rescue = record_rescue(case, lead, rescued_at=ago(days=2, hours=5))
    assert not Deadline.objects.filter(case=case, rule_code="medical_examination").exists()
    assert not Deadline.objects.filter(case=case, rule_code="cwc_production").exists(), "she is an adult"
    case.refresh_from_db()
    assert case.rescued_on == rescue.rescued_on
    assert case.escaped is False
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CARE, summary__startswith="Rescue recorded").exists()


def test_rape_reported_with_consent_starts_the_examination_deadline_in_the_rescue_state(case, lead):
    rescued_at = ago(days=2, hours=5)
    rescue = record_rescue(case, lead, rescued_at=rescued_at, **RAPE_WITH_CONSENT)
    deadline = open_deadline(case, "medical_examination")
    assert deadline.due_at == rescued_at + datetime.timedelta(hours=24)
    assert deadline.inputs["state"] == "MH"  # the state where she was rescued
    assert deadline.subject_key == f"survivors.rescue:{rescue.pk}"


def test_a_child_rescue_also_starts_cwc_production(child_case, lead):
    rescued_at = ago(hours=30)
    record_rescue(child_case, lead, rescued_at=rescued_at)
    production = open_deadline(child_case, "cwc_production")
    assert production.due_at == rescued_at + datetime.timedelta(hours=24)
    assert production.is_overdue


def test_escape_marks_the_case_escaped(case, lead):
    record_rescue(case, lead, agency=Rescue.Agency.SELF)
    case.refresh_from_db()
    assert case.escaped is True


def test_medical_examination_recorded_fulfils_the_deadline_by_code(case, lead):
    """Whoever started it: the one record of the examination (legal.MedicalExamination, recorded from
    either tab by the one service) meets every open deadline of the rule."""
    from legal.investigation.services import medical_exam_record

    rescue = record_rescue(case, lead, **RAPE_WITH_CONSENT)
    deadline_start(
        case=case,
        rule_code="medical_examination",
        trigger_at=ago(days=20),
        subject="legal.fir:77",
        actor=lead.user,
        state=state("MH"),
    )
    medical_exam_record(actor=lead.user, case=case, **{"examined_on": rescue.rescued_on})
    assert not Deadline.objects.filter(case=case, rule_code="medical_examination").open().exists()
    assert Deadline.objects.filter(case=case, rule_code="medical_examination", status="met").count() == 2


def test_an_examination_fulfilled_elsewhere_is_not_reopened_by_an_edit(case, lead):
    rescue = record_rescue(case, lead, **RAPE_WITH_CONSENT)
    deadline_fulfil(case=case, rule_codes=["medical_examination"], actor=lead.user)
    rescue.agency_detail = "AHTU Pune"
    services.rescue_save(actor=lead.user, case=case, rescue=rescue, expected_version=rescue.version)
    assert not Deadline.objects.filter(case=case, rule_code="medical_examination").open().exists()


def test_editing_the_rescue_time_recomputes_open_deadlines(child_case, lead):
    rescue = record_rescue(
        child_case, lead, rescued_at=ago(days=3), rape_reported=True, exam_consent="behalf", exam_consent_at=ago(1)
    )
    rescue.rescued_at = ago(days=2)
    services.rescue_save(actor=lead.user, case=child_case, rescue=rescue, expected_version=rescue.version)
    assert open_deadline(child_case, "cwc_production").due_at == rescue.rescued_at + datetime.timedelta(hours=24)
    assert open_deadline(child_case, "medical_examination").version == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rescued_at": ago(days=-2)}, "rescued_at"),
        ({"rescued_at": ago(days=400)}, "rescued_at"),  # before she was trafficked (200 days ago)
    ],
)
def test_rescue_bad_dates_are_refused(case, lead, fields, field):
    with pytest.raises(ValidationError) as error:
        record_rescue(case, lead, days_ago=20, **fields)
    assert field in error.value.message_dict
    assert not Rescue.objects.exists()
    assert not Deadline.objects.exclude(rule_code="survivor_update").exists()  # only the one opened with the case


def test_rescue_district_must_be_in_its_state(case, lead):
    from consortium.models import District

    with pytest.raises(ValidationError) as error:
        record_rescue(case, lead, district=District.objects.filter(state__code="WB").first())
    assert "district" in error.value.message_dict


def test_only_one_rescue_per_case(case, lead):
    record_rescue(case, lead)
    with pytest.raises(ValidationError, match="already recorded"):
        record_rescue(case, lead)


def test_rescue_edit_with_a_stale_page_is_refused(case, lead, make_member, org_wb):
    from cases import services as case_services

    teammate = make_member(first_name="Tara", organisation=org_wb)
    case_services.team_add(actor=lead.user, case=case, membership=teammate, role="caseworker")
    rescue = record_rescue(case, lead)
    mine = Rescue.objects.get(pk=rescue.pk)
    theirs = Rescue.objects.get(pk=rescue.pk)
    mine.agency_detail = "AHTU Thane"
    services.rescue_save(actor=lead.user, case=case, rescue=mine, expected_version=mine.version)
    theirs.agency_detail = "Police"
    with pytest.raises(ConcurrentEditError, match="Changed by Lakshmi Leadworker"):
        services.rescue_save(actor=teammate.user, case=case, rescue=theirs, expected_version=theirs.version)
    assert Rescue.objects.get(pk=rescue.pk).agency_detail == "AHTU Thane"


def test_stale_rescue_form_keeps_her_entries(client, case, lead):
    rescue = record_rescue(case, lead)
    client.force_login(lead.user)
    url = reverse("care:care_rescue", args=[case.pk])
    data = {
        "rescued_on": timezone.localtime(rescue.rescued_at).strftime("%Y-%m-%d"),
        "rescued_time": timezone.localtime(rescue.rescued_at).strftime("%H:%M"),
        "state": rescue.state_id,
        "agency": "police",
        "agency_detail": "Entry-that-must-stay-ZQ",
        "version": rescue.version - 1 if rescue.version > 1 else 0,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Changed by" in body
    assert "Entry-that-must-stay-ZQ" in body


def test_rescued_with_links_only_cases_she_can_see(client, case, lead, make_member, org_mh):
    mine = open_survivor_case(lead, survivor={"full_name": "Second Survivor Qx"})
    theirs = open_survivor_case(make_member(organisation=org_mh))
    client.force_login(lead.user)
    url = reverse("care:care_rescue", args=[case.pk])
    base = {"rescued_on": ago(days=20).strftime("%Y-%m-%d"), "state": state("MH").pk, "agency": "ahtu"}
    response = client.post(url, {**base, "rescued_with_references": f"{mine.reference}, {theirs.reference}"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f"No case you can see has the reference {theirs.reference}" in body
    missing = client.post(url, {**base, "rescued_with_references": "MH-2099-9999"}).content.decode()
    assert "No case you can see has the reference MH-2099-9999" in missing  # the same answer
    assert not Rescue.objects.exists()
    assert client.post(url, {**base, "rescued_with_references": mine.reference}).status_code == 302
    care = client.get(reverse("care:case_care", args=[case.pk])).content.decode()
    assert mine.reference in care
    # The link shows on the other case too, and only to those who may see this one.
    other_side = client.get(reverse("care:case_care", args=[mine.pk])).content.decode()
    assert case.reference in other_side


def test_rescued_with_hides_cases_the_viewer_cannot_see(client, case, lead, make_member, org_wb, org_mh):
    from cases import services as case_services

    other = open_survivor_case(make_member(organisation=org_wb, first_name="Other"))
    rescue = record_rescue(case, lead)
    rescue.rescued_with.set([other])
    colleague = make_member(organisation=org_wb)
    case_services.team_add(actor=lead.user, case=case, membership=colleague, role="caseworker")
    client.force_login(colleague.user)
    assert other.reference not in client.get(reverse("care:case_care", args=[case.pk])).content.decode()
    assert Case.objects.filter(pk=other.pk).exists()


# --- adult custody (ITPA s.17) ----------------------------------------------------------------


def test_intermediate_custody_starts_the_10_day_limit_and_custody_during_the_inquiry_the_3_weeks(case, lead):
    """ITPA s.17(1) proviso (i): ten days from the nearest magistrate's order; s.17(3) second proviso:
    three weeks from the order of custody while the inquiry is made."""
    record_rescue(case, lead, days_ago=20)
    intermediate = record_order(case, lead, Kind.MAGISTRATE_INTERMEDIATE, days_ago=19, state_code="MH")
    limit = open_deadline(case, "adult_custody_limit")
    assert limit.due_on == intermediate.ordered_on + datetime.timedelta(days=10)
    assert limit.calendar.state.code == "MH"
    assert limit.subject_key == f"survivors.custodyorder:{intermediate.pk}"
    assert not Deadline.objects.filter(case=case, rule_code="adult_custody_inquiry").exists()
    custody = record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=15)
    assert status_of(case, "adult_custody_limit") == "met", "produced before the magistrate: intermediate custody over"
    inquiry = open_deadline(case, "adult_custody_inquiry")
    assert inquiry.due_on == custody.ordered_on + datetime.timedelta(days=21)
    assert not inquiry.is_overdue


def test_the_orders_table_becomes_one_card_per_order_on_a_phone(client, case, lead):
    """On a narrow screen (static/css/nyaya.css, cards-narrow) each order is a card headed by what
    it is, each other cell named by its column."""
    import re

    record_rescue(case, lead, days_ago=20)
    record_order(case, lead, Kind.MAGISTRATE_INTERMEDIATE, days_ago=19, state_code="MH")
    client.force_login(lead.user)
    page = client.get(reverse("care:case_care", args=[case.pk])).content.decode()
    table = re.search(r'<table class="cards-narrow title-first">.*?</table>', page, re.S)
    assert table is not None
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", table.group(0), re.S).group(1)
    assert re.search(r'<td class="card-title">[^<]*Nearest magistrate', row, re.I), row
    assert re.findall(r'data-label="([^"]+)"', row) == [
        "Date",
        "Court or committee",
        "Outcome",
        "State",
    ]


def test_custody_during_the_inquiry_alone_has_no_10_day_limit(case, lead):
    record_rescue(case, lead, days_ago=20)
    record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=19)
    assert not Deadline.objects.filter(case=case, rule_code="adult_custody_limit").exists()
    assert open_deadline(case, "adult_custody_inquiry").due_on == day(19) + datetime.timedelta(days=21)


def test_release_and_the_final_order_end_custody(case, lead):
    record_rescue(case, lead, days_ago=20)
    record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=19)
    record_order(case, lead, Kind.MAGISTRATE_RELEASE, days_ago=12)
    assert status_of(case, "adult_custody_inquiry") == "met"
    record_order(case, lead, Kind.MAGISTRATE_FINAL, days_ago=2, outcome="repatriation")
    assert status_of(case, "adult_custody_inquiry") == "met"


def test_correcting_the_custody_date_moves_its_deadlines(case, lead):
    record_rescue(case, lead, days_ago=20)
    order = record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=19)
    order.ordered_on = day(18)
    services.custody_order_save(actor=lead.user, case=case, order=order, expected_version=order.version)
    assert open_deadline(case, "adult_custody_inquiry").due_on == day(-3)


def test_custody_during_the_inquiry_cannot_precede_the_intermediate_order(case, lead):
    record_rescue(case, lead, days_ago=20)
    record_order(case, lead, Kind.MAGISTRATE_INTERMEDIATE, days_ago=15)
    with pytest.raises(ValidationError) as error:
        record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=17)
    assert "intermediate custody order" in error.value.message_dict["ordered_on"][0]


# --- child: Child Welfare Committee (JJ Act) --------------------------------------------------


def test_cwc_production_meets_the_24_hours_and_starts_sir_and_final_order(child_case, lead):
    record_rescue(child_case, lead, days_ago=20)
    production = record_order(child_case, lead, Kind.CWC_PRODUCTION, days_ago=19, authority="CWC Mumbai City")
    assert status_of(child_case, "cwc_production") == "met"
    sir = open_deadline(child_case, "cwc_social_investigation")
    final = open_deadline(child_case, "cwc_final_order")
    assert sir.due_on == production.ordered_on + datetime.timedelta(days=15)
    from core.day_count import add_months

    assert final.due_on == add_months(production.ordered_on, 4)
    record_order(child_case, lead, Kind.CWC_SIR, days_ago=6)
    assert status_of(child_case, "cwc_social_investigation") == "met"
    assert status_of(child_case, "cwc_final_order") == "open"
    record_order(child_case, lead, Kind.CWC_FINAL, days_ago=1, outcome="repatriation")
    assert status_of(child_case, "cwc_final_order") == "met"


def test_final_order_without_a_report_meets_both(child_case, lead):
    record_rescue(child_case, lead, days_ago=20)
    record_order(child_case, lead, Kind.CWC_PRODUCTION, days_ago=19)
    record_order(child_case, lead, Kind.CWC_FINAL, days_ago=3)
    assert status_of(child_case, "cwc_social_investigation") == "met"


# --- bad input --------------------------------------------------------------------------------


def test_an_order_dated_before_the_rescue_is_refused(case, lead):
    record_rescue(case, lead, days_ago=20)
    with pytest.raises(ValidationError) as error:
        record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=21)
    assert "before the rescue" in error.value.message_dict["ordered_on"][0]
    assert not CustodyOrder.objects.exists()
    assert not Deadline.objects.filter(rule_code__startswith="adult_").exists()


def test_an_order_without_a_rescue_is_refused(case, lead):
    with pytest.raises(ValidationError, match="Record the rescue"):
        record_order(case, lead, Kind.MAGISTRATE_CUSTODY)


def test_a_future_order_is_refused(case, lead):
    record_rescue(case, lead)
    with pytest.raises(ValidationError) as error:
        record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=-1)
    assert "ordered_on" in error.value.message_dict


def test_adult_orders_for_a_child_and_cwc_steps_for_an_adult_are_refused(case, child_case, lead):
    record_rescue(case, lead)
    record_rescue(child_case, lead)
    with pytest.raises(ValidationError, match="adult when rescued"):
        record_order(case, lead, Kind.CWC_PRODUCTION)
    with pytest.raises(ValidationError, match="child when rescued"):
        record_order(child_case, lead, Kind.MAGISTRATE_CUSTODY)


def test_steps_must_follow_their_first_order(child_case, lead):
    record_rescue(child_case, lead, days_ago=20)
    with pytest.raises(ValidationError, match="Record “Produced before the Child Welfare Committee” first"):
        record_order(child_case, lead, Kind.CWC_SIR)
    record_order(child_case, lead, Kind.CWC_PRODUCTION, days_ago=10)
    with pytest.raises(ValidationError) as error:
        record_order(child_case, lead, Kind.CWC_SIR, days_ago=12)
    assert "ordered_on" in error.value.message_dict
    with pytest.raises(ValidationError, match="already recorded"):
        record_order(child_case, lead, Kind.CWC_PRODUCTION, days_ago=9)


def test_the_kind_of_an_order_cannot_be_changed(case, lead):
    record_rescue(case, lead)
    order = record_order(case, lead, Kind.MAGISTRATE_CUSTODY)
    order.kind = Kind.MAGISTRATE_FINAL
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.custody_order_save(actor=lead.user, case=case, order=order, expected_version=order.version)


def test_the_rescue_cannot_be_moved_after_its_orders(case, lead):
    rescue = record_rescue(case, lead, days_ago=20)
    record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=19)
    rescue.rescued_at = ago(days=10)
    with pytest.raises(ValidationError, match="Correct the order first"):
        services.rescue_save(actor=lead.user, case=case, rescue=rescue, expected_version=rescue.version)


def test_order_form_errors_show_on_the_page_and_save_nothing(client, case, lead):
    record_rescue(case, lead, days_ago=20)
    client.force_login(lead.user)
    response = client.post(
        reverse("care:care_order_new", args=[case.pk]),
        {"kind": Kind.MAGISTRATE_CUSTODY, "ordered_on": day(25).isoformat(), "state": state("MH").pk},
    )
    assert response.status_code == 200
    assert "orders follow the rescue" in response.content.decode()
    assert not CustodyOrder.objects.exists()


# --- shelter ----------------------------------------------------------------------------------


def test_a_placement_order_records_her_shelter_stay(case, lead, shelter):
    record_rescue(case, lead, days_ago=20)
    order = record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=19, shelter=shelter, outcome="shelter")
    stay = ShelterStay.objects.get(case=case)
    assert (stay.shelter, stay.admitted_on, stay.order) == (shelter, order.ordered_on, order)


def test_moving_to_another_shelter_ends_the_current_stay(case, lead, shelter):
    record_rescue(case, lead, days_ago=20)
    first = services.shelter_stay_record(actor=lead.user, case=case, shelter=shelter, admitted_on=day(19))
    second_home = ShelterHome.objects.create(
        name="Test Swadhar Greh Howrah", kind="swadhar_greh", state=state("WB"), created_by=lead.user
    )
    services.shelter_stay_record(actor=lead.user, case=case, shelter=second_home, admitted_on=day(5))
    first.refresh_from_db()
    assert first.left_on == day(5)
    assert ShelterStay.objects.filter(case=case, left_on__isnull=True).get().shelter == second_home


@pytest.mark.parametrize(("admitted", "field"), [(25, "admitted_on"), (-2, "admitted_on")])
def test_a_stay_before_the_rescue_or_in_the_future_is_refused(case, lead, shelter, admitted, field):
    record_rescue(case, lead, days_ago=20)
    with pytest.raises(ValidationError) as error:
        services.shelter_stay_record(actor=lead.user, case=case, shelter=shelter, admitted_on=day(admitted))
    assert field in error.value.message_dict
    assert not ShelterStay.objects.exists()


def test_ending_a_stay(case, lead, shelter):
    record_rescue(case, lead, days_ago=20)
    stay = services.shelter_stay_record(actor=lead.user, case=case, shelter=shelter, admitted_on=day(19))
    with pytest.raises(ValidationError, match="before she was admitted"):
        services.shelter_stay_end(actor=lead.user, case=case, stay=stay, left_on=day(25), expected_version=stay.version)
    services.shelter_stay_end(actor=lead.user, case=case, stay=stay, left_on=day(2), expected_version=stay.version)
    with pytest.raises(ValidationError, match="already ended"):
        services.shelter_stay_end(actor=lead.user, case=case, stay=stay, left_on=day(1), expected_version=stay.version)


def test_an_inactive_shelter_cannot_be_chosen(case, lead, shelter):
    record_rescue(case, lead, days_ago=20)
    ShelterHome.objects.filter(pk=shelter.pk).update(is_active=False)
    shelter.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.shelter_stay_record(actor=lead.user, case=case, shelter=shelter, admitted_on=day(3))
    assert "shelter" in error.value.message_dict


def order_saved_or_refused(case, response, before):
    changed = fingerprint(CustodyOrder.objects.filter(case=case)) != before
    if not Rescue.objects.filter(case=case).exists():
        # No order before the rescue: back to the Care tab, which says to record the rescue first.
        assert (response.status_code, changed) == (302, False)
        assert response["Location"] == reverse("care:case_care", args=[case.pk])
    else:
        saved_or_refused(response, changed)


DATETIMES = ["", "2026-02-30T10:00", "yesterday", "1890-01-01T00:00", "2999-01-01T10:00"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_rescue_and_order_forms_never_fail(client, case, lead, data):
    """Whatever is posted, the page saves it (302) or shows why not (200, nothing saved), never a 500."""
    client.force_login(lead.user)
    moments = st.sampled_from([*DATETIMES, ago(days=20).strftime("%Y-%m-%dT%H:%M")])
    rescue = data.draw(
        st.fixed_dictionaries(
            {
                "rescued_on": st.sampled_from(
                    ["", "2026-02-30", "yesterday", "1890-01-01", "2999-01-01", day(20).isoformat()]
                ),
                "rescued_time": st.sampled_from(["", "10:00", "25:61", "noon"]),
                "state": st.sampled_from(["", str(state("MH").pk), "0", "abc"]),
                "district": st.sampled_from(["", "999999", "-1"]),
                "agency": st.sampled_from(["ahtu", "self", "", "army"]),
                "others_rescued": st.sampled_from(["", "3", "-2", "100000", "x"]),
                "rape_reported": st.sampled_from(["", "on", "maybe"]),
                "rape_reported_at": moments,
                "exam_consent": st.sampled_from(["", "given", "behalf", "withheld", "forced"]),
                "exam_consent_at": moments,
                "rescued_with_references": st.sampled_from(["", "MH-2026-0001", "garbage;;", "X" * 500]),
                "place": st.text(max_size=30),
                "version": st.sampled_from(["", "1", "zz"]),
            }
        )
    )
    before = fingerprint(Rescue.objects.filter(case=case))
    response = client.post(reverse("care:care_rescue", args=[case.pk]), rescue)
    saved_or_refused(response, fingerprint(Rescue.objects.filter(case=case)) != before)
    order = data.draw(
        st.fixed_dictionaries(
            {
                "kind": st.sampled_from(
                    ["magistrate_intermediate", "magistrate_custody", "cwc_production", "magistrate_final", "x"]
                ),
                "ordered_on": st.sampled_from(["", "2026-13-01", day(10).isoformat(), day(-10).isoformat()]),
                "state": st.sampled_from([str(state("MH").pk), ""]),
                "shelter": st.sampled_from(["", "999999"]),
                "outcome": st.sampled_from(["", "released", "nonsense"]),
            }
        )
    )
    before = fingerprint(CustodyOrder.objects.filter(case=case))
    response = client.post(reverse("care:care_order_new", args=[case.pk]), order)
    order_saved_or_refused(case, response, before)
    step = data.draw(st.sampled_from([*CustodyOrder.OWN_FORM_KINDS, "nonsense"]))
    some_order = CustodyOrder.objects.filter(case=case).values_list("pk", flat=True).first()
    extra = data.draw(
        st.fixed_dictionaries(
            {
                "finding": st.sampled_from(["", "genuine", "not_traced", "bogus"]),
                "receiving_authority": st.sampled_from(["", "CWC X", "Y" * 300]),
                "home_district": st.sampled_from(["", "999999", "abc"]),
                "home_report_on": st.sampled_from(["", "2026-02-30", day(3).isoformat()]),
                "answers": st.sampled_from(["", "999999", "x", str(some_order or "")]),
                "addressed_to": st.sampled_from(["", "DCPU Murshidabad", "Z" * 300]),
                "escort_order_on": st.sampled_from(["", "2026-02-30", day(2).isoformat(), day(-5).isoformat()]),
                "escorted_by": st.sampled_from(["", "SJPU Mumbai"]),
            }
        )
    )
    before = fingerprint(CustodyOrder.objects.filter(case=case))
    response = client.post(reverse("care:care_order_new", args=[case.pk]) + f"?step={step}", {**order, **extra})
    order_saved_or_refused(case, response, before)
    for saved in CustodyOrder.objects.all():
        assert saved.ordered_on >= Rescue.objects.get(case=case).rescued_on
