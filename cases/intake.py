"""Blocks of the case-opening form that belong to an app above cases.

Opening a case records who she is, what happened and who leads it (cases). Some facts known at
intake are another app's records: her rescue is the care record's (care.models.Rescue), so its
deadlines open the moment the case does. Cases does not import that app: the app registers an
`IntakeSection` here from its AppConfig.ready() (care/apps.py is the example), and

- the case-opening page shows each section's form as a fieldset, after "What happened";
- `cases.services.case_open(intake={key: data})` calls the section's `save` in the same
  transaction as the case, so a refusal there saves nothing at all;
- a refusal keyed by one of the section's `error_fields` is shown on that field of its block.

To add a block: a form with `intake_data()` (the dict for `save`, or None when left empty), a
save function `save(*, actor, case, data)` that raises ValidationError keyed by field, and a
template fragment that renders the form (given as `form`). Register it in your app's ready().
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms

__all__ = ["IntakeSection", "register", "section", "sections"]


@dataclass(frozen=True)
class IntakeSection:
    key: str
    form_class: type[forms.Form]
    template: str
    save: Callable[..., Any]
    # A key of save()'s ValidationError → the form field it is shown on (same name when absent).
    error_fields: Mapping[str, str] = field(default_factory=dict)
    order: int = 100

    def field_for(self, key: str, form: forms.Form) -> str | None:
        name = self.error_fields.get(key, key)
        return name if name in form.fields else None


_SECTIONS: dict[str, IntakeSection] = {}


def register(intake_section: IntakeSection) -> None:
    """Called from an AppConfig.ready(); registering a key twice replaces it (autoreload)."""
    _SECTIONS[intake_section.key] = intake_section


def sections() -> list[IntakeSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def section(key: str) -> IntakeSection:
    try:
        return _SECTIONS[key]
    except KeyError:
        raise TypeError(f"case_open: no intake section {key!r} (registered: {sorted(_SECTIONS)})") from None
