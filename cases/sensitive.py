"""One registry of the values that are never copied in clear into an unencrypted column.

What is sensitive is read from the models: every field that stores its value encrypted
(core.fields.EncryptedMixin: her identity and contacts, the investigating officer's name
and phone, the accused's names and phones, every free text about a case) is in the registry
by its name, so a new encrypted field cannot be forgotten. `FREE_TEXT_IDENTIFIERS` adds the
keys under which identifying text travels in a dict without being an encrypted field of that
name (a reason typed when clearing a value, a search term, a name or phone by another name).

The writers of plain columns use it:

- the stage-transition log (StageTransition.data, by cases.workflow.fsm_transition and
  cases.transitions.record_creation) and the timeline (CaseEvent.data) keep only the fact
  that a sensitive value was recorded (`RECORDED`), never the value: `scrub()`. A pre_save
  guard on both models applies it to every other writer too;
- timeline summaries (CaseEvent.summary, plain text) are checked against the sensitive
  values of the record that moved: `redact()`;
- django-simple-history's tables copy the model's field classes, so an encrypted field
  stays encrypted in its history table: `history_tables_in_clear()` proves it (tested);
- cases.history shows a change of a sensitive field as "changed", without the values.

A person who may see the value reads it from the encrypted column of the live record (the
FIR card shows the officer), not from the log.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.apps import apps
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

# The marker stored instead of a sensitive value: it was recorded at this step (or changed).
RECORDED = "recorded"

# Keys that carry identifying free text without being an encrypted field of that name.
# Consortium practice (DPDP Act 2023 s.8(5): reasonable security safeguards for personal data).
FREE_TEXT_IDENTIFIERS = frozenset(
    {
        "name",
        "names",
        "full_name",
        "other_names",
        "alias",
        "aliases",
        "phone",
        "phones",
        "phone_number",
        "phone_numbers",
        "mobile",
        "email",
        "address",
        "addresses",
        "guardian_name",
        "guardian_phone",
        "witness_name",
        "officer",
        "officer_name",
        "officer_phone",
        "clear_reason",  # core.workflow.CLEAR_REASON: why a recorded value was emptied
        "reason",
        "note",
        "notes",
        "search",
        "q",
        "query",
    }
)


def _encrypted_field_class():
    from core.fields import EncryptedMixin

    return EncryptedMixin


@lru_cache(maxsize=1)
def encrypted_fields() -> dict[str, frozenset[str]]:
    """{"app_label.Model": field names stored encrypted}, for every installed model (history too)."""
    encrypted = _encrypted_field_class()
    found = {}
    for model in apps.get_models():
        names = frozenset(f.name for f in model._meta.concrete_fields if isinstance(f, encrypted))
        if names:
            found[model._meta.label] = names
    return found


@lru_cache(maxsize=1)
def sensitive_keys() -> frozenset[str]:
    """Every key whose value is never stored in clear: encrypted field names and free-text identifiers."""
    keys = set(FREE_TEXT_IDENTIFIERS)
    for names in encrypted_fields().values():
        keys |= names
    return frozenset(keys)


def is_sensitive(name: str, model=None) -> bool:
    """True for a key of the registry, or for an encrypted field of `model` (whatever its name)."""
    if name in sensitive_keys():
        return True
    if model is not None:
        return name in encrypted_fields().get(model._meta.label, frozenset())
    return False


def is_encrypted_field(model, name: str) -> bool:
    """True for a field of `model` stored encrypted (the registry's model-derived part only)."""
    return name in encrypted_fields().get(model._meta.label, frozenset())


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def scrub(data, *, model=None, extra: frozenset | set | tuple = ()):
    """A copy of `data` (a dict, possibly nested in lists and dicts) in which the value of each
    sensitive key (the registry, encrypted fields of `model`, and `extra`) is replaced by
    RECORDED; a blank value stays blank (that nothing is recorded reveals no one)."""
    if isinstance(data, dict):
        clean = {}
        for key, value in data.items():
            if isinstance(key, str) and (key in extra or is_sensitive(key, model)):
                clean[key] = value if _blank(value) else RECORDED
            else:
                clean[key] = scrub(value, model=model, extra=extra)
        return clean
    if isinstance(data, list | tuple):
        return [scrub(item, model=model, extra=extra) for item in data]
    return data


def sensitive_values(obj, data: dict | None = None) -> list[str]:
    """The clear-text values of `obj`'s encrypted fields and of the sensitive keys of `data`."""
    values = []
    for name in encrypted_fields().get(obj._meta.label, ()) if obj is not None else ():
        values.extend(_texts(getattr(obj, name, None)))
    for key, value in (data or {}).items():
        if isinstance(key, str) and is_sensitive(key, type(obj) if obj is not None else None):
            values.extend(_texts(value))
    return values


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts(item)]
    return []


# A value this short ("Mr", a rank's initials) is not an identifier and would mangle the text.
_SHORTEST_REDACTED = 4


def redact(text: str, values) -> str:
    """`text` with each of `values` (and each phone-number-like digit run) replaced by a marker."""
    if not text:
        return text
    for value in sorted({v for v in values if len(v) >= _SHORTEST_REDACTED}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", _("(recorded)"), text, flags=re.IGNORECASE)
    return redact_phones(text)


# A phone number as people write it: an Indian mobile (10 digits from 6-9, maybe +91 / 0091 / 0
# before, maybe a space or dash after the fifth digit), or any run of ten or more digits (a
# landline with its code, an account number). Inside a longer word or number nothing matches.
PHONE_LIKE = re.compile(r"(?<!\w)(?:(?:(?:\+|00)91[ \-]?|0)?[6-9]\d{4}[ \-]?\d{5}|\d{10,})(?!\w)")


def redact_phones(text: str, marker: str = "[phone]") -> str:
    return PHONE_LIKE.sub(marker, text) if text else text


def history_tables_in_clear() -> list[str]:
    """Encrypted fields whose django-simple-history table would hold the value in clear."""
    encrypted = _encrypted_field_class()
    problems = []
    for model in apps.get_models():
        history = getattr(model, "history", None)
        historical = getattr(history, "model", None)
        if historical is None or historical is model:
            continue
        for name in encrypted_fields().get(model._meta.label, ()):
            copied = next((f for f in historical._meta.concrete_fields if f.name == name), None)
            if copied is not None and not isinstance(copied, encrypted):
                problems.append(f"{historical._meta.label}.{name}")
    return problems


# --- the guard on every writer of the transition log and the timeline -------------------------


def _scrub_before_save(sender, instance, **kwargs):
    if instance.data:
        instance.data = scrub(instance.data)
    summary = getattr(instance, "summary", None)
    if summary:
        instance.summary = redact_phones(summary)


def connect() -> None:
    """Called once from cases.apps: StageTransition and CaseEvent rows are scrubbed on insert."""
    for label in ("cases.StageTransition", "cases.CaseEvent"):
        pre_save.connect(_scrub_before_save, sender=label, dispatch_uid=f"sensitive-scrub-{label}")
