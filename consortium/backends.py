from django.contrib.auth.backends import ModelBackend

from .models import Membership


class MembershipBackend(ModelBackend):
    """Only people with an active membership (or superusers) may log in.

    Django calls `user_can_authenticate` both at login and on every request
    (through `get_user`), so deactivating someone's last membership ends her
    open sessions at her next click, not when the session expires.
    """

    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        return user.is_superuser or Membership.objects.active().filter(user=user).exists()
