from django.contrib.auth.backends import ModelBackend

from .selectors import membership_list_for_user


class MembershipBackend(ModelBackend):
    """Only people with an active membership (or superusers) may log in.

    Django calls `user_can_authenticate` both at login and on every request
    (through `get_user`), so deactivating someone's last membership ends her
    open sessions at her next click, not when the session expires.

    The memberships it reads are kept on the user object it returns, for
    CurrentMembershipMiddleware (and through it every access decision of the
    request, consortium/standing.py): one query per request answers all of them.
    """

    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        user.active_memberships = membership_list_for_user(user)
        return user.is_superuser or bool(user.active_memberships)
