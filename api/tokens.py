"""Personal API tokens: made, found and revoked here (the pages, the command and the API use these).

A token is `nyk_` and 43 random URL-safe characters (256 bits), shown once when it is made. Only
its SHA-256 digest is stored: a token has enough entropy that a fast hash cannot be guessed
backwards, and a lookup by digest is one index read per request (a slow password hash would cost
every API call tens of milliseconds). Its first twelve characters are kept to tell tokens apart.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken

TOKEN_PREFIX = "nyk_"
DEFAULT_DAYS = 90
# A used token's last-used time is written at most once a minute (a row write per call was wasteful).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def token_create(*, actor, user, name: str, scope: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token for `user` (herself, or an administrator on the command line): the row and the
    token, which is shown once and cannot be read back."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Say what the token is for.")
    elif len(name) > 80:
        errors["name"] = _("Keep the name under 80 characters.")
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Choose read only, or read and write.")
    if not isinstance(days, int) or not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        errors["days"] = _("A token lives between 1 and %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS}
    if not user.is_active:
        errors["user"] = _("This account is not active.")
    if errors:
        raise ValidationError(errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:12],
        sha256=token_digest(raw),
        scope=scope,
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, raw


def token_for(raw: str) -> ApiToken | None:
    """The token row for a presented token (usable or not), or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    return ApiToken.objects.select_related("user").filter(sha256=token_digest(raw)).first()


def token_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoked at once: the next call with it is refused (401). Her own tokens, any as superuser, or
    any from the server's command line (`actor=None`)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if actor is not None and token.user_id != actor.pk and not actor.is_superuser:
        raise ValidationError(_("You can revoke only your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def tokens_of(user):
    return ApiToken.objects.filter(user=user)
