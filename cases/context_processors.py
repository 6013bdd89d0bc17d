from .notifications import unread_count


def notifications(request):
    """The bell's unread count, computed only when a page draws the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
