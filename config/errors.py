"""Error pages that never show details: no paths, ids or values from the request.

Under /api/ the same refusals are JSON, in the API's one error body (api/errors.py), so a program
gets `{"code": "not_found", ...}` for an address no endpoint answers exactly as for a record it may
not see."""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
# Her own page (selfaccess): its refusals look like the rest of it (a neutral title, nothing that
# says what the site is for), whoever's session it is.
HER_PREFIX = "/my/"


def _her_error(request, status: int, template: str):
    if not request.path.startswith(HER_PREFIX):
        return None
    from selfaccess.session import private

    return private(render(request, template, status=status))


def _api_error(request, status: int, code: str, detail: str):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"code": code, "detail": detail}, status=status)
    return None


def permission_denied(request, exception=None):
    return (
        _her_error(request, 404, "selfaccess/her/not_found.html")
        or _api_error(request, 403, "permission_denied", _("You do not have permission to perform this action."))
        or (render(request, "errors/403.html", status=403))
    )


def page_not_found(request, exception=None):
    from rest_framework.exceptions import NotFound

    return (
        _her_error(request, 404, "selfaccess/her/not_found.html")
        or _api_error(request, 404, "not_found", str(NotFound.default_detail))
        or render(request, "errors/404.html", status=404)
    )


def server_error(request):
    api = _api_error(request, 500, "server_error", _("Something went wrong on our side; nothing was shown."))
    if api is not None:
        return api
    if request.path.startswith(HER_PREFIX):  # her page's own, in her three languages, as plain as the rest
        return HttpResponseServerError(loader.get_template("selfaccess/her/500.html").render())
    # No context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    """A form sent from a page kept open too long (its security token expired). On her page: her
    neutral page saying so, in her language; elsewhere Django's own."""
    from django.views.csrf import csrf_failure as django_csrf_failure

    return _her_error(request, 403, "selfaccess/her/expired.html") or django_csrf_failure(request, reason)
