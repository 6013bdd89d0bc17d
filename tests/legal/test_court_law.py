"""Worked examples of the law of the trial, each citing its provision: the code a trial runs under
(BNSS s.531(2)(a)), committal and BNSS 213, in camera, the hearing on sentence, POCSO s.35, the
rape-trial two months, child trafficking (Pinki), bail clocks by kind, BNSS 479 / CrPC 436A, and
dates in the law's order. Every date is fixed so the example can be checked by hand."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Deadline
from legal.court import selectors as court_selectors
from legal.court import services as court_services
from legal.investigation import services as legal_services
from legal.models import CourtAccused, JudgmentOutcome, Section

from .court_helpers import accused_on, charge, court_data, make_court_case, move, outcome_rows, record_judgment
from .court_helpers import sessions_fir as _sessions_fir
from .helpers import add_charge, days, make_fir

pytestmark = pytest.mark.django_db
D = datetime.date
RULES = ("bail_decision", "anticipatory_bail_decision", "default_bail_decision")


def deadline(court_case, code, subject=None):
    from cases.deadlines import subject_key

    return (
        Deadline.objects.filter(case=court_case.case, rule_code=code, subject_key=subject_key(subject or court_case))
        .order_by("-pk")
        .first()
    )


def ago(day: datetime.date) -> int:
    """`day` as the helpers' day number (negative: days before today)."""
    return (day - days(0)).days


def create(case, actor, **overrides):
    data = court_data(cnr="", accused=[accused_on(case, actor)], **overrides)
    return court_services.court_case_create(actor=actor, case=case, **data)


def step(court_case, actor, transition, on: datetime.date):
    from .court_helpers import DATE_FIELD

    return move(court_case, actor, transition, **{DATE_FIELD[transition]: on})


def fir_charging(case, actor, *, act, number, chargesheet_on=None, offence_on=None, registered_on=None):
    """A FIR registered (and chargesheeted on `chargesheet_on`) charging one section."""
    registered_on = registered_on or (chargesheet_on - datetime.timedelta(days=20))
    fir = make_fir(
        case,
        actor,
        stage="under_investigation",
        fir_day=ago(registered_on),
        offence_on=offence_on or registered_on - datetime.timedelta(days=10),
    )
    add_charge(fir, actor, act=act, number=number)
    if chargesheet_on:
        fir.refresh_from_db()
        fir = legal_services.fir_transition(
            actor=actor,
            fir=fir,
            transition="file_chargesheet",
            expected_version=fir.version,
            data={"chargesheet_on": chargesheet_on},
        )
    return fir


# --- BNSS s.531(2)(a): the trial's code by the day it began ---------------------------------------

# (year, code of the trial, the BNSS-only rules' due dates or None when they set no date)
TRIALS = [
    # Cognizance 3 Mar 2023: pending on 1 July 2024, the trial goes on under the CrPC; BNSS 230, 251
    # and 258 set no date.
    (2023, "crpc", {"copies_supplied": None, "charges_framed": None, "judgment_pronounced": None}),
    # Cognizance 3 Mar 2025: a BNSS trial. BNSS 230: 14 days from appearance (10 Apr -> 24 Apr);
    # 251(1)(b): 60 days from the first hearing on charge (5 May -> 4 Jul); 258(1): 30 days from the
    # end of arguments (1 Oct -> 31 Oct).
    (
        2025,
        "bnss",
        {"copies_supplied": D(2025, 4, 24), "charges_framed": D(2025, 7, 4), "judgment_pronounced": D(2025, 10, 31)},
    ),
]


@pytest.mark.parametrize(("year", "code", "due"), TRIALS)
def test_bnss_only_limits_by_the_day_the_trial_began(client, case, lead, year, code, due):
    court_case = create(case, lead.user, cognizance_on=D(year, 3, 3))
    assert court_case.procedure == code
    court_case = step(court_case, lead.user, "record_appearance", D(year, 4, 10))
    court_case = step(court_case, lead.user, "supply_copies", D(year, 4, 20))
    court_case = step(court_case, lead.user, "hear_on_charge", D(year, 5, 5))
    act, number = ("ipc", "363") if code == "crpc" else ("bns", "137(2)")  # kidnapping, by the offence's code
    charge(court_case, lead.user, act=act, number=number, framed_on=D(year, 6, 1))
    for transition, on in [
        ("frame_charges", D(year, 6, 1)),
        ("start_prosecution_evidence", D(year, 7, 1)),
        ("examine_accused", D(year, 8, 1)),
        ("start_final_arguments", D(year, 9, 1)),
        ("reserve_judgment", D(year, 10, 1)),
    ]:
        court_case = step(court_case, lead.user, transition, on)
    for rule_code, due_on in due.items():
        row = deadline(court_case, rule_code)
        if due_on is None:
            assert row.status == Deadline.Status.NOT_APPLICABLE, rule_code
            assert "CrPC" in row.close_reason and "531(2)(a)" in row.close_reason
        else:
            assert row.status != Deadline.Status.NOT_APPLICABLE and row.due_on == due_on, rule_code
    client.force_login(lead.user)
    body = client.get(reverse("legal:court", kwargs={"case_id": case.pk})).content.decode()
    if code == "crpc":
        assert "Trial under the CrPC (begun 3 Mar 2023; BNSS s.531(2)(a))" in body
        assert "Time limits with no date for this trial" in body
        assert "this time limit is new in the BNSS" in body
    else:
        assert "Trial under the BNSS (begun 3 Mar 2025)" in body
        assert "Time limits with no date for this trial" not in body


# --- committal (BNSS 232 / CrPC 209) and BNSS 213 -----------------------------------------------


def test_committal_only_for_an_offence_triable_exclusively_by_a_court_of_session(case, lead):
    # BNS 137(2), kidnapping: triable by a magistrate (BNSS First Schedule). No committal, no clock.
    fir = fir_charging(case, lead.user, act="bns", number="137(2)", registered_on=days(-120))
    court_case = create(case, lead.user, cognizance_on=days(-90), firs=[fir])
    assert deadline(court_case, "committal") is None
    court_case = step(court_case, lead.user, "record_appearance", days(-80))
    court_case = step(court_case, lead.user, "supply_copies", days(-70))
    with pytest.raises(ValidationError, match="triable exclusively by a Court of Session"):
        step(court_case, lead.user, "commit_to_sessions", days(-60))
    assert step(court_case, lead.user, "hear_on_charge", days(-60)).stage == "discharge_hearing"


def test_a_sessions_offence_is_committed_not_tried_by_the_magistrate(case, lead):
    # BNS 143(2): Court of Session. BNSS 232: committal within 90 days of cognizance.
    fir = _sessions_fir(case, lead.user, before=-90, number="143(2)")
    court_case = create(case, lead.user, cognizance_on=days(-90), firs=[fir])
    assert deadline(court_case, "committal").due_on == days(0)
    court_case = step(court_case, lead.user, "record_appearance", days(-80))
    court_case = step(court_case, lead.user, "supply_copies", days(-70))
    with pytest.raises(ValidationError, match="commits the case"):
        step(court_case, lead.user, "hear_on_charge", days(-60))
    assert step(court_case, lead.user, "commit_to_sessions", days(-60)).stage == "committed"
    assert deadline(court_case, "committal").status == Deadline.Status.MET


@pytest.mark.parametrize(
    ("kind", "committed_on", "allowed"),
    [
        ("sessions", None, False),  # BNSS 213 / CrPC 193: no cognizance without committal
        ("sessions", -95, True),  # reached the Court of Session on committal
        ("special_pocso", None, True),  # POCSO s.33(1): the Special Court takes cognizance directly
        ("magistrate", None, True),
    ],
)
def test_bnss_213_an_ordinary_sessions_court_takes_no_cognizance_itself(case, lead, kind, committed_on, allowed):
    overrides = {"court_kind": kind, "cognizance_on": days(-100)}
    if committed_on is not None:
        overrides["committed_on"] = days(committed_on)
    if allowed:
        assert create(case, lead.user, **overrides).court.kind == kind
        return
    with pytest.raises(ValidationError) as error:
        create(case, lead.user, **overrides)
    assert "BNSS 213" in " ".join(error.value.message_dict["court_kind"])
    assert not case.court_cases.exists()


# --- in camera (BNSS 366(2) / CrPC 327(2); POCSO s.37) ---------------------------------------------


@pytest.mark.parametrize(
    ("act", "number", "cognizance", "basis"),
    [
        ("bns", "64(1)", D(2025, 2, 10), "BNSS 366(2)"),
        ("ipc", "376(1)", D(2023, 2, 10), "CrPC 327(2)"),
        ("pocso", "4", D(2025, 2, 10), "POCSO s.37"),
        ("bns", "137(2)", D(2025, 2, 10), None),
    ],
)
def test_a_rape_or_pocso_trial_is_held_in_camera(client, case, lead, act, number, cognizance, basis):
    court_case = create(case, lead.user, cognizance_on=cognizance, court_kind="special_pocso")
    charge(court_case, lead.user, act=act, number=number, framed_on=cognizance + datetime.timedelta(days=30))
    court_case.refresh_from_db()
    assert court_case.in_camera == (basis is not None)
    client.force_login(lead.user)
    body = client.get(reverse("legal:court", kwargs={"case_id": case.pk})).content.decode()
    if basis:
        assert f"Trial in camera ({basis})" in body
    else:
        assert "Trial in camera" not in body


# --- the hearing on sentence (BNSS 258(2) / CrPC 235(2)) ----------------------------------------


def test_a_conviction_is_followed_by_the_hearing_on_sentence_then_the_sentence(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="judgment")
    assert court_case.stage == "judgment"
    outcome = JudgmentOutcome.objects.get(judgment__court_case=court_case)
    with pytest.raises(ValidationError, match="hearing on sentence first"):
        court_services.judgment_outcome_sentence(
            actor=lawyer.user, outcome=outcome, expected_version=outcome.version, **{"imprisonment_months": 84}
        )
    with pytest.raises(ValidationError) as early:  # before the judgment it follows
        step(court_case, lawyer.user, "hear_on_sentence", court_case.judgment_on - datetime.timedelta(days=1))
    assert "sentence_hearing_on" in early.value.message_dict
    court_case = step(court_case, lawyer.user, "hear_on_sentence", days(-3))
    assert court_case.stage == "sentence_hearing"
    outcome.refresh_from_db()
    court_services.judgment_outcome_sentence(
        actor=lawyer.user,
        outcome=outcome,
        expected_version=outcome.version,
        **{"imprisonment_months": 84, "sentenced_on": days(-2)},
    )
    court_case.refresh_from_db()
    assert (court_case.stage, court_case.sentenced_on) == ("sentenced", days(-2))


def test_a_sentence_given_with_the_judgment_was_heard_the_same_day(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="judgment_reserved")
    record_judgment(court_case, lawyer.user, on=days(-5), outcomes=outcome_rows(court_case, sentenced=True))
    court_case.refresh_from_db()
    assert court_case.stage == "sentenced"
    assert court_case.sentence_hearing_on == court_case.sentenced_on == court_case.judgment_on == days(-5)


def test_an_acquittal_has_no_hearing_on_sentence(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="judgment_reserved")
    record_judgment(court_case, lawyer.user, outcomes=outcome_rows(court_case, outcome="acquitted"))
    with pytest.raises(ValidationError, match="follows a conviction only"):
        step(court_case, lawyer.user, "hear_on_sentence", days(-1))


# --- POCSO s.35, rape trial in two months, child trafficking ------------------------------------


@pytest.mark.parametrize(
    ("cognizance", "evidence_due", "trial_due"),
    [
        # POCSO s.35(1): 30 days from cognizance; 2024 is a leap year: 30 Jan + 30 days = 29 Feb.
        # A CrPC-era trial: s.35 is the POCSO Act's own limit and applies all the same.
        (D(2024, 1, 30), D(2024, 2, 29), D(2025, 1, 30)),
        # s.35(2): one year. 29 Feb 2024 + one year = 28 Feb 2025 (no 29 Feb).
        (D(2024, 2, 29), D(2024, 3, 30), D(2025, 2, 28)),
        (D(2025, 12, 15), D(2026, 1, 14), D(2026, 12, 15)),
    ],
)
def test_pocso_childs_evidence_in_30_days_and_trial_in_a_year(case, lead, cognizance, evidence_due, trial_due):
    fir = fir_charging(case, lead.user, act="pocso", number="4", chargesheet_on=cognizance - datetime.timedelta(days=5))
    court_case = create(case, lead.user, court_kind="special_pocso", cognizance_on=cognizance, firs=[fir])
    assert deadline(court_case, "pocso_child_evidence").due_on == evidence_due
    assert deadline(court_case, "pocso_trial_one_year").due_on == trial_due


def test_no_pocso_clock_without_a_pocso_charge(case, lead):
    court_case = create(case, lead.user, court_kind="special_pocso", cognizance_on=D(2025, 5, 2))
    assert deadline(court_case, "pocso_child_evidence") is None


@pytest.mark.parametrize(
    ("act", "number", "chargesheet_on", "due"),
    [
        # BNSS 346(1) proviso: two months from the chargesheet; 31 Dec 2025 -> 28 Feb 2026 (month end).
        ("bns", "64(1)", D(2025, 12, 31), D(2026, 2, 28)),
        # CrPC 309(1) proviso for the IPC 376 family: 31 Dec 2023 -> 29 Feb 2024 (leap year).
        ("ipc", "376(1)", D(2023, 12, 31), D(2024, 2, 29)),
        ("bns", "64(1)", D(2025, 8, 31), D(2025, 10, 31)),
    ],
)
def test_rape_trial_within_two_months_of_the_chargesheet(case, lead, act, number, chargesheet_on, due):
    fir = fir_charging(case, lead.user, act=act, number=number, chargesheet_on=chargesheet_on)
    court_case = create(case, lead.user, cognizance_on=chargesheet_on + datetime.timedelta(days=10), firs=[fir])
    row = deadline(court_case, "rape_trial_two_months")
    assert row.status == Deadline.Status.OPEN and row.due_on == due


def test_no_rape_trial_clock_for_other_offences(case, lead):
    fir = fir_charging(case, lead.user, act="bns", number="143(2)", chargesheet_on=D(2025, 9, 1))
    court_case = create(case, lead.user, cognizance_on=D(2025, 9, 10), firs=[fir])
    assert deadline(court_case, "rape_trial_two_months") is None


def test_child_trafficking_trial_in_six_months_only_for_a_child_trafficking_charge(case, lead):
    # Pinki v. State of U.P., 2025 INSC 482: BNS 143(4) (trafficking of a child) charged.
    fir = fir_charging(case, lead.user, act="bns", number="143(4)", chargesheet_on=D(2025, 8, 20))
    court_case = create(case, lead.user, cognizance_on=D(2025, 8, 31), firs=[fir])
    assert deadline(court_case, "child_trafficking_trial").due_on == D(2026, 2, 28)
    adult = fir_charging(case, lead.user, act="bns", number="143(2)", chargesheet_on=D(2025, 8, 20))
    other = create(case, lead.user, cognizance_on=D(2025, 8, 31), firs=[adult], case_number="CR 13/2025")
    assert deadline(other, "child_trafficking_trial") is None


# --- bail: decided in two weeks, six weeks, or at once -------------------------------------------


@pytest.mark.parametrize(
    ("kind", "rule_code", "due"),
    [
        ("regular", "bail_decision", D(2026, 3, 16)),  # Satender Kumar Antil: two weeks
        ("interim", "bail_decision", D(2026, 3, 16)),
        ("anticipatory", "anticipatory_bail_decision", D(2026, 4, 13)),  # six weeks
        ("default", "default_bail_decision", D(2026, 3, 2)),  # BNSS 187(3) / CrPC 167(2): at once
    ],
)
def test_bail_decision_clock_by_kind(case, lead, kind, rule_code, due):
    court_case = create(case, lead.user, cognizance_on=D(2026, 1, 5))
    application = court_services.bail_application_file(
        actor=lead.user,
        court_case=court_case,
        **{
            "court_accused": CourtAccused.objects.get(court_case=court_case),
            "kind": kind,
            "filed_on": D(2026, 3, 2),
            "victim_hearing": "notice_given",
        },
    )
    row = deadline(court_case, rule_code, application)
    assert row.is_open and row.due_on == due
    assert application.victim_hearing == "notice_given"
    days_allowed = {code: court_selectors.bail_decision_days(rule_code=code) for code in RULES}
    assert court_selectors.bail_is_overdue(application, today=due + datetime.timedelta(days=1), days=days_allowed)
    assert not court_selectors.bail_is_overdue(application, today=due, days=days_allowed)
    application.refresh_from_db()
    court_services.bail_application_update(
        actor=lead.user,
        application=application,
        expected_version=application.version,
        **{"outcome": "rejected", "decided_on": due, "victim_hearing": "heard"},
    )
    assert deadline(court_case, rule_code, application).status == Deadline.Status.MET


# --- BNSS 479 / CrPC 436A: undertrial release -------------------------------------------------------


def section(act, number):
    return Section.objects.get(act__code=act, number=number)


@pytest.mark.parametrize(
    ("procedure", "first_offender", "act", "number", "since", "status", "on", "source"),
    [
        # BNSS 479(1): half of 10 years (BNS 143(2)) from 1 Jan 2025 = 1 Jan 2030.
        ("bnss", False, "bns", "143(2)", D(2025, 1, 1), "counting", D(2030, 1, 1), "BNSS 479(1)"),
        # A first-time offender: a third of 10 years = 40 months -> 1 May 2028.
        ("bnss", True, "bns", "143(2)", D(2025, 1, 1), "counting", D(2028, 5, 1), "BNSS 479(1)"),
        # Life imprisonment (BNS 143(4)): 479 does not apply.
        ("bnss", False, "bns", "143(4)", D(2025, 1, 1), "excluded", None, "BNSS 479(1)"),
        # CrPC 436A: half of 7 years (IPC 363) from 15 Mar 2022 = 15 Sep 2025: reached.
        ("crpc", False, "ipc", "363", D(2022, 3, 15), "reached", D(2025, 9, 15), "CrPC 436A"),
        # First-time offender in a CrPC trial: a third (28 months) under BNSS 479 as applied by the
        # Supreme Court to earlier cases -> 15 Jul 2024.
        ("crpc", True, "ipc", "363", D(2022, 3, 15), "reached", D(2024, 7, 15), "1382 Prisons"),
        ("crpc", False, "ipc", "376(1)", D(2022, 3, 15), "excluded", None, "CrPC 436A"),
        ("crpc", False, "ipc", "120B", D(2022, 3, 15), "no_term", None, "CrPC 436A"),
    ],
)
def test_undertrial_release(procedure, first_offender, act, number, since, status, on, source):
    release = court_selectors.undertrial_release(
        procedure=procedure,
        first_offender=first_offender,
        sections=[section(act, number)],
        detained_since=since,
        today=D(2026, 12, 2),
    )
    assert release["status"] == status and release["on"] == on
    assert source in release["source"]


def test_no_release_flag_for_an_accused_not_detained():
    assert (
        court_selectors.undertrial_release(
            procedure="bnss", first_offender=False, sections=[section("bns", "143(2)")], detained_since=None
        )
        is None
    )


def test_the_court_page_flags_an_undertrial_and_a_first_offender(client, case, lead):
    fir = fir_charging(case, lead.user, act="bns", number="144(2)", chargesheet_on=D(2025, 3, 10))
    court_case = create(case, lead.user, cognizance_on=D(2025, 3, 20), firs=[fir])
    link = CourtAccused.objects.get(court_case=court_case)
    arrest = legal_services.fir_accused_add(actor=lead.user, fir=fir, accused=link.accused)
    legal_services.fir_accused_update(
        actor=lead.user,
        link=arrest,
        expected_version=arrest.version,
        **{"arrested_on": D(2025, 2, 25), "remanded_on": D(2025, 2, 26), "custody": "judicial"},
    )
    client.force_login(lead.user)
    page = reverse("legal:court", kwargs={"case_id": case.pk})
    body = client.get(page).content.decode()
    # BNS 144(2): at most 7 years; half = 42 months from 25 Feb 2025 = 25 Aug 2028.
    assert "half of the maximum term (7 years) reached on 25 Aug 2028" in body
    court_case.refresh_from_db()
    response = client.post(
        reverse("legal:court_case_edit", kwargs={"case_id": case.pk, "court_case_id": court_case.pk}),
        {
            "version": court_case.version,
            "court_kind": "magistrate",
            "court_state": court_case.court.state_id,
            "court_name": court_case.court.name,
            "case_number": court_case.case_number,
            "cnr": court_case.cnr,
            "judge": court_case.judge,
            "public_prosecutor": court_case.public_prosecutor,
            "cognizance_on": court_case.cognizance_on.isoformat(),
            "firs": [fir.pk],
            "accused": [link.accused.case_links.get(case=case).pk],
            "first_offenders": [link.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert CourtAccused.objects.get(pk=link.pk).first_offender
    # A third of 7 years = 28 months from 25 Feb 2025 = 25 Jun 2027 (BNSS 479(1) proviso).
    assert "a third of the maximum term (7 years) reached on 25 Jun 2027" in client.get(page).content.decode()


# --- dates in the law's order ----------------------------------------------------------------------


def test_a_charge_is_not_framed_before_the_first_hearing_on_charge_or_cognizance(case, lead):
    court_case = make_court_case(case, lead.user, stage="discharge_hearing", start=-100)
    for framed_on, words in [(days(-150), "before the court case began"), (days(-75), "first hearing on charge")]:
        with pytest.raises(ValidationError) as error:
            charge(court_case, lead.user, framed_on=framed_on)
        assert words in " ".join(error.value.message_dict["framed_on"])
    assert not court_case.charges.exists()


def test_judgment_not_before_the_charges_it_decides(case, lead):
    court_case = make_court_case(case, lead.user, stage="discharge_hearing", start=-100)
    charge(court_case, lead.user, framed_on=days(-20))
    court_case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        record_judgment(court_case, lead.user, on=days(-30), outcomes=outcome_rows(court_case, outcome="discharged"))
    assert "before the charge under" in " ".join(error.value.message_dict["on"])
    assert court_case.stage == "discharge_hearing"


def test_charges_framed_not_before_the_hearing_on_charge(case, lead):
    court_case = make_court_case(case, lead.user, stage="discharge_hearing", start=-100)
    charge(court_case, lead.user, framed_on=days(-60))
    with pytest.raises(ValidationError) as error:
        step(court_case, lead.user, "frame_charges", days(-90))
    assert "before the first hearing on charge" in " ".join(error.value.message_dict["charges_framed_on"])


def test_cognizance_not_before_the_fir(case, lead):
    fir = _sessions_fir(case, lead.user, before=-50)  # registered 80 days ago
    with pytest.raises(ValidationError) as error:
        create(case, lead.user, cognizance_on=days(-100), firs=[fir])
    assert "before the FIR" in " ".join(error.value.message_dict["cognizance_on"])


def test_the_next_hearing_of_a_trial_in_camera_says_so(client, case, lead):
    court_case = create(case, lead.user, court_kind="special_pocso", cognizance_on=days(-40))
    charge(court_case, lead.user, act="bns", number="64(1)", framed_on=days(-10))
    court_services.hearing_schedule(actor=lead.user, court_case=court_case, on=days(5), purpose="prosecution_evidence")
    client.force_login(lead.user)
    body = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "In camera (BNSS 366(2))" in body


def test_correcting_cognizance_across_1_july_2024_changes_the_trials_code(case, lead):
    court_case = create(case, lead.user, cognizance_on=D(2024, 6, 20))
    court_case = step(court_case, lead.user, "record_appearance", D(2024, 7, 10))
    assert deadline(court_case, "copies_supplied").status == Deadline.Status.NOT_APPLICABLE
    court_case.refresh_from_db()
    court_services.court_case_update(
        actor=lead.user,
        court_case=court_case,
        expected_version=court_case.version,
        **{"cognizance_on": D(2024, 7, 2)},
    )
    # Cognizance on 2 July 2024: a BNSS trial; BNSS 230 counts 14 days from the appearance.
    row = deadline(court_case, "copies_supplied")
    assert row.status == Deadline.Status.OPEN and row.due_on == D(2024, 7, 24)


def test_a_charge_added_to_the_fir_later_opens_the_committal_clock(case, lead):
    fir = fir_charging(case, lead.user, act="bns", number="137(2)", registered_on=days(-120))
    court_case = create(case, lead.user, cognizance_on=days(-30), firs=[fir])
    assert deadline(court_case, "committal") is None
    add_charge(fir, lead.user, act="bns", number="143(2)")  # BNSS First Schedule: Court of Session
    court_services.court_clocks_for_fir(fir=fir, actor=lead.user)
    assert deadline(court_case, "committal").due_on == days(60)  # BNSS 232: 90 days from cognizance


def test_pocso_clocks_are_met_by_her_deposition_and_the_judgment(case, lead):
    fir = fir_charging(case, lead.user, act="pocso", number="4", chargesheet_on=days(-100))
    court_case = create(case, lead.user, court_kind="special_pocso", cognizance_on=days(-90), firs=[fir])
    for transition, day in [("record_appearance", -85), ("supply_copies", -80), ("hear_on_charge", -75)]:
        court_case = step(court_case, lead.user, transition, days(day))
    charge(court_case, lead.user, act="pocso", number="4", framed_on=days(-70))
    court_case = step(court_case, lead.user, "frame_charges", days(-70))
    court_case = step(court_case, lead.user, "start_prosecution_evidence", days(-65))
    assert deadline(court_case, "pocso_child_evidence").is_open  # due 30 days after cognizance: overdue
    court_services.hearing_record(
        actor=lead.user,
        court_case=court_case,
        **{
            "on": days(-60),
            "purpose": "survivor_evidence",
            "status": "held",
            "survivor_must_attend": True,
            "survivor_attended": True,
            "survivor_deposed": True,
            "deposition_mode": "vulnerable_witness_room",
        },
    )
    assert deadline(court_case, "pocso_child_evidence").status == Deadline.Status.MET
    for transition, day in [("examine_accused", -40), ("start_final_arguments", -30), ("reserve_judgment", -20)]:
        court_case = step(court_case, lead.user, transition, days(day))
    record_judgment(court_case, lead.user, on=days(-10), outcomes=outcome_rows(court_case, outcome="acquitted"))
    assert deadline(court_case, "pocso_trial_one_year").status == Deadline.Status.MET
