"""What every API view shares: the access log, the case from the visibility selector, paging.

    class FirList(CaseScopedView, generics.ListAPIView):
        log_action = READ_CASE
        def get_queryset(self):
            require(self.access.can_see_investigation)
            return selectors.firs_of(self.case)

- `self.case`, `self.access`: the case re-read through `cases.selectors.case_get_visible` and her
  `CaseAccess`; a case she may not see, or that does not exist, is the same 404.
- One access-log row per call (`finalize_response`): a read as on the web pages (viewed case,
  viewed survivor identity, viewed a list, exported, downloaded), a write or a refused call as
  "API call", a 403/404 as "denied"; the token's prefix in the reason, the URL's name in the
  target, never a name or the query string.
"""

from functools import cached_property

from django.http import Http404
from rest_framework import generics
from rest_framework.views import APIView

from cases.audit import LOGGED_ACTIONS, access_log_record
from cases.models import AccessLogEntry, Case
from cases.permissions import CaseAccess, case_access
from cases.selectors import case_get_visible

from .models import ApiToken
from .paging import Paged  # noqa: F401  (re-exported for the API modules)

Action = AccessLogEntry.Action

# What a successful read is logged as (a view's `log_action`).
READ_CASE = Action.VIEW_CASE
READ_IDENTITY = Action.VIEW_IDENTITY
READ_LIST = Action.VIEW_LIST
EXPORT = Action.EXPORT
DOWNLOAD = Action.DOWNLOAD_DOCUMENT
# Lists of one person's own things (her tokens): nothing of a case is read, not logged.
NOT_LOGGED = None


def _token_reason(request) -> str:
    token = getattr(request, "auth", None)
    return f"API token {token.prefix}" if isinstance(token, ApiToken) else "API, signed-in session"


class LoggedView(APIView):
    """An API view whose every answer to a known caller is written to the access log, once."""

    log_action = READ_CASE
    pagination_class = None

    def log_target(self) -> str:
        match = self.request.resolver_match
        return f"api: {(match.url_name or '').replace('_', ' ')}" if match else "api"

    def logged_case(self):
        """The case the call was about, for the log (also when it was refused)."""
        return self.__dict__.get("case")

    def logged_read_action(self):
        return self.log_action

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        user = getattr(request, "user", None)
        django_request = request._request
        if user is None or not user.is_authenticated or getattr(django_request, LOGGED_ACTIONS, ()):
            return response
        status = response.status_code
        case = self.logged_case()
        if status in (403, 404):
            action = Action.DENIED
            case_id = self.kwargs.get("case_id")
            if case is None and isinstance(case_id, int) and 0 < case_id < 2**63:
                case = Case.objects.filter(pk=case_id).first()
        elif request.method in ("GET", "HEAD") and 200 <= status < 300:
            action = self.logged_read_action()
            if action is None:
                return response
        else:
            action = Action.API_CALL
        target = self.log_target()
        if action == Action.API_CALL:
            target = f"{target} {request.method} {status}"
        access_log_record(
            request=django_request, action=action, case=case, target=target, reason=_token_reason(request)
        )
        return response


class CaseScopedView(LoggedView):
    """A view under /cases/<case_id>/: the case and her access to it, or 404."""

    @cached_property
    def case(self) -> Case:
        case = case_get_visible(self.request.user, self.kwargs["case_id"])
        if case is None:
            raise Http404
        return case

    @cached_property
    def access(self) -> CaseAccess:
        return case_access(self.request.user, self.case)

    def logged_read_action(self):
        action = self.log_action
        if action == READ_IDENTITY and not ("case" in self.__dict__ and self.access.identity_visible):
            return READ_CASE
        return action


class CaseScopedGeneric(CaseScopedView, generics.GenericAPIView):
    """A list or form under a case: `case_queryset()` gives the rows (it may `require(...)` first)."""

    def case_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is being drawn: no request, no case
            return self.get_serializer_class().Meta.model.objects.none()
        return self.case_queryset()
