from django.contrib.auth.backends import ModelBackend

from .selectors import membership_list_for_user, membership_list_with_user


class MembershipBackend(ModelBackend):
    """Only people with an active membership (or superusers) may log in.

    Django calls `user_can_authenticate` both at login and on every request
    (through `get_user`), so deactivating someone's last membership ends her
    open sessions at her next click, not when the session expires.

    The memberships it reads are kept on the user object it returns, for
    CurrentMembershipMiddleware (and through it every access decision of the
    request, consortium/standing.py): one query per request answers all of them, and reads
    the user with them (`get_user`, on every request): a person with no active membership is
    read on her own, and lets in only a superuser.
    """

    def get_user(self, user_id):
        memberships = membership_list_with_user(user_id)
        if not memberships:
            return super().get_user(user_id)  # calls user_can_authenticate: superusers only
        user = memberships[0].user
        user.active_memberships = memberships
        return user

    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        user.active_memberships = membership_list_for_user(user)
        return user.is_superuser or bool(user.active_memberships)
