"""`user.has_perm(perm, case)` agrees with the visibility selector (issue 16 review finding).

django-guardian's own backend reads the grant table without looking at `expires_at`, so an
expired break-glass grant still answered True. Whatever answers has_perm for a case must
say what case_list_visible_to says: an expired grant grants nothing.
"""

import datetime

from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseUserObjectPermission
from cases.selectors import case_list_visible_to
from consortium.models import Role

from .helpers import FULL_NAME

PERM = "cases.reveal_identity"
REASON = "Police request about her safety; court order pending."


def _fresh(user):
    """The same person as a new request would load her (no permission caches)."""
    return type(user).objects.get(pk=user.pk)


def _grant(user, case, *, expires_in: datetime.timedelta | None):
    return CaseUserObjectPermission.objects.create(
        user=user,
        content_object=case,
        permission=Permission.objects.get(codename="reveal_identity", content_type__app_label="cases"),
        expires_at=None if expires_in is None else timezone.now() + expires_in,
        reason=REASON,
    )


def _identity_visible(user, case) -> bool:
    return case_list_visible_to(user).filter(pk=case.pk, identity_visible=True).exists()


def test_break_glass_grant_answers_has_perm_only_while_in_force(case, coordinator):
    client = Client()
    client.force_login(coordinator.user)
    client.post(reverse("cases:identity_reveal", args=[case.pk]), {"reason": REASON})
    assert CaseUserObjectPermission.objects.filter(user=coordinator.user).count() == 1
    assert _fresh(coordinator.user).has_perm(PERM, case) is True
    assert _identity_visible(coordinator.user, case) is True

    CaseUserObjectPermission.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    user = _fresh(coordinator.user)
    assert user.has_perm(PERM, case) is False
    assert _identity_visible(user, case) is False
    assert user.get_all_permissions(case) == set()
    assert FULL_NAME not in client.get(reverse("cases:survivor_detail", args=[case.pk])).content.decode()


def test_expired_grant_to_someone_outside_the_case_gives_has_perm_false_and_404(case, make_member, org_mh):
    outsider = make_member(Role.CASEWORKER, org_mh)
    _grant(outsider.user, case, expires_in=-datetime.timedelta(hours=1))
    user = _fresh(outsider.user)
    assert user.has_perm(PERM, case) is False
    assert not case_list_visible_to(user).filter(pk=case.pk).exists()
    client = Client()
    client.force_login(user)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:survivor_detail", args=[case.pk])).status_code == 404


def test_a_grant_in_force_does_not_outrank_the_selector(case, make_member, org_mh):
    """A grant row left behind for someone who no longer sees the case (a former coordinator,
    now a caseworker elsewhere) answers no more than the selector does: the case is 404."""
    former = make_member(Role.CASEWORKER, org_mh)
    _grant(former.user, case, expires_in=datetime.timedelta(hours=4))
    user = _fresh(former.user)
    assert user.has_perm(PERM, case) is False
    client = Client()
    client.force_login(user)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_grant_without_expiry_still_needs_the_case_visible(case, coordinator):
    _grant(coordinator.user, case, expires_in=None)
    assert _fresh(coordinator.user).has_perm(PERM, case) is True
    assert _identity_visible(coordinator.user, case) is True


def test_model_level_permissions_are_unchanged(lead):
    """Without an object, has_perm keeps Django's answer (no model permission for a caseworker)."""
    assert _fresh(lead.user).has_perm(PERM) is False


def test_a_coordinators_grants_are_found_by_the_break_glass_permissions_id(case, coordinator):
    """Her break-glass grants are named by the permission's id in the query (so PostgreSQL finds
    them by person and permission, however many other grants she holds), and whatever other
    grants she holds on the case reveal nothing."""
    from django.contrib.contenttypes.models import ContentType

    from cases.models import Case

    view = Permission.objects.get(codename="view_case", content_type__app_label="cases")
    CaseUserObjectPermission.objects.create(user=coordinator.user, content_object=case, permission=view)
    assert _identity_visible(coordinator.user, case) is False
    reveal = _grant(coordinator.user, case, expires_in=datetime.timedelta(hours=4))
    sql = str(case_list_visible_to(coordinator.user).query)
    assert "auth_permission" not in sql and f'"permission_id" = {reveal.permission_id}' in sql
    assert _identity_visible(coordinator.user, case) is True
    # The id is kept with the content type Django caches, and forgotten with it.
    ContentType.objects.clear_cache()
    assert not hasattr(ContentType.objects.get_for_model(Case), "_reveal_identity_permission_id")
    assert _identity_visible(coordinator.user, case) is True
