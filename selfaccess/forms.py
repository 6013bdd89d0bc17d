"""Forms of her sign-in (access code, PIN, choosing a PIN, SMS code, language) and of her
caseworker's page (suspend, SMS codes, the record's version)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import codes, otp
from .models import LANGUAGE_NAMES

HER_LANGUAGES = list(LANGUAGE_NAMES)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        help_text=_("The code on the paper from your caseworker. Spaces and dashes do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = codes.normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Type the code from your paper."))
        return code


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("Your PIN"),
        max_length=20,
        strip=True,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ChoosePinForm(forms.Form):
    pin = forms.CharField(
        label=_("Choose a PIN"),
        max_length=20,
        strip=True,
        help_text=_("4 to 8 numbers. Keep it to yourself."),
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )
    pin_again = forms.CharField(
        label=_("The same PIN again"),
        max_length=20,
        strip=True,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )


class SmsCodeForm(forms.Form):
    sms_code = forms.CharField(
        label=_("The code in the SMS"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_sms_code(self):
        code = otp.normalise(self.cleaned_data["sms_code"])
        if not code:
            raise forms.ValidationError(_("Type the numbers from the SMS."))
        return code


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=HER_LANGUAGES)


# --- her caseworker's page -------------------------------------------------------------------------


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example: her phone was taken. Only her caseworkers see this."),
    )
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False, widget=forms.HiddenInput)


class SmsCodesForm(forms.Form):
    enabled = forms.TypedChoiceField(
        label=_("One-time code by SMS at each sign-in"),
        choices=[("1", _("On")), ("0", _("Off"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    phone = forms.ChoiceField(label=_("To her phone"), required=False, choices=[])
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, phones=(), **kwargs):
        super().__init__(*args, **kwargs)
        phone = self.fields["phone"]
        assert isinstance(phone, forms.ChoiceField)
        phone.choices = [("", "—"), *((p, p) for p in phones)]
