"""Logs refusals on a case the person can see but may not act on in that way.

A case page first resolves the case through the visibility selector (views._case_or_404,
which logs a denial itself when the case is not visible) and remembers it on the request.
If the view then refuses (Http404 from permissions.require or a missing sub-object), the
refusal is written to the access log here, once, for every case page of every app.
"""

from django.http import Http404

from .audit import access_log_record
from .models import AccessLogEntry

REQUEST_ATTRIBUTE = "nyaya_case"


def remember_case(request, case) -> None:
    setattr(request, REQUEST_ATTRIBUTE, case)


class RefusedCaseActionLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        case = getattr(request, REQUEST_ATTRIBUTE, None)
        if case is not None and isinstance(exception, Http404):
            match = request.resolver_match
            access_log_record(
                request=request,
                action=AccessLogEntry.Action.DENIED,
                case=case,
                target=f"refused: {match.url_name if match else request.path}",
            )
        return None
