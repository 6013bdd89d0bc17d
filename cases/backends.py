"""Object permissions on a case, answered by the visibility selector.

django-guardian's ObjectPermissionBackend reads its grant tables as they are: it knows
nothing of `CaseUserObjectPermission.expires_at`, so an expired break-glass grant kept
answering `user.has_perm("cases.reveal_identity", case)` with True, and a grant left to
someone who no longer sees the case answered True as well. This backend takes its place:
for a case, a grant counts only while it is in force and only on a case
`case_list_visible_to(user)` returns, so has_perm never says more than the selector.

Nothing in Nyaya decides access through has_perm (views and services use the selector
and cases.permissions); this keeps the answer right for anything that asks (the admin,
DRF, a future view). Objects other than cases get no object permissions: Nyaya holds
per-object grants only in the direct-FK table of cases. guardian's shortcuts
(get_objects_for_user, get_perms) read the tables directly and must not be used for
access decisions.
"""

from django.db.models import Q
from django.utils import timezone


class CaseObjectPermissionBackend:
    """has_perm(perm, case): a grant in force, on a case the selector shows her."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        from .models import Case, CaseUserObjectPermission
        from .selectors import case_list_visible_to

        if obj is None or not isinstance(obj, Case) or obj.pk is None:
            return set()
        if not user_obj.is_active or not user_obj.is_authenticated:
            return set()
        if not case_list_visible_to(user_obj).filter(pk=obj.pk).exists():
            return set()
        grants = CaseUserObjectPermission.objects.filter(user=user_obj, content_object_id=obj.pk).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )
        return {
            f"{app_label}.{codename}"
            for app_label, codename in grants.values_list("permission__content_type__app_label", "permission__codename")
        }

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if obj is None:
            return False
        if "." not in perm:
            perm = f"{obj._meta.app_label}.{perm}"
        return perm in self.get_all_permissions(user_obj, obj)
