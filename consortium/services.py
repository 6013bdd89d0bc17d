"""Writes about organisations and people: inviting, changing roles, deactivating.

Each service checks that the acting person may do it, runs in one transaction
and raises django.core.exceptions.ValidationError with a message for the user
when the request cannot be carried out.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ROLES_ORG_ADMIN_MAY_GRANT, Membership, Role, User
from .tasks import send_invitation_email


def _require_org_admin(actor: Membership | None, organisation) -> None:
    if actor is None or actor.role != Role.ORG_ADMIN or actor.organisation_id != organisation.pk:
        raise PermissionDenied


COORDINATOR_REFUSAL = gettext_lazy(
    "Coordinator memberships are changed only by the consortium's system administrator (a superuser), "
    "because a coordinator sees the whole consortium."
)


def _require_may_touch_coordinator(actor: Membership, *roles: str) -> None:
    """A coordinator sees every case of the consortium, so giving, changing, ending or restoring that
    role is for a superuser only, in every service (consortium practice)."""
    if Role.COORDINATOR in roles and not actor.user.is_superuser:
        raise ValidationError(COORDINATOR_REFUSAL)


def _require_grantable(actor: Membership, role: str) -> None:
    _require_may_touch_coordinator(actor, role)
    if role not in ROLES_ORG_ADMIN_MAY_GRANT and not (role == Role.COORDINATOR and actor.user.is_superuser):
        raise ValidationError({"role": _("An organisation admin cannot grant this role.")})


def _other_active_admins(membership: Membership) -> bool:
    return (
        Membership.objects.active()
        .filter(organisation=membership.organisation, role=Role.ORG_ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def member_invite(
    *, actor: Membership, username: str, first_name: str, last_name: str, email: str, role: str
) -> Membership:
    """Create a person with no password yet and email her a link to choose one."""
    organisation = actor.organisation
    _require_org_admin(actor, organisation)
    _require_grantable(actor, role)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken. Choose another.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=role, invited_by=actor.user)
    send_invitation_email.delay_on_commit(membership_id=membership.pk)
    return membership


@transaction.atomic
def membership_change_role(*, actor: Membership, membership: Membership, role: str) -> Membership:
    _require_org_admin(actor, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _require_may_touch_coordinator(actor, membership.role)
    _require_grantable(actor, role)
    if membership.role == Role.ORG_ADMIN and role != Role.ORG_ADMIN and not _other_active_admins(membership):
        raise ValidationError(_("The organisation needs at least one active admin. Add another admin first."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_deactivate(*, actor: Membership, membership: Membership) -> Membership:
    """Deactivation ends the person's access through this organisation at once."""
    _require_org_admin(actor, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _require_may_touch_coordinator(actor, membership.role)
    if membership.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate yourself. Ask another admin."))
    if not membership.is_active:
        return membership
    if membership.role == Role.ORG_ADMIN and not _other_active_admins(membership):
        raise ValidationError(_("The organisation needs at least one active admin."))
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    return membership


@transaction.atomic
def membership_reactivate(*, actor: Membership, membership: Membership) -> Membership:
    _require_org_admin(actor, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _require_may_touch_coordinator(actor, membership.role)
    membership.is_active = True
    membership.deactivated_at = None
    membership.save(update_fields=["is_active", "deactivated_at"])
    return membership


def preferred_language_set(*, user: User, language: str) -> None:
    """Her interface language, kept on her account ("" follows the browser). An unknown code is refused."""
    from django.conf import settings

    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages Nyaya is written in.")})
    User.objects.filter(pk=user.pk).update(preferred_language=language)
    user.preferred_language = language
