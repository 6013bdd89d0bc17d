"""Forms of the Care tab, the receiving organisation's inbox and the shelter list.

Forms check the shape of the input; the rules (dates against the rescue, consent, stages)
live in care.services, whose ValidationErrors the views put back on the form.
"""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DATE_INPUT, PlaceFieldsMixin, district_choices
from consortium.models import District, Organisation, State
from core.dates import day_text
from core.money import RupeeField

from .models import (
    CustodyOrder,
    FamilyTracing,
    RehabilitationGoal,
    RehabilitationPlan,
    Repatriation,
    Rescue,
    ServiceReceived,
    ShelterHome,
    SupportContact,
)

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
REFERENCE = re.compile(r"^[A-Z]{2}-\d{4}-\d{4,}$")


class VersionedForm(forms.ModelForm):
    """Edits carry the version they were read at; the service refuses a stale one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    @property
    def expected_version(self):
        return self.cleaned_data.get("version")


def _organisations():
    return Organisation.objects.filter(is_active=True).order_by("name")


class ShelterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, shelter):
        return f"{shelter.name} — {shelter.get_kind_display()}, {shelter.state.label}"


def _active_shelters():
    return ShelterHome.objects.filter(is_active=True).select_related("state").order_by("state__name", "name")


def rescue_moment_fields(rescue=None) -> dict:
    """The rescue's day (required) and hour (optional: "time not recorded" when left empty)."""
    day = forms.DateField(label=_("Rescued or escaped on"), widget=DATE_INPUT)
    hour = forms.TimeField(
        label=_("At (time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Leave empty if the time is not known: it is shown as “time not recorded”."),
    )
    if rescue is not None and rescue.pk:
        moment = timezone.localtime(rescue.rescued_at)
        day.initial = moment.date()
        hour.initial = moment.time().replace(second=0, microsecond=0) if rescue.time_known else None
    return {"rescued_on": day, "rescued_time": hour}


def moment_into(rescue, cleaned: dict) -> None:
    """Set the rescue's moment from the day and hour asked (the start of the day when the hour is unknown)."""
    day, hour = cleaned.get("rescued_on"), cleaned.get("rescued_time")
    if day is None:
        return
    rescue.time_known = hour is not None
    rescue.rescued_at = timezone.make_aware(datetime.datetime.combine(day, hour or datetime.time(0, 0)))


RESCUE_ERROR_FIELDS = {"rescued_at": "rescued_on"}


def add_rescue_errors(form, exc) -> None:
    """Put care.services.rescue_save's refusals on a form asking for the rescue's day and hour."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        name = RESCUE_ERROR_FIELDS.get(name, name)
        form.add_error(name if name in form.fields else None, errors)


class RescueForm(PlaceFieldsMixin, VersionedForm):
    place_pairs = (("state", "district"),)

    rescued_with_references = forms.CharField(
        label=_("Rescued with (case references)"),
        required=False,
        max_length=400,
        help_text=_(
            "References of other survivors' cases from the same rescue, e.g. MH-2026-0004, separated by commas."
        ),
    )

    class Meta:
        model = Rescue
        fields = [
            "state",
            "district",
            "place",
            "agency",
            "agency_detail",
            "others_rescued",
            "rape_reported",
            "rape_reported_at",
            "exam_consent",
            "exam_consent_at",
            "notes",
        ]
        widgets = {
            "rape_reported_at": DATETIME_INPUT,
            "exam_consent_at": DATETIME_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "exam_consent": _(
                "The examination is done only with her consent (for a child, her guardian's): BNSS 184(1), "
                "CrPC 164A(1). The 24-hour deadline opens once rape is reported and consent recorded. The "
                "examination itself is recorded with “Record the medical examination” on the Care tab."
            ),
        }

    def __init__(self, *args, visible_cases, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible_cases = visible_cases
        self.case = case
        self.fields["district"] = forms.ModelChoiceField(District.objects.all(), required=False, label=_("District"))
        self.setup_places()
        # The day and, if known, the hour: one that was not recorded is left empty, never shown as 00:00.
        self.fields = {**rescue_moment_fields(self.instance), **self.fields}
        if self.instance.pk:
            self.fields["rescued_with_references"].initial = ", ".join(
                self.instance.rescued_with.order_by("reference").values_list("reference", flat=True)
            )
        else:
            self.fields["state"].initial = case.destination_state_id

    def add_service_errors(self, exc) -> None:
        """The service's refusals on this form's fields: its "rescued_at" is the day asked here."""
        add_rescue_errors(self, exc)

    def clean_others_rescued(self):
        value = self.cleaned_data.get("others_rescued")
        if value is not None and value > 500:
            raise forms.ValidationError(_("Check the number."))
        return value

    def clean_rescued_with_references(self):
        text = self.cleaned_data.get("rescued_with_references") or ""
        references = [r.strip().upper() for r in re.split(r"[\s,;]+", text) if r.strip()]
        if len(references) > 30:
            raise forms.ValidationError(_("At most 30 cases."))
        malformed = [r for r in references if not REFERENCE.match(r)]
        if malformed:
            raise forms.ValidationError(
                _("Not a case reference: %(refs)s (they look like MH-2026-0004).") % {"refs": ", ".join(malformed)}
            )
        if self.case.reference in references:
            raise forms.ValidationError(_("That is this case's own reference."))
        found = {c.reference: c for c in self.visible_cases.filter(reference__in=references)}
        # A case she cannot see is answered exactly like one that does not exist.
        unknown = [r for r in references if r not in found]
        if unknown:
            raise forms.ValidationError(
                _("No case you can see has the reference %(refs)s.") % {"refs": ", ".join(unknown)}
            )
        return [found[r] for r in dict.fromkeys(references)]

    def clean(self):
        cleaned = self.check_places(super().clean())
        moment_into(self.instance, cleaned)
        return cleaned


# The fields of each step recorded on a form of their own, and how they are named there.
Kind = CustodyOrder.Kind
STEP_FIELDS = {
    Kind.HOME_VERIFICATION_ORDERED: [
        "kind",
        "ordered_on",
        "state",
        "authority",
        "order_number",
        "addressed_to",
        "notes",
    ],
    Kind.HOME_VERIFICATION: ["kind", "answers", "ordered_on", "state", "authority", "finding", "notes"],
    Kind.HOME_INVESTIGATION_REQUESTED: [
        "kind",
        "ordered_on",
        "state",
        "authority",
        "order_number",
        "addressed_to",
        "home_district",
        "notes",
    ],
    Kind.HOME_INVESTIGATION_REPORT: ["kind", "answers", "ordered_on", "state", "authority", "finding", "notes"],
    Kind.CWC_TRANSFER: [
        "kind",
        "answers",
        "ordered_on",
        "state",
        "authority",
        "order_number",
        "receiving_authority",
        "home_district",
        "escort_order_on",
        "home_report_on",
        "notes",
    ],
    Kind.CWC_TRANSFER_RECEIVED: ["kind", "answers", "ordered_on", "state", "authority", "escorted_by", "notes"],
}
# Fields a step's form requires (the service says why when one is missing).
STEP_REQUIRED = {
    Kind.HOME_VERIFICATION_ORDERED: ("addressed_to",),
    Kind.HOME_VERIFICATION: ("finding",),
    Kind.HOME_INVESTIGATION_REQUESTED: ("addressed_to",),
    Kind.HOME_INVESTIGATION_REPORT: ("finding",),
    Kind.CWC_TRANSFER: ("receiving_authority", "home_district"),
    Kind.CWC_TRANSFER_RECEIVED: ("authority", "escorted_by"),
}
STEP_LABELS = {
    Kind.HOME_VERIFICATION_ORDERED: {
        "ordered_on": (_("Ordered on"), ""),
        "state": (_("State"), _("Where the magistrate sits: its calendar counts the deadline.")),
        "authority": (_("Magistrate"), _("E.g. ACMM Esplanade.")),
        "addressed_to": (
            _("Verification by"),
            _("The recognised welfare institution or organisation asked to verify (ITPA s.17A)."),
        ),
    },
    Kind.HOME_VERIFICATION: {
        "answers": (_("In answer to the order"), _("The magistrate's order that asked for this verification.")),
        "ordered_on": (_("Verified on"), _("The day the verification report reached the magistrate.")),
        "state": (_("State"), _("Where the magistrate sits.")),
        "authority": (
            _("Verified by"),
            _("The recognised welfare institution or organisation, or the probation officer, who verified."),
        ),
    },
    Kind.HOME_INVESTIGATION_REQUESTED: {
        "ordered_on": (_("Asked on"), ""),
        "state": (_("State"), _("Where the asking Committee sits: its calendar counts the deadline.")),
        "authority": (_("Asking CWC"), _("E.g. CWC Mumbai City.")),
        "addressed_to": (
            _("Asked of"),
            _("The CWC or the District Child Protection Unit of her home district, e.g. DCPU Murshidabad."),
        ),
    },
    Kind.HOME_INVESTIGATION_REPORT: {
        "answers": (_("In answer to the request"), _("The CWC's request this report answers.")),
        "ordered_on": (_("Received on"), _("The day the report reached the asking Committee.")),
        "state": (_("State"), _("Where the asking Committee sits.")),
        "authority": (_("Report by"), _("The CWC or DCPU of her home district that made it.")),
        "finding": (_("Finding"), _("Family genuine and safe for her, not safe, or not traced.")),
    },
    Kind.CWC_TRANSFER: {
        "answers": (
            _("On the home investigation report"),
            _("The report the transfer rests on, if one is recorded (JJ Act s.95(1): after due inquiry)."),
        ),
        "ordered_on": (_("Transfer ordered on"), ""),
        "state": (_("State"), _("Where the ordering Committee sits.")),
        "authority": (_("Ordering CWC"), _("E.g. CWC Mumbai City.")),
        "escort_order_on": (
            _("Escort order given to the SJPU on"),
            _(
                "JJ Act s.95(2): the Special Juvenile Police Unit escorts her within 15 days of receiving the escort "
                "order. Empty: Nyaya counts the 15 days from the transfer order."
            ),
        ),
    },
    Kind.CWC_TRANSFER_RECEIVED: {
        "answers": (_("In answer to the transfer order"), ""),
        "ordered_on": (_("Received on"), _("The day the CWC of her home district received her.")),
        "state": (_("State"), _("Where the receiving Committee sits.")),
        "authority": (_("Receiving CWC"), _("E.g. CWC Murshidabad.")),
        "escorted_by": (
            _("Escorted by"),
            _("The SJPU's officer or team; a girl is escorted by a woman police officer (JJ Act s.95(2))."),
        ),
    },
}


class AnsweredOrderField(forms.ModelChoiceField):
    def label_from_instance(self, order):
        parts = [order.get_kind_display(), day_text(order.ordered_on)]
        parts += [p for p in (order.authority, order.order_number) if p]
        return ", ".join(str(p) for p in parts)


ORDER_FIELDS = ["kind", "ordered_on", "state", "authority", "order_number", "outcome", "shelter", "notes"]


class IntakeRescueForm(PlaceFieldsMixin, forms.Form):
    """The rescue, recorded with the case at intake (optional as a block; the case-opening page's
    section "rescue", care/apps.py): saved as the care record's rescue (services.rescue_at_intake),
    so its deadlines open at once."""

    place_pairs = (("state", "district"),)
    FIELDS = ("rescued_on", "rescued_time", "state", "district", "place", "agency", "agency_detail")

    rescued_on = forms.DateField(
        label=_("Rescued or escaped on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_(
            "Leave the rescue empty if it has not happened or is not known yet: record it later on the Care tab."
        ),
    )
    rescued_time = forms.TimeField(
        label=_("At (time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_(
            "For a child, production before the Child Welfare Committee is due within 24 hours of it. "
            "Leave empty if not known: it is shown as “time not recorded” and counted from the start of the day."
        ),
    )
    state = forms.ModelChoiceField(State.objects.all(), required=False, label=_("State where it happened"))
    district = forms.ModelChoiceField(District.objects.all(), required=False, label=_("District"))
    place = forms.CharField(label=_("Place"), required=False, max_length=200, help_text=_("Locality or establishment."))
    agency = forms.ChoiceField(label=_("Rescued by"), required=False)
    agency_detail = forms.CharField(
        label=_("Unit or office"),
        required=False,
        max_length=150,
        help_text=_("E.g. AHTU Pune rural, Childline Howrah."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "—"), *Rescue.Agency.choices]
        self.setup_places()

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("rescued_on")
        today = timezone.localdate()
        if day and day > today:
            self.add_error("rescued_on", _("The rescue cannot be in the future."))
        elif day and day.year < 1950:
            self.add_error("rescued_on", _("Check the year."))
        others = [n for n in self.FIELDS if n != "rescued_on" and cleaned.get(n) not in (None, "")]
        if day:
            if not cleaned.get("state"):
                self.add_error("state", _("Give the state where she was rescued: its calendar counts the deadlines."))
            if not cleaned.get("agency"):
                self.add_error("agency", _("Say who rescued her (or that she escaped by herself)."))
        elif others and "rescued_on" not in self.errors:
            self.add_error(
                "rescued_on",
                _("Give the date of the rescue, or clear the other rescue details to record it later on the Care tab."),
            )
        return self.check_places(cleaned)

    def intake_data(self) -> dict | None:
        """What case_open records as the rescue, or None when the block was left empty."""
        data = self.cleaned_data
        if not data.get("rescued_on"):
            return None
        return {name: data.get(name) for name in self.FIELDS}


class CustodyOrderForm(VersionedForm):
    """An order or step of her custody. The steps of her way home (a home verification, ITPA s.17A; a home
    investigation, a transfer to her home district's CWC and her arrival there, JJ Act s.95) have forms of
    their own (`step`), each naming the order it answers; the general form offers the rest."""

    shelter = ShelterChoiceField(queryset=ShelterHome.objects.none(), required=False, label=_("Placed in"))
    answers = AnsweredOrderField(queryset=CustodyOrder.objects.none(), required=False, label=_("In answer to"))
    STEP_ONLY = (
        "answers",
        "addressed_to",
        "finding",
        "receiving_authority",
        "home_district",
        "home_report_on",
        "escort_order_on",
        "escorted_by",
    )

    class Meta:
        model = CustodyOrder
        fields = [*ORDER_FIELDS, *("answers", "addressed_to", "finding", "receiving_authority", "home_district")]
        fields += ["home_report_on", "escort_order_on", "escorted_by"]
        widgets = {
            "ordered_on": DATE_INPUT,
            "home_report_on": DATE_INPUT,
            "escort_order_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args, child: bool, case=None, default_state=None, step=None, default_home_district=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        step = self.instance.kind if self.instance.pk and self.instance.kind in CustodyOrder.OWN_FORM_KINDS else step
        self.step = step
        self.fields["state"].queryset = State.objects.order_by("name")
        if step:
            self._setup_step(step, case, default_home_district)
        else:
            for name in self.STEP_ONLY:
                del self.fields[name]
            kinds = CustodyOrder.CHILD_KINDS if child else CustodyOrder.ADULT_KINDS
            self.fields["kind"].choices = [
                (k.value, k.label) for k in kinds if k not in CustodyOrder.OWN_FORM_KINDS or k == self.instance.kind
            ]
            shelters = _active_shelters()
            if self.instance.shelter_id:
                shelters = ShelterHome.objects.filter(pk=self.instance.shelter_id) | shelters
            self.fields["shelter"].queryset = shelters
            self.fields["shelter"].help_text = _("Recording a placement also records her stay in that shelter home.")
        if self.instance.pk:
            # The kind decides the deadlines: it stays as recorded.
            self.fields["kind"].disabled = True
        elif default_state is not None and not self.initial.get("state"):
            # (A model form's initial values come from its instance: an empty one would hide the field's.)
            self.initial["state"] = default_state.pk

    def _setup_step(self, step, case, default_home_district) -> None:
        self.instance.kind = step
        self.initial["kind"] = step
        self.fields["kind"].choices = [(step, CustodyOrder.Kind(step).label)]
        self.fields["kind"].initial = step
        self.fields["kind"].disabled = True
        fields = list(STEP_FIELDS[step])
        # A transfer reads the report's date from the report it rests on; the date is kept for one recorded before.
        if step == Kind.CWC_TRANSFER and (self.instance.pk is None or self.instance.answers_id):
            fields.remove("home_report_on")
        for name in [f for f in self.fields if f not in (*fields, "version")]:
            del self.fields[name]
        self.order_fields(fields)
        for name, (label, help_text) in STEP_LABELS[step].items():
            self.fields[name].label = label
            self.fields[name].help_text = help_text
        for name in STEP_REQUIRED[step]:
            self.fields[name].required = True
        if "home_district" in self.fields:
            self.fields["home_district"].choices = district_choices()
            if not self.instance.pk and default_home_district is not None:
                self.fields["home_district"].initial = default_home_district.pk
        if "answers" in self.fields:
            self._setup_answers(step, case)

    def _setup_answers(self, step, case) -> None:
        wanted = CustodyOrder.ANSWERS_REQUIRED.get(step) or CustodyOrder.ANSWERS_OPTIONAL.get(step)
        field = self.fields["answers"]
        if self.instance.pk and self.instance.answers_id:
            # What a step answers stays as recorded.
            field.queryset = CustodyOrder.objects.filter(pk=self.instance.answers_id)
            field.disabled = True
            return
        candidates = CustodyOrder.objects.filter(case=case, kind=wanted).order_by("-ordered_on", "-pk")
        if self.instance.pk is None:
            # Orders still waiting for their answer: a new step answers one of them.
            candidates = candidates.exclude(answered_by__kind=step)
        field.queryset = candidates
        field.required = step in CustodyOrder.ANSWERS_REQUIRED and self.instance.pk is None
        latest = candidates.first()
        if self.instance.pk is None and latest is not None:
            # (A model form's initial values come from its instance: set them there, not on the field.)
            self.initial["answers"] = latest.pk
            if step == Kind.CWC_TRANSFER_RECEIVED:
                # Received in her home state, by the Committee the transfer named.
                self.initial["authority"] = latest.receiving_authority
                if latest.home_district_id:
                    self.initial["state"] = latest.home_district.state_id
            elif step in (Kind.HOME_VERIFICATION, Kind.HOME_INVESTIGATION_REPORT):
                # The report comes from whom the order asked.
                self.initial["authority"] = latest.addressed_to


class FamilyTracingForm(forms.ModelForm):
    order = AnsweredOrderField(queryset=CustodyOrder.objects.none(), required=False, label=_("For the order"))

    class Meta:
        model = FamilyTracing
        fields = ["outcome", "traced_on", "traced_by", "order", "notes"]
        widgets = {"traced_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"notes": _("What was found and what comes next. Do not write her family's names or address.")}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["traced_on"].initial = timezone.localdate
        self.fields["order"].queryset = CustodyOrder.objects.filter(
            case=case, kind__in=(Kind.HOME_VERIFICATION_ORDERED, Kind.HOME_INVESTIGATION_REQUESTED)
        ).order_by("-ordered_on", "-pk")
        self.fields["order"].help_text = _("The home verification or home investigation it was done for, if any.")


class ShelterStayForm(forms.Form):
    shelter = ShelterChoiceField(queryset=ShelterHome.objects.none(), label=_("Shelter home"))
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DATE_INPUT, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shelter"].queryset = _active_shelters()


class ShelterStayEndForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE_INPUT, initial=timezone.localdate)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RepatriationRequestForm(PlaceFieldsMixin, forms.Form):
    place_pairs = (("to_state", "to_district"),)

    receiving_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Receiving organisation"),
        help_text=_("The lead organisation, or one she consented to share her case with."),
    )
    from_state = forms.ModelChoiceField(queryset=State.objects.none(), label=_("From state"))
    to_state = forms.ModelChoiceField(queryset=State.objects.none(), label=_("To her home state"))
    to_district = forms.ModelChoiceField(queryset=District.objects.all(), required=False, label=_("Home district"))
    requested_on = forms.DateField(label=_("Requested on"), widget=DATE_INPUT, initial=timezone.localdate)
    expected_handover_on = forms.DateField(label=_("Expected handover"), widget=DATE_INPUT, required=False)
    note_for_receiver = forms.CharField(
        label=_("Note for the receiving organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Repatriation._meta.get_field("note_for_receiver").help_text,
    )

    def __init__(self, *args, organisations, case, rescue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_organisation"].queryset = organisations
        self.fields["receiving_organisation"].label_from_instance = lambda o: f"{o.name} ({o.home_state.label})"
        self.fields["from_state"].queryset = State.objects.order_by("name")
        self.setup_places()
        self.fields["from_state"].initial = (rescue.state_id if rescue else None) or case.destination_state_id
        self.fields["to_state"].initial = case.source_state_id
        self.fields["to_district"].initial = case.source_district_id

    def clean(self):
        return self.check_places(super().clean())


class PrioritiesForm(VersionedForm):
    class Meta:
        model = RehabilitationPlan
        fields = ["priorities", "priorities_recorded_on"]
        widgets = {"priorities": forms.Textarea(attrs={"rows": 5}), "priorities_recorded_on": DATE_INPUT}
        help_texts = {
            "priorities": _("What matters most to her now, as she said it. Write it in her language if she prefers.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].required = True
        self.fields["priorities_recorded_on"].initial = timezone.localdate


class GoalForm(VersionedForm):
    class Meta:
        model = RehabilitationGoal
        fields = [
            "area",
            "description",
            "status",
            "start_on",
            "target_on",
            "ended_on",
            "responsible_organisation",
            "note",
        ]
        widgets = {
            "start_on": DATE_INPUT,
            "target_on": DATE_INPUT,
            "ended_on": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, default_organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = _organisations()
        if self.instance.responsible_organisation_id:
            organisations = Organisation.objects.filter(pk=self.instance.responsible_organisation_id) | organisations
        self.fields["responsible_organisation"].queryset = organisations
        if not self.instance.pk and default_organisation is not None:
            self.fields["responsible_organisation"].initial = default_organisation.pk


class ServiceForm(forms.ModelForm):
    amount = RupeeField(
        label=_("Amount disbursed (₹)"),
        required=False,
        help_text=_("Money the organisation paid out for this, if any."),
    )

    class Meta:
        model = ServiceReceived
        fields = ["kind", "received_on", "goal", "provided_by", "amount", "note"]
        widgets = {"received_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, goals, default_organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["goal"].label_from_instance = lambda g: f"{g.get_area_display()} ({g.get_status_display()})"
        self.fields["provided_by"].queryset = _organisations()
        self.fields["received_on"].initial = timezone.localdate
        if default_organisation is not None:
            self.fields["provided_by"].initial = default_organisation.pk


class SupportForm(forms.ModelForm):
    class Meta:
        model = SupportContact
        fields = ["kind", "happened_on", "note"]
        widgets = {"happened_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": _("How she is, what she asked for. Only the case team reads this.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate


class ShelterForm(PlaceFieldsMixin, VersionedForm):
    place_pairs = (("state", "district"),)

    class Meta:
        model = ShelterHome
        fields = ["name", "kind", "state", "district", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"] = forms.ModelChoiceField(District.objects.all(), required=False, label=_("District"))
        self.setup_places()
        # Mission Shakti (2022) replaced Ujjawala and Swadhar Greh by Shakti Sadan: a new listing uses
        # Shakti Sadan; a home already listed under a former scheme keeps it until changed.
        kept = self.instance.kind if self.instance.pk else None
        self.fields["kind"].choices = [
            (value, label)
            for value, label in self.fields["kind"].choices
            if value not in ShelterHome.FORMER_KINDS or value == kept
        ]
        self.fields["kind"].help_text = ShelterHome.SCHEME_NOTE

    def clean(self):
        return self.check_places(super().clean())
