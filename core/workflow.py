"""The workflow engine: one spec per workflow, and the one function that moves a record a step.

Each workflow (investigation, court, compensation, repatriation) declares its steps once, in its
app's `workflow.py`, as a `WorkflowSpec` of `Step`s. A step says, for one django-fsm transition
of the model:

- `label`: what the button and the form's title say;
- `date_field`: the model field its date goes to (also the stage history's "happened on");
- `inputs`: the other model fields its form asks for, prefilled with what is recorded;
- `optional`: which of those (and the date) may be left blank;
- `sets`: fields the transition or the workflow's `clean` also writes (derived values);
- `starts` / `fulfils` / `cancels`: the deadline rules it touches (applied by the engine);
- `survivor_event`: the update she is owed when it happens (cases.survivor_messages);
- `timeline`: the timeline text, a format with %(what)s, %(from)s, %(to)s and the values (kept
  as a core.phrases.Phrase, shown in each reader's language), or a callable
  `(moved, from_stage, values) -> Phrase | str`;
- `private`: inputs kept out of the plain-JSON transition log (they are encrypted fields). The
  engine does not rely on it alone: every sensitive value is logged only as "recorded" and never
  repeated in timeline text.

Who may take a step stays on the model's @transition (`permission=`), with its conditions.

`apply_step` is the only way a person moves a workflow. It refuses a stale page (someone else
moved or edited it: "changed by X at T"), an unknown value, a date in the future, and any input
that would blank a value already recorded unless the person confirms the clearing and gives a
reason (kept on the transition's note). Values not asked for are never touched. `StepForm` builds
the form from the same spec, so what a form asks and what the service accepts cannot drift apart.

What a move leaves behind is the case hub's: its stage-history row, its timeline event, its
deadlines and the survivor's update owed. The engine asks its `recorder()` for them, which the
case hub installs when Django starts (cases.transitions.CaseRecorder, in cases/apps.py), so core
imports no feature app (.importlinter).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.concurrency import lock_for_edit
from core.phrases import Phrase
from core.web import add_form_errors

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BOOKKEEPING = frozenset({"stage", "version", "updated_at", "updated_by", "updated_by_id"})
CLEAR_CONFIRM = "confirm_clear"
CLEAR_REASON = "clear_reason"


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    date_field: str | None = None
    date_default_today: bool = False
    inputs: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    extra_inputs: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    fulfils: tuple[str, ...] = ()
    cancels: tuple[str, ...] = ()
    cancel_reason: str = ""
    survivor_event: str | None = None
    timeline: str | Callable | None = None
    private: tuple[str, ...] = ()
    help: str = ""
    source: str = ""
    side: bool = False
    danger: bool = False
    own_form: str | None = None
    manual: bool = True

    @property
    def fields(self) -> tuple[str, ...]:
        """The model fields this step's form asks for: the date first."""
        return ((self.date_field,) if self.date_field else ()) + tuple(n for n in self.inputs if n != self.date_field)

    @property
    def may_change(self) -> frozenset:
        return frozenset(self.fields) | frozenset(self.sets) | BOOKKEEPING

    def is_optional(self, name: str) -> bool:
        if name == self.date_field:
            return self.date_default_today or name in self.optional
        return name in self.optional


@dataclass(frozen=True)
class WorkflowSpec:
    """A workflow's steps and the few hooks that differ between workflows.

    - `clean(obj, step, values, actor, extra) -> values`: the workflow's own checks and derived
      values (raise ValidationError with field keys); `obj` is the locked, current record.
    - `after(moved, step, from_stage, actor, values)`: work beyond the declared deadlines.
    - `start_deadline(obj, rule_code, step, actor)`: how this workflow opens a rule it declares
      in `starts` (title, trigger, state); fulfils/cancels act on `deadline_subjects(obj, code)`.
    - `hidden_inputs(access) -> set`: inputs this person may not see (never asked, never set).
    - `formfield(name, obj) -> forms.Field | None`: a form field other than the model's own.
    - `form_extras(form, obj, step)`: adds fields for `extra_inputs`.
    - `access_for(actor, obj)`: the access object the model's permissions take.
    """

    name: str
    model: type[models.Model]
    event_kind: str
    steps: tuple[Step, ...]
    clean: Callable | None = None
    after: Callable | None = None
    start_deadline: Callable | None = None
    deadline_subjects: Callable | None = None
    hidden_inputs: Callable | None = None
    formfield: Callable | None = None
    form_extras: Callable | None = None
    recorded_keys: Callable | None = None
    by_name: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        names = [s.name for s in self.steps]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.name}: a step is declared twice")
        self.by_name.update({s.name: s for s in self.steps})

    def step(self, name: str) -> Step:
        try:
            return self.by_name[name]
        except KeyError:
            raise ValidationError(_("Unknown action."), code="unknown_step") from None

    def step_or_404(self, name: str) -> Step:
        try:
            return self.by_name[name]
        except KeyError:
            raise Http404 from None

    def manual_steps(self) -> list[Step]:
        return [s for s in self.steps if s.manual]


REGISTRY: dict[str, WorkflowSpec] = {}


def register(spec: WorkflowSpec) -> WorkflowSpec:
    REGISTRY[spec.name] = spec
    return spec


# --- what a move leaves behind: the case hub's recorder ----------------------------------------


class Recorder(Protocol):
    """What the engine asks of the app that keeps the record of moves (the case hub)."""

    def move(self, *, obj, transition: str, access, actor, workflow: str, **kwargs: Any) -> Any:
        """Take the django-fsm transition on the locked `obj` and record it (history, timeline)."""

    def apply_deadlines(self, spec: WorkflowSpec, moved, step: Step, actor, on: datetime.date | None) -> None:
        """Start, fulfil and cancel the deadlines the step declares."""

    def is_sensitive(self, name: str, model: type) -> bool:
        """Whether a field's value may not be repeated in the timeline."""

    def stage_label(self, obj, stage: str | None = None) -> str:
        """A stage as people read it."""


_recorder: Recorder | None = None


def use_recorder(installed: Recorder) -> None:
    global _recorder
    _recorder = installed


def recorder() -> Recorder:
    if _recorder is None:
        raise ImproperlyConfigured("No workflow recorder: the cases app installs it when Django starts.")
    return _recorder


# --- values ------------------------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - not a model field (an extra input)
        return None


def recorded_value(obj, name):
    f = _model_field(type(obj), name)
    if f is not None and f.is_relation and f.many_to_one:
        return getattr(obj, f.attname)
    return getattr(obj, name, None)


def would_blank(obj, step: Step, values: dict) -> list[str]:
    """Inputs of the step that are recorded on `obj` and that `values` would blank."""
    return [
        name
        for name in step.fields
        if name in values and _blank(values[name]) and not _blank(recorded_value(obj, name))
    ]


def _label_of(model, name) -> str:
    f = _model_field(model, name)
    return str(f.verbose_name) if f is not None else name.replace("_", " ")


def _normalise(values: dict) -> dict:
    clean = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        clean[name] = value
    return clean


# --- the engine ------------------------------------------------------------------------------------


@transaction.atomic
def apply_step(
    *,
    spec: WorkflowSpec,
    obj,
    step: str | Step,
    actor,
    access,
    values: dict | None = None,
    expected_version: int | None = None,
    note: str = "",
    clear: Iterable[str] = (),
    clear_reason: str = "",
    extra: dict | None = None,
    summary=None,
):
    """Move `obj` one step of `spec` for `actor`; returns the moved record (a fresh instance).

    `values` are the step's inputs as the form submitted them (a key left out is not touched);
    `clear` names recorded inputs the person confirmed she wants blanked, with `clear_reason`;
    `extra` carries the step's non-model inputs to the workflow's `clean`.
    """
    step = step if isinstance(step, Step) else spec.step(step)
    model = spec.model
    locked = lock_for_edit(model, obj.pk, expected_version)
    values = _normalise(dict(values or {}))
    hidden = set(spec.hidden_inputs(access)) if spec.hidden_inputs else set()
    unknown = set(values) - set(step.fields)
    if unknown:
        raise ValidationError(
            _("Unexpected information for this step: %(names)s.") % {"names": ", ".join(sorted(unknown))},
            code="unexpected",
        )
    for name in hidden:
        values.pop(name, None)
    errors: dict = {}
    today = timezone.localdate()
    if step.date_field:
        day = values.get(step.date_field)
        if isinstance(day, datetime.datetime):
            day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
        if _blank(day):
            if step.date_default_today:
                values[step.date_field] = today
            elif _blank(recorded_value(locked, step.date_field)) and step.date_field not in step.optional:
                errors[step.date_field] = _("Enter the date.")
        elif day is not None and day > today:
            errors[step.date_field] = _("This date cannot be in the future.")
    for name in step.fields:
        if name == step.date_field or name in hidden:
            continue
        if name not in step.optional and _blank(values.get(name)) and _blank(recorded_value(locked, name)):
            errors.setdefault(name, _("This is needed for this step."))
    clear = set(clear or ())
    blanked = would_blank(locked, step, values)
    unconfirmed = [n for n in blanked if n not in clear]
    if unconfirmed or (blanked and not (clear_reason or "").strip()):
        for name in blanked:
            errors.setdefault(
                name,
                ValidationError(
                    _(
                        "“%(value)s” is recorded here. To clear it, tick “clear recorded values” and say why; "
                        "otherwise keep it."
                    )
                    % {"value": recorded_value(locked, name)},
                    code="would_blank",
                ),
            )
    if errors:
        raise ValidationError(errors)
    if spec.clean:
        values = spec.clean(locked, step, values, actor, extra or {})
    # Blank values that the person did not confirm clearing are the recorded ones, kept.
    values = {k: v for k, v in values.items() if not (_blank(v) and k not in clear and k in step.fields)}
    effective_on = values.get(step.date_field) if step.date_field else None
    if isinstance(effective_on, datetime.datetime):
        effective_on = timezone.localtime(effective_on).date() if timezone.is_aware(effective_on) else effective_on
    if effective_on is None and step.date_field:
        effective_on = recorded_value(locked, step.date_field)
    if isinstance(effective_on, datetime.datetime):
        effective_on = effective_on.date()
    if blanked:
        reason = _("Cleared %(fields)s: %(reason)s") % {
            "fields": ", ".join(_label_of(model, n) for n in blanked),
            "reason": clear_reason.strip(),
        }
        note = f"{note.strip()}\n{reason}".strip()
    recorded_keys = None
    if spec.recorded_keys:
        recorded_keys = set(spec.recorded_keys(step))
    elif step.private:
        recorded_keys = set(values) - set(step.private)
    private = {k: values.pop(k) for k in list(values) if k in step.private}
    timeline = summary or _timeline(step, values)
    from_stage = locked.stage
    moved = recorder().move(
        obj=locked,
        transition=step.name,
        access=access,
        actor=actor,
        workflow=spec.name,
        effective_on=min(effective_on, today) if effective_on else None,
        expected_version=None,
        note=note,
        data=values,
        summary=timeline,
        event_kind=spec.event_kind,
        recorded_keys=recorded_keys,
        survivor_event=step.survivor_event,
        cleared=blanked,
    )
    if private:
        for name, value in private.items():
            setattr(moved, name, value)
        moved.save(update_fields=[*private, *(["updated_at"] if hasattr(moved, "updated_at") else [])])
    moved = model._default_manager.get(pk=moved.pk)
    recorder().apply_deadlines(spec, moved, step, actor, on=min(effective_on, today) if effective_on else None)
    if spec.after:
        spec.after(moved, step, from_stage, actor, values)
    return moved


def display_value(value) -> str:
    """A recorded value as people read it: dates as "30 Nov 2027", nothing as an empty string."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.day} {value:%b %Y, %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%b %Y}"
    return str(value)


def _timeline(step: Step, values: dict):
    if step.timeline is None:
        return ""
    if callable(step.timeline):
        return lambda moved, from_stage: step.timeline(moved, from_stage, values)
    timeline = step.timeline

    def render(moved, from_stage) -> Phrase:
        # The timeline's text is plain: a sensitive value (cases.sensitive) is named as recorded,
        # never repeated; who may see it reads it on the record. A phrase (core.phrases), shown in
        # each reader's language: its values are taken in English, and only those the text uses.
        hooks = recorder()
        parts: dict[str, Any] = {}
        with translation.override("en"):
            used = set(_PLACEHOLDER.findall(str(timeline)))
            for name in (*step.fields, *step.sets):
                if name not in used:
                    continue
                value = getattr(moved, name, "")
                if hooks.is_sensitive(name, type(moved)):
                    parts[name] = "" if _blank(value) else Phrase(gettext_noop("recorded"))
                elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                    parts[name] = value  # shown as display_value shows it, in the reader's script
                else:
                    parts[name] = display_value(value)
            parts.update(
                {"what": str(moved), "from": hooks.stage_label(moved, from_stage), "to": hooks.stage_label(moved)}
            )
            return Phrase(timeline, **parts)

    return render


# A "%(name)s" placeholder of a timeline text.
_PLACEHOLDER = re.compile(r"%\((\w+)\)")


class ImproperlyDeclared(Exception):
    pass


# --- the form -----------------------------------------------------------------------------------------


class StepForm(forms.Form):
    """The form of one step: its date and inputs, prefilled with what is recorded."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, spec: WorkflowSpec, step: Step, obj, access=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec, self.step, self.obj = spec, step, obj
        hidden = set(spec.hidden_inputs(access)) if spec.hidden_inputs else set()
        fields = {}
        for name in step.fields:
            if name in hidden:
                continue
            field_ = spec.formfield(name, obj) if spec.formfield else None
            model_field = _model_field(spec.model, name)
            if field_ is None and model_field is None:
                # A value the step takes that the record does not keep, e.g. "effective_on".
                field_ = (
                    forms.DateField(label=_("Happened on"), widget=DATE_INPUT)
                    if name.endswith("_on")
                    else forms.CharField(label=name.replace("_", " ").capitalize(), max_length=300)
                )
            elif field_ is None:
                field_ = model_field.formfield()
                if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
                    field_.widget = DATE_INPUT
                elif isinstance(model_field, models.DateTimeField):
                    field_.widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
                elif isinstance(model_field, models.TextField):
                    field_.widget = forms.Textarea(attrs={"rows": 2})
            field_.required = not (
                step.is_optional(name) or not _blank(recorded_value(obj, name)) and name != step.date_field
            )
            if name == step.date_field and step.date_default_today:
                field_.help_text = _("Leave empty for today.")
            fields[name] = field_
            recorded = recorded_value(obj, name)
            if not self.is_bound and not _blank(recorded):
                if isinstance(recorded, datetime.datetime):
                    recorded = timezone.localtime(recorded) if timezone.is_aware(recorded) else recorded
                self.initial.setdefault(name, recorded)
        self.fields = {**fields, **self.fields}
        if step.date_field and step.date_field in self.fields and step.date_field not in step.optional:
            self.fields[step.date_field].required = not step.date_default_today
        if spec.form_extras:
            spec.form_extras(self, obj, step)
        self.fields[CLEAR_CONFIRM] = forms.BooleanField(
            label=gettext_lazy("Clear recorded values I emptied"), required=False
        )
        self.fields[CLEAR_REASON] = forms.CharField(
            label=gettext_lazy("Why are they cleared?"), required=False, max_length=300
        )
        if not self.is_bound:
            self.initial.setdefault("version", obj.version)
        self.show_clear = False

    def clean(self):
        cleaned = super().clean() or {}
        today = timezone.localdate()
        for name, field_ in self.fields.items():
            value = cleaned.get(name)
            if isinstance(value, datetime.datetime):
                value = value.date()
            if isinstance(field_, forms.DateField | forms.DateTimeField) and value and value > today:
                self.add_error(name, _("This date cannot be in the future."))
        blanked = would_blank(self.obj, self.step, {k: cleaned.get(k) for k in self.step.fields if k in self.fields})
        if blanked and not (cleaned.get(CLEAR_CONFIRM) and (cleaned.get(CLEAR_REASON) or "").strip()):
            self.show_clear = True
            for name in blanked:
                self.add_error(
                    name,
                    _(
                        "“%(value)s” is recorded here. To clear it, tick “clear recorded values” and say why; "
                        "otherwise keep it."
                    )
                    % {"value": recorded_value(self.obj, name)},
                )
        return cleaned

    # What the service takes.
    @property
    def values(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in self.step.fields if k in self.fields}

    @property
    def extra(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in self.step.extra_inputs if k in self.fields}

    @property
    def clear(self) -> list[str]:
        if not self.cleaned_data.get(CLEAR_CONFIRM):
            return []
        return would_blank(self.obj, self.step, self.values)

    def apply(self, *, actor, access, summary=None):
        return apply_step(
            spec=self.spec,
            obj=self.obj,
            step=self.step,
            actor=actor,
            access=access,
            values=self.values,
            expected_version=self.cleaned_data["version"],
            note=self.cleaned_data.get("note") or "",
            clear=self.clear,
            clear_reason=self.cleaned_data.get(CLEAR_REASON) or "",
            extra=self.extra,
            summary=summary,
        )


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's refusal on a step's form (core.web.add_form_errors), and offer the "clear
    recorded values" confirmation when the refusal asks for it (a StepForm, or an own form that
    offers it: legal.court.forms)."""
    if hasattr(exc, "error_dict") and any("clear recorded values" in m for m in exc.messages):
        setattr(form, "show_clear", True)  # noqa: B010 - an attribute of the step forms, not of forms.Form
    add_form_errors(form, exc)
