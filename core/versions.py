"""Which version of dated reference data applies on a day: one rule for deadline rules,
compensation schemes and sections of law.

A version is in force from its first day (None: since always) to its last day, inclusive (None:
still in force). Of the versions of one rule (one deadline rule's code, one scheme's code), the
version on a day is the one that started last on or before that day; a newer version supersedes
an older one from its first day, even where the older one named no last day. The version applies
if it has not ended by that day (and, where versions can be switched off, is switched on): after a
version ends, an older one does not come back.
"""

import datetime
from collections.abc import Iterable
from operator import attrgetter
from typing import TypeVar

V = TypeVar("V")


def in_force(start: datetime.date | None, until: datetime.date | None, day: datetime.date) -> bool:
    """Whether a span of days from `start` to `until` (both inclusive, None: open) holds `day`."""
    return (start is None or start <= day) and (until is None or day <= until)


def latest_started(versions: Iterable[V], day: datetime.date, *, start: str = "effective_from") -> V | None:
    """Of the versions of one rule, the one that started last on or before `day` (None: none had)."""
    first_day = attrgetter(start)
    started = [v for v in versions if first_day(v) is None or first_day(v) <= day]
    return max(started, key=lambda v: first_day(v) or datetime.date.min, default=None)


def version_in_force(
    versions: Iterable[V],
    day: datetime.date,
    *,
    start: str = "effective_from",
    until: str = "effective_until",
    active: str | None = None,
) -> V | None:
    """The version of one rule that applies on `day`: the latest started, unless it has ended (or,
    with `active` naming a flag, is switched off). None: no version applies that day."""
    version = latest_started(versions, day, start=start)
    if version is None or not in_force(getattr(version, start), getattr(version, until), day):
        return None
    if active is not None and not getattr(version, active):
        return None
    return version
