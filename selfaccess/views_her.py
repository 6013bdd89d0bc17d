"""Her pages: her case in plain words (helper fills), and the quick exit."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.views.decorators.http import require_GET

from . import session


@require_GET
def leave(request):
    """ "Leave quickly": the session ends and the browser goes to a neutral page. A plain link (no
        JavaScript needed); her pages are not cached, so Back shows nothing of them. A staff session that
    follows the link is left alone."""
    if session.is_hers(request):
        session.end(request)
    return HttpResponseRedirect(settings.SELF_ACCESS_EXIT_URL)
