"""A workflow step through the API: the same `StepForm` the web page uses validates the values
(types, required inputs, no future dates, no silent blanking of a recorded value), and the same
service moves the record. So a step taken through the API obeys exactly the web's rules.

    class FirTransitions(CaseScopedGeneric):
        def get(...):  return Response(steps_available(INVESTIGATION, fir))
        def post(...):
            form = validated_step(spec=INVESTIGATION, obj=fir, access=self.access, data=request.data)
            moved = services.fir_transition(actor=request.user, fir=fir, **service_arguments(form))

A body: {"transition": "start_investigation", "version": 3, "values": {"...": "2026-11-02"},
"note": "", "clear_recorded": false, "clear_reason": ""}. An input left out of `values` keeps what is
recorded; one sent empty (null or "") clears it, only with `clear_recorded` and a reason.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.workflow import CLEAR_CONFIRM, CLEAR_REASON, StepForm, WorkflowSpec, recorded_value

from .fields import StrictSerializer


class TransitionSerializer(StrictSerializer):
    transition = serializers.CharField(max_length=60, help_text="The step's name, from GET .../transitions/.")
    version = serializers.IntegerField(
        min_value=0, help_text="The record's version as you read it: a stale one is refused (409)."
    )
    values = serializers.DictField(
        required=False,
        default=dict,
        help_text="The step's inputs (dates as YYYY-MM-DD), by the names GET lists; one left out is kept.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    clear_recorded = serializers.BooleanField(
        required=False, default=False, help_text="Confirm that inputs you send empty clear recorded values."
    )
    clear_reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class StepFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    required = serializers.BooleanField()
    kind = serializers.CharField(help_text="date, datetime, text, number, boolean, choice or choices.")
    choices = serializers.ListField(child=serializers.CharField(), required=False)


class StepSerializer(serializers.Serializer):
    transition = serializers.CharField()
    label = serializers.CharField()
    allowed_now = serializers.BooleanField(help_text="Whether the record's stage allows this step now.")
    fields = StepFieldSerializer(many=True)


def _kind(field) -> str:
    from django import forms

    for kind, classes in (
        ("datetime", forms.DateTimeField),
        ("date", forms.DateField),
        ("boolean", forms.BooleanField | forms.NullBooleanField),
        ("number", forms.IntegerField | forms.DecimalField | forms.FloatField),
        ("choices", forms.MultipleChoiceField | forms.ModelMultipleChoiceField),
        ("choice", forms.ChoiceField | forms.ModelChoiceField),
    ):
        if isinstance(field, classes):
            return kind
    return "text"


def steps_available(spec: WorkflowSpec, obj, access, stage_field: str = "stage") -> list[dict]:
    """Every manual step of the workflow, whether the record's stage allows it now, and its inputs.
    A step recorded with its own record (the court's judgment, sentence, appeal: `own_form`) is not
    one of them: it has its own endpoint, as it has its own page."""
    steps = []
    for step in spec.manual_steps():
        if step.own_form:
            continue
        form = StepForm(spec=spec, step=step, obj=obj, access=access)
        fields = []
        for name in step.fields:
            if name not in form.fields:
                continue
            field = form.fields[name]
            entry = {"name": name, "label": str(field.label or name), "required": field.required, "kind": _kind(field)}
            if entry["kind"] in ("choice", "choices"):
                entry["choices"] = [str(value) for value, _label in field.choices if value not in ("", None)][:200]
            fields.append(entry)
        transition = getattr(type(obj), step.name, None)
        allowed = bool(transition) and transition._django_fsm.has_transition(getattr(obj, stage_field))
        steps.append({"transition": step.name, "label": str(step.label), "allowed_now": allowed, "fields": fields})
    return StepSerializer(steps, many=True).data


def validated_step(*, spec: WorkflowSpec, obj, access, data) -> StepForm:
    """The step's form, filled from the API body and valid; else a ValidationError (400) naming each
    input at fault as `values.<name>`."""
    body = TransitionSerializer(data=data)
    body.is_valid(raise_exception=True)
    body = body.validated_data
    step = spec.step(body["transition"])
    if not step.manual:
        raise ValidationError({"transition": _("This step is recorded by Nyaya itself, not by hand.")})
    if step.own_form:
        raise ValidationError({"transition": _("This step is recorded with its own record, not as a step.")})
    values = body["values"]
    # An input left out keeps what is recorded (as the web's step page, prefilled with it, does);
    # an input sent empty would clear it, which needs `clear_recorded` and a reason.
    recorded = {name: recorded_value(obj, name) for name in step.fields}
    form = StepForm(
        {
            **{k: v for k, v in recorded.items() if v not in (None, "")},
            **{k: v for k, v in values.items() if k in step.fields or k in step.extra_inputs},
            "version": body["version"],
            "note": body["note"],
            CLEAR_CONFIRM: body["clear_recorded"],
            CLEAR_REASON: body["clear_reason"],
        },
        spec=spec,
        step=step,
        obj=obj,
        access=access,
    )
    unknown = sorted(set(values) - set(form.fields) - {CLEAR_CONFIRM, CLEAR_REASON, "version", "note"})
    errors = {f"values.{name}": [_("Unknown input for this step.")] for name in unknown}
    if not form.is_valid():
        for name, messages in form.errors.items():
            key = name if name in ("version", "note", "__all__") else f"values.{name}"
            if name == CLEAR_REASON:
                key = "clear_reason"
            errors.setdefault(key if key != "__all__" else "non_field_errors", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return form


def service_arguments(form: StepForm) -> dict:
    """What every workflow's transition service takes from a valid step form."""
    return {
        "transition": form.step.name,
        "expected_version": form.cleaned_data["version"],
        "data": form.values,
        "note": form.cleaned_data.get("note") or "",
        "clear": form.clear,
        "clear_reason": form.cleaned_data.get(CLEAR_REASON) or "",
    }
