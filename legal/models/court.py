"""Court proceedings: courts, court cases as state machines, accused on trial, charges framed,
hearings, bail applications in court, judgments with one outcome per accused, appeals,
witness protection and the mapping of eCourts "stage of case" phrases.

A court case moves only through the court workflow's spec (legal.court.workflow, applied by
core.workflow.apply_step; labels, dates and deadlines of each step are declared there):
the stage field is protected, each transition declares the data it needs as conditions (with
the reason shown when missing) and who may make it as a permission callable taking the
actor's CaseAccess. Side states (stayed, transferred, withdrawn) remember the stage they
left in `stage_before_side` and return to it.

Courts, case numbers, CNR numbers, judges and public prosecutors are public offices and
records, kept in plain columns. What may name or describe people (what happened at a
hearing, her deposition, bail conditions, threats) is encrypted.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from cases.codes import Procedure, procedure_for
from cases.models import Case, CaseDocument
from cases.workflow import requires
from consortium.models import District, State
from core.dates import day_text
from core.fields import EncryptedTextField
from legal.models.accused import Accused
from legal.models.investigation import FIR
from legal.models.reference import Section, Triable

# --- courts -----------------------------------------------------------------------------------


class CourtKind(models.TextChoices):
    MAGISTRATE = "magistrate", _("Magistrate's court")
    SESSIONS = "sessions", _("Sessions court")
    SPECIAL_POCSO = "special_pocso", _("Special POCSO court")
    SPECIAL = "special", _("Other special court taking cognizance directly (e.g. SC/ST Act s.14)")
    HIGH_COURT = "high_court", _("High Court")
    SUPREME_COURT = "supreme_court", _("Supreme Court")


# Courts that take cognizance without committal: the POCSO Special Court (POCSO Act s.33(1)) and
# special courts whose Act says so (e.g. SC/ST (Prevention of Atrocities) Act s.14 as amended in
# 2016). An ordinary Court of Session does not (BNSS 213 / CrPC 193).
DIRECT_COGNIZANCE_KINDS = (CourtKind.SPECIAL_POCSO, CourtKind.SPECIAL)
# Courts a magistrate commits a case to (BNSS 232 / CrPC 209).
COMMITTAL_TARGET_KINDS = (CourtKind.SESSIONS, CourtKind.SPECIAL_POCSO, CourtKind.SPECIAL)


class Court(models.Model):
    """A court (public office). Created as people name courts; the admin merges misspellings."""

    kind = models.CharField(_("type of court"), max_length=20, choices=CourtKind.choices)
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("state")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    name = models.CharField(
        _("name of the court"), max_length=150, help_text=_("E.g. Additional Sessions Judge-II, Howrah.")
    )

    class Meta:
        ordering = ["state__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "state", "district", "name"], name="court_unique"),
        ]
        verbose_name = _("court")
        verbose_name_plural = _("courts")

    def __str__(self):
        return self.name


# --- the trial state machine ------------------------------------------------------------------


class CourtStage(models.TextChoices):
    COGNIZANCE = "cognizance", _("Cognizance taken")
    APPEARANCE = "appearance", _("Accused appeared")
    COPIES_SUPPLIED = "copies_supplied", _("Copies supplied")
    COMMITTED = "committed", _("Committed to sessions")
    DISCHARGE_HEARING = "discharge_hearing", _("Hearing on charge / discharge")
    CHARGES_FRAMED = "charges_framed", _("Charges framed")
    PROSECUTION_EVIDENCE = "prosecution_evidence", _("Prosecution evidence")
    ACCUSED_STATEMENT = "accused_statement", _("Statement of accused")
    DEFENCE_EVIDENCE = "defence_evidence", _("Defence evidence")
    FINAL_ARGUMENTS = "final_arguments", _("Final arguments")
    JUDGMENT_RESERVED = "judgment_reserved", _("Judgment reserved")
    JUDGMENT = "judgment", _("Judgment")
    SENTENCE_HEARING = "sentence_hearing", _("Hearing on sentence")
    SENTENCED = "sentenced", _("Sentence passed")
    APPEAL = "appeal", _("Appeal or revision")
    STAYED = "stayed", _("Stayed")
    TRANSFERRED = "transferred", _("Transferred")
    WITHDRAWN = "withdrawn", _("Withdrawn from prosecution")


CS = CourtStage
COURT_MAIN_LINE = [
    CS.COGNIZANCE,
    CS.APPEARANCE,
    CS.COPIES_SUPPLIED,
    CS.COMMITTED,
    CS.DISCHARGE_HEARING,
    CS.CHARGES_FRAMED,
    CS.PROSECUTION_EVIDENCE,
    CS.ACCUSED_STATEMENT,
    CS.DEFENCE_EVIDENCE,
    CS.FINAL_ARGUMENTS,
    CS.JUDGMENT_RESERVED,
    CS.JUDGMENT,
    CS.SENTENCE_HEARING,
    CS.SENTENCED,
    CS.APPEAL,
]
# Steps a trial may pass by: no committal before a special court that took cognizance itself or
# for an offence a magistrate tries; no defence evidence when the defence leads none; no hearing on
# sentence and no sentence when nobody is convicted.
OPTIONAL_STAGES = {CS.COMMITTED, CS.DEFENCE_EVIDENCE, CS.JUDGMENT_RESERVED, CS.SENTENCE_HEARING, CS.SENTENCED}
# After the judgment: a conviction is followed by the hearing on sentence and the sentence
# (BNSS 258(2) / CrPC 235(2)); an appeal comes after either.
DECIDED_STAGES = (CS.JUDGMENT, CS.SENTENCE_HEARING, CS.SENTENCED, CS.APPEAL)
COURT_SIDE_STAGES = [CS.STAYED, CS.TRANSFERRED, CS.WITHDRAWN]
# A higher court may stay, a case may be transferred and the prosecutor may withdraw
# (BNSS 360 / CrPC 321: "at any time before the judgment is pronounced") only before judgment.
BEFORE_JUDGMENT = [s for s in COURT_MAIN_LINE if s not in DECIDED_STAGES]


def can_record_court(court_case, access) -> bool:
    return access.can_record_court


@requires(_("Enter the date the accused appeared."))
def has_appearance_date(court_case) -> bool:
    return court_case.appearance_on is not None


@requires(_("Enter the date the copies were supplied to the accused."))
def has_copies_date(court_case) -> bool:
    return court_case.copies_supplied_on is not None


@requires(_("Enter the date of the committal order."))
def has_committal_date(court_case) -> bool:
    return court_case.committed_on is not None


@requires(_("Only a magistrate's court commits a case to the sessions court."))
def is_magistrate_court(court_case) -> bool:
    return court_case.committing_court_id is not None or (
        court_case.court_id is not None and court_case.court.kind == CourtKind.MAGISTRATE
    )


@requires(
    _(
        "Only a case of an offence triable exclusively by a Court of Session is committed (BNSS 232 / CrPC 209): "
        "no section charged on this court case or its FIRs is. Record the sections first; otherwise the "
        "magistrate tries the case."
    )
)
def has_sessions_offence(court_case) -> bool:
    return court_case.pk is not None and court_case.triable_by_sessions


@requires(
    _(
        "An offence triable exclusively by a Court of Session is charged: the magistrate commits the case "
        "(BNSS 232 / CrPC 209) instead of hearing it on charge."
    )
)
def magistrate_may_try(court_case) -> bool:
    in_magistrate_court = court_case.court_id is not None and court_case.court.kind == CourtKind.MAGISTRATE
    return not (in_magistrate_court and court_case.committed_on is None and court_case.triable_by_sessions)


@requires(_("Enter the date of the first hearing on charge."))
def has_charge_hearing_date(court_case) -> bool:
    return court_case.charge_hearing_on is not None


@requires(_("Enter the date the charges were framed."))
def has_charges_framed_date(court_case) -> bool:
    return court_case.charges_framed_on is not None


@requires(_("Record the charges framed against each accused first (Charges on this court case)."))
def has_live_charges(court_case) -> bool:
    return court_case.pk is not None and court_case.charges.filter(dropped_at__isnull=True).exists()


@requires(_("Enter the date prosecution evidence began."))
def has_evidence_date(court_case) -> bool:
    return court_case.evidence_started_on is not None


@requires(_("Enter the date the accused were examined (BNSS 351 / CrPC 313)."))
def has_accused_statement_date(court_case) -> bool:
    return court_case.accused_statement_on is not None


@requires(_("Enter the date defence evidence began."))
def has_defence_date(court_case) -> bool:
    return court_case.defence_evidence_on is not None


@requires(_("Enter the date final arguments began."))
def has_arguments_date(court_case) -> bool:
    return court_case.arguments_started_on is not None


@requires(_("Enter the date the arguments concluded."))
def has_arguments_concluded_date(court_case) -> bool:
    return court_case.arguments_concluded_on is not None


@requires(_("Enter the date of the judgment."))
def has_judgment_date(court_case) -> bool:
    return court_case.judgment_on is not None


@requires(_("Record the outcome for every accused on this court case (convicted, acquitted, discharged or abated)."))
def every_accused_has_outcome(court_case) -> bool:
    if court_case.pk is None:
        return False
    judgment = Judgment.objects.filter(court_case=court_case).first()
    if judgment is None:
        return False
    on_trial = set(court_case.accused_links.values_list("pk", flat=True))
    decided = set(judgment.outcomes.values_list("court_accused_id", flat=True))
    return bool(on_trial) and on_trial <= decided


@requires(_("Before charges are framed, the court can only discharge the accused (or record an abatement)."))
def only_discharges_before_charge(court_case) -> bool:
    if court_case.stage != CS.DISCHARGE_HEARING:
        return True
    judgment = Judgment.objects.filter(court_case=court_case).first()
    return (
        judgment is not None
        and not judgment.outcomes.exclude(outcome__in=[Outcome.DISCHARGED, Outcome.ABATED]).exists()
    )


@requires(_("A hearing on sentence follows a conviction only (BNSS 258(2) / CrPC 235(2))."))
def has_conviction(court_case) -> bool:
    return (
        court_case.pk is not None
        and JudgmentOutcome.objects.filter(judgment__court_case=court_case, outcome=Outcome.CONVICTED).exists()
    )


@requires(_("Enter the date of the hearing on sentence."))
def has_sentence_hearing_date(court_case) -> bool:
    return court_case.sentence_hearing_on is not None


@requires(_("Record the sentence of every convicted accused first."))
def every_convict_sentenced(court_case) -> bool:
    if court_case.pk is None or court_case.sentenced_on is None:
        return False
    convicted = JudgmentOutcome.objects.filter(judgment__court_case=court_case, outcome=Outcome.CONVICTED)
    return convicted.exists() and not convicted.filter(sentenced_on__isnull=True).exists()


@requires(_("Record the appeal or revision first (by whom, court, number, date)."))
def has_appeal(court_case) -> bool:
    return court_case.pk is not None and court_case.appeals.exists()


@requires(_("Enter the date of the stay order and the court that stayed the trial."))
def has_stay(court_case) -> bool:
    return court_case.stayed_on is not None and bool((court_case.stayed_by or "").strip())


@requires(_("Enter the date of the transfer order and the court the case goes to."))
def has_transfer(court_case) -> bool:
    return court_case.transferred_on is not None and bool((court_case.transferred_to or "").strip())


@requires(_("Enter the date the withdrawal from prosecution was sought."))
def has_withdrawal(court_case) -> bool:
    return court_case.withdrawn_on is not None


@requires(_("Enter the date the trial resumed."))
def has_resumed_date(court_case) -> bool:
    return court_case.resumed_on is not None


CNR_PATTERN = re.compile(r"^[A-Z]{4}\d{12}$")


def normalise_cnr(value: str) -> str:
    """People copy CNRs with spaces or hyphens ("WBHW01-001234-2026"): keep letters and digits."""
    return re.sub(r"[\s\-/.]", "", value or "").upper()


def cnr_problem(value: str, *, today: datetime.date | None = None) -> str | None:
    """Why a CNR number is not valid, or None. What is enforced (eCourts' Case Number Record):
    16 characters: 4 letters (2 for the state, 2 for the district), then 12 digits: 2 for the
    court establishment, 6 for the case's serial number (not all zeros) and 4 for the year of
    filing (1950 to this year)."""
    if not CNR_PATTERN.match(value or ""):
        return str(
            _(
                "A CNR number has 16 characters: 4 letters (state and district code) and 12 digits, "
                "e.g. WBHW010012342026."
            )
        )
    if value[6:12] == "000000":
        return str(_("The case's serial number in the CNR (digits 7 to 12) cannot be all zeros."))
    year = int(value[12:])
    this_year = (today or timezone.localdate()).year
    if not 1950 <= year <= this_year:
        return str(_("The last four digits of a CNR are the year of filing (1950 to %(year)d).") % {"year": this_year})
    return None


# Stage dates in the order the trial runs: a later one cannot come before an earlier one.
STAGE_DATE_FIELDS = [
    ("filed_on", _("the filing")),
    ("cognizance_on", _("cognizance")),
    ("appearance_on", _("the appearance")),
    ("copies_supplied_on", _("copies supplied")),
    ("committed_on", _("the committal")),
    ("charge_hearing_on", _("the first hearing on charge")),
    ("charges_framed_on", _("the framing of charges")),
    ("evidence_started_on", _("the start of prosecution evidence")),
    ("accused_statement_on", _("the statement of the accused")),
    ("defence_evidence_on", _("the start of defence evidence")),
    ("arguments_started_on", _("the start of final arguments")),
    ("arguments_concluded_on", _("the end of arguments")),
    ("judgment_on", _("the judgment")),
    ("sentence_hearing_on", _("the hearing on sentence")),
    ("sentenced_on", _("the sentence")),
]


class CourtCase(ConcurrentTransitionMixin, models.Model):
    """One court case on a survivor's case (a trial, identified by its CNR number)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="court_cases", verbose_name=_("case"))
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="court_cases", verbose_name=_("court"))
    # The magistrate's court that committed it, kept when the case moves to the sessions court.
    committing_court = models.ForeignKey(
        Court, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("committed by")
    )
    case_number = models.CharField(_("case number"), max_length=60, blank=True, help_text=_("E.g. SC 45/2026."))
    cnr = models.CharField(
        _("CNR number"),
        max_length=16,
        blank=True,
        help_text=_("16 characters from eCourts, e.g. WBHW010012342026."),
    )
    judge = models.CharField(_("judge"), max_length=120, blank=True, help_text=_("Name or designation."))
    public_prosecutor = models.CharField(_("public prosecutor"), max_length=120, blank=True)
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consortium lawyer"),
    )
    firs = models.ManyToManyField(FIR, blank=True, related_name="court_cases", verbose_name=_("FIRs"))

    # eCourts "stage of case": kept as written, mapped to a stage when the phrase is known.
    ecourts_stage = models.CharField(_("stage on eCourts"), max_length=200, blank=True)
    ecourts_stage_mapped = models.CharField(max_length=30, choices=CourtStage.choices, blank=True)
    ecourts_checked_on = models.DateField(_("eCourts checked on"), null=True, blank=True)

    filed_on = models.DateField(_("filed in court on"), null=True, blank=True)
    cognizance_on = models.DateField(_("cognizance taken on"))
    appearance_on = models.DateField(_("accused appeared on"), null=True, blank=True)
    copies_supplied_on = models.DateField(_("copies supplied on"), null=True, blank=True)
    committed_on = models.DateField(_("committed to sessions on"), null=True, blank=True)
    charge_hearing_on = models.DateField(_("first hearing on charge"), null=True, blank=True)
    charges_framed_on = models.DateField(_("charges framed on"), null=True, blank=True)
    evidence_started_on = models.DateField(_("prosecution evidence began on"), null=True, blank=True)
    accused_statement_on = models.DateField(_("accused examined on (BNSS 351 / CrPC 313)"), null=True, blank=True)
    defence_evidence_on = models.DateField(_("defence evidence began on"), null=True, blank=True)
    arguments_started_on = models.DateField(_("final arguments began on"), null=True, blank=True)
    arguments_concluded_on = models.DateField(_("arguments concluded on"), null=True, blank=True)
    # A derived copy of the judgment's date (Judgment.on, the fact), kept for the stage engine and the
    # lists that read court cases. Written only where the judgment's date is: court_services.judgment_record
    # (the "pronounce_judgment" step) and a date correction in court_case_update, which hands the new date
    # to court_services.judgment_date_corrected in the same transaction (Judgment.on and each
    # JudgmentOutcome.decided_on on that day follow). Nothing else sets it; tests check they stay equal.
    judgment_on = models.DateField(
        _("judgment pronounced on"),
        null=True,
        blank=True,
        help_text=_("A copy of the judgment's date, written only when the judgment is recorded or its date corrected."),
    )
    sentence_hearing_on = models.DateField(
        _("hearing on sentence on"), null=True, blank=True, help_text=_("BNSS 258(2) / CrPC 235(2).")
    )
    # Derived: the day the last convicted accused was sentenced (max JudgmentOutcome.sentenced_on),
    # written by court_services when a sentence is recorded or corrected, never edited by hand.
    sentenced_on = models.DateField(_("sentence passed on"), null=True, blank=True)
    stayed_on = models.DateField(_("stayed on"), null=True, blank=True)
    stayed_by = models.CharField(_("stayed by (court)"), max_length=150, blank=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    transferred_to = models.CharField(_("transferred to (court)"), max_length=150, blank=True)
    withdrawn_on = models.DateField(_("withdrawal sought on"), null=True, blank=True)
    resumed_on = models.DateField(_("trial resumed on"), null=True, blank=True)
    side_reason = EncryptedTextField(_("reason"), blank=True)
    stage_before_side = models.CharField(max_length=30, choices=CourtStage.choices, blank=True)

    stage = FSMField(_("stage"), default=CS.COGNIZANCE, choices=CourtStage.choices, protected=True, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["cognizance_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "cnr"], condition=~Q(cnr=""), name="court_case_cnr_once_per_case"),
        ]
        indexes = [models.Index(fields=["stage"], name="court_case_stage")]
        verbose_name = _("court case")
        verbose_name_plural = _("court cases")

    def __str__(self):
        # Never the survivor's identity: the court and its case number are public.
        court = self.court.name if self.court_id else "?"
        return f"{court} · {self.case_number}" if self.case_number else court

    @property
    def is_side_stage(self) -> bool:
        return self.stage in COURT_SIDE_STAGES

    @property
    def decided(self) -> bool:
        return self.stage in DECIDED_STAGES

    # --- the law that applies to this trial -------------------------------------------------

    @property
    def began_on(self) -> datetime.date | None:
        """The day the trial began, for BNSS s.531: cognizance, else the filing."""
        return self.cognizance_on or self.filed_on

    @property
    def procedure(self) -> str:
        """BNSS s.531(2)(a): a trial pending on 1 July 2024 goes on under the CrPC."""
        return procedure_for(self.began_on)

    @property
    def runs_under_crpc(self) -> bool:
        return self.procedure == Procedure.CRPC

    def law_sections(self) -> list:
        """The sections the trial is about: live charges framed here and live charges of its FIRs
        (before charges are framed, the chargesheet's). Reads prefetched rows when there are any."""
        sections = {c.section_id: c.section for c in self.charges.all() if c.is_live} if self.pk else {}
        if self.pk:
            for fir in self.firs.all():
                for charge in fir.charges.all():
                    if charge.is_live:
                        sections.setdefault(charge.section_id, charge.section)
        return list(sections.values())

    @property
    def triable_by_sessions(self) -> bool:
        """An offence triable exclusively by a Court of Session is charged (First Schedule)."""
        return any(s.triable_by == Triable.SESSIONS for s in self.law_sections())

    @property
    def in_camera(self) -> bool:
        """Rape and POCSO trials are held in camera (BNSS 366(2) / CrPC 327(2); POCSO s.37)."""
        return any(s.in_camera for s in self.law_sections())

    @property
    def in_camera_basis(self) -> str:
        sections = [s for s in self.law_sections() if s.in_camera]
        parts = []
        if any(s.act.code != "pocso" for s in sections):
            parts.append("CrPC 327(2)" if self.runs_under_crpc else "BNSS 366(2)")
        if any(s.act.code == "pocso" for s in sections):
            parts.append("POCSO s.37")
        return " / ".join(parts)

    @property
    def takes_cognizance_directly(self) -> bool:
        return self.court_id is not None and self.court.kind in DIRECT_COGNIZANCE_KINDS

    @property
    def earliest_date(self) -> datetime.date:
        """Nothing in this court case happens before it was filed (or cognizance was taken)."""
        return min(d for d in (self.filed_on, self.cognizance_on) if d)

    def clean(self):
        errors = {}
        today = timezone.localdate()
        self.cnr = normalise_cnr(self.cnr)
        if self.cnr and (problem := cnr_problem(self.cnr, today=today)):
            errors["cnr"] = problem
        dated = [(name, label, getattr(self, name)) for name, label in STAGE_DATE_FIELDS]
        side = ["stayed_on", "transferred_on", "withdrawn_on", "resumed_on"]
        for name in [n for n, _label, _v in dated] + side:
            value = getattr(self, name)
            if value and value > today:
                errors[name] = _("This date cannot be in the future.")
        latest = None
        for name, label, value in dated:
            if not value or name in errors:
                continue
            if latest and value < latest[2]:
                errors[name] = _("This date is before %(what)s (%(date)s).") % {
                    "what": latest[1],
                    "date": day_text(latest[2]),
                }
                continue
            latest = (name, label, value)
        start = self.earliest_date if self.cognizance_on else None
        for name in side:
            value = getattr(self, name)
            if value and start and value < start and name not in errors:
                errors[name] = _("This date is before the court case began (%(date)s).") % {"date": day_text(start)}
        if errors:
            raise ValidationError(errors)

    # --- the trial ------------------------------------------------------------------------

    @transition(
        stage,
        source=CS.COGNIZANCE,
        target=CS.APPEARANCE,
        conditions=[has_appearance_date],
        permission=can_record_court,
    )
    def record_appearance(self):
        pass

    @transition(
        stage,
        source=CS.APPEARANCE,
        target=CS.COPIES_SUPPLIED,
        conditions=[has_copies_date],
        permission=can_record_court,
    )
    def supply_copies(self):
        pass

    @transition(
        stage,
        source=CS.COPIES_SUPPLIED,
        target=CS.COMMITTED,
        conditions=[has_committal_date, is_magistrate_court, has_sessions_offence],
        permission=can_record_court,
    )
    def commit_to_sessions(self):
        pass

    @transition(
        stage,
        source=[CS.COPIES_SUPPLIED, CS.COMMITTED],
        target=CS.DISCHARGE_HEARING,
        conditions=[has_charge_hearing_date, magistrate_may_try],
        permission=can_record_court,
    )
    def hear_on_charge(self):
        pass

    @transition(
        stage,
        source=CS.DISCHARGE_HEARING,
        target=CS.CHARGES_FRAMED,
        conditions=[has_charges_framed_date, has_live_charges],
        permission=can_record_court,
    )
    def frame_charges(self):
        pass

    @transition(
        stage,
        source=CS.CHARGES_FRAMED,
        target=CS.PROSECUTION_EVIDENCE,
        conditions=[has_evidence_date],
        permission=can_record_court,
    )
    def start_prosecution_evidence(self):
        pass

    @transition(
        stage,
        source=CS.PROSECUTION_EVIDENCE,
        target=CS.ACCUSED_STATEMENT,
        conditions=[has_accused_statement_date],
        permission=can_record_court,
    )
    def examine_accused(self):
        pass

    @transition(
        stage,
        source=CS.ACCUSED_STATEMENT,
        target=CS.DEFENCE_EVIDENCE,
        conditions=[has_defence_date],
        permission=can_record_court,
    )
    def start_defence_evidence(self):
        pass

    @transition(
        stage,
        source=[CS.ACCUSED_STATEMENT, CS.DEFENCE_EVIDENCE],
        target=CS.FINAL_ARGUMENTS,
        conditions=[has_arguments_date],
        permission=can_record_court,
    )
    def start_final_arguments(self):
        pass

    @transition(
        stage,
        source=CS.FINAL_ARGUMENTS,
        target=CS.JUDGMENT_RESERVED,
        conditions=[has_arguments_concluded_date],
        permission=can_record_court,
    )
    def reserve_judgment(self):
        pass

    # Recorded with the outcome for every accused: only through court_services.judgment_record.
    @transition(
        stage,
        source=[CS.DISCHARGE_HEARING, CS.FINAL_ARGUMENTS, CS.JUDGMENT_RESERVED],
        target=CS.JUDGMENT,
        conditions=[has_judgment_date, every_accused_has_outcome, only_discharges_before_charge],
        permission=can_record_court,
    )
    def pronounce_judgment(self):
        pass

    @transition(
        stage,
        source=CS.JUDGMENT,
        target=CS.SENTENCE_HEARING,
        conditions=[has_sentence_hearing_date, has_conviction],
        permission=can_record_court,
    )
    def hear_on_sentence(self):
        pass

    # Reached when the sentence of the last convicted accused is recorded (court_services).
    @transition(
        stage,
        source=CS.SENTENCE_HEARING,
        target=CS.SENTENCED,
        conditions=[every_convict_sentenced],
        permission=can_record_court,
    )
    def pass_sentence(self):
        pass

    # Recorded with the appeal itself: only through court_services.appeal_file.
    @transition(
        stage,
        source=[CS.JUDGMENT, CS.SENTENCE_HEARING, CS.SENTENCED],
        target=CS.APPEAL,
        conditions=[has_appeal],
        permission=can_record_court,
    )
    def file_appeal(self):
        pass

    # --- side states: they remember the stage they left ----------------------------------

    @transition(
        stage,
        source=BEFORE_JUDGMENT,
        target=CS.STAYED,
        conditions=[has_stay],
        permission=can_record_court,
    )
    def stay(self):
        self.stage_before_side = self.stage

    @transition(
        stage,
        source=BEFORE_JUDGMENT,
        target=CS.TRANSFERRED,
        conditions=[has_transfer],
        permission=can_record_court,
    )
    def transfer(self):
        self.stage_before_side = self.stage

    @transition(
        stage,
        source=BEFORE_JUDGMENT,
        target=CS.WITHDRAWN,
        conditions=[has_withdrawal],
        permission=can_record_court,
    )
    def withdraw(self):
        self.stage_before_side = self.stage

    @transition(
        stage,
        source=COURT_SIDE_STAGES,
        target=RETURN_VALUE(*BEFORE_JUDGMENT),
        conditions=[has_resumed_date],
        permission=can_record_court,
    )
    def resume(self):
        back = self.stage_before_side or CS.COGNIZANCE
        self.stage_before_side = ""
        return back


class CourtAccused(models.Model):
    """An accused person on trial in one court case (recorded on the case first, in Investigation)."""

    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="accused_links")
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="court_links")
    first_offender = models.BooleanField(
        _("first-time offender"),
        default=False,
        help_text=_(
            "Never convicted of any offence before: released on bond after a third of the maximum term "
            "instead of half (BNSS 479(1) proviso)."
        ),
    )
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["court_case", "accused"], name="accused_once_per_court_case")]

    def __str__(self):
        return str(self.accused)


class CourtCharge(models.Model):
    """A charge framed against one accused. Altering a charge drops the row and adds another:
    the dropped row stays with who, when and why (and simple-history keeps each save)."""

    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="charges")
    court_accused = models.ForeignKey(CourtAccused, on_delete=models.CASCADE, related_name="charges")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+", verbose_name=_("section"))
    framed_on = models.DateField(_("framed on"))
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dropped_at = models.DateTimeField(null=True, blank=True)
    dropped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["court_accused_id", "framed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["court_accused", "section"],
                condition=Q(dropped_at__isnull=True),
                name="one_live_court_charge_per_section",
            )
        ]

    def __str__(self):
        return self.section.label

    @property
    def is_live(self) -> bool:
        return self.dropped_at is None


# --- hearings ---------------------------------------------------------------------------------


class HearingPurpose(models.TextChoices):
    APPEARANCE = "appearance", _("Appearance of the accused")
    COPIES = "copies", _("Supply of copies")
    COMMITTAL = "committal", _("Committal")
    CHARGE = "charge", _("Hearing on charge / discharge")
    PROSECUTION_EVIDENCE = "prosecution_evidence", _("Prosecution evidence")
    SURVIVOR_EVIDENCE = "survivor_evidence", _("Survivor's evidence (deposition)")
    ACCUSED_STATEMENT = "accused_statement", _("Statement of accused")
    DEFENCE_EVIDENCE = "defence_evidence", _("Defence evidence")
    ARGUMENTS = "arguments", _("Arguments")
    JUDGMENT = "judgment", _("Judgment")
    BAIL = "bail", _("Bail")
    APPLICATION = "application", _("An application")
    OTHER = "other", _("Other")


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    ADJOURNED = "adjourned", _("Adjourned")
    NOT_TAKEN_UP = "not_taken_up", _("Not taken up")


class AdjournmentReason(models.TextChoices):
    JUDGE_ON_LEAVE = "judge_on_leave", _("Presiding officer on leave or vacant")
    COURT_NOT_SITTING = "court_not_sitting", _("Court not sitting (holiday, strike, other work)")
    LAWYERS_STRIKE = "lawyers_strike", _("Lawyers' strike")
    PROSECUTION_NOT_READY = "prosecution_not_ready", _("Prosecution not ready / prosecutor absent")
    DEFENCE_SOUGHT_TIME = "defence_sought_time", _("Defence sought time")
    ACCUSED_ABSENT = "accused_absent", _("Accused absent or not produced from custody")
    WITNESS_ABSENT = "witness_absent", _("Witness absent (summons not served)")
    SURVIVOR_UNABLE = "survivor_unable", _("Survivor could not attend")
    RECORDS_AWAITED = "records_awaited", _("Records or reports awaited")
    VIDEO_LINK_FAILED = "video_link_failed", _("Video link failed")
    OTHER = "other", _("Other")


class DepositionMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person in court")
    VIDEO_LINK = "video_link", _("By video link")
    VULNERABLE_WITNESS_ROOM = "vulnerable_witness_room", _("In a vulnerable-witness room")


class Hearing(models.Model):
    """One date in court: scheduled, then recorded (what happened, adjournment, the next date)."""

    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="hearings")
    on = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=HearingPurpose.choices)
    status = models.CharField(
        _("what happened"), max_length=15, choices=HearingStatus.choices, default=HearingStatus.SCHEDULED
    )
    proceedings = EncryptedTextField(_("proceedings"), blank=True, help_text=_("What happened in court."))
    adjournment_reason = models.CharField(
        _("reason for the adjournment"), max_length=30, choices=AdjournmentReason.choices, blank=True
    )
    adjournment_note = EncryptedTextField(_("more about the adjournment"), blank=True)
    next_date = models.DateField(_("next date"), null=True, blank=True)
    survivor_must_attend = models.BooleanField(_("the survivor must attend"), default=False)
    survivor_attended = models.BooleanField(_("the survivor attended"), null=True, blank=True)
    survivor_deposed = models.BooleanField(_("her deposition was recorded"), default=False)
    deposition_mode = models.CharField(_("how she deposed"), max_length=30, choices=DepositionMode.choices, blank=True)
    deposition_notes = EncryptedTextField(_("notes on her deposition"), blank=True)
    attended_for_consortium = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("attended for the consortium")
    )
    # Who from the consortium goes with her on this date (her page shows the role and organisation).
    escort = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who will go with her"),
    )
    bail_application = models.ForeignKey(
        "BailApplication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearings",
        verbose_name=_("bail application heard"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["on", "status"], name="hearing_day_status")]

    def __str__(self):
        return f"{self.court_case} · {day_text(self.on)}"

    @property
    def is_scheduled(self) -> bool:
        return self.status == HearingStatus.SCHEDULED

    @property
    def to_record(self) -> bool:
        """A scheduled date that has passed: what happened is still to be recorded."""
        return self.is_scheduled and self.on < timezone.localdate()


# --- bail in court ----------------------------------------------------------------------------


class BailApplication(models.Model):
    """A bail application in court for one accused. Decided within two weeks (regular, interim),
    six weeks (anticipatory; Satender Kumar Antil v. CBI, (2022) 10 SCC 51) or at once (default
    bail, BNSS 187(3) / CrPC 167(2)); the victim's right to be heard (Jagjeet Singh v. Ashish
    Mishra, (2022) 9 SCC 321; BNSS 483 / CrPC 439(1A) in certain rape cases)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular bail")
        ANTICIPATORY = "anticipatory", _("Anticipatory bail")
        INTERIM = "interim", _("Interim bail")
        DEFAULT = "default", _("Default (statutory) bail")

    class OpposedBy(models.TextChoices):
        NOT_KNOWN = "", _("Not known")
        NOT_OPPOSED = "not_opposed", _("Not opposed")
        PROSECUTOR = "prosecutor", _("Public prosecutor")
        VICTIM = "victim", _("The survivor's lawyer")
        BOTH = "both", _("Prosecutor and the survivor's lawyer")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn or not pressed")

    class CancellationOutcome(models.TextChoices):
        NONE = "", _("No cancellation sought")
        PENDING = "pending", _("Pending")
        CANCELLED = "cancelled", _("Bail cancelled")
        REJECTED = "rejected", _("Rejected")

    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="bail_applications")
    court_accused = models.ForeignKey(
        CourtAccused, on_delete=models.CASCADE, related_name="bail_applications", verbose_name=_("accused")
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+", verbose_name=_("court"))
    number = models.CharField(_("application number"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.REGULAR)
    filed_on = models.DateField(_("filed on"))
    victim_notified = models.BooleanField(_("the survivor was notified"), null=True, blank=True)
    victim_heard = models.BooleanField(_("the survivor was heard"), null=True, blank=True)
    opposed_by = models.CharField(_("opposed by"), max_length=15, choices=OpposedBy.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    conditions = EncryptedTextField(_("bail conditions"), blank=True)
    cancellation_sought_on = models.DateField(_("cancellation sought on"), null=True, blank=True)
    cancellation_outcome = models.CharField(
        _("cancellation"), max_length=10, choices=CancellationOutcome.choices, blank=True
    )
    cancellation_decided_on = models.DateField(_("cancellation decided on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["outcome", "filed_on"], name="bail_application_pending")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.court_accused} · {day_text(self.filed_on)}"

    class VictimHearing(models.TextChoices):
        NOT_RECORDED = "", _("Not recorded")
        HEARD = "heard", _("Heard")
        NOTICE_GIVEN = "notice_given", _("Notice given, not heard")
        NOT_HEARD = "not_heard", _("Not heard (no notice)")

    # The deadline rule for a decision, by kind (cases.deadline_rules).
    DECISION_RULES = {
        Kind.REGULAR: "bail_decision",
        Kind.INTERIM: "bail_decision",
        Kind.ANTICIPATORY: "anticipatory_bail_decision",
        Kind.DEFAULT: "default_bail_decision",
    }
    DECISION_RULE_CODES = sorted(set(DECISION_RULES.values()))

    @property
    def decision_rule(self) -> str:
        return self.DECISION_RULES.get(self.kind, "bail_decision")

    @property
    def victim_hearing(self) -> str:
        """Her right to be heard on this application, from what was recorded."""
        if self.victim_heard:
            return self.VictimHearing.HEARD
        if self.victim_notified:
            return self.VictimHearing.NOTICE_GIVEN
        if self.victim_notified is False or self.victim_heard is False:
            return self.VictimHearing.NOT_HEARD
        return self.VictimHearing.NOT_RECORDED

    def get_victim_hearing_display(self) -> str:
        return str(self.VictimHearing(self.victim_hearing).label)

    @property
    def is_pending(self) -> bool:
        return self.outcome == self.Outcome.PENDING

    def days_undecided(self, today: datetime.date | None = None) -> int | None:
        if not self.is_pending:
            return None
        return ((today or timezone.localdate()) - self.filed_on).days


# --- judgment and appeal ----------------------------------------------------------------------


class Outcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISCHARGED = "discharged", _("Discharged")
    ABATED = "abated", _("Abated (accused died)")


class Judgment(models.Model):
    """The trial court's judgment: one per court case, with one outcome per accused."""

    court_case = models.OneToOneField(CourtCase, on_delete=models.CASCADE, related_name="judgment")
    on = models.DateField(_("judgment pronounced on"))
    summary = EncryptedTextField(_("summary"), blank=True)
    document = models.ForeignKey(
        CaseDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("judgment document"),
    )
    compensation_recommended = models.DecimalField(
        _("compensation under the victim compensation scheme (BNSS 396 / CrPC 357A)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("judgment")
        verbose_name_plural = _("judgments")

    def __str__(self):
        return f"{self.court_case} · {day_text(self.on)}"


class JudgmentOutcome(models.Model):
    """What the judgment decided for one accused: the sections, the sentence, fine and compensation."""

    judgment = models.ForeignKey(Judgment, on_delete=models.CASCADE, related_name="outcomes")
    court_accused = models.OneToOneField(CourtAccused, on_delete=models.CASCADE, related_name="outcome")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    decided_on = models.DateField(_("decided on"))
    sections = models.ManyToManyField(Section, blank=True, related_name="+", verbose_name=_("convicted under"))
    sentenced_on = models.DateField(
        _("sentenced on"),
        null=True,
        blank=True,
        help_text=_("After the hearing on sentence (BNSS 258(2) / CrPC 235(2))."),
    )
    imprisonment_months = models.PositiveSmallIntegerField(_("imprisonment (months)"), null=True, blank=True)
    life_imprisonment = models.BooleanField(_("imprisonment for life"), default=False)
    sentence = models.CharField(_("sentence as pronounced"), max_length=300, blank=True)
    fine = models.DecimalField(_("fine (₹)"), max_digits=12, decimal_places=2, null=True, blank=True)
    compensation_ordered = models.DecimalField(
        _("compensation to the survivor (₹, BNSS 395 / CrPC 357)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["court_accused_id"]

    def __str__(self):
        return f"{self.court_accused}: {self.get_outcome_display()}"


class Appeal(models.Model):
    class Kind(models.TextChoices):
        APPEAL = "appeal", _("Appeal")
        REVISION = "revision", _("Revision")

    class FiledBy(models.TextChoices):
        STATE = "state", _("The State (prosecution)")
        SURVIVOR = "survivor", _("The survivor (victim's appeal, BNSS 413 / CrPC 372)")
        ACCUSED = "accused", _("The accused")
        COMPLAINANT = "complainant", _("The complainant")

    class AppealStage(models.TextChoices):
        FILED = "filed", _("Filed")
        ADMITTED = "admitted", _("Admitted")
        HEARING = "hearing", _("Being heard")
        RESERVED = "reserved", _("Reserved for judgment")
        DECIDED = "decided", _("Decided")

    class AppealOutcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        ALLOWED = "allowed", _("Allowed")
        PARTLY_ALLOWED = "partly_allowed", _("Partly allowed")
        DISMISSED = "dismissed", _("Dismissed")
        REMANDED = "remanded", _("Sent back for retrial")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    court_case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField(_("appeal or revision"), max_length=10, choices=Kind.choices, default=Kind.APPEAL)
    filed_by = models.CharField(_("filed by"), max_length=15, choices=FiledBy.choices)
    against = models.ManyToManyField(
        CourtAccused, blank=True, related_name="appeals", verbose_name=_("about the outcome for")
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+", verbose_name=_("court"))
    number = models.CharField(_("appeal number"), max_length=60, blank=True)
    filed_on = models.DateField(_("filed on"))
    appeal_stage = models.CharField(_("stage"), max_length=10, choices=AppealStage.choices, default=AppealStage.FILED)
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    outcome_on = models.DateField(_("decided on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["filed_on", "pk"]

    def __str__(self):
        number = f" {self.number}" if self.number else ""
        return f"{self.get_kind_display()}{number} ({self.court})"


# --- witness protection -----------------------------------------------------------------------


class WitnessProtection(models.Model):
    """An application under the Witness Protection Scheme, 2018 (approved in Mahender Chawla v.
    Union of India, 2018): threat analysis by the police, order of the Competent Authority."""

    class ThreatCategory(models.TextChoices):
        NOT_ASSESSED = "", _("Not yet assessed")
        A = "A", _("A: threat to the life of the witness or her family")
        B = "B", _("B: threat to safety, reputation or property")
        C = "C", _("C: moderate threat, harassment or intimidation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Protection ordered")
        PARTLY = "partly", _("Partly granted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Measure(models.TextChoices):
        NO_FACE_TO_FACE = "no_face_to_face", _("She and the accused do not come face to face")
        IDENTITY_CONCEALED = "identity_concealed", _("Identity concealed in court records")
        VIDEO_LINK = "video_link", _("Deposition by video link or behind a screen")
        IN_CAMERA = "in_camera", _("Trial in camera")
        ESCORT = "escort", _("Escort to and from court")
        POLICE_PROTECTION = "police_protection", _("Police protection or patrolling at home")
        RELOCATION = "relocation", _("Temporary change of residence")
        PHONE_CHANGE = "phone_change", _("Phone number changed; calls and mail monitored")
        SECURITY_DEVICES = "security_devices", _("Security devices at home")
        FINANCIAL_AID = "financial_aid", _("Financial aid or subsistence allowance")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="witness_protection")
    court_case = models.ForeignKey(
        CourtCase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="witness_protection",
        verbose_name=_("court case"),
    )
    applied_on = models.DateField(_("applied on"))
    competent_authority = models.CharField(
        _("competent authority"), max_length=150, help_text=_("E.g. Competent Authority, Howrah (District Judge).")
    )
    threat_report_on = models.DateField(_("threat analysis report on"), null=True, blank=True)
    threat_category = models.CharField(_("threat category"), max_length=1, choices=ThreatCategory.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    order_on = models.DateField(_("order on"), null=True, blank=True)
    measures = models.JSONField(_("measures ordered"), default=list, blank=True)
    review_on = models.DateField(_("order to be reviewed on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True, help_text=_("The threats and what was asked for."))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("witness protection application")
        verbose_name_plural = _("witness protection applications")

    @property
    def measures_display(self) -> list[str]:
        labels = dict(self.Measure.choices)
        return [str(labels.get(code, code)) for code in self.measures]


# --- eCourts phrases --------------------------------------------------------------------------


class EcourtsStagePhrase(models.Model):
    """Reference data: an eCourts "stage of case" phrase and the stage it means. Administrators
    add the phrases their courts use; unknown phrases are kept on the court case and flagged."""

    phrase = models.CharField(_("phrase"), max_length=120, unique=True, help_text=_("Lower case, words only."))
    stage = models.CharField(_("stage"), max_length=30, choices=CourtStage.choices)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("eCourts stage phrase")
        verbose_name_plural = _("eCourts stage phrases")

    def __str__(self):
        return f"{self.phrase} → {self.get_stage_display()}"
