from django import template

from privacy.models import ErasureRequest

register = template.Library()


@register.inclusion_tag("privacy/_erasure_notice.html")
def erasure_notice(survivor):
    """'Identity erased on <date> at her request' (or under which retention rule), if it was."""
    erasure = (
        ErasureRequest.objects.filter(survivor=survivor, status=ErasureRequest.Status.ERASED)
        .order_by("erased_at")
        .first()
    )
    return {"erasure": erasure}
