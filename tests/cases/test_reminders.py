"""The deadline scan: reminders, escalation, idempotency, catch-up, visibility, emails."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cases import services
from cases.deadlines import deadline_start
from cases.factories import give_consent
from cases.models import CaseRole, Deadline, DeadlineNotice, Notification
from cases.notifications import notification_emails_send, notification_list_for, unread_count
from cases.reminders import deadline_scan
from consortium.models import Role, User
from survivors.models import ConsentPurpose

from .helpers import FULL_NAME, PHONE, open_survivor_case


def at(days: float, base=None):
    return (base or timezone.now()) + datetime.timedelta(days=days)


@pytest.fixture
def team(make_member, org_wb, case, lead, secretariat):
    lawyer_org_member = make_member(Role.LAWYER, org_wb, first_name="Leela", last_name="Lawyer")
    services.team_add(actor=lead.user, case=case, membership=lawyer_org_member, role=CaseRole.LAWYER)
    admin = make_member(Role.ORG_ADMIN, org_wb, first_name="Asha", last_name="Admin")
    coordinator = make_member(Role.COORDINATOR, secretariat, first_name="Chitra", last_name="Coordinator")
    outsider = make_member(Role.CASEWORKER, org_wb, first_name="Oona", last_name="Outsider")
    return {"lawyer": lawyer_org_member, "admin": admin, "coordinator": coordinator, "outsider": outsider}


def open_deadline(case, lead, code, *, due_in_days: float, subject="test:1"):
    """A deadline of rule `code` whose due date is `due_in_days` from now."""
    deadline = deadline_start(case=case, rule_code=code, trigger_at=timezone.now(), subject=subject, actor=lead.user)
    shift = at(due_in_days) - deadline.due_at
    Deadline.objects.filter(pk=deadline.pk).update(due_at=deadline.due_at + shift, due_on=at(due_in_days).date())
    return Deadline.objects.get(pk=deadline.pk)


def recipients(deadline, step_kind=None):
    notes = Notification.objects.filter(deadline=deadline)
    if step_kind:
        notes = notes.filter(kind=step_kind)
    return sorted(notes.values_list("user__username", flat=True))


def test_reminder_goes_to_the_responsible_role_and_only_once(case, lead, team):
    # bail_decision: the lawyer is responsible, reminder 3 days before.
    deadline = open_deadline(case, lead, "bail_decision", due_in_days=2)
    first = deadline_scan()
    assert first.reminders == 1
    assert recipients(deadline) == [team["lawyer"].user.username]
    second = deadline_scan()
    assert second.reminders == 0 and second.notifications == 0
    assert Notification.objects.filter(deadline=deadline).count() == 1


def test_reminder_falls_back_to_the_lead_when_nobody_holds_the_role(case, lead):
    deadline = open_deadline(case, lead, "bail_decision", due_in_days=2)  # no lawyer on this team
    deadline_scan()
    assert recipients(deadline) == [lead.user.username]


def test_not_yet_time_for_a_reminder(case, lead, team):
    open_deadline(case, lead, "bail_decision", due_in_days=10)
    assert deadline_scan().reminders == 0


def test_catching_up_sends_only_the_latest_reminder(case, lead, team):
    # chargesheet_90 reminds 21 and 7 days before. The worker was down: now 5 days are left.
    deadline = open_deadline(case, lead, "chargesheet_90", due_in_days=5)
    result = deadline_scan()
    assert result.reminders == 1 and result.skipped == 1
    steps = dict(DeadlineNotice.objects.filter(deadline=deadline).values_list("step", "skipped"))
    assert steps == {"reminder:7": False, "reminder:21": True}
    assert deadline_scan().notifications == 0


def test_reminders_step_by_step_over_time(case, lead, team):
    deadline = open_deadline(case, lead, "chargesheet_90", due_in_days=20)
    assert deadline_scan().steps == {"reminder:21": 1}
    assert deadline_scan(now=at(14)).steps == {"reminder:7": 1}
    assert Notification.objects.filter(deadline=deadline, kind="reminder").count() == 2


def test_escalation_steps_reach_lead_then_coordinators(case, lead, team):
    # chargesheet_90 escalates: at the due date to the lead, 7 days later to coordinators.
    deadline = open_deadline(case, lead, "chargesheet_90", due_in_days=-1)
    first = deadline_scan()
    assert first.escalations == 1
    assert recipients(deadline, "escalation") == [lead.user.username]
    later = deadline_scan(now=at(7))
    assert later.escalations == 1
    assert recipients(deadline, "escalation") == sorted([lead.user.username, team["coordinator"].user.username])
    assert deadline_scan(now=at(30)).escalations == 0


def test_award_unpaid_escalates_at_30_90_and_365_days(case, lead, team):
    award_day = timezone.now() - datetime.timedelta(days=400)
    deadline = deadline_start(
        case=case, rule_code="award_payment", trigger_at=award_day, subject="c:1", actor=lead.user
    )
    # Recorded on the day of the award, as in live use (entered from paper it would only ask
    # "was it met?": tests/cases/test_paper_deadlines.py).
    Deadline.objects.filter(pk=deadline.pk).update(entered_after_due=False)
    result = deadline_scan()
    assert result.escalations == 3  # all three reached while nobody paid: each to its own people
    assert set(recipients(deadline, "escalation")) == {
        lead.user.username,
        team["admin"].user.username,
        team["coordinator"].user.username,
    }


def test_met_or_closed_deadlines_are_left_alone(case, lead, team):
    deadline = open_deadline(case, lead, "bail_decision", due_in_days=-3)
    Deadline.objects.filter(pk=deadline.pk).update(status=Deadline.Status.MET)
    assert deadline_scan().notifications == 0


def test_two_scans_at_once_send_each_step_once(case, lead, team):
    from cases import reminders

    deadline = open_deadline(case, lead, "bail_decision", due_in_days=-1)
    # Simulate a concurrent scan that wrote the notice first (between our query and our insert).
    original = reminders._handle_batch

    def racing(rows, *args, **kwargs):
        DeadlineNotice.objects.get_or_create(deadline_id=rows[0]["pk"], step=kwargs["step"])
        return original(rows, *args, **kwargs)

    reminders._handle_batch = racing
    try:
        deadline_scan()
    finally:
        reminders._handle_batch = original
    assert Notification.objects.filter(deadline=deadline).count() == 0


def test_batches_cover_every_deadline(case, lead, team):
    for n in range(7):
        open_deadline(case, lead, "bail_decision", due_in_days=-1, subject=f"bail:{n}")
    result = deadline_scan(batch=3)
    assert result.escalations == 7
    assert deadline_scan(batch=3).escalations == 0


def test_notifications_carry_no_identity(case, lead, team):
    open_deadline(case, lead, "bail_decision", due_in_days=-1)
    deadline_scan(now=at(10))
    for note in Notification.objects.all():
        for secret in (FULL_NAME, PHONE):
            assert secret not in note.title and secret not in note.body
        assert case.reference in note.title


def test_notification_of_a_case_she_no_longer_sees_is_hidden(case, lead, org_mh, make_member):
    partner = make_member(Role.CASEWORKER, org_mh)
    consent = give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org_mh)
    services.team_add(actor=lead.user, case=case, membership=partner, role=CaseRole.CASEWORKER)
    services.task_add(actor=lead.user, case=case, title="Meet her at the station", assignee=partner.user)
    assert unread_count(partner.user) == 1
    services.consent_withdraw(actor=lead.user, case=case, consent=consent)
    assert unread_count(partner.user) == 0
    assert list(notification_list_for(partner.user)) == []


def test_emails_as_people_prefer(case, lead, team):
    User.objects.filter(pk=team["lawyer"].user.pk).update(email_notifications=User.EmailFrequency.DAILY)
    open_deadline(case, lead, "bail_decision", due_in_days=-1, subject="a")  # overdue: the lead is told
    open_deadline(case, lead, "bail_decision", due_in_days=2, subject="b")  # reminder to the lawyer (responsible)
    open_deadline(case, lead, "bail_decision", due_in_days=1, subject="c")  # and another
    deadline_scan()
    mail.outbox.clear()
    assert notification_emails_send(frequency=User.EmailFrequency.IMMEDIATE) == 1  # the lead
    assert mail.outbox[0].to == [lead.user.email]
    assert notification_emails_send(frequency=User.EmailFrequency.IMMEDIATE) == 0  # nothing twice
    assert notification_emails_send(frequency=User.EmailFrequency.DAILY) == 1  # the lawyer's summary
    summary = mail.outbox[-1]
    assert summary.to == [team["lawyer"].user.email]
    assert "2 reminders and alerts" in summary.subject
    assert case.reference in summary.body and FULL_NAME not in summary.body


def test_people_who_want_no_email_get_none(case, lead):
    User.objects.filter(pk=lead.user.pk).update(email_notifications=User.EmailFrequency.NEVER)
    open_deadline(case, lead, "bail_decision", due_in_days=-1)
    deadline_scan()
    mail.outbox.clear()
    assert notification_emails_send(frequency=User.EmailFrequency.NEVER) == 0
    notification_emails_send(frequency=User.EmailFrequency.IMMEDIATE)
    assert mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_management_command_runs_the_scan(case, lead, capsys):
    open_deadline(case, lead, "bail_decision", due_in_days=-1)
    call_command("run_deadline_scan")
    first = capsys.readouterr().out
    assert "1 escalations" in first and "0 lapsed claims" in first
    call_command("run_deadline_scan")
    assert "0 escalations" in capsys.readouterr().out


def test_scan_queries_do_not_grow_with_deadlines(lead, make_member, django_assert_max_num_queries):
    cases = [open_survivor_case(lead, survivor={"phone_numbers": [f"98300{n:05d}"]}) for n in range(6)]
    for n, case in enumerate(cases):
        open_deadline(case, lead, "bail_decision", due_in_days=-1, subject=f"x:{n}")
    deadline_scan()  # warm: the survivor-update deadlines of opening are not due
    for n, case in enumerate(cases):
        open_deadline(case, lead, "bail_decision", due_in_days=-1, subject=f"y:{n}")
    with django_assert_max_num_queries(40):
        assert deadline_scan().escalations == 6


def test_an_email_sent_again_after_a_lost_worker_has_the_same_message_id(case, lead, team):
    """A worker killed after the mail server took the email but before its notifications were
    marked sent runs again and sends the same email: under the same Message-ID, so the copy is
    one message to her mail service. Other notifications make another Message-ID."""
    open_deadline(case, lead, "bail_decision", due_in_days=-1, subject="a")
    deadline_scan()
    mail.outbox.clear()
    assert notification_emails_send(frequency=User.EmailFrequency.IMMEDIATE) == 1
    Notification.objects.update(emailed_at=None)  # as if the run died before its commit
    assert notification_emails_send(frequency=User.EmailFrequency.IMMEDIATE) == 1
    first, again = mail.outbox
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert first.message()["Message-ID"] == first.extra_headers["Message-ID"]  # the one sent, not a fresh one
    assert FULL_NAME not in first.extra_headers["Message-ID"]
    open_deadline(case, lead, "bail_decision", due_in_days=-1, subject="b")
    deadline_scan()
    assert notification_emails_send(frequency=User.EmailFrequency.IMMEDIATE) == 1
    assert mail.outbox[-1].extra_headers["Message-ID"] != first.extra_headers["Message-ID"]
