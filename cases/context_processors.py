from core.navigation import nav_count

from .notifications import unread_count


def notifications(request):
    """The bell's unread count, computed only when a page draws the bell, and kept in the session
    between two activity stamps (core/navigation.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: nav_count(request, "bell", lambda: unread_count(user))}
