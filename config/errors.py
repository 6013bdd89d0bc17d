"""Error pages that never show details: no paths, ids or values from the request.

Under /api/ the same refusals are JSON, in the API's one error body (api/errors.py), so a program
gets `{"code": "not_found", ...}` for an address no endpoint answers exactly as for a record it may
not see."""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _api_error(request, status: int, code: str, detail: str):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"code": code, "detail": detail}, status=status)
    return None


def permission_denied(request, exception=None):
    return _api_error(request, 403, "permission_denied", _("You do not have permission to perform this action.")) or (
        render(request, "errors/403.html", status=403)
    )


def page_not_found(request, exception=None):
    from rest_framework.exceptions import NotFound

    return _api_error(request, 404, "not_found", str(NotFound.default_detail)) or render(
        request, "errors/404.html", status=404
    )


def server_error(request):
    api = _api_error(request, 500, "server_error", _("Something went wrong on our side; nothing was shown."))
    if api is not None:
        return api
    # No context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
