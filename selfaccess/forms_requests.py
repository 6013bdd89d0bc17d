"""Her requests' forms (her side: plain words) and her caseworker's answer form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import requests
from .models import SurvivorRequest


class _HerChoice(forms.ModelChoiceField):
    def __init__(self, *args, words, **kwargs):
        self.words = words
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.words(obj)


def _message_field():
    return forms.CharField(
        label=_("Anything to add? (you can leave this empty)"),
        required=False,
        max_length=requests.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 28, "maxlength": requests.MESSAGE_MAX}),  # fits 320 px
        error_messages={"max_length": _("Please write at most %(limit_value)d letters.")},
    )


class CallBackForm(forms.Form):
    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"] = _message_field()


class CannotAttendForm(forms.Form):
    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hearing"] = _HerChoice(
            queryset=requests.her_hearings(account),
            words=requests.hearing_words,
            label=_("Which date?"),
            widget=forms.RadioSelect,
            empty_label=None,
            error_messages={"required": _("Choose the date."), "invalid_choice": _("Choose one of your dates.")},
        )
        self.fields["message"] = _message_field()


class ConsentChangeForm(forms.Form):
    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"] = _HerChoice(
            queryset=requests.her_consents(account),
            words=requests.purpose_words,
            label=_("Which one?"),
            widget=forms.RadioSelect,
            empty_label=None,
            error_messages={
                "required": _("Choose one."),
                "invalid_choice": _("Choose one of your consents."),
            },
        )
        self.fields["wants"] = forms.ChoiceField(
            label=_("What do you want?"),
            choices=requests.Wants.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Say if you want to stop it or change it.")},
        )
        self.fields["message"] = _message_field()


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    answer = forms.CharField(
        label=_("Answer shown to her on her page"),
        help_text=_("Plain words, in her language. Required when it is not done: say why."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, survivor_request: SurvivorRequest, **kwargs):
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        outcome.choices = requests.outcomes_for(survivor_request)
        self.fields["version"].initial = survivor_request.version
