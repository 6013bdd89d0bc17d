"""The deadline engine's core: working-day arithmetic, rules, and opening/closing deadlines."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cases import deadline_rules
from cases.deadlines import (
    deadline_cancel,
    deadline_close,
    deadline_fulfil,
    deadline_start,
    due_date_compute,
    rule_in_force,
)
from cases.models import CaseEvent, Deadline, DeadlineRule, Holiday, HolidayCalendar
from consortium.factories import state
from core.day_count import add_months, add_working_days

D = datetime.date


def at(day: datetime.date, hour=10, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# --- arithmetic -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 7, 15), 36, D(2029, 7, 15)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_months_last_day(start, months, expected):
    assert add_months(start, months) == expected


def test_working_days_skip_weekends_and_holidays_across_a_month_end():
    # Thu 29 Oct 2026 + 3 working days, Sat/Sun off, Mon 2 Nov a holiday -> Wed 4 Nov.
    due, skipped = add_working_days(D(2026, 10, 29), 3, {D(2026, 11, 2)}, [5, 6])
    assert due == D(2026, 11, 4)
    assert skipped == [D(2026, 10, 31), D(2026, 11, 1), D(2026, 11, 2)]


def test_working_days_across_the_year_end():
    due, _ = add_working_days(D(2026, 12, 24), 2, {D(2026, 12, 25)}, [6])
    assert due == D(2026, 12, 28)  # Fri 25 holiday, Sat 26 works, Sun 27 off, Mon 28


def test_a_calendar_without_working_days_is_refused():
    with pytest.raises(ValidationError):
        add_working_days(D(2026, 1, 1), 1, set(), list(range(7)))


@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=120),
    weekend=st.sets(st.integers(min_value=0, max_value=6), max_size=3),
)
def test_working_day_result_is_a_working_day_and_counts_exactly(start, days, weekend):
    holidays = {start + datetime.timedelta(days=k) for k in (3, 10, 11, 40)}
    due, skipped = add_working_days(start, days, holidays, sorted(weekend))
    counted = [
        start + datetime.timedelta(days=k)
        for k in range(1, (due - start).days + 1)
        if (start + datetime.timedelta(days=k)).weekday() not in weekend
        and (start + datetime.timedelta(days=k)) not in holidays
    ]
    assert len(counted) == days
    if days:
        assert due.weekday() not in weekend and due not in holidays
    assert len(counted) + len(skipped) == (due - start).days


# --- rules and due dates ----------------------------------------------------------------------


def test_every_shipped_rule_is_loaded_and_valid(db):
    codes = set(DeadlineRule.objects.values_list("code", flat=True))
    assert {r["code"] for r in deadline_rules.RULES} <= codes
    for rule in DeadlineRule.objects.all():
        rule.full_clean()
        assert rule.legal_source
        assert rule.trigger in deadline_rules.TRIGGERS


def test_calendars_and_holidays_are_seeded_for_the_demo_states(db):
    for code in ("WB", "JH", "OD", "MH", "DL", "KA"):
        assert HolidayCalendar.objects.filter(state__code=code, kind="court").exists()
    assert Holiday.objects.filter(calendar__code="in-office", date=D(2026, 1, 26)).exists()
    assert Holiday.objects.filter(date__year=2027).exists()


@pytest.mark.parametrize(
    ("code", "trigger", "expected_due"),
    [
        # From the first remand, the remand day counted (ED v. Kapil Wadhawan, 2023).
        ("chargesheet_90", D(2026, 8, 1), D(2026, 10, 29)),
        ("chargesheet_60", D(2026, 8, 1), D(2026, 9, 29)),
        ("chargesheet_sexual_offence", D(2026, 8, 31), D(2026, 10, 31)),
        ("medical_report", D(2026, 3, 1), D(2026, 3, 8)),
        ("victim_informed_of_progress", D(2026, 1, 1), D(2026, 4, 1)),
        ("copies_supplied", D(2026, 5, 1), D(2026, 5, 15)),
        ("committal", D(2026, 5, 1), D(2026, 7, 30)),
        ("discharge_application", D(2026, 5, 1), D(2026, 6, 30)),
        ("charges_framed", D(2026, 5, 1), D(2026, 6, 30)),
        ("judgment_pronounced", D(2026, 5, 1), D(2026, 5, 31)),
        ("judgment_outer_limit", D(2026, 5, 1), D(2026, 6, 15)),
        ("bail_decision", D(2026, 5, 1), D(2026, 5, 15)),
        ("child_trafficking_trial", D(2026, 5, 1), D(2026, 11, 1)),
        ("appeal_against_acquittal", D(2026, 5, 1), D(2026, 7, 30)),
        ("claim_decision", D(2026, 5, 1), D(2026, 6, 30)),
        ("interim_relief_decision", D(2026, 5, 1), D(2026, 5, 31)),
        ("claim_time_bar", D(2026, 2, 28), D(2029, 2, 28)),
        ("award_payment", D(2026, 5, 1), D(2026, 5, 31)),
        ("adult_custody_limit", D(2026, 5, 1), D(2026, 5, 11)),
        ("adult_custody_inquiry", D(2026, 5, 1), D(2026, 5, 22)),
        ("cwc_social_investigation", D(2026, 5, 1), D(2026, 5, 16)),
        ("cwc_final_order", D(2026, 5, 1), D(2026, 9, 1)),
        ("repatriation_acknowledgement", D(2026, 5, 1), D(2026, 5, 4)),
        ("survivor_update", D(2026, 5, 1), D(2026, 7, 30)),
    ],
)
def test_each_seeded_day_rule_on_a_sample_event(db, code, trigger, expected_due):
    rule = rule_in_force(code, trigger)
    due = due_date_compute(rule, at(trigger), state("WB"))
    assert due.due_on == expected_due


@pytest.mark.parametrize(
    "code", ["production_before_magistrate", "medical_examination", "cwc_production", "pocso_report_to_cwc"]
)
def test_hour_rules_fall_24_hours_after_the_event(db, code):
    rule = rule_in_force(code, D(2026, 5, 1))
    due = due_date_compute(rule, at(D(2026, 5, 1), 21, 30), state("WB"))
    assert timezone.localtime(due.due_at) == timezone.localtime(at(D(2026, 5, 2), 21, 30))


def test_working_day_rule_uses_the_states_court_holidays_and_national_ones(db):
    rule = DeadlineRule.objects.create(
        code="test_working",
        name="Test",
        workflow="court",
        trigger="cognizance",
        offset_amount=3,
        day_count="working",
        calendar_kind="court",
        legal_source="Test rule",
        effective_from=D(2024, 1, 1),
    )
    # WB courts sit Monday to Saturday. From Wed 14 Oct 2026: the puja vacation (15-17, 19, 21-23),
    # Sunday 18 and Dussehra on 20 (national) are skipped; Sat 24, Mon 26 and Tue 27 count.
    due = due_date_compute(rule, at(D(2026, 10, 14)), state("WB"))
    assert due.due_on == D(2026, 10, 27)
    assert due.calendar.code == "wb-court"
    assert "2026-10-15" in due.inputs["skipped_days"]
    # Maharashtra courts do not close for the Bengal puja vacation.
    assert due_date_compute(rule, at(D(2026, 10, 14)), state("MH")).due_on == D(2026, 10, 17)


def test_roll_to_working_day_moves_a_due_date_off_a_holiday(db):
    rule = DeadlineRule.objects.create(
        code="test_roll",
        name="Test",
        workflow="court",
        trigger="cognizance",
        offset_amount=1,
        roll_to_working_day=True,
        calendar_kind="court",
        legal_source="Test rule",
        effective_from=D(2024, 1, 1),
    )
    # 1 day after 24 Dec 2026 is Christmas (national court holiday) -> Sat 26 Dec (courts sit on Saturdays).
    assert due_date_compute(rule, at(D(2026, 12, 24)), state("DL")).due_on == D(2026, 12, 26)


def test_rule_versions_apply_by_trigger_date(db):
    DeadlineRule.objects.create(
        code="chargesheet_90",
        name="Changed limit",
        workflow="investigation",
        trigger="arrest",
        offset_amount=100,
        legal_source="An amendment",
        effective_from=D(2027, 1, 1),
    )
    assert rule_in_force("chargesheet_90", D(2026, 12, 31)).offset_amount == 90
    assert rule_in_force("chargesheet_90", D(2027, 1, 1)).offset_amount == 100


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reminder_days", [-1]),
        ("reminder_days", "seven"),
        ("escalation_steps", [{"after_days": -2, "notify": "coordinator"}]),
        ("escalation_steps", [{"after_days": 1, "notify": "the police"}]),
    ],
)
def test_bad_rules_are_refused(db, field, value):
    rule = DeadlineRule(
        code="bad",
        name="Bad",
        workflow="court",
        trigger="cognizance",
        offset_amount=1,
        legal_source="x",
        effective_from=D(2024, 1, 1),
        **{field: value},
    )
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert field in error.value.message_dict


def test_working_days_only_for_day_offsets(db):
    rule = DeadlineRule(
        code="bad",
        name="Bad",
        workflow="court",
        trigger="cognizance",
        offset_amount=2,
        offset_unit="months",
        day_count="working",
        legal_source="x",
        effective_from=D(2024, 1, 1),
    )
    with pytest.raises(ValidationError):
        rule.full_clean()


# --- deadlines on a case ----------------------------------------------------------------------


def test_start_recompute_and_fulfil(case, lead):
    arrest = "legal.arrest:1"
    deadline = deadline_start(
        case=case,
        rule_code="chargesheet_90",
        trigger_at=D(2026, 8, 1),
        subject=arrest,
        actor=lead.user,
        state=state("WB"),
        title="Chargesheet: FIR 12/2026",
    )
    # The remand day is day one: the last day to file is 29 Oct; default bail from 30 Oct.
    assert deadline.due_on == D(2026, 10, 29)
    assert deadline.consequence_on == D(2026, 10, 30)
    assert deadline.responsible_role == "lead_caseworker"
    assert "BNSS 187(3)" in deadline.explanation and "90 days" in deadline.explanation
    # The arrest date was corrected: same deadline, new date.
    again = deadline_start(
        case=case, rule_code="chargesheet_90", trigger_at=D(2026, 8, 5), subject=arrest, actor=lead.user
    )
    assert again.pk == deadline.pk and again.due_on == D(2026, 11, 2)
    assert Deadline.objects.filter(case=case, rule_code="chargesheet_90").count() == 1
    assert deadline_fulfil(case=case, rule_codes=["chargesheet_60", "chargesheet_90"], subject=arrest, actor=lead.user)
    assert Deadline.objects.get(pk=deadline.pk).status == Deadline.Status.MET
    summaries = list(CaseEvent.objects.filter(case=case, kind="deadline").values_list("summary", flat=True))
    assert any("moved" in s for s in summaries) and any("met" in s for s in summaries)


def test_a_new_deadline_after_the_old_one_was_met(case, lead):
    deadline_fulfil(case=case, rule_codes=["survivor_update"], actor=lead.user)  # the one opened with the case
    deadline_start(case=case, rule_code="survivor_update", trigger_at=D(2026, 5, 1), subject="case", actor=lead.user)
    deadline_fulfil(case=case, rule_codes=["survivor_update"], actor=lead.user)
    deadline_start(case=case, rule_code="survivor_update", trigger_at=D(2026, 8, 1), subject="case", actor=lead.user)
    assert Deadline.objects.filter(case=case, rule_code="survivor_update").count() == 3
    assert Deadline.objects.filter(case=case).open().get().due_on == D(2026, 10, 30)


def test_switched_off_rule_opens_nothing(case, lead):
    DeadlineRule.objects.filter(code="bail_decision").update(is_active=False)
    assert (
        deadline_start(case=case, rule_code="bail_decision", trigger_at=D(2026, 5, 1), subject="x", actor=lead.user)
        is None
    )


def test_cancel_and_close_by_hand(case, lead):
    first = deadline_start(case=case, rule_code="committal", trigger_at=D(2026, 5, 1), subject="c:1", actor=lead.user)
    second = deadline_start(
        case=case, rule_code="bail_decision", trigger_at=D(2026, 5, 1), subject="b:1", actor=lead.user
    )
    assert deadline_cancel(case=case, rule_codes=["committal"], subject="c:1", actor=lead.user, reason="Transferred")
    assert Deadline.objects.get(pk=first.pk).status == "cancelled"
    with pytest.raises(ValidationError):
        deadline_close(actor=lead.user, deadline=second, reason="", expected_version=second.version)
    with pytest.raises(ValidationError):
        deadline_close(actor=lead.user, deadline=second, reason="Decided orally", expected_version=second.version + 5)
    closed = deadline_close(actor=lead.user, deadline=second, reason="Decided orally", expected_version=second.version)
    assert closed.status == "closed" and closed.status_changed_by == lead.user
    with pytest.raises(ValidationError):
        deadline_close(actor=lead.user, deadline=closed, reason="Again please", expected_version=closed.version)
    # A page loaded before she closed it is refused naming her and when (core.concurrency).
    with pytest.raises(ValidationError, match="Changed by Lakshmi Leadworker at .* while you were editing"):
        deadline_close(actor=lead.user, deadline=second, reason="Decided orally", expected_version=second.version)


def test_open_deadlines_show_on_the_case_overview(client, case, lead):
    deadline_start(
        case=case,
        rule_code="chargesheet_90",
        trigger_at=timezone.localdate() - datetime.timedelta(days=95),
        subject="a:1",
        actor=lead.user,
        title="Chargesheet: FIR 77/2026",
    )
    client.force_login(lead.user)
    body = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Chargesheet: FIR 77/2026" in body
    # Due 6 days before it was entered: within PAPER_GRACE_DAYS, a live overdue alarm.
    assert "overdue by 6 days" in body
    assert "BNSS 187(3)" in body


# --- holiday files ----------------------------------------------------------------------------


def test_holiday_file_loads(db, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("calendar,date,name\nwb-court,2028-01-23,Netaji Jayanti\n", encoding="utf-8")
    out = io.StringIO()
    call_command("load_holidays", str(path), stdout=out)
    assert "1 new" in out.getvalue()
    assert Holiday.objects.filter(calendar__code="wb-court", date=D(2028, 1, 23)).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date,calendar,name\n", "header"),
        ("calendar,date,name\nzz-court,2028-01-01,New Year\n", "unknown calendar"),
        ("calendar,date,name\nwb-court,01/01/2028,New Year\n", "YYYY-MM-DD"),
        ("calendar,date,name\nwb-court,2028-01-01\n", "three columns"),
        ("calendar,date,name\nwb-court,2028-01-01,\n", "needs a name"),
    ],
)
def test_bad_holiday_files_load_nothing(db, tmp_path, text, message):
    before = Holiday.objects.count()
    path = tmp_path / "h.csv"
    path.write_text(text + "wb-court,2028-02-02,Fine line\n", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_holidays", str(path))
    assert Holiday.objects.count() == before


@pytest.mark.parametrize("day", [D(1990, 1, 1), D(2020, 1, 1), D(2024, 7, 1), D(2026, 12, 1), D(2031, 1, 1)])
def test_rules_in_force_in_one_query_answers_as_one_rule_at_a_time(db, day, django_assert_num_queries):
    """The rules in force on a day, read in one query (cases.deadlines.rules_in_force, used by the
    court tab for the three bail rules and by rule_in_force): versions superseded, ended and
    switched off, and a day older than every version (the first version applies)."""
    from cases.deadlines import rules_in_force

    bail = DeadlineRule.objects.filter(code="bail_decision").order_by("effective_from").first()
    newer = DeadlineRule.objects.get(pk=bail.pk)
    newer.pk, newer.effective_from, newer.offset_amount = None, D(2030, 1, 1), 10
    newer.save()
    ended = DeadlineRule.objects.filter(code="committal").order_by("effective_from").first()
    DeadlineRule.objects.filter(pk=ended.pk).update(effective_until=D(2025, 1, 1))
    DeadlineRule.objects.filter(code="anticipatory_bail_decision").update(is_active=False)
    codes = list(DeadlineRule.objects.values_list("code", flat=True).distinct())
    with django_assert_num_queries(1):
        batch = rules_in_force(codes, day)
    first_bail = bail.offset_amount
    assert set(batch) == set(codes)
    assert batch["anticipatory_bail_decision"] is None
    assert batch["bail_decision"].offset_amount == (10 if day >= D(2030, 1, 1) else first_bail)
    assert (batch["committal"] is None) is (day > D(2025, 1, 1))
