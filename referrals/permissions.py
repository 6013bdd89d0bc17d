"""Who may move a referral.

The sending side acts on a case it can see; the receiving organisation answers before it can
(it accepts or declines a referral addressed to it). So the transition permissions of
referrals.models.Referral take a ReferralActor, which carries both: her CaseAccess when the case
is visible to her, and her role in each organisation she is an active member of.
"""

from dataclasses import dataclass, field

from cases.permissions import CaseAccess, case_access
from cases.selectors import case_get_visible
from consortium.models import Membership, Role

# Which organisation roles may hold which role on a case team (cases.services.CASE_ROLE_NEEDS
# says who may be added; here, who may answer for her organisation: its admin too).
ANSWERING_ROLES = {
    "lead_caseworker": {Role.CASEWORKER, Role.ORG_ADMIN},
    "caseworker": {Role.CASEWORKER, Role.ORG_ADMIN},
    "lawyer": {Role.LAWYER, Role.ORG_ADMIN},
    "survivor_leader": {Role.SURVIVOR_LEADER, Role.ORG_ADMIN},
}
INBOX_ROLES = (Role.CASEWORKER, Role.ORG_ADMIN, Role.LAWYER, Role.SURVIVOR_LEADER)


@dataclass(frozen=True)
class ReferralActor:
    user_id: int | None
    case_access: CaseAccess | None = None  # None: the case is not visible to her
    org_roles: tuple = field(default_factory=tuple)  # ((organisation_id, role), ...): her active memberships
    system: bool = False  # the deadline scan

    def role_in(self, organisation_id) -> str | None:
        return dict(self.org_roles).get(organisation_id)


SYSTEM = ReferralActor(user_id=None, system=True)


def referral_actor(user, case) -> ReferralActor:
    visible = case_get_visible(user, case.pk)
    return ReferralActor(
        user_id=user.pk,
        case_access=case_access(user, visible) if visible is not None else None,
        org_roles=tuple(Membership.objects.active().filter(user=user).values_list("organisation_id", "role")),
    )


def may_answer(referral, role: str | None) -> bool:
    """Her role in the receiving organisation lets her answer for it: its admin, or someone who
    could take the receiving role on the team."""
    return role is not None and role in ANSWERING_ROLES.get(referral.team_role, set())


def is_receiving_side(referral, actor) -> bool:
    if getattr(actor, "system", False) or actor is None:
        return False
    return may_answer(referral, actor.role_in(referral.receiving_organisation_id))


def is_sending_side(referral, actor) -> bool:
    """A referral: the case team's editors. A transfer before it is answered: its lead caseworker
    or the lead organisation's admin; after it, the people of the old lead organisation on the team."""
    if actor is None or getattr(actor, "system", False):
        return False
    access = actor.case_access
    if access is None or actor.role_in(referral.receiving_organisation_id) is not None:
        return False
    if referral.kind == referral.Kind.TRANSFER:
        if referral.stage == referral.Stage.SENT:
            return access.can_manage_team
        return actor.role_in(referral.sending_organisation_id) in (Role.CASEWORKER, Role.ORG_ADMIN) and access.can_edit
    return access.can_edit


def is_receiver_on_case(referral, actor) -> bool:
    """The receiving organisation's people, once they see the case."""
    if actor is None or getattr(actor, "system", False) or actor.case_access is None:
        return False
    return may_answer(referral, actor.role_in(referral.receiving_organisation_id)) and (
        actor.case_access.on_team or actor.case_access.is_lead_org_admin
    )


def may_withdraw(referral, actor) -> bool:
    """The Referrals tab's "Withdraw": an open referral, or a transfer not yet answered, by the sending side."""
    return (
        referral.is_open
        and is_sending_side(referral, actor)
        and (not referral.is_transfer or referral.stage == referral.Stage.SENT)
    )


def may_acknowledge(referral, actor) -> bool:
    """ "Acknowledge the handover of the file": an accepted transfer, by the old lead organisation."""
    return referral.is_transfer and referral.stage == referral.Stage.ACCEPTED and is_sending_side(referral, actor)


def may_close(referral, actor) -> bool:
    """ "Record the outcome": an accepted referral, by the receiving organisation's people on her team."""
    return (
        not referral.is_transfer and referral.stage == referral.Stage.ACCEPTED and is_receiver_on_case(referral, actor)
    )
