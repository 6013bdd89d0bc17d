from django import template

from consortium import mfa

register = template.Library()


@register.simple_tag
def member_sign_in(member):
    """Her two-step sign-in state for the member page: set up or not, and the last reset."""
    device = mfa.totp_device_confirmed(member.user)
    return {"device": device, "last_reset": mfa.last_device_reset(member.user)}
