"""{% her_requests_link case access %}: on the case's Consent page, the way to her requests from
her page with the count of open ones (only for those who may answer them)."""

from django import template

from ..models import SurvivorRequest

register = template.Library()


@register.inclusion_tag("selfaccess/staff/requests_link.html")
def her_requests_link(case, access):
    shown = access.can_record_consent and SurvivorRequest.objects.filter(case=case).exists()
    open_count = SurvivorRequest.objects.filter(case=case, status=SurvivorRequest.Status.OPEN).count() if shown else 0
    return {"case": case, "shown": shown, "open_count": open_count}
