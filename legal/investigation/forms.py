"""Forms of the Investigation tab. They check shape (dates, required values); the rules
(stage, role, order of dates against the FIR) are the services' and come back as field errors."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DATE_INPUT, PlaceFieldsMixin
from consortium.models import Organisation, State
from legal.forms import NoFutureDatesMixin, VersionedForm, date_fields, yes_no_field
from legal.models import (
    FIR,
    Act,
    AdvocacyAction,
    BailStatus,
    CaseAccused,
    ChainRole,
    Custody,
    FailurePoint,
    FIRAccused,
    MedicalExamination,
    PoliceRequest,
    Statement,
)


class FIRForm(PlaceFieldsMixin, NoFutureDatesMixin, forms.ModelForm):
    place_pairs = (("state", "district"),)

    class Meta:
        model = FIR
        fields = [
            "state",
            "district",
            "police_station",
            "chain_role",
            "offence_on",
            "reported_on",
            "io_name",
            "io_rank",
            "io_phone",
        ]
        help_texts = {"reported_on": _("The day the complaint reached the police (or the rescue began).")}

    def __init__(self, *args, show_officer_contact=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places()
        date_fields(self)
        self.fields["chain_role"].choices = ChainRole.choices
        if not show_officer_contact:
            del self.fields["io_name"], self.fields["io_phone"]

    def clean(self):
        return self.check_places(super().clean())


class FIREditForm(FIRForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(FIRForm.Meta):
        fields = [
            "district",
            "police_station",
            "chain_role",
            "offence_on",
            "preliminary_enquiry_on",
            "io_name",
            "io_rank",
            "io_phone",
        ]

    place_pairs = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from consortium.models import District

        self.fields["district"].queryset = District.objects.filter(state=self.instance.state_id)


class ChargeForm(forms.Form):
    act = forms.ModelChoiceField(label=_("Act (code applied)"), queryset=Act.objects.exclude(code__in=["crpc", "bnss"]))
    # One field for one section or several ("143(4), 144(1), 370A"): legal.investigation.services.charges_add
    # splits it and saves all of them or none. Still called "number": the services' errors name it.
    number = forms.CharField(
        label=_("Sections"),
        max_length=500,
        help_text=_(
            "One or several, separated by commas: 143(4), 144(1), 370A. With the sub-section where the Act "
            "has them. A word of a title (trafficking) lists the closest sections."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )


class ChargeDropForm(forms.Form):
    reason = forms.CharField(label=_("Why is it dropped?"), max_length=300)


class AhtuForm(VersionedForm):
    ahtu_unit = forms.CharField(label=_("Anti-Human Trafficking Unit"), max_length=120)
    ahtu_transferred_on = forms.DateField(label=_("Handed over on"))


class SurvivorInformedForm(VersionedForm):
    survivor_informed_on = forms.DateField(label=_("The police informed her on"))


class ChainLinkForm(forms.Form):
    other = forms.ModelChoiceField(label=_("Link with"), queryset=FIR.objects.none())

    def __init__(self, *args, firs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = firs
        self.fields["other"].label_from_instance = lambda f: (
            f"{f.case.reference} · {f} · {f.state.label} ({f.get_chain_role_display()})"
        )


class FIRAccusedAddForm(forms.Form):
    accused = forms.ModelChoiceField(label=_("Accused person"), queryset=CaseAccused.objects.none())
    named_in_fir = forms.BooleanField(label=_("Named in the FIR"), required=False, initial=True)

    def __init__(self, *args, case_accused=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accused"].queryset = case_accused
        self.fields["accused"].label_from_instance = lambda link: (
            f"{link.accused.display_name} ({link.get_role_display()})"
        )


class ArrestForm(NoFutureDatesMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = FIRAccused
        fields = [
            "named_in_fir",
            "arrested_on",
            "arrested_at_time",
            "remanded_on",
            "custody",
            "released_without_charge",
            "absconding",
            "bail_status",
            "bail_applied_on",
            "bail_granted_on",
            "bail_rejected_on",
            "bail_cancelled_on",
            "default_bail",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_fields(self)
        self.fields["arrested_at_time"].widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
        self.fields["custody"].choices = Custody.choices
        self.fields["bail_status"].choices = BailStatus.choices


class StatementForm(NoFutureDatesMixin, forms.ModelForm):
    in_survivor_language = yes_no_field(_("In the survivor's language"))
    by_female_officer = yes_no_field(_("By a woman officer / magistrate"))
    support_person_present = yes_no_field(_("Support person present"))

    class Meta:
        model = Statement
        fields = [
            "kind",
            "on",
            "recorded",
            "in_survivor_language",
            "by_female_officer",
            "support_person_present",
            "coercion_alleged",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_fields(self)
        self.fields["support_person_present"].help_text = _(
            "For a child: the support person the CWC may assign (POCSO Rules 2020 r.4)."
        )


class MedicalForm(NoFutureDatesMixin, forms.ModelForm):
    """The one form of a medical examination, from the Care tab or the Investigation tab (the
    rules, e.g. not before the rescue, are legal.investigation.services.medical_exam_record's)."""

    class Meta:
        model = MedicalExamination
        fields = ["examined_on", "examined_time", "fir", "hospital", "report_on", "note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "examined_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        date_fields(self)
        self.fields["fir"].queryset = FIR.objects.filter(case=case)
        self.fields["fir"].required = False
        self.fields["examined_time"].help_text = _(
            "Leave empty if the time is not known: it is shown as “time not recorded”. With the time, the 24 hours "
            "of BNSS 184(1) are judged to the hour."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("report_on") and cleaned.get("examined_on") and cleaned["report_on"] < cleaned["examined_on"]:
            self.add_error("report_on", _("The report cannot come before the examination."))
        return cleaned


class MedicalReportForm(VersionedForm):
    report_on = forms.DateField(label=_("Report received on"))


class PoliceRequestForm(NoFutureDatesMixin, forms.ModelForm):
    class Meta:
        model = PoliceRequest
        fields = [
            "fir",
            "subject",
            "from_organisation",
            "from_police_station",
            "to_state",
            "to_organisation",
            "to_police_station",
            "details",
            "sent_on",
            "due_on",
        ]
        widgets = {"details": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        date_fields(self)
        self.fields["fir"].queryset = FIR.objects.filter(case=case)
        self.fields["fir"].required = False
        active = Organisation.objects.filter(is_active=True).order_by("name")
        self.fields["from_organisation"].queryset = active
        self.fields["to_organisation"].queryset = active
        self.fields["to_state"].queryset = State.objects.order_by("name")

    def clean(self):
        # The due date may be in the future: only the sending date is checked against today.
        cleaned = forms.ModelForm.clean(self)
        if cleaned.get("sent_on") and cleaned["sent_on"] > timezone.localdate():
            self.add_error("sent_on", _("This date cannot be in the future."))
        return cleaned


class ReminderForm(NoFutureDatesMixin, forms.Form):
    sent_on = forms.DateField(label=_("Reminder sent on"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class RequestCloseForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("What happened"),
        choices=[(PoliceRequest.Status.ANSWERED, _("Answered")), (PoliceRequest.Status.WITHDRAWN, _("Withdrawn"))],
    )
    responded_on = forms.DateField(label=_("Answered on"), required=False)
    response = forms.CharField(
        label=_("Response"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AdvocacyForm(NoFutureDatesMixin, forms.ModelForm):
    class Meta:
        model = AdvocacyAction
        fields = ["fir", "kind", "filed_with", "filed_on", "outcome", "outcome_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        date_fields(self)
        self.fields["fir"].queryset = FIR.objects.filter(case=case)
        self.fields["fir"].required = False


class AdvocacyOutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AdvocacyAction.Outcome.choices)
    outcome_on = forms.DateField(label=_("Outcome on"), required=False)


class FailureTagForm(forms.Form):
    failure_point = forms.ModelChoiceField(
        label=_("Failure point"), queryset=FailurePoint.objects.filter(is_active=True)
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class FailurePointForm(forms.Form):
    name = forms.CharField(label=_("New failure point"), max_length=150)
