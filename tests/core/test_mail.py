"""Emails a task may send twice carry the same Message-ID both times (core/mail.py)."""

import pytest
from django.core import mail

from consortium.models import Role
from consortium.tasks import send_invitation_email, send_notification_email
from core.mail import message_id

pytestmark = pytest.mark.django_db


def test_the_message_id_is_made_from_the_key_and_the_site_s_host(settings):
    settings.SITE_URL = "https://nyaya.example.org"
    one = message_id("task:abc")
    assert one == message_id("task:abc") != message_id("task:abd")
    assert one.startswith("<") and one.endswith("@nyaya.example.org>")
    assert "abc" not in one  # a hash: the key (ids) is not readable in the header


def test_a_task_run_again_sends_under_the_same_message_id(make_member, org_wb):
    """The same task id (Celery's redelivery after a lost worker, or a retry) gives the same
    Message-ID; another task, another one."""
    member = make_member(Role.CASEWORKER, org_wb)
    mail.outbox.clear()
    for task_id in ("t-1", "t-1", "t-2"):
        assert send_notification_email.apply(
            kwargs={"user_id": member.user.pk, "subject": "Nyaya: a reminder", "body": "Open Nyaya."}, task_id=task_id
        ).get()
    first, again, other = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == again != other
    assert [m.subject for m in mail.outbox] == ["Nyaya: a reminder"] * 3
    mail.outbox.clear()
    for task_id in ("i-1", "i-1"):
        assert send_invitation_email.apply(kwargs={"membership_id": member.pk}, task_id=task_id).get()
    assert len({m.message()["Message-ID"] for m in mail.outbox}) == 1 and len(mail.outbox) == 2
