"""Deadlines, tasks and notifications through the API: as the Deadlines tab, "My work" and the
notifications page show them, written by the same services."""

import datetime

import pytest
from django.utils import timezone

from cases import services
from cases.deadlines import deadline_start
from cases.models import CaseEvent, Deadline, Notification, Task
from tests.api.helpers import api_client, url
from tests.cases.helpers import open_survivor_case

pytestmark = pytest.mark.django_db


def started(case, actor, code, *, days_ago=20, subject="s:1", title=None):
    return deadline_start(
        case=case,
        rule_code=code,
        trigger_at=timezone.now() - datetime.timedelta(days=days_ago),
        subject=subject,
        actor=getattr(actor, "user", actor),
        title=title or f"{code} on {case.reference}",
    )


def test_the_deadlines_tab_hides_care_records_from_a_supporting_leader(case, lead, leader):
    medical = started(case, lead, "medical_examination")
    bail = started(case, lead, "bail_decision")
    seen_by_lead = {d["id"] for d in api_client(lead).get(url(f"cases/{case.pk}/deadlines/")).json()}
    response = api_client(leader).get(url(f"cases/{case.pk}/deadlines/"))
    assert response.status_code == 200
    seen_by_leader = {d["id"] for d in response.json()}
    assert {medical.pk, bail.pk} <= seen_by_lead
    assert bail.pk in seen_by_leader and medical.pk not in seen_by_leader


def test_someone_outside_the_case_gets_404(case, outsider):
    assert api_client(outsider).get(url(f"cases/{case.pk}/deadlines/")).status_code == 404
    assert api_client(outsider).get(url(f"cases/{case.pk}/tasks/")).status_code == 404


def test_closing_a_deadline_by_hand_is_recorded_with_its_reason(case, lead):
    deadline = started(case, lead, "bail_decision")
    body = {"version": deadline.version, "reason": "Bail heard in another court"}
    response = api_client(lead).post(url(f"cases/{case.pk}/deadlines/{deadline.pk}/close/"), body, format="json")
    assert response.status_code == 200, response.json()
    deadline.refresh_from_db()
    assert (deadline.status, deadline.close_reason) == (Deadline.Status.CLOSED, "Bail heard in another court")
    assert response.json()["status"] == "closed"
    assert CaseEvent.objects.filter(case=case, data__deadline=deadline.pk, data__action="closed").exists()


@pytest.mark.parametrize("body, field", [({"reason": "no"}, "reason"), ({"reason": "A good reason"}, "version")])
def test_a_close_without_a_reason_or_version_is_refused(case, lead, body, field):
    deadline = started(case, lead, "bail_decision")
    response = api_client(lead).post(url(f"cases/{case.pk}/deadlines/{deadline.pk}/close/"), body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OPEN


def test_a_stale_close_is_a_conflict(case, lead):
    deadline = started(case, lead, "bail_decision")
    body = {"version": deadline.version + 1, "reason": "Bail heard in another court"}
    response = api_client(lead).post(url(f"cases/{case.pk}/deadlines/{deadline.pk}/close/"), body, format="json")
    assert response.status_code == 409
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OPEN


def test_a_leader_may_not_close_a_deadline(case, lead, leader):
    deadline = started(case, lead, "bail_decision")
    body = {"version": deadline.version, "reason": "Bail heard in another court"}
    response = api_client(leader).post(url(f"cases/{case.pk}/deadlines/{deadline.pk}/close/"), body, format="json")
    assert response.status_code == 404
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OPEN


def test_my_deadlines_are_mine_on_cases_i_see_filtered_and_paged(case, lead, outsider):
    overdue = started(case, lead, "bail_decision", title="Overdue thing")
    later = started(case, lead, "copies_supplied", days_ago=1, subject="t", title="Later thing")
    other_case = open_survivor_case(outsider, survivor={"phone_numbers": ["9000011111"]})
    theirs = started(other_case, outsider, "bail_decision", title="Invisible thing")
    client = api_client(lead)
    response = client.get(url("deadlines/"), {"status": "open", "page_size": 1})
    assert response.status_code == 200
    page = response.json()
    first_id = page["results"][0]["id"]
    second = client.get(page["next"]).json()["results"]
    ids = {first_id} | {d["id"] for d in second}
    everything = {d["id"] for d in client.get(url("deadlines/"), {"page_size": 200}).json()["results"]}
    assert overdue.pk in everything and later.pk in everything and theirs.pk not in everything
    assert len(ids) == 2
    before = client.get(url("deadlines/"), {"due_before": overdue.due_on.isoformat()}).json()["results"]
    assert overdue.pk in {d["id"] for d in before} and later.pk not in {d["id"] for d in before}
    assert client.get(url("deadlines/"), {"due_after": "not a day"}).status_code == 400


def test_tasks_are_added_for_the_team_and_marked_done(case, lead):
    client = api_client(lead)
    body = {"title": "Call the IO", "assignee": lead.user.pk}
    response = client.post(url(f"cases/{case.pk}/tasks/"), body, format="json")
    assert response.status_code == 201, response.json()
    task = Task.objects.get(case=case)
    assert task.title == "Call the IO" and task.assignee == lead.user
    assert [t["id"] for t in client.get(url(f"cases/{case.pk}/tasks/")).json()] == [task.pk]
    done = client.post(
        url(f"cases/{case.pk}/tasks/{task.pk}/done/"), {"version": task.version, "done": True}, format="json"
    )
    assert done.status_code == 200, done.json()
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == lead.user


def test_a_task_for_someone_off_the_team_is_refused(case, lead, outsider):
    body = {"title": "Call the IO", "assignee": outsider.user.pk}
    response = api_client(lead).post(url(f"cases/{case.pk}/tasks/"), body, format="json")
    assert response.status_code == 400 and "assignee" in response.json()["errors"]
    assert not Task.objects.filter(case=case).exists()


def test_a_stale_task_is_a_conflict(case, lead):
    task = services.task_add(actor=lead.user, case=case, title="Call the IO", assignee=lead.user)
    body = {"version": task.version + 1, "done": True}
    response = api_client(lead).post(url(f"cases/{case.pk}/tasks/{task.pk}/done/"), body, format="json")
    assert response.status_code == 409
    task.refresh_from_db()
    assert task.done_at is None


def test_a_coordinator_sees_no_tasks(case, coordinator):
    assert api_client(coordinator).get(url(f"cases/{case.pk}/tasks/")).status_code == 404


def test_notifications_are_hers_and_marked_read(case, lead, leader):
    services.task_add(actor=lead.user, case=case, title="Call the IO", assignee=leader.user)
    client = api_client(leader)
    unread = client.get(url("notifications/"), {"unread": "true"}).json()["results"]
    assert len(unread) == 1 and unread[0]["case"] == case.pk
    assert api_client(lead).get(url("notifications/")).json()["results"] == []
    response = client.post(url("notifications/read/"), {"notifications": [unread[0]["id"]]}, format="json")
    assert response.status_code == 200 and response.json() == {"marked": 1}
    assert Notification.objects.get(pk=unread[0]["id"]).read_at is not None
    assert client.get(url("notifications/"), {"unread": "true"}).json()["results"] == []


def test_marking_read_refuses_bad_ids_and_changes_nothing(case, lead, leader):
    services.task_add(actor=lead.user, case=case, title="Call the IO", assignee=leader.user)
    response = api_client(leader).post(url("notifications/read/"), {"notifications": ["x"]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"notifications.0": ["A valid integer is required."]}
    assert Notification.objects.filter(user=leader.user, read_at__isnull=True).count() == 1
