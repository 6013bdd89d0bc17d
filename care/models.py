"""Survivor care records: rescue, custody orders, shelter stays, repatriation, rehabilitation.

The law behind them (DOMAIN.md, "Custody, repatriation, rehabilitation"), each limit a rule in
cases/deadline_rules.py with its source:
- An adult rescued under the Immoral Traffic (Prevention) Act 1956: intermediate custody ordered
  by the nearest magistrate lasts at most ten days from that order (s.17(1), proviso (i));
  custody while the magistrate's inquiry is made at most three weeks from the order (s.17(3),
  second proviso). Before handing her over to her parents or guardian the magistrate may have
  their genuineness verified (s.17A, "home verification").
- A child (under 18, Juvenile Justice Act 2015 s.2(12)) is produced before the Child Welfare
  Committee within 24 hours excluding the journey (s.31(1) proviso); the social investigation
  is completed in 15 days and the inquiry in four months of first production (s.36(2)); a child
  from another district is transferred to the Committee of her home district (s.95).
- The medical examination of a victim of rape or attempted rape, with her consent, within 24
  hours of the information (BNSS 184(1) / CrPC 164A(1)): not every rescue. Her consent is
  recorded on the rescue; the examination itself once, as legal.MedicalExamination.
Services start and fulfil those deadlines (cases.deadlines) from the records here.

Free text that may identify her or where she is (places, escorts, notes, her own words) is
encrypted at rest. Nothing here names her: `__str__` and timeline summaries carry kinds,
dates, states and organisations only.
"""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.conditions import requires
from consortium.models import District, Organisation, State
from core.dates import day_text
from core.fields import EncryptedCharField, EncryptedTextField

__all__ = [
    "Area",
    "CustodyOrder",
    "ExamConsent",
    "FamilyTracing",
    "GoalStatus",
    "RehabilitationGoal",
    "RehabilitationPlan",
    "Repatriation",
    "Rescue",
    "ServiceReceived",
    "ShelterHome",
    "ShelterStay",
    "SupportContact",
]


class VersionedModel(models.Model):
    """Edited through forms: a version column refuses lost updates (core.concurrency.save_with_version)."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        abstract = True


# --- shelter homes (reference data) ---------------------------------------------------------


class ShelterHome(VersionedModel):
    class Kind(models.TextChoices):
        PROTECTIVE_HOME = "protective_home", _("Protective home (ITPA s.21)")
        SHAKTI_SADAN = "shakti_sadan", _("Shakti Sadan (Mission Shakti)")
        # Merged into Shakti Sadan by Mission Shakti (MWCD, 2022): kept for homes listed before.
        UJJAWALA = "ujjawala", _("Ujjawala home (former scheme, now Shakti Sadan)")
        SWADHAR_GREH = "swadhar_greh", _("Swadhar Greh (former scheme, now Shakti Sadan)")
        CHILDRENS_HOME = "childrens_home", _("Children's home (JJ Act)")
        OPEN_SHELTER = "open_shelter", _("Open shelter for children (JJ Act)")
        FIT_FACILITY = "fit_facility", _("Fit facility (JJ Act)")
        NGO_SHELTER = "ngo_shelter", _("NGO shelter")
        OTHER = "other", _("Other")

    # Schemes that Mission Shakti replaced: not offered for a new listing; old records keep them.
    FORMER_KINDS = (Kind.UJJAWALA, Kind.SWADHAR_GREH)
    SCHEME_NOTE = _(
        "Mission Shakti (Ministry of Women and Child Development, 2022) merged the Ujjawala and Swadhar Greh "
        "schemes into Shakti Sadan, an integrated relief and rehabilitation home. A home listed under a former "
        "scheme keeps it until an admin changes it."
    )

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("state"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        app_label = "survivors"  # see CareConfig
        ordering = ["state__name", "name"]
        constraints = [models.UniqueConstraint(fields=["state", "name"], name="shelter_name_unique_per_state")]
        verbose_name = _("shelter home")
        verbose_name_plural = _("shelter homes")

    def __str__(self):
        return f"{self.name} ({self.state.label})"

    @property
    def is_former_scheme(self) -> bool:
        return self.kind in self.FORMER_KINDS


# --- rescue and custody ----------------------------------------------------------------------


class ExamConsent(models.TextChoices):
    """Her answer to a medical examination (BNSS 184(1) / CrPC 164A(1): only with consent)."""

    GIVEN = "given", _("She consents")
    ON_HER_BEHALF = "behalf", _("Consent given on her behalf (her guardian, for a child)")
    WITHHELD = "withheld", _("She does not consent")


class Rescue(VersionedModel):
    """How her exploitation ended. One per case: a case is one trafficking episode."""

    class Agency(models.TextChoices):
        POLICE = "police", _("Police")
        AHTU = "ahtu", _("Anti-Human Trafficking Unit")
        NGO_WITH_POLICE = "ngo_with_police", _("NGO with the police")
        RAILWAY_POLICE = "railway_police", _("Railway police or RPF")
        LABOUR_DEPARTMENT = "labour_department", _("Labour department")
        CHILDLINE = "childline", _("Childline (1098)")
        SELF = "self", _("She escaped by herself")
        OTHER = "other", _("Other")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="rescue")
    rescued_at = models.DateTimeField(_("rescued or escaped at"))
    # A rescue entered from paper or moved from the old case form may have a day but no hour:
    # it is then kept at the start of that day (deadlines counted from it fall due no later than
    # the law allows) and shown as the day with "time not recorded", never as 00:00.
    time_known = models.BooleanField(_("time recorded"), default=True)
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("state"),
        help_text=_("Where it happened: its calendar counts the deadlines."),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    place = EncryptedCharField(_("place"), max_length=200, blank=True, help_text=_("Locality or establishment."))
    agency = models.CharField(_("rescued by"), max_length=20, choices=Agency.choices)
    agency_detail = models.CharField(
        _("unit or office"), max_length=150, blank=True, help_text=_("E.g. AHTU Pune rural, Childline Howrah.")
    )
    others_rescued = models.PositiveSmallIntegerField(
        _("others rescued with her"), null=True, blank=True, help_text=_("How many, whether or not they have cases.")
    )
    rescued_with = models.ManyToManyField(
        "cases.Case", related_name="+", blank=True, verbose_name=_("rescued with (cases)")
    )
    # BNSS 184 / CrPC 164A: the 24-hour medical examination is for a victim of rape or attempted
    # rape, with her consent (or that of a person competent to consent for her, for a child).
    rape_reported = models.BooleanField(
        _("she reports rape or attempted rape"),
        default=False,
        help_text=_("Only then is a medical examination within 24 hours due (BNSS 184(1), CrPC 164A(1))."),
    )
    rape_reported_at = models.DateTimeField(
        _("police received the information at"),
        null=True,
        blank=True,
        help_text=_("The 24 hours run from the time the police received the information. Empty: the rescue time."),
    )
    exam_consent = models.CharField(
        _("consent to the medical examination"), max_length=10, choices=ExamConsent.choices, blank=True
    )
    exam_consent_at = models.DateTimeField(_("consent answer recorded at"), null=True, blank=True)
    # The examination itself is not kept here: it is legal.MedicalExamination, the one record the
    # Care and Investigation tabs both read and write (issue 15, "one fact, one place").
    notes = EncryptedTextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        app_label = "survivors"  # see CareConfig
        verbose_name = _("rescue")
        verbose_name_plural = _("rescues")

    def __str__(self):
        return f"{_('Rescue')} {day_text(self.rescued_at)}"

    @property
    def rescued_on(self) -> datetime.date:
        return timezone.localtime(self.rescued_at).date()

    @property
    def when_text(self) -> str:
        """The day, and the hour when it was recorded: "1 Dec 2026, 18:00" or "1 Dec 2026 (time not recorded)"."""
        moment = timezone.localtime(self.rescued_at)
        day = day_text(moment)
        if self.time_known:
            return f"{day}, {moment:%H:%M}"
        return f"{day} ({_('time not recorded')})"


class CustodyOrder(VersionedModel):
    """An order or step of her custody: a magistrate's (adult, ITPA s.17) or the CWC's (child, JJ Act)."""

    class Kind(models.TextChoices):
        MAGISTRATE_INTERMEDIATE = (
            "magistrate_intermediate",
            _("Nearest magistrate: intermediate custody (ITPA s.17(1))"),
        )
        MAGISTRATE_CUSTODY = "magistrate_custody", _("Magistrate: custody during the inquiry (ITPA s.17(2)-(3))")
        HOME_VERIFICATION_ORDERED = (
            "home_verification_ordered",
            _("Magistrate orders a home verification (ITPA s.17A)"),
        )
        HOME_VERIFICATION = "home_verification", _("Home verification of her parents or guardian (ITPA s.17A)")
        MAGISTRATE_RELEASE = "magistrate_release", _("Magistrate: released from custody")
        MAGISTRATE_FINAL = "magistrate_final", _("Magistrate: order after the inquiry")
        CWC_PRODUCTION = "cwc_production", _("Produced before the Child Welfare Committee")
        CWC_INTERIM = "cwc_interim", _("CWC interim order")
        CWC_SIR = "cwc_sir", _("Social investigation report submitted to the CWC")
        HOME_INVESTIGATION_REQUESTED = (
            "home_investigation_requested",
            _("CWC asks for a home investigation report from her home district"),
        )
        HOME_INVESTIGATION_REPORT = "home_investigation_report", _("Home investigation report received")
        CWC_TRANSFER = "cwc_transfer", _("CWC: transfer to the CWC of her home district (JJ Act s.95)")
        CWC_TRANSFER_RECEIVED = (
            "cwc_transfer_received",
            _("Received by the CWC of her home district (JJ Act s.95(2))"),
        )
        CWC_FINAL = "cwc_final", _("CWC final order")

    class Finding(models.TextChoices):
        """What the home verification (ITPA s.17A) or the home investigation (JJ Act s.95) found."""

        GENUINE = "genuine", _("Genuine, and able to keep her safely")
        NOT_SUITABLE = "not_suitable", _("Not genuine, or not safe for her")
        NOT_TRACED = "not_traced", _("Family not traced")

    class Outcome(models.TextChoices):
        SHELTER = "shelter", _("Placed in a shelter home")
        RESTORED = "restored", _("Restored to her family")
        REPATRIATION = "repatriation", _("Repatriation to her home state")
        FOSTER_CARE = "foster_care", _("Foster care")
        RELEASED = "released", _("Released")
        OTHER = "other", _("Other")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="custody_orders")
    kind = models.CharField(_("order or step"), max_length=30, choices=Kind.choices)
    ordered_on = models.DateField(_("date"))
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("state"),
        help_text=_("Where the court or committee sits: its calendar counts the deadlines."),
    )
    authority = models.CharField(
        _("court or committee"), max_length=150, blank=True, help_text=_("E.g. CWC Mumbai City, ACMM Esplanade.")
    )
    order_number = models.CharField(_("order number"), max_length=80, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    shelter = models.ForeignKey(
        ShelterHome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("placed in"),
    )
    # The order this step answers or rests on (a report -> the order asking for it; her arrival at the
    # home district's CWC -> the transfer order; a transfer -> the home investigation report). Empty on
    # the orders that start a chain, and on verifications and transfers recorded before chains existed.
    answers = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_by",
        verbose_name=_("in answer to"),
    )
    # Who is asked to act: the organisation verifying her home (ITPA s.17A), the CWC or District Child
    # Protection Unit of her home district making the home investigation (JJ Act s.95).
    addressed_to = models.CharField(_("asked of"), max_length=150, blank=True)
    # Home verification (ITPA s.17A) or home investigation report (JJ Act s.95): what it found.
    finding = models.CharField(_("finding"), max_length=15, choices=Finding.choices, blank=True)
    # Transfer to her home district (JJ Act s.95): the receiving Committee and the home investigation report.
    receiving_authority = models.CharField(
        _("receiving CWC"), max_length=150, blank=True, help_text=_("E.g. CWC Murshidabad.")
    )
    home_district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("her home district"),
    )
    home_report_on = models.DateField(_("home investigation report received on"), null=True, blank=True)
    # JJ Act s.95(2): the escort order to the Special Juvenile Police Unit; the 15 days run from its receipt.
    escort_order_on = models.DateField(_("escort order given to the SJPU on"), null=True, blank=True)
    # Her arrival at the home district's CWC: who escorted her (a woman police officer for a girl).
    escorted_by = EncryptedCharField(_("escorted by"), max_length=200, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    ADULT_KINDS = (
        Kind.MAGISTRATE_INTERMEDIATE,
        Kind.MAGISTRATE_CUSTODY,
        Kind.HOME_VERIFICATION_ORDERED,
        Kind.HOME_VERIFICATION,
        Kind.MAGISTRATE_RELEASE,
        Kind.MAGISTRATE_FINAL,
    )
    CHILD_KINDS = (
        Kind.CWC_PRODUCTION,
        Kind.CWC_INTERIM,
        Kind.CWC_SIR,
        Kind.HOME_INVESTIGATION_REQUESTED,
        Kind.HOME_INVESTIGATION_REPORT,
        Kind.CWC_TRANSFER,
        Kind.CWC_TRANSFER_RECEIVED,
        Kind.CWC_FINAL,
    )
    # Steps recorded on a form of their own (their fields differ from an order's).
    OWN_FORM_KINDS = (
        Kind.HOME_VERIFICATION_ORDERED,
        Kind.HOME_VERIFICATION,
        Kind.HOME_INVESTIGATION_REQUESTED,
        Kind.HOME_INVESTIGATION_REPORT,
        Kind.CWC_TRANSFER,
        Kind.CWC_TRANSFER_RECEIVED,
    )
    # The steps of her way home, in order (a step answers the one before it): ITPA s.17A for an adult,
    # JJ Act s.95 for a child. A step with a finding reports on the order before it.
    ADULT_HOME_STEPS = (Kind.HOME_VERIFICATION_ORDERED, Kind.HOME_VERIFICATION)
    CHILD_HOME_STEPS = (
        Kind.HOME_INVESTIGATION_REQUESTED,
        Kind.HOME_INVESTIGATION_REPORT,
        Kind.CWC_TRANSFER,
        Kind.CWC_TRANSFER_RECEIVED,
    )
    # What each step answers: it must (a report or an arrival), or it may (a transfer resting on the report).
    ANSWERS_REQUIRED: dict[str, str] = {
        Kind.HOME_VERIFICATION: Kind.HOME_VERIFICATION_ORDERED,
        Kind.HOME_INVESTIGATION_REPORT: Kind.HOME_INVESTIGATION_REQUESTED,
        Kind.CWC_TRANSFER_RECEIVED: Kind.CWC_TRANSFER,
    }
    ANSWERS_OPTIONAL: dict[str, str] = {Kind.CWC_TRANSFER: Kind.HOME_INVESTIGATION_REPORT}
    # Orders that may hand her back to her family: the s.17A verification should come first.
    FAMILY_HANDOVER_KINDS = (Kind.MAGISTRATE_RELEASE, Kind.MAGISTRATE_FINAL)

    class Meta:
        app_label = "survivors"  # see CareConfig
        ordering = ["ordered_on", "pk"]
        verbose_name = _("custody order")
        verbose_name_plural = _("custody orders")

    def __str__(self):
        return f"{self.get_kind_display()} {day_text(self.ordered_on)}"

    @property
    def is_for_a_child(self) -> bool:
        return self.kind in self.CHILD_KINDS


class FamilyTracing(models.Model):
    """What the search for her family found, on a day, by whom (for an adult or a child). Written once:
    a later outcome (tracing continues, then traced) is a new row; the latest is the current one."""

    class Outcome(models.TextChoices):
        TRACED_SAFE = "traced_safe", _("Family traced, and safe for her")
        TRACED_NOT_SAFE = "traced_not_safe", _("Family traced, but not safe for her")
        NOT_TRACED = "not_traced", _("Family not traced")
        CONTINUING = "continuing", _("Tracing continues")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="family_tracings")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    traced_on = models.DateField(_("date"))
    traced_by = models.CharField(
        _("by whom"),
        max_length=150,
        help_text=_("The organisation or office that traced: e.g. DCPU Murshidabad, Sabuj Sathi field team."),
    )
    order = models.ForeignKey(
        CustodyOrder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tracings",
        verbose_name=_("for the order"),
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        app_label = "survivors"  # see CareConfig
        ordering = ["-traced_on", "-pk"]
        verbose_name = _("family tracing")
        verbose_name_plural = _("family tracing")

    def __str__(self):
        return f"{self.get_outcome_display()} {day_text(self.traced_on)}"


class ShelterStay(VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="shelter_stays")
    shelter = models.ForeignKey(ShelterHome, on_delete=models.PROTECT, related_name="stays", verbose_name=_("shelter"))
    admitted_on = models.DateField(_("admitted on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    order = models.ForeignKey(
        CustodyOrder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stays",
        verbose_name=_("placed by order"),
    )

    class Meta:
        app_label = "survivors"  # see CareConfig
        ordering = ["-admitted_on", "-pk"]
        verbose_name = _("shelter stay")
        verbose_name_plural = _("shelter stays")

    def __str__(self):
        return f"{_('Shelter stay')} {day_text(self.admitted_on)}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


# --- repatriation ----------------------------------------------------------------------------


def _sending_side(repatriation, actor) -> bool:
    """The case team's editors, not of the receiving organisation (care.permissions.CareActor)."""
    access = getattr(actor, "case_access", None)
    return (
        access is not None
        and access.can_record_care
        and repatriation.receiving_organisation_id not in getattr(actor, "staff_org_ids", ())
    )


def _receiving_side(repatriation, actor) -> bool:
    """Caseworkers and admins of the receiving organisation, whether or not they see the case yet."""
    return repatriation.receiving_organisation_id in getattr(actor, "staff_org_ids", ())


def _not_future(moment) -> bool:
    return moment is not None and moment <= timezone.now() + datetime.timedelta(minutes=5)


@requires(_("Her consent to share her case with the receiving organisation is not in force (withdrawn or expired)."))
def receiver_consent_in_force(repatriation) -> bool:
    from .selectors import receiver_may_receive

    return receiver_may_receive(repatriation.case, repatriation.receiving_organisation)


@requires(_("The acceptance is dated before the request or in the future."))
def acceptance_dated(repatriation) -> bool:
    accepted = repatriation.accepted_on
    return bool(accepted and repatriation.requested_on <= accepted <= timezone.localdate())


@requires(_("Give the travel date and how she travels."))
def travel_planned(repatriation) -> bool:
    return bool(repatriation.travel_on and repatriation.travel_mode)


@requires(_("The travel date is before the request was accepted."))
def travel_after_acceptance(repatriation) -> bool:
    return not (
        repatriation.travel_on and repatriation.accepted_on and repatriation.travel_on < repatriation.accepted_on
    )


@requires(_("Give the date and time of the handover; it cannot be in the future."))
def handover_time_given(repatriation) -> bool:
    return _not_future(repatriation.handed_over_at)


@requires(_("The handover is dated before the request was accepted."))
def handover_after_acceptance(repatriation) -> bool:
    handed = repatriation.handed_over_at
    return not (handed and repatriation.accepted_on and timezone.localtime(handed).date() < repatriation.accepted_on)


@requires(_("Give the date and time she arrived; it cannot be in the future."))
def arrival_time_given(repatriation) -> bool:
    return _not_future(repatriation.acknowledged_at)


@requires(_("Her arrival is dated before the handover."))
def arrival_after_handover(repatriation) -> bool:
    return not (
        repatriation.acknowledged_at
        and repatriation.handed_over_at
        and repatriation.acknowledged_at < repatriation.handed_over_at
    )


@requires(_("Choose the reason."))
def closing_reason_given(repatriation) -> bool:
    return bool(repatriation.closing_reason)


class Repatriation(ConcurrentTransitionMixin, models.Model):
    """Her journey home: a handover from the sending organisation (usually in the destination
    state) to the receiving organisation (in her home state), acknowledged on arrival so that
    nobody is lost between states.

    The receiving organisation acts before it can see the case: its inbox shows only what the
    request shares (reference, pseudonym, dates, states, the sender's note). On acceptance the
    accepting person joins the case team, with the survivor's consent for that organisation.
    """

    class Stage(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        TRAVEL_ARRANGED = "travel_arranged", _("Travel arranged")
        HANDED_OVER = "handed_over", _("Handed over")
        ARRIVAL_ACKNOWLEDGED = "arrival_acknowledged", _("Arrival acknowledged")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    MAIN_STAGES = [
        Stage.REQUESTED,
        Stage.ACCEPTED,
        Stage.TRAVEL_ARRANGED,
        Stage.HANDED_OVER,
        Stage.ARRIVAL_ACKNOWLEDGED,
    ]
    OPEN_STAGES = (Stage.REQUESTED, Stage.ACCEPTED, Stage.TRAVEL_ARRANGED, Stage.HANDED_OVER)
    FINAL_STAGES = (Stage.ARRIVAL_ACKNOWLEDGED, Stage.REFUSED, Stage.CANCELLED)

    class TravelMode(models.TextChoices):
        TRAIN = "train", _("Train")
        BUS = "bus", _("Bus")
        ROAD = "road", _("Car or van")
        AIR = "air", _("Air")
        OTHER = "other", _("Other")

    class ClosingReason(models.TextChoices):
        SURVIVOR_CHOICE = "survivor_choice", _("She chose otherwise")
        CONSENT_ENDED = "consent_ended", _("Her consent is no longer in force")
        HOME_UNSAFE = "home_unsafe", _("Home or family not safe for her")
        NO_CAPACITY = "no_capacity", _("The receiving organisation cannot support her")
        OTHER_ORGANISATION = "other_organisation", _("Another organisation is better placed")
        ORDER_CHANGED = "order_changed", _("A court or CWC order changed the plan")
        OTHER = "other", _("Other")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="repatriations")
    sending_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("sending organisation")
    )
    receiving_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="incoming_repatriations",
        verbose_name=_("receiving organisation"),
    )
    # The consent the request was sent under (none when the lead organisation receives her).
    consent = models.ForeignKey("survivors.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    from_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("from state"))
    to_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("to state"))
    to_district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to district")
    )
    stage = FSMField(_("stage"), default=Stage.REQUESTED, choices=Stage.choices, protected=True)

    requested_on = models.DateField(_("requested on"), default=timezone.localdate)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expected_handover_on = models.DateField(_("expected handover"), null=True, blank=True)
    note_for_receiver = EncryptedTextField(
        _("note for the receiving organisation"),
        blank=True,
        help_text=_(
            "They read this before they accept and before they can see her case: what they need to prepare "
            "(escort, medical follow-up, CWC). Do not write her name, contacts or address."
        ),
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    travel_on = models.DateField(_("travel date"), null=True, blank=True)
    travel_mode = models.CharField(_("travel by"), max_length=10, choices=TravelMode.choices, blank=True)
    escort = EncryptedCharField(_("escort"), max_length=200, blank=True, help_text=_("Who travels with her."))
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    handover_place = EncryptedCharField(_("handover place"), max_length=200, blank=True)
    acknowledged_at = models.DateTimeField(_("arrival acknowledged for"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_reason = models.CharField(_("reason"), max_length=30, choices=ClosingReason.choices, blank=True)
    closing_note = EncryptedTextField(_("details"), blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        app_label = "survivors"  # see CareConfig
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["receiving_organisation", "stage"], name="repatriation_inbox")]
        verbose_name = _("repatriation")
        verbose_name_plural = _("repatriations")

    def __str__(self):
        # Organisations and states only: shown on timelines and in logs.
        return f"{_('Repatriation')} {self.from_state.code} → {self.to_state.code}"

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES

    @transition(
        field=stage,
        source=Stage.REQUESTED,
        target=Stage.ACCEPTED,
        permission=_receiving_side,
        conditions=[receiver_consent_in_force, acceptance_dated],
    )
    def accept(self):
        """The receiving organisation takes her on; the accepting person joins the team (service)."""

    @transition(
        field=stage,
        source=Stage.REQUESTED,
        target=Stage.REFUSED,
        permission=_receiving_side,
        conditions=[closing_reason_given],
    )
    def refuse(self):
        """The receiving organisation cannot take her on."""

    @transition(
        field=stage,
        source=Stage.ACCEPTED,
        target=Stage.TRAVEL_ARRANGED,
        permission=_sending_side,
        conditions=[receiver_consent_in_force, travel_planned, travel_after_acceptance],
    )
    def arrange_travel(self):
        """Tickets, escort and date are settled."""

    @transition(
        field=stage,
        source=Stage.TRAVEL_ARRANGED,
        target=Stage.HANDED_OVER,
        permission=_sending_side,
        conditions=[receiver_consent_in_force, handover_time_given, handover_after_acceptance],
    )
    def hand_over(self):
        """She is handed to the receiving organisation; its acknowledgement is now due."""

    @transition(
        field=stage,
        source=Stage.HANDED_OVER,
        target=Stage.ARRIVAL_ACKNOWLEDGED,
        permission=_receiving_side,
        conditions=[arrival_time_given, arrival_after_handover],
    )
    def acknowledge_arrival(self):
        """The receiving organisation confirms she arrived: nobody is lost between states."""

    @transition(
        field=stage,
        source=[Stage.REQUESTED, Stage.ACCEPTED, Stage.TRAVEL_ARRANGED],
        target=Stage.CANCELLED,
        permission=_sending_side,
        conditions=[closing_reason_given],
    )
    def cancel(self):
        """The sending side calls it off before the handover."""


# Which side makes each move, for messages and the UI.
RECEIVING_TRANSITIONS = ("accept", "refuse", "acknowledge_arrival")
SENDING_TRANSITIONS = ("arrange_travel", "hand_over", "cancel")


# --- rehabilitation --------------------------------------------------------------------------


class RehabilitationPlan(VersionedModel):
    """The plan made with her; the goals hang off the case (RehabilitationGoal)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="rehabilitation_plan")
    priorities = EncryptedTextField(_("her priorities, in her own words"), blank=True)
    priorities_recorded_on = models.DateField(_("priorities recorded on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        app_label = "survivors"  # see CareConfig
        verbose_name = _("rehabilitation plan")
        verbose_name_plural = _("rehabilitation plans")

    def __str__(self):
        return str(_("Rehabilitation plan"))


class Area(models.TextChoices):
    HEALTH = "health", _("Health")
    PSYCHOLOGICAL = "psychological", _("Psychological care")
    SHELTER = "shelter", _("Shelter")
    EDUCATION = "education", _("Education")
    LIVELIHOOD = "livelihood", _("Livelihood and micro-business")
    IDENTITY_PAPERS = "identity_papers", _("Identity papers")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    RATION_CARD = "ration_card", _("Ration card")
    LEGAL_AID = "legal_aid", _("Legal aid")
    OTHER = "other", _("Other")


# Areas whose details are medical: a survivor leader sees that the goal exists, not its text.
SENSITIVE_AREAS = frozenset({Area.HEALTH, Area.PSYCHOLOGICAL})


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class RehabilitationGoal(VersionedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="rehabilitation_goals")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    description = EncryptedCharField(_("goal"), max_length=300, help_text=_("What she wants to reach, briefly."))
    status = models.CharField(_("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.PLANNED)
    start_on = models.DateField(_("start"), null=True, blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    ended_on = models.DateField(
        _("achieved or dropped on"), null=True, blank=True, help_text=_("For an achieved or dropped goal.")
    )
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("who helps")
    )
    note = EncryptedTextField(_("note"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        app_label = "survivors"  # see CareConfig
        ordering = ["pk"]
        verbose_name = _("rehabilitation goal")
        verbose_name_plural = _("rehabilitation goals")

    def __str__(self):
        return f"{self.get_area_display()} ({self.get_status_display()})"

    @property
    def is_sensitive(self) -> bool:
        return self.area in SENSITIVE_AREAS


class ServiceReceived(models.Model):
    """A service she received, and any money an organisation disbursed for it. Written once."""

    class Kind(models.TextChoices):
        MEDICAL = "medical", _("Medical care")
        PSYCHOLOGICAL = "psychological", _("Psychological care")
        LEGAL_AID = "legal_aid", _("Legal aid")
        EDUCATION = "education", _("Education")
        VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
        LIVELIHOOD_GRANT = "livelihood_grant", _("Livelihood grant")
        MICRO_ENTERPRISE = "micro_enterprise", _("Micro-enterprise support")
        DOCUMENTS = "documents", _("Help with papers (identity, bank, ration card)")
        OTHER = "other", _("Other")

    SENSITIVE_KINDS = frozenset({Kind.MEDICAL, Kind.PSYCHOLOGICAL})

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="services_received")
    goal = models.ForeignKey(
        RehabilitationGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("for the goal"),
    )
    kind = models.CharField(_("service"), max_length=20, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    provided_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("provided by")
    )
    amount = models.DecimalField(
        _("amount disbursed (₹)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Money the organisation paid out for this, if any."),
    )
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        app_label = "survivors"  # see CareConfig
        ordering = ["-received_on", "-pk"]
        verbose_name = _("service received")
        verbose_name_plural = _("services received")

    def __str__(self):
        return f"{self.get_kind_display()} {day_text(self.received_on)}"

    @property
    def is_sensitive(self) -> bool:
        return self.kind in self.SENSITIVE_KINDS


class SupportContact(models.Model):
    """Support a survivor leader gave her (visits, peer support, accompaniment). Written once."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Home visit")
        PEER_SUPPORT = "peer_support", _("Peer support")
        COURT_ACCOMPANIMENT = "court_accompaniment", _("Accompanied her to court")
        OFFICE_ACCOMPANIMENT = "office_accompaniment", _("Accompanied her to an office (bank, ration, police)")
        PHONE_CALL = "phone_call", _("Phone call")
        COLLECTIVE_MEETING = "collective_meeting", _("Collective meeting")
        OTHER = "other", _("Other")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="support_contacts")
    kind = models.CharField(_("support given"), max_length=24, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        app_label = "survivors"  # see CareConfig
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("support given")
        verbose_name_plural = _("support given")

    def __str__(self):
        return f"{self.get_kind_display()} {day_text(self.happened_on)}"
