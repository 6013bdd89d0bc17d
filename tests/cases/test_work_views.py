"""Pages of the deadline engine: my work, overdue board, notifications, case deadlines and tasks,
survivor updates, deadline rules and holiday calendars. Allowed and denied, and bad input."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import services
from cases.deadlines import deadline_start
from cases.models import CaseRole, Deadline, DeadlineRule, Holiday, Notification, SurvivorUpdate, Task
from cases.reminders import deadline_scan
from consortium.models import Role, User

from .helpers import days, open_survivor_case


def make_overdue(case, actor, code="bail_decision", subject="s:1", days_ago=20, title=None):
    return deadline_start(
        case=case,
        rule_code=code,
        trigger_at=timezone.now() - datetime.timedelta(days=days_ago),
        subject=subject,
        actor=actor,
        title=title or f"{code} on {case.reference}",
    )


@pytest.fixture
def other_case(make_member, org_mh):
    other_lead = make_member(Role.CASEWORKER, org_mh, first_name="Mona", last_name="Mumbai")
    return open_survivor_case(other_lead, survivor={"phone_numbers": ["9000011111"]}), other_lead


# --- my work ------------------------------------------------------------------------------------


def test_my_work_buckets_and_only_visible_cases(client, case, lead, other_case):
    other, other_lead = other_case
    make_overdue(case, lead.user, title="Overdue thing")
    deadline_start(
        case=case,
        rule_code="copies_supplied",
        trigger_at=timezone.now() - datetime.timedelta(days=14),
        subject="t",
        actor=lead.user,
        title="Due today thing",
    )
    make_overdue(other, other_lead.user, title="Invisible thing")
    services.task_add(actor=lead.user, case=case, title="Call the IO", assignee=lead.user, due_on=days(3))
    client.force_login(lead.user)
    response = client.get(reverse("work:my_work"))
    body = response.content.decode()
    buckets = response.context["buckets"]
    assert [i.title for _, i in buckets["overdue"]] == ["Overdue thing"]
    assert [i.title for _, i in buckets["today"]] == ["Due today thing"]
    assert [i.title for _, i in buckets["week"]] == ["Call the IO"]
    assert "Invisible thing" not in body and other.reference not in body


def test_my_work_for_a_lawyer_holds_court_deadlines(client, case, lead, make_member, org_wb):
    lawyer = make_member(Role.LAWYER, org_wb)
    services.team_add(actor=lead.user, case=case, membership=lawyer, role=CaseRole.LAWYER)
    make_overdue(case, lead.user, code="bail_decision", title="Bail decision")  # lawyer responsible
    make_overdue(case, lead.user, code="chargesheet_90", days_ago=95, title="Chargesheet")  # lead responsible
    client.force_login(lawyer.user)
    mine = [i.title for _, i in client.get(reverse("work:my_work")).context["buckets"]["overdue"]]
    assert mine == ["Bail decision"]
    everything = client.get(reverse("work:my_work"), {"scope": "all"}).context["buckets"]["overdue"]
    assert sorted(i.title for _, i in everything) == ["Bail decision", "Chargesheet"]


def test_my_work_needs_login(client):
    assert client.get(reverse("work:my_work")).status_code == 302


# --- overdue board ------------------------------------------------------------------------------


def test_overdue_board_coordinator_sees_all_admin_her_organisation(
    client, case, lead, other_case, make_member, org_wb, secretariat
):
    other, other_lead = other_case
    make_overdue(case, lead.user)
    make_overdue(other, other_lead.user)
    coordinator = make_member(Role.COORDINATOR, secretariat)
    admin = make_member(Role.ORG_ADMIN, org_wb)
    client.force_login(coordinator.user)
    assert client.get(reverse("work:overdue_board")).context["page"].paginator.count == 2
    client.force_login(admin.user)
    page = client.get(reverse("work:overdue_board")).context["page"]
    assert [d.case_id for d in page.object_list] == [case.pk]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.LAWYER, Role.SURVIVOR_LEADER])
def test_overdue_board_is_not_for_other_roles(client, make_member, org_wb, role):
    client.force_login(make_member(role, org_wb).user)
    assert client.get(reverse("work:overdue_board")).status_code == 403


def test_overdue_board_filters(client, case, lead, other_case, make_member, secretariat):
    other, other_lead = other_case
    make_overdue(case, lead.user, code="bail_decision")
    make_overdue(other, other_lead.user, code="chargesheet_90", days_ago=95)
    client.force_login(make_member(Role.COORDINATOR, secretariat).user)
    page = client.get(reverse("work:overdue_board"), {"workflow": "investigation"}).context["page"]
    assert [d.rule_code for d in page.object_list] == ["chargesheet_90"]
    page = client.get(reverse("work:overdue_board"), {"organisation": lead.organisation.pk}).context["page"]
    assert [d.case_id for d in page.object_list] == [case.pk]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["organisation", "state", "workflow", "page"]),
        st.one_of(st.text(max_size=30), st.integers(min_value=-(2**40), max_value=2**40).map(str)),
    )
)
def test_overdue_board_never_fails_on_bad_filters(client, make_member, secretariat, params):
    client.force_login(make_member(Role.COORDINATOR, secretariat, username="coord-fuzz").user)
    assert client.get(reverse("work:overdue_board"), params).status_code == 200


def test_overdue_board_queries_are_constant(client, lead, make_member, secretariat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_member(Role.COORDINATOR, secretariat).user)

    def queries_with(rows):
        for n in range(rows - Deadline.objects.overdue().count()):
            case = open_survivor_case(lead, survivor={"phone_numbers": [f"98{rows:03d}{n:05d}"]})
            make_overdue(case, lead.user, subject=f"x{n}")
        assert client.get(reverse("work:overdue_board")).status_code == 200  # warm-up: the navigation's counts
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("work:overdue_board")).status_code == 200
        return len(context)

    assert queries_with(1) == queries_with(8)


# --- notifications ------------------------------------------------------------------------------


def test_notifications_page_and_mark_read(client, case, lead, make_member, org_wb):
    colleague = make_member(Role.CASEWORKER, org_wb)
    services.team_add(actor=lead.user, case=case, membership=colleague, role=CaseRole.CASEWORKER)
    services.task_add(actor=lead.user, case=case, title="Visit", assignee=colleague.user)
    note = Notification.objects.get(user=colleague.user)
    client.force_login(lead.user)
    # Someone else's notification cannot be marked read.
    client.post(reverse("work:notifications_read"), {"notification": note.pk})
    assert Notification.objects.get(pk=note.pk).read_at is None
    client.force_login(colleague.user)
    page = client.get(reverse("work:notifications")).content.decode()
    assert case.reference in page and 'class="bell-count">1<' in page
    client.post(reverse("work:notifications_read"), {"notification": note.pk})
    assert Notification.objects.get(pk=note.pk).read_at is not None
    assert 'class="bell-count"' not in client.get(reverse("work:notifications")).content.decode()


def _age_activity_stamp(client, seconds):
    from consortium.sessions import LAST_SEEN_KEY

    session = client.session
    session[LAST_SEEN_KEY] -= seconds
    session.save()


def _bell_statements(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    return page, [q for q in queries if 'FROM "cases_notification"' in q["sql"]]


def test_the_bell_is_counted_once_a_minute_and_after_her_own_changes(client, case, lead, make_member, org_wb):
    """The bell's count is kept in her session between two activity stamps (core/navigation.py):
    a page in between does not count it; a new notification shows at the next stamp or when she
    opens her notifications; marking them read shows at once."""
    colleague = make_member(Role.CASEWORKER, org_wb)
    services.team_add(actor=lead.user, case=case, membership=colleague, role=CaseRole.CASEWORKER)
    services.task_add(actor=lead.user, case=case, title="Visit", assignee=colleague.user)
    client.force_login(colleague.user)
    home = reverse("home")
    page, counted = _bell_statements(client, home)
    assert 'class="bell-count">1<' in page and len(counted) == 1

    # A second notification arrives; the next page within the minute shows the kept count, uncounted.
    services.task_add(actor=lead.user, case=case, title="Call the school", assignee=colleague.user)
    page, counted = _bell_statements(client, home)
    assert 'class="bell-count">1<' in page and counted == []
    # A search (a POST answered with a page, nothing saved) keeps them too.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("cases:case_list"), {"q": case.reference}).status_code == 200
    assert not [q for q in queries if 'FROM "cases_notification"' in q["sql"]]

    # At the next activity stamp (a minute on) it is counted again.
    _age_activity_stamp(client, 61)
    page, counted = _bell_statements(client, home)
    assert 'class="bell-count">2<' in page and len(counted) == 1

    # Marking them read (her own POST) shows on the very next page.
    assert client.post(reverse("work:notifications_read")).status_code == 302
    page, counted = _bell_statements(client, home)
    assert 'class="bell-count"' not in page and len(counted) == 1
    assert Notification.objects.filter(user=colleague.user, read_at__isnull=True).count() == 0

    # Her notifications page always says what it lists.
    services.task_add(actor=lead.user, case=case, title="Book the tickets", assignee=colleague.user)
    assert 'class="bell-count"' not in client.get(home).content.decode()
    page = client.get(reverse("work:notifications")).content.decode()
    assert 'class="bell-count">1<' in page and page.count(">Mark read<") == 1


def test_the_kept_bell_is_hers_alone(client, case, lead, make_member, org_wb):
    """Counts live in her session: another person's login on the same browser counts her own."""
    colleague = make_member(Role.CASEWORKER, org_wb)
    services.team_add(actor=lead.user, case=case, membership=colleague, role=CaseRole.CASEWORKER)
    services.task_add(actor=lead.user, case=case, title="Visit", assignee=colleague.user)
    client.force_login(colleague.user)
    assert 'class="bell-count">1<' in client.get(reverse("home")).content.decode()
    client.logout()
    client.force_login(lead.user)
    assert 'class="bell-count"' not in client.get(reverse("home")).content.decode()


def test_email_preference(client, lead):
    client.force_login(lead.user)
    client.post(reverse("work:notification_preferences"), {"email_notifications": "daily"})
    lead.user.refresh_from_db()
    assert lead.user.email_notifications == User.EmailFrequency.DAILY
    response = client.post(reverse("work:notification_preferences"), {"email_notifications": "hourly"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


# --- deadlines and tasks on a case ----------------------------------------------------------------


def test_close_a_deadline_by_hand(client, case, lead):
    deadline = make_overdue(case, lead.user)
    client.force_login(lead.user)
    url = reverse("cases:case_deadline_close", args=[case.pk, deadline.pk])
    client.post(url, {"version": deadline.version, "reason": "no"})
    assert Deadline.objects.get(pk=deadline.pk).is_open
    client.post(url, {"version": deadline.version + 1, "reason": "Decided in chambers"})
    assert Deadline.objects.get(pk=deadline.pk).is_open
    response = client.post(url, {"version": deadline.version, "reason": "Decided in chambers"}, follow=True)
    assert "Deadline closed" in response.content.decode()
    assert Deadline.objects.get(pk=deadline.pk).status == "closed"
    page = client.get(reverse("cases:case_deadlines", args=[case.pk])).content.decode()
    assert "Decided in chambers" in page


def test_deadline_of_another_case_is_404(client, case, lead, other_case):
    other, other_lead = other_case
    deadline = make_overdue(other, other_lead.user)
    client.force_login(lead.user)
    response = client.post(
        reverse("cases:case_deadline_close", args=[case.pk, deadline.pk]), {"version": 1, "reason": "xxxxxx"}
    )
    assert response.status_code == 404
    assert Deadline.objects.get(pk=deadline.pk).is_open


def test_tasks_add_and_done(client, case, lead, make_member, org_wb):
    colleague = make_member(Role.CASEWORKER, org_wb)
    client.force_login(lead.user)
    url = reverse("cases:case_deadlines", args=[case.pk])
    # Not on the team: refused with a field error.
    response = client.post(url, {"task-title": "Visit", "task-assignee": colleague.user.pk})
    assert response.status_code == 200 and not Task.objects.exists()
    services.team_add(actor=lead.user, case=case, membership=colleague, role=CaseRole.CASEWORKER)
    response = client.post(url, {"task-title": "Visit", "task-assignee": colleague.user.pk, "task-due_on": days(-2)})
    assert "The due date is in the past" in response.content.decode() and not Task.objects.exists()
    response = client.post(url, {"task-title": "  ", "task-assignee": colleague.user.pk})
    assert not Task.objects.exists()
    client.post(url, {"task-title": "Visit the shelter", "task-assignee": colleague.user.pk, "task-due_on": days(2)})
    task = Task.objects.get()
    assert task.title == "Visit the shelter" and task.assignee == colleague.user
    done_url = reverse("cases:case_task_done", args=[case.pk, task.pk])
    client.post(done_url, {"version": task.version, "done": "on"})
    task.refresh_from_db()
    assert task.is_done and task.done_by == lead.user
    client.post(done_url, {"version": task.version - 1})  # stale page: nothing changes
    task.refresh_from_db()
    assert task.is_done


# --- survivor updates ---------------------------------------------------------------------------


def test_update_draft_in_her_language_and_recording(client, case, lead):
    client.force_login(lead.user)
    url = reverse("cases:case_survivor_updates", args=[case.pk])
    page = client.get(url)
    assert page.context["form"].initial["language"] == case.survivor.preferred_language == "bn"
    assert "আপনার মামলার" in page.content.decode()
    hindi = client.get(url, {"language": "hi", "event": "charges_framed"}).content.decode()
    assert "आरोप तय" in hindi
    response = client.post(
        url,
        {
            "given_on": days(-1).isoformat(),
            "channel": "phone_call",
            "language": "bn",
            "event": "general",
            "message": "Told her the IO will call next week.",
            "response": "She wants to testify by video.",
        },
        follow=True,
    )
    assert "Update recorded" in response.content.decode()
    update = SurvivorUpdate.objects.get()
    assert update.response == "She wants to testify by video."
    due = Deadline.objects.open().get(case=case, rule_code="survivor_update")
    assert due.due_on == days(-1) + datetime.timedelta(days=90)
    assert Deadline.objects.filter(case=case, rule_code="survivor_update", status="met").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"given_on": "FUTURE"}, "given_on"),
        ({"channel": "pigeon"}, "channel"),
        ({"language": "xx"}, "language"),
        ({"message": ""}, "message"),
        ({"event": "moon_landing"}, "event"),
    ],
)
def test_bad_updates_save_nothing(client, case, lead, change, field):
    client.force_login(lead.user)
    data = {"given_on": days(0).isoformat(), "channel": "sms", "language": "hi", "message": "Hello", "event": ""}
    data.update({k: (days(3).isoformat() if v == "FUTURE" else v) for k, v in change.items()})
    response = client.post(reverse("cases:case_survivor_updates", args=[case.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not SurvivorUpdate.objects.exists()


def test_coordinator_does_not_see_what_she_was_told(client, case, lead, coordinator):
    services.survivor_update_record(
        actor=lead.user, case=case, given_on=days(0), channel="sms", language="hi", message="SECRET-MESSAGE"
    )
    client.force_login(coordinator.user)
    assert client.get(reverse("cases:case_survivor_updates", args=[case.pk])).status_code == 404
    timeline = client.get(reverse("cases:case_timeline", args=[case.pk])).content.decode()
    assert "SECRET-MESSAGE" not in timeline and "She was told" in timeline


# --- rules and calendars ------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator.user)
    return client


def rule_post(**changes):
    data = {
        "name": "Chargesheet (offences of 10 years or more)",
        "trigger": "arrest",
        "offset_amount": "90",
        "offset_unit": "days",
        "day_count": "calendar",
        "calendar_kind": "court",
        "responsible_role": "lead_caseworker",
        "reminder_days": "21, 7",
        "escalation_steps": "0:lead_caseworker, 7:coordinator",
        "legal_source": "BNSS 187(3)",
        "source_kind": "law",
        "procedure": "any",
        "effective_from": days(30).isoformat(),
        "is_active": "on",
        "reason": "Test: a new version",
    }
    data.update(changes)
    return data


def test_coordinator_adds_a_rule_version(coordinator_client, case, lead):
    old = make_overdue(case, lead.user, code="chargesheet_90", days_ago=10)
    url = reverse("work:deadline_rule_detail", args=["chargesheet_90"])
    assert coordinator_client.get(reverse("work:deadline_rules")).status_code == 200
    response = coordinator_client.post(url, rule_post(offset_amount="100"), follow=True)
    assert "New version saved" in response.content.decode()
    new = DeadlineRule.objects.get(code="chargesheet_90", effective_from=days(30))
    assert new.offset_amount == 100 and new.reminder_days == [21, 7]
    assert new.escalation_steps == [
        {"after_days": 0, "notify": "lead_caseworker"},
        {"after_days": 7, "notify": "coordinator"},
    ]
    assert Deadline.objects.get(pk=old.pk).due_on == old.due_on  # computed deadlines keep their dates


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"offset_amount": "-5"}, "offset_amount"),
        ({"offset_amount": "0"}, "offset_amount"),
        ({"calendar_kind": "moon"}, "calendar_kind"),
        ({"trigger": "eclipse"}, "trigger"),
        ({"reminder_days": "seven"}, "reminder_days"),
        ({"escalation_steps": "0:police"}, "escalation_steps"),
        ({"effective_from": "1974-04-01"}, "effective_from"),  # the day the shipped version starts
        ({"offset_unit": "months", "day_count": "working"}, "day_count"),
        ({"legal_source": ""}, "legal_source"),
    ],
)
def test_bad_rule_versions_are_refused(coordinator_client, change, field):
    before = DeadlineRule.objects.count()
    response = coordinator_client.post(
        reverse("work:deadline_rule_detail", args=["chargesheet_90"]), rule_post(**change)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert DeadlineRule.objects.count() == before


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ORG_ADMIN, Role.LAWYER])
def test_rules_and_calendars_are_for_coordinators(client, make_member, org_wb, role):
    client.force_login(make_member(role, org_wb).user)
    # Every member reads the rules (where a date comes from); only coordinators change them.
    assert client.get(reverse("work:deadline_rules")).status_code == 200
    assert client.get(reverse("work:deadline_rule_detail", args=["chargesheet_90"])).status_code == 200
    for url in (
        reverse("work:holiday_calendars"),
        reverse("work:holiday_calendar_detail", args=["wb-court"]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("work:deadline_rule_detail", args=["chargesheet_90"]), rule_post()).status_code == 403


def test_unknown_rule_or_calendar_is_404(coordinator_client):
    assert coordinator_client.get(reverse("work:deadline_rule_detail", args=["no-such-rule"])).status_code == 404
    assert coordinator_client.get(reverse("work:holiday_calendar_detail", args=["zz-court"])).status_code == 404
    assert (
        coordinator_client.get(reverse("work:holiday_calendar_detail", args=["wb-court"]), {"year": "x"}).status_code
        == 200
    )


def test_holiday_upload(coordinator_client):
    url = reverse("work:holiday_calendars")
    good = SimpleUploadedFile("h.csv", b"calendar,date,name\nwb-court,2028-01-23,Netaji Jayanti\n")
    response = coordinator_client.post(url, {"file": good}, follow=True)
    assert "1 new holidays loaded" in response.content.decode()
    bad = SimpleUploadedFile("h.csv", b"calendar,date,name\nwb-court,2028-01-24,Fine\nzz-court,2028-01-25,Bad\n")
    response = coordinator_client.post(url, {"file": bad})
    assert "unknown calendar" in response.content.decode()
    assert not Holiday.objects.filter(date=datetime.date(2028, 1, 24)).exists()
    binary = SimpleUploadedFile("h.csv", b"\xff\xfe\x00garbage")
    assert "UTF-8" in coordinator_client.post(url, {"file": binary}).content.decode()


def test_scan_then_the_bell_shows_the_count(client, case, lead):
    make_overdue(case, lead.user)
    deadline_scan()
    client.force_login(lead.user)
    assert 'class="bell-count">1<' in client.get(reverse("home")).content.decode()
