from django.conf import settings
from django.utils import translation

from .selectors import membership_list_for_user
from .standing import forget, remember_for_request

SESSION_KEY = "nyaya_membership_id"


class CurrentMembershipMiddleware:
    """Sets request.membership: the organisation and role the person acts as now.

    A person in several organisations picks one with the organisation switcher;
    the choice lives in her session and is re-checked on every request, so a
    deactivated membership stops counting immediately. The same reading answers every
    access question for the rest of the request (consortium/standing.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        request.membership = None
        if request.user.is_authenticated:
            # Read by MembershipBackend when it loaded the user for this request; else read now.
            memberships = getattr(request.user, "active_memberships", None)
            if memberships is None:
                memberships = membership_list_for_user(request.user)
            chosen = request.session.get(SESSION_KEY)
            current = next((m for m in memberships if m.pk == chosen), None)
            if current is None and memberships:
                current = memberships[0]
            request.memberships = memberships
            request.membership = current
            token = remember_for_request(request.user, memberships)
            try:
                return self.get_response(request)
            finally:
                forget(token)
        return self.get_response(request)


class PreferredLanguageMiddleware:
    """A signed-in person reads Nyaya in the language kept on her account (the switcher saves it,
    consortium.views.language_set), on any device; before she signs in, LocaleMiddleware's
    choice (cookie, then browser) stands. After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = request.user
        language = getattr(user, "preferred_language", "") if user.is_authenticated else ""
        if language in self.languages and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
