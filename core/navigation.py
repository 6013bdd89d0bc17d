"""Counts drawn in the navigation of every page (the bell's unread notifications, the handover
badge), kept in her session between two activity stamps instead of counted on every request.

Each count is a statement or two of SQL and several milliseconds of building it in Python, paid
on every page whatever it shows (issue 17: most of a simple page's fixed cost). A count is kept
in her session until the session's next activity stamp, which is written at most once a minute
(SESSION_ACTIVITY_WRITE_SECONDS, consortium/sessions.py), or until she posts a form; so:
- what she does herself shows at once: a form she saved (a POST answered with a redirect:
  marking notifications read, accepting a handover, anything) drops the kept counts and the page
  after it counts again; a search or a form with errors (answered with a page) keeps them;
- what others do reaches her navigation within a minute (a new notification, a handover sent
  to her organisation); the pages that list them (notifications, the handover inbox) are always
  live, and opening the notifications page counts the bell again.

Kept in the session, not in a cache: the session is read on every request anyway (no statement
more), it is shared by every web worker (a per-process cache would show one worker's stale
count after she read her notifications on another), and it ends with her login.
"""

from collections.abc import Callable

SESSION_KEY = "nyaya_nav_counts"


def nav_count(request, name: str, count: Callable[[], int]) -> int:
    """The count called `name` for this session: kept if there is one, else `count()` (kept)."""
    session = getattr(request, "session", None)
    if session is None:
        return count()
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict):
        kept = {}
    value = kept.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    value = count()
    session[SESSION_KEY] = {**kept, name: value}
    return value


def forget_nav_counts(request) -> None:
    """Count again on the next page (after her own change, or at the activity stamp)."""
    session = getattr(request, "session", None)
    if session is not None and SESSION_KEY in session:
        del session[SESSION_KEY]
