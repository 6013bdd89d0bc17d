"""The home page: each role lands on a page made for its work, gathered from every app (cases,
court, deadlines, organisations), so it lives in the top layer (docs/architecture.md)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cases import selectors as case_selectors
from cases.models import CaseRole
from consortium import selectors
from consortium.models import Role
from legal.court import selectors as court_selectors
from legal.reviews import selectors as review_selectors

HOME_TEMPLATES = {
    Role.CASEWORKER: "home/caseworker.html",
    Role.LAWYER: "home/lawyer.html",
    Role.COORDINATOR: "home/coordinator.html",
    Role.ORG_ADMIN: "home/org_admin.html",
    Role.SURVIVOR_LEADER: "home/survivor_leader.html",
}


@login_required
def home(request):
    """Each role lands on a page made for its work."""
    membership = request.membership
    if membership is None:
        # Only superusers get here: everyone else needs an active membership to log in.
        return render(request, "home/no_membership.html")
    context = {}
    if membership.role == Role.COORDINATOR:
        context["organisations"] = selectors.organisation_list_with_member_counts()
        context["counts"] = case_selectors.case_counts(request.user)
    elif membership.role == Role.ORG_ADMIN:
        context["members"] = selectors.membership_list_for_organisation(membership.organisation, include_inactive=False)
        context["counts"] = case_selectors.case_counts(request.user, organisation=membership.organisation)
    elif membership.role == Role.LAWYER:
        context["my_cases"] = case_selectors.case_list_on_team(request.user, case_role=CaseRole.LAWYER)
        context["review_queue"] = list(review_selectors.review_queue(request.user)[:10])
        context["hearings"] = court_selectors.hearings_coming(request.user, days=7)
    else:
        context["my_cases"] = case_selectors.case_list_on_team(request.user)
    if membership.role == Role.CASEWORKER:
        # Hearings she must attend, early enough to arrange travel or a video link.
        context["must_attend"] = court_selectors.hearings_coming(request.user, days=30, must_attend_only=True)
    if membership.role in (Role.CASEWORKER, Role.LAWYER):
        context["due"] = case_selectors.my_work(request.user)
    return render(request, HOME_TEMPLATES[membership.role], context)
