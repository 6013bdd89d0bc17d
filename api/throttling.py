"""Per-token rate limits (settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]): each token has its own
budget, and a signed-in browser session its own per person, so one runaway script cannot starve
its colleagues. Counted in the cache (Redis in production)."""

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    def get_rate(self):  # the scope is known only per request: token or session
        return None

    def allow_request(self, request, view):
        token = request.auth
        self.scope = "token" if isinstance(token, ApiToken) else "session"
        self.rate = self.THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        token = request.auth
        if isinstance(token, ApiToken):
            ident = f"t{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
