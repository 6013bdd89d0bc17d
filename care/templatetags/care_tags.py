"""Template helpers of survivor care: the inbox badge in the navigation (amounts: the builtin `rupees` filter)."""

from django import template

from care.selectors import inbox_waiting_count
from consortium.models import Role
from core.navigation import nav_count

register = template.Library()


@register.simple_tag(takes_context=True)
def care_inbox_waiting(context) -> int:
    """Handover requests waiting for the person's current organisation (0 for roles that do not act on them).

    Counted only for caseworkers and organisation admins, and kept in the session between two
    activity stamps (core/navigation.py), per membership."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in (Role.CASEWORKER, Role.ORG_ADMIN):
        return 0
    return nav_count(request, f"handovers:{membership.pk}", lambda: inbox_waiting_count(membership.organisation))


@register.filter
def in_set(value, collection) -> bool:
    return value in collection
