"""The `rupees` filter, a builtin of every template (config/settings.py TEMPLATES):
{{ claim.awarded_amount|rupees }} shows ₹5,00,000; nothing for no amount."""

from django import template

from core.money import rupees as _rupees

register = template.Library()


@register.filter
def rupees(amount) -> str:
    return _rupees(amount)
