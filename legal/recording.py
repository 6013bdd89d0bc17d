"""What every legal service does before it writes and as it writes: re-read the case through
the visibility selector (a service trusts no caller), check that the actor may record on this
tab and check the dates it is given (its timeline event: legal/events.py).

Investigation, accused and court services share these, so "who may record an FIR" or "a
date cannot be in the future" is written once. Errors collect in a dict (field -> message):
the first message for a field is the one she sees.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.permissions import CaseAccess, require, visible_access
from consortium.standing import standing_of


def require_investigation_recorder(actor, case: Case, *, details: bool = False) -> CaseAccess:
    """She may record on the investigation tab (and, with details=True, read its details)."""
    access = visible_access(actor, case)
    require(access.can_record_investigation and (access.can_see_investigation_details or not details))
    return access


def require_court_recorder(actor, case: Case) -> CaseAccess:
    access = visible_access(actor, case)
    require(access.can_record_court and access.can_see_court_details)
    return access


def require_coordinator(actor) -> None:
    if not standing_of(actor).is_coordinator:
        require(False)


def not_future(errors: dict, name: str, value) -> None:
    if value and value > timezone.localdate():
        errors.setdefault(name, _("This date cannot be in the future."))


def not_before(errors: dict, name: str, value, earlier, message: str) -> None:
    if value and earlier and value < earlier:
        errors.setdefault(name, message)


def clean_list(values) -> list[str]:
    """Names, aliases or phones as typed: spaces tidied, blanks and repeats (any case) dropped."""
    seen, result = set(), []
    for value in values or []:
        value = " ".join(str(value).split())
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result
