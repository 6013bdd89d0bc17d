from .models import Role


def navigation(request):
    """What the layout needs to draw the navigation for the person's current role."""
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership,
        "other_memberships": [m for m in getattr(request, "memberships", []) if m != membership],
        "Role": Role,
    }
