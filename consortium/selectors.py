"""Reads about organisations and people. Views call these, never the ORM directly."""

from django.db.models import Count, Q

from .models import District, Membership, Organisation


def _memberships_in_force(user_id):
    return (
        Membership.objects.active()
        .filter(user_id=user_id)
        .select_related("organisation", "organisation__home_state")
        .order_by("created_at", "pk")
    )


def membership_list_for_user(user) -> list[Membership]:
    """A person's active memberships, in a stable order (the first is the default)."""
    return list(_memberships_in_force(user.pk))


def membership_list_with_user(user_id) -> list[Membership]:
    """`membership_list_for_user` by the person's id, with her user row in the same statement
    (all of them share one User object): who she is and what she may do, read once a request."""
    memberships = list(_memberships_in_force(user_id).select_related("user"))
    for membership in memberships[1:]:
        membership.user = memberships[0].user
    return memberships


def membership_list_for_organisation(organisation, *, include_inactive: bool = True):
    qs = Membership.objects.filter(organisation=organisation).select_related("user", "invited_by")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("-is_active", "user__first_name", "user__last_name", "user__username")


def membership_get_in_organisation(*, organisation, membership_id) -> Membership:
    """One membership of this organisation; another organisation's is 'not found'."""
    return Membership.objects.select_related("user", "organisation").get(organisation=organisation, pk=membership_id)


def organisation_list_with_member_counts():
    return (
        Organisation.objects.filter(is_active=True)
        .select_related("home_state")
        .prefetch_related("states")
        .annotate(
            active_members=Count(
                "memberships", filter=Q(memberships__is_active=True, memberships__user__is_active=True)
            )
        )
        .order_by("name")
    )


def district_list_for_state(state_id):
    return District.objects.filter(state_id=state_id).order_by("name")
