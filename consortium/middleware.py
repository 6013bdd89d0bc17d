from .selectors import membership_list_for_user

SESSION_KEY = "nyaya_membership_id"


class CurrentMembershipMiddleware:
    """Sets request.membership: the organisation and role the person acts as now.

    A person in several organisations picks one with the organisation switcher;
    the choice lives in her session and is re-checked on every request, so a
    deactivated membership stops counting immediately.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        request.membership = None
        if request.user.is_authenticated:
            memberships = membership_list_for_user(request.user)
            chosen = request.session.get(SESSION_KEY)
            current = next((m for m in memberships if m.pk == chosen), None)
            if current is None and memberships:
                current = memberships[0]
            request.memberships = memberships
            request.membership = current
        return self.get_response(request)
