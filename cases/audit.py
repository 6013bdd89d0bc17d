"""The access log: every view of a case or identity, download, export, break-glass and denial."""

from .models import AccessLogEntry, Case


def client_address(request) -> str | None:
    # REMOTE_ADDR only: a forwarded-for header is the client's to forge. Behind a proxy,
    # configure the proxy to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


def access_log_record(*, request, action: str, case: Case | None = None, target: str = "", reason: str = "") -> None:
    user = request.user if request.user.is_authenticated else None
    AccessLogEntry.objects.create(
        case=case,
        user=user,
        action=action,
        target=target[:120],
        reason=reason[:500],
        ip_address=client_address(request),
        # The path carries only opaque ids; the query string may carry search text, so it is dropped.
        path=request.path[:300],
    )


def access_log_for_case(case: Case):
    return AccessLogEntry.objects.filter(case=case).select_related("user")
