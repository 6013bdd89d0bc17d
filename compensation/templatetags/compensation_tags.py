from django import template

from compensation.models import Requirement

register = template.Library()


@register.filter
def requirement_label(code):
    return Requirement(code).label if code in Requirement.values else code
