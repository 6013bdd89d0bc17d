"""The Court tab's forms: each action through the browser, bad input as field errors (nothing
saved, never a 500), stale pages as conflicts, constant queries, calendars of visible cases only,
the next hearing on the case and the home pages, and the printable case file."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import AccessLogEntry, Deadline
from consortium.factories import state
from consortium.models import Role
from legal.court import services as court_services
from legal.models import (
    BailApplication,
    CourtCase,
    CourtCharge,
    Hearing,
    Judgment,
    JudgmentOutcome,
    WitnessProtection,
)
from legal.reviews import services as review_services
from tests.url_names import qualified

from .court_helpers import (
    COURT_NAME,
    DEPOSITION_NOTE,
    PROCEEDINGS,
    accused_on,
    make_court_case,
    move,
    record_judgment,
)
from .helpers import ACCUSED_NAME, days


@pytest.fixture
def browser(client, lead):
    client.force_login(lead.user)
    return client


def url(name, case, **kwargs):
    return reverse(qualified(name), kwargs={"case_id": case.pk, **kwargs})


def court_post(**overrides):
    return {
        "court_kind": "magistrate",
        "court_state": state("WB").pk,
        "court_name": COURT_NAME,
        "case_number": "GR 7/2026",
        "cnr": "WBHW010012342026",
        "cognizance_on": days(-30).isoformat(),
        **overrides,
    }


# --- court cases ----------------------------------------------------------------------------


def test_record_a_court_case_with_its_accused(browser, case, lead, lawyer):
    accused = accused_on(case, lead.user)
    link = case.accused_links.get(accused=accused)
    response = browser.post(
        url("court_case_new", case), court_post(lawyer=lawyer.user.pk, accused=[link.pk], cnr="wbhw-01-001234-2026")
    )
    assert response.status_code == 302
    court_case = CourtCase.objects.get(case=case)
    assert court_case.stage == "cognizance" and court_case.cnr == "WBHW010012342026"
    assert court_case.lawyer == lawyer.user and list(court_case.accused_links.values_list("accused", flat=True)) == [
        accused.pk
    ]
    tab = browser.get(url("court", case)).content.decode()
    assert 'aria-current="step"' in tab
    assert url("court_case_move", case, court_case_id=court_case.pk, transition="record_appearance") in tab
    assert url("court_case_move", case, court_case_id=court_case.pk, transition="frame_charges") not in tab
    assert ACCUSED_NAME in tab


@pytest.mark.parametrize(
    "cnr",
    [
        "WBHW01001234202",  # 15 characters
        "WBHW0100123420266",  # 17
        "1234010012342026",  # digits where the letters go
        "WBH1010012342026",
        "WBHW0100123420XX",
        "WBHW010000002026",  # serial number all zeros
        "WBHW010012341949",  # year before 1950
        "WBHW010012342099",  # year in the future
        "WBHW 01 ÖÖ1234 2026",
    ],
)
def test_an_invalid_cnr_is_a_field_error_and_nothing_is_saved(browser, case, cnr):
    response = browser.post(url("court_case_new", case), court_post(cnr=cnr))
    assert response.status_code == 200
    assert response.context["form"].errors.get("cnr")
    assert not CourtCase.objects.exists()


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"cognizance_on": ""}, "cognizance_on"),
        ({"cognizance_on": days(3).isoformat()}, "cognizance_on"),
        ({"cognizance_on": "31-02-2026"}, "cognizance_on"),
        ({"filed_on": days(-10).isoformat()}, "cognizance_on"),
        ({"court_name": ""}, "court_name"),
        ({"court_kind": "tribunal"}, "court_kind"),
        ({"court_state": ""}, "court_state"),
        ({"lawyer": 999999}, "lawyer"),
        ({"firs": [999999]}, "firs"),
    ],
)
def test_bad_court_case_input_is_a_field_error(browser, case, post, field):
    response = browser.post(url("court_case_new", case), court_post(**post))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not CourtCase.objects.exists()


def test_the_same_cnr_twice_on_a_case_is_refused(browser, case, lead):
    make_court_case(case, lead.user)
    response = browser.post(url("court_case_new", case), court_post())
    assert response.context["form"].errors.get("cnr")
    assert CourtCase.objects.count() == 1


def test_a_stale_edit_is_a_conflict_and_her_entries_stay(browser, case, lead):
    court_case = make_court_case(case, lead.user)
    stale = court_case.version
    move(court_case, lead.user, "record_appearance")
    response = browser.post(
        url("court_case_edit", case, court_case_id=court_case.pk),
        court_post(version=stale, judge="Judge Typed Again Qx", cognizance_on=court_case.cognizance_on.isoformat()),
    )
    body = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "Changed by" in body, response.context["form"].errors
    assert "Judge Typed Again Qx" in body
    assert CourtCase.objects.get(pk=court_case.pk).judge == "Judge Demo"


def test_transition_form_moves_and_refuses_the_wrong_stage_with_the_reason(browser, case, lead):
    court_case = make_court_case(case, lead.user)
    page = browser.get(url("court_case_move", case, court_case_id=court_case.pk, transition="reserve_judgment"))
    assert "cannot be done at the stage" in page.content.decode()
    response = browser.post(
        url("court_case_move", case, court_case_id=court_case.pk, transition="reserve_judgment"),
        {"version": court_case.version, "arguments_concluded_on": days(-1).isoformat()},
    )
    assert response.status_code == 200 and "cannot be done at the stage" in response.content.decode()
    response = browser.post(
        url("court_case_move", case, court_case_id=court_case.pk, transition="record_appearance"),
        {"version": court_case.version, "appearance_on": days(-1).isoformat()},
    )
    assert response.status_code == 302
    assert CourtCase.objects.get(pk=court_case.pk).stage == "appearance"


def test_future_step_date_is_a_field_error(browser, case, lead):
    court_case = make_court_case(case, lead.user)
    response = browser.post(
        url("court_case_move", case, court_case_id=court_case.pk, transition="record_appearance"),
        {"version": court_case.version, "appearance_on": days(2).isoformat()},
    )
    assert response.context["form"].errors.get("appearance_on")
    assert CourtCase.objects.get(pk=court_case.pk).stage == "cognizance"


@pytest.mark.parametrize(
    ("text", "mapped", "flagged"),
    [
        ("For Charge", "discharge_hearing", False),
        ("EVIDENCE", "prosecution_evidence", False),
        ("Judgement", "judgment_reserved", False),
        ("Appearance of Accused", "appearance", False),
        ("Arguments heard in part", "final_arguments", False),
        ("Office report awaited", "", True),
    ],
)
def test_ecourts_stage_is_kept_as_written_and_mapped(browser, case, lead, text, mapped, flagged):
    court_case = make_court_case(case, lead.user)
    response = browser.post(
        url("court_case_ecourts", case, court_case_id=court_case.pk),
        {"version": court_case.version, "ecourts_stage": text, "ecourts_checked_on": days(0).isoformat()},
    )
    assert response.status_code == 302
    court_case.refresh_from_db()
    assert (court_case.ecourts_stage, court_case.ecourts_stage_mapped) == (text, mapped)
    assert ("phrase not known" in browser.get(url("court", case)).content.decode()) is flagged


# --- charges --------------------------------------------------------------------------------


def test_charges_per_accused_with_history(browser, case, lead):
    second = accused_on(case, lead.user, names=["Second Accused Qzy"], aliases=[], phones=["99000 33344"])
    court_case = make_court_case(
        case, lead.user, stage="discharge_hearing", accused=[accused_on(case, lead.user), second]
    )
    page = url("court_charges", case, court_case_id=court_case.pk)
    from legal.models import Act

    bns = Act.objects.get(code="bns").pk
    assert browser.post(page, {"act": bns, "number": "143", "framed_on": days(-1).isoformat()}).status_code == 302
    assert CourtCharge.objects.filter(court_case=court_case).count() == 2  # one per accused
    bad = browser.post(page, {"act": bns, "number": "9999", "framed_on": days(-1).isoformat()})
    assert bad.context["form"].errors.get("number")
    early = browser.post(page, {"act": bns, "number": "144", "framed_on": days(-900).isoformat()})
    assert early.context["form"].errors.get("framed_on")
    charge = CourtCharge.objects.filter(court_case=court_case).first()
    browser.post(
        url("court_charge_drop", case, court_case_id=court_case.pk, charge_id=charge.pk), {"reason": "Altered"}
    )
    charge.refresh_from_db()
    assert not charge.is_live and charge.reason == "Altered"
    assert "Altered" in browser.get(page).content.decode()


# --- hearings -------------------------------------------------------------------------------


def hearing_post(**overrides):
    return {"on": days(-2).isoformat(), "purpose": "prosecution_evidence", "status": "held", **overrides}


def test_recording_a_hearing_with_a_next_date_schedules_the_next(browser, case, lead, lawyer):
    court_case = make_court_case(case, lead.user, stage="prosecution_evidence", start=-120)
    response = browser.post(
        url("hearing_add", case, court_case_id=court_case.pk),
        hearing_post(
            status="adjourned",
            adjournment_reason="judge_on_leave",
            next_date=days(9).isoformat(),
            next_purpose="survivor_evidence",
            next_survivor_must_attend="on",
            attended_for_consortium=[str(lawyer.user.pk)],
        ),
    )
    assert response.status_code == 302
    held = Hearing.objects.get(court_case=court_case, on=days(-2))
    assert held.status == "adjourned" and held.next_date == days(9)
    assert list(held.attended_for_consortium.all()) == [lawyer.user]
    upcoming = Hearing.objects.get(court_case=court_case, on=days(9))
    assert upcoming.is_scheduled and upcoming.survivor_must_attend and upcoming.purpose == "survivor_evidence"


def test_recording_a_hearing_names_who_goes_with_her_on_the_next_date(browser, case, lead, lawyer, make_member):
    """The next date's escort, chosen from the case team: on the hearing the next date makes, or on
    the one already scheduled for that day. Someone off the team, or an escort with no next date, is
    refused and nothing is saved."""
    court_case = make_court_case(case, lead.user, stage="prosecution_evidence", start=-120)
    page = url("hearing_add", case, court_case_id=court_case.pk)
    stranger = make_member(Role.CASEWORKER, lead.organisation, first_name="Stella", last_name="Stranger")
    form_page = browser.get(page).content.decode()
    assert "Who will go with her on the next date" in form_page and "Stella" not in form_page
    off_team = browser.post(page, hearing_post(next_date=days(9).isoformat(), next_escort=str(stranger.user.pk)))
    assert off_team.status_code == 200 and off_team.context["form"].errors.get("next_escort")
    no_date = browser.post(page, hearing_post(next_escort=str(lead.user.pk)))
    assert "Give the next date" in no_date.context["form"].errors["next_escort"][0]
    assert not Hearing.objects.filter(court_case=court_case).exists()
    response = browser.post(page, hearing_post(next_date=days(9).isoformat(), next_escort=str(lead.user.pk)))
    assert response.status_code == 302
    assert Hearing.objects.get(court_case=court_case, on=days(9)).escort == lead.user
    # The next date already on the calendar: the escort is set on that hearing, no second one made.
    again = browser.post(
        page, hearing_post(on=days(-1).isoformat(), next_date=days(9).isoformat(), next_escort=str(lawyer.user.pk))
    )
    assert again.status_code == 302
    [upcoming] = Hearing.objects.filter(court_case=court_case, on=days(9))
    assert upcoming.escort == lawyer.user
    # Its page again shows who goes with her on that next date.
    held = Hearing.objects.get(court_case=court_case, on=days(-1))
    edit = browser.get(url("hearing_record", case, court_case_id=court_case.pk, hearing_id=held.pk))
    assert edit.context["form"]["next_escort"].value() == lawyer.user.pk


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"on": days(-500).isoformat()}, "on"),  # before the court case was filed
        ({"on": days(2).isoformat()}, "on"),  # has not happened yet
        ({"next_date": days(-3).isoformat()}, "next_date"),  # next date before this hearing
        ({"status": "adjourned"}, "adjournment_reason"),
        ({"survivor_must_attend": "on"}, "survivor_attended"),
        ({"survivor_deposed": "on", "survivor_attended": "true"}, "deposition_mode"),
        ({"attended_for_consortium": ["999999"]}, "attended_for_consortium"),
        ({"status": "scheduled"}, "status"),
    ],
)
def test_bad_hearing_input_is_a_field_error_and_nothing_is_saved(browser, case, lead, post, field):
    court_case = make_court_case(case, lead.user, stage="prosecution_evidence", start=-120)
    before = Hearing.objects.count()
    response = browser.post(url("hearing_add", case, court_case_id=court_case.pk), hearing_post(**post))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert Hearing.objects.count() == before


def test_her_deposition_is_recorded_during_prosecution_evidence_only(browser, case, lead):
    court_case = make_court_case(case, lead.user, stage="charges_framed", start=-120)
    post = hearing_post(
        purpose="survivor_evidence",
        survivor_deposed="on",
        survivor_attended="true",
        deposition_mode="video_link",
        deposition_notes=DEPOSITION_NOTE,
    )
    refused = browser.post(url("hearing_add", case, court_case_id=court_case.pk), post)
    assert refused.context["form"].errors.get("survivor_deposed")
    move(court_case, lead.user, "start_prosecution_evidence", day=-5)
    assert browser.post(url("hearing_add", case, court_case_id=court_case.pk), post).status_code == 302
    hearing = Hearing.objects.get(court_case=court_case, survivor_deposed=True)
    assert hearing.deposition_mode == "video_link" and hearing.survivor_attended is True
    assert DEPOSITION_NOTE in browser.get(url("court", case)).content.decode()


def test_scheduling_a_past_date_is_refused_and_a_scheduled_hearing_is_recorded_later(browser, case, lead):
    court_case = make_court_case(case, lead.user, stage="appearance", start=-60)
    page = url("hearing_new", case, court_case_id=court_case.pk)
    past = browser.post(page, {"on": days(-1).isoformat(), "purpose": "copies"})
    assert past.context["form"].errors.get("on")
    assert browser.post(page, {"on": days(0).isoformat(), "purpose": "copies"}).status_code == 302
    hearing = Hearing.objects.get(court_case=court_case)
    response = browser.post(
        url("hearing_record", case, court_case_id=court_case.pk, hearing_id=hearing.pk),
        hearing_post(on=days(0).isoformat(), purpose="copies", proceedings=PROCEEDINGS, version=hearing.version),
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == "held" and hearing.proceedings == PROCEEDINGS and hearing.version == 2


def test_scheduling_names_who_goes_with_her_from_the_team_only(browser, case, lead, make_member):
    court_case = make_court_case(case, lead.user, stage="appearance", start=-60)
    page = url("hearing_new", case, court_case_id=court_case.pk)
    stranger = make_member(Role.CASEWORKER, lead.organisation, first_name="Stella", last_name="Stranger")
    refused = browser.post(page, {"on": days(3).isoformat(), "purpose": "copies", "escort": stranger.user.pk})
    assert refused.context["form"].errors.get("escort")
    assert not Hearing.objects.filter(court_case=court_case).exists()
    with pytest.raises(Exception, match="case team"):
        court_services.hearing_schedule(
            actor=lead.user, court_case=court_case, on=days(3), purpose="copies", escort=stranger.user
        )
    response = browser.post(page, {"on": days(3).isoformat(), "purpose": "copies", "escort": lead.user.pk})
    assert response.status_code == 302
    assert Hearing.objects.get(court_case=court_case).escort == lead.user


def test_a_stale_hearing_page_is_a_conflict(browser, case, lead):
    court_case = make_court_case(case, lead.user, stage="appearance", start=-60)
    hearing = court_services.hearing_schedule(actor=lead.user, court_case=court_case, on=days(0), purpose="copies")
    target = url("hearing_record", case, court_case_id=court_case.pk, hearing_id=hearing.pk)
    browser.post(target, hearing_post(on=days(0).isoformat(), purpose="copies", version=hearing.version))
    again = browser.post(
        target, hearing_post(on=days(0).isoformat(), purpose="copies", version=hearing.version, proceedings="Mine Qz")
    )
    body = again.content.decode()
    assert "Changed by" in body and "Mine Qz" in body


# --- bail -----------------------------------------------------------------------------------


def test_bail_forms(browser, case, lead):
    court_case = make_court_case(case, lead.user, stage="appearance", start=-60)
    link = court_case.accused_links.first()
    new = url("bail_new", case, court_case_id=court_case.pk)
    early = browser.post(new, {"court_accused": link.pk, "kind": "regular", "filed_on": days(-200).isoformat()})
    assert early.context["form"].errors.get("filed_on")
    response = browser.post(
        new,
        {
            "court_accused": link.pk,
            "kind": "regular",
            "filed_on": days(-3).isoformat(),
            "victim_hearing": "maybe",
            "court_kind": "magistrate",
            "court_state": state("WB").pk,
            "court_name": COURT_NAME,
        },
    )
    assert response.context["form"].errors.get("victim_hearing")  # not one of heard / notice given / not heard
    response = browser.post(
        new,
        {
            "court_accused": link.pk,
            "kind": "regular",
            "filed_on": days(-3).isoformat(),
            "victim_hearing": "notice_given",
            "court_kind": "magistrate",
            "court_state": state("WB").pk,
            "court_name": COURT_NAME,
        },
    )
    assert response.status_code == 302
    application = BailApplication.objects.get()
    assert (application.victim_notified, application.victim_heard) == (True, False)
    assert application.victim_hearing == "notice_given"
    update = url("bail_update", case, court_case_id=court_case.pk, application_id=application.pk)
    for post, field in (
        ({"outcome": "granted"}, "decided_on"),
        ({"outcome": "granted", "decided_on": days(-5).isoformat()}, "decided_on"),
        (
            {"outcome": "rejected", "decided_on": days(-1).isoformat(), "cancellation_outcome": "pending"},
            "cancellation_outcome",
        ),
    ):
        bad = browser.post(update, {"version": application.version, **post})
        assert bad.context["form"].errors.get(field), (post, bad.context["form"].errors)
    ok = browser.post(
        update,
        {
            "version": application.version,
            "outcome": "granted",
            "decided_on": days(-1).isoformat(),
            "conditions": "Not to enter Qzbad",
            "victim_hearing": "heard",
            "opposed_by": "both",
        },
    )
    assert ok.status_code == 302
    application.refresh_from_db()
    assert application.outcome == "granted" and application.conditions == "Not to enter Qzbad"
    assert application.victim_hearing == "heard"
    assert "Heard" in browser.get(url("court", case)).content.decode()
    assert Deadline.objects.get(rule_code="bail_decision").status == Deadline.Status.MET


# --- judgment, sentence, appeal -------------------------------------------------------------


def test_judgment_form_without_outcomes_shows_field_errors_and_saves_nothing(browser, case, lead):
    court_case = make_court_case(case, lead.user, stage="judgment_reserved")
    response = browser.post(
        url("judgment_new", case, court_case_id=court_case.pk),
        {"version": court_case.version, "on": days(-1).isoformat()},
    )
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row.errors.get("outcome")
    assert not Judgment.objects.exists()
    assert CourtCase.objects.get(pk=court_case.pk).stage == "judgment_reserved"


def test_judgment_form_records_outcomes_and_her_compensation_claim(browser, case, lead):
    from compensation.models import Claim
    from legal.models import Section

    court_case = make_court_case(case, lead.user, stage="judgment_reserved")
    link = court_case.accused_links.first()
    section = Section.objects.get(act__code="bns", number="143")
    prefix = f"outcome-{link.pk}"
    response = browser.post(
        url("judgment_new", case, court_case_id=court_case.pk),
        {
            "version": court_case.version,
            "on": days(-1).isoformat(),
            "compensation_recommended": "300000",
            f"{prefix}-outcome": "convicted",
            f"{prefix}-sections": [section.pk],
            f"{prefix}-imprisonment_months": "120",
            f"{prefix}-fine": "50000",
            f"{prefix}-compensation_ordered": "200000",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    outcome = JudgmentOutcome.objects.get()
    assert (outcome.outcome, outcome.fine, list(outcome.sections.all())) == (
        "convicted",
        Decimal("50000.00"),
        [section],
    )
    claim = Claim.objects.get(case=case)
    # Only the recommendation under the scheme (BNSS 396) is her claim's amount; the 200,000 the
    # accused must pay (BNSS 395) stays on his outcome.
    assert claim.court_ordered_amount == Decimal("300000.00") and claim.route == "court_recommendation"
    assert outcome.compensation_ordered == Decimal("200000.00")
    assert COURT_NAME[:20] in claim.court_label or claim.court_label
    tab = browser.get(url("compensation_tab", case)).content.decode()
    assert claim.scheme.short_name in tab


def test_sentence_after_a_conviction(browser, case, lead):
    court_case = make_court_case(case, lead.user, stage="judgment_reserved")
    from .court_helpers import outcome_rows

    record_judgment(court_case, lead.user, outcomes=outcome_rows(court_case), on=days(-10))
    outcome = JudgmentOutcome.objects.get()
    body = browser.get(url("court", case)).content.decode()
    assert "sentence not recorded" in body and "Sentence after the hearing on sentence" in body
    page = url("sentence_record", case, court_case_id=court_case.pk, outcome_id=outcome.pk)
    # BNSS 258(2) / CrPC 235(2): no sentence before the hearing on sentence.
    early = browser.post(page, {"version": outcome.version, "life_imprisonment": "on"})
    assert "Record the hearing on sentence first" in " ".join(early.context["form"].non_field_errors())
    move(court_case, lead.user, "hear_on_sentence", day=-5)
    before_hearing = browser.post(
        page, {"version": outcome.version, "life_imprisonment": "on", "sentenced_on": days(-7).isoformat()}
    )
    assert before_hearing.context["form"].errors.get("sentenced_on")
    empty = browser.post(page, {"version": outcome.version, "sentenced_on": days(-4).isoformat()})
    assert empty.context["form"].errors.get("sentence")
    both = browser.post(page, {"version": outcome.version, "imprisonment_months": "12", "life_imprisonment": "on"})
    assert both.context["form"].errors.get("imprisonment_months")
    done = browser.post(
        page, {"version": outcome.version, "life_imprisonment": "on", "sentenced_on": days(-4).isoformat()}
    )
    assert done.status_code == 302
    outcome.refresh_from_db()
    assert outcome.life_imprisonment and outcome.version == 2 and outcome.sentenced_on == days(-4)
    court_case.refresh_from_db()
    assert (court_case.stage, court_case.sentenced_on) == ("sentenced", days(-4))


def test_appeal_forms(browser, case, lead):
    court_case = make_court_case(case, lead.user, stage="judgment")
    page = url("appeal_new", case, court_case_id=court_case.pk)
    base = {
        "kind": "appeal",
        "filed_by": "survivor",
        "court_kind": "high_court",
        "court_state": state("WB").pk,
        "court_name": "High Court at Calcutta",
        "filed_on": days(0).isoformat(),
    }
    assert browser.post(page, {**base, "filed_by": "nobody"}).context["form"].errors.get("filed_by")
    assert browser.post(page, base).status_code == 302
    appeal = court_case.appeals.get()
    update = url("appeal_update", case, court_case_id=court_case.pk, appeal_id=appeal.pk)
    bad = browser.post(update, {"version": appeal.version, "appeal_stage": "hearing", "outcome": "dismissed"})
    assert bad.context["form"].errors.get("outcome_on")
    ok = browser.post(
        update,
        {
            "version": appeal.version,
            "appeal_stage": "hearing",
            "outcome": "dismissed",
            "outcome_on": days(0).isoformat(),
        },
    )
    assert ok.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.outcome, appeal.appeal_stage) == ("dismissed", "decided")


def test_witness_protection_forms(browser, case, lead):
    assert (
        browser.post(url("protection_new", case), {"applied_on": days(-3).isoformat()})
        .context["form"]
        .errors.get("competent_authority")
    )
    response = browser.post(
        url("protection_new", case), {"applied_on": days(-3).isoformat(), "competent_authority": "CA Qzbad"}
    )
    assert response.status_code == 302
    application = WitnessProtection.objects.get()
    page = url("protection_update", case, protection_id=application.pk)
    no_measures = browser.post(page, {"version": 1, "status": "granted", "order_on": days(-1).isoformat()})
    assert no_measures.context["form"].errors.get("measures")
    early = browser.post(
        page, {"version": 1, "status": "granted", "order_on": days(-9).isoformat(), "measures": ["escort"]}
    )
    assert early.context["form"].errors.get("order_on")
    ok = browser.post(
        page,
        {
            "version": 1,
            "status": "granted",
            "order_on": days(-1).isoformat(),
            "measures": ["escort", "video_link"],
            "threat_category": "A",
            "review_on": days(60).isoformat(),
        },
    )
    assert ok.status_code == 302
    application.refresh_from_db()
    assert application.measures == ["escort", "video_link"] and application.threat_category == "A"


# --- queries ---------------------------------------------------------------------------------


def test_court_tab_queries_do_not_grow_with_court_cases(browser, case, lead, django_assert_max_num_queries):
    from .court_helpers import charge

    def add(stage, n):
        court_case = make_court_case(case, lead.user, stage=stage, cnr="", start=-300 + n)
        court_services.hearing_schedule(actor=lead.user, court_case=court_case, on=days(3), purpose="other")
        if not court_case.decided:
            court_services.bail_application_file(
                actor=lead.user,
                court_case=court_case,
                **{"court_accused": court_case.accused_links.first(), "filed_on": days(-1)},
            )
        if court_case.stage == "discharge_hearing":
            charge(court_case, lead.user)

    add("appeal", 0)  # with one of everything, so every prefetch runs
    add("discharge_hearing", 0)  # and a pending bail application (its deadline names the accused)
    browser.get(url("court", case))
    with django_assert_max_num_queries(80) as small:
        browser.get(url("court", case))
    for n, stage in enumerate(["appeal", "judgment", "discharge_hearing", "prosecution_evidence", "stayed"], start=1):
        add(stage, n)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert browser.get(url("court", case)).status_code == 200


def test_calendar_queue_and_home_queries_do_not_grow(client, case, lead, lawyer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        result = {}
        for name in ("hearing_calendar", "review_queue", "home"):
            client.get(reverse(qualified(name)))  # warm-up: session, content types
            with CaptureQueriesContext(connection) as context:
                assert client.get(reverse(qualified(name))).status_code == 200
            result[name] = len(context.captured_queries)
        return result

    client.force_login(lawyer.user)
    court_case = make_court_case(case, lead.user, stage="appearance", cnr="")
    court_services.hearing_schedule(actor=lead.user, court_case=court_case, on=days(1), purpose="copies")
    review_services.review_request(
        actor=lead.user, case=case, lawyer=lawyer.user, question="Please look at the FIR now."
    )
    one = counts()
    for n in range(2, 6):
        court_services.hearing_schedule(actor=lead.user, court_case=court_case, on=days(n), purpose="copies")
        review_services.review_request(
            actor=lead.user, case=case, lawyer=lawyer.user, question=f"Another question {n}."
        )
    assert counts() == one


# --- calendars and home pages ---------------------------------------------------------------


@pytest.fixture
def two_cases(case, lead, lawyer, make_member, org_mh):
    """Her case (lead, lawyer on the team) and a case of another organisation, each with a hearing."""
    from tests.cases.helpers import open_survivor_case

    other_lead = make_member(Role.CASEWORKER, org_mh, first_name="Meera", last_name="Other")
    other = open_survivor_case(other_lead, survivor={"full_name": "Other Survivor Qq", "phone_numbers": []})
    mine = make_court_case(case, lead.user, stage="prosecution_evidence", cnr="")
    theirs = make_court_case(other, other_lead.user, stage="appearance", cnr="", court_name="Hidden Court Qzx")
    court_services.hearing_schedule(
        actor=lead.user, court_case=mine, on=days(2), purpose="survivor_evidence", survivor_must_attend=True
    )
    court_services.hearing_schedule(actor=other_lead.user, court_case=theirs, on=days(2), purpose="copies")
    return mine, theirs, other


def test_calendars_show_only_visible_cases(client, two_cases, lead, lawyer, coordinator, make_member, org_wb):
    mine, theirs, other = two_cases
    from consortium.factories import OrganisationFactory
    from consortium.models import Organisation

    outsider = make_member(
        Role.LAWYER, OrganisationFactory(kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB"))
    )
    admin = make_member(Role.ORG_ADMIN, org_wb)
    for person, sees_mine, sees_theirs in (
        (lead, True, False),
        (lawyer, True, False),
        (admin, True, False),
        (outsider, False, False),
        (coordinator, True, True),
    ):
        client.force_login(person.user)
        for view in ("week", "month"):
            # The hearings' own day: "this week" of a Saturday ends before a hearing two days on.
            params = {"view": view, "on": days(2).isoformat()}
            body = client.get(reverse("legal:hearing_calendar"), params).content.decode()
            assert (mine.case.reference in body) is sees_mine, (person, view)
            assert (other.reference in body) is sees_theirs, (person, view)
            assert ("Hidden Court Qzx" in body) is sees_theirs
            assert "Other Survivor Qq" not in body


def test_calendar_filters_and_periods(client, two_cases, lead):
    mine, _theirs, _other = two_cases
    court_services.hearing_schedule(actor=lead.user, court_case=mine, on=days(3), purpose="other")
    client.force_login(lead.user)
    body = client.get(
        reverse("legal:hearing_calendar"), {"must_attend": "on", "view": "month", "on": days(2).isoformat()}
    )
    assert body.context["count"] == 1 and "She must attend" in body.content.decode()
    far = client.get(reverse("legal:hearing_calendar"), {"on": days(400).isoformat()})
    assert far.context["count"] == 0
    # A scope she may not choose ("all" is the coordinators') falls back to hers: the same hearings as
    # her own calendar of this week (compared, not counted: on a weekend this week holds none of them).
    hers = client.get(reverse("legal:hearing_calendar")).context
    everyone = client.get(reverse("legal:hearing_calendar"), {"scope": "all"}).context
    assert everyone["count"] == hers["count"] and everyone["days"] == hers["days"]


@pytest.mark.parametrize(
    "params", [{"on": "2026-02-31"}, {"view": "year"}, {"scope": "x" * 500}, {"must_attend": "maybe"}]
)
def test_calendar_never_fails_on_bad_parameters(client, lead, params):
    client.force_login(lead.user)
    assert client.get(reverse("legal:hearing_calendar"), params).status_code == 200


def test_case_overview_shows_the_next_hearing_she_must_attend(client, two_cases, lead):
    mine, _theirs, _other = two_cases
    client.force_login(lead.user)
    body = client.get(reverse("cases:case_detail", kwargs={"case_id": mine.case_id})).content.decode()
    assert "Next hearing" in body and "She must attend" in body and "video link" in body


def test_home_pages_show_hearings_and_the_review_queue(client, two_cases, lead, lawyer):
    mine, _theirs, other = two_cases
    review_services.review_request(
        actor=lead.user, case=mine.case, lawyer=lawyer.user, question="Please review Qx9 now."
    )
    client.force_login(lawyer.user)
    body = client.get(reverse("home")).content.decode()
    assert "Please review Qx9 now." in body and mine.case.reference in body and other.reference not in body
    assert "Your hearings this week" in body and "She must attend" in body
    client.force_login(lead.user)
    body = client.get(reverse("home")).content.decode()
    assert "Hearings she must attend" in body and str(mine) in body


# --- the case file --------------------------------------------------------------------------


def test_case_file_holds_the_whole_case_and_is_logged(browser, case, lead):
    from legal.investigation import services

    from .helpers import make_fir

    fir = make_fir(case, lead.user, stage="chargesheet_filed", fir_day=-260)  # before the court took cognizance
    services.statement_record(
        actor=lead.user, fir=fir, **{"kind": "magistrate", "on": days(-20), "note": "STATEMENT-NOTE-Qz"}
    )
    court_case = make_court_case(case, lead.user, stage="prosecution_evidence", firs=[fir])
    court_services.bail_application_file(
        actor=lead.user,
        court_case=court_case,
        **{"court_accused": court_case.accused_links.first(), "filed_on": days(-30)},
    )
    response = browser.get(url("case_file", case))
    body = response.content.decode()
    for expected in (
        case.reference,
        "BNS 143 (IPC 370)",
        "STATEMENT-NOTE-Qz",
        ACCUSED_NAME,
        "undecided over the limit",
        str(court_case),
        "Chronology",
        "Court case recorded",
        "data-print",
    ):
        assert expected in body, expected
    entry = AccessLogEntry.objects.filter(case=case, action=AccessLogEntry.Action.EXPORT).latest("pk")
    assert entry.user == lead.user and entry.target == "case file"


def test_an_old_hearing_is_corrected_though_its_next_date_has_passed(browser, case, lead):
    court_case = make_court_case(case, lead.user, stage="appearance", start=-60)
    hearing = court_services.hearing_record(
        actor=lead.user, court_case=court_case, **{"on": days(-20), "purpose": "copies", "status": "held"}
    )
    Hearing.objects.filter(pk=hearing.pk).update(next_date=days(-10))  # that next hearing took place since
    hearing.refresh_from_db()
    page = url("hearing_record", case, court_case_id=court_case.pk, hearing_id=hearing.pk)
    kept = browser.post(
        page,
        hearing_post(
            on=days(-20).isoformat(),
            purpose="copies",
            next_date=days(-10).isoformat(),
            version=1,
            proceedings="Typo fixed",
        ),
    )
    assert kept.status_code == 302
    # Entered from paper: a next date already past is kept, and that hearing waits to be recorded.
    changed = browser.post(
        page, hearing_post(on=days(-20).isoformat(), purpose="copies", next_date=days(-12).isoformat(), version=2)
    )
    assert changed.status_code == 302
    assert Hearing.objects.get(court_case=court_case, on=days(-12)).to_record
    before_it = browser.post(
        page, hearing_post(on=days(-20).isoformat(), purpose="copies", next_date=days(-25).isoformat(), version=3)
    )
    assert before_it.context["form"].errors.get("next_date")


def test_the_accused_on_trial_are_fixed_once_judged(case, lead):
    from django.core.exceptions import ValidationError

    court_case = make_court_case(case, lead.user, stage="judgment")
    newcomer = accused_on(case, lead.user, names=["Late Accused Qzw"], aliases=[], phones=["99000 55566"])
    with pytest.raises(ValidationError) as error:
        court_services.court_case_update(
            actor=lead.user,
            court_case=court_case,
            expected_version=court_case.version,
            **{"accused": [link.accused for link in court_case.accused_links.all()] + [newcomer]},
        )
    assert "accused" in error.value.message_dict
    assert court_case.accused_links.count() == 1


def test_a_missing_court_type_is_one_error_on_its_field(browser, case):
    response = browser.post(url("court_case_new", case), court_post(court_kind=""))
    errors = response.context["form"].errors
    assert errors.get("court_kind") and not errors.get("court_name")
