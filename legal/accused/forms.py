"""Forms for accused persons and for reviewing a possible match."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import LinesField
from legal.models import (
    CaseAccused,
)


class AccusedForm(forms.Form):
    names = LinesField(label=_("Names"), required=False, help_text=_("One per line, as she knows them."))
    aliases = LinesField(label=_("Aliases"), required=False, help_text=_("One per line."))
    phones = LinesField(label=_("Phone numbers"), required=False, help_text=_("One per line."))
    addresses = LinesField(label=_("Addresses"), required=False, help_text=_("One per line."))
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    role = forms.ChoiceField(label=_("Part played"), choices=CaseAccused._meta.get_field("role").choices)
    # "" = check for matches first; "new" = record a new person; "<id>" = link the record offered.
    decision = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("names") and not cleaned.get("aliases") and not self.has_error("names"):
            self.add_error("names", _("Enter a name or an alias (as the survivor knows the person)."))
        return cleaned


class AccusedEditForm(AccusedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["role"], self.fields["decision"]


class MatchReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("same", _("Same person")), ("different", _("Different people"))])
