"""Forms of the Court tab, reviews and calendars. They check shape (dates, amounts, choices);
the rules (stage, role, order of dates against the court case) are the services' and come
back as field errors."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DATE_INPUT, PlaceFieldsMixin
from cases.models import CaseDocument
from consortium.models import District, State
from core.money import RupeeField
from core.query_params import BoundedDateField
from legal.forms import NoFutureDatesMixin, UserChoiceField, date_fields, team_lawyers, yes_no_field
from legal.models import (
    FIR,
    Act,
    AdjournmentReason,
    Appeal,
    BailApplication,
    CaseAccused,
    CourtAccused,
    CourtCase,
    CourtKind,
    DepositionMode,
    HearingPurpose,
    HearingStatus,
    Outcome,
    Section,
    WitnessProtection,
)
from legal.models.court import cnr_problem, normalise_cnr


class CourtFieldsMixin(PlaceFieldsMixin):
    """The court as four fields (type, state, district, name) with a prefix; the service finds
    or creates the Court row. `court_initial` fills them from an existing court."""

    def add_court_fields(self, prefix="court_", *, required=True, court=None, label=None):
        self.fields[f"{prefix}kind"] = forms.ChoiceField(
            label=_("Type of court"),
            choices=[("", "—"), *CourtKind.choices],
            required=required,
        )
        self.fields[f"{prefix}state"] = forms.ModelChoiceField(
            label=_("State of the court"), queryset=State.objects.order_by("name"), required=False
        )
        self.fields[f"{prefix}district"] = forms.ModelChoiceField(
            label=_("District"), queryset=District.objects.all(), required=False
        )
        self.fields[f"{prefix}name"] = forms.CharField(
            label=label or _("Court"),
            max_length=150,
            required=required,
            help_text=_("As on the cause list, e.g. Additional Sessions Judge-II, Howrah."),
        )
        self.place_pairs = (*getattr(self, "place_pairs", ()), (f"{prefix}state", f"{prefix}district"))
        if court is not None and not self.is_bound:
            self.initial.setdefault(f"{prefix}kind", court.kind)
            self.initial.setdefault(f"{prefix}state", court.state_id)
            self.initial.setdefault(f"{prefix}district", court.district_id)
            self.initial.setdefault(f"{prefix}name", court.name)


class CnrField(forms.CharField):
    def to_python(self, value):
        return normalise_cnr(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value and (problem := cnr_problem(value)):
            raise forms.ValidationError(problem)


class ClearRecordedMixin(forms.Form):
    """The engine's "clear recorded values" confirmation (core.workflow) on an own form: the
    service refuses to empty a recorded value unless it is ticked and a reason given."""

    confirm_clear = forms.BooleanField(label=_("Clear recorded values I emptied"), required=False)
    clear_reason = forms.CharField(label=_("Why are they cleared?"), required=False, max_length=300)
    show_clear = False


class CourtCaseForm(CourtFieldsMixin, NoFutureDatesMixin, forms.Form):
    case_number = forms.CharField(
        label=_("Case number"), max_length=60, required=False, help_text=_("E.g. SC 45/2026.")
    )
    cnr = CnrField(
        label=_("CNR number"),
        max_length=24,
        required=False,
        help_text=_("16 characters from eCourts: 4 letters and 12 digits, e.g. WBHW010012342026."),
    )
    judge = forms.CharField(label=_("Judge"), max_length=120, required=False)
    public_prosecutor = forms.CharField(label=_("Public prosecutor"), max_length=120, required=False)
    lawyer = UserChoiceField(label=_("Consortium lawyer"), queryset=None, required=False)
    filed_on = forms.DateField(
        label=_("Filed in court on"), required=False, help_text=_("The chargesheet or complaint.")
    )
    cognizance_on = forms.DateField(
        label=_("Cognizance taken on"),
        help_text=_("Decides the code of the trial: before 1 July 2024 it goes on under the CrPC (BNSS s.531(2)(a))."),
    )
    committed_on = forms.DateField(
        label=_("Committed to this court on"),
        required=False,
        help_text=_(
            "Only for a case that reached an ordinary Court of Session on committal before it was recorded "
            "here: that court takes no cognizance itself (BNSS 213 / CrPC 193)."
        ),
    )
    firs = forms.ModelMultipleChoiceField(
        label=_("FIRs it arises from"), queryset=FIR.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    accused = forms.ModelMultipleChoiceField(
        label=_("Accused on trial"),
        queryset=CaseAccused.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People recorded as accused on this case (Investigation tab)."),
    )

    def __init__(self, *args, case=None, court=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_court_fields(court=court)
        self.order_fields(["court_kind", "court_state", "court_district", "court_name"])
        self.setup_places()
        date_fields(self)
        from consortium.models import User

        self.fields["lawyer"].queryset = User.objects.filter(pk__in=team_lawyers(case).values("user_id"))
        self.fields["firs"].queryset = FIR.objects.filter(case=case).order_by("fir_date", "pk")
        self.fields["accused"].queryset = CaseAccused.objects.filter(case=case).select_related("accused")
        self.fields["accused"].label_from_instance = lambda link: (
            f"{link.accused.display_name} ({link.get_role_display()})"
        )

    def clean(self):
        cleaned = self.check_places(super().clean())
        cleaned["accused_people"] = [link.accused for link in cleaned.get("accused") or []]
        return cleaned

    def service_data(self) -> dict:
        """The service's arguments (an edit's version goes separately, as expected_version)."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["accused"] = data.pop("accused_people", [])
        return data


class CourtCaseEditForm(ClearRecordedMixin, CourtCaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    first_offenders = forms.ModelMultipleChoiceField(
        label=_("First-time offenders"),
        queryset=CourtAccused.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Accused never convicted of any offence before: an undertrial is released on bond after a third "
            "of the maximum term instead of half (BNSS 479(1) proviso)."
        ),
    )

    def __init__(self, *args, court_case: CourtCase, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for name in ("case_number", "cnr", "judge", "public_prosecutor", "filed_on", "cognizance_on", "version"):
            initial.setdefault(name, getattr(court_case, name))
        initial.setdefault("lawyer", court_case.lawyer_id)
        initial.setdefault("firs", list(court_case.firs.values_list("pk", flat=True)))
        initial.setdefault(
            "accused",
            list(
                CaseAccused.objects.filter(
                    case=court_case.case_id, accused__court_links__court_case=court_case
                ).values_list("pk", flat=True)
            ),
        )
        initial.setdefault(
            "first_offenders",
            list(CourtAccused.objects.filter(court_case=court_case, first_offender=True).values_list("pk", flat=True)),
        )
        super().__init__(*args, case=court_case.case, court=court_case.court, **kwargs)
        self.fields["first_offenders"].queryset = CourtAccused.objects.filter(court_case=court_case).select_related(
            "accused"
        )
        self.fields["first_offenders"].label_from_instance = lambda link: link.accused.display_name
        if court_case.committed_on is not None:
            del self.fields["committed_on"]  # a recorded committal is corrected below with the other dates
        # Recorded stage dates may be corrected here (deadlines follow); the others are set by the steps.
        from legal.court.services import CORRECTABLE_DATES

        for name in CORRECTABLE_DATES:
            if name == "cognizance_on":
                continue
            value = getattr(court_case, name)
            if value is not None:
                field = CourtCase._meta.get_field(name).formfield(widget=DATE_INPUT)
                field.required = False  # the service says a recorded date cannot be removed
                self.fields[name] = field
                if not self.is_bound:
                    self.initial[name] = value


def add_sessions_court_fields(form, court_case: CourtCase) -> None:
    """The committal's extra inputs on the step's form (legal.court.workflow.form_extras): the
    court the magistrate commits the case to, and its case number there."""
    CourtFieldsMixin.add_court_fields(
        form, "sessions_court_", required=False, label=_("Committed to (sessions or special court)")
    )
    form.fields["sessions_case_number"] = forms.CharField(
        label=_("Case number in the sessions court"), max_length=60, required=False
    )
    if not form.is_bound:
        form.initial.setdefault("sessions_court_kind", CourtKind.SESSIONS)
        form.initial.setdefault("sessions_court_state", court_case.court.state_id)
        form.initial.setdefault("sessions_court_district", court_case.court.district_id)
    PlaceFieldsMixin.setup_places(form)


class EcourtsForm(NoFutureDatesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    ecourts_stage = forms.CharField(
        label=_("Stage of case on eCourts"),
        max_length=200,
        help_text=_("Copy it as written, e.g. “For Charge” or “Evidence”. Unknown phrases are kept and flagged."),
    )
    ecourts_checked_on = forms.DateField(label=_("Checked on"), widget=DATE_INPUT)


class CourtChargeForm(NoFutureDatesMixin, forms.Form):
    court_accused = forms.ModelChoiceField(
        label=_("Against"), queryset=CourtAccused.objects.none(), required=False, empty_label=_("Every accused")
    )
    act = forms.ModelChoiceField(label=_("Act (code applied)"), queryset=Act.objects.all())
    number = forms.CharField(label=_("Section"), max_length=20, help_text=_("E.g. 143, 370A, 5."))
    framed_on = forms.DateField(label=_("Framed on"), widget=DATE_INPUT)

    def __init__(self, *args, court_case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court_accused"].queryset = CourtAccused.objects.filter(court_case=court_case).select_related(
            "accused"
        )
        self.fields["court_accused"].label_from_instance = lambda link: link.accused.display_name


class HearingScheduleForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=HearingPurpose.choices)
    survivor_must_attend = forms.BooleanField(label=_("The survivor must attend"), required=False)
    escort = forms.ChoiceField(
        label=_("Who will go with her"),
        required=False,
        help_text=_("Someone on the case team. Her own page shows their role and organisation."),
    )
    bail_application = forms.ModelChoiceField(
        label=_("Bail application heard"), queryset=BailApplication.objects.none(), required=False
    )

    def __init__(self, *args, court_case=None, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.team = {str(user.pk): user for user in team}
        self.fields["escort"].choices = [("", "—"), *((pk, user.display_name) for pk, user in self.team.items())]
        self.fields["bail_application"].queryset = BailApplication.objects.filter(court_case=court_case)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["escort"] = self.team.get(data.get("escort") or "")
        return data


class HearingRecordForm(forms.Form):
    """What happened. The hearing date is never in the future; the next date never in the past."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    on = forms.DateField(label=_("Date of the hearing"), widget=DATE_INPUT)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=HearingPurpose.choices)
    status = forms.ChoiceField(
        label=_("What happened"),
        choices=[(v, label) for v, label in HearingStatus.choices if v != HearingStatus.SCHEDULED],
        widget=forms.RadioSelect,
    )
    proceedings = forms.CharField(
        label=_("Proceedings"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    adjournment_reason = forms.ChoiceField(
        label=_("Reason for the adjournment"), choices=[("", "—"), *AdjournmentReason.choices], required=False
    )
    adjournment_note = forms.CharField(label=_("More about the adjournment"), required=False, max_length=1000)
    survivor_must_attend = forms.BooleanField(label=_("The survivor had to attend"), required=False)
    survivor_attended = yes_no_field(_("She attended"))
    survivor_deposed = forms.BooleanField(label=_("Her deposition was recorded (prosecution evidence)"), required=False)
    deposition_mode = forms.ChoiceField(
        label=_("How she deposed"), choices=[("", "—"), *DepositionMode.choices], required=False
    )
    deposition_notes = forms.CharField(
        label=_("Notes on her deposition"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    attended_for_consortium = forms.MultipleChoiceField(
        label=_("Attended for the consortium"), required=False, widget=forms.CheckboxSelectMultiple
    )
    bail_application = forms.ModelChoiceField(
        label=_("Bail application heard"), queryset=BailApplication.objects.none(), required=False
    )
    next_date = forms.DateField(label=_("Next date"), required=False, widget=DATE_INPUT)
    next_purpose = forms.ChoiceField(
        label=_("Purpose of the next date"), choices=[("", "—"), *HearingPurpose.choices], required=False
    )
    next_survivor_must_attend = forms.BooleanField(label=_("The survivor must attend the next date"), required=False)
    next_escort = forms.ChoiceField(
        label=_("Who will go with her on the next date"),
        required=False,
        help_text=_("Someone on the case team. Her own page shows their role and organisation."),
    )

    def __init__(self, *args, court_case=None, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.team = {str(user.pk): user for user in team}
        self.fields["attended_for_consortium"].choices = [(pk, user.display_name) for pk, user in self.team.items()]
        self.fields["next_escort"].choices = [("", "—"), *((pk, user.display_name) for pk, user in self.team.items())]
        self.fields["bail_application"].queryset = BailApplication.objects.filter(court_case=court_case)

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("What happened can be recorded once the hearing has taken place."))
        return value

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["attended_for_consortium"] = [self.team[pk] for pk in data.get("attended_for_consortium") or []]
        data["next_escort"] = self.team.get(data.get("next_escort") or "")
        return data


class BailFileForm(CourtFieldsMixin, NoFutureDatesMixin, forms.Form):
    court_accused = forms.ModelChoiceField(label=_("Accused"), queryset=CourtAccused.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=BailApplication.Kind.choices,
        help_text=_(
            "Decided within two weeks (regular, interim), six weeks (anticipatory) (Satender Kumar Antil v. CBI, "
            "(2022) 10 SCC 51) or at once (default bail, BNSS 187(3) / CrPC 167(2))."
        ),
    )
    number = forms.CharField(label=_("Application number"), max_length=60, required=False)
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE_INPUT)
    victim_hearing = forms.ChoiceField(
        label=_("The survivor's right to be heard"),
        choices=BailApplication.VictimHearing.choices,
        required=False,
        help_text=_(
            "Jagjeet Singh v. Ashish Mishra, (2022) 9 SCC 321: the victim is heard on bail; BNSS 483 / CrPC "
            "439(1A): the informant's presence is required in certain rape cases."
        ),
    )
    opposed_by = forms.ChoiceField(label=_("Opposed by"), choices=BailApplication.OpposedBy.choices, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, court_case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_court_fields(court=court_case.court, required=False, label=_("Court hearing the application"))
        self.fields["court_name"].help_text = _("The trial court unless the application is in another court.")
        self.setup_places()
        self.fields["court_accused"].queryset = CourtAccused.objects.filter(court_case=court_case).select_related(
            "accused"
        )
        self.fields["court_accused"].label_from_instance = lambda link: link.accused.display_name
        self.order_fields(["court_accused", "kind", "court_kind", "court_state", "court_district", "court_name"])

    def clean(self):
        return self.check_places(super().clean())


class BailUpdateForm(NoFutureDatesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=BailApplication.Outcome.choices)
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DATE_INPUT)
    conditions = forms.CharField(
        label=_("Bail conditions"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. not to enter the survivor's district, not to contact her."),
    )
    victim_hearing = forms.ChoiceField(
        label=_("The survivor's right to be heard"),
        choices=BailApplication.VictimHearing.choices,
        required=False,
        help_text=_("Jagjeet Singh v. Ashish Mishra, (2022) 9 SCC 321; BNSS 483 / CrPC 439(1A)."),
    )
    opposed_by = forms.ChoiceField(label=_("Opposed by"), choices=BailApplication.OpposedBy.choices, required=False)
    cancellation_sought_on = forms.DateField(label=_("Cancellation sought on"), required=False, widget=DATE_INPUT)
    cancellation_outcome = forms.ChoiceField(
        label=_("Cancellation"), choices=BailApplication.CancellationOutcome.choices, required=False
    )
    cancellation_decided_on = forms.DateField(label=_("Cancellation decided on"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class OutcomeForm(forms.Form):
    """One accused's outcome in the judgment (a sub-form prefixed `outcome-<court accused id>`)."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices])
    decided_on = forms.DateField(
        label=_("Decided on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("If not the judgment's date (a discharge)."),
    )
    sections = forms.ModelMultipleChoiceField(
        label=_("Convicted under"), queryset=Section.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    imprisonment_months = forms.IntegerField(
        label=_("Imprisonment (months)"), required=False, min_value=1, max_value=1200
    )
    life_imprisonment = forms.BooleanField(label=_("Imprisonment for life"), required=False)
    sentence = forms.CharField(label=_("Sentence as pronounced"), required=False, max_length=300)
    fine = RupeeField(label=_("Fine (₹)"), required=False)
    compensation_ordered = RupeeField(label=_("Compensation to her, payable by the accused (₹)"), required=False)

    def __init__(self, *args, link: CourtAccused, who: str, sections, **kwargs):
        super().__init__(*args, prefix=f"outcome-{link.pk}", **kwargs)
        self.link, self.who = link, who
        self.fields["sections"].queryset = sections
        self.fields["sections"].label_from_instance = lambda section: f"{section.label} — {section.title}"
        date_fields(self)

    def clean_decided_on(self):
        value = self.cleaned_data.get("decided_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return value


class JudgmentForm(NoFutureDatesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Judgment pronounced on"), widget=DATE_INPUT)
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    compensation_recommended = RupeeField(
        label=_("Compensation under the victim compensation scheme (₹, BNSS 396 / CrPC 357A)"), required=False
    )
    document = forms.ModelChoiceField(
        label=_("Judgment document (already uploaded)"), queryset=CaseDocument.objects.none(), required=False
    )
    upload = forms.FileField(label=_("Or upload the judgment"), required=False, help_text=_("PDF, JPEG, PNG or DOCX."))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = CaseDocument.objects.filter(
            case=case, doc_type__in=[CaseDocument.Type.JUDGMENT, CaseDocument.Type.COURT_ORDER]
        )
        self.fields["document"].label_from_instance = lambda d: f"{d.get_doc_type_display()}: {d.title}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document") and cleaned.get("upload"):
            self.add_error("upload", _("Choose an uploaded document or upload one, not both."))
        return cleaned


class SentenceForm(NoFutureDatesMixin, ClearRecordedMixin):
    version = forms.IntegerField(widget=forms.HiddenInput)
    sentenced_on = forms.DateField(
        label=_("Sentence passed on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("On or after the hearing on sentence (BNSS 258(2) / CrPC 235(2))."),
    )
    imprisonment_months = forms.IntegerField(
        label=_("Imprisonment (months)"), required=False, min_value=1, max_value=1200
    )
    life_imprisonment = forms.BooleanField(label=_("Imprisonment for life"), required=False)
    sentence = forms.CharField(label=_("Sentence as pronounced"), required=False, max_length=300)
    fine = RupeeField(label=_("Fine (₹)"), required=False)
    compensation_ordered = RupeeField(label=_("Compensation to her, payable by the accused (₹)"), required=False)


class AppealForm(CourtFieldsMixin, NoFutureDatesMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Appeal or revision"), choices=Appeal.Kind.choices)
    filed_by = forms.ChoiceField(label=_("Filed by"), choices=Appeal.FiledBy.choices)
    against = forms.ModelMultipleChoiceField(
        label=_("About the outcome for"),
        queryset=CourtAccused.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty if it is about every accused."),
    )
    number = forms.CharField(label=_("Appeal number"), max_length=60, required=False)
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, court_case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("court_kind", CourtKind.HIGH_COURT)
            self.initial.setdefault("court_state", court_case.court.state_id)
        self.add_court_fields(label=_("Appeal filed in (court)"))
        self.setup_places()
        self.fields["against"].queryset = CourtAccused.objects.filter(
            court_case=court_case, outcome__isnull=False
        ).select_related("accused", "outcome")
        self.fields["against"].label_from_instance = lambda link: (
            f"{link.accused.display_name} ({link.outcome.get_outcome_display().lower()})"
        )

    def clean(self):
        return self.check_places(super().clean())


class AppealUpdateForm(NoFutureDatesMixin, ClearRecordedMixin):
    version = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.CharField(label=_("Appeal number"), max_length=60, required=False)
    appeal_stage = forms.ChoiceField(label=_("Stage"), choices=Appeal.AppealStage.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Appeal.AppealOutcome.choices)
    outcome_on = forms.DateField(label=_("Decided on"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class WitnessProtectionForm(NoFutureDatesMixin, forms.Form):
    court_case = forms.ModelChoiceField(label=_("Court case"), queryset=CourtCase.objects.none(), required=False)
    applied_on = forms.DateField(label=_("Applied on"), widget=DATE_INPUT)
    competent_authority = forms.CharField(
        label=_("Competent authority"),
        max_length=150,
        help_text=_("Chaired by the District and Sessions Judge, e.g. Competent Authority, Howrah."),
    )
    threat_report_on = forms.DateField(label=_("Threat analysis report on"), required=False, widget=DATE_INPUT)
    threat_category = forms.ChoiceField(
        label=_("Threat category"), choices=WitnessProtection.ThreatCategory.choices, required=False
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The threats and what she asked for."),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court_case"].queryset = CourtCase.objects.filter(case=case).select_related("court")


class WitnessProtectionUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    threat_report_on = forms.DateField(label=_("Threat analysis report on"), required=False, widget=DATE_INPUT)
    threat_category = forms.ChoiceField(
        label=_("Threat category"), choices=WitnessProtection.ThreatCategory.choices, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=WitnessProtection.Status.choices)
    order_on = forms.DateField(label=_("Order on"), required=False, widget=DATE_INPUT)
    measures = forms.MultipleChoiceField(
        label=_("Measures ordered"),
        choices=WitnessProtection.Measure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    review_on = forms.DateField(label=_("Order to be reviewed on"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ("threat_report_on", "order_on"):
            if cleaned.get(name) and cleaned[name] > today:
                self.add_error(name, _("This date cannot be in the future."))
        return cleaned


class CalendarForm(forms.Form):
    VIEWS = [("week", _("Week")), ("month", _("Month"))]

    view = forms.ChoiceField(label=_("Show"), choices=VIEWS, required=False)
    # Bounded: a week or month around 9999-12-31 or 0001-01-01 does not exist (was a 500).
    on = BoundedDateField(label=_("From the week or month of"), required=False, widget=DATE_INPUT)
    scope = forms.ChoiceField(label=_("Whose hearings"), required=False)
    must_attend = forms.BooleanField(label=_("Only where the survivor must attend"), required=False)

    def __init__(self, *args, scopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = list(scopes)
