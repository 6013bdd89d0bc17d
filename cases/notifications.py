"""Notifications: one row per person in the app (the bell), and emails as each person prefers.

Emails are never sent one per notification from a scan: `notification_emails_send`
gathers each person's unsent notifications into one message ("3 reminders and an
escalation"), right after a scan for people who want them as they happen, once a day
for people who chose a daily summary. Nothing about the survivor's identity is in a
notification: the case reference, what is due and a link.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from consortium.models import User
from core.mail import send_once

from .models import Notification
from .selectors import case_list_visible_to

EMAIL_BATCH = 200
logger = logging.getLogger(__name__)


def notify(
    *,
    users,
    title: str | Callable[[], str],
    body: str | Callable[[], str] = "",
    url: str = "",
    case=None,
    deadline=None,
    kind=Notification.Kind.INFO,
):
    """Tell these people something (in the app now; by email with the next sending round).

    Give `title` and `body` as functions (`lambda: _("...") % {...}`) and each person gets them in
    the language kept on her account; plain strings are stored as given."""
    user_ids = {getattr(u, "pk", u) for u in users}
    languages = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "preferred_language")) if user_ids else {}
    said: dict[str, tuple[str, str]] = {}

    def in_language(language: str) -> tuple[str, str]:
        if language not in said:
            with override(language):
                said[language] = (str(title() if callable(title) else title), str(body() if callable(body) else body))
        return said[language]

    rows = []
    for user_id in user_ids:
        text_title, text_body = in_language(languages.get(user_id) or settings.LANGUAGE_CODE)
        rows.append(
            Notification(
                user_id=user_id,
                case=case,
                deadline=deadline,
                kind=kind,
                title=text_title[:200],
                body=text_body,
                url=url[:300],
            )
        )
    Notification.objects.bulk_create(rows)
    pending = transaction.get_connection().run_on_commit
    if rows and not any(func is _queue_immediate_emails for _ids, func, _robust in pending):
        # One sending round per transaction, however many notifications it made. (A rolled-back
        # savepoint drops its hooks, so the check never skips a round that would not run.)
        transaction.on_commit(_queue_immediate_emails)
    return rows


def _queue_immediate_emails():
    from .tasks import send_notification_emails

    try:
        send_notification_emails.delay(frequency=User.EmailFrequency.IMMEDIATE)
    except Exception:  # noqa: BLE001 - eager mode runs the task here; the mail server may be down
        # The notifications are saved and not marked emailed: the next round (after each deadline
        # scan) sends them. A person's action must not fail because email is unreachable.
        logger.warning("Notification emails could not be sent now; they will be retried.", exc_info=True)


def notification_list_for(user):
    """Her notifications, without those about a case she can no longer see.

    Visibility is asked of each notification's case (a correlated EXISTS: an index probe per
    notification of hers), not by listing every case she may see and looking the notification up
    in it: that list is read on every page for the bell, and at 100,000 cases it made a caseworker's
    bell count cost about 100 ms of SQL (and a coordinator's 130), however few notifications she had."""
    visible = Exists(case_list_visible_to(user).filter(pk=OuterRef("case_id")))
    return Notification.objects.filter(user=user).filter(Q(case__isnull=True) | visible)


def unread_count(user) -> int:
    return notification_list_for(user).filter(read_at__isnull=True).count()


def notification_mark_read(*, user, notification_ids=None) -> int:
    notifications = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        notifications = notifications.filter(pk__in=notification_ids)
    return notifications.update(read_at=timezone.now())


def notification_emails_send(*, frequency: str) -> int:
    """Email each person who chose `frequency` her notifications not emailed yet; returns emails sent."""
    sent = 0
    if frequency == User.EmailFrequency.NEVER:
        frequency = None  # nobody is emailed; their notifications are only marked handled below
    users = (
        User.objects.filter(is_active=True, email_notifications=frequency)
        .exclude(email="")
        .filter(notifications__emailed_at__isnull=True)
        .distinct()
        .order_by("pk")
    )
    for user in users.iterator(chunk_size=EMAIL_BATCH):
        sent += _email_one(user)
    # People who want no email: their notifications count as handled.
    Notification.objects.filter(emailed_at__isnull=True, user__email_notifications=User.EmailFrequency.NEVER).update(
        emailed_at=timezone.now()
    )
    return sent


@transaction.atomic
def _email_one(user) -> int:
    pending = list(
        notification_list_for(user)
        .select_for_update(of=("self",))
        .filter(emailed_at__isnull=True)
        .order_by("created_at", "pk")[:100]
    )
    # Notifications of cases she no longer sees are never emailed.
    Notification.objects.filter(user=user, emailed_at__isnull=True).exclude(pk__in=[n.pk for n in pending]).update(
        emailed_at=timezone.now()
    )
    if not pending:
        return 0
    with override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {"user": user, "notifications": pending, "site_url": settings.SITE_URL}
        subject = (
            _("Nyaya: %(title)s") % {"title": pending[0].title}
            if len(pending) == 1
            else _("Nyaya: %(count)d reminders and alerts") % {"count": len(pending)}
        )
        body = render_to_string("cases/email/notifications.txt", context)
    # A run again after its worker died sends the same notifications under the same Message-ID.
    send_once(subject, body, [user.email], key=f"digest:{user.pk}:" + ",".join(str(n.pk) for n in pending))
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return 1
