"""Serializer pieces every API module uses."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers


class StrictSerializer(serializers.Serializer):
    """Input that refuses fields it does not know (a misspelt field is an error, not silently ignored)."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        unknown = sorted(str(key) for key in data if key not in self.fields)
        if unknown:
            raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown[:20]})
        return super().to_internal_value(data)


class Code(serializers.CharField):
    """A reference row by its code (a state, an exploitation form): read only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


def form_data(form_class, data, **kwargs):
    """The web form's cleaned data for an API body, or a ValidationError naming each field at fault.
    Fields the form does not know are refused, not ignored."""
    if not isinstance(data, dict):
        raise ValidationError(_("Send a JSON object."))
    form = form_class(dict(data.items()), **kwargs)
    unknown = sorted(str(key) for key in data if key not in form.fields)
    errors = {key: [_("Unknown field.")] for key in unknown[:20]}
    if not form.is_valid():
        for name, messages in form.errors.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return form.cleaned_data
