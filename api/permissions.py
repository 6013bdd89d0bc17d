"""What a caller may do at all: signed in, and a read-only token only reads.

What she may do on a case is decided by the case hub (cases.permissions.CaseAccess) in the
services and selectors the API calls, exactly as for the web pages."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ApiToken


class TokenScopeAllows(BasePermission):
    message = _("This token is read only: make a read-and-write token to change records.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        if isinstance(token, ApiToken) and request.method not in SAFE_METHODS:
            # A view whose POST only reads (a search posted so a name stays out of the address).
            return token.allows_writes or (request.method == "POST" and getattr(view, "read_only_post", False))
        return True
