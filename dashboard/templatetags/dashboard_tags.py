from django import template

register = template.Library()


@register.filter
def inr(value) -> str:
    """Rupees grouped the Indian way: 2750000 -> 27,50,000."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    sign, digits = ("-" if number < 0 else ""), str(abs(number))
    if len(digits) <= 3:
        return sign + digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return sign + ",".join(groups) + "," + tail
