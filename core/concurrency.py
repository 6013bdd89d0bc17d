"""Nothing lost: two people editing the same record never silently overwrite each other.

Every editable record carries a `version` the page sends back. A write locks the row, compares
versions first (before any other check could hide the conflict), and refuses a stale page with a
message naming who saved in between and when; the person's entries stay in the form.

    locked = lock_for_edit(Claim, claim.pk, expected_version)    # in a transaction
    ...
    save_with_version(instance, expected_version=expected_version, actor=actor)
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import moment_text
from core.history import record_history


class ConcurrentEditError(ValidationError):
    """Someone saved the record after this person loaded it."""

    def __init__(self, *, who, when):
        who = who or _("someone")
        if when:
            changed = _("Changed by %(who)s at %(when)s while you were editing.") % {
                "who": who,
                "when": moment_text(when),
            }
        else:
            changed = _("Changed by %(who)s while you were editing.") % {"who": who}
        again = _("Your entries are still in the form: review them against the current record and save again.")
        super().__init__(f"{changed} {again}", code="concurrent_edit")


def lock_for_edit(
    model,
    pk,
    expected_version: int | None,
    *,
    may_name: Callable | None = None,
    editor_field: str = "updated_by",
    time_field: str = "updated_at",
):
    """The row, locked for this transaction; a ConcurrentEditError if its version is not
    `expected_version` (None: lock without comparing). The message names the last editor (the
    row's `editor_field`, at its `time_field`) unless `may_name(editor)` says the person may not
    know of him."""
    # Lock only this row: updated_by is a nullable join, and PostgreSQL refuses FOR UPDATE on the
    # nullable side of an outer join. The editor's name is read after the lock.
    locked = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        refuse_stale(locked, may_name=may_name, editor_field=editor_field, time_field=time_field)
    return locked


def refuse_stale(
    row, *, may_name: Callable | None = None, editor_field: str = "updated_by", time_field: str = "updated_at"
):
    """Raise the ConcurrentEditError for `row`, changed since the page was loaded (for records that
    tell a stale page by something other than a version, e.g. the time they were last saved)."""
    editor = getattr(row, editor_field, None)
    named = editor is not None and (may_name is None or may_name(editor))
    who = editor.display_name if editor is not None and named else None
    raise ConcurrentEditError(who=who, when=getattr(row, time_field, None))


def save_with_version(instance, *, expected_version: int, actor) -> None:
    """Save `instance` only if nobody else saved since `expected_version` was read; bump the version
    and stamp the editor. Call inside a transaction: the row stays locked until it ends."""
    lock_for_edit(type(instance), instance.pk, expected_version)
    instance.version = expected_version + 1
    instance.updated_by = actor
    record_history(instance, actor)
    instance.save()
