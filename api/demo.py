"""The demo's API tokens: what the organisation admin's "API tokens" page looks like in use.

Only digests are stored, so no demo token can be used: `admin_wb` sees one token in use for the
monthly report (read only), one revoked after a data-collection pilot (read and write) and one
expired. To call the API in the demo, make a token on the page (the demo's second-step bypass
counts) or with `manage.py api_token create cw_wb --scope read`."""

import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import ApiToken

TOKENS = [
    # name, scope, created days ago, lives days, last used days ago, revoked days ago
    ("Monthly report spreadsheet", ApiToken.Scope.READ, 40, 365, 2, None),
    ("Field survey pilot (KoBo)", ApiToken.Scope.WRITE, 120, 180, 60, 55),
    ("Annual report 2025", ApiToken.Scope.READ, 400, 30, 375, None),
]


def seed_api_tokens(**kwargs) -> dict:
    user = get_user_model().objects.filter(username="admin_wb").first()
    if user is None:
        return {}
    now = timezone.now()
    made = 0
    for name, scope, created, lives, used, revoked in TOKENS:
        if ApiToken.objects.filter(user=user, name=name).exists():
            continue
        # A digest of nothing anyone holds: the row cannot be used as a token.
        digest = hashlib.sha256(f"demo token that nobody holds: {name}".encode()).hexdigest()
        created_at = now - datetime.timedelta(days=created)
        ApiToken.objects.create(
            user=user,
            name=name,
            prefix="nyk_demo" + digest[:4],
            sha256=digest,
            scope=scope,
            created_at=created_at,
            created_by=user,
            expires_at=created_at + datetime.timedelta(days=lives),
            last_used_at=now - datetime.timedelta(days=used),
            revoked_at=now - datetime.timedelta(days=revoked) if revoked else None,
            revoked_by=user if revoked else None,
        )
        made += 1
    return {"demo API tokens": made}
