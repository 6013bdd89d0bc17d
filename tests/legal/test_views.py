"""The Investigation tab's forms: each action through the browser, bad input as field errors
(nothing saved, never a 500), stale pages as conflicts, and constant queries on the tab."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Deadline
from consortium.factories import state
from legal.accused import services as accused_services
from legal.investigation import services
from legal.models import (
    FIR,
    AdvocacyAction,
    Charge,
    FailurePoint,
    FailureTag,
    FIRAccused,
    MedicalExamination,
    PoliceRequest,
    Statement,
)
from tests.url_names import qualified

from .helpers import accused_data, add_charge, days, make_fir


@pytest.fixture
def browser(client, lead):
    client.force_login(lead.user)
    return client


def url(name, case, **kwargs):
    return reverse(qualified(name), kwargs={"case_id": case.pk, **kwargs})


def test_record_a_police_case(browser, case):
    response = browser.post(
        url("fir_new", case),
        {
            "state": state("MH").pk,
            "police_station": "Pimpri PS",
            "chain_role": "destination",
            "reported_on": days(-3).isoformat(),
            "io_rank": "Inspector",
        },
    )
    assert response.status_code == 302
    fir = FIR.objects.get(case=case)
    assert fir.stage == "reported" and str(fir) == "Complaint at Pimpri PS"


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"reported_on": days(2).isoformat()}, "reported_on"),
        ({"state": 999999}, "state"),
        ({"police_station": ""}, "police_station"),
        ({"chain_role": "nowhere"}, "chain_role"),
        ({"reported_on": "31-02-2026"}, "reported_on"),
    ],
)
def test_bad_fir_input_is_a_field_error(browser, case, post, field):
    data = {
        "state": state("MH").pk,
        "police_station": "Pimpri PS",
        "chain_role": "destination",
        "reported_on": days(-3).isoformat(),
        **post,
    }
    response = browser.post(url("fir_new", case), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    assert not FIR.objects.exists()


def test_district_must_be_in_the_state(browser, case):
    from consortium.models import District

    response = browser.post(
        url("fir_new", case),
        {
            "state": state("MH").pk,
            "district": District.objects.filter(state__code="WB").first().pk,
            "police_station": "Pimpri PS",
            "chain_role": "destination",
            "reported_on": days(-3).isoformat(),
        },
    )
    assert response.context["form"].errors.get("district")


def test_transition_form_moves_the_fir_and_tab_offers_only_allowed_actions(browser, case, lead):
    fir = make_fir(case, lead.user, stage="reported")
    tab = browser.get(url("investigation", case)).content.decode()
    assert url("fir_move", case, fir_id=fir.pk, transition="register_fir") in tab
    assert url("fir_move", case, fir_id=fir.pk, transition="file_chargesheet") not in tab
    assert 'aria-current="step"' in tab
    response = browser.post(
        url("fir_move", case, fir_id=fir.pk, transition="register_fir"),
        {"version": fir.version, "fir_number": "55/2026", "fir_date": days(-2).isoformat(), "police_station": "X PS"},
    )
    assert response.status_code == 302
    fir.refresh_from_db()
    assert (fir.stage, fir.fir_number) == ("fir_registered", "55/2026")


def test_transition_without_its_data_shows_the_reason(browser, case, lead):
    fir = make_fir(case, lead.user, stage="under_investigation")
    response = browser.post(
        url("fir_move", case, fir_id=fir.pk, transition="file_chargesheet"),
        {"version": fir.version, "chargesheet_on": days(-1).isoformat()},
    )
    assert response.status_code == 200
    assert "Record the sections charged" in response.content.decode()
    fir.refresh_from_db()
    assert fir.stage == "under_investigation"


def test_chargesheet_before_fir_is_shown_on_the_field(browser, case, lead):
    fir = make_fir(case, lead.user, stage="under_investigation")
    add_charge(fir, lead.user)
    response = browser.post(
        url("fir_move", case, fir_id=fir.pk, transition="file_chargesheet"),
        {"version": fir.version, "chargesheet_on": days(-400).isoformat()},
    )
    assert response.context["form"].errors.get("chargesheet_on")


def test_wrong_stage_through_the_url_is_refused_with_the_reason(browser, case, lead):
    fir = make_fir(case, lead.user, stage="reported")
    page = browser.get(url("fir_move", case, fir_id=fir.pk, transition="file_protest_petition"))
    assert "cannot be done at the stage" in page.content.decode()
    response = browser.post(
        url("fir_move", case, fir_id=fir.pk, transition="file_protest_petition"),
        {"version": fir.version, "protest_petition_on": days(-1).isoformat()},
    )
    assert response.status_code == 200 and "cannot be done at the stage" in response.content.decode()
    fir.refresh_from_db()
    assert fir.stage == "reported"


def test_a_second_person_on_a_stale_page_gets_a_conflict(browser, case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered")
    stale = fir.version
    services.fir_transition(actor=lead.user, fir=fir, transition="start_investigation", expected_version=stale, data={})
    response = browser.post(
        url("fir_move", case, fir_id=fir.pk, transition="start_investigation"),
        {"version": stale, "io_rank": "SI", "note": "kept"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Changed by Lakshmi Leadworker" in body or "cannot be done at the stage" in body
    assert "kept" in body  # her entries stay in the form


def test_fir_edit_refuses_a_stale_version(browser, case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered")
    data = {"police_station": "New PS", "chain_role": "destination", "io_rank": "SI", "version": fir.version}
    assert browser.post(url("fir_edit", case, fir_id=fir.pk), data).status_code == 302
    again = browser.post(url("fir_edit", case, fir_id=fir.pk), {**data, "police_station": "Other PS"})
    assert "Changed by" in again.content.decode()
    fir.refresh_from_db()
    assert fir.police_station == "New PS"


def test_sections_page_adds_drops_and_reports_unknown_numbers(browser, case, lead):
    from legal.models import Act

    fir = make_fir(case, lead.user, stage="fir_registered")
    bns = Act.objects.get(code="bns")
    bad = browser.post(url("fir_charges", case, fir_id=fir.pk), {"act": bns.pk, "number": "999"})
    assert "no section" in bad.context["form"].errors["number"][0]
    assert browser.post(url("fir_charges", case, fir_id=fir.pk), {"act": bns.pk, "number": "143"}).status_code == 302
    charge = Charge.objects.get(fir=fir)
    page = browser.get(url("fir_charges", case, fir_id=fir.pk)).content.decode()
    assert "BNS 143 (IPC 370)" in page
    browser.post(url("fir_charge_drop", case, fir_id=fir.pk, charge_id=charge.pk), {"reason": ""})
    charge.refresh_from_db()
    assert charge.is_live
    browser.post(url("fir_charge_drop", case, fir_id=fir.pk, charge_id=charge.pk), {"reason": "Wrong section"})
    charge.refresh_from_db()
    assert not charge.is_live
    tab = browser.get(url("investigation", case)).content.decode()
    assert "1 section dropped or altered" in tab


def test_arrest_and_bail_form(browser, case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered")
    add_charge(fir, lead.user, number="143(4)")
    link = accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter")
    assert (
        browser.post(
            url("fir_accused_add", case, fir_id=fir.pk), {"accused": link.pk, "named_in_fir": "on"}
        ).status_code
        == 302
    )
    fir_link = FIRAccused.objects.get(fir=fir)
    edit = url("fir_accused_edit", case, fir_id=fir.pk, link_id=fir_link.pk)
    bad = browser.post(
        edit,
        {
            "version": fir_link.version,
            "named_in_fir": "on",
            "arrested_on": days(-10).isoformat(),
            "custody": "judicial",
            "bail_status": "granted",
            "bail_applied_on": days(-5).isoformat(),
            "bail_granted_on": days(-6).isoformat(),
        },
    )
    assert bad.context["form"].errors.get("bail_granted_on")
    assert not Deadline.objects.filter(case=case, rule_code__startswith="chargesheet_9").exists()
    good = browser.post(
        edit,
        {
            "version": fir_link.version,
            "named_in_fir": "on",
            "arrested_on": days(-10).isoformat(),
            "arrested_at_time": "18:30",
            "remanded_on": days(-9).isoformat(),
            "custody": "judicial",
        },
    )
    assert good.status_code == 302
    # 90 days from the first remand, the remand day counted (BNSS 187(3); ED v. Kapil Wadhawan).
    clock = Deadline.objects.get(case=case, rule_code="chargesheet_90", status="open")
    assert clock.due_on == days(-9) + datetime.timedelta(days=89)
    fir_link.refresh_from_db()
    assert fir_link.remanded_on == days(-9) and fir_link.arrested_at_time.hour == 18
    page = browser.get(url("investigation", case)).content.decode()
    assert "remanded" in page and "Default bail accrues" in page
    fir_link.refresh_from_db()
    default_bail = browser.post(
        edit,
        {
            "version": fir_link.version,
            "named_in_fir": "on",
            "arrested_on": days(-10).isoformat(),
            "bail_status": "granted",
            "bail_applied_on": days(-4).isoformat(),
            "bail_granted_on": days(-3).isoformat(),
            "default_bail": "on",
        },
    )
    assert default_bail.status_code == 302
    assert FailureTag.objects.filter(fir=fir, failure_point__code="default_bail").exists()


def test_statement_medical_request_advocacy_forms(browser, case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered")
    response = browser.post(
        url("statement_new", case, fir_id=fir.pk),
        {
            "kind": "magistrate",
            "on": days(-2).isoformat(),
            "recorded": "on",
            "in_survivor_language": "false",
            "by_female_officer": "true",
            "support_person_present": "",
            "coercion_alleged": "on",
            "note": "She was pressured by the IO.",
        },
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.in_survivor_language is False and statement.support_person_present is None
    assert statement.section_label == "BNSS 183 (CrPC 164)"
    assert set(FailureTag.objects.values_list("failure_point__code", flat=True)) == {
        "statement_coerced",
        "statement_not_in_language",
    }

    bad = browser.post(
        url("medical_new", case), {"examined_on": days(-1).isoformat(), "report_on": days(-3).isoformat()}
    )
    assert bad.context["form"].errors.get("report_on")
    assert browser.post(url("medical_new", case), {"examined_on": days(-1).isoformat()}).status_code == 302
    exam = MedicalExamination.objects.get()
    assert (
        browser.post(
            url("medical_report", case, exam_id=exam.pk), {"version": exam.version, "report_on": days(0).isoformat()}
        ).status_code
        == 302
    )

    request_data = {
        "subject": "age_proof",
        "from_police_station": "Pimpri PS",
        "to_state": state("WB").pk,
        "to_police_station": "Howrah PS",
        "sent_on": days(-10).isoformat(),
        "due_on": days(-20).isoformat(),
    }
    bad = browser.post(url("request_new", case), request_data)
    assert bad.context["form"].errors.get("due_on")
    bad = browser.post(url("request_new", case), {**request_data, "to_police_station": "", "due_on": days(5)})
    assert bad.context["form"].errors.get("to_police_station")
    assert browser.post(url("request_new", case), {**request_data, "due_on": days(-1).isoformat()}).status_code == 302
    police_request = PoliceRequest.objects.get()
    assert police_request.is_overdue
    tab = browser.get(url("investigation", case)).content.decode()
    assert "overdue" in tab
    update = url("request_update", case, request_id=police_request.pk)
    assert browser.post(update, {"action": "remind", "r-sent_on": days(0).isoformat()}).status_code == 302
    bad = browser.post(
        update, {"action": "close", "c-version": police_request.version, "c-status": "answered", "c-responded_on": ""}
    )
    assert bad.context["close_form"].errors.get("responded_on")
    answered = browser.post(
        update,
        {
            "action": "close",
            "c-version": police_request.version,
            "c-status": "answered",
            "c-responded_on": days(0).isoformat(),
            "c-response": "Sent.",
        },
    )
    assert answered.status_code == 302
    police_request.refresh_from_db()
    assert police_request.status == "answered" and police_request.reminders.count() == 1

    advocacy = {
        "fir": fir.pk,
        "kind": "add_sections",
        "filed_with": "JMFC",
        "filed_on": days(-5).isoformat(),
        "outcome": "granted",
    }
    bad = browser.post(url("advocacy_new", case), advocacy)
    assert bad.context["form"].errors.get("outcome_on")
    assert browser.post(url("advocacy_new", case), {**advocacy, "outcome": "pending"}).status_code == 302
    action = AdvocacyAction.objects.get()
    outcome = url("advocacy_outcome", case, action_id=action.pk)
    bad = browser.post(outcome, {"version": action.version, "outcome": "rejected", "outcome_on": days(-9).isoformat()})
    assert bad.context["form"].errors.get("outcome_on")
    good = browser.post(outcome, {"version": action.version, "outcome": "rejected", "outcome_on": days(-1).isoformat()})
    assert good.status_code == 302


def test_ahtu_and_survivor_informed_and_tags(browser, case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered", state_code="WB", chain_role="source")
    bad = browser.post(
        url("fir_ahtu", case, fir_id=fir.pk),
        {"version": fir.version, "ahtu_unit": "AHTU", "ahtu_transferred_on": days(-300).isoformat()},
    )
    assert bad.context["form"].errors.get("ahtu_transferred_on")
    good = browser.post(
        url("fir_ahtu", case, fir_id=fir.pk),
        {"version": fir.version, "ahtu_unit": "AHTU Howrah", "ahtu_transferred_on": days(-1).isoformat()},
    )
    assert good.status_code == 302
    fir.refresh_from_db()
    assert fir.ahtu_holds
    assert (
        browser.post(
            url("fir_survivor_informed", case, fir_id=fir.pk),
            {"version": fir.version, "survivor_informed_on": days(0).isoformat()},
        ).status_code
        == 302
    )
    point = FailurePoint.objects.get(code="dates_places_missing")
    assert browser.post(url("fir_tags", case, fir_id=fir.pk), {"failure_point": point.pk}).status_code == 302
    again = browser.post(url("fir_tags", case, fir_id=fir.pk), {"failure_point": point.pk})
    assert again.context["form"].errors.get("failure_point")
    tag = FailureTag.objects.get(fir=fir)
    browser.post(url("fir_tag_remove", case, fir_id=fir.pk, tag_id=tag.pk))
    tag.refresh_from_db()
    assert tag.removed_at is not None


def test_coordinator_extends_and_retires_failure_points(client, coordinator):
    client.force_login(coordinator.user)
    assert client.post(reverse("legal:failure_points"), {"name": "Survivor threatened by accused"}).status_code == 302
    point = FailurePoint.objects.get(name="Survivor threatened by accused")
    dup = client.post(reverse("legal:failure_points"), {"name": "survivor threatened by accused"})
    assert dup.context["form"].errors.get("name")
    client.post(reverse("legal:failure_points"), {"toggle": point.pk})
    point.refresh_from_db()
    assert not point.is_active


def test_failure_tags_are_countable_in_sql(case, lead, django_assert_max_num_queries):
    from legal.investigation.selectors import failure_point_counts

    for stage in ("fir_registered", "under_investigation"):
        fir = make_fir(case, lead.user, stage=stage)
        services.failure_tag_add(
            actor=lead.user, fir=fir, failure_point=FailurePoint.objects.get(code="no_ahtu_transfer")
        )
    with django_assert_max_num_queries(1):
        counts = {p.code: p.live_tags for p in failure_point_counts()}
    assert counts["no_ahtu_transfer"] == 2


def _investigation_world(case, lead, firs: int):
    for index in range(firs):
        fir = make_fir(case, lead.user, stage="under_investigation" if index % 2 else "fir_registered")
        add_charge(fir, lead.user)
        link = accused_services.accused_record(
            actor=lead.user, case=case, **accused_data(names=[f"Person {index}"], phones=[]), role="recruiter"
        )
        services.fir_accused_add(actor=lead.user, fir=fir, accused=link.accused)
        services.statement_record(actor=lead.user, fir=fir, **{"kind": "police", "on": days(-1)})
        services.failure_tag_add(
            actor=lead.user, fir=fir, failure_point=FailurePoint.objects.get(code="wrong_sections")
        )


def test_investigation_tab_queries_do_not_grow_with_firs(browser, case, lead, django_assert_max_num_queries):
    _investigation_world(case, lead, 1)
    with django_assert_max_num_queries(60) as small:
        browser.get(url("investigation", case))
    _investigation_world(case, lead, 4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = browser.get(url("investigation", case))
    assert response.content.decode().count('class="panel fir-card"') == 5
