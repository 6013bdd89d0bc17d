"""How long a session lives, and ending all of a person's sessions at once.

- Idle: 30 minutes without a request (SESSION_COOKIE_AGE); 15 for anyone who is a
  coordinator, an organisation admin or a superuser (SESSION_IDLE_SECONDS_PRIVILEGED),
  because they see more.
- Absolute: 12 hours after login (SESSION_ABSOLUTE_SECONDS), however active.
- Activity is stamped in the session at most once a minute (SESSION_ACTIVITY_WRITE_SECONDS), so
  most requests write nothing; the stamp can be that much behind her last request, so she may be
  logged out up to a minute early, never late. Each stamp also renews the stored session's expiry
  and counts the navigation's badges again (core/navigation.py).
- Login gives a new session id (Django's login cycles the key); so does the second step.
- "Log out everywhere" raises the person's User.session_generation, which is part of the
  auth hash Django checks on every request: every session of hers ends at its next request.

Consortium practice: shared office computers and phones that change hands.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from core.navigation import forget_nav_counts

from .models import Role, SecurityEvent, User
from .security import security_event_record

LOGIN_AT_KEY = "nyaya_login_at"
LAST_SEEN_KEY = "nyaya_last_seen"
PRIVILEGED_ROLES = {Role.COORDINATOR, Role.ORG_ADMIN}


@receiver(user_logged_in, dispatch_uid="consortium.sessions.stamp_login")
def _stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT_KEY] = now
        request.session[LAST_SEEN_KEY] = now


def idle_limit_seconds(request) -> int:
    user = request.user
    memberships = getattr(request, "memberships", None) or []
    if user.is_superuser or any(m.role in PRIVILEGED_ROLES for m in memberships):
        return min(settings.SESSION_IDLE_SECONDS_PRIVILEGED, settings.SESSION_COOKIE_AGE)
    return settings.SESSION_COOKIE_AGE


def session_end_reason(request, now: float) -> str | None:
    login_at = request.session.get(LOGIN_AT_KEY)
    last_seen = request.session.get(LAST_SEEN_KEY)
    if not isinstance(login_at, int) or not isinstance(last_seen, int):
        return "unknown"
    if now - login_at > settings.SESSION_ABSOLUTE_SECONDS:
        return "absolute"
    if now - last_seen > idle_limit_seconds(request):
        return "idle"
    return None


class SessionPolicyMiddleware:
    """Ends a session that was idle too long or is older than the absolute limit.

    Runs after CurrentMembershipMiddleware (it reads the person's roles from there, with no
    extra query) and before the second-step check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            reason = session_end_reason(request, now)
            if reason is not None:
                return self._end(request, reason)
            if now - request.session[LAST_SEEN_KEY] >= settings.SESSION_ACTIVITY_WRITE_SECONDS:
                request.session[LAST_SEEN_KEY] = int(now)
                forget_nav_counts(request)  # counted again, kept in the same write (core/navigation.py)
            response = self.get_response(request)
            if request.method == "POST" and (response.status_code in (301, 302, 303) or "HX-Redirect" in response):
                forget_nav_counts(request)  # a saved form: her own change shows on the next page
            return response
        return self.get_response(request)

    def _end(self, request, reason: str):
        security_event_record(kind=SecurityEvent.Kind.SESSION_EXPIRED, request=request, user=request.user)
        minutes = idle_limit_seconds(request) // 60
        logout(request)
        request.memberships, request.membership = [], None
        if reason == "idle":
            text = _("You were logged out after %(minutes)d minutes without activity. Log in again.") % {
                "minutes": minutes
            }
        else:
            text = _("Your session has ended. Log in again.")
        messages.info(request, text)
        path = request.get_full_path() if request.method == "GET" else resolve_url(settings.LOGIN_REDIRECT_URL)
        response = redirect_to_login(path)
        if getattr(request, "htmx", False):
            htmx_response = HttpResponse(status=204)
            htmx_response["HX-Redirect"] = response["Location"]
            return htmx_response
        return response


def logout_everywhere(*, request) -> None:
    """End every session of hers, on every device, this one included."""
    user = request.user
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    security_event_record(kind=SecurityEvent.Kind.LOGOUT_EVERYWHERE, request=request, user=user)
    logout(request)
