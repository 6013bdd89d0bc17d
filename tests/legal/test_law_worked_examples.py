"""Worked examples of the law Nyaya computes, each citing its provision. The expected dates were
counted by hand (calendar days, the trigger day not counted unless the rule says it is), so a
change to a rule, to the engine or to the reference data that moves a date fails here.

Rule-level examples go through the same functions the services use (rule_in_force, the
procedure check and due_date_compute); service-level examples go through the real services.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.codes import offence_code_for, procedure_for
from cases.deadlines import due_date_compute, rule_in_force, why_not_applicable
from cases.models import Deadline
from core.day_count import add_months
from legal.accused import services as accused_services
from legal.investigation import services

from .helpers import accused_data, add_charge, days, make_fir

D = datetime.date


def due(code: str, trigger, procedure: str | None = None):
    """The due day of a rule for an event, or the reason no date is set."""
    when = trigger if isinstance(trigger, datetime.datetime) else datetime.datetime.combine(trigger, datetime.time())
    when = timezone.make_aware(when)
    rule = rule_in_force(code, when.date())
    assert rule is not None, f"{code} is not in force on {when.date()}"
    reason = why_not_applicable(rule, procedure)
    if reason:
        return reason
    result = due_date_compute(rule, when, None)
    return result.due_at if rule.offset_unit == "hours" else result.due_on


# (provision, rule code, trigger, procedure, expected last day)
DAY_EXAMPLES = [
    # --- default bail: counted from the first remand, the remand day is day one ---------------
    (
        "BNSS 187(3)(ii); ED v. Kapil Wadhawan (2023): 60 days from 1 Jan end 1 Mar",
        "chargesheet_60",
        D(2025, 1, 1),
        "bnss",
        D(2025, 3, 1),
    ),
    (
        "CrPC 167(2)(a)(ii), leap year: 60 days from 1 Jan 2024 end 29 Feb",
        "chargesheet_60",
        D(2024, 1, 1),
        "crpc",
        D(2024, 2, 29),
    ),
    (
        "BNSS 187(3)(ii), month end: remand 31 Jan 2025, last day 31 Mar",
        "chargesheet_60",
        D(2025, 1, 31),
        "bnss",
        D(2025, 3, 31),
    ),
    (
        "BNSS 187(3)(i): 90 days from 15 Nov 2025 end 12 Feb 2026",
        "chargesheet_90",
        D(2025, 11, 15),
        "bnss",
        D(2026, 2, 12),
    ),
    (
        "CrPC 167(2)(a)(i), across 29 Feb 2024: 90 days from 1 Dec 2023 end 28 Feb 2024",
        "chargesheet_90",
        D(2023, 12, 1),
        "crpc",
        D(2024, 2, 28),
    ),
    # --- investigation ---------------------------------------------------------------------------
    (
        "BNSS 193(2): two months from a FIR of 31 Dec 2024 end 28 Feb 2025",
        "chargesheet_sexual_offence",
        D(2024, 12, 31),
        "bnss",
        D(2025, 2, 28),
    ),
    (
        "CrPC 173(1A), leap year: two months from 31 Dec 2023 end 29 Feb 2024",
        "chargesheet_sexual_offence",
        D(2023, 12, 31),
        "crpc",
        D(2024, 2, 29),
    ),
    (
        "BNSS 193(3)(ii): survivor told of progress within 90 days of a FIR of 1 Jul 2024",
        "victim_informed_of_progress",
        D(2024, 7, 1),
        "bnss",
        D(2024, 9, 29),
    ),
    (
        "BNSS 173(3): preliminary enquiry begun 20 Feb 2025 finished by 6 Mar 2025",
        "preliminary_enquiry",
        D(2025, 2, 20),
        "bnss",
        D(2025, 3, 6),
    ),
    (
        "BNSS 184(6), leap year: report of an examination on 26 Feb 2028 due 4 Mar 2028",
        "medical_report",
        D(2028, 2, 26),
        "bnss",
        D(2028, 3, 4),
    ),
    # --- court ------------------------------------------------------------------------------------
    (
        "BNSS 230: copies within 14 days of an appearance on 25 Dec 2024",
        "copies_supplied",
        D(2024, 12, 25),
        "bnss",
        D(2025, 1, 8),
    ),
    (
        "BNSS 232: committal within 90 days of cognizance on 1 Jan 2025",
        "committal",
        D(2025, 1, 1),
        "bnss",
        D(2025, 4, 1),
    ),
    (
        "BNSS 250(1): discharge application within 60 days of committal on 30 Jun 2025",
        "discharge_application",
        D(2025, 6, 30),
        "bnss",
        D(2025, 8, 29),
    ),
    (
        "BNSS 251(1)(b): charges within 60 days of a first hearing on 31 Dec 2024",
        "charges_framed",
        D(2024, 12, 31),
        "bnss",
        D(2025, 3, 1),
    ),
    (
        "BNSS 258(1): judgment within 30 days of arguments concluded on 31 Jan 2025",
        "judgment_pronounced",
        D(2025, 1, 31),
        "bnss",
        D(2025, 3, 2),
    ),
    (
        "BNSS 258(1): outer limit 45 days after arguments concluded on 31 Jan 2025",
        "judgment_outer_limit",
        D(2025, 1, 31),
        "bnss",
        D(2025, 3, 17),
    ),
    (
        "BNSS 346(1) proviso: rape trial two months from a chargesheet of 31 Dec 2025",
        "rape_trial_two_months",
        D(2025, 12, 31),
        "bnss",
        D(2026, 2, 28),
    ),
    (
        "CrPC 309(1) proviso: rape trial two months from a chargesheet of 30 Nov 2023",
        "rape_trial_two_months",
        D(2023, 11, 30),
        "crpc",
        D(2024, 1, 30),
    ),
    (
        "POCSO s.35(1), leap year: child's evidence within 30 days of cognizance on 30 Jan 2028",
        "pocso_child_evidence",
        D(2028, 1, 30),
        "bnss",
        D(2028, 2, 29),
    ),
    (
        "POCSO s.35(2): trial within a year of cognizance on 29 Feb 2024 (ends 28 Feb 2025)",
        "pocso_trial_one_year",
        D(2024, 2, 29),
        "crpc",
        D(2025, 2, 28),
    ),
    (
        "Pinki v. State of U.P., 2025 INSC 482: six months from cognizance on 31 Aug 2025",
        "child_trafficking_trial",
        D(2025, 8, 31),
        "bnss",
        D(2026, 2, 28),
    ),
    (
        "Satender Kumar Antil (2022) 10 SCC 51: regular bail decided within two weeks",
        "bail_decision",
        D(2025, 2, 20),
        "bnss",
        D(2025, 3, 6),
    ),
    (
        "Satender Kumar Antil (2022) 10 SCC 51: anticipatory bail within six weeks",
        "anticipatory_bail_decision",
        D(2025, 2, 20),
        "bnss",
        D(2025, 4, 3),
    ),
    (
        "BNSS 187(3) proviso; M. Ravindran (2021) 2 SCC 485: default bail decided at once",
        "default_bail_decision",
        D(2025, 2, 20),
        "bnss",
        D(2025, 2, 20),
    ),
    (
        "Limitation Act Art. 114(a): appeal against acquittal within 90 days of 1 Dec 2025",
        "appeal_against_acquittal",
        D(2025, 12, 1),
        "bnss",
        D(2026, 3, 1),
    ),
    # --- compensation --------------------------------------------------------------------------------
    (
        "BNSS 396(5): the authority decides within two months (60 days) of an application on 1 Jan 2025",
        "claim_decision",
        D(2025, 1, 1),
        None,
        D(2025, 3, 2),
    ),
    (
        "NALSA 2018: three years from an offence on 29 Feb 2024 end 28 Feb 2027",
        "claim_time_bar",
        D(2024, 2, 29),
        None,
        D(2027, 2, 28),
    ),
    # --- custody ------------------------------------------------------------------------------------
    (
        "ITPA s.17(1) proviso: intermediate custody ordered 25 Dec 2025 ends 4 Jan 2026",
        "adult_custody_limit",
        D(2025, 12, 25),
        None,
        D(2026, 1, 4),
    ),
    (
        "ITPA s.17(3) second proviso, leap year: custody pending inquiry from 15 Feb 2028 ends 7 Mar 2028",
        "adult_custody_inquiry",
        D(2028, 2, 15),
        None,
        D(2028, 3, 7),
    ),
    (
        "JJ Act s.36(2), leap year: social investigation from 20 Feb 2024 due 6 Mar 2024",
        "cwc_social_investigation",
        D(2024, 2, 20),
        None,
        D(2024, 3, 6),
    ),
    (
        "JJ Act s.36(2): inquiry four months from production on 31 Oct 2025",
        "cwc_final_order",
        D(2025, 10, 31),
        None,
        D(2026, 2, 28),
    ),
]


@pytest.mark.parametrize(
    ("provision", "code", "trigger", "procedure", "expected"), DAY_EXAMPLES, ids=[e[0][:60] for e in DAY_EXAMPLES]
)
def test_worked_example_last_day(db, provision, code, trigger, procedure, expected):
    assert due(code, trigger, procedure) == expected, provision


HOUR_EXAMPLES = [
    (
        "BNSS 58: arrest at 22:30 on 10 Mar 2025, production by 22:30 next day",
        "production_before_magistrate",
        datetime.datetime(2025, 3, 10, 22, 30),
        datetime.datetime(2025, 3, 11, 22, 30),
    ),
    (
        "JJ Act s.31(1): child rescued 20:00 on 31 Dec 2025, before the CWC by 20:00 on 1 Jan 2026",
        "cwc_production",
        datetime.datetime(2025, 12, 31, 20, 0),
        datetime.datetime(2026, 1, 1, 20, 0),
    ),
    (
        "POCSO s.19(6): reported to the CWC and Special Court within 24 hours (28 Feb 2028 09:00)",
        "pocso_report_to_cwc",
        datetime.datetime(2028, 2, 28, 9, 0),
        datetime.datetime(2028, 2, 29, 9, 0),
    ),
]


@pytest.mark.parametrize(
    ("provision", "code", "trigger", "expected"), HOUR_EXAMPLES, ids=[e[0][:60] for e in HOUR_EXAMPLES]
)
def test_worked_example_hours(db, provision, code, trigger, expected):
    assert timezone.localtime(due(code, trigger)).replace(tzinfo=None) == expected, provision


# BNSS-only limits are never computed for a CrPC proceeding (BNSS s.531(2)(a)).
BNSS_ONLY = [
    "victim_informed_of_progress",
    "preliminary_enquiry",
    "medical_report",
    "copies_supplied",
    "committal",
    "discharge_application",
    "charges_framed",
    "judgment_pronounced",
    "judgment_outer_limit",
]


@pytest.mark.parametrize("code", BNSS_ONLY)
def test_bnss_only_limits_set_no_date_for_a_crpc_proceeding(db, code):
    reason = due(code, D(2025, 3, 3), "crpc")
    assert isinstance(reason, str)
    assert "new in the BNSS" in reason and "531(2)(a)" in reason
    assert isinstance(due(code, D(2025, 3, 3), "bnss"), datetime.date)


@pytest.mark.parametrize(
    ("day", "offence_code", "procedure"),
    [
        (D(2024, 6, 30), "ipc", "crpc"),  # BNS s.1(2), BNSS s.531(2)(a): the day before the new codes
        (D(2024, 7, 1), "bns", "bnss"),  # in force from 1 July 2024
        (D(2016, 2, 29), "ipc", "crpc"),
        (None, "bns", "bnss"),  # an undated proceeding is taken as new
    ],
)
def test_which_code_applies_by_date(day, offence_code, procedure):
    assert offence_code_for(day) == offence_code
    assert procedure_for(day) == procedure


# --- through the services ----------------------------------------------------------------------


def _accused_on(fir, actor, name="Accused Qzx One"):
    accused = accused_services.accused_record(
        actor=actor, case=fir.case, **accused_data(phones=[], names=[name]), role="recruiter"
    ).accused
    return services.fir_accused_add(actor=actor, fir=fir, accused=accused)


def _update(link, actor, **data):
    link.refresh_from_db()
    return services.fir_accused_update(actor=actor, link=link, expected_version=link.version, **data)


def _open(case, code):
    return Deadline.objects.filter(case=case, rule_code=code, status=Deadline.Status.OPEN)


def test_arrest_without_remand_runs_production_not_default_bail(case, lead, fir):
    """BNSS 58: 24 hours to the magistrate; BNSS 187(3): the default-bail clock waits for the remand."""
    add_charge(fir, lead.user, act="bns", number="143(4)")
    link = _update(_accused_on(fir, lead.user), lead.user, arrested_on=days(-10), arrested_at_time=datetime.time(18))
    production = _open(case, "production_before_magistrate").get()
    assert timezone.localtime(production.due_at).date() == days(-9)
    assert not _open(case, "chargesheet_90").exists() and not _open(case, "chargesheet_60").exists()

    _update(link, lead.user, remanded_on=days(-9))
    assert Deadline.objects.get(case=case, rule_code="production_before_magistrate").status == "met"
    deadline = _open(case, "chargesheet_90").get()
    # 90 days from the remand, the remand day counted: the last day is remand + 89.
    assert deadline.due_on == days(-9) + datetime.timedelta(days=89)
    assert deadline.consequence_on == days(-9) + datetime.timedelta(days=90)
    assert "Default bail accrues on" in deadline.explanation
    assert "counts as day one" in deadline.explanation


def test_a_remand_before_the_arrest_is_refused(case, lead, fir):
    link = _accused_on(fir, lead.user)
    with pytest.raises(ValidationError) as error:
        _update(link, lead.user, arrested_on=days(-5), remanded_on=days(-6))
    assert "remanded_on" in error.value.message_dict
    link.refresh_from_db()
    assert link.arrested_on is None and link.remanded_on is None


def test_the_class_comes_from_the_section_row_not_the_maximum(case, lead, fir):
    """Rakesh Kumar Paul (2017) 15 SCC 67: 'may extend to ten years' is the 60-day class."""
    add_charge(fir, lead.user, act="bns", number="143(2)")  # 7 to 10 years
    link = _update(_accused_on(fir, lead.user), lead.user, arrested_on=days(-3), remanded_on=days(-2))
    assert _open(case, "chargesheet_60").get().due_on == days(-2) + datetime.timedelta(days=59)
    add_charge(fir, lead.user, act="bns", number="143(4)")  # a child: 10 years to life
    assert not _open(case, "chargesheet_60").exists()
    assert _open(case, "chargesheet_90").get().subject_key == f"legal.firaccused:{link.pk}"


def test_a_crpc_investigation_gets_no_bnss_progress_date_and_says_why(case, lead):
    """A FIR of 2023 is investigated under the CrPC: BNSS 193(3)(ii) sets no date."""
    fir = make_fir(case, lead.user, stage="fir_registered", fir_day=-1100)
    assert fir.procedure == "crpc"
    row = Deadline.objects.get(case=case, rule_code="victim_informed_of_progress")
    assert row.status == Deadline.Status.NOT_APPLICABLE
    assert "CrPC" in row.close_reason and "531(2)(a)" in row.close_reason
    assert row.consequence_on is None


def test_a_bnss_investigation_gets_the_progress_date(case, lead, fir):
    row = _open(case, "victim_informed_of_progress").get()
    assert row.due_on == fir.fir_date + datetime.timedelta(days=90)


def test_transitional_case_ipc_charges_bnss_investigation(case, lead):
    """Offence 20 Jun 2024, FIR 5 Jul 2024: IPC charges (Art. 20(1)), BNSS procedure (s.531(2)(a))."""
    fir = services.fir_create(
        actor=lead.user,
        case=case,
        **{
            "state": case.destination_state or fir_state(),
            "police_station": "Pimpri PS",
            "chain_role": "destination",
            "offence_on": D(2024, 6, 20),
            "reported_on": D(2024, 7, 4),
        },
    )
    assert fir.offence_code == "ipc" and fir.is_transitional
    fir = services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="register_fir",
        expected_version=fir.version,
        data={"fir_number": "88/2024", "fir_date": D(2024, 7, 5), "police_station": "Pimpri PS"},
    )
    assert fir.procedure == "bnss"
    assert _open(case, "victim_informed_of_progress").get().due_on == D(2024, 10, 3)
    with pytest.raises(ValidationError):
        add_charge(fir, lead.user, act="bns", number="143(4)")
    add_charge(fir, lead.user, act="ipc", number="370(4)")
    assert fir.charges.get().section.act.code == "ipc"


def fir_state():
    from consortium.factories import state

    return state("MH")


def test_changing_the_offence_date_across_1_july_2024_needs_the_sections_altered(case, lead, fir):
    add_charge(fir, lead.user, act="bns", number="143(4)")
    fir.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.fir_update(actor=lead.user, fir=fir, expected_version=fir.version, **{"offence_on": D(2024, 5, 1)})
    assert "IPC" in str(error.value.message_dict["offence_on"])
    fir.refresh_from_db()
    assert fir.offence_on != D(2024, 5, 1)


def test_two_month_rule_only_for_the_listed_sections(case, lead, fir):
    """BNSS 193(2): BNS 64-68, 70, 71 and POCSO 4, 6, 8, 10; not POCSO 12 (sexual harassment)."""
    add_charge(fir, lead.user, act="pocso", number="12")
    assert not _open(case, "chargesheet_sexual_offence").exists()
    add_charge(fir, lead.user, act="pocso", number="4")
    assert _open(case, "chargesheet_sexual_offence").get().due_on == add_months(fir.fir_date, 2)


def test_pocso_section_opens_the_24_hour_report_to_the_cwc(case, lead):
    fir = make_fir(case, lead.user, stage="reported")
    add_charge(fir, lead.user, act="pocso", number="4")
    fir.refresh_from_db()
    services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="register_fir",
        expected_version=fir.version,
        data={"fir_number": "9/2026", "fir_date": days(-1), "police_station": "Pimpri PS"},
    )
    assert _open(case, "pocso_report_to_cwc").exists()


def test_further_investigation_after_a_chargesheet_and_a_supplementary_report(case, lead):
    """BNSS 193(9): further investigation after the report, ending in a supplementary report;
    default bail does not arise again."""
    fir = make_fir(case, lead.user, stage="chargesheet_filed")
    fir = services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="order_further_investigation",
        expected_version=fir.version,
        data={"further_investigation_on": fir.chargesheet_on + datetime.timedelta(days=3)},
    )
    assert fir.stage == "further_investigation"
    assert not _open(case, "chargesheet_60").exists() and not _open(case, "chargesheet_90").exists()
    fir = services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="file_supplementary_report",
        expected_version=fir.version,
        data={"supplementary_report_on": fir.chargesheet_on + datetime.timedelta(days=5)},
    )
    assert fir.stage == "chargesheet_filed" and fir.supplementary_report_on is not None


def test_closure_accepted_then_protest_petition_taken_as_a_complaint(case, lead):
    fir = make_fir(case, lead.user, stage="closure_report_filed", fir_day=-90)
    day = fir.closure_report_on
    fir = services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="accept_closure",
        expected_version=fir.version,
        data={"closure_accepted_on": day + datetime.timedelta(days=10)},
    )
    assert fir.stage == "closure_accepted"
    fir = services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="file_protest_petition",
        expected_version=fir.version,
        data={"protest_petition_on": day + datetime.timedelta(days=12)},
    )
    with pytest.raises(ValidationError):
        services.fir_transition(
            actor=lead.user,
            fir=fir,
            transition="take_as_complaint",
            expected_version=fir.version,
            data={"complaint_taken_on": day + datetime.timedelta(days=11)},  # before the petition
        )
    fir.refresh_from_db()
    assert fir.stage == "protest_petition"
    fir = services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="take_as_complaint",
        expected_version=fir.version,
        data={"complaint_taken_on": day + datetime.timedelta(days=14)},
    )
    assert fir.stage == "complaint_case"


def test_a_fir_before_the_offence_is_refused(case, lead):
    with pytest.raises(ValidationError) as error:
        services.fir_create(
            actor=lead.user,
            case=case,
            **{
                "state": fir_state(),
                "police_station": "Pimpri PS",
                "chain_role": "destination",
                "offence_on": days(-5),
                "reported_on": days(-10),
            },
        )
    assert "reported_on" in error.value.message_dict


def test_the_investigation_tab_says_why_a_crpc_fir_has_no_progress_date(client, case, lead):
    make_fir(case, lead.user, stage="fir_registered", fir_day=-1100)
    client.force_login(lead.user)
    body = client.get(reverse("legal:investigation", args=[case.pk])).content.decode()
    assert "Investigation under the CrPC" in body
    assert "No date" in body and "531(2)(a)" in body


def test_a_stranger_gets_404_on_the_investigation_tab(client, case, make_member, org_mh):
    from consortium.models import Role

    outsider = make_member(Role.CASEWORKER, org_mh)
    client.force_login(outsider.user)
    assert client.get(reverse("legal:investigation", args=[case.pk])).status_code == 404


def test_a_preliminary_enquiry_recorded_with_the_complaint_runs_14_days_until_the_fir(case, lead):
    """BNSS 173(3): a preliminary enquiry finishes within 14 days; registering the FIR meets it."""
    fir = make_fir(case, lead.user, stage="reported", preliminary_enquiry_on=days(-33))
    assert _open(case, "preliminary_enquiry").get().due_on == days(-19)
    fir.refresh_from_db()
    services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="register_fir",
        expected_version=fir.version,
        data={"fir_number": "5/2026", "fir_date": days(-30), "police_station": "Pimpri PS"},
    )
    assert Deadline.objects.get(case=case, rule_code="preliminary_enquiry").status == Deadline.Status.MET
