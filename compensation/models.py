"""Compensation: schemes (reference data), claims (a state machine per survivor per scheme) and payments.

A Scheme is versioned by `effective_from`: coordinators change a scheme by adding a
version, never by rewriting one, so a claim keeps the amounts and rules of the version
it was made under. A Claim moves only through core.workflow.apply_step() (called
by compensation.services); its `stage` is protected. Payments are insert-only.

Money is Decimal (rupees with paise), never float.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from cases.conditions import requires
from cases.models import Case, CaseDocument, InsertOnlyModel
from consortium.models import District, State
from core.fields import EncryptedCharField, EncryptedTextField
from core.translations import TranslatedName
from core.versions import in_force

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0")


class OffenceCategory(models.TextChoices):
    """What a scheme pays for. compensation.eligibility derives a case's categories."""

    TRAFFICKING = "trafficking", _("Trafficking of a person")
    RAPE = "rape", _("Rape")
    GANG_RAPE = "gang_rape", _("Gang rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault (other than rape)")
    BONDED_LABOUR = "bonded_labour", _("Bonded labour")
    CHILD_LABOUR = "child_labour", _("Child labour")


class SchemeAuthority(models.TextChoices):
    NALSA = "nalsa", _("National Legal Services Authority")
    SLSA = "slsa", _("State Legal Services Authority")
    GOVERNMENT = "government", _("Government department")


class Jurisdiction(models.TextChoices):
    NATIONAL = "national", _("National")
    STATE = "state", _("State")


class SchemeKind(models.TextChoices):
    """A scheme pays claims; a guideline (the MHA's CVCF minimums) is the basis state schemes adopt."""

    SCHEME = "scheme", _("Scheme: claims are made under it")
    GUIDELINE = "guideline", _("Guideline: the basis of state schemes, not claimed under")


class VersionBy(models.TextChoices):
    """Which date chooses the version of a scheme a claim is made under."""

    CLAIM = "claim", _("The day the claim is started")
    RELEASE = "release", _("The day she was released (rescued)")


class Requirement(models.TextChoices):
    """Documents a claim needs, each satisfied by a case document of an accepted type."""

    FIR = "fir", _("FIR")
    MAGISTRATE_STATEMENT = "magistrate_statement", _("Statement before a magistrate")
    MEDICAL_REPORT = "medical_report", _("Medical report")
    PSYCHOLOGICAL_REPORT = "psychological_report", _("Psychological report")
    AGE_PROOF = "age_proof", _("Age proof")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    IDENTITY = "identity", _("Identity document")
    RELEASE_CERTIFICATE = "release_certificate", _("Release certificate (bonded labour)")


T = CaseDocument.Type
ACCEPTED_DOCUMENT_TYPES: dict[str, list[str]] = {
    Requirement.FIR: [T.FIR_COPY, T.CHARGESHEET],
    Requirement.MAGISTRATE_STATEMENT: [T.MAGISTRATE_STATEMENT],
    Requirement.MEDICAL_REPORT: [T.MEDICAL_REPORT],
    Requirement.PSYCHOLOGICAL_REPORT: [T.PSYCHOLOGICAL_REPORT],
    Requirement.AGE_PROOF: [T.AGE_PROOF, T.CWC_ORDER],
    Requirement.BANK_ACCOUNT: [T.BANK_DOCUMENT],
    Requirement.IDENTITY: [T.IDENTITY_DOCUMENT],
    # The cases app has no "release certificate" type: it is filed as a court order or "other".
    Requirement.RELEASE_CERTIFICATE: [T.COURT_ORDER, T.OTHER],
}
STANDARD_REQUIREMENTS = [
    Requirement.FIR,
    Requirement.MAGISTRATE_STATEMENT,
    Requirement.MEDICAL_REPORT,
    Requirement.PSYCHOLOGICAL_REPORT,
    Requirement.AGE_PROOF,
    Requirement.BANK_ACCOUNT,
    Requirement.IDENTITY,
]


def percent_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(verbose_name, validators=[MaxValueValidator(100)], **kwargs)


class Scheme(TranslatedName, models.Model):
    """One version of a compensation scheme. Versions share `code`; the latest in force applies."""

    code = models.SlugField(_("code"), max_length=40, help_text=_("Shared by every version of the scheme."))
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, help_text=_("E.g. NALSA 2018."))
    authority = models.CharField(_("scheme of"), max_length=20, choices=SchemeAuthority.choices)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=10, choices=Jurisdiction.choices)
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("state")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SchemeKind.choices, default=SchemeKind.SCHEME)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Empty while in force; the last day of a version replaced or withdrawn."),
    )
    version_by = models.CharField(
        _("version chosen by"),
        max_length=10,
        choices=VersionBy.choices,
        default=VersionBy.CLAIM,
        help_text=_("E.g. the bonded-labour scheme: the version in force on the day of her release."),
    )
    women_only = models.BooleanField(
        _("for women and girls only"), default=False, help_text=_("E.g. the NALSA scheme for women victims, 2018.")
    )
    time_bar_months = models.PositiveSmallIntegerField(
        _("time limit (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_(
            "Months after the offence (or the conclusion of the trial, whichever is later) within which she "
            "applies. Empty: the scheme sets no time limit."
        ),
    )
    time_bar_source = models.TextField(
        _("source of the time limit"), blank=True, help_text=_("The clause of the scheme, or 'consortium practice'.")
    )
    minor_age_limit = models.PositiveSmallIntegerField(
        _("uplift below age"),
        default=18,
        validators=[MaxValueValidator(25)],
        help_text=_("The minor uplift applies if she was younger than this at the offence."),
    )
    minor_uplift_percent = percent_field(_("uplift for minors (%)"), default=0)
    interim_relief = models.TextField(_("interim relief rule"), blank=True)
    interim_max_amount = models.DecimalField(
        _("interim relief up to (₹)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    fd_share_percent = percent_field(
        _("fixed-deposit share (%)"), default=0, help_text=_("Share of the award kept in a fixed deposit.")
    )
    fd_share_percent_minor = percent_field(_("fixed-deposit share for minors (%)"), default=0)
    fd_lock_in_months = models.PositiveSmallIntegerField(
        _("fixed-deposit lock-in (months)"), default=0, validators=[MaxValueValidator(600)]
    )
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    legal_source = models.TextField(_("legal source"))
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="one_scheme_version_per_day"),
            models.CheckConstraint(
                condition=Q(jurisdiction="national", state__isnull=True) | Q(jurisdiction="state", state__isnull=False),
                name="scheme_state_matches_jurisdiction",
            ),
        ]
        verbose_name = _("compensation scheme")
        verbose_name_plural = _("compensation schemes")

    def __str__(self):
        return self.short_name

    @property
    def is_claimable(self) -> bool:
        return self.kind == SchemeKind.SCHEME

    @property
    def has_time_bar(self) -> bool:
        return self.time_bar_months is not None

    def in_force_on(self, day) -> bool:
        return in_force(self.effective_from, self.effective_until, day)

    @property
    def requirement_labels(self) -> list[str]:
        labels = dict(Requirement.choices)
        return [str(labels.get(code, code)) for code in self.required_documents]

    def fd_share_for(self, *, minor: bool) -> int:
        return self.fd_share_percent_minor if minor and self.fd_share_percent_minor else self.fd_share_percent


class SchemeLine(models.Model):
    """What a scheme pays for one offence category: a minimum and (unless open-ended) a maximum."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("offence"), max_length=30, choices=OffenceCategory.choices)
    label = models.CharField(_("as the scheme words it"), max_length=200, blank=True)
    min_amount = models.DecimalField(_("minimum (₹)"), **MONEY, validators=[MinValueValidator(ZERO)])
    max_amount = models.DecimalField(
        _("maximum (₹)"), **MONEY, null=True, blank=True, help_text=_("Empty: no ceiling (a floor only).")
    )

    class Meta:
        ordering = ["scheme", "min_amount", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "category"], name="one_line_per_scheme_and_offence"),
            models.CheckConstraint(condition=Q(min_amount__gte=0), name="scheme_line_min_not_negative"),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gte=F("min_amount")),
                name="scheme_line_max_not_below_min",
            ),
        ]

    def __str__(self):
        return f"{self.scheme.short_name}: {self.get_category_display()}"

    def range_for(self, *, uplift_percent: int = 0) -> tuple[Decimal, Decimal | None]:
        """The line's (minimum, maximum), raised by `uplift_percent` (minors)."""
        factor = Decimal(100 + uplift_percent) / Decimal(100)
        low = (self.min_amount * factor).quantize(Decimal("0.01"))
        high = (self.max_amount * factor).quantize(Decimal("0.01")) if self.max_amount is not None else None
        return low, high


class AuthorityLevel(models.TextChoices):
    DLSA = "dlsa", _("District Legal Services Authority")
    SLSA = "slsa", _("State Legal Services Authority")
    DISTRICT_MAGISTRATE = "district_magistrate", _("District Magistrate")
    STATE_DEPARTMENT = "state_department", _("State government department")


AUTHORITY_SHORT = {
    AuthorityLevel.DLSA: "DLSA",
    AuthorityLevel.SLSA: "SLSA",
    AuthorityLevel.DISTRICT_MAGISTRATE: "DM",
    AuthorityLevel.STATE_DEPARTMENT: _("State department"),
}
DISTRICT_LEVELS = {AuthorityLevel.DLSA, AuthorityLevel.DISTRICT_MAGISTRATE}


class Route(models.TextChoices):
    APPLICATION = "application", _("Application by the survivor")
    UNTRACED_OFFENDER = (
        "untraced_offender",
        _("Application: offender not traced or identified, no trial (BNSS 396(4) / CrPC 357A(4))"),
    )
    COURT_RECOMMENDATION = "court_recommendation", _("Court recommendation (BNSS 396(2)-(3) / CrPC 357A(2)-(3))")
    ACQUITTAL_RECOMMENDATION = (
        "acquittal_recommendation",
        _("Court recommendation on acquittal or discharge (BNSS 396(3) / CrPC 357A(3))"),
    )
    POCSO_SPECIAL_COURT = "pocso_special_court", _("POCSO Special Court: interim compensation (POCSO Rules 2020 r.9)")
    SUO_MOTU = "suo_motu", _("Taken up suo motu")


# Routes where she applies: the scheme's time limit applies to them (a court's order or recommendation
# is not an application).
APPLICATION_ROUTES = {Route.APPLICATION, Route.UNTRACED_OFFENDER}


class OffenceBasis(models.TextChoices):
    """What the claim is made for, as the caseworker records it. For an adult, commercial sexual
    exploitation is not by itself rape for a scheme's purposes: the basis is what is charged."""

    RAPE = "rape", _("Rape charged (BNS 64 / IPC 376)")
    GANG_RAPE = "gang_rape", _("Gang rape charged (BNS 70 / IPC 376D)")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault other than rape (e.g. BNS 74 / IPC 354; POCSO 8, 10)")
    OTHER = "other", _("Another offence (e.g. trafficking, bonded labour)")


class InterimKind(models.TextChoices):
    AUTHORITY = "authority", _("Interim relief by the legal services authority (BNSS 396(6) / CrPC 357A(6))")
    POCSO = "pocso", _("Interim compensation by the POCSO Special Court (POCSO Rules 2020 r.9)")


class Stage(models.TextChoices):
    SCREENED = "screened", _("Screened")
    DOCUMENTS_READY = "documents_ready", _("Documents ready")
    APPLIED = "applied", _("Applied")
    INTERIM_RELIEF = "interim_relief", _("Interim relief sought")
    UNDER_INQUIRY = "under_inquiry", _("Under inquiry")
    AWARDED = "awarded", _("Awarded")
    REJECTED = "rejected", _("Rejected")
    APPEAL = "appeal", _("Appeal to the State authority")
    HIGH_COURT_WRIT = "high_court_writ", _("High Court writ")
    PAYMENT_PENDING = "payment_pending", _("Payment pending")
    PARTLY_DISBURSED = "partly_disbursed", _("Partly disbursed")
    DISBURSED = "disbursed", _("Disbursed")
    CLOSED = "closed", _("Closed")
    LAPSED = "lapsed", _("Lapsed")


S = Stage
BEFORE_FILING = [S.SCREENED, S.DOCUMENTS_READY]
DECIDING = [S.APPLIED, S.INTERIM_RELIEF, S.UNDER_INQUIRY]
PAYABLE = [S.AWARDED, S.PAYMENT_PENDING, S.PARTLY_DISBURSED]
OPEN_STAGES = [s for s in Stage.values if s not in (S.CLOSED, S.LAPSED, S.DISBURSED)]


class ClosureReason(models.TextChoices):
    PAID = "paid", _("Paid in full")
    REJECTED_FINAL = "rejected_final", _("Rejected; no further remedy")
    WITHDRAWN = "withdrawn", _("She chose not to pursue it")
    DUPLICATE = "duplicate", _("Recorded twice / claimed under another scheme")
    OTHER = "other", _("Other")


def _may_manage(claim, access) -> bool:
    """Transition permission: caseworkers and lawyers on the team, admins of the lead organisation
    (and the system's own time-bar scan, see compensation.services.SystemAccess)."""
    return bool(getattr(access, "can_manage_compensation", False))


# --- transition conditions (each says what is missing) --------------------------------------------


@requires(_("Link every required document, or say why the claim can be filed without the missing ones."))
def _documents_ready(claim) -> bool:
    return not claim.missing_requirements() or bool(claim.documents_waiver_note.strip())


@requires(_("Give the date the claim was filed."))
def _has_applied_on(claim) -> bool:
    return claim.applied_on is not None


def _trial_pending(claim) -> bool:
    from .eligibility import trial_status

    return trial_status(claim.case).pending


@requires(_("The time bar has passed: record the application for condonation of delay."))
def _within_time_bar_or_condoned(claim) -> bool:
    return (
        claim.time_bar_on is None
        or claim.applied_on is None
        or claim.applied_on <= claim.time_bar_on
        or bool(claim.condonation_note.strip())
        or _trial_pending(claim)
    )


@requires(
    _(
        "A trial is recorded on the case: this route is for an offender not traced or identified where no trial "
        "takes place (BNSS 396(4)). Record an application or the court's recommendation instead."
    )
)
def _no_trial(claim) -> bool:
    from .eligibility import trial_status

    return not trial_status(claim.case).court_cases


@requires(_("A trial is pending on the case: a claim does not lapse while it runs (NALSA scheme 2018)."))
def _no_trial_pending(claim) -> bool:
    return not _trial_pending(claim)


@requires(_("Interim compensation by the POCSO Special Court is for a case with a POCSO offence on its FIRs."))
def _is_pocso_case(claim) -> bool:
    from .eligibility import pocso_sections_charged

    return bool(pocso_sections_charged(claim.case))


@requires(_("Name the court that recommended compensation."))
def _has_court(claim) -> bool:
    return bool(claim.court_label.strip())


@requires(_("Give the date interim relief was sought."))
def _has_interim_sought_on(claim) -> bool:
    return claim.interim_sought_on is not None


@requires(_("Give the interim amount granted (0 if it was refused) and the date."))
def _has_interim_decision(claim) -> bool:
    return claim.interim_amount is not None and claim.interim_decided_on is not None


@requires(_("Give the amount awarded (more than zero) and the date of the award."))
def _has_award(claim) -> bool:
    return claim.awarded_amount is not None and claim.awarded_amount > 0 and claim.awarded_on is not None


@requires(_("The amount is above the scheme's maximum: record the reason (e.g. the order's own reasoning)."))
def _award_within_scheme_or_reasoned(claim) -> bool:
    high = claim.amount_range[1]
    return (
        claim.awarded_amount is None
        or high is None
        or claim.awarded_amount <= high
        or bool(claim.awarded_above_max_reason.strip())
    )


@requires(_("The new award is lower than what has already been paid."))
def _award_covers_payments(claim) -> bool:
    return claim.awarded_amount is None or claim.awarded_amount >= claim.amount_paid


@requires(_("Say why the claim was rejected."))
def _has_rejection(claim) -> bool:
    return claim.rejected_on is not None and bool(claim.rejection_reason.strip())


@requires(_("Give the date the appeal was filed."))
def _has_appeal(claim) -> bool:
    return claim.appeal_filed_on is not None


@requires(_("Give the writ petition's number and filing date."))
def _has_writ(claim) -> bool:
    return claim.writ_filed_on is not None and bool(claim.writ_number.strip())


@requires(_("The time bar has not passed yet."))
def _time_bar_passed(claim) -> bool:
    return claim.time_bar_on is not None and claim.time_bar_on < timezone.localdate()


@requires(_("A delay was condoned on this claim: it does not lapse."))
def _not_condoned(claim) -> bool:
    return not claim.condonation_note.strip()


@requires(_("Record the application for condonation of delay."))
def _has_condonation(claim) -> bool:
    return bool(claim.condonation_note.strip())


@requires(_("Payments recorded so far do not cover the award."))
def _fully_paid(claim) -> bool:
    return claim.awarded_amount is not None and claim.amount_paid >= claim.awarded_amount


@requires(_("This payment would cover the whole award: record it as the final payment."))
def _partly_paid(claim) -> bool:
    return claim.awarded_amount is not None and ZERO < claim.amount_paid < claim.awarded_amount


@requires(_("Choose why the claim is closed."))
def _has_closure_reason(claim) -> bool:
    return claim.closure_reason in ClosureReason.values


class Claim(ConcurrentTransitionMixin, models.Model):
    """One survivor's claim under one scheme (one per case and scheme)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="compensation_claims")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="claims", verbose_name=_("scheme"))
    # The scheme's code, copied so that "one claim per scheme" holds across versions.
    scheme_code = models.SlugField(max_length=40, editable=False)
    line = models.ForeignKey(SchemeLine, on_delete=models.PROTECT, related_name="+", verbose_name=_("offence line"))
    minor_uplift = models.BooleanField(_("minor uplift applies"), default=False)
    stage = FSMField(_("stage"), default=Stage.SCREENED, choices=Stage.choices, protected=True, db_index=True)
    stage_on = models.DateField(_("in this stage since"))
    screened_on = models.DateField(_("screened on"))
    screening_override_reason = EncryptedTextField(_("why claim although screening did not match"), blank=True)
    route = models.CharField(_("route"), max_length=30, choices=Route.choices, blank=True)
    authority_level = models.CharField(_("authority"), max_length=30, choices=AuthorityLevel.choices)
    authority_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("state"))
    authority_district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    claim_number = models.CharField(_("claim number"), max_length=60, blank=True)
    time_bar_on = models.DateField(_("time-barred after"), null=True, blank=True)
    time_bar_basis = models.CharField(max_length=20, blank=True)
    offence_basis = models.CharField(_("offence basis"), max_length=20, choices=OffenceBasis.choices, blank=True)
    interim_kind = models.CharField(_("interim relief by"), max_length=10, choices=InterimKind.choices, blank=True)
    # Set by the nightly time-bar scan when the time bar passed while a trial is pending: the claim
    # is not lapsed, the lead caseworker reviews it. Cleared when the claim is filed or the bar moves.
    review_flagged_on = models.DateField(_("flagged for review on"), null=True, blank=True)
    review_reason = models.CharField(_("why flagged"), max_length=300, blank=True)
    condonation_note = EncryptedTextField(_("condonation of delay"), blank=True)
    documents_waiver_note = EncryptedTextField(_("why missing documents do not hold the claim"), blank=True)

    amount_claimed = models.DecimalField(_("amount claimed (₹)"), **MONEY, null=True, blank=True)
    claimed_above_max_reason = EncryptedTextField(_("why more than the scheme's maximum is claimed"), blank=True)
    applied_on = models.DateField(_("filed on"), null=True, blank=True)
    court_label = models.CharField(_("recommending court"), max_length=200, blank=True)
    court_ordered_on = models.DateField(_("court order of"), null=True, blank=True)
    court_ordered_amount = models.DecimalField(_("amount ordered by the court (₹)"), **MONEY, null=True, blank=True)
    interim_sought_on = models.DateField(_("interim relief sought on"), null=True, blank=True)
    interim_amount = models.DecimalField(_("interim relief granted (₹)"), **MONEY, null=True, blank=True)
    interim_decided_on = models.DateField(_("interim relief decided on"), null=True, blank=True)
    inquiry_started_on = models.DateField(_("inquiry started on"), null=True, blank=True)
    awarded_amount = models.DecimalField(_("amount awarded (₹)"), **MONEY, null=True, blank=True)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    award_reference = models.CharField(_("award order"), max_length=100, blank=True)
    awarded_above_max_reason = EncryptedTextField(_("why the award is above the scheme's maximum"), blank=True)
    fd_share_required = models.PositiveSmallIntegerField(_("fixed-deposit share required (%)"), null=True, blank=True)
    fd_lock_in_months = models.PositiveSmallIntegerField(_("fixed-deposit lock-in (months)"), null=True, blank=True)
    rejected_on = models.DateField(_("rejected on"), null=True, blank=True)
    rejection_reason = EncryptedTextField(_("reason for rejection"), blank=True)
    appeal_filed_on = models.DateField(_("appeal filed on"), null=True, blank=True)
    appeal_reference = models.CharField(_("appeal number"), max_length=100, blank=True)
    writ_filed_on = models.DateField(_("writ filed on"), null=True, blank=True)
    writ_number = models.CharField(_("writ petition number"), max_length=100, blank=True)
    amount_paid = models.DecimalField(_("paid so far (₹)"), **MONEY, default=ZERO, editable=False)
    fully_paid_on = models.DateField(_("paid in full on"), null=True, blank=True, editable=False)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(_("why closed"), max_length=20, choices=ClosureReason.choices, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "scheme_code"], name="one_claim_per_case_and_scheme"),
            models.CheckConstraint(
                condition=Q(amount_claimed__isnull=True) | Q(amount_claimed__gte=0), name="claim_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(awarded_amount__isnull=True) | Q(awarded_amount__gte=0), name="claim_award_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(interim_amount__isnull=True) | Q(interim_amount__gte=0), name="claim_interim_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(amount_paid=0) | Q(awarded_amount__isnull=False, amount_paid__lte=F("awarded_amount")),
                name="claim_paid_not_above_award",
            ),
        ]
        indexes = [models.Index(fields=["stage", "awarded_on"], name="claim_stage_awarded")]
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")

    def __str__(self):
        # Shown on timelines, deadlines and to masked viewers: the scheme and the authority, never who she is.
        return _("Claim under %(scheme)s, %(authority)s") % {
            "scheme": self.scheme.short_name,
            "authority": self.authority_label,
        }

    # --- derived facts ---------------------------------------------------------------------------

    @property
    def authority_label(self) -> str:
        short = AUTHORITY_SHORT.get(self.authority_level, self.authority_level)
        if self.authority_level in DISTRICT_LEVELS and self.authority_district_id:
            return f"{short} {self.authority_district.name}"
        return f"{short} {self.authority_state.name}" if self.authority_state_id else str(short)

    @property
    def subject_key(self) -> str:
        return f"compensation.claim:{self.pk}"

    @property
    def amount_range(self) -> tuple[Decimal, Decimal | None]:
        return self.line.range_for(uplift_percent=self.scheme.minor_uplift_percent if self.minor_uplift else 0)

    @property
    def amount_unpaid(self) -> Decimal | None:
        if self.awarded_amount is None:
            return None
        return max(self.awarded_amount - self.amount_paid, ZERO)

    @property
    def is_awarded(self) -> bool:
        return self.awarded_amount is not None and self.awarded_on is not None

    @property
    def days_unpaid(self) -> int | None:
        """Days since the award while any of it is unpaid (None: nothing awarded, or paid in full)."""
        if not self.is_awarded or self.amount_paid >= self.awarded_amount or self.stage == Stage.CLOSED:
            return None
        return (timezone.localdate() - self.awarded_on).days

    @property
    def days_to_full_payment(self) -> int | None:
        if self.fully_paid_on and self.awarded_on:
            return (self.fully_paid_on - self.awarded_on).days
        return None

    @property
    def overdue_days(self) -> int | None:
        """Days the oldest overdue step is late (needs the list's `overdue_since` annotation)."""
        since = getattr(self, "overdue_since", None)
        return (timezone.localdate() - since).days if since else None

    @property
    def is_time_barred(self) -> bool:
        return self.time_bar_on is not None and self.time_bar_on < timezone.localdate()

    def requirements(self) -> list[str]:
        return list(self.scheme.required_documents)

    def missing_requirements(self) -> list[str]:
        linked = {link.requirement for link in self.document_links.all()}
        return [code for code in self.requirements() if code not in linked]

    # --- transitions (moved by compensation.services via core.workflow; steps: compensation.workflow) ---

    @transition(
        field=stage, source=S.SCREENED, target=S.DOCUMENTS_READY, permission=_may_manage, conditions=[_documents_ready]
    )
    def mark_documents_ready(self):
        pass

    @transition(
        field=stage,
        source=S.DOCUMENTS_READY,
        target=S.APPLIED,
        permission=_may_manage,
        conditions=[_has_applied_on, _within_time_bar_or_condoned],
    )
    def apply(self):
        self.route = Route.APPLICATION

    @transition(
        field=stage,
        source=S.DOCUMENTS_READY,
        target=S.APPLIED,
        permission=_may_manage,
        conditions=[_has_applied_on, _no_trial, _within_time_bar_or_condoned],
    )
    def apply_offender_untraced(self):
        # BNSS 396(4) / CrPC 357A(4): the offender is not traced or identified and no trial takes place.
        self.route = Route.UNTRACED_OFFENDER

    @transition(
        field=stage,
        source=[S.SCREENED, S.DOCUMENTS_READY, S.LAPSED],
        target=S.APPLIED,
        permission=_may_manage,
        conditions=[_has_applied_on, _has_court],
    )
    def recommend_by_court(self):
        # Court recommendations (BNSS 396(2)-(3)) are not an application: no time bar applies.
        self.route = Route.COURT_RECOMMENDATION

    @transition(
        field=stage,
        source=[S.SCREENED, S.DOCUMENTS_READY, S.LAPSED],
        target=S.APPLIED,
        permission=_may_manage,
        conditions=[_has_applied_on, _has_court],
    )
    def recommend_on_acquittal(self):
        # BNSS 396(3) / CrPC 357A(3): the trial ended in acquittal or discharge and she has to be
        # rehabilitated. Compensation does not wait for a conviction; no time bar applies.
        self.route = Route.ACQUITTAL_RECOMMENDATION

    @transition(
        field=stage,
        source=[S.SCREENED, S.DOCUMENTS_READY, S.LAPSED, S.APPLIED, S.UNDER_INQUIRY],
        target=S.INTERIM_RELIEF,
        permission=_may_manage,
        conditions=[_has_interim_sought_on, _has_court, _is_pocso_case],
    )
    def seek_pocso_interim(self):
        # POCSO Rules 2020 r.9: the Special Court may order interim compensation at any stage after
        # the FIR. Before any filing, the application to the court is the claim's filing.
        self.interim_kind = InterimKind.POCSO
        if not self.route:
            self.route = Route.POCSO_SPECIAL_COURT
            self.applied_on = self.applied_on or self.interim_sought_on

    @transition(
        field=stage,
        source=[S.SCREENED, S.DOCUMENTS_READY],
        target=S.APPLIED,
        permission=_may_manage,
        conditions=[_has_applied_on],
    )
    def take_up_suo_motu(self):
        self.route = Route.SUO_MOTU

    @transition(
        field=stage,
        source=[S.APPLIED, S.UNDER_INQUIRY],
        target=S.INTERIM_RELIEF,
        permission=_may_manage,
        conditions=[_has_interim_sought_on],
    )
    def seek_interim_relief(self):
        self.interim_kind = InterimKind.AUTHORITY

    @transition(
        field=stage,
        source=S.INTERIM_RELIEF,
        target=S.UNDER_INQUIRY,
        permission=_may_manage,
        conditions=[_has_interim_decision],
    )
    def decide_interim_relief(self):
        pass

    @transition(field=stage, source=S.APPLIED, target=S.UNDER_INQUIRY, permission=_may_manage)
    def start_inquiry(self):
        pass

    @transition(
        field=stage,
        source=DECIDING,
        target=S.AWARDED,
        permission=_may_manage,
        conditions=[_has_award, _award_within_scheme_or_reasoned],
    )
    def award(self):
        pass

    @transition(field=stage, source=DECIDING, target=S.REJECTED, permission=_may_manage, conditions=[_has_rejection])
    def reject(self):
        pass

    @transition(
        field=stage, source=[S.REJECTED, S.AWARDED], target=S.APPEAL, permission=_may_manage, conditions=[_has_appeal]
    )
    def appeal(self):
        pass

    @transition(
        field=stage,
        source=S.APPEAL,
        target=S.AWARDED,
        permission=_may_manage,
        conditions=[_has_award, _award_within_scheme_or_reasoned, _award_covers_payments],
    )
    def allow_appeal(self):
        pass

    @transition(
        field=stage,
        source=S.APPEAL,
        target=RETURN_VALUE(S.REJECTED, S.AWARDED),
        permission=_may_manage,
    )
    def dismiss_appeal(self):
        # An appeal against a low award that fails leaves the award standing.
        return S.AWARDED if self.is_awarded else S.REJECTED

    @transition(
        field=stage,
        source=[S.REJECTED, S.APPEAL, S.AWARDED, S.PAYMENT_PENDING, S.PARTLY_DISBURSED],
        target=S.HIGH_COURT_WRIT,
        permission=_may_manage,
        conditions=[_has_writ],
    )
    def file_writ(self):
        pass

    @transition(
        field=stage,
        source=S.HIGH_COURT_WRIT,
        target=RETURN_VALUE(S.PAYMENT_PENDING, S.PARTLY_DISBURSED),
        permission=_may_manage,
        conditions=[_has_award, _award_within_scheme_or_reasoned, _award_covers_payments],
    )
    def allow_writ(self):
        # The High Court directs the award (or its payment): what remains is to be paid.
        return S.PARTLY_DISBURSED if self.amount_paid > 0 else S.PAYMENT_PENDING

    @transition(
        field=stage,
        source=S.HIGH_COURT_WRIT,
        target=RETURN_VALUE(S.REJECTED, S.PAYMENT_PENDING, S.PARTLY_DISBURSED),
        permission=_may_manage,
    )
    def dismiss_writ(self):
        if not self.is_awarded:
            return S.REJECTED
        return S.PARTLY_DISBURSED if self.amount_paid > 0 else S.PAYMENT_PENDING

    @transition(field=stage, source=S.AWARDED, target=S.PAYMENT_PENDING, permission=_may_manage)
    def forward_for_payment(self):
        pass

    @transition(
        field=stage,
        source=[S.AWARDED, S.PAYMENT_PENDING, S.PARTLY_DISBURSED],
        target=S.PARTLY_DISBURSED,
        permission=_may_manage,
        conditions=[_partly_paid],
    )
    def record_part_payment(self):
        pass

    @transition(
        field=stage,
        source=[S.AWARDED, S.PAYMENT_PENDING, S.PARTLY_DISBURSED],
        target=S.DISBURSED,
        permission=_may_manage,
        conditions=[_fully_paid],
    )
    def record_final_payment(self):
        pass

    @transition(
        field=stage,
        source=[s for s in Stage.values if s not in (S.CLOSED,)],
        target=S.CLOSED,
        permission=_may_manage,
        conditions=[_has_closure_reason],
    )
    def close(self):
        pass

    @transition(
        field=stage,
        source=BEFORE_FILING,
        target=S.LAPSED,
        permission=_may_manage,
        conditions=[_time_bar_passed, _not_condoned, _no_trial_pending],
    )
    def lapse(self):
        pass

    @transition(field=stage, source=S.LAPSED, target=S.SCREENED, permission=_may_manage, conditions=[_has_condonation])
    def reopen_after_lapse(self):
        pass


class ClaimDocument(models.Model):
    """A case document linked to one of a claim's required documents."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="document_links")
    requirement = models.CharField(max_length=30, choices=Requirement.choices)
    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "requirement"], name="one_document_per_requirement")]


class PaymentMode(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer to her account")
    FIXED_DEPOSIT = "fixed_deposit", _("Fixed deposit")


class ClaimPayment(InsertOnlyModel):
    """One disbursement. Insert-only: money records are not edited after the fact."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="payments")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (₹)"), **MONEY)
    mode = models.CharField(_("paid as"), max_length=20, choices=PaymentMode.choices)
    # Her bank details: encrypted, and shown only to those who may see her documents.
    bank_name = EncryptedCharField(_("bank and branch"), max_length=120, blank=True)
    reference = EncryptedCharField(_("transaction or deposit number"), max_length=120, blank=True)
    fd_maturity_on = models.DateField(_("deposit matures on"), null=True, blank=True)
    fd_share_reason = EncryptedTextField(_("why the fixed-deposit rule is not followed"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=~Q(mode="fixed_deposit") | Q(fd_maturity_on__isnull=False),
                name="fixed_deposit_has_maturity",
            ),
        ]

    @property
    def days_from_award(self) -> int | None:
        awarded_on = self.claim.awarded_on
        return (self.paid_on - awarded_on).days if awarded_on else None

    @property
    def is_fixed_deposit(self) -> bool:
        return self.mode == PaymentMode.FIXED_DEPOSIT
