"""Field history of reference data (django-simple-history rows) in words: who changed what,
when, from what to what, and why. Used by the deadline-rule pages here and the section pages
of the legal app; reference data only (never survivor data).

A change of an encrypted field (cases.sensitive) is shown as "changed", never with its values:
the history table keeps them encrypted, and a page built from these entries is not where they
are read."""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .sensitive import is_encrypted_field


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    kind: str  # simple-history's history_type: "+" added, "~" changed, "-" deleted
    reason: str
    label: str = ""
    changes: list = field(default_factory=list)  # (field label, old value, new value), in words
    earlier_unknown: bool = False  # a change to a row whose earlier values were never recorded

    @property
    def kind_label(self) -> str:
        return {"+": _("added"), "~": _("changed"), "-": _("deleted")}.get(self.kind, self.kind)


def value_in_words(model, name: str, value, labels: dict | None = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        return (labels or {}).get(value, str(value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _hidden(value, word: str) -> str:
    return "—" if value is None or value == "" or value == [] else word


def history_entries(records, model, *, skip=(), labels=None, label_of=None) -> list[HistoryEntry]:
    """`records` oldest first (select_related history_user); entries newest first, each with its
    changes against the previous record of the same object."""
    previous = {}
    entries = []
    for record in records:
        prev = previous.get(record.id)
        entry = HistoryEntry(
            when=record.history_date,
            who=record.history_user.display_name if record.history_user_id else _("system (data load)"),
            kind=record.history_type,
            reason=record.history_change_reason or "",
            label=label_of(record) if label_of else "",
        )
        entry.earlier_unknown = prev is None and record.history_type == "~"
        if prev is not None and record.history_type == "~":
            for change in record.diff_against(prev, excluded_fields=list(skip)).changes:
                label = str(model._meta.get_field(change.field).verbose_name)
                if is_encrypted_field(model, change.field):
                    entry.changes.append((label, _hidden(change.old, _("recorded")), _hidden(change.new, _("changed"))))
                    continue
                entry.changes.append(
                    (
                        label,
                        value_in_words(model, change.field, change.old, labels),
                        value_in_words(model, change.field, change.new, labels),
                    )
                )
        previous[record.id] = record
        entries.append(entry)
    entries.reverse()
    return entries


def rule_history(code: str) -> list[HistoryEntry]:
    """Every saved change of every version of a deadline rule (each version is its own row)."""
    from .models import DeadlineRule

    records = (
        DeadlineRule.history.filter(code=code).select_related("history_user").order_by("history_date", "history_id")
    )
    return history_entries(
        list(records),
        DeadlineRule,
        skip=("created_at",),
        label_of=lambda r: _("version in force from %(day)s") % {"day": date_format(r.effective_from, "j M Y")},
    )
