"""Serializer pieces every API module uses."""

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
    """A list's filters, where a filter given with no value is refused (400) rather than ignored:
    `?opened_before=` is a mistake in the calling program, not a request for everything."""

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
    if shape is not None:
        shape(data=data).is_valid(raise_exception=True)
    form = form_class(dict(data.items()), **kwargs)
    unknown = sorted(str(key) for key in data if key not in form.fields)
    errors = {key: [_("Unknown field.")] for key in unknown[:20]}
    if not form.is_valid():
        for name, messages in form.errors.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return form
