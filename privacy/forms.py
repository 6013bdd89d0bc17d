import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ErasureRequest


class ErasureRequestForm(forms.Form):
    requested_on = forms.DateField(
        label=_("She asked on"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    how = forms.ChoiceField(label=_("How she asked"), choices=ErasureRequest.How.choices)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is declined"),
        max_length=300,
        help_text=_("For example the law that requires keeping it. No names. She must be told."),
    )


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Which law or order requires keeping her records"),
        max_length=300,
        help_text=_("E.g. 'Trial pending, she is the main witness'. No names."),
    )


class AccessReportForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    MAX_DAYS = 3 * 366

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("'From' is after 'To'."))
            if (end - start) > datetime.timedelta(days=self.MAX_DAYS):
                raise forms.ValidationError(_("Choose a period of at most three years."))
        return cleaned
