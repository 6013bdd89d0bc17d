"""Deadlines of the trial: opened by the events the law times from, met by the events that fulfil
them, recomputed when a triggering date is corrected, on the court's state calendar; and the
flag on a bail application undecided for more than two weeks."""

import datetime

import pytest
from django.urls import reverse

from cases.deadlines import subject_key
from cases.models import Deadline
from core.day_count import add_months
from legal.court import selectors as court_selectors
from legal.court import services as court_services
from legal.models import BailApplication, CourtAccused, JudgmentOutcome

from .court_helpers import (
    charge,
    file_appeal,
    make_court_case,
    move,
    outcome_rows,
    record_judgment,
    sessions_fir,
)
from .helpers import days


def deadline(court_case, code, subject=None):
    return Deadline.objects.filter(
        case=court_case.case, rule_code=code, subject_key=subject_key(subject or court_case)
    ).first()


def file_bail(court_case, actor, *, filed_on, **extra):
    return court_services.bail_application_file(
        actor=actor,
        court_case=court_case,
        **{
            "court_accused": CourtAccused.objects.filter(court_case=court_case).first(),
            "filed_on": filed_on,
            **extra,
        },
    )


def test_cognizance_in_a_magistrates_court_opens_the_committal_clock(case, lead):
    # BNSS 232: a case of an offence triable exclusively by a Court of Session (BNS 143 on its FIR).
    court_case = make_court_case(case, lead.user, start=-10, firs=[sessions_fir(case, lead.user, before=-10)])
    committal = deadline(court_case, "committal")
    assert committal.is_open and committal.due_on == days(-10) + datetime.timedelta(days=90)
    assert committal.calendar.state.code == "WB"  # the court's state, not the case's
    assert deadline(court_case, "child_trafficking_trial") is None  # she was an adult


def test_no_committal_clock_before_a_special_court_or_for_a_magistrate_offence(case, lead):
    fir = sessions_fir(case, lead.user)
    special = make_court_case(case, lead.user, court_kind="special_pocso", firs=[fir])
    assert deadline(special, "committal") is None  # POCSO s.33(1): cognizance without committal
    magistrate = make_court_case(case, lead.user, cnr="")  # no offence triable by a Court of Session
    assert deadline(magistrate, "committal") is None


def test_a_child_trafficking_charge_starts_the_six_month_trial_clock(lead):
    from tests.cases.helpers import open_survivor_case

    minor_case = open_survivor_case(lead, survivor={"estimated_age": 15})
    assert minor_case.survivor.minor_at_offence
    # A minor survivor alone does not make a child-trafficking trial (Pinki v. State of U.P., 2025 INSC 482)...
    plain = make_court_case(minor_case, lead.user, start=-10)
    assert deadline(plain, "child_trafficking_trial") is None
    # ...a child-trafficking section charged does (BNS 143(4): trafficking of a child).
    fir = sessions_fir(minor_case, lead.user, before=-10, number="143(4)")
    court_case = make_court_case(minor_case, lead.user, start=-10, firs=[fir], cnr="")
    trial = deadline(court_case, "child_trafficking_trial")
    assert trial.is_open and trial.due_on == add_months(days(-10), 6)
    earlier = sessions_fir(minor_case, lead.user, before=-200, number="143(4)")
    record = make_court_case(minor_case, lead.user, stage="judgment", cnr="", firs=[earlier])
    assert deadline(record, "child_trafficking_trial").status == Deadline.Status.MET


def test_appearance_copies_committal_charge_and_framing(case, lead):
    court_case = make_court_case(case, lead.user, start=-100, firs=[sessions_fir(case, lead.user, before=-100)])
    court_case = move(court_case, lead.user, "record_appearance", day=-90)
    copies = deadline(court_case, "copies_supplied")
    assert copies.is_open and copies.due_on == days(-90) + datetime.timedelta(days=14)
    court_case = move(court_case, lead.user, "supply_copies", day=-80)
    assert deadline(court_case, "copies_supplied").status == Deadline.Status.MET
    court_case = move(court_case, lead.user, "commit_to_sessions", day=-70)
    assert deadline(court_case, "committal").status == Deadline.Status.MET
    discharge = deadline(court_case, "discharge_application")
    assert discharge.is_open and discharge.due_on == days(-70) + datetime.timedelta(days=60)
    court_case = move(court_case, lead.user, "hear_on_charge", day=-60)
    framing = deadline(court_case, "charges_framed")
    assert framing.is_open and framing.due_on == days(-60) + datetime.timedelta(days=60)
    charge(court_case, lead.user, framed_on=days(-50))
    move(court_case, lead.user, "frame_charges", day=-50)
    assert deadline(court_case, "charges_framed").status == Deadline.Status.MET
    assert deadline(court_case, "discharge_application").status == Deadline.Status.MET


def test_dropping_the_sessions_offence_cancels_the_committal_clock(case, lead):
    from legal.investigation import services

    fir = sessions_fir(case, lead.user)
    court_case = make_court_case(case, lead.user, stage="copies_supplied", firs=[fir])
    assert deadline(court_case, "committal").is_open
    services.charge_drop(actor=lead.user, fir=fir, charge=fir.charges.get(), reason="Wrong section")
    court_case.refresh_from_db()
    court_services.court_case_update(
        actor=lead.user, court_case=court_case, expected_version=court_case.version, **{"judge": "Judge Two"}
    )
    assert deadline(court_case, "committal").status == Deadline.Status.CANCELLED
    move(court_case, lead.user, "hear_on_charge")  # the magistrate tries it


def test_reserved_judgment_opens_30_and_45_days_and_the_judgment_meets_them(case, lead):
    court_case = make_court_case(case, lead.user, stage="final_arguments")
    court_case = move(court_case, lead.user, "reserve_judgment", day=-5)
    assert deadline(court_case, "judgment_pronounced").due_on == days(25)
    assert deadline(court_case, "judgment_outer_limit").due_on == days(40)
    record_judgment(court_case, lead.user, on=days(-1))
    for code in ("judgment_pronounced", "judgment_outer_limit"):
        assert deadline(court_case, code).status == Deadline.Status.MET


def test_an_acquittal_opens_the_appeal_clock_and_an_appeal_by_the_state_meets_it(case, lead):
    court_case = make_court_case(case, lead.user, stage="judgment_reserved")
    record_judgment(court_case, lead.user, on=days(-3), outcomes=outcome_rows(court_case, outcome="acquitted"))
    outcome = JudgmentOutcome.objects.get(judgment__court_case=court_case)
    appeal = deadline(court_case, "appeal_against_acquittal", outcome)
    assert appeal.is_open and appeal.due_on == days(87)
    assert "Accused #" in appeal.title
    court_case.refresh_from_db()
    file_appeal(court_case, lead.user, filed_by="accused")
    assert deadline(court_case, "appeal_against_acquittal", outcome).is_open
    file_appeal(court_case, lead.user, filed_by="survivor")
    assert deadline(court_case, "appeal_against_acquittal", outcome).status == Deadline.Status.MET


def test_a_conviction_opens_no_appeal_clock(case, lead):
    court_case = make_court_case(case, lead.user, stage="judgment")
    assert not Deadline.objects.filter(case=case, rule_code="appeal_against_acquittal").exists()
    assert court_case.stage == "judgment"


def test_correcting_a_triggering_date_recomputes_its_deadline(case, lead):
    fir = sessions_fir(case, lead.user, before=-60)
    court_case = make_court_case(case, lead.user, stage="appearance", start=-60, firs=[fir])
    committal_before = deadline(court_case, "committal").due_on
    copies_before = deadline(court_case, "copies_supplied").due_on
    court_case.refresh_from_db()
    court_services.court_case_update(
        actor=lead.user,
        court_case=court_case,
        expected_version=court_case.version,
        **{"cognizance_on": days(-58), "appearance_on": days(-45)},
    )
    assert deadline(court_case, "committal").due_on == committal_before + datetime.timedelta(days=2)
    assert deadline(court_case, "copies_supplied").due_on == copies_before + datetime.timedelta(days=5)
    assert Deadline.objects.filter(case=case, rule_code="committal").count() == 1


def test_a_met_deadline_is_not_reopened_by_a_correction(case, lead):
    court_case = make_court_case(case, lead.user, stage="copies_supplied", start=-60)
    court_case.refresh_from_db()
    court_services.court_case_update(
        actor=lead.user, court_case=court_case, expected_version=court_case.version, **{"appearance_on": days(-49)}
    )
    assert Deadline.objects.filter(case=case, rule_code="copies_supplied").count() == 1
    assert deadline(court_case, "copies_supplied").status == Deadline.Status.MET


def test_a_recorded_date_cannot_be_removed_or_put_out_of_order(case, lead):
    from django.core.exceptions import ValidationError

    court_case = make_court_case(case, lead.user, stage="appearance", start=-60)
    court_case.refresh_from_db()
    for data, field in (({"appearance_on": None}, "appearance_on"), ({"appearance_on": days(-70)}, "appearance_on")):
        with pytest.raises(ValidationError) as error:
            court_services.court_case_update(
                actor=lead.user, court_case=court_case, expected_version=court_case.version, **data
            )
        assert field in error.value.message_dict
        court_case.refresh_from_db()
    assert court_case.appearance_on == days(-50)


# --- bail in court --------------------------------------------------------------------------


def test_a_bail_application_opens_a_two_week_clock_met_by_its_decision(case, lead):
    court_case = make_court_case(case, lead.user, stage="appearance")
    application = file_bail(court_case, lead.user, filed_on=days(-5))
    clock = deadline(court_case, "bail_decision", application)
    assert clock.is_open and clock.due_on == days(9)
    application.refresh_from_db()
    court_services.bail_application_update(
        actor=lead.user,
        application=application,
        expected_version=application.version,
        **{"outcome": "rejected", "decided_on": days(-1), "victim_heard": True, "victim_notified": True},
    )
    assert deadline(court_case, "bail_decision", application).status == Deadline.Status.MET


@pytest.mark.parametrize(("days_ago", "flagged"), [(0, False), (14, False), (15, True), (40, True)])
def test_bail_undecided_after_14_days_is_flagged(case, lead, days_ago, flagged):
    court_case = make_court_case(case, lead.user, stage="appearance", start=-100)
    application = file_bail(court_case, lead.user, filed_on=days(-days_ago))
    today = days(0)
    assert (
        court_selectors.bail_is_overdue(application, today=today, days=court_selectors.bail_decision_days()) is flagged
    )
    from cases.permissions import case_access
    from cases.selectors import case_get_visible
    from legal.court.selectors import court_cases_for_case

    access = case_access(lead.user, case_get_visible(lead.user, case.pk))
    [row] = court_cases_for_case(case, access)
    assert bool(row.bail_overdue) is flagged


def test_a_decided_application_is_never_flagged(case, lead):
    court_case = make_court_case(case, lead.user, stage="appearance", start=-100)
    application = file_bail(court_case, lead.user, filed_on=days(-40))
    application.refresh_from_db()
    court_services.bail_application_update(
        actor=lead.user,
        application=application,
        expected_version=application.version,
        **{"outcome": "granted", "decided_on": days(-20), "conditions": "Report weekly"},
    )
    application.refresh_from_db()
    assert not court_selectors.bail_is_overdue(application, today=days(0), days=14)


def test_the_flag_follows_the_rule_in_force(case, lead):
    from cases.models import DeadlineRule

    rule = DeadlineRule.objects.get(code="bail_decision")
    DeadlineRule.objects.filter(pk=rule.pk).update(offset_amount=21)
    assert court_selectors.bail_decision_days() == 21


def test_the_court_tab_shows_the_flag(client, case, lead):
    court_case = make_court_case(case, lead.user, stage="appearance", start=-100)
    file_bail(court_case, lead.user, filed_on=days(-20))
    client.force_login(lead.user)
    body = client.get(reverse("legal:court", kwargs={"case_id": case.pk})).content.decode()
    assert "1 bail application undecided past the time allowed" in body
    assert "pending 20 days" in body


def test_correcting_the_filing_date_recomputes_the_bail_clock(case, lead):
    court_case = make_court_case(case, lead.user, stage="appearance")
    application = file_bail(court_case, lead.user, filed_on=days(-5))
    application.refresh_from_db()
    court_services.bail_application_update(
        actor=lead.user, application=application, expected_version=application.version, **{"filed_on": days(-8)}
    )
    assert deadline(court_case, "bail_decision", application).due_on == days(6)
    assert BailApplication.objects.get(pk=application.pk).filed_on == days(-8)
