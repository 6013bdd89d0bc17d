"""No page a signed-in person sees is kept in a browser or proxy cache.

Nyaya is used on shared office computers: a page with a survivor's name, a downloaded
statement or an export must not be readable from the cache (or with the Back button) after
the caseworker has left. Every response to a signed-in person, and every attachment, is
marked `Cache-Control: no-store, private` (and `Pragma: no-cache` for old proxies), unless
the view chose its own Cache-Control. Static files never reach this middleware: WhiteNoise
answers them earlier, with its own long-lived headers (they name no one).
"""

from django.utils.cache import patch_cache_control

NO_STORE = "no-store, private"


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        attachment = response.get("Content-Disposition", "").lower().startswith("attachment")
        if not (signed_in or attachment):
            return response
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        if "no-store" in response["Cache-Control"] and not response.has_header("Pragma"):
            response["Pragma"] = "no-cache"
        return response
