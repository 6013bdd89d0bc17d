"""Template helpers of referrals: the inbox badge in the navigation."""

from django import template

from core.navigation import nav_count

from ..permissions import INBOX_ROLES
from ..selectors import inbox_waiting_count

register = template.Library()


@register.simple_tag(takes_context=True)
def referral_inbox_waiting(context) -> int | None:
    """Referrals waiting for an answer from the person's current organisation that her role lets her
    answer; None for roles that never answer one (no link shown). Kept in the session between two
    activity stamps (core/navigation.py), per membership."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in INBOX_ROLES:
        return None
    return nav_count(request, f"referrals:{membership.pk}", lambda: inbox_waiting_count(membership))
