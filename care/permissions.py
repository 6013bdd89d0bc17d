"""Who may move a repatriation.

The sending side acts on a case it can see; the receiving organisation acts before it can
(it accepts or refuses a request addressed to it). So the transition permissions of
care.models.Repatriation take a CareActor, which carries both: her CaseAccess when
the case is visible to her, and the organisations in which she is an active caseworker or
organisation admin.
"""

from dataclasses import dataclass, field

from cases.permissions import CaseAccess, case_access
from cases.selectors import case_get_visible
from consortium.models import Membership, Role

STAFF_ROLES = (Role.CASEWORKER, Role.ORG_ADMIN)


@dataclass(frozen=True)
class CareActor:
    user_id: int
    case_access: CaseAccess | None = None  # None: the case is not visible to her
    staff_org_ids: frozenset = field(default_factory=frozenset)


def staff_memberships(user):
    """Her active memberships in which she may act for an organisation on a handover."""
    return Membership.objects.active().filter(user=user, role__in=STAFF_ROLES)


def care_actor(user, case) -> CareActor:
    visible = case_get_visible(user, case.pk)
    return CareActor(
        user_id=user.pk,
        case_access=case_access(user, visible) if visible is not None else None,
        staff_org_ids=frozenset(staff_memberships(user).values_list("organisation_id", flat=True)),
    )
