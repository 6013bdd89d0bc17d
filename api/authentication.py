"""Who is calling: a personal token (`Authorization: Bearer nyk_…`) or the browser's signed-in session.

A token that is unknown, revoked or expired, or whose person's account is no longer active, is
refused with 401 and says which; nothing else about the person or her cases is disclosed.
"""

from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .tokens import token_for, token_used


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Unknown token.")) from None
        token = token_for(raw)
        if token is None:
            raise AuthenticationFailed(_("Unknown token."))
        if token.revoked_at is not None:
            raise AuthenticationFailed(_("This token was revoked."))
        if token.is_expired:
            raise AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("This account is not active."))
        token_used(token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="nyaya"'


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser's session (the documentation page tries the API with it). The second sign-in
    step is enforced before any view by consortium.mfa.MfaRequiredMiddleware; CSRF is checked on
    writes, as on every form."""
