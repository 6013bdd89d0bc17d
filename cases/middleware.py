"""Writes the access log for every page, by the name of its URL (the rules: cases.audit).

A case page first resolves the case through the visibility selector (cases.web.case_or_404,
which logs a denial itself when the case is not visible) and remembers it, with the person's
access to it, on the request. When the answer is ready this middleware logs it once: a case
page shown, a list of cases shown, or a refusal (403 or 404, on a case page or any other page).
"""

from .audit import access_log_page

REQUEST_ATTRIBUTE = "nyaya_case"
ACCESS_ATTRIBUTE = "nyaya_case_access"


def remember_case(request, case, access=None) -> None:
    setattr(request, REQUEST_ATTRIBUTE, case)
    setattr(request, ACCESS_ATTRIBUTE, access)


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Written after the view, outside its work: a refusal rolls nothing of it back. If the
        # log cannot be written the page fails (a read that cannot be logged is not served).
        access_log_page(
            request,
            response,
            case=getattr(request, REQUEST_ATTRIBUTE, None),
            access=getattr(request, ACCESS_ATTRIBUTE, None),
        )
        return response


# The name settings.MIDDLEWARE knows it by (it logged only refusals at first).
RefusedCaseActionLogMiddleware = AccessLogMiddleware
