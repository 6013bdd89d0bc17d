"""Police cases (FIRs) as state machines, their charges, failure tags, statements and medical examinations.

A FIR moves only through the one transition engine (core.workflow.apply_step, via
legal.investigation.services.fir_transition): the stage field is protected, each transition declares the
data it needs as conditions (with the reason shown when missing) and who may make it as a
permission callable taking the actor's CaseAccess. Labels, dates, inputs, deadlines and
timeline text of the steps are declared once in legal.investigation.workflow.

Facts kept once: the rescue is the care record's (FIR.rescued_on reads care.models.Rescue);
the offence date (offence_on) starts as the case's trafficking date (Case.trafficked_on) when
the FIR is created, a derived default that may differ per FIR (each FIR of a chain has its own
offence); whether an AHTU holds the FIR is read from the handover date; arrests and remands
are FIRAccused's (legal.models.accused); the medical examination is MedicalExamination's
(the Care tab reads and records the same rows).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from care.models import Rescue
from cases.codes import offence_code_for, procedure_for
from cases.conditions import requires
from cases.models import Case
from consortium.models import District, State
from core.dates import day_text
from core.fields import EncryptedCharField, EncryptedTextField
from legal.models.reference import FailurePoint, Section


class Stage(models.TextChoices):
    REPORTED = "reported", _("Reported")
    RESCUED = "rescued", _("Rescued")
    FIR_REGISTERED = "fir_registered", _("FIR registered")
    ZERO_FIR = "zero_fir", _("Zero FIR registered")
    TRANSFERRED = "transferred", _("Transferred")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    CHARGESHEET_FILED = "chargesheet_filed", _("Chargesheet filed")
    CLOSURE_REPORT_FILED = "closure_report_filed", _("Closure report filed")
    CLOSURE_ACCEPTED = "closure_accepted", _("Closure report accepted")
    PROTEST_PETITION = "protest_petition", _("Protest petition filed")
    COMPLAINT_CASE = "complaint_case", _("Protest petition taken as a complaint")
    FURTHER_INVESTIGATION = "further_investigation", _("Further investigation ordered")


# The main line shown as a stepper; zero FIR/transfer and closure/protest are side paths.
MAIN_LINE = [
    Stage.REPORTED,
    Stage.RESCUED,
    Stage.FIR_REGISTERED,
    Stage.UNDER_INVESTIGATION,
    Stage.CHARGESHEET_FILED,
]
SIDE_STAGES = {
    Stage.ZERO_FIR: Stage.FIR_REGISTERED,
    Stage.TRANSFERRED: Stage.FIR_REGISTERED,
    Stage.CLOSURE_REPORT_FILED: Stage.CHARGESHEET_FILED,
    Stage.CLOSURE_ACCEPTED: Stage.CHARGESHEET_FILED,
    Stage.PROTEST_PETITION: Stage.CHARGESHEET_FILED,
    Stage.COMPLAINT_CASE: Stage.CHARGESHEET_FILED,
    Stage.FURTHER_INVESTIGATION: Stage.UNDER_INVESTIGATION,
}
REGISTERED_STAGES = {s for s in Stage.values if s not in (Stage.REPORTED, Stage.RESCUED)}


class ChainRole(models.TextChoices):
    SOURCE = "source", _("Source state")
    DESTINATION = "destination", _("Destination state")
    TRANSIT = "transit", _("Transit state")


class TraffickingChain(models.Model):
    """FIRs of one trafficking chain, across cases and states (recruited in one, exploited in another)."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("trafficking chain")
        verbose_name_plural = _("trafficking chains")

    def __str__(self):
        return self.reference


def can_record(fir, access) -> bool:
    return access.can_record_investigation


def can_record_legal_step(fir, access) -> bool:
    """Protest petitions are court filings: the lawyer or the caseworkers who support her file them."""
    return access.can_record_investigation


@requires(_("Record the rescue on the Care tab first (date, time, place, by whom)."))
def has_rescue_date(fir) -> bool:
    return fir.rescued_on is not None


@requires(_("Enter the FIR number."))
def has_fir_number(fir) -> bool:
    return bool((fir.fir_number or "").strip())


@requires(_("Enter the date the FIR was registered."))
def has_fir_date(fir) -> bool:
    return fir.fir_date is not None


@requires(_("Name the police station."))
def has_police_station(fir) -> bool:
    return bool((fir.police_station or "").strip())


@requires(_("Name the police station and state the zero FIR was transferred to, and the date."))
def has_transfer(fir) -> bool:
    return bool((fir.transferred_to_station or "").strip() and fir.transferred_to_state_id and fir.transferred_on)


@requires(_("Enter the date the chargesheet was filed."))
def has_chargesheet_date(fir) -> bool:
    return fir.chargesheet_on is not None


@requires(_("Record the sections charged before the chargesheet (Sections on this FIR)."))
def has_charges(fir) -> bool:
    return fir.pk is not None and fir.charges.filter(dropped_at__isnull=True).exists()


@requires(_("Enter the date the closure report was filed."))
def has_closure_date(fir) -> bool:
    return fir.closure_report_on is not None


@requires(_("Enter the date the protest petition was filed."))
def has_protest_date(fir) -> bool:
    return fir.protest_petition_on is not None


@requires(_("Enter the date the magistrate accepted the closure report."))
def has_closure_accepted_date(fir) -> bool:
    return fir.closure_accepted_on is not None


@requires(_("Enter the date the supplementary report was filed."))
def has_supplementary_date(fir) -> bool:
    return fir.supplementary_report_on is not None


@requires(_("Enter the date the magistrate took the protest petition as a complaint."))
def has_complaint_date(fir) -> bool:
    return fir.complaint_taken_on is not None


@requires(_("Enter the date the court ordered further investigation."))
def has_further_investigation_date(fir) -> bool:
    return fir.further_investigation_on is not None


class FIR(ConcurrentTransitionMixin, models.Model):
    """One police case on a survivor's case: a FIR (or the complaint before it), in one state."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="firs", verbose_name=_("case"))
    chain = models.ForeignKey(
        TraffickingChain,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="firs",
        verbose_name=_("trafficking chain"),
    )
    chain_role = models.CharField(_("role in the chain"), max_length=12, choices=ChainRole.choices)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("state"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    # Police stations and officers' ranks are public offices, not personal data.
    police_station = models.CharField(_("police station"), max_length=120)
    fir_number = models.CharField(_("FIR number"), max_length=40, blank=True, help_text=_("E.g. 123/2026."))
    fir_date = models.DateField(_("FIR registered on"), null=True, blank=True)
    reported_on = models.DateField(_("complaint made on"), default=timezone.localdate)
    offence_on = models.DateField(
        _("offence committed on"),
        null=True,
        blank=True,
        help_text=_(
            "Starts as the case's trafficking date; may differ per FIR. For a continuing offence, the last day. "
            "Decides the code charged: IPC before 1 July 2024, else BNS."
        ),
    )
    preliminary_enquiry_on = models.DateField(
        _("preliminary enquiry begun on"),
        null=True,
        blank=True,
        help_text=_("BNSS 173(3): for offences punishable with 3 to 7 years, to be finished within 14 days."),
    )
    is_zero_fir = models.BooleanField(_("zero FIR"), default=False)
    transferred_to_state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("transferred to state")
    )
    transferred_to_station = models.CharField(_("transferred to police station"), max_length=120, blank=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    investigation_started_on = models.DateField(_("investigation started on"), null=True, blank=True)
    io_name = EncryptedCharField(_("investigating officer"), max_length=120, blank=True)
    io_rank = models.CharField(_("rank"), max_length=60, blank=True)
    io_phone = EncryptedCharField(_("officer's phone"), max_length=40, blank=True)
    ahtu_unit = models.CharField(_("AHTU"), max_length=120, blank=True)
    ahtu_transferred_on = models.DateField(_("handed to the AHTU on"), null=True, blank=True)
    chargesheet_on = models.DateField(_("chargesheet filed on"), null=True, blank=True)
    chargesheet_number = models.CharField(_("chargesheet number"), max_length=40, blank=True)
    closure_report_on = models.DateField(_("closure report filed on"), null=True, blank=True)
    closure_accepted_on = models.DateField(_("closure report accepted on"), null=True, blank=True)
    supplementary_report_on = models.DateField(
        _("supplementary report filed on"), null=True, blank=True, help_text=_("BNSS 193(9) / CrPC 173(8).")
    )
    protest_petition_on = models.DateField(_("protest petition filed on"), null=True, blank=True)
    further_investigation_on = models.DateField(_("further investigation ordered on"), null=True, blank=True)
    complaint_taken_on = models.DateField(
        _("protest petition taken as a complaint on"), null=True, blank=True, help_text=_("BNSS 223 / CrPC 200.")
    )
    survivor_informed_on = models.DateField(_("police last informed the survivor on"), null=True, blank=True)

    stage = FSMField(_("stage"), default=Stage.REPORTED, choices=Stage.choices, protected=True, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["fir_date", "created_at", "pk"]
        indexes = [models.Index(fields=["state", "stage"], name="fir_state_stage")]
        verbose_name = _("FIR")
        verbose_name_plural = _("FIRs")

    def __str__(self):
        # Never the survivor's identity: the FIR number and the police station are public.
        if self.fir_number:
            return f"FIR {self.fir_number}, {self.police_station}"
        return str(_("Complaint at %(station)s") % {"station": self.police_station})

    @property
    def ahtu_holds(self) -> bool:
        """Held by an Anti-Human Trafficking Unit: read from the handover's date (one fact, not a flag)."""
        return self.ahtu_transferred_on is not None

    @property
    def rescue(self):
        """The case's rescue (care.models.Rescue), the one place it is recorded; None if not yet."""
        try:
            return self.case.rescue
        except Rescue.DoesNotExist:
            return None

    @property
    def rescued_on(self):
        """The rescue's date, read from the care record (never typed on the FIR)."""
        rescue = self.rescue
        return rescue.rescued_on if rescue is not None else None

    @property
    def is_registered(self) -> bool:
        return self.stage in REGISTERED_STAGES

    @property
    def uses_new_codes(self) -> bool:
        """The investigation runs under the BNSS (registered on or after 1 July 2024)."""
        return self.procedure == "bnss"

    @property
    def procedure(self) -> str:
        """BNSS s.531(2)(a): an investigation pending on 1 July 2024 goes on under the CrPC."""
        return procedure_for(self.fir_date or self.reported_on)

    @property
    def offence_code(self) -> str:
        """The general penal code of the charges: by the offence date (IPC before 1 July 2024)."""
        return offence_code_for(self.offence_on or self.case.trafficked_on or self.fir_date or self.reported_on)

    @property
    def is_transitional(self) -> bool:
        """Offence before 1 July 2024, FIR after: IPC charges, BNSS investigation."""
        return self.offence_code == "ipc" and self.procedure == "bnss"

    def clean(self):
        today = timezone.localdate()
        errors = {}
        dated = {
            "reported_on": self.reported_on,
            "fir_date": self.fir_date,
            "transferred_on": self.transferred_on,
            "investigation_started_on": self.investigation_started_on,
            "ahtu_transferred_on": self.ahtu_transferred_on,
            "chargesheet_on": self.chargesheet_on,
            "closure_report_on": self.closure_report_on,
            "protest_petition_on": self.protest_petition_on,
            "further_investigation_on": self.further_investigation_on,
            "survivor_informed_on": self.survivor_informed_on,
            "offence_on": self.offence_on,
            "preliminary_enquiry_on": self.preliminary_enquiry_on,
            "closure_accepted_on": self.closure_accepted_on,
            "supplementary_report_on": self.supplementary_report_on,
            "complaint_taken_on": self.complaint_taken_on,
        }
        for name, value in dated.items():
            if value and value > today:
                errors[name] = _("This date cannot be in the future.")
        after_fir = [
            "transferred_on",
            "investigation_started_on",
            "ahtu_transferred_on",
            "chargesheet_on",
            "closure_report_on",
            "survivor_informed_on",
            "closure_accepted_on",
            "supplementary_report_on",
            "complaint_taken_on",
        ]
        if self.fir_date:
            for name in after_fir:
                if dated[name] and dated[name] < self.fir_date and name not in errors:
                    errors[name] = _("This date is before the FIR was registered (%(date)s).") % {
                        "date": day_text(self.fir_date)
                    }
        if self.offence_on:
            for name in ("reported_on", "fir_date", "preliminary_enquiry_on"):
                if dated[name] and dated[name] < self.offence_on and name not in errors:
                    errors[name] = _("This date is before the offence (%(date)s).") % {
                        "date": day_text(self.offence_on)
                    }
            # The rescue is the care record's (Care tab): it cannot precede the offence it ended.
            rescued_on = self.rescued_on if self.case_id else None
            if rescued_on and rescued_on < self.offence_on:
                errors.setdefault(
                    "offence_on",
                    _("The rescue recorded on the Care tab (%(rescue)s) is before this offence date (%(date)s).")
                    % {"rescue": day_text(rescued_on), "date": day_text(self.offence_on)},
                )
        ordered = [
            (
                "closure_accepted_on",
                "closure_report_on",
                _("The closure report cannot be accepted before it is filed."),
            ),
            ("supplementary_report_on", "chargesheet_on", _("A supplementary report follows the chargesheet.")),
            ("complaint_taken_on", "protest_petition_on", _("The protest petition must be filed first.")),
        ]
        # After further investigation the police may file a new closure report: the earlier
        # acceptance and protest petition were about the earlier report (BNSS 193(9)).
        reopened = bool(
            self.further_investigation_on
            and self.closure_report_on
            and self.closure_report_on >= self.further_investigation_on
        )
        for later, earlier, message in ordered:
            if dated[later] and dated[earlier] and dated[later] < dated[earlier]:
                if reopened and earlier == "closure_report_on" and dated[later] <= self.further_investigation_on:
                    continue
                errors.setdefault(later, message)
        if (
            self.protest_petition_on
            and self.closure_report_on
            and self.protest_petition_on < self.closure_report_on
            and not (reopened and self.protest_petition_on <= self.further_investigation_on)
        ):
            errors.setdefault("protest_petition_on", _("The protest petition cannot come before the closure report."))
        if (
            self.further_investigation_on
            and self.protest_petition_on
            and self.further_investigation_on < self.protest_petition_on
        ):
            errors.setdefault(
                "further_investigation_on", _("Further investigation cannot be ordered before the protest petition.")
            )
        same_station = self.transferred_to_station.strip() == self.police_station.strip()
        if self.transferred_to_state_id and same_station and self.transferred_to_state_id == self.state_id:
            errors.setdefault("transferred_to_station", _("A zero FIR is transferred to another police station."))
        if errors:
            raise ValidationError(errors)

    # --- the investigation state machine ------------------------------------------------

    @transition(
        stage,
        source=Stage.REPORTED,
        target=Stage.RESCUED,
        conditions=[has_rescue_date],
        permission=can_record,
    )
    def record_rescue(self):
        pass

    @transition(
        stage,
        source=[Stage.REPORTED, Stage.RESCUED],
        target=Stage.FIR_REGISTERED,
        conditions=[has_fir_number, has_fir_date, has_police_station],
        permission=can_record,
    )
    def register_fir(self):
        self.is_zero_fir = False

    @transition(
        stage,
        source=[Stage.REPORTED, Stage.RESCUED],
        target=Stage.ZERO_FIR,
        conditions=[has_fir_number, has_fir_date, has_police_station],
        permission=can_record,
    )
    def register_zero_fir(self):
        self.is_zero_fir = True

    @transition(
        stage,
        source=Stage.ZERO_FIR,
        target=Stage.TRANSFERRED,
        conditions=[has_transfer],
        permission=can_record,
    )
    def transfer(self):
        pass

    @transition(
        stage,
        source=[Stage.FIR_REGISTERED, Stage.TRANSFERRED],
        target=Stage.UNDER_INVESTIGATION,
        permission=can_record,
    )
    def start_investigation(self):
        pass

    @transition(
        stage,
        source=[Stage.UNDER_INVESTIGATION, Stage.FURTHER_INVESTIGATION],
        target=Stage.CHARGESHEET_FILED,
        conditions=[has_chargesheet_date, has_charges],
        permission=can_record,
    )
    def file_chargesheet(self):
        pass

    @transition(
        stage,
        source=[Stage.UNDER_INVESTIGATION, Stage.FURTHER_INVESTIGATION],
        target=Stage.CLOSURE_REPORT_FILED,
        conditions=[has_closure_date],
        permission=can_record,
    )
    def file_closure_report(self):
        pass

    @transition(
        stage,
        source=Stage.CLOSURE_REPORT_FILED,
        target=Stage.CLOSURE_ACCEPTED,
        conditions=[has_closure_accepted_date],
        permission=can_record_legal_step,
    )
    def accept_closure(self):
        pass

    @transition(
        stage,
        source=[Stage.CLOSURE_REPORT_FILED, Stage.CLOSURE_ACCEPTED],
        target=Stage.PROTEST_PETITION,
        conditions=[has_protest_date],
        permission=can_record_legal_step,
    )
    def file_protest_petition(self):
        pass

    @transition(
        stage,
        source=[Stage.PROTEST_PETITION, Stage.CHARGESHEET_FILED],
        target=Stage.FURTHER_INVESTIGATION,
        conditions=[has_further_investigation_date],
        permission=can_record_legal_step,
    )
    def order_further_investigation(self):
        pass

    @transition(
        stage,
        source=Stage.FURTHER_INVESTIGATION,
        target=Stage.CHARGESHEET_FILED,
        conditions=[has_supplementary_date, has_charges],
        permission=can_record,
    )
    def file_supplementary_report(self):
        pass

    @transition(
        stage,
        source=Stage.PROTEST_PETITION,
        target=Stage.COMPLAINT_CASE,
        conditions=[has_complaint_date],
        permission=can_record_legal_step,
    )
    def take_as_complaint(self):
        pass


class Charge(models.Model):
    """A section charged on a FIR. Altering a charge drops the row and adds another: the
    dropped row stays, with who dropped it, when and why (and simple-history keeps each save)."""

    fir = models.ForeignKey(FIR, on_delete=models.CASCADE, related_name="charges")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="charges", verbose_name=_("section"))
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dropped_at = models.DateTimeField(null=True, blank=True)
    dropped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fir", "section"], condition=Q(dropped_at__isnull=True), name="one_live_charge_per_section"
            )
        ]

    def __str__(self):
        return self.section.label

    @property
    def is_live(self) -> bool:
        return self.dropped_at is None


class FailureTag(models.Model):
    """A failure point tagged on a FIR. Counted in SQL by the dashboard (FailurePoint x state x stage)."""

    fir = models.ForeignKey(FIR, on_delete=models.CASCADE, related_name="failure_tags")
    failure_point = models.ForeignKey(
        FailurePoint, on_delete=models.PROTECT, related_name="tags", verbose_name=_("failure point")
    )
    note = EncryptedTextField(_("note"), blank=True)
    tagged_at = models.DateTimeField(default=timezone.now)
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["tagged_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fir", "failure_point"], condition=Q(removed_at__isnull=True), name="one_live_tag_per_point"
            )
        ]
        indexes = [models.Index(fields=["failure_point", "removed_at"], name="failure_tag_count")]


class Statement(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", _("Police statement (CrPC 161 / BNSS 180)")
        MAGISTRATE = "magistrate", _("Statement before a magistrate (CrPC 164 / BNSS 183)")

    fir = models.ForeignKey(FIR, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("statement"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("date"))
    recorded = models.BooleanField(_("recorded"), default=True, help_text=_("Untick if it was due but not taken."))
    in_survivor_language = models.BooleanField(_("in the survivor's language"), null=True, blank=True)
    by_female_officer = models.BooleanField(_("by a woman officer / magistrate"), null=True, blank=True)
    support_person_present = models.BooleanField(_("support person present"), null=True, blank=True)
    coercion_alleged = models.BooleanField(_("she says she was pressured"), default=False)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "pk"]

    @property
    def section_label(self) -> str:
        if self.kind == self.Kind.POLICE:
            return "BNSS 180 (CrPC 161)" if self.fir.uses_new_codes else "CrPC 161 (BNSS 180)"
        return "BNSS 183 (CrPC 164)" if self.fir.uses_new_codes else "CrPC 164 (BNSS 183)"


class MedicalExamination(models.Model):
    """A medical examination of the survivor: the one record of it (issue 15, "one fact, one place").

    The Care tab and the Investigation tab both read these rows and both record them through
    legal.investigation.services.medical_exam_record, which meets the 24-hour examination deadline (BNSS 184(1) /
    CrPC 164A(1)) on the examination's day and starts the 7-day report deadline (BNSS 184(6)).
    Several examinations are possible; the care record shows the first one after the rescue.
    Her consent to it is a different fact and stays on the rescue (care.models.Rescue.exam_consent)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="medical_examinations")
    fir = models.ForeignKey(
        FIR,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="medical_examinations",
        verbose_name=_("FIR"),
    )
    examined_on = models.DateField(_("examined on"))
    # The hour is optional (a paper file may give the day only): empty means "time not recorded",
    # never 00:00. With it, the 24 hours of BNSS 184(1) can be judged to the hour.
    examined_time = models.TimeField(
        _("at (time)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the time is not known: it is shown as “time not recorded”."),
    )
    hospital = EncryptedCharField(_("hospital"), max_length=150, blank=True)
    report_on = models.DateField(_("report received on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["examined_on", "examined_time", "pk"]

    def __str__(self):
        return f"{_('Medical examination')} {self.when_text}"

    @property
    def time_known(self) -> bool:
        return self.examined_time is not None

    @property
    def examined_at(self) -> datetime.datetime:
        """The moment, in the consortium's time zone: the start of the day when the hour is not recorded."""
        return timezone.make_aware(datetime.datetime.combine(self.examined_on, self.examined_time or datetime.time()))

    @property
    def when_text(self) -> str:
        """The day, and the hour when recorded: "1 Dec 2026, 14:00" or "1 Dec 2026 (time not recorded)"."""
        day = f"{self.examined_on.day} {self.examined_on:%b %Y}"
        if self.time_known:
            return f"{day}, {self.examined_time:%H:%M}"
        return f"{day} ({_('time not recorded')})"
