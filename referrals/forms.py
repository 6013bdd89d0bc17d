"""Forms of referrals: sending one (or a transfer of lead), answering it, closing it with its outcome.

Each form's cleaned data are the keyword arguments of its service (referrals.services); the
service decides, the form only reads the input (a refusal lands on the form: core.web.save_form).
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import CaseDocument
from consortium.models import Membership, User
from core.workflow import DATE_INPUT

from .models import Referral, Service

DEFAULT_DAYS_TO_ANSWER = 7


class _PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class _DocumentField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_doc_type_display()}: {obj.title}"


class ReferralSendForm(forms.Form):
    """A referral (a service, or the whole case) or, with `transfer=True`, a transfer of lead."""

    service = forms.ChoiceField(label=_("What she needs"), choices=[("", "---------"), *Service.choices])
    receiving_organisation = forms.ModelChoiceField(label=_("Refer to"), queryset=None)
    receiving_person = _PersonField(
        label=_("A person there (optional)"),
        queryset=None,
        required=False,
        help_text=_("Named, she joins the case team when her organisation accepts; else the person who accepts."),
    )
    respond_by = forms.DateField(label=_("Answer by"), widget=DATE_INPUT)
    message = forms.CharField(
        label=_("Message to the receiving organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "They read this before they accept and before they can see her case: what she needs and why. "
            "Do not write her name, contacts or address."
        ),
    )
    documents = _DocumentField(
        label=_("Documents to share"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Before accepting they see only the type and title of each; after, the people on her team with a "
            "role that sees documents open them from the referral's page (each opening is logged)."
        ),
    )

    def __init__(self, *args, case, organisations, transfer: bool = False, show_documents: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_organisation"].queryset = organisations
        self.fields["receiving_person"].queryset = (
            User.objects.filter(
                pk__in=Membership.objects.active().filter(organisation__in=organisations).values("user_id")
            )
            .order_by("first_name", "last_name", "pk")
            .distinct()
        )
        if transfer:
            del self.fields["service"]
            self.fields["receiving_organisation"].label = _("New lead organisation")
            self.fields["receiving_person"].label = _("Its new lead caseworker (optional)")
            self.fields["respond_by"].label = _("Answer by")
        if show_documents:
            self.fields["documents"].queryset = CaseDocument.objects.filter(case=case).order_by("-uploaded_at", "-pk")
        else:
            del self.fields["documents"]
        if not self.is_bound:
            self.initial.setdefault(
                "respond_by", timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS_TO_ANSWER)
            )


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    receiving_person = _PersonField(
        label=_("Who takes it on"),
        queryset=None,
        required=False,
        help_text=_("She joins the case team. Leave empty for the person the referral names, else yourself."),
    )

    def __init__(self, *args, referral: Referral, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_person"].queryset = people
        if not self.is_bound:
            self.initial.setdefault("version", referral.version)


class DeclineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Why you decline"), choices=[("", "---------"), *Referral.DeclineReason.choices])
    note = forms.CharField(
        label=_("Note for the sending organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("version", referral.version)


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Referral.Outcome.choices, widget=forms.RadioSelect, required=True
    )
    outcome_on = forms.DateField(label=_("On"), widget=DATE_INPUT)
    follow_up_on = forms.DateField(label=_("Follow up on (optional)"), widget=DATE_INPUT, required=False)
    note = forms.CharField(
        label=_("Note (follow-up)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("version", referral.version)
            self.initial.setdefault("outcome_on", timezone.localdate())
