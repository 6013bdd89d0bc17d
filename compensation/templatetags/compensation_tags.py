from django import template

from compensation.models import Requirement
from compensation.services import rupees

register = template.Library()


@register.filter
def inr(amount):
    """₹ with Indian digit grouping; empty for no amount."""
    if amount is None or amount == "":
        return ""
    return rupees(amount)


@register.filter
def requirement_label(code):
    return Requirement(code).label if code in Requirement.values else code
