"""Writes about court proceedings: court cases and their stages, charges framed, hearings, bail
applications in court, judgments (one outcome per accused), appeals and witness protection
(lawyers' reviews of the case file: legal/reviews/services.py).

Every service takes keyword-only arguments, re-reads the case through the visibility selector
(it trusts no caller), checks the actor's CaseAccess, runs in one transaction, records its event
on the case timeline (kind COURT) and starts, fulfils or cancels the statutory
deadlines the event touches, on the calendar of the court's state:

- cognizance: `committal` (a magistrate's court, only for an offence triable exclusively by a
  Court of Session; met by the committal); `child_trafficking_trial` when a child-trafficking
  section is charged (Pinki v. State of U.P., 2025 INSC 482); `pocso_child_evidence` (met when she
  deposes) and `pocso_trial_one_year` in a POCSO trial (POCSO s.35); all met by the judgment;
- chargesheet of a linked FIR: `rape_trial_two_months` when rape is charged (BNSS 346(1) / CrPC
  309(1) provisos; met by the judgment);
- appearance: `copies_supplied` (met when copies are supplied);
- committal: `discharge_application` (met when charges are framed);
- first hearing on charge: `charges_framed` (met when charges are framed);
- arguments concluded (judgment reserved): `judgment_pronounced` and `judgment_outer_limit`;
- bail application filed in court: `bail_decision` (regular, interim: two weeks),
  `anticipatory_bail_decision` (six weeks) or `default_bail_decision` (the same day), by its kind
  (met by its decision);
- an accused acquitted: `appeal_against_acquittal` (met when the State or she appeals).
Correcting a triggering date recomputes the deadline it opened. Changing the charges (here or on
the FIRs, read again when the court case or its charges change) opens or cancels the clocks that
depend on them.

A court case moves one step at a time through its spec (legal.court.workflow, applied by
core.workflow.apply_step): court_case_transition for the steps with the common form, and
judgment_record, judgment_outcome_sentence and appeal_file for the steps with forms of their own.
The steps declare the deadlines above that they start, meet or end; the judgment's acquittals,
bail applications and clocks that depend on the charges are handled here. No form empties a
recorded value unless the person ticks "clear recorded values" and says why.

The trial's code of procedure is fixed by the day it began (cases.codes.procedure_for: BNSS
s.531(2)(a)); every deadline is started with it, so a time limit new in the BNSS (230, 232, 250,
251, 258) sets no date for a CrPC trial and says why.

Timeline summaries and deadline titles name court cases by court and case number and accused
persons by number ("Accused #12"): never the survivor, never an accused's name."""

import datetime
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases import services as case_services
from cases.deadlines import deadline_cancel, deadline_fulfil, deadline_start, subject_key
from cases.models import Case, CaseAssignment, CaseDocument, CaseEvent, CaseRole, Deadline, StageTransition
from cases.permissions import require
from cases.transitions import record_creation
from cases.workflow import fsm_transition, stage_label
from consortium.models import District, State
from core.arguments import UNSET, given
from core.concurrency import lock_for_edit, save_with_version
from core.dates import day_text
from core.history import record_history
from core.money import parse_rupees, rupees
from core.phrases import Param, Phrase
from core.workflow import CLEAR_CONFIRM, CLEAR_REASON, apply_step, display_value
from legal.court import ecourts, signals
from legal.court.workflow import COURT
from legal.events import court_event
from legal.investigation.services import section_lookup
from legal.models import (
    Appeal,
    BailApplication,
    CaseAccused,
    Court,
    CourtAccused,
    CourtCase,
    CourtCharge,
    CourtKind,
    CourtStage,
    Hearing,
    HearingPurpose,
    HearingStatus,
    Judgment,
    JudgmentOutcome,
    Outcome,
    WitnessProtection,
)
from legal.models.court import COMMITTAL_TARGET_KINDS, STAGE_DATE_FIELDS
from legal.recording import not_before, not_future, require_court_recorder, visible_access
from legal.reference.sections import check_charge_code

WORKFLOW = "court"
CS = CourtStage

# rule code -> (the court case's date field that triggers it, title, trigger label), in English
# (the title is shown in each reader's language: Deadline.title_text). "chargesheet" is the
# earliest chargesheet of the court case's FIRs.
CHARGESHEET = "chargesheet"
COURT_CASE_DEADLINES = {
    "committal": ("cognizance_on", gettext_noop("Committal to the sessions court"), gettext_noop("cognizance")),
    "child_trafficking_trial": (
        "cognizance_on",
        gettext_noop("Child-trafficking trial to finish (6 months)"),
        gettext_noop("cognizance"),
    ),
    "pocso_child_evidence": (
        "cognizance_on",
        gettext_noop("The child's evidence (POCSO s.35(1), 30 days)"),
        gettext_noop("cognizance"),
    ),
    "pocso_trial_one_year": (
        "cognizance_on",
        gettext_noop("POCSO trial to finish (s.35(2), one year)"),
        gettext_noop("cognizance"),
    ),
    "rape_trial_two_months": (
        CHARGESHEET,
        gettext_noop("Rape trial to finish (two months)"),
        gettext_noop("chargesheet filed"),
    ),
    "copies_supplied": (
        "appearance_on",
        gettext_noop("Copies to the accused (14 days)"),
        gettext_noop("appearance of the accused"),
    ),
    "discharge_application": ("committed_on", gettext_noop("Discharge application window"), gettext_noop("committal")),
    "charges_framed": (
        "charge_hearing_on",
        gettext_noop("Charges to be framed (60 days)"),
        gettext_noop("first hearing on charge"),
    ),
    "judgment_pronounced": (
        "arguments_concluded_on",
        gettext_noop("Judgment due (30 days)"),
        gettext_noop("arguments concluded"),
    ),
    "judgment_outer_limit": (
        "arguments_concluded_on",
        gettext_noop("Judgment: outer limit (45 days)"),
        gettext_noop("arguments concluded"),
    ),
}
# Clocks that depend on what is charged and where: opened, kept or cancelled as charges change.
TRIAL_CLOCKS = [
    "committal",
    "child_trafficking_trial",
    "pocso_child_evidence",
    "pocso_trial_one_year",
    "rape_trial_two_months",
]
# Courts where a POCSO trial runs: the Special Court (POCSO s.28), often a designated Court of Session.
POCSO_TRIAL_KINDS = (CourtKind.SPECIAL_POCSO, CourtKind.SESSIONS)
# Sections of trafficking and of buying, selling or procuring a person (by act and section number,
# sub-section aside). With Section.child_victim they make a child-trafficking case for the Pinki
# direction. Consortium reading of "child trafficking": edit with the lawyers' network.
TRAFFICKING_SECTIONS = {
    "bns": {"96", "98", "99", "141", "143", "144"},
    "ipc": {"366A", "366B", "370", "370A", "372", "373"},
    "itpa": {"5", "6"},
    "jja": {"81"},
}
BNSS_213 = _(
    "An ordinary Court of Session does not take cognizance of an offence as a court of original jurisdiction: "
    "the case comes to it on committal by a magistrate (BNSS 213 / CrPC 193). Record the court case in the "
    "magistrate's court and commit it from there, choose the special court if the Act lets it take cognizance "
    "directly (POCSO s.33(1)), or enter the date of the committal order."
)


def _day(value) -> str:
    return day_text(value) if value else ""


def _before_court_case(court_case: CourtCase) -> str:
    return _("This date is before the court case began (%(date)s).") % {"date": _day(court_case.earliest_date)}


# Recorded values an own form (sentence, appeal, court case details) may not empty silently: like
# the steps of the spec (core.workflow), blanking one needs "clear recorded values" and a reason.
def _refuse_blanking(obj, data: dict, names, *, errors: dict) -> list[str]:
    """Fields of `names` recorded on `obj` that `data` would empty. Unless `data` confirms the
    clearing (confirm_clear) with a reason (clear_reason), each gets the engine's error."""
    blanked = [name for name in names if name in data and _blank(data[name]) and not _blank(getattr(obj, name))]
    if blanked and not (data.get(CLEAR_CONFIRM) and (data.get(CLEAR_REASON) or "").strip()):
        for name in blanked:
            errors.setdefault(
                name,
                _(
                    "“%(value)s” is recorded here. To clear it, tick “clear recorded values” and say why; "
                    "otherwise keep it."
                )
                % {"value": display_value(getattr(obj, name))},
            )
    return blanked


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cleared_note(model, blanked: list[str], data: dict) -> str:
    if not blanked:
        return ""
    labels = ", ".join(str(model._meta.get_field(name).verbose_name) for name in blanked)
    return _("Cleared %(fields)s: %(reason)s") % {"fields": labels, "reason": (data.get(CLEAR_REASON) or "").strip()}


def _record_clearing(court_case: CourtCase, actor, what: str, model, blanked: list[str], data: dict, **extra) -> None:
    """Why recorded values were emptied stays with the court case's history: the reason may name
    people, so it goes to the transition log's encrypted note, not the timeline's plain summary.
    The row stays at the current stage, dated with the last move, so it changes no stage history."""
    if not blanked:
        return
    rows = StageTransition.objects.filter(case_id=court_case.case_id, subject_key=subject_key(court_case))
    last_move = rows.order_by("-effective_on").values_list("effective_on", flat=True).first()
    StageTransition.objects.create(
        case_id=court_case.case_id,
        workflow=COURT.name,
        subject_key=subject_key(court_case),
        transition=what,
        from_stage=court_case.stage,
        to_stage=court_case.stage,
        effective_on=last_move or timezone.localdate(),
        actor=actor,
        note=_cleared_note(model, blanked, data),
        data={"cleared": sorted(blanked), **extra},
    )


def _lock(court_case: CourtCase) -> CourtCase:
    return CourtCase.objects.select_for_update().get(pk=court_case.pk)


def _check_version(court_case: CourtCase, expected_version: int) -> CourtCase:
    """Lock the row and refuse a stale page first, before any other error could hide the conflict."""
    return lock_for_edit(CourtCase, court_case.pk, expected_version)


def _fresh(court_case: CourtCase) -> CourtCase:
    return CourtCase.objects.select_related("case__survivor", "court__state").get(pk=court_case.pk)


# --- courts -------------------------------------------------------------------------------


def court_resolve(*, kind: str, state, district=None, name: str, prefix: str = "court_") -> Court:
    """The court named, created the first time someone names it (courts are public offices)."""
    errors: dict = {}
    name = " ".join((name or "").split())
    if kind not in CourtKind.values:
        errors[f"{prefix}kind"] = _("Choose the type of court.")
    if not name:
        errors[f"{prefix}name"] = _("Name the court, e.g. Additional Sessions Judge-II, Howrah.")
    if state is None and kind != CourtKind.SUPREME_COURT:
        errors[f"{prefix}state"] = _("Choose the state of the court.")
    if district is not None and (state is None or district.state_id != state.pk):
        errors[f"{prefix}district"] = _("This district is not in the state chosen.")
    if errors:
        raise ValidationError(errors)
    if kind == CourtKind.SUPREME_COURT:
        state, district = None, None
    court = Court.objects.filter(kind=kind, state=state, district=district, name__iexact=name).first()
    if court is None:
        try:
            with transaction.atomic():
                court = Court.objects.create(kind=kind, state=state, district=district, name=name[:150])
        except IntegrityError:
            court = Court.objects.get(kind=kind, state=state, district=district, name=name[:150])
    return court


def court_from_fields(data: dict, prefix: str = "court_") -> Court | None:
    if not data.get(f"{prefix}name") and not data.get(f"{prefix}kind"):
        return None
    district = data.get(f"{prefix}district")
    if district is not None and not isinstance(district, District):
        district = None
    return court_resolve(
        kind=data.get(f"{prefix}kind") or "",
        state=data.get(f"{prefix}state"),
        district=district,
        name=data.get(f"{prefix}name") or "",
        prefix=prefix,
    )


# --- deadlines ----------------------------------------------------------------------------


def _first_chargesheet(court_case: CourtCase) -> datetime.date | None:
    dates = [fir.chargesheet_on for fir in court_case.firs.all() if fir.chargesheet_on]
    return min(dates) if dates else None


def _trigger(court_case: CourtCase, rule_code: str) -> datetime.date | None:
    field = COURT_CASE_DEADLINES[rule_code][0]
    return _first_chargesheet(court_case) if field == CHARGESHEET else getattr(court_case, field)


def court_deadline_start(court_case: CourtCase, rule_code: str, actor):
    _field, title, trigger_label = COURT_CASE_DEADLINES[rule_code]
    trigger = _trigger(court_case, rule_code)
    if trigger is None:
        return None
    with translation.override("en"):
        # "<what is due>: <court case>", the words (a marked label) shown in each reader's language.
        phrase = Phrase("%(title)s: %(court_case)s", title=Phrase(title), court_case=str(court_case))
    return deadline_start(
        case=court_case.case,
        rule_code=rule_code,
        trigger_at=trigger,
        subject=court_case,
        actor=actor,
        state=court_case.court.state,
        title=phrase,
        trigger_label=str(trigger_label),
        procedure=court_case.procedure,
    )


def is_child_trafficking(section) -> bool:
    """A trafficking (or sale, procurement) section whose victim is a child by definition."""
    base = section.number.split("(")[0]
    return section.child_victim and base in TRAFFICKING_SECTIONS.get(section.act.code, set())


def is_rape_section(section) -> bool:
    """BNS 64-68, 70, 71 and the IPC 376 family (BNSS 346(1) / CrPC 309(1) provisos): the rows
    that carry the two-month rule of BNSS 193(2), less the POCSO ones."""
    return section.two_month_investigation and section.act.code in ("bns", "ipc")


def trial_clocks(court_case: CourtCase) -> dict:
    """rule code -> the day it counts from, for each clock whose conditions the trial meets now."""
    sections = court_case.law_sections()
    kind = court_case.court.kind
    clocks = {}
    if kind == CourtKind.MAGISTRATE and court_case.triable_by_sessions and court_case.committed_on is None:
        clocks["committal"] = court_case.cognizance_on
    if any(is_child_trafficking(s) for s in sections):
        clocks["child_trafficking_trial"] = court_case.cognizance_on
    if kind in POCSO_TRIAL_KINDS and any(s.act.code == "pocso" and s.is_offence for s in sections):
        clocks["pocso_child_evidence"] = court_case.cognizance_on
        clocks["pocso_trial_one_year"] = court_case.cognizance_on
    if any(is_rape_section(s) for s in sections) and (chargesheet := _first_chargesheet(court_case)):
        clocks["rape_trial_two_months"] = chargesheet
    return clocks


def _sync_trial_clocks(court_case: CourtCase, actor) -> None:
    """Open the clocks the charges call for and cancel those they no longer do. A clock met or
    closed stays so; one that set no date (a CrPC trial) is recorded again."""
    if court_case.decided:
        return
    court_case = CourtCase.objects.prefetch_related("charges__section__act", "firs__charges__section__act").get(
        pk=court_case.pk
    )
    wanted = trial_clocks(court_case)
    rows = Deadline.objects.filter(
        case_id=court_case.case_id, rule_code__in=TRIAL_CLOCKS, subject_key=subject_key(court_case)
    ).exclude(status=Deadline.Status.CANCELLED)
    status = {}
    for row in rows.order_by("pk"):
        status[row.rule_code] = row.status
    for rule_code in TRIAL_CLOCKS:
        current = status.get(rule_code)
        if rule_code in wanted:
            if current in (None, Deadline.Status.OPEN, Deadline.Status.NOT_APPLICABLE):
                court_deadline_start(court_case, rule_code, actor)
        elif current == Deadline.Status.OPEN:
            deadline_cancel(
                case=court_case.case,
                rule_codes=[rule_code],
                subject=court_case,
                actor=actor,
                reason=_("the sections charged or the court no longer call for it"),
            )
        elif current == Deadline.Status.NOT_APPLICABLE:
            rows.filter(rule_code=rule_code, status=Deadline.Status.NOT_APPLICABLE).delete()


def _is_open(court_case: CourtCase, rule_code: str, subject=None) -> bool:
    return (
        Deadline.objects.open()
        .filter(case_id=court_case.case_id, rule_code=rule_code, subject_key=subject_key(subject or court_case))
        .exists()
    )


def _recompute_open_deadlines(court_case: CourtCase, actor) -> None:
    """A triggering date (or the court, hence the calendar) was corrected: open deadlines follow."""
    for rule_code in COURT_CASE_DEADLINES:
        if rule_code not in TRIAL_CLOCKS and _is_pending(court_case, rule_code):
            court_deadline_start(court_case, rule_code, actor)
    _sync_trial_clocks(court_case, actor)
    for outcome in JudgmentOutcome.objects.filter(
        judgment__court_case=court_case, outcome=Outcome.ACQUITTED
    ).select_related("court_accused__accused"):
        if _is_open(court_case, "appeal_against_acquittal", outcome):
            _acquittal_deadline(court_case, outcome, actor)
    for application in BailApplication.objects.filter(court_case=court_case, outcome=BailApplication.Outcome.PENDING):
        if _is_open(court_case, application.decision_rule, application):
            _bail_deadline(application, actor)


def court_clocks_for_fir(*, fir, actor, **signal) -> None:
    """The FIR's charges or chargesheet changed: the trial clocks of the court cases on it follow
    (the receiver of legal.investigation.signals.fir_charges_changed)."""
    for court_case in CourtCase.objects.filter(firs=fir).select_related("court", "case"):
        _recompute_open_deadlines(court_case, actor)


def _is_pending(court_case: CourtCase, rule_code: str) -> bool:
    """Open, or set no date because of the trial's code: a corrected date or code recomputes it."""
    return Deadline.objects.filter(
        case_id=court_case.case_id,
        rule_code=rule_code,
        subject_key=subject_key(court_case),
        status__in=[Deadline.Status.OPEN, Deadline.Status.NOT_APPLICABLE],
    ).exists()


def _acquittal_deadline(court_case: CourtCase, outcome: JudgmentOutcome, actor) -> None:
    with translation.override("en"):
        title = Phrase(
            gettext_noop("Appeal against the acquittal of %(accused)s: %(court_case)s"),
            accused=str(outcome.court_accused.accused),
            court_case=str(court_case),
        )
    deadline_start(
        case=court_case.case,
        rule_code="appeal_against_acquittal",
        trigger_at=outcome.decided_on,
        subject=outcome,
        actor=actor,
        state=court_case.court.state,
        title=title,
        trigger_label=_("acquittal"),
        procedure=court_case.procedure,
    )


def _bail_deadline(application: BailApplication, actor) -> None:
    court_case = application.court_case
    with translation.override("en"):
        # The kind is a choice label, kept in English and shown in the reader's language.
        title = Phrase(
            gettext_noop("%(kind)s application of %(accused)s decided: %(court)s"),
            kind=application.get_kind_display(),
            accused=str(application.court_accused.accused),
            court=str(application.court),
        )
    deadline_start(
        case=court_case.case,
        rule_code=application.decision_rule,
        trigger_at=application.filed_on,
        subject=application,
        actor=actor,
        state=application.court.state,
        title=title,
        trigger_label=_("bail application filed"),
        procedure=court_case.procedure,
    )


# --- court cases --------------------------------------------------------------------------


def _check_team_lawyer(case: Case, lawyer, errors: dict) -> None:
    if lawyer is None:
        return
    if not CaseAssignment.objects.active().filter(case=case, user=lawyer, role=CaseRole.LAWYER).exists():
        errors["lawyer"] = _("Choose a lawyer on the case team.")


def _check_firs(case: Case, firs, errors: dict) -> list:
    firs = list(firs or [])
    if any(fir.case_id != case.pk for fir in firs):
        errors["firs"] = _("Choose FIRs of this case.")
    return firs


def _check_cognizance_court(court, committed_on, errors: dict) -> None:
    """BNSS 213 / CrPC 193: an ordinary Court of Session has a case only on committal."""
    if court is not None and court.kind == CourtKind.SESSIONS and committed_on is None:
        errors.setdefault("court_kind", BNSS_213)


def _check_cognizance_after_firs(cognizance_on, firs, errors: dict) -> None:
    """A court takes cognizance of an offence the police have reported: not before the FIR."""
    registered = [fir.fir_date for fir in firs if fir.fir_date]
    if cognizance_on and registered and cognizance_on < min(registered):
        errors.setdefault(
            "cognizance_on",
            _("Cognizance cannot come before the FIR it arises from (registered %(date)s).")
            % {"date": _day(min(registered))},
        )


def _check_accused(case: Case, accused, errors: dict) -> list:
    accused = list(accused or [])
    on_case = set(CaseAccused.objects.filter(case=case).values_list("accused_id", flat=True))
    if any(a.pk not in on_case for a in accused):
        errors["accused"] = _("Record the person as accused on this case first (Investigation tab).")
    return accused


@transaction.atomic
def court_case_create(
    *,
    actor,
    case: Case,
    court_kind: str = UNSET,
    court_state: State | None = UNSET,
    court_district: District | None = UNSET,
    court_name: str = UNSET,
    case_number: str = UNSET,
    cnr: str = UNSET,
    judge: str = UNSET,
    public_prosecutor: str = UNSET,
    lawyer: Any = UNSET,
    filed_on: datetime.date | None = UNSET,
    cognizance_on: datetime.date | None = UNSET,
    committed_on: datetime.date | None = UNSET,
    firs: Any = UNSET,
    accused: Any = UNSET,
) -> CourtCase:
    """Record a court case at cognizance: the court, its numbers, judge, prosecutor, the
    consortium's lawyer, the FIRs it arises from and the accused on trial."""
    data = given(
        court_kind=court_kind,
        court_state=court_state,
        court_district=court_district,
        court_name=court_name,
        case_number=case_number,
        cnr=cnr,
        judge=judge,
        public_prosecutor=public_prosecutor,
        lawyer=lawyer,
        filed_on=filed_on,
        cognizance_on=cognizance_on,
        committed_on=committed_on,
        firs=firs,
        accused=accused,
    )
    require_court_recorder(actor, case)
    errors: dict = {}
    try:
        court = court_from_fields(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        court = None
    if court is None and not any(str(k).startswith("court_") for k in errors):
        errors["court_name"] = _("Name the court.")
    _check_team_lawyer(case, data.get("lawyer"), errors)
    firs = _check_firs(case, data.get("firs"), errors)
    accused = _check_accused(case, data.get("accused"), errors)
    court_case = CourtCase(
        case=case,
        court=court,
        case_number=(data.get("case_number") or "").strip(),
        cnr=data.get("cnr") or "",
        judge=(data.get("judge") or "").strip(),
        public_prosecutor=(data.get("public_prosecutor") or "").strip(),
        lawyer=data.get("lawyer"),
        filed_on=data.get("filed_on"),
        cognizance_on=data.get("cognizance_on"),
        committed_on=data.get("committed_on"),
        created_by=actor,
        updated_by=actor,
    )
    if court_case.cognizance_on is None:
        errors.setdefault("cognizance_on", _("Enter the date the court took cognizance."))
    _check_cognizance_court(court, court_case.committed_on, errors)
    if court_case.committed_on and court is not None and court.kind not in COMMITTAL_TARGET_KINDS:
        errors.setdefault("committed_on", _("A case is committed to a Court of Session or a special court only."))
    _check_cognizance_after_firs(court_case.cognizance_on, firs, errors)
    try:
        court_case.full_clean(exclude=["stage", "case", "court", "created_by", "updated_by"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    if court_case.cnr and CourtCase.objects.filter(case=case, cnr=court_case.cnr).exists():
        errors.setdefault("cnr", _("A court case with this CNR number is already recorded on this case."))
    if errors:
        raise ValidationError(errors)
    record_history(court_case, actor)
    court_case.save()
    court_case.firs.set(firs)
    CourtAccused.objects.bulk_create([CourtAccused(court_case=court_case, accused=a, added_by=actor) for a in accused])
    court_case = _fresh(court_case)
    # Its stage history starts at cognizance, on the day the court took it (a paper file may be old).
    record_creation(obj=court_case, workflow=COURT.name, actor=actor, effective_on=court_case.cognizance_on)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Court case recorded: %(court_case)s (cognizance %(date)s)"),
            court_case=str(court_case),
            date=court_case.cognizance_on or "",
        )
    court_event(
        case,
        actor,
        summary,
        court_case=court_case.pk,
        action="court_case_created",
    )
    _sync_trial_clocks(court_case, actor)
    if court_case.committed_on:
        court_deadline_start(court_case, "discharge_application", actor)
    return court_case


EDITABLE_FIELDS = ["case_number", "cnr", "judge", "public_prosecutor", "lawyer", "filed_on"]
# Recorded stage dates that may be corrected (never set here: a stage is reached by its transition).
CORRECTABLE_DATES = [
    "cognizance_on",
    "appearance_on",
    "copies_supplied_on",
    "committed_on",
    "charge_hearing_on",
    "charges_framed_on",
    "evidence_started_on",
    "accused_statement_on",
    "defence_evidence_on",
    "arguments_started_on",
    "arguments_concluded_on",
    "judgment_on",
    "sentence_hearing_on",
]


@transaction.atomic
def court_case_update(
    *,
    actor,
    court_case: CourtCase,
    expected_version: int,
    court_kind: str = UNSET,
    court_state: State | None = UNSET,
    court_district: District | None = UNSET,
    court_name: str = UNSET,
    case_number: str = UNSET,
    cnr: str = UNSET,
    judge: str = UNSET,
    public_prosecutor: str = UNSET,
    lawyer: Any = UNSET,
    filed_on: datetime.date | None = UNSET,
    cognizance_on: datetime.date | None = UNSET,
    appearance_on: datetime.date | None = UNSET,
    copies_supplied_on: datetime.date | None = UNSET,
    committed_on: datetime.date | None = UNSET,
    charge_hearing_on: datetime.date | None = UNSET,
    charges_framed_on: datetime.date | None = UNSET,
    evidence_started_on: datetime.date | None = UNSET,
    accused_statement_on: datetime.date | None = UNSET,
    defence_evidence_on: datetime.date | None = UNSET,
    arguments_started_on: datetime.date | None = UNSET,
    arguments_concluded_on: datetime.date | None = UNSET,
    judgment_on: datetime.date | None = UNSET,
    sentence_hearing_on: datetime.date | None = UNSET,
    firs: Any = UNSET,
    accused: Any = UNSET,
    first_offenders: Any = UNSET,
    confirm_clear: bool = UNSET,
    clear_reason: str = UNSET,
) -> CourtCase:
    """Correct the court case's details and recorded dates; open deadlines follow corrected dates."""
    data = given(
        court_kind=court_kind,
        court_state=court_state,
        court_district=court_district,
        court_name=court_name,
        case_number=case_number,
        cnr=cnr,
        judge=judge,
        public_prosecutor=public_prosecutor,
        lawyer=lawyer,
        filed_on=filed_on,
        cognizance_on=cognizance_on,
        appearance_on=appearance_on,
        copies_supplied_on=copies_supplied_on,
        committed_on=committed_on,
        charge_hearing_on=charge_hearing_on,
        charges_framed_on=charges_framed_on,
        evidence_started_on=evidence_started_on,
        accused_statement_on=accused_statement_on,
        defence_evidence_on=defence_evidence_on,
        arguments_started_on=arguments_started_on,
        arguments_concluded_on=arguments_concluded_on,
        judgment_on=judgment_on,
        sentence_hearing_on=sentence_hearing_on,
        firs=firs,
        accused=accused,
        first_offenders=first_offenders,
        confirm_clear=confirm_clear,
        clear_reason=clear_reason,
    )
    require_court_recorder(actor, court_case.case)
    case = court_case.case
    _check_version(court_case, expected_version)
    errors: dict = {}
    try:
        court = court_from_fields(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        court = None
    court_changed = court is not None and court.pk != court_case.court_id
    blanked = _refuse_blanking(_fresh(court_case), data, EDITABLE_FIELDS, errors=errors)
    if court is not None:
        court_case.court = court
    if "committed_on" in data and court_case.committed_on is None and data["committed_on"] is not None:
        # A case that reached the sessions court before it was recorded here: its committal order.
        court_case.committed_on = data["committed_on"]
    for name in EDITABLE_FIELDS:
        if name in data:
            value = data[name]
            setattr(court_case, name, value.strip() if isinstance(value, str) else value)
    old_judgment_on = court_case.judgment_on
    for name in CORRECTABLE_DATES:
        if name in data and getattr(court_case, name) is not None:
            if data[name] is None:
                errors[name] = _("A recorded date can be corrected but not removed.")
            else:
                setattr(court_case, name, data[name])
    _check_team_lawyer(case, court_case.lawyer, errors)
    if court_changed:
        _check_cognizance_court(court_case.court, court_case.committed_on, errors)
    firs = _check_firs(case, data["firs"], errors) if "firs" in data else None
    _check_cognizance_after_firs(
        court_case.cognizance_on, firs if firs is not None else list(court_case.firs.all()), errors
    )
    accused = _check_accused(case, data["accused"], errors) if "accused" in data else None
    first_offenders = list(data["first_offenders"] or []) if "first_offenders" in data else None
    if first_offenders is not None and any(link.court_case_id != court_case.pk for link in first_offenders):
        errors["first_offenders"] = _("Choose accused on this court case.")
    if accused is not None:
        keep = {a.pk for a in accused}
        on_trial = set(CourtAccused.objects.filter(court_case=court_case).values_list("accused_id", flat=True))
        if court_case.decided and keep != on_trial:
            errors["accused"] = _("The judgment is recorded: the accused on trial can no longer change.")
        leaving = CourtAccused.objects.filter(court_case=court_case).exclude(accused_id__in=keep)
        busy = leaving.filter(charges__isnull=False) | leaving.filter(bail_applications__isnull=False)
        busy = busy | leaving.filter(outcome__isnull=False)
        if busy.exists():
            errors["accused"] = _(
                "An accused with charges, bail applications or an outcome on this court case cannot be taken off it."
            )
    try:
        court_case.full_clean(exclude=["stage", "case", "created_by", "updated_by"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    if court_case.cnr and CourtCase.objects.filter(case=case, cnr=court_case.cnr).exclude(pk=court_case.pk).exists():
        errors.setdefault("cnr", _("A court case with this CNR number is already recorded on this case."))
    if errors:
        raise ValidationError(errors)
    save_with_version(court_case, expected_version=expected_version, actor=actor)
    if firs is not None:
        court_case.firs.set(firs)
    if accused is not None:
        current = set(CourtAccused.objects.filter(court_case=court_case).values_list("accused_id", flat=True))
        CourtAccused.objects.filter(court_case=court_case).exclude(accused_id__in=keep).delete()
        CourtAccused.objects.bulk_create(
            [CourtAccused(court_case=court_case, accused=a, added_by=actor) for a in accused if a.pk not in current]
        )
    if first_offenders is not None:
        links = CourtAccused.objects.filter(court_case=court_case)
        links.filter(pk__in=[link.pk for link in first_offenders]).update(first_offender=True)
        links.exclude(pk__in=[link.pk for link in first_offenders]).update(first_offender=False)
    court_case = _fresh(court_case)
    if old_judgment_on and court_case.judgment_on != old_judgment_on:
        judgment_date_corrected(court_case=court_case, old_on=old_judgment_on)
    _recompute_open_deadlines(court_case, actor)
    _record_clearing(court_case, actor, "details_corrected", CourtCase, blanked, data)
    with translation.override("en"):
        summary = Phrase(gettext_noop("Court case details edited: %(court_case)s"), court_case=str(court_case))
    court_event(
        case,
        actor,
        summary,
        court_case=court_case.pk,
        action="court_case_edited",
        cleared=blanked,
    )
    return court_case


@transaction.atomic
def court_case_ecourts_stage(
    *, actor, court_case: CourtCase, expected_version: int, text: str, checked_on: datetime.date
) -> CourtCase:
    """Keep the eCourts "stage of case" as written and the stage it maps to (unknown: flagged)."""
    require_court_recorder(actor, court_case.case)
    text = " ".join((text or "").split())[:200]
    errors: dict = {}
    if not text:
        errors["ecourts_stage"] = _("Copy the stage of case as eCourts shows it.")
    if checked_on is None:
        errors["ecourts_checked_on"] = _("Enter the day you checked eCourts.")
    not_future(errors, "ecourts_checked_on", checked_on)
    if errors:
        raise ValidationError(errors)
    court_case.ecourts_stage = text
    court_case.ecourts_stage_mapped = ecourts.map_stage(text) or ""
    court_case.ecourts_checked_on = checked_on
    save_with_version(court_case, expected_version=expected_version, actor=actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("eCourts shows “%(text)s” for %(court_case)s%(mapped)s"),
            text=text[:80],
            court_case=str(court_case),
            mapped=Phrase(" (%(stage)s)", stage=CourtStage(court_case.ecourts_stage_mapped).label)
            if court_case.ecourts_stage_mapped
            else Phrase(gettext_noop(" (phrase not known: flagged)")),
        )
    court_event(
        court_case.case,
        actor,
        summary,
        court_case=court_case.pk,
        action="ecourts_stage",
    )
    return court_case


@transaction.atomic
def court_case_transition(
    *,
    actor,
    court_case: CourtCase,
    transition: str,
    expected_version: int,
    data: dict | None = None,
    note: str = "",
    clear=(),
    clear_reason: str = "",
) -> CourtCase:
    """Move a court case one step of its spec (legal.court.workflow): `data` holds the step's
    inputs (a key left out keeps what is recorded) and, for the committal, the court it goes to.
    Blanking a recorded value needs `clear` (the fields) and a `clear_reason`. The judgment, the
    sentence and the appeal are recorded on their own forms (judgment_record, ...)."""
    access = visible_access(actor, court_case.case)
    require(access.can_see_court)
    step = COURT.step(transition)
    if step.own_form or not step.manual:
        raise ValidationError(_("This step is recorded on its own form."), code="own_form")
    data = dict(data or {})
    extra = {k: data.pop(k) for k in list(data) if k in step.extra_inputs}
    moved = apply_step(
        spec=COURT,
        obj=court_case,
        step=step,
        actor=actor,
        access=access,
        values=data,
        expected_version=expected_version,
        note=note,
        clear=clear,
        clear_reason=clear_reason,
        extra=extra,
    )
    return _fresh(moved)


# --- charges ------------------------------------------------------------------------------


def _court_accused(court_case: CourtCase, court_accused) -> CourtAccused:
    if court_accused is None or court_accused.court_case_id != court_case.pk:
        raise ValidationError({"court_accused": _("Choose an accused on this court case.")})
    return court_accused


@transaction.atomic
def court_charge_add(
    *, actor, court_case: CourtCase, act, number: str, framed_on: datetime.date, court_accused=None
) -> list[CourtCharge]:
    """A charge framed (or altered: add the new one, drop the old) against one accused, or against
    every accused on the court case when none is chosen."""
    require_court_recorder(actor, court_case.case)
    court_case = _lock(court_case)
    errors: dict = {}
    if framed_on is None:
        errors["framed_on"] = _("Enter the date the charge was framed.")
    not_future(errors, "framed_on", framed_on)
    not_before(errors, "framed_on", framed_on, court_case.earliest_date, _before_court_case(court_case))
    not_before(
        errors,
        "framed_on",
        framed_on,
        court_case.charge_hearing_on,
        _("A charge is framed after the first hearing on charge (%(date)s).")
        % {"date": _day(court_case.charge_hearing_on)},
    )
    if court_case.decided:
        errors[None] = _("The judgment is recorded: charges can no longer be framed or altered.")
    if errors:
        raise ValidationError(errors)
    section = section_lookup(act, number)
    # The code charged follows the offence date of the police case the trial came from.
    fir = court_case.firs.order_by("offence_on", "pk").first()
    if fir is not None:
        check_charge_code(fir, section)
    targets = (
        [_court_accused(court_case, court_accused)]
        if court_accused is not None
        else list(CourtAccused.objects.filter(court_case=court_case))
    )
    if not targets:
        raise ValidationError({"court_accused": _("Add the accused on trial to the court case first.")})
    added = []
    for target in targets:
        if CourtCharge.objects.filter(court_accused=target, section=section, dropped_at__isnull=True).exists():
            if court_accused is not None:
                raise ValidationError(
                    {"number": _("%(section)s is already charged against this accused.") % {"section": section}}
                )
            continue
        charge = CourtCharge(
            court_case=court_case, court_accused=target, section=section, framed_on=framed_on, added_by=actor
        )
        record_history(charge, actor)
        charge.save()
        added.append(charge)
    if not added:
        raise ValidationError(
            {"number": _("%(section)s is already charged against every accused.") % {"section": section}}
        )
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Charge framed on %(court_case)s: %(section)s against %(who)s"),
            court_case=str(court_case),
            section=section.label,
            who=", ".join(str(c.court_accused.accused) for c in added),
        )
    court_event(
        court_case.case,
        actor,
        summary,
        court_case=court_case.pk,
        action="court_charge_added",
        section=section.pk,
    )
    _sync_trial_clocks(court_case, actor)
    return added


@transaction.atomic
def court_charge_drop(*, actor, court_case: CourtCase, charge: CourtCharge, reason: str) -> CourtCharge:
    require_court_recorder(actor, court_case.case)
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError({"reason": _("Say why the charge is dropped or altered.")})
    charge = CourtCharge.objects.select_for_update().get(pk=charge.pk, court_case=court_case)
    if not charge.is_live:
        raise ValidationError(_("This charge was already dropped."))
    if court_case.decided:
        raise ValidationError(_("The judgment is recorded: charges can no longer be altered."))
    charge.dropped_at, charge.dropped_by, charge.reason = timezone.now(), actor, reason[:300]
    record_history(charge, actor)
    charge.save()
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Charge dropped on %(court_case)s: %(section)s against %(accused)s"),
            court_case=str(court_case),
            section=charge.section.label,
            accused=str(charge.court_accused.accused),
        )
    court_event(
        court_case.case,
        actor,
        summary,
        court_case=court_case.pk,
        action="court_charge_dropped",
    )
    _sync_trial_clocks(court_case, actor)
    return charge


# --- hearings -----------------------------------------------------------------------------


def _hearing_summary(hearing: Hearing) -> Phrase:
    """What happened at a hearing, for the timeline: a phrase (core.phrases) whose values are
    taken in English, shown in each reader's language; its parts joined by "; "."""
    with translation.override("en"):
        summary = Phrase("%(status)s", status=hearing.get_status_display())
        if hearing.status == HearingStatus.ADJOURNED and hearing.adjournment_reason:
            summary = Phrase(
                "%(status)s (%(reason)s)",
                status=hearing.get_status_display(),
                reason=Phrase(hearing.get_adjournment_reason_display()).lower(),
            )
        parts: list[Param] = []
        if hearing.survivor_deposed:
            parts.append(
                Phrase(
                    gettext_noop("the survivor deposed %(how)s"),
                    how=Phrase(hearing.get_deposition_mode_display()).lower(),
                )
            )
        elif hearing.survivor_must_attend and hearing.survivor_attended is False:
            parts.append(Phrase(gettext_noop("the survivor could not attend")))
        if hearing.next_date:
            parts.append(Phrase(gettext_noop("next date %(date)s"), date=hearing.next_date))
    for part in parts:
        summary = Phrase("%(before)s; %(then)s", before=summary, then=part)
    return summary


def _check_bail_application(court_case: CourtCase, application, errors: dict):
    if application is not None and application.court_case_id != court_case.pk:
        errors["bail_application"] = _("Choose a bail application of this court case.")


@transaction.atomic
def hearing_schedule(
    *,
    actor,
    court_case: CourtCase,
    on: datetime.date,
    purpose: str,
    survivor_must_attend: bool = False,
    bail_application=None,
    escort=None,
) -> Hearing:
    """A date the court gave: shown on the calendars (and on the case if she must attend). `escort`:
    who from the case team will go with her (her own page names their role and organisation)."""
    require_court_recorder(actor, court_case.case)
    errors: dict = {}
    if on is None:
        errors["on"] = _("Enter the date of the hearing.")
    elif on < timezone.localdate():
        errors["on"] = _("This date has passed: record what happened at that hearing instead.")
    not_before(errors, "on", on, court_case.earliest_date, _before_court_case(court_case))
    if purpose not in HearingPurpose.values:
        errors["purpose"] = _("Choose the purpose of the hearing.")
    _check_bail_application(court_case, bail_application, errors)
    if escort is not None and not CaseAssignment.objects.active().filter(case=court_case.case, user=escort).exists():
        errors["escort"] = _("Choose someone on the case team.")
    if not errors and Hearing.objects.filter(court_case=court_case, on=on, status=HearingStatus.SCHEDULED).exists():
        errors["on"] = _("A hearing is already scheduled on this date.")
    if errors:
        raise ValidationError(errors)
    hearing = Hearing(
        court_case=court_case,
        on=on,
        purpose=purpose,
        survivor_must_attend=bool(survivor_must_attend),
        bail_application=bail_application,
        escort=escort,
        created_by=actor,
        updated_by=actor,
    )
    record_history(hearing, actor)
    hearing.save()
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Hearing scheduled on %(date)s in %(court_case)s: %(purpose)s%(attend)s"),
            date=on or "",
            court_case=str(court_case),
            purpose=hearing.get_purpose_display(),
            attend=Phrase(gettext_noop("; the survivor must attend")) if hearing.survivor_must_attend else "",
        )
    court_event(
        court_case.case,
        actor,
        summary,
        court_case=court_case.pk,
        hearing=hearing.pk,
        action="hearing_scheduled",
    )
    return hearing


HEARING_FIELDS = [
    "on",
    "purpose",
    "status",
    "proceedings",
    "adjournment_reason",
    "adjournment_note",
    "next_date",
    "survivor_must_attend",
    "survivor_attended",
    "survivor_deposed",
    "deposition_mode",
    "deposition_notes",
    "bail_application",
]


@transaction.atomic
def hearing_record(
    *,
    actor,
    court_case: CourtCase,
    on: datetime.date | None = UNSET,
    purpose: str = UNSET,
    status: str = UNSET,
    proceedings: str = UNSET,
    adjournment_reason: str = UNSET,
    adjournment_note: str = UNSET,
    next_date: datetime.date | None = UNSET,
    next_purpose: str = UNSET,
    survivor_must_attend: bool | None = UNSET,
    next_survivor_must_attend: bool | None = UNSET,
    next_escort: Any = UNSET,
    survivor_attended: bool | None = UNSET,
    survivor_deposed: bool | None = UNSET,
    deposition_mode: str = UNSET,
    deposition_notes: str = UNSET,
    bail_application: Any = UNSET,
    attended_for_consortium: Any = UNSET,
    hearing: Hearing | None = None,
    expected_version: int | None = None,
) -> Hearing:
    """What happened at a hearing (a scheduled one, or one recorded afterwards). A next date makes
    the next (scheduled) hearing, with who from the case team goes with her to it (`next_escort`,
    as hearing_schedule's `escort`); her deposition is recorded at the prosecution-evidence stage."""
    data = given(
        on=on,
        purpose=purpose,
        status=status,
        proceedings=proceedings,
        adjournment_reason=adjournment_reason,
        adjournment_note=adjournment_note,
        next_date=next_date,
        next_purpose=next_purpose,
        survivor_must_attend=survivor_must_attend,
        next_survivor_must_attend=next_survivor_must_attend,
        next_escort=next_escort,
        survivor_attended=survivor_attended,
        survivor_deposed=survivor_deposed,
        deposition_mode=deposition_mode,
        deposition_notes=deposition_notes,
        bail_application=bail_application,
        attended_for_consortium=attended_for_consortium,
    )
    require_court_recorder(actor, court_case.case)
    court_case = _lock(court_case)
    if hearing is not None and hearing.court_case_id != court_case.pk:
        require(False)
    target = hearing or Hearing(court_case=court_case, created_by=actor, updated_by=actor)
    # A next date given earlier has passed once that hearing took place: only a new one is checked.
    earlier_next_date = hearing.next_date if hearing is not None else None
    for name in HEARING_FIELDS:
        if name in data:
            value = data[name]
            setattr(target, name, value.strip() if isinstance(value, str) else value)
    errors: dict = {}
    today = timezone.localdate()
    if target.on is None:
        errors["on"] = _("Enter the date of the hearing.")
    elif target.on > today:
        errors["on"] = _("What happened can be recorded once the hearing has taken place.")
    not_before(errors, "on", target.on, court_case.earliest_date, _before_court_case(court_case))
    if target.purpose not in HearingPurpose.values:
        errors["purpose"] = _("Choose the purpose of the hearing.")
    if target.status not in (HearingStatus.HELD, HearingStatus.ADJOURNED, HearingStatus.NOT_TAKEN_UP):
        errors["status"] = _("Say whether the hearing was held, adjourned or not taken up.")
    if target.status == HearingStatus.ADJOURNED and not target.adjournment_reason:
        errors["adjournment_reason"] = _("Choose why the hearing was adjourned.")
    if target.status != HearingStatus.ADJOURNED:
        target.adjournment_reason, target.adjournment_note = "", ""
    # Entered from paper, the next date may be past too: that hearing then waits to be recorded.
    changed_next = target.next_date is not None and target.next_date != earlier_next_date
    if changed_next and target.on and target.next_date is not None and target.next_date <= target.on:
        errors["next_date"] = _("The next date must come after this hearing.")
    if target.survivor_must_attend and target.survivor_attended is None:
        errors["survivor_attended"] = _("She had to attend: say whether she did.")
    if target.survivor_deposed:
        if not target.deposition_mode:
            errors["deposition_mode"] = _(
                "Say how she deposed: in person, by video link or in a vulnerable-witness room."
            )
        if target.survivor_attended is False:
            errors["survivor_attended"] = _("She deposed, so she attended (in person or by video link).")
        started, ended = court_case.evidence_started_on, court_case.accused_statement_on
        in_evidence = started is not None and target.on is not None and target.on >= started
        if not in_evidence or (ended is not None and target.on > ended):
            errors["survivor_deposed"] = _(
                "Her deposition is part of prosecution evidence: record it on a hearing during that stage "
                "(the trial is at “%(stage)s”)."
            ) % {"stage": stage_label(court_case)}
        target.survivor_attended = True
    else:
        target.deposition_mode, target.deposition_notes = "", ""
    _check_bail_application(court_case, target.bail_application, errors)
    consortium = list(data.get("attended_for_consortium") or [])
    team = set(CaseAssignment.objects.active().filter(case=court_case.case).values_list("user_id", flat=True))
    if any(user.pk not in team for user in consortium):
        errors["attended_for_consortium"] = _("Choose people on the case team.")
    next_escort = data.get("next_escort")
    if next_escort is not None and next_escort.pk not in team:
        errors["next_escort"] = _("Choose someone on the case team.")
    elif next_escort is not None and not target.next_date:
        errors["next_escort"] = _("Give the next date: who goes with her is for that date.")
    if errors:
        raise ValidationError(errors)
    if hearing is None:
        record_history(target, actor)
        target.save()
    else:
        save_with_version(target, expected_version=cast(int, expected_version), actor=actor)
    target.attended_for_consortium.set(consortium)
    if target.survivor_deposed:
        deadline_fulfil(case=court_case.case, rule_codes=["pocso_child_evidence"], subject=court_case, actor=actor)
    next_hearing = None
    # Read only when there is a next date.
    already = Hearing.objects.filter(court_case=court_case, on=target.next_date, status=HearingStatus.SCHEDULED)  # type: ignore[misc]
    if target.next_date and data.get("next_survivor_must_attend"):
        already.update(survivor_must_attend=True)
    if target.next_date and next_escort is not None:
        already.update(escort=next_escort)
    if target.next_date and not already.exists():
        next_purpose = data.get("next_purpose") or target.purpose
        next_hearing = Hearing.objects.create(
            court_case=court_case,
            on=target.next_date,
            purpose=next_purpose if next_purpose in HearingPurpose.values else target.purpose,
            survivor_must_attend=bool(data.get("next_survivor_must_attend")),
            escort=next_escort,
            bail_application=target.bail_application if next_purpose == HearingPurpose.BAIL else None,
            created_by=actor,
            updated_by=actor,
        )
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Hearing of %(date)s in %(court_case)s: %(what)s"),
            date=target.on or "",
            court_case=str(court_case),
            what=_hearing_summary(target),
        )
    court_event(
        court_case.case,
        actor,
        summary,
        court_case=court_case.pk,
        hearing=target.pk,
        next_hearing=next_hearing.pk if next_hearing else None,
        action="hearing_recorded",
    )
    return target


# --- bail applications in court -----------------------------------------------------------


def victim_hearing_values(choice: str) -> dict:
    """Her right to be heard on bail as one choice -> the two facts recorded (notified, heard)."""
    values: dict[str, dict[str, bool | None]] = {
        BailApplication.VictimHearing.HEARD: {"victim_notified": True, "victim_heard": True},
        BailApplication.VictimHearing.NOTICE_GIVEN: {"victim_notified": True, "victim_heard": False},
        BailApplication.VictimHearing.NOT_HEARD: {"victim_notified": False, "victim_heard": False},
    }
    return values.get(choice, {"victim_notified": None, "victim_heard": None})


def _victim_hearing(data: dict, errors: dict) -> dict:
    if "victim_hearing" not in data:
        return data
    choice = data.get("victim_hearing") or ""
    if choice not in BailApplication.VictimHearing.values:
        errors["victim_hearing"] = _("Say whether the survivor was heard on the application.")
        return data
    return {**data, **victim_hearing_values(choice)}


@transaction.atomic
def bail_application_file(
    *,
    actor,
    court_case: CourtCase,
    court_kind: str = UNSET,
    court_state: State | None = UNSET,
    court_district: District | None = UNSET,
    court_name: str = UNSET,
    court_accused: Any = UNSET,
    number: str = UNSET,
    kind: str = UNSET,
    filed_on: datetime.date | None = UNSET,
    victim_hearing: str = UNSET,
    victim_notified: bool | None = UNSET,
    victim_heard: bool | None = UNSET,
    opposed_by: str = UNSET,
    note: str = UNSET,
) -> BailApplication:
    """A bail application in court for one accused: the clock for a decision starts (two weeks,
    six weeks for anticipatory bail, the same day for default bail)."""
    data = given(
        court_kind=court_kind,
        court_state=court_state,
        court_district=court_district,
        court_name=court_name,
        court_accused=court_accused,
        number=number,
        kind=kind,
        filed_on=filed_on,
        victim_hearing=victim_hearing,
        victim_notified=victim_notified,
        victim_heard=victim_heard,
        opposed_by=opposed_by,
        note=note,
    )
    require_court_recorder(actor, court_case.case)
    errors: dict = {}
    data = _victim_hearing(data, errors)
    try:
        court = court_from_fields(data) or court_case.court
    except ValidationError as exc:
        errors.update(exc.message_dict)
        court = court_case.court
    court_accused = data.get("court_accused")
    if court_accused is None or court_accused.court_case_id != court_case.pk:
        errors["court_accused"] = _("Choose an accused on this court case.")
    filed_on = data.get("filed_on")
    if filed_on is None:
        errors["filed_on"] = _("Enter the date the application was filed.")
    not_future(errors, "filed_on", filed_on)
    not_before(
        errors,
        "filed_on",
        filed_on,
        court_case.earliest_date,
        _("This is before the court case began: bail during the investigation is recorded on the FIR."),
    )
    kind = data.get("kind") or BailApplication.Kind.REGULAR
    if kind not in BailApplication.Kind.values:
        errors["kind"] = _("Choose the kind of bail.")
    opposed_by = data.get("opposed_by") or ""
    if opposed_by not in BailApplication.OpposedBy.values:
        errors["opposed_by"] = _("Choose who opposed the application.")
    if data.get("victim_heard") and data.get("victim_notified") is False:
        errors["victim_notified"] = _("She was heard, so she was notified.")
    if errors:
        raise ValidationError(errors)
    application = BailApplication(
        court_case=court_case,
        court_accused=court_accused,
        court=court,  # type: ignore[misc]  # never None: the court case's court when none is named
        number=(data.get("number") or "").strip()[:60],
        kind=kind,
        filed_on=filed_on,  # type: ignore[misc]  # None is refused above
        victim_notified=data.get("victim_notified"),
        victim_heard=data.get("victim_heard"),
        opposed_by=opposed_by,
        note=(data.get("note") or "").strip(),
        created_by=actor,
        updated_by=actor,
    )
    record_history(application, actor)
    application.save()
    _bail_deadline(application, actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(kind)s application filed for %(accused)s in %(court)s (%(date)s)"),
            kind=application.get_kind_display(),
            accused=str(court_accused.accused),
            court=str(court),
            date=filed_on or "",
        )
    court_event(
        court_case.case,
        actor,
        summary,
        court_case=court_case.pk,
        bail_application=application.pk,
        action="bail_filed",
    )
    return application


BAIL_UPDATE_FIELDS = [
    "number",
    "filed_on",
    "victim_notified",
    "victim_heard",
    "opposed_by",
    "outcome",
    "decided_on",
    "conditions",
    "cancellation_sought_on",
    "cancellation_outcome",
    "cancellation_decided_on",
    "note",
]


def _validate_bail(application: BailApplication, was_decided: bool) -> None:
    errors: dict = {}
    court_case = application.court_case
    for name in ("filed_on", "decided_on", "cancellation_sought_on", "cancellation_decided_on"):
        not_future(errors, name, getattr(application, name))
    not_before(errors, "filed_on", application.filed_on, court_case.earliest_date, _before_court_case(court_case))
    if application.outcome not in BailApplication.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    elif application.outcome == BailApplication.Outcome.PENDING:
        if was_decided:
            errors["outcome"] = _("A decided application does not become pending again: file a new one.")
        if application.decided_on:
            errors.setdefault("decided_on", _("A pending application has no decision date."))
    elif not application.decided_on:
        errors["decided_on"] = _("Enter the date of the decision.")
    not_before(
        errors,
        "decided_on",
        application.decided_on,
        application.filed_on,
        _("A decision cannot come before the application."),
    )
    if application.opposed_by not in BailApplication.OpposedBy.values:
        errors["opposed_by"] = _("Choose who opposed the application.")
    if application.victim_heard and application.victim_notified is False:
        errors["victim_notified"] = _("She was heard, so she was notified.")
    cancellation = application.cancellation_outcome
    if cancellation not in BailApplication.CancellationOutcome.values:
        errors["cancellation_outcome"] = _("Choose what happened to the cancellation application.")
    elif cancellation or application.cancellation_sought_on:
        if application.outcome != BailApplication.Outcome.GRANTED:
            errors["cancellation_outcome"] = _("Only bail that was granted can be cancelled.")
        if not application.cancellation_sought_on:
            errors["cancellation_sought_on"] = _("Enter the date cancellation was sought.")
        if not cancellation:
            errors["cancellation_outcome"] = _("Say what happened to the cancellation application.")
        not_before(
            errors,
            "cancellation_sought_on",
            application.cancellation_sought_on,
            application.decided_on,
            _("Cancellation cannot be sought before bail was granted."),
        )
        decided = cancellation in (
            BailApplication.CancellationOutcome.CANCELLED,
            BailApplication.CancellationOutcome.REJECTED,
        )
        if decided and not application.cancellation_decided_on:
            errors["cancellation_decided_on"] = _("Enter the date of the decision on cancellation.")
        if not decided and application.cancellation_decided_on:
            errors["cancellation_decided_on"] = _("A pending cancellation has no decision date.")
        not_before(
            errors,
            "cancellation_decided_on",
            application.cancellation_decided_on,
            application.cancellation_sought_on,
            _("The decision cannot come before the application to cancel."),
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def bail_application_update(
    *,
    actor,
    application: BailApplication,
    expected_version: int,
    number: str = UNSET,
    filed_on: datetime.date | None = UNSET,
    victim_hearing: str = UNSET,
    victim_notified: bool | None = UNSET,
    victim_heard: bool | None = UNSET,
    opposed_by: str = UNSET,
    outcome: str = UNSET,
    decided_on: datetime.date | None = UNSET,
    conditions: str = UNSET,
    cancellation_sought_on: datetime.date | None = UNSET,
    cancellation_outcome: str = UNSET,
    cancellation_decided_on: datetime.date | None = UNSET,
    note: str = UNSET,
) -> BailApplication:
    """The decision (and conditions), whether she was notified and heard, opposition, and any
    application to cancel the bail granted."""
    data = given(
        number=number,
        filed_on=filed_on,
        victim_hearing=victim_hearing,
        victim_notified=victim_notified,
        victim_heard=victim_heard,
        opposed_by=opposed_by,
        outcome=outcome,
        decided_on=decided_on,
        conditions=conditions,
        cancellation_sought_on=cancellation_sought_on,
        cancellation_outcome=cancellation_outcome,
        cancellation_decided_on=cancellation_decided_on,
        note=note,
    )
    court_case = application.court_case
    require_court_recorder(actor, court_case.case)
    before = BailApplication.objects.get(pk=application.pk)
    hearing_errors: dict = {}
    data = _victim_hearing(data, hearing_errors)
    if hearing_errors:
        raise ValidationError(hearing_errors)
    for name in BAIL_UPDATE_FIELDS:
        if name in data:
            value = data[name]
            setattr(application, name, value.strip() if isinstance(value, str) else value)
    if application.outcome != BailApplication.Outcome.GRANTED:
        application.conditions = ""
    _validate_bail(application, was_decided=not before.is_pending)
    save_with_version(application, expected_version=expected_version, actor=actor)
    application = BailApplication.objects.select_related(
        "court_case__case", "court__state", "court_accused__accused"
    ).get(pk=application.pk)
    if before.is_pending and not application.is_pending:
        deadline_fulfil(
            case=court_case.case, rule_codes=BailApplication.DECISION_RULE_CODES, subject=application, actor=actor
        )
    elif application.is_pending and before.filed_on != application.filed_on:
        _bail_deadline(application, actor)
    with translation.override("en"):
        what = Phrase("%(outcome)s", outcome=application.get_outcome_display())
        if application.decided_on:
            what = Phrase("%(what)s (%(date)s)", what=what, date=application.decided_on)
        if application.cancellation_outcome:
            what = Phrase(
                "%(what)s; %(cancellation)s",
                what=what,
                cancellation=Phrase(
                    gettext_noop("cancellation: %(outcome)s"),
                    outcome=Phrase(application.get_cancellation_outcome_display()).lower(),
                ),
            )
        summary = Phrase(
            gettext_noop("Bail application of %(accused)s in %(court)s: %(what)s"),
            accused=str(application.court_accused.accused),
            court=str(application.court),
            what=what,
        )
    court_event(
        court_case.case,
        actor,
        summary,
        court_case=court_case.pk,
        bail_application=application.pk,
        action="bail_updated",
    )
    return application


# --- judgment -----------------------------------------------------------------------------


def _validate_outcomes(court_case: CourtCase, on, rows: list[dict]) -> list[dict]:
    """One row per accused on the court case, each coherent. Errors are keyed
    `outcome-<court accused id>-<field>` (the view puts them on the row's fields)."""
    on_trial = {link.pk: link for link in CourtAccused.objects.filter(court_case=court_case)}
    errors: dict = {}
    cleaned, seen = [], set()
    for row in rows:
        link = row.get("court_accused")
        if link is None or link.pk not in on_trial:
            require(False)  # a row for someone not on this court case: a forged form
        link = cast(CourtAccused, link)
        seen.add(link.pk)
        key = f"outcome-{link.pk}-"
        outcome = row.get("outcome") or ""
        decided_on = row.get("decided_on") or on
        if outcome not in Outcome.values:
            errors[key + "outcome"] = _("Choose the outcome for this accused.")
            continue
        if decided_on and on and decided_on > on:
            errors[key + "decided_on"] = _("An outcome cannot come after the judgment.")
        if decided_on and decided_on < court_case.earliest_date:
            errors[key + "decided_on"] = _before_court_case(court_case)
        sections = list(row.get("sections") or [])
        try:
            fine = parse_rupees(row.get("fine"), key + "fine")
            compensation = parse_rupees(row.get("compensation_ordered"), key + "compensation_ordered")
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        months = row.get("imprisonment_months")
        life = bool(row.get("life_imprisonment"))
        sentence = (row.get("sentence") or "").strip()
        if outcome == Outcome.CONVICTED:
            if not sections:
                errors[key + "sections"] = _("Choose the sections she or he was convicted under.")
            if life and months:
                errors[key + "imprisonment_months"] = _("Give either a term in months or imprisonment for life.")
        elif sections or months or life or sentence or fine:
            errors[key + "outcome"] = _("Sections, sentence and fine go with a conviction only.")
        if months is not None and not 0 < months <= 1200:
            errors[key + "imprisonment_months"] = _("Give the term in months (1 to 1200).")
        cleaned.append(
            {
                "court_accused": link,
                "outcome": outcome,
                "decided_on": decided_on,
                "sections": sections,
                "imprisonment_months": months,
                "life_imprisonment": life,
                "sentence": sentence[:300],
                "fine": fine,
                "compensation_ordered": compensation,
            }
        )
    missing = [pk for pk in on_trial if pk not in seen]
    for pk in missing:
        errors[f"outcome-{pk}-outcome"] = _("Choose the outcome for this accused.")
    if not on_trial:
        errors[None] = _("Add the accused on trial to the court case before recording the judgment.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _judgment_after_the_trial(court_case: CourtCase, on, errors: dict) -> None:
    """A judgment comes after every stage recorded before it and after the charges it decides."""
    if on is None:
        return
    earlier: list[tuple[datetime.date, str]] = []
    for name, stage_label_ in STAGE_DATE_FIELDS:
        if name == "judgment_on":
            break
        value = getattr(court_case, name)
        if value and value > on:
            earlier.append((value, str(stage_label_)))
    for charge in court_case.charges.filter(dropped_at__isnull=True).select_related("section__act"):
        if charge.framed_on > on:
            earlier.append(
                (charge.framed_on, str(_("the charge under %(section)s") % {"section": charge.section.label}))
            )
    if earlier:
        value, label = max(earlier)
        errors.setdefault("on", _("This date is before %(what)s (%(date)s).") % {"what": label, "date": _day(value)})


def judgment_date_corrected(*, court_case: CourtCase, old_on: datetime.date) -> None:
    """A recorded judgment's date was corrected (court_case_update, in its transaction, after its checks).

    The judgment's date is one fact: Judgment.on. CourtCase.judgment_on is its derived copy, written
    only with it: by judgment_record (the "pronounce_judgment" step writes both) and by a correction,
    where court_case_update saves the corrected copy and this gives the judgment and the outcomes
    decided that day the same date, so the two never disagree (issue 15, "one fact, one place")."""
    judgment = Judgment.objects.filter(court_case=court_case).first()
    if judgment is None:
        return
    Judgment.objects.filter(pk=judgment.pk).update(on=court_case.judgment_on)
    JudgmentOutcome.objects.filter(judgment=judgment, decided_on=old_on).update(decided_on=court_case.judgment_on)


def _judgment_summary(court_case: CourtCase, rows: list[JudgmentOutcome]) -> Phrase:
    """ "Judgment in <court case>: 1 acquitted, 2 convicted": a phrase (core.phrases), its values
    taken in English, shown in each reader's language."""
    with translation.override("en"):
        counts: dict[str, int] = {}
        for recorded in rows:
            label = recorded.get_outcome_display()
            counts[label] = counts.get(label, 0) + 1
        return Phrase(
            gettext_noop("Judgment in %(court_case)s: %(counts)s"),
            court_case=str(court_case),
            counts=[Phrase("%(n)s %(what)s", n=n, what=Phrase(what).lower()) for what, n in sorted(counts.items())],
        )


def _has_sentence(row: dict) -> bool:
    return bool(row["imprisonment_months"] or row["life_imprisonment"] or row["sentence"] or row["fine"])


def _advance(court_case: CourtCase, transition: str, *, access, actor, values: dict, note: str = "", summary=None):
    """A step of the court spec taken as part of a form of its own (judgment, sentence)."""
    moved = apply_step(
        spec=COURT,
        obj=court_case,
        step=transition,
        actor=actor,
        access=access,
        values=values,
        expected_version=court_case.version,
        note=note,
        summary=summary,
    )
    return _fresh(moved)


@transaction.atomic
def judgment_record(
    *,
    actor,
    court_case: CourtCase,
    expected_version: int,
    on: datetime.date,
    outcomes: list[dict],
    summary: str = "",
    document: CaseDocument | None = None,
    upload=None,
    compensation_recommended=None,
    note: str = "",
) -> Judgment:
    """The judgment, with one outcome per accused; the court case moves to "judgment" only when
    every accused has one. Compensation ordered or recommended becomes (or updates) her claim.

    A sentence given with a conviction means the court heard the accused on sentence and passed it
    the same day (BNSS 258(2) / CrPC 235(2)): both steps are recorded on the judgment's date.
    Otherwise the hearing on sentence is recorded next, then each sentence."""
    access = require_court_recorder(actor, court_case.case)
    case = court_case.case
    locked = _check_version(court_case, expected_version)
    if not CourtCase.pronounce_judgment._django_fsm.has_transition(locked.stage):
        raise ValidationError(
            _("This cannot be done at the stage “%(stage)s”.") % {"stage": stage_label(locked)}, code="wrong_stage"
        )
    errors: dict = {}
    if on is None:
        errors["on"] = _("Enter the date of the judgment.")
    not_future(errors, "on", on)
    _judgment_after_the_trial(locked, on, errors)
    try:
        recommended = parse_rupees(compensation_recommended, "compensation_recommended")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        recommended = None
    if document is not None and document.case_id != case.pk:
        require(False)
    try:
        cleaned = _validate_outcomes(locked, on, outcomes)
    except ValidationError as exc:
        errors.update(exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages})
        cleaned = []
    if errors:
        raise ValidationError(errors)
    if upload is not None:
        document = case_services.document_upload(
            actor=actor,
            case=case,
            doc_type=CaseDocument.Type.JUDGMENT,
            title=_("Judgment: %(cc)s") % {"cc": locked},
            uploaded=upload,
        )
    judgment = Judgment.objects.create(
        court_case=locked,
        on=on,
        summary=(summary or "").strip(),
        document=document,
        compensation_recommended=recommended,
        recorded_by=actor,
    )
    rows: list[JudgmentOutcome] = []
    for row in cleaned:
        outcome = JudgmentOutcome.objects.create(
            judgment=judgment,
            court_accused=row["court_accused"],
            outcome=row["outcome"],
            decided_on=row["decided_on"],
            sentenced_on=on if row["outcome"] == Outcome.CONVICTED and _has_sentence(row) else None,
            imprisonment_months=row["imprisonment_months"],
            life_imprisonment=row["life_imprisonment"],
            sentence=row["sentence"],
            fine=row["fine"],
            compensation_ordered=row["compensation_ordered"],
        )
        outcome.sections.set(row["sections"])
        rows.append(outcome)
    # The step declares what the judgment meets and ends (legal.court.workflow: JUDGMENT_DEADLINES,
    # TRIAL_DEADLINES) and the survivor's update it owes.
    moved = _advance(
        locked,
        "pronounce_judgment",
        access=access,
        actor=actor,
        values={"judgment_on": on},
        note=note,
        summary=lambda obj, old: _judgment_summary(obj, rows),
    )
    convicted = [r for r in rows if r.outcome == Outcome.CONVICTED]
    if any(r.sentenced_on for r in convicted):
        moved = _advance(
            moved,
            "hear_on_sentence",
            access=access,
            actor=actor,
            values={"sentence_hearing_on": on},
            note=_("Heard on sentence the day of the judgment."),
        )
        if all(r.sentenced_on for r in convicted):
            moved = _advance(moved, "pass_sentence", access=access, actor=actor, values={"sentenced_on": on})
    for recorded in rows:
        if recorded.outcome == Outcome.ACQUITTED:
            _acquittal_deadline(moved, recorded, actor)
    # Her claim under the victim compensation scheme (BNSS 396(2)-(3) / CrPC 357A(2)-(3)) carries
    # only what the court recommended under that scheme. Compensation the court orders the
    # convicted accused to pay (BNSS 395 / CrPC 357) is a different debt, recorded on each
    # accused's outcome, never added to the scheme's amount.
    if recommended and recommended > 0:
        by_accused = sum((r.compensation_ordered or Decimal("0") for r in rows), Decimal("0"))
        note = _("Judgment of %(date)s: %(scheme)s recommended under the victim compensation scheme (BNSS 396).") % {
            "date": _day(on),
            "scheme": rupees(recommended),
        }
        if by_accused:
            note += " " + _("Separately, %(accused)s payable by the convicted accused (BNSS 395 / CrPC 357).") % {
                "accused": rupees(by_accused)
            }
        signals.compensation_recommended.send(
            sender=CourtCase,
            actor=actor,
            case=case,
            amount=recommended,
            ordered_on=on,
            court_label=str(moved.court),
            note=note,
            on_acquittal=not convicted,
        )
    return judgment


SENTENCE_FIELDS = ("sentenced_on", "imprisonment_months", "sentence", "fine", "compensation_ordered")


@transaction.atomic
def judgment_outcome_sentence(
    *,
    actor,
    outcome: JudgmentOutcome,
    expected_version: int,
    sentenced_on: datetime.date | None = UNSET,
    imprisonment_months: int | None = UNSET,
    life_imprisonment: bool = UNSET,
    sentence: str = UNSET,
    fine: Any = UNSET,
    compensation_ordered: Any = UNSET,
    confirm_clear: bool = UNSET,
    clear_reason: str = UNSET,
) -> JudgmentOutcome:
    """The sentence, passed after the hearing on sentence (BNSS 258(2) / CrPC 235(2)): the day,
    term, fine, compensation. The last convicted accused's sentence moves the trial to "sentence
    passed"."""
    data = given(
        sentenced_on=sentenced_on,
        imprisonment_months=imprisonment_months,
        life_imprisonment=life_imprisonment,
        sentence=sentence,
        fine=fine,
        compensation_ordered=compensation_ordered,
        confirm_clear=confirm_clear,
        clear_reason=clear_reason,
    )
    court_case = outcome.judgment.court_case
    access = require_court_recorder(actor, court_case.case)
    if outcome.outcome != Outcome.CONVICTED:
        raise ValidationError(_("A sentence follows a conviction only."))
    court_case = CourtCase.objects.get(pk=court_case.pk)
    if court_case.sentence_hearing_on is None and court_case.stage != CS.APPEAL:
        raise ValidationError(
            _(
                "Record the hearing on sentence first: the court hears the convicted accused on sentence "
                "before passing it (BNSS 258(2) / CrPC 235(2))."
            )
        )
    errors: dict = {}
    recorded = JudgmentOutcome.objects.get(pk=outcome.pk)
    # A value left out keeps what is recorded; one emptied needs "clear recorded values" and a reason.
    kept = (*SENTENCE_FIELDS, "life_imprisonment")
    data = {**{name: getattr(recorded, name) for name in kept if name not in data}, **data}
    blanked = _refuse_blanking(recorded, data, SENTENCE_FIELDS, errors=errors)
    sentenced_on = data.get("sentenced_on")
    if sentenced_on is None and court_case.sentence_hearing_on is not None:
        errors["sentenced_on"] = _("Enter the day the sentence was passed.")
    not_future(errors, "sentenced_on", sentenced_on)
    not_before(
        errors,
        "sentenced_on",
        sentenced_on,
        court_case.sentence_hearing_on,
        _("The sentence cannot come before the hearing on sentence (%(date)s).")
        % {"date": _day(court_case.sentence_hearing_on)},
    )
    months = data.get("imprisonment_months")
    life = bool(data.get("life_imprisonment"))
    if months is not None and not 0 < months <= 1200:
        errors["imprisonment_months"] = _("Give the term in months (1 to 1200).")
    if life and months:
        errors["imprisonment_months"] = _("Give either a term in months or imprisonment for life.")
    try:
        fine = parse_rupees(data.get("fine"), "fine")
        compensation = parse_rupees(data.get("compensation_ordered"), "compensation_ordered")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        fine = compensation = None
    sentence = (data.get("sentence") or "").strip()
    if not errors and not (months or life or sentence or fine):
        errors["sentence"] = _(
            "Give the sentence: a term, imprisonment for life, a fine or the sentence as pronounced."
        )
    if errors:
        raise ValidationError(errors)
    outcome.imprisonment_months, outcome.life_imprisonment = months, life
    outcome.sentence, outcome.fine, outcome.compensation_ordered = sentence[:300], fine, compensation
    outcome.sentenced_on = sentenced_on
    save_with_version(outcome, expected_version=expected_version, actor=actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Sentence recorded for %(accused)s in %(court_case)s"),
            accused=str(outcome.court_accused.accused),
            court_case=str(court_case),
        )
    court_event(
        court_case.case,
        actor,
        summary,
        court_case=court_case.pk,
        action="sentence",
        cleared=blanked,
    )
    _record_clearing(court_case, actor, "sentence_corrected", JudgmentOutcome, blanked, data, outcome=outcome.pk)
    convicted = JudgmentOutcome.objects.filter(judgment__court_case=court_case, outcome=Outcome.CONVICTED)
    if court_case.stage == CS.SENTENCE_HEARING:
        if not convicted.filter(sentenced_on__isnull=True).exists():
            last = max(day for day in convicted.values_list("sentenced_on", flat=True) if day is not None)
            _advance(court_case, "pass_sentence", access=access, actor=actor, values={"sentenced_on": last})
    elif court_case.sentenced_on is not None:
        # The court case's "sentence passed on" is derived: the day the last convicted accused was
        # sentenced. A corrected sentence date moves it (never by hand: court_case_update).
        days_ = [d for d in convicted.values_list("sentenced_on", flat=True) if d]
        last_day = max(days_) if days_ else None
        if last_day and last_day != court_case.sentenced_on:
            derived = _lock(court_case)
            derived.sentenced_on, derived.version, derived.updated_by = last_day, derived.version + 1, actor
            record_history(derived, actor)
            derived.save(update_fields=["sentenced_on", "version", "updated_by", "updated_at"])
    return outcome


# --- appeals ------------------------------------------------------------------------------


@transaction.atomic
def appeal_file(
    *,
    actor,
    court_case: CourtCase,
    court_kind: str = UNSET,
    court_state: State | None = UNSET,
    court_district: District | None = UNSET,
    court_name: str = UNSET,
    kind: str = UNSET,
    against: Any = UNSET,
    filed_by: str = UNSET,
    number: str = UNSET,
    filed_on: datetime.date | None = UNSET,
    note: str = UNSET,
) -> Appeal:
    """An appeal or revision against the judgment. The first one moves the court case to "appeal";
    one by the State or by her against an acquittal meets the deadline to appeal it."""
    data = given(
        court_kind=court_kind,
        court_state=court_state,
        court_district=court_district,
        court_name=court_name,
        kind=kind,
        against=against,
        filed_by=filed_by,
        number=number,
        filed_on=filed_on,
        note=note,
    )
    access = require_court_recorder(actor, court_case.case)
    locked = _lock(court_case)
    if not locked.decided:
        raise ValidationError(
            _("An appeal comes after the judgment; the trial is at “%(stage)s”.") % {"stage": stage_label(locked)}
        )
    errors: dict = {}
    try:
        court = court_from_fields(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        court = None
    if court is None:
        errors.setdefault("court_name", _("Name the court the appeal is filed in."))
    filed_by = data.get("filed_by") or ""
    if filed_by not in Appeal.FiledBy.values:
        errors["filed_by"] = _("Say who filed the appeal.")
    kind = data.get("kind") or Appeal.Kind.APPEAL
    if kind not in Appeal.Kind.values:
        errors["kind"] = _("Choose appeal or revision.")
    filed_on = data.get("filed_on")
    if filed_on is None:
        errors["filed_on"] = _("Enter the date the appeal was filed.")
    not_future(errors, "filed_on", filed_on)
    not_before(errors, "filed_on", filed_on, locked.judgment_on, _("An appeal cannot come before the judgment."))
    against = list(data.get("against") or [])
    decided_ids = set(
        JudgmentOutcome.objects.filter(judgment__court_case=locked).values_list("court_accused_id", flat=True)
    )
    if any(link.court_case_id != locked.pk or link.pk not in decided_ids for link in against):
        errors["against"] = _("Choose accused with an outcome in this judgment.")
    if errors:
        raise ValidationError(errors)
    appeal = Appeal.objects.create(
        court_case=locked,
        kind=kind,
        filed_by=filed_by,
        court=court,  # type: ignore[misc]  # None is refused above
        number=(data.get("number") or "").strip()[:60],
        filed_on=filed_on,  # type: ignore[misc]  # None is refused above
        note=(data.get("note") or "").strip(),
        created_by=actor,
        updated_by=actor,
    )
    appeal.against.set(against)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(appeal)s filed by %(by)s against the judgment in %(court_case)s"),
            appeal=str(appeal),
            by=Phrase(appeal.get_filed_by_display()).lower(),
            court_case=str(locked),
        )
    court_event(
        locked.case,
        actor,
        summary,
        court_case=locked.pk,
        appeal=appeal.pk,
        action="appeal_filed",
    )
    if locked.stage == CS.JUDGMENT:
        fsm_transition(
            obj=locked,
            transition="file_appeal",
            access=access,
            actor=actor,
            workflow=WORKFLOW,
            effective_on=filed_on,
            expected_version=locked.version,
            event_kind=CaseEvent.Kind.COURT,
        )
    if filed_by != Appeal.FiledBy.ACCUSED:
        acquittals = JudgmentOutcome.objects.filter(judgment__court_case=locked, outcome=Outcome.ACQUITTED)
        if against:
            acquittals = acquittals.filter(court_accused__in=against)
        for outcome in acquittals:
            deadline_fulfil(case=locked.case, rule_codes=["appeal_against_acquittal"], subject=outcome, actor=actor)
    return appeal


@transaction.atomic
def appeal_update(
    *,
    actor,
    appeal: Appeal,
    expected_version: int,
    number: str = UNSET,
    appeal_stage: str = UNSET,
    outcome: str = UNSET,
    outcome_on: datetime.date | None = UNSET,
    note: str = UNSET,
    confirm_clear: bool = UNSET,
    clear_reason: str = UNSET,
) -> Appeal:
    data = given(
        number=number,
        appeal_stage=appeal_stage,
        outcome=outcome,
        outcome_on=outcome_on,
        note=note,
        confirm_clear=confirm_clear,
        clear_reason=clear_reason,
    )
    court_case = appeal.court_case
    require_court_recorder(actor, court_case.case)
    errors: dict = {}
    blanked = _refuse_blanking(Appeal.objects.get(pk=appeal.pk), data, ("number", "outcome_on", "note"), errors=errors)
    for name in ("number", "appeal_stage", "outcome", "outcome_on", "note"):
        if name in data:
            value = data[name]
            setattr(appeal, name, value.strip() if isinstance(value, str) else value)
    if blanked:
        # Why: kept on the appeal's own (encrypted) note.
        appeal.note = f"{appeal.note}\n{_cleared_note(Appeal, blanked, data)}".strip()
    if appeal.appeal_stage not in Appeal.AppealStage.values:
        errors["appeal_stage"] = _("Choose the stage of the appeal.")
    if appeal.outcome not in Appeal.AppealOutcome.values:
        errors["outcome"] = _("Choose the outcome.")
    elif appeal.outcome != Appeal.AppealOutcome.PENDING:
        if not appeal.outcome_on:
            errors["outcome_on"] = _("Enter the date of the decision.")
        appeal.appeal_stage = Appeal.AppealStage.DECIDED
    elif appeal.outcome_on:
        errors["outcome_on"] = _("A pending appeal has no decision date.")
    not_future(errors, "outcome_on", appeal.outcome_on)
    not_before(
        errors, "outcome_on", appeal.outcome_on, appeal.filed_on, _("The decision cannot come before the filing.")
    )
    if errors:
        raise ValidationError(errors)
    save_with_version(appeal, expected_version=expected_version, actor=actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(appeal)s: %(stage)s, %(outcome)s"),
            appeal=str(appeal),
            stage=Phrase(appeal.get_appeal_stage_display()).lower(),
            outcome=Phrase(appeal.get_outcome_display()).lower(),
        )
    court_event(
        court_case.case,
        actor,
        summary,
        court_case=court_case.pk,
        appeal=appeal.pk,
        action="appeal_updated",
        cleared=blanked,
    )
    return appeal


# --- witness protection -------------------------------------------------------------------


def _validate_protection(wp: WitnessProtection) -> None:
    errors: dict = {}
    for name in ("applied_on", "threat_report_on", "order_on"):
        not_future(errors, name, getattr(wp, name))
    if wp.applied_on is None:
        errors["applied_on"] = _("Enter the date of the application.")
    if not (wp.competent_authority or "").strip():
        errors["competent_authority"] = _("Name the competent authority the application went to.")
    not_before(
        errors,
        "threat_report_on",
        wp.threat_report_on,
        wp.applied_on,
        _("The report cannot come before the application."),
    )
    not_before(errors, "order_on", wp.order_on, wp.applied_on, _("The order cannot come before the application."))
    if wp.threat_category not in WitnessProtection.ThreatCategory.values:
        errors["threat_category"] = _("Choose the threat category of the report.")
    if wp.status not in WitnessProtection.Status.values:
        errors["status"] = _("Choose the status.")
    elif wp.status == WitnessProtection.Status.PENDING:
        if wp.order_on:
            errors["order_on"] = _("A pending application has no order date.")
    elif not wp.order_on:
        errors["order_on"] = _("Enter the date of the order.")
    measures = list(dict.fromkeys(wp.measures or []))
    if any(m not in WitnessProtection.Measure.values for m in measures):
        errors["measures"] = _("Choose measures from the list.")
    if wp.status in (WitnessProtection.Status.GRANTED, WitnessProtection.Status.PARTLY) and not measures:
        errors["measures"] = _("Choose the measures ordered.")
    if wp.status not in (WitnessProtection.Status.GRANTED, WitnessProtection.Status.PARTLY) and measures:
        errors.setdefault("measures", _("Measures go with an order granting protection."))
    not_before(errors, "review_on", wp.review_on, wp.order_on, _("The review cannot come before the order."))
    wp.measures = measures
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def witness_protection_apply(
    *,
    actor,
    case: Case,
    court_case: Any = UNSET,
    applied_on: datetime.date | None = UNSET,
    competent_authority: str = UNSET,
    threat_category: str = UNSET,
    threat_report_on: datetime.date | None = UNSET,
    note: str = UNSET,
) -> WitnessProtection:
    """An application under the Witness Protection Scheme, 2018."""
    data = given(
        court_case=court_case,
        applied_on=applied_on,
        competent_authority=competent_authority,
        threat_category=threat_category,
        threat_report_on=threat_report_on,
        note=note,
    )
    require_court_recorder(actor, case)
    court_case = data.get("court_case")
    if court_case is not None and court_case.case_id != case.pk:
        require(False)
    wp = WitnessProtection(
        case=case,
        court_case=court_case,
        applied_on=data.get("applied_on"),  # type: ignore[misc]  # None is refused by _validate_protection
        competent_authority=(data.get("competent_authority") or "").strip()[:150],
        threat_report_on=data.get("threat_report_on"),
        threat_category=data.get("threat_category") or "",
        note=(data.get("note") or "").strip(),
        created_by=actor,
        updated_by=actor,
    )
    _validate_protection(wp)
    record_history(wp, actor)
    wp.save()
    # Said without detail: the timeline is read by masked viewers too.
    court_event(
        case,
        actor,
        Phrase(gettext_noop("Witness protection applied for (%(date)s)"), date=wp.applied_on or ""),
        action="wp_applied",
    )
    return wp


@transaction.atomic
def witness_protection_update(
    *,
    actor,
    application: WitnessProtection,
    expected_version: int,
    threat_report_on: datetime.date | None = UNSET,
    threat_category: str = UNSET,
    status: str = UNSET,
    order_on: datetime.date | None = UNSET,
    measures: str = UNSET,
    review_on: datetime.date | None = UNSET,
    note: str = UNSET,
):
    data = given(
        threat_report_on=threat_report_on,
        threat_category=threat_category,
        status=status,
        order_on=order_on,
        measures=measures,
        review_on=review_on,
        note=note,
    )
    require_court_recorder(actor, application.case)
    for name in ("threat_report_on", "threat_category", "status", "order_on", "measures", "review_on", "note"):
        if name in data:
            value = data[name]
            setattr(application, name, value.strip() if isinstance(value, str) else value)
    if application.threat_category is None:
        application.threat_category = ""
    _validate_protection(application)
    save_with_version(application, expected_version=expected_version, actor=actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Witness protection: %(status)s"), status=Phrase(application.get_status_display()).lower()
        )
    court_event(
        application.case,
        actor,
        summary,
        action="wp_updated",
    )
    return application
