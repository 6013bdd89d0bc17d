"""Writes about investigations: FIRs and their stages, charges, chains, accused persons,
arrests and bail, statements, medical examinations, interstate requests, advocacy and
failure tags.

Every service takes keyword-only arguments, re-reads the case through the visibility
selector (it trusts no caller), checks the actor's CaseAccess, runs in one transaction,
records its event on the case timeline (kind INVESTIGATION) and starts, fulfils or
cancels the statutory deadlines the event touches. Timeline summaries and deadline
titles name FIRs by number and police station and accused persons by number: never
the survivor, never an accused's name (masked coordinators read them)."""

import datetime
import re
from typing import cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from care.events import care_event
from care.models import Rescue
from care.services import medical_exam_deadline_sync
from cases.codes import procedure_for
from cases.deadlines import deadline_cancel, deadline_fulfil, deadline_start
from cases.models import Case, CaseEvent
from cases.permissions import require
from cases.selectors import case_get_visible
from cases.services import survivor_update_due_after_event
from cases.transitions import record_creation
from consortium.models import District, Organisation, State
from core.arguments import UNSET, given
from core.concurrency import save_with_version
from core.dates import day_text
from core.history import record_history
from core.phrases import Param, Phrase
from core.workflow import apply_step
from legal.events import investigation_event
from legal.investigation.signals import fir_charges_changed
from legal.investigation.workflow import CHARGESHEET_CODES, INVESTIGATION
from legal.models import (
    FIR,
    Accused,
    AdvocacyAction,
    BailStatus,
    CaseAccused,
    Charge,
    FailurePoint,
    FailureTag,
    FIRAccused,
    MedicalExamination,
    PoliceRequest,
    PoliceRequestReminder,
    Section,
    Stage,
    Statement,
    TraffickingChain,
)
from legal.recording import (
    not_before,
    not_future,
    require_coordinator,
    require_investigation_recorder,
    visible_access,
)
from legal.reference.sections import check_charge_code, find_section, unknown_section_error

WORKFLOW = INVESTIGATION.name
# After these stages the police report is in: no new chargesheet clock starts on an arrest.
REPORT_FILED_STAGES = {
    Stage.CHARGESHEET_FILED,
    Stage.CLOSURE_REPORT_FILED,
    Stage.CLOSURE_ACCEPTED,
    Stage.PROTEST_PETITION,
    Stage.COMPLAINT_CASE,
}

FIR_EDITABLE_FIELDS = [
    "district",
    "police_station",
    "chain_role",
    "io_name",
    "io_rank",
    "io_phone",
    "offence_on",
    "preliminary_enquiry_on",
]


def _lock_fir(fir: FIR) -> FIR:
    return FIR.objects.select_for_update().select_related("state", "case").get(pk=fir.pk)


# --- FIRs ---------------------------------------------------------------------------------


@transaction.atomic
def fir_create(
    *,
    actor,
    case: Case,
    state: State = UNSET,
    district: District | None = UNSET,
    police_station: str = UNSET,
    chain_role: str = UNSET,
    io_name: str = UNSET,
    io_rank: str = UNSET,
    io_phone: str = UNSET,
    offence_on: datetime.date | None = UNSET,
    preliminary_enquiry_on: datetime.date | None = UNSET,
    reported_on: datetime.date | None = UNSET,
) -> FIR:
    """Record a police case at its first step: the complaint (stage "reported")."""
    fields = given(
        state=state,
        district=district,
        police_station=police_station,
        chain_role=chain_role,
        io_name=io_name,
        io_rank=io_rank,
        io_phone=io_phone,
        offence_on=offence_on,
        preliminary_enquiry_on=preliminary_enquiry_on,
        reported_on=reported_on,
    )
    require_investigation_recorder(actor, case)
    reported_on = fields.get("reported_on") or timezone.localdate()
    if not fields.get("offence_on") and case.trafficked_on and case.trafficked_on <= reported_on:
        # The case's trafficking date is the offence date until the FIR says otherwise.
        fields["offence_on"] = case.trafficked_on
    fir = FIR(case=case, created_by=actor, updated_by=actor, **fields)
    errors: dict = {}
    if fir.district_id and fir.state_id and fir.district.state_id != fir.state_id:
        errors["district"] = _("This district is not in the state chosen.")
    try:
        fir.full_clean(exclude=["stage", "case", "created_by", "updated_by"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    record_history(fir, actor)
    fir.save()
    record_creation(obj=fir, workflow=WORKFLOW, actor=actor, effective_on=fir.reported_on)
    _preliminary_enquiry_deadline(fir, actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Police complaint recorded: %(fir)s, %(state)s"), fir=str(fir), state=fir.state.name
        )
    investigation_event(
        case,
        actor,
        summary,
        fir=fir.pk,
        action="fir_created",
    )
    return fir


@transaction.atomic
def fir_update(
    *,
    actor,
    fir: FIR,
    expected_version: int,
    district: District | None = UNSET,
    police_station: str = UNSET,
    chain_role: str = UNSET,
    io_name: str = UNSET,
    io_rank: str = UNSET,
    io_phone: str = UNSET,
    offence_on: datetime.date | None = UNSET,
    preliminary_enquiry_on: datetime.date | None = UNSET,
) -> FIR:
    """Correct a FIR's details (station, district, officer, role in the chain). Stages move by transitions."""
    data = given(
        district=district,
        police_station=police_station,
        chain_role=chain_role,
        io_name=io_name,
        io_rank=io_rank,
        io_phone=io_phone,
        offence_on=offence_on,
        preliminary_enquiry_on=preliminary_enquiry_on,
    )
    access = require_investigation_recorder(actor, fir.case)
    for name in FIR_EDITABLE_FIELDS:
        if name in data and (name not in ("io_name", "io_phone") or access.can_see_investigation_details):
            setattr(fir, name, data[name])
    if fir.district is not None and fir.district.state_id != fir.state_id:
        raise ValidationError({"district": _("This district is not in the FIR's state.")})
    fir.full_clean(exclude=["stage", "case", "created_by", "updated_by"])
    _charges_match_offence_date(fir)
    save_with_version(fir, expected_version=expected_version, actor=actor)
    _preliminary_enquiry_deadline(fir, actor)
    with translation.override("en"):
        summary = Phrase(gettext_noop("FIR details edited: %(fir)s"), fir=str(fir))
    investigation_event(fir.case, actor, summary, fir=fir.pk, action="fir_edited")
    return fir


def _charges_match_offence_date(fir: FIR) -> None:
    """An offence date that moves the charges into the other penal code is refused while charges
    of the old code are live: the sections must be altered first (IPC before 1 July 2024, else BNS)."""
    if fir.pk is None:
        return
    wanted = fir.offence_code
    wrong = [
        c.section
        for c in fir.charges.filter(dropped_at__isnull=True, section__act__code__in=["ipc", "bns"]).select_related(
            "section__act"
        )
        if c.section.act.code != wanted
    ]
    if wrong:
        raise ValidationError(
            {
                "offence_on": _(
                    "An offence on this date is charged under the %(code)s, but %(sections)s are charged: "
                    "alter those sections first."
                )
                % {"code": wanted.upper(), "sections": ", ".join(str(s) for s in wrong)}
            }
        )


def _preliminary_enquiry_deadline(fir: FIR, actor) -> None:
    """BNSS 173(3): a preliminary enquiry is finished within 14 days (BNSS proceedings only)."""
    if fir.preliminary_enquiry_on is None:
        return
    if fir.is_registered:
        deadline_fulfil(case=fir.case, rule_codes=["preliminary_enquiry"], subject=fir, actor=actor)
        return
    with translation.override("en"):
        title = Phrase(gettext_noop("Preliminary enquiry: %(fir)s"), fir=str(fir))
    deadline_start(
        case=fir.case,
        rule_code="preliminary_enquiry",
        trigger_at=fir.preliminary_enquiry_on,
        subject=fir,
        actor=actor,
        state=fir.state,
        title=title,
        trigger_label=_("preliminary enquiry begun"),
        procedure=fir.procedure,
    )


@transaction.atomic
def fir_transition(
    *,
    actor,
    fir: FIR,
    transition: str,
    expected_version: int,
    data: dict | None = None,
    note: str = "",
    clear=(),
    clear_reason: str = "",
) -> FIR:
    """Move a FIR one step of the investigation workflow (legal.investigation.workflow).

    `data` are the step's values as entered (a value left out is not touched); blanking a
    recorded value needs it named in `clear`, with `clear_reason`. The engine checks stage,
    role, data, dates and concurrency, opens and meets the step's deadlines and records it."""
    access = visible_access(actor, fir.case)
    require(access.can_see_investigation)
    return apply_step(
        spec=INVESTIGATION,
        obj=fir,
        step=transition,
        actor=actor,
        access=access,
        values=data,
        expected_version=expected_version,
        note=note,
        clear=clear,
        clear_reason=clear_reason,
    )


def pocso_report_deadline(fir: FIR, actor) -> None:
    """POCSO s.19(6): the police report a POCSO case to the CWC and the Special Court within 24 hours."""
    if not fir.is_registered or not fir.fir_date:
        return
    if fir.charges.filter(dropped_at__isnull=True, section__act__code="pocso").exists():
        with translation.override("en"):
            title = Phrase(gettext_noop("POCSO: report to the CWC and Special Court: %(fir)s"), fir=str(fir))
        deadline_start(
            case=fir.case,
            rule_code="pocso_report_to_cwc",
            trigger_at=fir.fir_date,
            subject=fir,
            actor=actor,
            state=fir.state,
            title=title,
            trigger_label=_("FIR registered"),
        )


def sexual_offence_deadline(fir: FIR, actor) -> None:
    """BNSS 193(2) / CrPC 173(1A): rape and POCSO 4, 6, 8, 10 investigations finish within two months."""
    if not fir.is_registered or fir.stage in REPORT_FILED_STAGES or not fir.fir_date:
        return
    sections = fir.charges.filter(dropped_at__isnull=True, section__two_month_investigation=True)
    if fir.procedure == "crpc":
        # CrPC 173(1A) names the IPC 376 family only; POCSO 4, 6, 8, 10 came in with BNSS 193(2).
        sections = sections.filter(section__act__code="ipc")
    if sections.exists():
        with translation.override("en"):
            title = Phrase(gettext_noop("Chargesheet (rape / POCSO, 2 months): %(fir)s"), fir=str(fir))
        deadline_start(
            case=fir.case,
            rule_code="chargesheet_sexual_offence",
            trigger_at=fir.fir_date,
            subject=fir,
            actor=actor,
            state=fir.state,
            title=title,
            trigger_label=_("FIR registered"),
            procedure=fir.procedure,
        )
    else:
        deadline_cancel(
            case=fir.case,
            rule_codes=["chargesheet_sexual_offence"],
            subject=fir,
            actor=actor,
            reason=_("no section with the two-month limit charged (BNSS 193(2))"),
        )


def default_bail_class(fir: FIR) -> tuple[int, list]:
    """The default-bail period of a FIR's live charges (BNSS 187(3) / CrPC 167(2)): 90 days if any
    charged section is in the 90-day class, else 60; with the sections that decide it. The class
    is read from each section's row (with its basis), never computed from a maximum term."""
    sections = [c.section for c in fir.charges.filter(dropped_at__isnull=True).select_related("section__act")]
    ninety = [s for s in sections if s.default_bail_days == 90]
    if ninety:
        return 90, ninety
    return 60, [s for s in sections if s.default_bail_days == 60]


def arrest_deadlines(link: FIRAccused, actor) -> None:
    """An arrest's clocks: production before a magistrate within 24 hours (BNSS 58), then the
    chargesheet within 60 or 90 days counted from the first remand, the remand day included
    (BNSS 187(3)); cancelled when the arrest is corrected away or she is released."""
    fir = link.fir
    if not link.is_arrested:
        reason = _("released without charge") if link.released_without_charge else _("arrest record corrected")
        deadline_cancel(
            case=fir.case,
            rule_codes=[*CHARGESHEET_CODES, "production_before_magistrate"],
            subject=link,
            actor=actor,
            reason=reason,
        )
        return
    if link.remanded_on is None:
        arrested_on = cast(datetime.date, link.arrested_on)  # is_arrested: the day is recorded
        arrested_at = datetime.datetime.combine(arrested_on, link.arrested_at_time or datetime.time(0, 0))
        with translation.override("en"):
            title = Phrase(
                gettext_noop("Production before a magistrate (%(accused)s): %(fir)s"),
                accused=str(link.accused),
                fir=str(fir),
            )
        deadline_start(
            case=fir.case,
            rule_code="production_before_magistrate",
            trigger_at=arrested_at,
            subject=link,
            actor=actor,
            state=fir.state,
            title=title,
            trigger_label=_("arrest") if link.arrested_at_time else _("arrest (time not recorded: from midnight)"),
            procedure=fir.procedure,
        )
    else:
        deadline_fulfil(case=fir.case, rule_codes=["production_before_magistrate"], subject=link, actor=actor)
    if fir.stage in REPORT_FILED_STAGES:
        return
    if link.remanded_on is None:
        # The default-bail clock runs from the first remand (Chaganti Satyanarayana, 1986): none yet.
        deadline_cancel(
            case=fir.case,
            rule_codes=CHARGESHEET_CODES,
            subject=link,
            actor=actor,
            reason=_("no remand recorded: the default-bail period runs from the first remand"),
        )
        survivor_update_due_after_event(case=fir.case, actor=actor, event="arrest", happened_on=link.arrested_on)
        return
    if fir.closure_report_on and link.remanded_on <= fir.closure_report_on:
        # That custody ended with the closure report; further investigation after a protest
        # petition runs a new clock only from a new arrest and remand.
        deadline_cancel(
            case=fir.case,
            rule_codes=CHARGESHEET_CODES,
            subject=link,
            actor=actor,
            reason=_("the remand predates the closure report"),
        )
        return
    days, deciding = default_bail_class(fir)
    code, other = ("chargesheet_90", "chargesheet_60") if days == 90 else ("chargesheet_60", "chargesheet_90")
    deadline_cancel(case=fir.case, rule_codes=[other], subject=link, actor=actor, reason=_("sections changed"))
    basis = ", ".join(str(s) for s in deciding[:3]) or _("no section with a default-bail class charged yet")
    with translation.override("en"):
        title = Phrase(
            gettext_noop("Chargesheet within %(days)s days of remand (%(accused)s): %(fir)s"),
            days=days,
            accused=str(link.accused),
            fir=str(fir),
        )
    deadline_start(
        case=fir.case,
        rule_code=code,
        trigger_at=link.remanded_on,
        subject=link,
        actor=actor,
        state=fir.state,
        title=title,
        trigger_label=_("first remand; %(days)s-day class: %(basis)s") % {"days": days, "basis": basis},
        procedure=fir.procedure,
    )
    # An arrest is news she should hear from her caseworker first.
    survivor_update_due_after_event(case=fir.case, actor=actor, event="arrest", happened_on=link.arrested_on)


@transaction.atomic
def fir_ahtu_transfer(*, actor, fir: FIR, unit: str, on: datetime.date, expected_version: int) -> FIR:
    require_investigation_recorder(actor, fir.case)
    errors: dict = {}
    if not (unit or "").strip():
        errors["ahtu_unit"] = _("Name the Anti-Human Trafficking Unit.")
    if on is None:
        errors["ahtu_transferred_on"] = _("Enter the date of the handover.")
    not_future(errors, "ahtu_transferred_on", on)
    not_before(errors, "ahtu_transferred_on", on, fir.fir_date, _("This date is before the FIR was registered."))
    if errors:
        raise ValidationError(errors)
    fir.ahtu_unit, fir.ahtu_transferred_on = unit.strip(), on  # FIR.ahtu_holds reads the date
    save_with_version(fir, expected_version=expected_version, actor=actor)
    with translation.override("en"):
        summary = Phrase(gettext_noop("%(fir)s handed to the AHTU (%(unit)s)"), fir=str(fir), unit=fir.ahtu_unit)
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        action="ahtu_transfer",
    )
    return fir


@transaction.atomic
def fir_survivor_informed(*, actor, fir: FIR, on: datetime.date, expected_version: int) -> FIR:
    """The police told the survivor how the investigation stands (BNSS 193(3)(ii): within 90 days)."""
    require_investigation_recorder(actor, fir.case)
    errors: dict = {}
    not_future(errors, "survivor_informed_on", on)
    not_before(errors, "survivor_informed_on", on, fir.fir_date, _("This date is before the FIR was registered."))
    if errors:
        raise ValidationError(errors)
    fir.survivor_informed_on = on
    save_with_version(fir, expected_version=expected_version, actor=actor)
    deadline_fulfil(case=fir.case, rule_codes=["victim_informed_of_progress"], subject=fir, actor=actor)
    with translation.override("en"):
        summary = Phrase(gettext_noop("Police informed the survivor of progress on %(fir)s"), fir=str(fir))
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        action="survivor_informed",
    )
    return fir


# --- charges ------------------------------------------------------------------------------


def section_lookup(act, number: str) -> Section:
    """The section of an act by its number ("370a", " 137 (2)", "u/s 143(4)" are found); else a field
    error listing up to five of the closest sections (legal.reference.sections)."""
    section = find_section(act, number)
    if section is None:
        raise unknown_section_error(act, number)
    return section


# Several sections in one step: "143(4), 144(1); 370A" or one per line. "and" and "&" part
# them too ("370, 370A and 372"): no section number contains the word or the sign.
_ENTRY_SEPARATORS = re.compile(r"[,;&\n\r]+|\band\b", re.IGNORECASE)
MAX_SECTIONS_AT_ONCE = 20


def section_entries(text: str) -> list[str]:
    """ "143(4), 144(1); 370A" -> ["143(4)", "144(1)", "370A"] (empty entries dropped)."""
    return [entry.strip() for entry in _ENTRY_SEPARATORS.split(text or "") if entry.strip()]


def entry_without_act(entry: str, act) -> str:
    """ "372 IPC" with the IPC chosen -> "372" (as people write "u/s 370, 372 IPC")."""
    for name in {act.short_name, act.code}:
        match = re.search(rf"\s+{re.escape(name)}\.?$", entry, re.IGNORECASE) if name else None
        if match:
            return entry[: match.start()]
    return entry


def _entry_errors(exc: ValidationError, position: int, entry: str, *, many: bool) -> list[str]:
    messages = list(exc.messages)
    if many and messages:
        messages[0] = _("Entry %(n)s, “%(entry)s”: %(message)s") % {
            "n": position,
            "entry": entry[:20],
            "message": messages[0],
        }
    return messages


def _charge_save(fir: FIR, section: Section, actor) -> Charge:
    charge = Charge(fir=fir, section=section, added_by=actor)
    record_history(charge, actor)
    charge.save()
    with translation.override("en"):
        summary = Phrase(gettext_noop("Section added on %(fir)s: %(section)s"), fir=str(fir), section=section.label)
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        action="charge_added",
        section=section.pk,
    )
    return charge


@transaction.atomic
def charges_add(*, actor, fir: FIR, act, numbers) -> list[Charge]:
    """Charge several sections of one act in one step, all or nothing.

    `numbers` is the text typed ("143(4), 144(1), 370A") or a list of entries. Each entry is
    checked as charge_add checks one (the closest sections for an unknown number; the code in
    force on the offence day, with the counterpart to charge instead; not already charged).
    One bad entry saves nothing, and the error names every entry that failed. The same section
    typed twice is charged once."""
    require_investigation_recorder(actor, fir.case)
    fir = _lock_fir(fir)
    entries = section_entries(numbers) if isinstance(numbers, str) else [str(n) for n in numbers if str(n).strip()]
    if not entries:
        raise ValidationError({"number": _("Enter a section number, or several separated by commas.")})
    if len(entries) > MAX_SECTIONS_AT_ONCE:
        raise ValidationError(
            {
                "number": _("At most %(max)s sections at a time (%(n)s entered): add the rest in a second step.")
                % {"max": MAX_SECTIONS_AT_ONCE, "n": len(entries)}
            }
        )
    many = len(entries) > 1
    live = set(Charge.objects.filter(fir=fir, dropped_at__isnull=True).values_list("section_id", flat=True))
    sections: list[Section] = []
    errors: list[str] = []
    failed = 0
    for position, entry in enumerate(entries, start=1):
        try:
            section = section_lookup(act, entry_without_act(entry, act))
            check_charge_code(fir, section)  # IPC before 1 July 2024, BNS after; special laws by their dates
            if section.pk in live:
                raise ValidationError(
                    {"number": _("%(section)s is already charged on this FIR.") % {"section": section}}
                )
        except ValidationError as exc:
            failed += 1
            errors += _entry_errors(exc, position, entry, many=many)
            continue
        if section.pk not in {s.pk for s in sections}:
            sections.append(section)
    if errors:
        if many:
            summary = _("Nothing was saved: %(failed)s of %(n)s entries to correct.") % {
                "failed": failed,
                "n": len(entries),
            }
            errors.insert(0, summary)
        raise ValidationError({"number": errors})
    charges = [_charge_save(fir, section, actor) for section in sections]
    _charges_changed(fir, actor)
    return charges


def charge_add(*, actor, fir: FIR, act, number: str) -> Charge:
    """One section (the whole text is one entry: "143, 144" is not split here)."""
    return charges_add(actor=actor, fir=fir, act=act, numbers=[number])[0]


@transaction.atomic
def charge_drop(*, actor, fir: FIR, charge: Charge, reason: str) -> Charge:
    require_investigation_recorder(actor, fir.case)
    fir = _lock_fir(fir)
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError({"reason": _("Say why the section is dropped (e.g. altered by the court).")})
    charge = Charge.objects.select_for_update().get(pk=charge.pk, fir=fir)
    if not charge.is_live:
        raise ValidationError(_("This section was already dropped."))
    charge.dropped_at, charge.dropped_by, charge.reason = timezone.now(), actor, reason[:300]
    record_history(charge, actor)
    charge.save()
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Section dropped on %(fir)s: %(section)s"), fir=str(fir), section=charge.section.label
        )
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        action="charge_dropped",
        section=charge.section_id,
    )
    _charges_changed(fir, actor)
    return charge


def _charges_changed(fir: FIR, actor) -> None:
    sexual_offence_deadline(fir, actor)
    pocso_report_deadline(fir, actor)
    # A rape section added or dropped decides whether BNSS 184's 24-hour examination applies.
    medical_exam_deadline_sync(actor=actor, case=fir.case)
    court_clocks(fir, actor)


def court_clocks(fir: FIR, actor) -> None:
    """The trials on this FIR follow its charges and chargesheet (committal, rape and POCSO clocks)."""
    fir_charges_changed.send(sender=FIR, fir=fir, actor=actor)
    for link in FIRAccused.objects.filter(fir=fir).select_related("fir__state", "fir__case", "accused"):
        link.fir = fir
        arrest_deadlines(link, actor)


# --- chains -------------------------------------------------------------------------------


def _new_chain(actor) -> TraffickingChain:
    chain = TraffickingChain.objects.create(reference=f"tmp-{timezone.now().timestamp()}"[:20], created_by=actor)
    chain.reference = f"CH-{chain.pk:05d}"
    chain.save(update_fields=["reference"])
    return chain


@transaction.atomic
def chain_link(*, actor, fir: FIR, other: FIR) -> TraffickingChain:
    """Put two FIRs in one trafficking chain (the other FIR's case must be visible to her too)."""
    require_investigation_recorder(actor, fir.case)
    if other.pk == fir.pk or case_get_visible(actor, other.case_id) is None:
        raise ValidationError({"other": _("Choose another FIR.")})
    fir, other = _lock_fir(fir), _lock_fir(other)
    if fir.chain_id and fir.chain_id == other.chain_id:
        raise ValidationError({"other": _("These FIRs are already in the same chain.")})
    chain: TraffickingChain
    if other.chain is not None and fir.chain_id:
        # Two chains found to be one: the whole of hers joins the other's.
        chain = other.chain
        FIR.objects.filter(chain_id=fir.chain_id).update(chain=chain)
    else:
        chain = other.chain or fir.chain or _new_chain(actor)
        FIR.objects.filter(pk__in=[fir.pk, other.pk]).update(chain=chain)
    with translation.override("en"):
        summary = Phrase(gettext_noop("%(fir)s linked to trafficking chain %(chain)s"), fir=str(fir), chain=str(chain))
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        chain=chain.pk,
        action="chain_linked",
    )
    if other.case_id != fir.case_id:
        # Told without naming the other FIR: its team may not know her case exists.
        with translation.override("en"):
            summary = Phrase(
                gettext_noop("%(fir)s is in trafficking chain %(chain)s"), fir=str(other), chain=str(chain)
            )
        investigation_event(
            other.case,
            actor,
            summary,
            fir=other.pk,
            chain=chain.pk,
            action="chain_linked",
        )
    return chain


@transaction.atomic
def chain_unlink(*, actor, fir: FIR) -> FIR:
    require_investigation_recorder(actor, fir.case)
    fir = _lock_fir(fir)
    if not fir.chain_id:
        raise ValidationError(_("This FIR is not in a chain."))
    chain = fir.chain
    FIR.objects.filter(pk=fir.pk).update(chain=None)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(fir)s taken out of trafficking chain %(chain)s"), fir=str(fir), chain=str(chain)
        )
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        action="chain_unlinked",
    )
    fir.chain = None
    return fir


@transaction.atomic
def fir_accused_add(*, actor, fir: FIR, accused: Accused, named_in_fir: bool = True) -> FIRAccused:
    require_investigation_recorder(actor, fir.case, details=True)
    if not CaseAccused.objects.filter(case=fir.case, accused=accused).exists():
        raise ValidationError({"accused": _("Record the person as accused on this case first.")})
    if FIRAccused.objects.filter(fir=fir, accused=accused).exists():
        raise ValidationError({"accused": _("This person is already on this FIR.")})
    link = FIRAccused(fir=fir, accused=accused, named_in_fir=named_in_fir, updated_by=actor)
    record_history(link, actor)
    link.save()
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(accused)s added to %(fir)s%(named)s"),
            accused=str(accused),
            fir=str(fir),
            named="" if named_in_fir else Phrase(gettext_noop(" (not named in the FIR)")),
        )
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        accused=accused.pk,
        action="fir_accused_added",
    )
    return link


ARREST_FIELDS = [
    "named_in_fir",
    "arrested_on",
    "arrested_at_time",
    "remanded_on",
    "custody",
    "released_without_charge",
    "bail_status",
    "bail_applied_on",
    "bail_granted_on",
    "bail_rejected_on",
    "bail_cancelled_on",
    "default_bail",
    "absconding",
]


def _validate_arrest(link: FIRAccused) -> None:
    errors: dict = {}
    for name in (
        "arrested_on",
        "remanded_on",
        "bail_applied_on",
        "bail_granted_on",
        "bail_rejected_on",
        "bail_cancelled_on",
    ):
        not_future(errors, name, getattr(link, name))
    not_before(errors, "remanded_on", link.remanded_on, link.arrested_on, _("A remand cannot come before the arrest."))
    if link.remanded_on and not link.arrested_on:
        errors.setdefault("arrested_on", _("Enter the arrest date before the remand."))
    if link.arrested_at_time and not link.arrested_on:
        errors.setdefault("arrested_on", _("Enter the arrest date with its time."))
    offence_on = link.fir.offence_on
    not_before(
        errors,
        "arrested_on",
        link.arrested_on,
        offence_on,
        _("The arrest cannot come before the offence (%(date)s).")
        % {"date": day_text(offence_on) if offence_on else ""},
    )
    after_application = _("A decision cannot come before the bail application.")
    for name in ("bail_granted_on", "bail_rejected_on"):
        not_before(errors, name, getattr(link, name), link.bail_applied_on, after_application)
    not_before(
        errors,
        "bail_cancelled_on",
        link.bail_cancelled_on,
        link.bail_granted_on,
        _("Bail cannot be cancelled before it was granted."),
    )
    needs: dict[str, str] = {
        BailStatus.APPLIED: "bail_applied_on",
        BailStatus.GRANTED: "bail_granted_on",
        BailStatus.REJECTED: "bail_rejected_on",
        BailStatus.CANCELLED: "bail_cancelled_on",
    }
    if link.bail_status in needs and not getattr(link, needs[link.bail_status]):
        errors.setdefault(needs[link.bail_status], _("Enter the date for the bail status chosen."))
    if link.custody and not link.arrested_on:
        errors.setdefault("arrested_on", _("Enter the arrest date of a person in custody."))
    if link.default_bail and link.bail_status not in (BailStatus.GRANTED, BailStatus.CANCELLED):
        errors.setdefault("default_bail", _("Default bail is a grant of bail: set bail to granted."))
    if link.released_without_charge and link.custody:
        errors.setdefault("custody", _("A person released without charge is not in custody."))
    if link.absconding and link.custody:
        errors.setdefault("absconding", _("A person in custody is not absconding."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def fir_accused_update(
    *,
    actor,
    link: FIRAccused,
    expected_version: int,
    named_in_fir: bool = UNSET,
    arrested_on: datetime.date | None = UNSET,
    arrested_at_time: datetime.time | None = UNSET,
    remanded_on: datetime.date | None = UNSET,
    custody: str = UNSET,
    released_without_charge: bool = UNSET,
    bail_status: str = UNSET,
    bail_applied_on: datetime.date | None = UNSET,
    bail_granted_on: datetime.date | None = UNSET,
    bail_rejected_on: datetime.date | None = UNSET,
    bail_cancelled_on: datetime.date | None = UNSET,
    default_bail: bool = UNSET,
    absconding: bool = UNSET,
) -> FIRAccused:
    """Arrest, custody, investigation-stage bail and absconding of one accused on one FIR."""
    data = given(
        named_in_fir=named_in_fir,
        arrested_on=arrested_on,
        arrested_at_time=arrested_at_time,
        remanded_on=remanded_on,
        custody=custody,
        released_without_charge=released_without_charge,
        bail_status=bail_status,
        bail_applied_on=bail_applied_on,
        bail_granted_on=bail_granted_on,
        bail_rejected_on=bail_rejected_on,
        bail_cancelled_on=bail_cancelled_on,
        default_bail=default_bail,
        absconding=absconding,
    )
    fir = link.fir
    require_investigation_recorder(actor, fir.case, details=True)
    was_default_bail = FIRAccused.objects.filter(pk=link.pk, default_bail=True).exists()
    for name in ARREST_FIELDS:
        if name in data:
            setattr(link, name, data[name])
    _validate_arrest(link)
    save_with_version(link, expected_version=expected_version, actor=actor)
    arrest_deadlines(link, actor)
    if link.default_bail and not was_default_bail:
        _auto_tag(fir, "default_bail", actor)
    with translation.override("en"):
        parts: list[Param] = []
        if link.arrested_on:
            parts.append(Phrase(gettext_noop("arrested %(date)s"), date=link.arrested_on))
        if link.bail_status:
            parts.append(link.get_bail_status_display())
        if link.absconding:
            parts.append(Phrase(gettext_noop("absconding")))
        summary = Phrase(
            gettext_noop("%(accused)s on %(fir)s: %(what)s"),
            accused=str(link.accused),
            fir=str(fir),
            what=parts or Phrase(gettext_noop("details edited")),
        )
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        accused=link.accused_id,
        action="arrest_bail",
    )
    return link


# --- statements and medical examination ---------------------------------------------------


@transaction.atomic
def statement_record(
    *,
    actor,
    fir: FIR,
    kind: str = UNSET,
    on: datetime.date | None = UNSET,
    recorded: bool = UNSET,
    in_survivor_language: bool | None = UNSET,
    by_female_officer: bool | None = UNSET,
    support_person_present: bool | None = UNSET,
    coercion_alleged: bool = UNSET,
    note: str = UNSET,
) -> Statement:
    data = given(
        kind=kind,
        on=on,
        recorded=recorded,
        in_survivor_language=in_survivor_language,
        by_female_officer=by_female_officer,
        support_person_present=support_person_present,
        coercion_alleged=coercion_alleged,
        note=note,
    )
    require_investigation_recorder(actor, fir.case, details=True)
    statement = Statement(fir=fir, recorded_by=actor, **data)
    errors: dict = {}
    not_future(errors, "on", statement.on)
    not_before(errors, "on", statement.on, fir.reported_on, _("This date is before the complaint was made."))
    if errors:
        raise ValidationError(errors)
    statement.full_clean(exclude=["fir", "recorded_by"])
    statement.save()
    if statement.coercion_alleged:
        _auto_tag(fir, "statement_coerced", actor)
    if statement.recorded and statement.in_survivor_language is False:
        _auto_tag(fir, "statement_not_in_language", actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(kind)s %(what)s on %(date)s (%(fir)s)"),
            kind=statement.section_label,
            what=Phrase(gettext_noop("statement recorded"))
            if statement.recorded
            else Phrase(gettext_noop("statement due but not recorded")),
            date=statement.on or day_text(None),
            fir=str(fir),
        )
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        action="statement",
    )
    return statement


def _medical_state(case: Case, fir: FIR | None):
    return fir.state if fir else (case.destination_state or case.source_state)


def _medical_event(case, actor, summary: str | Phrase, **data) -> CaseEvent:
    # A care event: a survivor leader there only to support her sees no medical record, as for the
    # medical deadlines (cases.selectors.timeline_for, cases.deadlines.CARE_RECORD_RULE_CODES).
    return care_event(case, actor, summary, care="medical", **data)


def _medical_exam_errors(case: Case, exam: MedicalExamination) -> dict:
    errors: dict = {}
    if exam.examined_on is None:
        errors["examined_on"] = _("Give the day of the examination.")
        return errors
    not_future(errors, "examined_on", exam.examined_on)
    if "examined_on" not in errors and exam.time_known and exam.examined_at > timezone.now():
        errors["examined_time"] = _("This time is still to come.")
    rescue = Rescue.objects.filter(case=case).only("rescued_at", "time_known").first()
    if rescue is not None and not errors:
        before_day = exam.examined_on < rescue.rescued_on
        before_hour = exam.examined_on == rescue.rescued_on and exam.time_known and rescue.time_known
        if before_day or (before_hour and exam.examined_at < rescue.rescued_at):
            errors["examined_on"] = _("The examination is dated before the rescue (%(day)s). Check the dates.") % {
                "day": rescue.when_text
            }
    if not errors and MedicalExamination.objects.filter(case=case, examined_on=exam.examined_on).exists():
        errors["examined_on"] = _(
            "An examination on this day is already recorded for this case: the Care and Investigation tabs "
            "show the same record."
        )
    not_future(errors, "report_on", exam.report_on)
    not_before(
        errors, "report_on", exam.report_on, exam.examined_on, _("The report cannot come before the examination.")
    )
    return errors


@transaction.atomic
def medical_exam_record(
    *,
    actor,
    case: Case,
    examined_on: datetime.date | None = UNSET,
    examined_time: datetime.time | None = UNSET,
    fir: FIR | None = UNSET,
    hospital: str = UNSET,
    report_on: datetime.date | None = UNSET,
    note: str = UNSET,
) -> MedicalExamination:
    """Record a medical examination of the survivor: the one service for it (issue 15).

    The Care tab and the Investigation tab both record it here, into the one record they both
    show; so whoever may record care or the investigation's details may record it
    (CaseAccess.can_record_medical_examination). Every deadline it touches is handled here:
    the 24-hour examination deadline (BNSS 184(1) / CrPC 164A(1)) is met on the examination's
    day, once, whichever tab it came from; without a report yet, the 7-day report deadline
    (BNSS 184(6)) starts. Refused, with nothing saved: a day in the future, before the rescue,
    or a second examination on a day already recorded."""
    data = given(
        examined_on=examined_on, examined_time=examined_time, fir=fir, hospital=hospital, report_on=report_on, note=note
    )
    access = visible_access(actor, case)
    require(access.can_record_medical_examination)
    fir = data.get("fir")
    if fir is not None and fir.case_id != case.pk:
        require(False)
    # Two people recording the same examination at once from the two tabs: the second waits, then sees the first.
    Case.objects.select_for_update().get(pk=case.pk)
    exam = MedicalExamination(case=case, recorded_by=actor, updated_by=actor, **data)
    errors = _medical_exam_errors(case, exam)
    if errors:
        raise ValidationError(errors)
    exam.save()
    deadline_fulfil(
        case=case,
        rule_codes=["medical_examination"],
        subject=None,
        actor=actor,
        met_on=exam.examined_on,
        # Examined before the information that started the deadline (a FIR registered later): met on its first day.
        met_on_from_trigger=True,
    )
    if exam.report_on is None:
        deadline_start(
            case=case,
            rule_code="medical_report",
            trigger_at=exam.examined_at,
            subject=exam,
            actor=actor,
            state=_medical_state(case, fir),
            # The day is shown in the reader's script (core.phrases).
            title=Phrase(gettext_noop("Medical report (examination of %(date)s)"), date=exam.examined_on),
            trigger_label=_("medical examination"),
            # BNSS 184(6)'s seven days are new in the BNSS: none for a CrPC investigation.
            procedure=fir.procedure if fir else procedure_for(exam.examined_on),
        )
    with translation.override("en"):
        summary = Phrase(gettext_noop("Medical examination recorded (%(when)s)"), when=exam.when_text)
    _medical_event(
        case,
        actor,
        summary,
        action="medical_examination",
        examination=exam.pk,
    )
    return exam


@transaction.atomic
def medical_report_record(
    *, actor, exam: MedicalExamination, report_on: datetime.date, expected_version: int
) -> MedicalExamination:
    """The examining practitioner's report arrived (BNSS 184(6): forwarded within 7 days)."""
    require_investigation_recorder(actor, exam.case, details=True)
    errors: dict = {}
    not_future(errors, "report_on", report_on)
    not_before(errors, "report_on", report_on, exam.examined_on, _("The report cannot come before the examination."))
    if errors:
        raise ValidationError(errors)
    exam.report_on = report_on
    save_with_version(exam, expected_version=expected_version, actor=actor)
    deadline_fulfil(case=exam.case, rule_codes=["medical_report"], subject=exam, actor=actor, met_on=report_on)
    _medical_event(
        exam.case,
        actor,
        Phrase(gettext_noop("Medical report received (%(date)s)"), date=report_on or day_text(None)),
        action="medical_report",
        examination=exam.pk,
    )
    return exam


# --- interstate requests ------------------------------------------------------------------


@transaction.atomic
def police_request_create(
    *,
    actor,
    case: Case,
    fir: FIR | None = UNSET,
    subject: str = UNSET,
    from_organisation: Organisation | None = UNSET,
    from_police_station: str = UNSET,
    to_state: State | None = UNSET,
    to_organisation: Organisation | None = UNSET,
    to_police_station: str = UNSET,
    details: str = UNSET,
    sent_on: datetime.date | None = UNSET,
    due_on: datetime.date | None = UNSET,
) -> PoliceRequest:
    data = given(
        fir=fir,
        subject=subject,
        from_organisation=from_organisation,
        from_police_station=from_police_station,
        to_state=to_state,
        to_organisation=to_organisation,
        to_police_station=to_police_station,
        details=details,
        sent_on=sent_on,
        due_on=due_on,
    )
    require_investigation_recorder(actor, case)
    request = PoliceRequest(case=case, created_by=actor, updated_by=actor, **data)
    errors: dict = {}
    if request.fir is not None and request.fir.case_id != case.pk:
        require(False)
    if not request.from_organisation_id and not request.from_police_station.strip():
        errors["from_police_station"] = _("Say who sends the request: an organisation or a police station.")
    if not request.to_organisation_id and not request.to_police_station.strip():
        errors["to_police_station"] = _("Say who the request goes to: an organisation or a police station.")
    not_future(errors, "sent_on", request.sent_on)
    not_before(errors, "due_on", request.due_on, request.sent_on, _("The answer cannot be due before it was sent."))
    if errors:
        raise ValidationError(errors)
    request.save()
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Request sent to %(to)s (%(state)s): %(subject)s"),
            to=request.recipient,
            state=request.to_state.name,
            subject=request.get_subject_display(),
        )
    investigation_event(
        case,
        actor,
        summary,
        request=request.pk,
        action="request_sent",
    )
    return request


def _locked_request(request: PoliceRequest) -> PoliceRequest:
    return PoliceRequest.objects.select_for_update().select_related("case", "to_state").get(pk=request.pk)


@transaction.atomic
def police_request_remind(*, actor, request: PoliceRequest, sent_on: datetime.date, note: str = ""):
    require_investigation_recorder(actor, request.case)
    request = _locked_request(request)
    if request.status != PoliceRequest.Status.OPEN:
        raise ValidationError(_("This request is no longer awaiting an answer."))
    errors: dict = {}
    not_future(errors, "sent_on", sent_on)
    not_before(errors, "sent_on", sent_on, request.sent_on, _("A reminder cannot come before the request."))
    if errors:
        raise ValidationError(errors)
    reminder = PoliceRequestReminder.objects.create(request=request, sent_on=sent_on, note=note, created_by=actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Reminder sent to %(to)s: %(subject)s"),
            to=request.recipient,
            subject=request.get_subject_display(),
        )
    investigation_event(
        request.case,
        actor,
        summary,
        request=request.pk,
        action="request_reminder",
    )
    return reminder


@transaction.atomic
def police_request_close(
    *,
    actor,
    request: PoliceRequest,
    expected_version: int,
    status: str,
    responded_on: datetime.date | None = None,
    response: str = "",
) -> PoliceRequest:
    """Record the answer (or withdraw the request)."""
    require_investigation_recorder(actor, request.case)
    if request.status != PoliceRequest.Status.OPEN:
        raise ValidationError(_("This request is no longer awaiting an answer."))
    errors: dict = {}
    if status == PoliceRequest.Status.ANSWERED:
        if responded_on is None:
            errors["responded_on"] = _("Enter the date of the answer.")
        not_future(errors, "responded_on", responded_on)
        not_before(
            errors, "responded_on", responded_on, request.sent_on, _("The answer cannot come before the request.")
        )
    elif status != PoliceRequest.Status.WITHDRAWN:
        errors["status"] = _("Choose answered or withdrawn.")
    if errors:
        raise ValidationError(errors)
    request.status, request.responded_on, request.response = status, responded_on, response
    save_with_version(request, expected_version=expected_version, actor=actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Request to %(to)s %(what)s: %(subject)s"),
            to=request.recipient,
            what=Phrase(gettext_noop("answered"))
            if status == PoliceRequest.Status.ANSWERED
            else Phrase(gettext_noop("withdrawn")),
            subject=request.get_subject_display(),
        )
    investigation_event(
        request.case,
        actor,
        summary,
        request=request.pk,
        action=f"request_{status}",
    )
    return request


# --- advocacy -----------------------------------------------------------------------------


def _validate_advocacy(action: AdvocacyAction) -> None:
    errors: dict = {}
    not_future(errors, "filed_on", action.filed_on)
    not_future(errors, "outcome_on", action.outcome_on)
    not_before(
        errors, "outcome_on", action.outcome_on, action.filed_on, _("The outcome cannot come before the filing.")
    )
    if action.outcome != AdvocacyAction.Outcome.PENDING and not action.outcome_on:
        errors.setdefault("outcome_on", _("Enter the date of the outcome."))
    if action.outcome == AdvocacyAction.Outcome.PENDING and action.outcome_on:
        errors.setdefault("outcome", _("Choose the outcome of that date."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def advocacy_create(
    *,
    actor,
    case: Case,
    fir: FIR | None = UNSET,
    kind: str = UNSET,
    filed_with: str = UNSET,
    filed_on: datetime.date | None = UNSET,
    outcome: str = UNSET,
    outcome_on: datetime.date | None = UNSET,
    note: str = UNSET,
) -> AdvocacyAction:
    data = given(
        fir=fir, kind=kind, filed_with=filed_with, filed_on=filed_on, outcome=outcome, outcome_on=outcome_on, note=note
    )
    require_investigation_recorder(actor, case)
    action = AdvocacyAction(case=case, created_by=actor, updated_by=actor, **data)
    if action.fir is not None and action.fir.case_id != case.pk:
        require(False)
    _validate_advocacy(action)
    action.save()
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(kind)s filed with %(with)s"),
            **{"kind": action.get_kind_display(), "with": action.filed_with},
        )
    investigation_event(
        case,
        actor,
        summary,
        advocacy=action.pk,
        action="advocacy_filed",
    )
    return action


@transaction.atomic
def advocacy_outcome(*, actor, action: AdvocacyAction, expected_version: int, outcome: str, outcome_on, note=None):
    require_investigation_recorder(actor, action.case)
    action.outcome, action.outcome_on = outcome, outcome_on
    if note is not None:
        action.note = note
    _validate_advocacy(action)
    save_with_version(action, expected_version=expected_version, actor=actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(kind)s: %(outcome)s"), kind=action.get_kind_display(), outcome=action.get_outcome_display()
        )
    investigation_event(
        action.case,
        actor,
        summary,
        advocacy=action.pk,
        action="advocacy_outcome",
    )
    return action


# --- failure tags -------------------------------------------------------------------------


def _auto_tag(fir: FIR, code: str, actor) -> None:
    point = FailurePoint.objects.filter(code=code, is_active=True).first()
    if point and not FailureTag.objects.filter(fir=fir, failure_point=point, removed_at__isnull=True).exists():
        FailureTag.objects.create(fir=fir, failure_point=point, tagged_by=actor, note="")
        with translation.override("en"):
            summary = Phrase(gettext_noop("Failure tagged on %(fir)s: %(point)s"), fir=str(fir), point=str(point))
        investigation_event(fir.case, actor, summary, fir=fir.pk)


@transaction.atomic
def failure_tag_add(*, actor, fir: FIR, failure_point: FailurePoint, note: str = "") -> FailureTag:
    require_investigation_recorder(actor, fir.case)
    if not failure_point.is_active:
        raise ValidationError({"failure_point": _("This failure point is no longer in use.")})
    try:
        with transaction.atomic():
            tag = FailureTag.objects.create(fir=fir, failure_point=failure_point, tagged_by=actor, note=note.strip())
    except IntegrityError:
        raise ValidationError({"failure_point": _("This failure is already tagged on this FIR.")}) from None
    with translation.override("en"):
        summary = Phrase(gettext_noop("Failure tagged on %(fir)s: %(point)s"), fir=str(fir), point=str(failure_point))
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        action="failure_tagged",
    )
    return tag


@transaction.atomic
def failure_tag_remove(*, actor, fir: FIR, tag: FailureTag) -> FailureTag:
    require_investigation_recorder(actor, fir.case)
    tag = FailureTag.objects.select_for_update().get(pk=tag.pk, fir=fir)
    if tag.removed_at:
        raise ValidationError(_("This tag was already removed."))
    tag.removed_at, tag.removed_by = timezone.now(), actor
    tag.save(update_fields=["removed_at", "removed_by"])
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Failure tag removed from %(fir)s: %(point)s"), fir=str(fir), point=str(tag.failure_point)
        )
    investigation_event(
        fir.case,
        actor,
        summary,
        fir=fir.pk,
        action="failure_untagged",
    )
    return tag


@transaction.atomic
def failure_point_create(*, actor, name: str) -> FailurePoint:
    """Coordinators extend the list of failure points."""
    require_coordinator(actor)
    name = " ".join((name or "").split())
    if len(name) < 5:
        raise ValidationError({"name": _("Describe the failure in a few words.")})
    code = slugify(name)[:50] or "failure"
    if FailurePoint.objects.filter(name__iexact=name).exists() or FailurePoint.objects.filter(code=code).exists():
        raise ValidationError({"name": _("This failure point is already on the list.")})
    return FailurePoint.objects.create(name=name[:150], code=code, created_by=actor)


@transaction.atomic
def failure_point_set_active(*, actor, point: FailurePoint, active: bool) -> FailurePoint:
    require_coordinator(actor)
    point.is_active = active
    point.save(update_fields=["is_active"])
    return point
