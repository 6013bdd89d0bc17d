"""System checks for sign-in security settings."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def demo_mfa_bypass_only_with_debug(app_configs, **kwargs):
    """The demo logins' skip of the second sign-in step must never reach a real server."""
    if getattr(settings, "DEMO_MFA_BYPASS", False) and not settings.DEBUG:
        return [
            Error(
                "DEMO_MFA_BYPASS is set while DEBUG is off.",
                hint="DEMO_MFA_BYPASS is for `make run` only: unset it (production needs two-step sign-in).",
                id="nyaya.E001",
            )
        ]
    return []
