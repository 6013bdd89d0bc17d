"""Forms for asking a lawyer to review the case file and for her answers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from legal.forms import UserChoiceField, team_lawyers
from legal.models import (
    CheckAnswer,
)
from legal.models.review import REVIEW_CHECKLIST


class ReviewRequestForm(forms.Form):
    lawyer = UserChoiceField(label=_("Lawyer on the team"), queryset=None)
    question = forms.CharField(
        label=_("What should the lawyer look at?"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        from consortium.models import User

        self.fields["lawyer"].queryset = User.objects.filter(pk__in=team_lawyers(case).values("user_id"))


class ReviewAnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    findings = forms.CharField(
        label=_("Findings"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in REVIEW_CHECKLIST:
            self.fields[name] = forms.ChoiceField(
                label=label, choices=CheckAnswer.choices, required=False, widget=forms.RadioSelect
            )
        self.order_fields(["version", *[n for n, _label in REVIEW_CHECKLIST], "findings"])

    def checklist(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name, _label in REVIEW_CHECKLIST}
