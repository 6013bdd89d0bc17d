"""Who made a change, for the history row django-simple-history writes when the row is saved."""

from typing import Any


def record_history(obj: Any, actor: Any, reason: str | None = None) -> None:
    """The next history row of `obj` names `actor` (and says `reason`, where one is given)."""
    obj._history_user = actor
    if reason is not None:
        obj._change_reason = reason
