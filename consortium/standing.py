"""Where a person stands in the consortium: her active memberships (organisation, role).

Every access decision starts here (cases.selectors, cases.permissions). Within a request the
memberships are read once, by CurrentMembershipMiddleware, and every later question in that
request (is she a coordinator? which organisations does she act for? is she the lead
organisation's admin?) is answered from them without another query. Outside a request (services
called from tasks, commands, tests) each call reads them afresh: nothing is kept between requests,
so a deactivated membership stops counting at the next request.

A change to any membership, organisation or person during the request (an admin deactivating
someone, say) drops what the request knew, so the rest of that request reads afresh too.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Membership, Organisation, Role, User


@dataclass(frozen=True)
class Standing:
    user_id: int
    memberships: frozenset  # of (organisation_id, role), active ones only

    @property
    def organisation_ids(self) -> list[int]:
        return sorted({organisation_id for organisation_id, _role in self.memberships})

    @property
    def admin_organisation_ids(self) -> list[int]:
        return sorted(organisation_id for organisation_id, role in self.memberships if role == Role.ORG_ADMIN)

    @property
    def is_coordinator(self) -> bool:
        return any(role == Role.COORDINATOR for _organisation_id, role in self.memberships)

    def is_admin_of(self, organisation_id) -> bool:
        return (organisation_id, Role.ORG_ADMIN) in self.memberships


_this_request: ContextVar[Standing | None] = ContextVar("nyaya_standing", default=None)


def standing_of(user) -> Standing:
    """Her active memberships: from this request's reading when it is about her, else one query."""
    known = _this_request.get()
    if known is not None and known.user_id == user.pk:
        return known
    return Standing(
        user_id=user.pk,
        memberships=frozenset(Membership.objects.active().filter(user=user).values_list("organisation_id", "role")),
    )


@contextmanager
def standing_kept(user) -> Iterator[None]:
    """Her standing read once for every question asked inside the block.

    A service's visibility check (cases.permissions.visible_access) asks it four times: which
    organisations she acts for, her assignments in force (twice) and whether she administers
    the lead organisation. Inside a request the request's reading answers them all; outside one
    (tasks, commands, tests) this reads it once for the block instead of once per question. A
    change to a membership inside the block drops it, as it does for a request."""
    known = _this_request.get()
    if user is None or not user.is_authenticated or (known is not None and known.user_id == user.pk):
        yield
        return
    token = _this_request.set(standing_of(user))
    try:
        yield
    finally:
        _this_request.reset(token)


def remember_for_request(user, memberships):
    """Called by the middleware with the memberships it read (Membership.objects.active());
    returns the token that forget() takes when the request ends."""
    return _this_request.set(
        Standing(user_id=user.pk, memberships=frozenset((m.organisation_id, m.role) for m in memberships))
    )


def forget(token) -> None:
    _this_request.reset(token)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
@receiver(post_save, sender=Organisation)
@receiver(post_save, sender=User)
def _drop_on_change(sender, **kwargs):
    _this_request.set(None)
