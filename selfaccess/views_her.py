"""Her pages: her case in plain words (home), her language, and the quick exit.

Only a signed-in survivor reaches these (request.survivor_account, set by session.SelfAccessMiddleware
from her session): anyone else is sent to the sign-in page, /my/, and shown nothing. Everything on
the page comes from her own case (selectors.her_view); each read is in the access log.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET

from cases.audit import access_log_record
from cases.models import AccessLogEntry

from . import session
from .models import LANGUAGE_NAMES
from .requests import her_requests
from .selectors import her_language, her_view


def _signed_in_account(request):
    return getattr(request, "survivor_account", None)


@require_GET
def home(request):
    """Her page: where each part of her case stands, in her language."""
    account = _signed_in_account(request)
    if account is None:
        return redirect("selfaccess:her_start")
    language = her_language(account)
    with translation.override(language):
        view = her_view(account, language)
        access_log_record(request=request, action=AccessLogEntry.Action.SELF_VIEW, case=account.case, target="her page")
        context = {"view": view, "languages": LANGUAGE_NAMES, "her_requests": her_requests(account)}
        return render(request, "selfaccess/her/home.html", context)


@require_GET
def leave(request):
    """ "Leave quickly": the session ends and the browser goes to a neutral page. A plain link (no
    JavaScript needed); her pages are not cached, so Back shows nothing of them. A staff session that
    follows the link is left alone."""
    if session.is_hers(request):
        session.end(request)
    return HttpResponseRedirect(settings.SELF_ACCESS_EXIT_URL)
