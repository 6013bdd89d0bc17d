"""The sign-in security trail and the rate limits read from it.

Every event is a SecurityEvent row (who, from which address, when; never a code, a
password or an email address) and one line on the `nyaya.security` logger with ids only.
The same rows count recent requests per client address, so the limits hold across
every web worker and survive restarts (the default cache is per process).
"""

import logging
from datetime import timedelta

from django.utils import timezone

from .models import SecurityEvent

logger = logging.getLogger("nyaya.security")

Kind = SecurityEvent.Kind

# Refusals and failures are warnings; the rest is the ordinary trail.
WARNING_KINDS = {
    Kind.MFA_FAILED,
    Kind.MFA_REPLAYED,
    Kind.MFA_THROTTLED,
    Kind.MFA_LOCKED_OUT,
    Kind.PASSWORD_RESET_REFUSED,
    Kind.TOKEN_INVALID,
    Kind.TOKEN_REFUSED,
}


def client_ip(request) -> str | None:
    # REMOTE_ADDR only, as in the access log (cases/audit.py): a forwarded-for header is the
    # client's to forge. Behind a proxy, the proxy sets REMOTE_ADDR (gunicorn --forwarded-allow-ips).
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def security_event_record(
    *, kind: str, request=None, user=None, actor=None, organisation=None, ip_address: str | None = None
) -> SecurityEvent:
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        actor=actor,
        organisation=organisation,
        ip_address=ip_address if ip_address is not None else client_ip(request),
    )
    logger.log(
        logging.WARNING if kind in WARNING_KINDS else logging.INFO,
        "security event %s user=%s actor=%s",
        kind,
        getattr(user, "pk", None),
        getattr(actor, "pk", None),
    )
    return event


def recent_event_count(*, kinds: list[str], ip_address: str | None = None, user=None, hours: int = 1) -> int:
    since = timezone.now() - timedelta(hours=hours)
    events = SecurityEvent.objects.filter(kind__in=kinds, at__gte=since)
    if ip_address is not None:
        events = events.filter(ip_address=ip_address)
    if user is not None:
        events = events.filter(user=user)
    return events.count()
