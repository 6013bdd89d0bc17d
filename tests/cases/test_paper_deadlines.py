"""Deadlines of facts entered from paper: an NGO records an existing case with its real dates.

A deadline whose last day had passed more than PAPER_GRACE_DAYS before its fact was entered is
not a live alarm: it asks "was it met?" on the case's Deadlines tab and in My work, and stays
out of overdue lists, counts, reminders and escalations until answered "met on <date>" or
"missed". A deadline from a recent fact that passes later is a real overdue, as before.
"""

import datetime
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import deadlines as engine
from cases.deadlines import (
    PAPER_GRACE_DAYS,
    deadline_answer_from_paper,
    deadline_fulfil,
    deadline_start,
    entered_after_due,
)
from cases.models import CaseEvent, CaseRole, Deadline
from cases.reminders import deadline_scan
from consortium.models import Role

from .helpers import days, open_survivor_case, today

D = datetime.date
_subjects = itertools.count(1)


def start(case, actor, *, trigger_days_ago: int, code="chargesheet_90", title="Chargesheet: FIR 12/2024", subject=None):
    """A deadline started today from an event `trigger_days_ago` days ago (a date-only fact)."""
    return deadline_start(
        case=case,
        rule_code=code,
        trigger_at=days(-trigger_days_ago),
        subject=subject or f"legal.arrest:{next(_subjects)}",
        actor=actor,
        title=title,
    )


def paper_deadline(case, actor, **kwargs):
    """A chargesheet deadline from an arrest two years ago: due long before it was entered."""
    return start(case, actor, trigger_days_ago=730, **kwargs)


def answer_url(deadline):
    return reverse("cases:case_deadline_answer", args=[deadline.case_id, deadline.pk])


def deadlines_url(case):
    return reverse("cases:case_deadlines", args=[case.pk])


@pytest.fixture
def outsider(make_member, org_mh):
    return make_member(Role.CASEWORKER, org_mh, first_name="Mona", last_name="Mumbai")


# --- the cut-off ---------------------------------------------------------------------------------


def test_cutoff_is_more_than_the_grace_days_before_the_day_of_entry():
    entered = D(2026, 12, 2)
    assert not entered_after_due(entered, entered)
    assert not entered_after_due(entered - datetime.timedelta(days=PAPER_GRACE_DAYS), entered)
    assert entered_after_due(entered - datetime.timedelta(days=PAPER_GRACE_DAYS + 1), entered)
    assert not entered_after_due(entered + datetime.timedelta(days=30), entered)


@given(due=st.dates(D(2000, 1, 1), D(2040, 12, 31)), entered=st.dates(D(2000, 1, 1), D(2040, 12, 31)))
def test_cutoff_for_any_pair_of_days(due, entered):
    assert entered_after_due(due, entered) == ((entered - due).days > PAPER_GRACE_DAYS)


# --- starting -----------------------------------------------------------------------------------


def test_a_fact_from_two_years_ago_asks_was_it_met_instead_of_raising_an_alarm(case, lead):
    deadline = paper_deadline(case, lead.user)
    assert deadline.status == Deadline.Status.OPEN  # still open: workflows may fulfil or recompute it
    assert deadline.entered_after_due and deadline.is_to_review
    assert not deadline.is_overdue
    assert deadline.due_on < today() - datetime.timedelta(days=600)
    assert not Deadline.objects.overdue().filter(pk=deadline.pk).exists()
    assert not Deadline.objects.live().filter(pk=deadline.pk).exists()
    assert list(Deadline.objects.to_review()) == [deadline]
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DEADLINE).latest("pk")
    assert "before it was entered; was it met?" in event.summary
    assert event.data["entered_after_due"] is True


def test_a_recent_lapse_is_a_live_overdue_alarm(case, lead):
    # chargesheet_90 from an arrest 95 days ago: due 6 days ago, within the grace days.
    deadline = start(case, lead.user, trigger_days_ago=95)
    assert 0 < (today() - deadline.due_on).days <= PAPER_GRACE_DAYS
    assert not deadline.entered_after_due
    assert deadline.is_overdue
    assert Deadline.objects.overdue().filter(pk=deadline.pk).exists()


def test_a_deadline_from_a_recent_fact_that_passes_later_is_a_real_overdue(case, lead):
    deadline = start(case, lead.user, trigger_days_ago=1)
    assert not deadline.entered_after_due and not deadline.is_overdue
    a_year_later = timezone.now() + datetime.timedelta(days=365)
    assert Deadline.objects.overdue(a_year_later).filter(pk=deadline.pk).exists()
    assert not Deadline.objects.to_review().exists()


def test_a_corrected_date_is_judged_against_the_day_the_deadline_was_first_entered(case, lead):
    # Entered live 130 days ago, from an arrest that day; today the arrest date is corrected by a
    # day. The deadline, long overdue, stays a live alarm: it was entered in time.
    subject = "legal.arrest:corrected"
    deadline = start(case, lead.user, trigger_days_ago=130, subject=subject)
    Deadline.objects.filter(pk=deadline.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=130), entered_after_due=False
    )
    moved = start(case, lead.user, trigger_days_ago=131, subject=subject)
    assert moved.pk == deadline.pk and moved.due_on == deadline.due_on - datetime.timedelta(days=1)
    assert not moved.entered_after_due and moved.is_overdue
    # Corrected to three years before it was entered: now a question for the paper file.
    moved = start(case, lead.user, trigger_days_ago=1200, subject=subject)
    assert moved.pk == deadline.pk and moved.is_to_review


def test_a_paper_deadline_corrected_to_a_future_due_date_runs_again(case, lead):
    subject = "legal.arrest:future"
    deadline = paper_deadline(case, lead.user, subject=subject)
    assert deadline.is_to_review
    moved = start(case, lead.user, trigger_days_ago=10, subject=subject)
    assert moved.pk == deadline.pk and not moved.entered_after_due and moved.days_left > 0


def test_workflows_still_fulfil_and_cancel_a_deadline_waiting_for_review(case, lead):
    first = paper_deadline(case, lead.user, subject="a:1")
    second = paper_deadline(case, lead.user, subject="a:2")
    assert deadline_fulfil(case=case, rule_codes=["chargesheet_90"], subject="a:1", actor=lead.user) == 1
    assert engine.deadline_cancel(
        case=case, rule_codes=["chargesheet_90"], subject="a:2", actor=lead.user, reason="FIR transferred"
    )
    assert Deadline.objects.get(pk=first.pk).status == Deadline.Status.MET
    assert Deadline.objects.get(pk=second.pk).status == Deadline.Status.CANCELLED


# --- kept out of every alarm ----------------------------------------------------------------------


def test_no_reminder_or_escalation_for_a_deadline_entered_from_paper(case, lead):
    paper_deadline(case, lead.user, code="award_payment", title="Award paid")
    result = deadline_scan()
    assert (result.reminders, result.escalations, result.notifications) == (0, 0, 0)


def test_overdue_board_and_my_work_urgent_buckets_leave_it_out(client, case, lead, coordinator):
    paper_deadline(case, lead.user, title="Chargesheet from the paper file")
    live = start(case, lead.user, trigger_days_ago=95, title="Chargesheet live", subject="live:1")
    client.force_login(coordinator.user)
    board = client.get(reverse("work:overdue_board"))
    assert [d.title for d in board.context["page"].object_list] == ["Chargesheet live"]
    assert "Chargesheet from the paper file" not in board.content.decode()
    assert "entered from a paper file after they were due are not listed here" in board.content.decode()
    client.force_login(lead.user)
    response = client.get(reverse("work:my_work"))
    buckets = response.context["buckets"]
    assert [i.title for _, i in buckets["overdue"]] == [live.title]
    assert [i.title for _, i in response.context["review"]] == ["Chargesheet from the paper file"]
    body = response.content.decode()
    assert "To review: entered from paper" in body
    assert "entered from paper: was it met?" in body
    home = client.get(reverse("home")).content.decode()
    assert "Chargesheet from the paper file" not in home


def test_my_work_review_bucket_only_her_cases(client, case, lead, outsider):
    other = open_survivor_case(outsider)
    paper_deadline(other, outsider.user, title="Someone else's paper deadline")
    paper_deadline(case, lead.user, title="My paper deadline")
    client.force_login(lead.user)
    for scope in ({}, {"scope": "all"}):
        response = client.get(reverse("work:my_work"), scope)
        assert [i.title for _, i in response.context["review"]] == ["My paper deadline"]
        assert "Someone else" not in response.content.decode()


# --- the Deadlines tab and the answer -------------------------------------------------------------


def test_deadlines_tab_asks_was_it_met_with_quick_answers(client, case, lead):
    deadline = paper_deadline(case, lead.user)
    client.force_login(lead.user)
    response = client.get(deadlines_url(case))
    body = response.content.decode()
    assert response.context["review_deadlines"] == [deadline]
    assert deadline not in response.context["open_deadlines"]
    assert "Due before it was entered: was it met?" in body
    assert answer_url(deadline) in body
    assert "It was met" in body and "It was missed" in body
    assert "overdue by" not in body
    due = deadline.due_on
    assert f"{due.day} {due:%b %Y}" in body
    # A date-only arrest is shown as a date (what she reads: not a <time>'s datetime="" attribute).
    assert "00:00" not in re.sub(r'datetime="[^"]*"', "", body)


def test_met_on_a_paper_date_long_before_it_was_entered(client, case, lead):
    deadline = paper_deadline(case, lead.user)
    met_on = deadline.due_on - datetime.timedelta(days=3)  # filed in time, two years ago
    client.force_login(lead.user)
    response = client.post(
        answer_url(deadline), {"version": deadline.version, "answer": "met", "met_on": met_on.isoformat()}
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET and deadline.met_on == met_on
    assert not deadline.met_late and not deadline.is_to_review
    assert deadline.status_changed_by == lead.user
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DEADLINE).latest("pk")
    assert f"met on {met_on.day} {met_on:%b %Y}" in event.summary
    page = client.get(deadlines_url(case)).content.decode()
    assert "Due before it was entered" not in page
    assert f"on {met_on.day} {met_on:%b %Y}" in page and "from the paper file" in page
    assert 'tag-warn">late' not in page


def test_met_late_on_paper_shows_late(client, case, lead):
    deadline = paper_deadline(case, lead.user)
    met_on = deadline.due_on + datetime.timedelta(days=20)
    client.force_login(lead.user)
    client.post(answer_url(deadline), {"version": deadline.version, "answer": "met", "met_on": met_on.isoformat()})
    deadline.refresh_from_db()
    assert deadline.met_late
    assert ">late<" in client.get(deadlines_url(case)).content.decode()


def test_missed_is_recorded_and_counted_as_a_failure(client, case, lead):
    deadline = paper_deadline(case, lead.user)
    client.force_login(lead.user)
    response = client.post(answer_url(deadline), {"version": deadline.version, "answer": "missed"}, follow=True)
    assert "Recorded as missed." in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED and deadline.met_on is None
    assert list(Deadline.objects.missed()) == [deadline]
    assert not Deadline.objects.overdue().exists() and not Deadline.objects.to_review().exists()
    assert "missed (was due" in CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DEADLINE).latest("pk").summary


BAD_ANSWERS = {
    "met-without-a-day": ({"answer": "met"}, "Give the day it was met"),
    "met-before-the-arrest": ({"answer": "met", "met_on": "BEFORE"}, "cannot have been met before"),
    "met-in-the-future": ({"answer": "met", "met_on": days(3).isoformat()}, "cannot be in the future"),
    "not-a-date": ({"answer": "met", "met_on": "31/31/2024"}, "Enter a valid date"),
    "bogus-answer": ({"answer": "perhaps"}, "Select a valid choice"),
    "stale-version": ({"answer": "missed", "version": "STALE"}, "while you were editing"),
}


@pytest.mark.parametrize("label", sorted(BAD_ANSWERS))
def test_bad_answers_say_why_and_save_nothing(client, case, lead, label):
    deadline = paper_deadline(case, lead.user)
    data, message = BAD_ANSWERS[label]
    post = {"version": deadline.version, **data}
    if post.get("met_on") == "BEFORE":
        post["met_on"] = (timezone.localtime(deadline.trigger_at).date() - datetime.timedelta(days=1)).isoformat()
    if post.get("version") == "STALE":
        post["version"] = deadline.version + 1
    events = CaseEvent.objects.count()
    client.force_login(lead.user)
    response = client.post(answer_url(deadline), post, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    fresh = Deadline.objects.get(pk=deadline.pk)
    assert (fresh.status, fresh.met_on, fresh.version) == (Deadline.Status.OPEN, None, deadline.version)
    assert CaseEvent.objects.count() == events


def test_a_live_deadline_cannot_be_answered_from_paper(client, case, lead):
    live = start(case, lead.user, trigger_days_ago=10)
    client.force_login(lead.user)
    response = client.post(answer_url(live), {"version": live.version, "answer": "missed"}, follow=True)
    assert "This deadline is running" in response.content.decode()
    assert Deadline.objects.get(pk=live.pk).status == Deadline.Status.OPEN


def test_outsiders_and_people_who_may_not_act_get_404(client, case, lead, outsider, coordinator, make_member, org_wb):
    deadline = paper_deadline(case, lead.user)
    post = {"version": deadline.version, "answer": "missed"}
    for who in (outsider, coordinator):
        client.force_login(who.user)
        assert client.post(answer_url(deadline), post).status_code == 404
    client.force_login(outsider.user)
    assert client.get(deadlines_url(case)).status_code == 404
    # A deadline of another case, through this case's URL: 404 as well.
    other = paper_deadline(open_survivor_case(outsider), outsider.user)
    client.force_login(lead.user)
    wrong = reverse("cases:case_deadline_answer", args=[case.pk, other.pk])
    assert client.post(wrong, {"version": other.version, "answer": "missed"}).status_code == 404
    assert Deadline.objects.filter(pk__in=[deadline.pk, other.pk], status=Deadline.Status.OPEN).count() == 2
    # GET is not an answer.
    assert client.get(answer_url(deadline)).status_code == 405


def test_a_lawyer_on_the_team_may_answer(client, case, lead, make_member, org_wb):
    from cases import services

    lawyer = make_member(Role.LAWYER, org_wb, first_name="Lata", last_name="Lawyer")
    services.team_add(actor=lead.user, case=case, membership=lawyer, role=CaseRole.LAWYER)
    deadline = paper_deadline(case, lead.user)
    client.force_login(lawyer.user)
    response = client.post(
        answer_url(deadline), {"version": deadline.version, "answer": "met", "met_on": deadline.due_on.isoformat()}
    )
    assert response.status_code == 302
    assert Deadline.objects.get(pk=deadline.pk).status == Deadline.Status.MET


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    met_on=st.one_of(
        st.dates(D(2020, 1, 1), D(2030, 12, 31)).map(lambda d: d.isoformat()),
        st.text(max_size=20),
    ),
    answer=st.sampled_from(["met", "missed", "", "x"]),
)
def test_any_answer_is_saved_right_or_refused_with_nothing_saved(case, lead, met_on, answer):
    deadline = paper_deadline(case, lead.user)
    trigger_day = timezone.localtime(deadline.trigger_at).date()
    from cases.work_forms import DeadlineAnswerForm

    form = DeadlineAnswerForm({"version": deadline.version, "answer": answer, "met_on": met_on})
    if not form.is_valid():
        assert form.errors
        return
    data = form.cleaned_data
    try:
        answered = deadline_answer_from_paper(
            actor=lead.user,
            case=case,
            deadline=deadline,
            met=data["answer"] == "met",
            met_on=data["met_on"] if data["answer"] == "met" else None,
            expected_version=data["version"],
        )
    except ValidationError as exc:
        assert exc.messages
        assert Deadline.objects.get(pk=deadline.pk).status == Deadline.Status.OPEN
        assert data["met_on"] < trigger_day or data["met_on"] > today()
    else:
        if answer == "met":
            assert answered.status == Deadline.Status.MET
            assert trigger_day <= answered.met_on <= today()
        else:
            assert answered.status == Deadline.Status.MISSED


# --- fulfilment dates are real event dates ---------------------------------------------------------


def test_fulfil_with_a_paper_date_before_the_deadline_was_entered(case, lead):
    deadline = paper_deadline(case, lead.user)
    met_on = deadline.due_on - datetime.timedelta(days=10)
    assert met_on < timezone.localtime(deadline.created_at).date()
    deadline_fulfil(
        case=case, rule_codes=["chargesheet_90"], subject=deadline.subject_key, actor=lead.user, met_on=met_on
    )
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET and deadline.met_on == met_on and not deadline.met_late


def test_fulfil_refuses_a_day_before_the_trigger_or_in_the_future(case, lead):
    deadline = paper_deadline(case, lead.user)
    trigger_day = timezone.localtime(deadline.trigger_at).date()
    for bad in (trigger_day - datetime.timedelta(days=1), days(1)):
        with pytest.raises(ValidationError):
            deadline_fulfil(
                case=case, rule_codes=["chargesheet_90"], subject=deadline.subject_key, actor=lead.user, met_on=bad
            )
        assert Deadline.objects.get(pk=deadline.pk).status == Deadline.Status.OPEN


def test_fulfil_without_a_day_works_as_before(case, lead):
    deadline = start(case, lead.user, trigger_days_ago=5)
    deadline_fulfil(case=case, rule_codes=["chargesheet_90"], subject=deadline.subject_key, actor=lead.user)
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET and deadline.met_on is None and not deadline.met_late


def test_explanation_shows_a_date_only_trigger_without_a_time(case, lead):
    deadline = paper_deadline(case, lead.user)
    trigger_day = days(-730)
    assert f"after {trigger_day.day} {trigger_day:%b %Y} (" in deadline.explanation
    assert "00:00" not in deadline.explanation and "23:59" not in deadline.explanation
