"""Background jobs for the consortium app. Run by Celery, eagerly when no broker is set."""

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from core.mail import send_once

RETRYABLE = (SMTPException, ConnectionError, TimeoutError)


def _key(task) -> str | None:
    """The task's id: the same when the task runs again (a redelivery, a retry), so is the Message-ID."""
    task_id = getattr(task.request, "id", None)
    return f"task:{task_id}" if task_id else None


@shared_task(bind=True, autoretry_for=RETRYABLE, retry_backoff=True, max_retries=5)
def send_notification_email(self, *, user_id: int, subject: str, body: str) -> bool:
    """Email one person. Callers keep survivor identity out of subject and body.

    Returns False (and sends nothing) when the person has no email address.
    """
    from .models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    send_once(subject, body, [user.email], key=_key(self))
    return True


@shared_task(bind=True, autoretry_for=RETRYABLE, retry_backoff=True, max_retries=5)
def send_invitation_email(self, *, membership_id: int) -> bool:
    """Send a new member the link where she chooses her password."""
    from .models import Membership

    membership = Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    if membership is None or not membership.user.email:
        return False
    user = membership.user
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("consortium:invitation_accept", kwargs={"uidb64": uidb64, "token": token})
    context = {
        "user": user,
        "organisation": membership.organisation,
        "role": membership.get_role_display(),
        "link": f"{settings.SITE_URL}{path}",
        "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    with override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("consortium/email/invitation_subject.txt", context).strip()
        body = render_to_string("consortium/email/invitation_body.txt", context)
    send_once(subject, body, [user.email], key=_key(self))
    return True
