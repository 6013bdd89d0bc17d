"""Her signed-in state, kept in the session (no Django user: she is not staff), and the middleware
that keeps her to her own pages.

- Her pages live under PREFIX. A session that holds her account (or is half-way through signing
  in) gets a 404 for every other path: no staff page, no other case, whatever the URL.
- Each request re-reads her account: suspended, or her consent no longer in force, and the session
  ends at once (suspension takes effect at the next request).
- Short sessions: IDLE_SECONDS without a request, or ABSOLUTE_SECONDS in all, and she signs in again.
- Her pages are never cached (no-store), send no referrer, and are not indexed.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

PREFIX = "/my/"
ACCOUNT_KEY = "selfaccess.account"
PENDING_KEY = "selfaccess.pending"  # the code was right: the PIN (or choosing one) comes next
OTP_KEY = "selfaccess.otp"  # the PIN was right: the one-time code by SMS comes next
STARTED_KEY = "selfaccess.started"
SEEN_KEY = "selfaccess.seen"
HER_KEYS = (ACCOUNT_KEY, PENDING_KEY, OTP_KEY, STARTED_KEY, SEEN_KEY)

# Paths a signed-in survivor's browser may still fetch outside her pages: static files (her page's
# stylesheet and icon) and the favicon.
OUTSIDE_ALLOWED = ("/static/", "/favicon.ico")


def idle_seconds() -> int:
    return getattr(settings, "SELF_ACCESS_IDLE_SECONDS", 600)


def absolute_seconds() -> int:
    return getattr(settings, "SELF_ACCESS_ABSOLUTE_SECONDS", 3600)


def begin_pending(request: HttpRequest, account, key: str = PENDING_KEY) -> None:
    """A step of signing in passed: a new session (no fixation; a staff sign-in in this browser ends)."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        logout(request)
    for name in HER_KEYS:
        request.session.pop(name, None)
    request.session.cycle_key()
    request.session[key] = account.pk
    request.session[STARTED_KEY] = request.session[SEEN_KEY] = int(time.time())


def begin(request: HttpRequest, account) -> None:
    """She is signed in (code, PIN and, when asked for, the SMS code all passed)."""
    begin_pending(request, account, ACCOUNT_KEY)


def end(request: HttpRequest) -> None:
    """Signed out: the whole session goes (her language choice too: nothing is left behind)."""
    request.session.flush()


def pending_account_id(request: HttpRequest, key: str = PENDING_KEY) -> int | None:
    return request.session.get(key)


def is_hers(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return session is not None and any(session.get(k) for k in (ACCOUNT_KEY, PENDING_KEY, OTP_KEY))


def _expired(request: HttpRequest) -> bool:
    now = int(time.time())
    seen = request.session.get(SEEN_KEY) or 0
    started = request.session.get(STARTED_KEY) or 0
    return now - seen > idle_seconds() or now - started > absolute_seconds()


class SelfAccessMiddleware:
    """After sessions and authentication (settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .models import SurvivorAccount
        from .services import account_usable

        request.survivor_account = None  # type: ignore[attr-defined]  # set here for every view
        path = request.path_info
        mine = path.startswith(PREFIX)
        if is_hers(request):
            if not mine and not path.startswith(OUTSIDE_ALLOWED):
                return private(not_found(request))
            if _expired(request):
                end(request)
            else:
                account_id = request.session.get(ACCOUNT_KEY)
                if account_id:
                    account = (
                        SurvivorAccount.objects.select_related("case__survivor", "case__lead_organisation")
                        .filter(pk=account_id)
                        .first()
                    )
                    if account is None or not account_usable(account):
                        end(request)
                    else:
                        request.survivor_account = account  # type: ignore[attr-defined]
                request.session[SEEN_KEY] = int(time.time())
        response = self.get_response(request)
        return private(response) if mine else response


def private(response: HttpResponse) -> HttpResponse:
    """Kept by no browser or proxy cache, no referrer sent to another site, not indexed. "same-origin",
    not "no-referrer": with no-referrer a browser sends `Origin: null` with her forms' POSTs, and
    Django's CSRF check refuses every one (403)."""
    response["Cache-Control"] = "no-store, max-age=0"
    response["Pragma"] = "no-cache"
    response["Expires"] = "0"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def not_found(request: HttpRequest) -> HttpResponse:
    """Her 404: the same neutral page for a staff page, another case, or a path that does not exist."""
    response = TemplateResponse(request, "selfaccess/her/not_found.html", status=404)
    response.render()
    return response
