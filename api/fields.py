"""Serializer pieces every API module uses."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers


class StrictSerializer(serializers.Serializer):
    """Input that refuses fields it does not know (a misspelt field is an error, not silently ignored)."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        unknown = sorted(str(key) for key in data if key not in self.fields)
        if unknown:
            raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown[:20]})
        # Text is text: a number or a list where text is expected is refused, not turned into "42".
        wrong = {
            name: [_("Send text.")]
            for name, field in self.fields.items()
            if isinstance(field, serializers.CharField)
            and name in data
            and data[name] is not None
            and not isinstance(data[name], str)
        }
        # ...and so is each item of a list of texts (names, aliases): 0 is not the name "0".
        wrong |= {
            name: [_("Send a list of texts.")]
            for name, field in self.fields.items()
            if isinstance(field, serializers.ListField)
            and isinstance(field.child, serializers.CharField)
            and isinstance(data.get(name), list)
            and any(item is not None and not isinstance(item, str) for item in data[name])
        }
        # An empty string is not "none" for a reference: send null, or leave the field out.
        wrong |= {
            name: [_("Send null or leave the field out, not an empty text.")]
            for name, field in self.fields.items()
            if isinstance(field, serializers.RelatedField) and data.get(name) == ""
        }
        if wrong:
            raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


class Code(serializers.CharField):
    """A reference row by its code (a state, an exploitation form): read only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class StrictFilterBackend(DjangoFilterBackend):
    """A list's filters, where a filter given with no value, or a parameter the list does not know,
    is refused (400) rather than ignored: `?opened_before=` or `?statuss=open` is a mistake in the
    calling program, not a request for everything. A view names its own other parameters in
    `query_parameters`."""

    # Parameters every list takes besides its filters: its cursor pages, its ordering.
    COMMON = frozenset({"cursor", "page_size", "ordering"})

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = self.COMMON | set(getattr(view, "query_parameters", ()))
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            # A misspelt filter (`statuss=open`) would otherwise answer every case: refused.
            raise serializers.ValidationError({name[:60]: [_("Unknown parameter.")] for name in unknown[:20]})
        return super().filter_queryset(request, queryset, view)

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            empty = sorted(
                name
                for name in filterset_class.base_filters
                if name in request.query_params and not any(request.query_params.getlist(name))
            )
            if empty:
                raise serializers.ValidationError(
                    {name: [_("Give a value, or leave the filter out.")] for name in empty}
                )
        return kwargs


def _json_type_fits(field, value) -> bool:
    """Whether a JSON value is of a type the web form's field reads: text for text and dates, a
    number (or its text) for numbers and records by id, true/false for a tick, a list for a
    multiple choice; null for anything left empty."""
    if value is None or isinstance(value, str):
        return True
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return isinstance(value, list) and all(isinstance(v, str | int) and not isinstance(v, bool) for v in value)
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return isinstance(value, bool)
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField | forms.ModelChoiceField):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return False


def form_data(form_class, data, *, shape=None, **kwargs):
    """The web form's cleaned data for an API body, or a ValidationError naming each field at fault
    (see valid_form)."""
    return valid_form(form_class, data, shape=shape, **kwargs).cleaned_data


def valid_form(form_class, data, *, shape=None, **kwargs):
    """The web form bound to an API body and valid (for a form whose `service_data()` gives the
    service's arguments), or a ValidationError naming each field at fault. Fields the form does not
    know are refused, not ignored. `shape`, the body's documented serializer, is checked first: the
    JSON types the schema promises (text is text, a number a number), before the form's own rules."""
    if not isinstance(data, dict):
        raise ValidationError(_("Send a JSON object."))
    errors: dict[str, list] = {}
    if shape is not None:
        checked = shape(data=data)
        if not checked.is_valid():
            errors = {name: [str(m) for m in messages] for name, messages in checked.errors.items()}
            if any(not isinstance(v, list) or not all(isinstance(m, str) for m in v) for v in checked.errors.values()):
                raise serializers.ValidationError(checked.errors)  # nested errors: named by their path
    fields = form_class(**kwargs).fields
    for key, value in data.items():
        if key not in fields:
            errors.setdefault(str(key), [_("Unknown field.")])
        elif not _json_type_fits(fields[key], value):
            errors.setdefault(key, [_("Wrong type of value for this field.")])
    # The form sees only what passed the shape: a value of the wrong type never reaches its rules.
    form = form_class({k: v for k, v in data.items() if k not in errors}, **kwargs)
    if not form.is_valid():
        for name, messages in form.errors.items():
            if name not in errors:
                errors[name] = list(messages)
    if errors:
        raise ValidationError(errors)
    return form
