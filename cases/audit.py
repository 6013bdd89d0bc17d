"""The access log: every view of a case or identity, list of cases, search, download, export,
break-glass and refusal.

What is logged is decided here, by the name of the page's URL (cases.middleware applies it to
every request), not view by view, so a new case page is logged without anyone remembering to:

- every page of a case (a URL with a case id) opened by someone who may see it: "viewed case",
  or "viewed survivor identity" on the survivor pages (CASE_PAGE_ACTIONS);
- every page that lists cases or names across cases (LIST_PAGES): "viewed a list of cases";
- a search of the case list by name, phone or reference: "searched cases" (cases.views);
- every refusal (403, 404) of a page, in a case or not, to someone logged in: "denied".

A view may log something more precise itself (a download with the document's id, an export,
a break-glass reveal); then the page is not logged a second time.

The target and the path never carry a survivor's (or anyone's) name, phone or other
identifier, only page names and opaque ids, and the text of a search is never stored. So
the access log holds no personal data of hers to erase or retain: an erasure leaves its
rows as they are (they point at the pseudonymous case), and on PostgreSQL the database
refuses to change or delete them (cases/migrations/0012).
"""

from .models import AccessLogEntry, Case

Action = AccessLogEntry.Action

# The request attribute that says this request has already been logged (and how).
LOGGED_ACTIONS = "nyaya_access_logged"

# Pages that list cases or show names, deadlines or hearings across cases: url name -> target.
LIST_PAGES = {
    "home": "home page",
    "case_list": "case list",
    "my_work": "my work",
    "overdue_board": "overdue board",
    "notifications": "notifications",
    "claim_list": "claim list",
    "chain_list": "trafficking chains",
    "match_alerts": "possible matches",
    "survivor_matches": "possible duplicate survivors",
    "review_queue": "review queue",
    "hearing_calendar": "hearing calendar",
    "care_inbox": "incoming handovers",
    "referral_inbox": "incoming referrals",
    "dashboard_cases": "dashboard cases",
    "dashboard_audit": "access audit",
}

# Case pages logged as something other than "viewed case". The identity pages are logged as
# such only for someone who sees her identity (a masked coordinator's view is "viewed case").
CASE_PAGE_ACTIONS = {
    "survivor_detail": Action.VIEW_IDENTITY,
    "survivor_edit": Action.VIEW_IDENTITY,
}

# The target written for a case page; the others are named after their URL ("case team").
CASE_PAGE_TARGETS = {
    "case_detail": "overview",
    "survivor_detail": "survivor",
    "survivor_edit": "survivor edit",
}

# Pages whose POST is a read, not a write: the case list's search box and filters are posted
# (a name must not travel in a URL), and what they show is logged like a GET of the list.
POSTED_READS = {"case_list"}

# Pages that HTMX reloads every second or two while something is built: the first view is
# logged, not each refresh of its progress.
POLLED_PAGES = {"generated_document"}


def client_address(request) -> str | None:
    # REMOTE_ADDR only: a forwarded-for header is the client's to forge. Behind a proxy,
    # configure the proxy to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


def access_log_record(*, request, action: str, case: Case | None = None, target: str = "", reason: str = "") -> None:
    """One row. `target` names a page or an opaque id, never a person: see the module's docstring."""
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
    setattr(request, LOGGED_ACTIONS, (*getattr(request, LOGGED_ACTIONS, ()), action))


def access_log_for_case(case: Case):
    return AccessLogEntry.objects.filter(case=case).select_related("user")


def page_target(url_name: str) -> str:
    return CASE_PAGE_TARGETS.get(url_name) or url_name.replace("_", " ")


def access_log_page(request, response, *, case=None, access=None) -> None:
    """Log the answer to one request, by its URL's name (see the module's docstring)."""
    match = getattr(request, "resolver_match", None)
    if match is None or not request.user.is_authenticated:
        # Unknown addresses, and anyone not logged in (sent to the login page before any case
        # page), are not logged: otherwise anyone could fill the log from outside.
        return
    logged = getattr(request, LOGGED_ACTIONS, ())
    name = match.url_name or ""
    if response.status_code in (403, 404):
        if Action.DENIED not in logged:
            case_id = match.kwargs.get("case_id")
            if case is None and isinstance(case_id, int) and 0 < case_id < 2**63:
                # Refused before the page said which case (its own check): the case tried, if it exists.
                case = Case.objects.filter(pk=case_id).first()
            access_log_record(request=request, action=Action.DENIED, case=case, target=f"refused: {name}")
        return
    read = request.method in ("GET", "HEAD") or (request.method == "POST" and name in POSTED_READS)
    if logged or not read or response.status_code != 200:
        return
    if name in LIST_PAGES:
        access_log_record(request=request, action=Action.VIEW_LIST, target=LIST_PAGES[name])
    elif "case_id" in match.kwargs:
        if name in POLLED_PAGES and getattr(request, "htmx", False):
            return
        action = CASE_PAGE_ACTIONS.get(name, Action.VIEW_CASE)
        if action == Action.VIEW_IDENTITY and not (access is not None and access.identity_visible):
            action = Action.VIEW_CASE
        access_log_record(request=request, action=action, case=case, target=page_target(name))
