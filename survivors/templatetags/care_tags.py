"""Template helpers of survivor care: the inbox badge in the navigation (amounts: the builtin `rupees` filter)."""

from django import template

from consortium.models import Role

register = template.Library()


@register.simple_tag(takes_context=True)
def care_inbox_waiting(context) -> int:
    """Handover requests waiting for the person's current organisation (0 for roles that do not act on them).

    One query per page, only for caseworkers and organisation admins; cached on the request."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in (Role.CASEWORKER, Role.ORG_ADMIN):
        return 0
    cached = getattr(request, "_care_inbox_waiting", None)
    if cached is None:
        from survivors.care.selectors import inbox_waiting_count

        cached = inbox_waiting_count(membership.organisation)
        request._care_inbox_waiting = cached
    return cached


@register.filter
def in_set(value, collection) -> bool:
    return value in collection
