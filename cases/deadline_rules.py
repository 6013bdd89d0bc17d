"""Reference data for the deadline engine: the statutory time limits and the holiday calendars.

Loaded by a data migration (and re-synced by `seed_demo`). Coordinators edit rules in
the app by adding a new version with a later `effective_from`; the versions here are
the first ones, in force from 1 July 2024 (the day BNS/BNSS came into force) unless
the law says otherwise. Where the law gives no number, the rule says so and gives the
consortium's working practice, to be edited to local practice.

Trigger events are the slugs services pass to cases.deadlines.deadline_start():
each workflow documents which events it records.
"""

import csv
import datetime
from pathlib import Path

BNSS_IN_FORCE = datetime.date(2024, 7, 1)

LEAD = "lead_caseworker"
LAWYER = "lawyer"

# Escalation ladders: first the case lead, then the coordinator.
ESCALATE_SOON = [{"after_days": 0, "notify": "lead_caseworker"}, {"after_days": 1, "notify": "coordinator"}]
ESCALATE_WEEK = [{"after_days": 0, "notify": "lead_caseworker"}, {"after_days": 7, "notify": "coordinator"}]
ESCALATE_MONTH = [{"after_days": 0, "notify": "lead_caseworker"}, {"after_days": 30, "notify": "coordinator"}]

# Triggering events, by workflow (slug -> what happened). Services pass these slugs.
TRIGGERS = {
    "rescue": "Survivor rescued or escaped",
    "fir_registered": "FIR registered",
    "medical_examination": "Medical examination done",
    "arrest": "Accused arrested",
    "cognizance": "Court took cognizance",
    "appearance": "Accused appeared before the court",
    "committal": "Case committed to the sessions court",
    "charge_hearing": "First hearing on charge",
    "arguments_concluded": "Final arguments concluded (judgment reserved)",
    "bail_application": "Bail application filed",
    "acquittal": "Accused acquitted",
    "offence": "Offence committed or survivor released (start of the claim's time bar)",
    "claim_applied": "Compensation claim filed",
    "interim_applied": "Interim relief sought",
    "award": "Compensation awarded",
    "custody_order": "Survivor placed in protective custody (adult)",
    "cwc_production": "Child produced before the Child Welfare Committee",
    "handover": "Survivor handed over to the receiving organisation",
    "survivor_informed": "Survivor told of progress",
    "major_event": "A major event in her case (FIR, arrest, chargesheet, charges, judgment, award, payment)",
}

RULES = [
    # --- investigation ---------------------------------------------------------------------
    {
        "code": "ahtu_handover",
        "name": "Case handed to the Anti-Human Trafficking Unit",
        "workflow": "investigation",
        "trigger": "fir_registered",
        "offset_amount": 24,
        "offset_unit": "hours",
        "responsible_role": LEAD,
        "escalation_steps": ESCALATE_SOON,
        "legal_source": "West Bengal AHTU standard operating procedure: trafficking FIRs are handed to the "
        "district AHTU within 24 hours of registration.",
    },
    {
        "code": "medical_examination",
        "name": "Medical examination of the survivor",
        "workflow": "investigation",
        "trigger": "rescue",
        "offset_amount": 24,
        "offset_unit": "hours",
        "responsible_role": LEAD,
        "escalation_steps": ESCALATE_SOON,
        "legal_source": "BNSS 184 (CrPC 164A): medical examination of the victim within 24 hours of the information.",
    },
    {
        "code": "medical_report",
        "name": "Medical report sent to the investigating officer",
        "workflow": "investigation",
        "trigger": "medical_examination",
        "offset_amount": 7,
        "responsible_role": LEAD,
        "reminder_days": [2],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "BNSS 184(6): the medical practitioner forwards the report to the investigating "
        "officer within 7 days.",
    },
    {
        "code": "victim_informed_of_progress",
        "name": "Police inform the survivor of the investigation's progress",
        "workflow": "investigation",
        "trigger": "fir_registered",
        "offset_amount": 90,
        "responsible_role": LEAD,
        "reminder_days": [14, 3],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "BNSS 193(3)(ii): the police inform the informant or victim of the progress of the "
        "investigation within 90 days.",
    },
    {
        "code": "chargesheet_60",
        "name": "Chargesheet (offences under 10 years): default bail after 60 days",
        "workflow": "investigation",
        "trigger": "arrest",
        "offset_amount": 60,
        "responsible_role": LEAD,
        "reminder_days": [14, 3],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "BNSS 187(3) (CrPC 167(2)): an accused in custody is entitled to default bail if no "
        "chargesheet is filed within 60 days of arrest, for offences punishable with less than 10 years.",
    },
    {
        "code": "chargesheet_90",
        "name": "Chargesheet (offences of 10 years or more): default bail after 90 days",
        "workflow": "investigation",
        "trigger": "arrest",
        "offset_amount": 90,
        "responsible_role": LEAD,
        "reminder_days": [21, 7],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "BNSS 187(3) (CrPC 167(2)): 90 days from arrest for offences punishable with death, "
        "life imprisonment or 10 years or more (e.g. BNS 143 trafficking); then the accused may get default bail.",
    },
    {
        "code": "chargesheet_sexual_offence",
        "name": "Investigation of rape or POCSO offence completed",
        "workflow": "investigation",
        "trigger": "fir_registered",
        "offset_amount": 2,
        "offset_unit": "months",
        "responsible_role": LEAD,
        "reminder_days": [14, 3],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "BNSS 193(2) (CrPC 173(1A)): investigation of rape and POCSO offences is completed "
        "within two months of the information being recorded.",
    },
    # --- court -----------------------------------------------------------------------------
    {
        "code": "copies_supplied",
        "name": "Copies of police report supplied to the accused",
        "workflow": "court",
        "trigger": "appearance",
        "offset_amount": 14,
        "responsible_role": LAWYER,
        "reminder_days": [3],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "BNSS 230: the magistrate supplies copies of the police report and documents within "
        "14 days of the accused's appearance.",
    },
    {
        "code": "committal",
        "name": "Case committed to the sessions court",
        "workflow": "court",
        "trigger": "cognizance",
        "offset_amount": 90,
        "responsible_role": LAWYER,
        "reminder_days": [14],
        "escalation_steps": ESCALATE_MONTH,
        "legal_source": "BNSS 232: committal to the court of session within 90 days of cognizance "
        "(extendable to 180 days for reasons recorded).",
    },
    {
        "code": "discharge_application",
        "name": "Discharge application window closes",
        "workflow": "court",
        "trigger": "committal",
        "offset_amount": 60,
        "responsible_role": LAWYER,
        "reminder_days": [7],
        "escalation_steps": ESCALATE_MONTH,
        "legal_source": "BNSS 250(1): the accused may apply for discharge within 60 days of committal.",
    },
    {
        "code": "charges_framed",
        "name": "Charges framed",
        "workflow": "court",
        "trigger": "charge_hearing",
        "offset_amount": 60,
        "responsible_role": LAWYER,
        "reminder_days": [14],
        "escalation_steps": ESCALATE_MONTH,
        "legal_source": "BNSS 251(1)(b): charges are framed within 60 days of the first hearing on charge.",
    },
    {
        "code": "judgment_pronounced",
        "name": "Judgment pronounced",
        "workflow": "court",
        "trigger": "arguments_concluded",
        "offset_amount": 30,
        "responsible_role": LAWYER,
        "reminder_days": [7],
        "escalation_steps": [{"after_days": 0, "notify": "responsible"}, {"after_days": 15, "notify": "coordinator"}],
        "legal_source": "BNSS 258: judgment within 30 days of the conclusion of arguments, extendable to 45 "
        "days for reasons recorded.",
    },
    {
        "code": "judgment_outer_limit",
        "name": "Judgment: outer limit",
        "workflow": "court",
        "trigger": "arguments_concluded",
        "offset_amount": 45,
        "responsible_role": LAWYER,
        "escalation_steps": [{"after_days": 0, "notify": "coordinator"}],
        "legal_source": "BNSS 258: at most 45 days after the conclusion of arguments.",
    },
    {
        "code": "bail_decision",
        "name": "Bail application decided",
        "workflow": "court",
        "trigger": "bail_application",
        "offset_amount": 14,
        "responsible_role": LAWYER,
        "reminder_days": [3],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "Satender Kumar Antil v. CBI (Supreme Court, 2022): bail applications are to be "
        "decided within two weeks. Jagjeet Singh v. Ashish Mishra (2022): the victim has a right to be heard.",
    },
    {
        "code": "child_trafficking_trial",
        "name": "Child-trafficking trial completed",
        "workflow": "court",
        "trigger": "cognizance",
        "offset_amount": 6,
        "offset_unit": "months",
        "responsible_role": LAWYER,
        "reminder_days": [60, 30],
        "escalation_steps": ESCALATE_MONTH,
        "legal_source": "Supreme Court guidance (2025): trials of child-trafficking offences to be completed "
        "within six months.",
    },
    {
        "code": "appeal_against_acquittal",
        "name": "Appeal against acquittal filed",
        "workflow": "court",
        "trigger": "acquittal",
        "offset_amount": 90,
        "responsible_role": LAWYER,
        "reminder_days": [30, 7],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "Limitation Act 1963, Art. 114(a): appeal against acquittal within 90 days; the "
        "victim's own appeal lies under BNSS 413 (CrPC 372) proviso.",
    },
    # --- compensation ----------------------------------------------------------------------
    {
        "code": "claim_decision",
        "name": "Legal services authority decides the claim",
        "workflow": "compensation",
        "trigger": "claim_applied",
        "offset_amount": 60,
        "responsible_role": LEAD,
        "reminder_days": [7],
        "escalation_steps": ESCALATE_MONTH,
        "legal_source": "BNSS 396(4) (CrPC 357A(5)) and the NALSA Compensation Scheme 2018: the authority "
        "completes the inquiry and awards compensation within two months.",
    },
    {
        "code": "interim_relief_decision",
        "name": "Interim relief decided",
        "workflow": "compensation",
        "trigger": "interim_applied",
        "offset_amount": 30,
        "responsible_role": LEAD,
        "reminder_days": [7],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "NALSA Compensation Scheme 2018 (interim relief): the scheme asks for prompt relief "
        "without fixing a number of days; 30 days is the consortium's practice, edit to local practice.",
    },
    {
        "code": "claim_time_bar",
        "name": "Compensation claim time-barred",
        "workflow": "compensation",
        "trigger": "offence",
        "offset_amount": 36,
        "offset_unit": "months",
        "responsible_role": LEAD,
        "reminder_days": [182, 30],
        "escalation_steps": [{"after_days": 0, "notify": "coordinator"}],
        "legal_source": "NALSA Compensation Scheme 2018: a claim is filed within three years of the offence "
        "or of the conclusion of the trial; later claims need condonation of delay.",
    },
    {
        "code": "award_payment",
        "name": "Awarded compensation paid",
        "workflow": "compensation",
        "trigger": "award",
        "offset_amount": 30,
        "responsible_role": LEAD,
        "reminder_days": [7],
        # Unpaid 30, 90 and 365 days after the award.
        "escalation_steps": [
            {"after_days": 0, "notify": "lead_caseworker"},
            {"after_days": 60, "notify": "org_admin"},
            {"after_days": 335, "notify": "coordinator"},
        ],
        "legal_source": "NALSA Compensation Scheme 2018: the award is paid within 30 days of the order.",
    },
    # --- custody ---------------------------------------------------------------------------
    {
        "code": "adult_custody_limit",
        "name": "Protective custody of an adult ends (magistrate's order)",
        "workflow": "custody",
        "trigger": "custody_order",
        "offset_amount": 10,
        "responsible_role": LEAD,
        "reminder_days": [2],
        "escalation_steps": ESCALATE_SOON,
        "legal_source": "ITPA 1956 s.17(2): intermediate custody of a rescued person for at most 10 days "
        "pending inquiry.",
    },
    {
        "code": "adult_custody_inquiry",
        "name": "Magistrate's inquiry into the rescued adult completed",
        "workflow": "custody",
        "trigger": "custody_order",
        "offset_amount": 21,
        "responsible_role": LEAD,
        "reminder_days": [5],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "ITPA 1956 s.17(4)-(5): the magistrate completes the inquiry within three weeks.",
    },
    {
        "code": "cwc_production",
        "name": "Child produced before the Child Welfare Committee",
        "workflow": "custody",
        "trigger": "rescue",
        "offset_amount": 24,
        "offset_unit": "hours",
        "responsible_role": LEAD,
        "escalation_steps": ESCALATE_SOON,
        "legal_source": "Juvenile Justice Act 2015 s.31(1): a child in need of care and protection is "
        "produced before the Child Welfare Committee within 24 hours (excluding travel time).",
    },
    {
        "code": "cwc_social_investigation",
        "name": "Social investigation report to the CWC",
        "workflow": "custody",
        "trigger": "cwc_production",
        "offset_amount": 15,
        "responsible_role": LEAD,
        "reminder_days": [3],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "Juvenile Justice Act 2015 s.36(2): social investigation completed within 15 days.",
    },
    {
        "code": "cwc_final_order",
        "name": "Child Welfare Committee's final order",
        "workflow": "custody",
        "trigger": "cwc_production",
        "offset_amount": 4,
        "offset_unit": "months",
        "responsible_role": LEAD,
        "reminder_days": [30, 7],
        "escalation_steps": ESCALATE_MONTH,
        "legal_source": "Juvenile Justice Act 2015 s.36(2)-(3): the inquiry ends with a final order within "
        "four months of the first production.",
    },
    {
        "code": "repatriation_acknowledgement",
        "name": "Receiving organisation acknowledges her arrival",
        "workflow": "custody",
        "trigger": "handover",
        "offset_amount": 3,
        "responsible_role": LEAD,
        "escalation_steps": ESCALATE_SOON,
        "legal_source": "Consortium practice (MWCD protocol on repatriation of trafficked persons): arrival "
        "is acknowledged within 3 days of handover so that nobody is lost between states.",
    },
    # --- keeping the survivor informed -------------------------------------------------------
    {
        "code": "survivor_update_after_event",
        "name": "Survivor told of a major event in her case",
        "workflow": "survivor",
        "trigger": "major_event",
        "offset_amount": 7,
        "responsible_role": LEAD,
        "reminder_days": [2],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "Survivor-centred practice: she hears of each major event (FIR, arrest, chargesheet, "
        "charges, judgment, award, payment) from her caseworker within a week, before she hears it elsewhere.",
    },
    {
        "code": "survivor_update",
        "name": "Survivor told of progress in her case",
        "workflow": "survivor",
        "trigger": "survivor_informed",
        "offset_amount": 90,
        "responsible_role": LEAD,
        "reminder_days": [14, 3],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "Survivor-centred practice, mirroring BNSS 193(3)(ii): she is told of progress at least "
        "every 90 days and after each major event, in her language and by the channel she chose.",
    },
]

RULE_DEFAULTS = {
    "offset_unit": "days",
    "day_count": "calendar",
    "calendar_kind": "court",
    "roll_to_working_day": False,
    "reminder_days": [],
    "escalation_steps": [],
    "effective_from": BNSS_IN_FORCE,
    "is_active": True,
}

# code, name, state code (None: national), kind, weekly days off (0 = Monday)
CALENDARS = [
    ("in-office", "India: central government offices", None, "office", [5, 6]),
    ("in-court", "India: courts (national holidays)", None, "court", [6]),
    ("wb-office", "West Bengal: government offices", "WB", "office", [5, 6]),
    ("wb-court", "West Bengal: courts", "WB", "court", [6]),
    ("jh-office", "Jharkhand: government offices", "JH", "office", [5, 6]),
    ("jh-court", "Jharkhand: courts", "JH", "court", [6]),
    ("od-office", "Odisha: government offices", "OD", "office", [5, 6]),
    ("od-court", "Odisha: courts", "OD", "court", [6]),
    ("mh-office", "Maharashtra: government offices", "MH", "office", [5, 6]),
    ("mh-court", "Maharashtra: courts", "MH", "court", [6]),
    ("dl-office", "Delhi: government offices", "DL", "office", [5, 6]),
    ("dl-court", "Delhi: courts", "DL", "court", [6]),
    ("ka-office", "Karnataka: government offices", "KA", "office", [5, 6]),
    ("ka-court", "Karnataka: courts", "KA", "court", [6]),
]

HOLIDAYS_CSV = Path(__file__).resolve().parent / "data" / "holidays.csv"


def sync_rules(rule_model) -> int:
    """Create the shipped rule versions that are missing; never overwrite an edited one."""
    created = 0
    for rule in RULES:
        values = {**RULE_DEFAULTS, **rule}
        _obj, was_created = rule_model.objects.get_or_create(
            code=values.pop("code"), effective_from=values.pop("effective_from"), defaults=values
        )
        created += was_created
    return created


def sync_calendars(calendar_model, state_model) -> None:
    for code, name, state_code, kind, weekend in CALENDARS:
        state = state_model.objects.get(code=state_code) if state_code else None
        calendar_model.objects.get_or_create(
            code=code, defaults={"name": name, "state": state, "kind": kind, "weekend_days": weekend}
        )


class HolidayFileError(ValueError):
    """A holiday file that cannot be loaded; the message says where and why."""


def read_holiday_rows(lines, known_calendars: set[str]) -> list[tuple[str, datetime.date, str]]:
    """Parse `calendar,date,name` rows (with a header). Every error is collected; nothing is loaded
    unless the whole file is right."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header[:3]] != ["calendar", "date", "name"]:
        raise HolidayFileError("The first line must be the header: calendar,date,name")
    rows, errors = [], []
    for number, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            errors.append(f"line {number}: three columns expected (calendar,date,name)")
            continue
        code, raw_date, name = (cell.strip() for cell in row[:3])
        if code not in known_calendars:
            errors.append(f"line {number}: unknown calendar {code!r}")
        try:
            day = datetime.date.fromisoformat(raw_date)
        except ValueError:
            errors.append(f"line {number}: {raw_date!r} is not a date as YYYY-MM-DD")
            continue
        if not name:
            errors.append(f"line {number}: the holiday needs a name")
        elif len(name) > 120:
            errors.append(f"line {number}: the name is longer than 120 characters")
        rows.append((code, day, name))
    if errors:
        raise HolidayFileError("; ".join(errors[:20]) + (f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""))
    return rows


def load_holidays(lines, calendar_model, holiday_model) -> int:
    calendars = {c.code: c for c in calendar_model.objects.all()}
    rows = read_holiday_rows(lines, set(calendars))
    created = 0
    for code, day, name in rows:
        _obj, was_created = holiday_model.objects.update_or_create(
            calendar=calendars[code], date=day, defaults={"name": name}
        )
        created += was_created
    return created


def load_shipped_holidays(calendar_model, holiday_model) -> int:
    with HOLIDAYS_CSV.open(encoding="utf-8") as handle:
        return load_holidays(handle, calendar_model, holiday_model)
