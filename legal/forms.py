"""Form pieces every legal form uses: no dates in the future, the version an edit was read
at, a yes/no/unknown choice, the team's lawyers as a choice.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DATE_INPUT
from cases.models import CaseAssignment, CaseRole

YES_NO_UNKNOWN = [("", _("Not known")), ("true", _("Yes")), ("false", _("No"))]


class NoFutureDatesMixin:
    """Every date field of the form: not in the future (a field error, never a 500)."""

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.DateField) and value and value > today:
                self.add_error(name, _("This date cannot be in the future."))
        return cleaned


def date_fields(form):
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DATE_INPUT


class VersionedForm(NoFutureDatesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_fields(self)


def yes_no_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        required=False,
        coerce=lambda v: {"true": True, "false": False}.get(v),
        empty_value=None,
    )


def team_lawyers(case):
    return (
        CaseAssignment.objects.active()
        .filter(case=case, role=CaseRole.LAWYER)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name
