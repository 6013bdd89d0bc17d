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

from django.utils.translation import gettext_noop

from .reference import fields_of

BNSS_IN_FORCE = datetime.date(2024, 7, 1)

LEAD = "lead_caseworker"
LAWYER = "lawyer"

# Escalation ladders: first the case lead, then the coordinator.
ESCALATE_SOON = [{"after_days": 0, "notify": "lead_caseworker"}, {"after_days": 1, "notify": "coordinator"}]
ESCALATE_WEEK = [{"after_days": 0, "notify": "lead_caseworker"}, {"after_days": 7, "notify": "coordinator"}]
ESCALATE_MONTH = [{"after_days": 0, "notify": "lead_caseworker"}, {"after_days": 30, "notify": "coordinator"}]

# Triggering events, by workflow (slug -> what happened). Services pass these slugs.
TRIGGERS = {
    "rescue": gettext_noop("Survivor rescued or escaped"),
    "rape_reported": gettext_noop("Rape reported, and she consented to a medical examination"),
    "fir_registered": gettext_noop("FIR registered"),
    "preliminary_enquiry": gettext_noop("Preliminary enquiry begun (BNSS 173(3))"),
    "medical_examination": gettext_noop("Medical examination done"),
    "arrest": gettext_noop("Accused arrested"),
    "first_remand": gettext_noop("Accused first remanded by a magistrate"),
    "cognizance": gettext_noop("Court took cognizance"),
    "chargesheet": gettext_noop("Chargesheet filed"),
    "appearance": gettext_noop("Accused appeared before the court"),
    "committal": gettext_noop("Case committed to the sessions court"),
    "charge_hearing": gettext_noop("First hearing on charge"),
    "arguments_concluded": gettext_noop("Final arguments concluded (judgment reserved)"),
    "bail_application": gettext_noop("Bail application filed"),
    "anticipatory_bail_application": gettext_noop("Anticipatory bail application filed"),
    "default_bail_application": gettext_noop("Default bail application filed"),
    "acquittal": gettext_noop("Accused acquitted"),
    "offence": gettext_noop("Offence committed, or trial concluded (start of the claim's time bar)"),
    "claim_applied": gettext_noop("Compensation claim filed"),
    "interim_applied": gettext_noop("Interim relief sought"),
    "award": gettext_noop("Compensation awarded"),
    "custody_order": gettext_noop("Nearest magistrate orders intermediate custody (ITPA s.17(1))"),
    "inquiry_custody_order": gettext_noop("Magistrate orders custody pending the inquiry (adult)"),
    "cwc_production": gettext_noop("Child produced before the Child Welfare Committee"),
    "home_verification_ordered": gettext_noop("Magistrate orders a home verification (ITPA s.17A)"),
    "home_investigation_requested": gettext_noop("CWC asks for a home investigation report"),
    "cwc_transfer_ordered": gettext_noop("CWC orders her transfer to the CWC of her home district (JJ Act s.95(1))"),
    "handover": gettext_noop("Survivor handed over to the receiving organisation"),
    "referral_sent": gettext_noop("Case or service referred to another organisation, or transfer of lead sent"),
    "lead_transfer_accepted": gettext_noop("Transfer of lead accepted by the receiving organisation"),
    "survivor_informed": gettext_noop("Survivor told of progress"),
    "major_event": gettext_noop(  # noqa: E501
        "A major event in her case (FIR, arrest, chargesheet, charges, judgment, award, payment)"
    ),
}

LAW, JUDGMENT, PRACTICE = "law", "judgment", "practice"
ANY, BNSS_ONLY = "any", "bnss"

RULES = [
    # --- investigation ---------------------------------------------------------------------
    {
        "code": "production_before_magistrate",
        "name": gettext_noop("Arrested accused produced before a magistrate"),
        "workflow": "investigation",
        "trigger": "arrest",
        "offset_amount": 24,
        "offset_unit": "hours",
        "responsible_role": LEAD,
        "escalation_steps": ESCALATE_SOON,
        "legal_source": "BNSS 58 (CrPC 57): a person arrested without warrant is not detained for more than 24 "
        "hours, excluding the journey to the magistrate's court; Constitution Art. 22(2).",
        "effective_from": datetime.date(1974, 4, 1),
    },
    {
        "code": "preliminary_enquiry",
        "name": gettext_noop("Preliminary enquiry finished (offences of 3 to 7 years)"),
        "workflow": "investigation",
        "trigger": "preliminary_enquiry",
        "offset_amount": 14,
        "responsible_role": LEAD,
        "reminder_days": [3],
        "escalation_steps": ESCALATE_WEEK,
        "procedure": BNSS_ONLY,
        "legal_source": "BNSS 173(3): for an offence punishable with three years or more but less than seven, "
        "the officer in charge may, with the DSP's permission, hold a preliminary enquiry to be completed "
        "within 14 days to see whether a prima facie case exists. New in the BNSS.",
    },
    {
        "code": "medical_examination",
        "name": gettext_noop("Medical examination of the survivor (rape reported, with her consent)"),
        "workflow": "investigation",
        "trigger": "rape_reported",
        "offset_amount": 24,
        "offset_unit": "hours",
        "responsible_role": LEAD,
        "escalation_steps": ESCALATE_SOON,
        "legal_source": "BNSS 184(1) (CrPC 164A(1)): where rape or attempted rape is under investigation, the "
        "woman is sent to a registered medical practitioner for examination, with her consent (or that of a "
        "person competent to consent on her behalf, e.g. a child's guardian), within 24 hours of the police "
        "receiving the information. POCSO s.27(1) applies the same section to a child victim of any POCSO "
        "offence. Not every rescue: Nyaya opens this deadline only when the rescue records a reported rape (or "
        "a FIR charges rape or a POCSO offence) and her consent.",
        "effective_from": datetime.date(2013, 2, 3),
    },
    {
        "code": "medical_report",
        "name": gettext_noop("Medical report sent to the investigating officer"),
        "workflow": "investigation",
        "trigger": "medical_examination",
        "offset_amount": 7,
        "responsible_role": LEAD,
        "reminder_days": [2],
        "escalation_steps": ESCALATE_WEEK,
        "procedure": BNSS_ONLY,
        "legal_source": "BNSS 184(6): the medical practitioner forwards the report to the investigating "
        "officer within 7 days (CrPC 164A(6) said only 'without delay'). New in the BNSS.",
    },
    {
        "code": "victim_informed_of_progress",
        "name": gettext_noop("Police inform the survivor of the investigation's progress"),
        "workflow": "investigation",
        "trigger": "fir_registered",
        "offset_amount": 90,
        "responsible_role": LEAD,
        "reminder_days": [14, 3],
        "escalation_steps": ESCALATE_WEEK,
        "procedure": BNSS_ONLY,
        "legal_source": "BNSS 193(3)(ii): the police inform the informant or victim of the progress of the "
        "investigation within 90 days. New in the BNSS: no such duty for a CrPC investigation.",
    },
    {
        "code": "chargesheet_60",
        "name": gettext_noop("Chargesheet: default bail after 60 days in custody"),
        "workflow": "investigation",
        "trigger": "first_remand",
        "offset_amount": 60,
        "count_trigger_day": True,
        "consequence": "Default bail accrues",
        "responsible_role": LEAD,
        "reminder_days": [14, 3],
        "escalation_steps": ESCALATE_WEEK,
        "source_kind": JUDGMENT,
        "legal_source": "BNSS 187(3)(ii) (CrPC 167(2)(a)(ii)): for other offences the accused in custody is "
        "released on bail if no report is filed within 60 days. Counted from the first remand, not the "
        "arrest (Chaganti Satyanarayana v. State of A.P., (1986) 3 SCC 141), the remand day included "
        "(Enforcement Directorate v. Kapil Wadhawan, Supreme Court, three judges, 27 March 2023). An offence "
        "punishable with a term that 'may extend to ten years' is in this class (Rakesh Kumar Paul v. State of Assam, "
        "(2017) 15 SCC 67). The class of each section is kept on the section.",
        "effective_from": datetime.date(1974, 4, 1),
    },
    {
        "code": "chargesheet_90",
        "name": gettext_noop("Chargesheet: default bail after 90 days in custody"),
        "workflow": "investigation",
        "trigger": "first_remand",
        "offset_amount": 90,
        "count_trigger_day": True,
        "consequence": "Default bail accrues",
        "responsible_role": LEAD,
        "reminder_days": [21, 7],
        "escalation_steps": ESCALATE_WEEK,
        "source_kind": JUDGMENT,
        "legal_source": "BNSS 187(3)(i) (CrPC 167(2)(a)(i)): 90 days where the offence is punishable with "
        "death, imprisonment for life or a term of not less than ten years. Counted from the first remand "
        "(Chaganti Satyanarayana v. State of A.P., (1986) 3 SCC 141), the remand day included (Enforcement "
        "Directorate v. Kapil Wadhawan, Supreme Court, three judges, 27 March 2023).",
        "effective_from": datetime.date(1974, 4, 1),
    },
    {
        "code": "chargesheet_sexual_offence",
        "name": gettext_noop("Investigation of rape or a POCSO penetrative/aggravated offence completed"),
        "workflow": "investigation",
        "trigger": "fir_registered",
        "offset_amount": 2,
        "offset_unit": "months",
        "responsible_role": LEAD,
        "reminder_days": [14, 3],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "BNSS 193(2): investigation of offences under BNS 64-68, 70, 71 and POCSO ss. 4, 6, 8, "
        "10 completed within two months of the information being recorded; CrPC 173(1A) for the IPC 376 "
        "family and the same POCSO sections. Not for other POCSO sections.",
        "effective_from": datetime.date(2018, 4, 21),
    },
    {
        "code": "pocso_report_to_cwc",
        "name": gettext_noop("Police report the POCSO case to the CWC and the Special Court"),
        "workflow": "investigation",
        "trigger": "fir_registered",
        "offset_amount": 24,
        "offset_unit": "hours",
        "responsible_role": LEAD,
        "escalation_steps": ESCALATE_SOON,
        "legal_source": "POCSO Act s.19(6): the police report the matter, and any need of care and "
        "protection, to the Child Welfare Committee and the Special Court within 24 hours.",
        "effective_from": datetime.date(2012, 11, 14),
    },
    # --- court -----------------------------------------------------------------------------
    {
        "code": "copies_supplied",
        "name": gettext_noop("Copies of police report supplied to the accused"),
        "workflow": "court",
        "trigger": "appearance",
        "offset_amount": 14,
        "responsible_role": LAWYER,
        "reminder_days": [3],
        "escalation_steps": ESCALATE_WEEK,
        "procedure": BNSS_ONLY,
        "legal_source": "BNSS 230: the magistrate supplies copies of the police report and documents within "
        "14 days of the accused's production or appearance. New in the BNSS (CrPC 207 fixed no days).",
    },
    {
        "code": "committal",
        "name": gettext_noop("Case committed to the sessions court"),
        "workflow": "court",
        "trigger": "cognizance",
        "offset_amount": 90,
        "responsible_role": LAWYER,
        "reminder_days": [14],
        "escalation_steps": ESCALATE_MONTH,
        "procedure": BNSS_ONLY,
        "legal_source": "BNSS 232: where the offence is triable exclusively by the Court of Session, the "
        "magistrate commits the case within 90 days of cognizance (extendable to 180 days for reasons "
        "recorded). New in the BNSS.",
    },
    {
        "code": "discharge_application",
        "name": gettext_noop("Discharge application window closes"),
        "workflow": "court",
        "trigger": "committal",
        "offset_amount": 60,
        "responsible_role": LAWYER,
        "reminder_days": [7],
        "escalation_steps": ESCALATE_MONTH,
        "procedure": BNSS_ONLY,
        "legal_source": "BNSS 250(1): the accused may apply for discharge within 60 days of committal. New in "
        "the BNSS.",
    },
    {
        "code": "charges_framed",
        "name": gettext_noop("Charges framed"),
        "workflow": "court",
        "trigger": "charge_hearing",
        "offset_amount": 60,
        "responsible_role": LAWYER,
        "reminder_days": [14],
        "escalation_steps": ESCALATE_MONTH,
        "procedure": BNSS_ONLY,
        "legal_source": "BNSS 251(1)(b): the Court of Session frames charges within 60 days of the first "
        "hearing on charge. New in the BNSS.",
    },
    {
        "code": "judgment_pronounced",
        "name": gettext_noop("Judgment pronounced"),
        "workflow": "court",
        "trigger": "arguments_concluded",
        "offset_amount": 30,
        "responsible_role": LAWYER,
        "reminder_days": [7],
        "escalation_steps": [{"after_days": 0, "notify": "responsible"}, {"after_days": 15, "notify": "coordinator"}],
        "procedure": BNSS_ONLY,
        "legal_source": "BNSS 258(1): judgment within 30 days of the conclusion of arguments, extendable to 45 "
        "days for reasons recorded. New in the BNSS.",
    },
    {
        "code": "judgment_outer_limit",
        "name": gettext_noop("Judgment: outer limit"),
        "workflow": "court",
        "trigger": "arguments_concluded",
        "offset_amount": 45,
        "responsible_role": LAWYER,
        "escalation_steps": [{"after_days": 0, "notify": "coordinator"}],
        "procedure": BNSS_ONLY,
        "legal_source": "BNSS 258(1): at most 45 days after the conclusion of arguments. New in the BNSS.",
    },
    {
        "code": "rape_trial_two_months",
        "name": gettext_noop("Rape trial completed"),
        "workflow": "court",
        "trigger": "chargesheet",
        "offset_amount": 2,
        "offset_unit": "months",
        "responsible_role": LAWYER,
        "reminder_days": [14],
        "escalation_steps": ESCALATE_MONTH,
        "legal_source": "BNSS 346(1) proviso (CrPC 309(1) proviso): the inquiry or trial of rape (BNS 64-68, "
        "70, 71; IPC 376 family) is, as far as possible, completed within two months of the filing of the "
        "chargesheet.",
        "effective_from": datetime.date(2018, 4, 21),
    },
    {
        "code": "pocso_child_evidence",
        "name": gettext_noop("The child's evidence recorded (POCSO)"),
        "workflow": "court",
        "trigger": "cognizance",
        "offset_amount": 30,
        "responsible_role": LAWYER,
        "reminder_days": [7],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "POCSO Act s.35(1): the child's evidence is recorded within 30 days of the Special "
        "Court taking cognizance; reasons for delay are recorded.",
        "effective_from": datetime.date(2012, 11, 14),
    },
    {
        "code": "pocso_trial_one_year",
        "name": gettext_noop("POCSO trial completed"),
        "workflow": "court",
        "trigger": "cognizance",
        "offset_amount": 12,
        "offset_unit": "months",
        "responsible_role": LAWYER,
        "reminder_days": [60, 30],
        "escalation_steps": ESCALATE_MONTH,
        "legal_source": "POCSO Act s.35(2): the Special Court completes the trial, as far as possible, within "
        "one year of taking cognizance.",
        "effective_from": datetime.date(2012, 11, 14),
    },
    {
        "code": "child_trafficking_trial",
        "name": gettext_noop("Child-trafficking trial completed"),
        "workflow": "court",
        "trigger": "cognizance",
        "offset_amount": 6,
        "offset_unit": "months",
        "responsible_role": LAWYER,
        "reminder_days": [60, 30],
        "escalation_steps": ESCALATE_MONTH,
        "source_kind": JUDGMENT,
        "legal_source": "Pinki v. State of U.P., 2025 INSC 482 (Supreme Court, 15 April 2025): trials of "
        "child-trafficking cases are to be completed within six months.",
        "effective_from": datetime.date(2025, 4, 15),
    },
    {
        "code": "bail_decision",
        "name": gettext_noop("Bail application decided"),
        "workflow": "court",
        "trigger": "bail_application",
        "offset_amount": 14,
        "responsible_role": LAWYER,
        "reminder_days": [3],
        "escalation_steps": ESCALATE_WEEK,
        "source_kind": JUDGMENT,
        "legal_source": "Satender Kumar Antil v. CBI, (2022) 10 SCC 51: bail applications are decided within "
        "two weeks. The victim has a right to be heard (Jagjeet Singh v. Ashish Mishra, (2022) 9 SCC 321; "
        "BNSS 483 proviso in certain rape cases).",
        "effective_from": datetime.date(2022, 7, 11),
    },
    {
        "code": "anticipatory_bail_decision",
        "name": gettext_noop("Anticipatory bail application decided"),
        "workflow": "court",
        "trigger": "anticipatory_bail_application",
        "offset_amount": 42,
        "responsible_role": LAWYER,
        "reminder_days": [7],
        "escalation_steps": ESCALATE_WEEK,
        "source_kind": JUDGMENT,
        "legal_source": "Satender Kumar Antil v. CBI, (2022) 10 SCC 51: applications for anticipatory bail "
        "(BNSS 482 / CrPC 438) are decided within six weeks.",
        "effective_from": datetime.date(2022, 7, 11),
    },
    {
        "code": "default_bail_decision",
        "name": gettext_noop("Default bail application decided"),
        "workflow": "court",
        "trigger": "default_bail_application",
        "offset_amount": 0,
        "responsible_role": LAWYER,
        "escalation_steps": ESCALATE_SOON,
        "source_kind": JUDGMENT,
        "legal_source": "BNSS 187(3) (CrPC 167(2)) proviso: once the period ends without a report, the accused "
        "'shall be released on bail' if prepared to furnish it; the right is enforced at once, before a "
        "chargesheet is filed (M. Ravindran v. Intelligence Officer, DRI, (2021) 2 SCC 485).",
        "effective_from": datetime.date(1974, 4, 1),
    },
    {
        "code": "appeal_against_acquittal",
        "name": gettext_noop("Appeal against acquittal filed"),
        "workflow": "court",
        "trigger": "acquittal",
        "offset_amount": 90,
        "responsible_role": LAWYER,
        "reminder_days": [30, 7],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "Limitation Act 1963, Art. 114(a): the State's appeal against acquittal (BNSS 419 / "
        "CrPC 378) within 90 days of the order. The victim's own appeal lies under the BNSS 413 (CrPC 372) "
        "proviso; Nyaya shows the same 90 days for it.",
        "effective_from": datetime.date(1974, 4, 1),
    },
    # --- compensation ----------------------------------------------------------------------
    {
        "code": "claim_decision",
        "name": gettext_noop("Legal services authority decides the claim"),
        "workflow": "compensation",
        "trigger": "claim_applied",
        "offset_amount": 60,
        "responsible_role": LEAD,
        "reminder_days": [7],
        "escalation_steps": ESCALATE_MONTH,
        "legal_source": "BNSS 396(5) (CrPC 357A(5)): on a court's recommendation, or on an application where the "
        "offender is not traced (396(4)), the State or District Legal Services Authority completes the enquiry "
        "and awards adequate compensation within two months.",
        "effective_from": datetime.date(2009, 12, 31),
    },
    {
        "code": "interim_relief_decision",
        "name": gettext_noop("Interim relief decided"),
        "workflow": "compensation",
        "trigger": "interim_applied",
        "offset_amount": 30,
        "responsible_role": LEAD,
        "reminder_days": [7],
        "escalation_steps": ESCALATE_WEEK,
        "source_kind": PRACTICE,
        "legal_source": "Consortium practice: BNSS 396(6) (CrPC 357A(6)) lets the legal services authority order "
        "immediate first aid, free medical benefits or other interim relief, and POCSO Rules 2020 r.9 lets the "
        "Special Court order interim compensation, neither fixing a number of days; 30 days is the consortium's "
        "working practice, edit to local practice.",
    },
    {
        "code": "claim_time_bar",
        "name": gettext_noop("Compensation claim: three-year limit"),
        "workflow": "compensation",
        "trigger": "offence",
        "offset_amount": 36,
        "offset_unit": "months",
        "responsible_role": LEAD,
        "reminder_days": [182, 30],
        "escalation_steps": [{"after_days": 0, "notify": "coordinator"}],
        "legal_source": "NALSA Compensation Scheme for Women Victims/Survivors of Sexual Assault/other Crimes, "
        "2018: an application is made within three years of the offence or of the conclusion of the trial; "
        "the authority may condone delay. Never lapsed while the trial runs.",
        "effective_from": datetime.date(2018, 10, 2),
    },
    {
        "code": "award_payment",
        "name": gettext_noop("Awarded compensation paid"),
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
        "source_kind": PRACTICE,
        "legal_source": "Consortium practice: awards are chased for payment 30 days after the order; check the "
        "payment clause of the scheme the claim is under.",
    },
    # --- custody ---------------------------------------------------------------------------
    {
        "code": "adult_custody_limit",
        "name": gettext_noop("Intermediate custody of a rescued adult ends"),
        "workflow": "custody",
        "trigger": "custody_order",
        "offset_amount": 10,
        "responsible_role": LEAD,
        "reminder_days": [2],
        "escalation_steps": ESCALATE_SOON,
        "legal_source": "ITPA 1956 s.17(1), proviso (i): a person the police cannot at once produce before the "
        "appropriate magistrate is produced before the nearest magistrate, whose order keeps her in safe "
        "custody for at most ten days from the date of that order.",
        "effective_from": datetime.date(1987, 1, 26),
    },
    {
        "code": "adult_custody_inquiry",
        "name": gettext_noop("Custody pending the magistrate's inquiry ends"),
        "workflow": "custody",
        "trigger": "inquiry_custody_order",
        "offset_amount": 21,
        "responsible_role": LEAD,
        "reminder_days": [5],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "ITPA 1956 s.17(3), second proviso ('Provided further'): while the appropriate "
        "magistrate's inquiry under s.17(2) is made, she is kept in custody for at most three weeks from the "
        "date of the custody order, and never in the custody of a person likely to harm her.",
        "effective_from": datetime.date(1987, 1, 26),
    },
    {
        "code": "cwc_production",
        "name": gettext_noop("Child produced before the Child Welfare Committee"),
        "workflow": "custody",
        "trigger": "rescue",
        "offset_amount": 24,
        "offset_unit": "hours",
        "responsible_role": LEAD,
        "escalation_steps": ESCALATE_SOON,
        "legal_source": "Juvenile Justice Act 2015 s.31(1), proviso: a child in need of care and protection is "
        "produced before the Child Welfare Committee without loss of time, within 24 hours excluding the time "
        "necessary for the journey (Nyaya counts 24 hours from the rescue: add the journey by hand).",
        "effective_from": datetime.date(2016, 1, 15),
    },
    {
        "code": "cwc_social_investigation",
        "name": gettext_noop("Social investigation report to the CWC"),
        "workflow": "custody",
        "trigger": "cwc_production",
        "offset_amount": 15,
        "responsible_role": LEAD,
        "reminder_days": [3],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "Juvenile Justice Act 2015 s.36(2): the social investigation is completed within 15 days.",
        "effective_from": datetime.date(2016, 1, 15),
    },
    {
        "code": "cwc_final_order",
        "name": gettext_noop("Child Welfare Committee's inquiry completed"),
        "workflow": "custody",
        "trigger": "cwc_production",
        "offset_amount": 4,
        "offset_unit": "months",
        "responsible_role": LEAD,
        "reminder_days": [30, 7],
        "escalation_steps": ESCALATE_MONTH,
        "legal_source": "Juvenile Justice Act 2015 s.36(2): the social investigation is completed within 15 "
        "days so that the Committee passes its final order within four months of the child's first production.",
        "effective_from": datetime.date(2016, 1, 15),
    },
    {
        "code": "home_verification_report",
        "name": gettext_noop("Home verification report before the magistrate"),
        "workflow": "custody",
        "trigger": "home_verification_ordered",
        "offset_amount": 14,
        "responsible_role": LEAD,
        "reminder_days": [3],
        "escalation_steps": ESCALATE_WEEK,
        "source_kind": PRACTICE,
        "legal_source": "Consortium practice: ITPA 1956 s.17A lets the magistrate have a recognised welfare "
        "institution or organisation verify the genuineness and capacity of her parents, guardian or husband "
        "before handing her over, and sets no time for it. The report is asked within 14 days of the order so "
        "that it is before the magistrate within the three weeks of custody during the inquiry (s.17(3), second "
        "proviso).",
    },
    {
        "code": "home_investigation_report",
        "name": gettext_noop("Home investigation report from her home district"),
        "workflow": "custody",
        "trigger": "home_investigation_requested",
        "offset_amount": 15,
        "responsible_role": LEAD,
        "reminder_days": [3],
        "escalation_steps": ESCALATE_WEEK,
        "source_kind": PRACTICE,
        "legal_source": "Consortium practice: the Juvenile Justice Act 2015 s.95 has the Committee inquire and "
        "consult the Committee of her home district before a transfer, and sets no time for the home "
        "investigation report asked of that Committee or its District Child Protection Unit; 15 days, mirroring "
        "the social investigation of s.36(2).",
    },
    {
        "code": "cwc_transfer_escort",
        "name": gettext_noop("Child escorted to the CWC of her home district"),
        "workflow": "custody",
        "trigger": "cwc_transfer_ordered",
        "offset_amount": 15,
        "responsible_role": LEAD,
        "reminder_days": [5],
        "escalation_steps": ESCALATE_WEEK,
        "legal_source": "Juvenile Justice Act 2015 s.95(2): once her transfer is decided under s.95(1), the "
        "Committee gives an escort order to the Special Juvenile Police Unit, which escorts the child within "
        "fifteen days of receiving the order; a girl is escorted by a woman police officer (proviso). The 15 days "
        "run from the SJPU's receipt of the escort order: Nyaya counts from the escort order's date when it is "
        "recorded, else from the day of the transfer order.",
        "effective_from": datetime.date(2016, 1, 15),
    },
    {
        "code": "repatriation_acknowledgement",
        "name": gettext_noop("Receiving organisation acknowledges her arrival"),
        "workflow": "custody",
        "trigger": "handover",
        "offset_amount": 3,
        "responsible_role": LEAD,
        "escalation_steps": ESCALATE_SOON,
        "source_kind": PRACTICE,
        "legal_source": "Consortium practice: arrival is acknowledged within 3 days of handover so that nobody "
        "is lost between states.",
    },
    # --- referrals between organisations ----------------------------------------------------
    {
        "code": "referral_response",
        "name": gettext_noop("Receiving organisation answers a referral"),
        "workflow": "referral",
        "trigger": "referral_sent",
        "offset_amount": 7,
        "responsible_role": LEAD,
        "reminder_days": [2],
        "escalation_steps": ESCALATE_SOON,
        "source_kind": PRACTICE,
        "legal_source": "Consortium practice: an organisation answers a referral or a transfer of lead (accepts, "
        "or declines with a reason) within 7 days, so that no need of hers waits unanswered between "
        "organisations; unanswered past the respond-by date the referral expires and the sender is told.",
    },
    {
        "code": "lead_transfer_acknowledgement",
        "name": gettext_noop("Old lead organisation hands over the file and acknowledges it"),
        "workflow": "referral",
        "trigger": "lead_transfer_accepted",
        "offset_amount": 7,
        "responsible_role": LEAD,
        "reminder_days": [2],
        "escalation_steps": ESCALATE_WEEK,
        "source_kind": PRACTICE,
        "legal_source": "Consortium practice: within 7 days of a transfer of lead being accepted, the old lead "
        "organisation hands her file to the new one and acknowledges it, so that her case is never led by an "
        "organisation without her file; the new lead caseworker is reminded, then the coordinator.",
    },
    # --- keeping the survivor informed -------------------------------------------------------
    {
        "code": "survivor_update_after_event",
        "name": gettext_noop("Survivor told of a major event in her case"),
        "workflow": "survivor",
        "trigger": "major_event",
        "offset_amount": 7,
        "responsible_role": LEAD,
        "reminder_days": [2],
        "escalation_steps": ESCALATE_WEEK,
        "source_kind": PRACTICE,
        "legal_source": "Consortium practice (survivor-centred): she hears of each major event (FIR, arrest, "
        "chargesheet, charges, judgment, award, payment) from her caseworker within a week, before she hears "
        "it elsewhere.",
    },
    {
        "code": "survivor_update",
        "name": gettext_noop("Survivor told of progress in her case"),
        "workflow": "survivor",
        "trigger": "survivor_informed",
        "offset_amount": 90,
        "responsible_role": LEAD,
        "reminder_days": [14, 3],
        "escalation_steps": ESCALATE_WEEK,
        "source_kind": PRACTICE,
        "legal_source": "Consortium practice (survivor-centred), mirroring BNSS 193(3)(ii): she is told of "
        "progress at least every 90 days and after each major event, in her language and by the channel she "
        "chose.",
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
    "source_kind": LAW,
    "procedure": ANY,
    "count_trigger_day": False,
    "consequence": "",
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


# Rules shipped earlier that no law or ruling supports: switched off, open deadlines cancelled.
WITHDRAWN_RULES = {
    "ahtu_handover": "Withdrawn: no law or published SOP requires a 24-hour handover of a FIR to an AHTU.",
}


def sync_rules(rule_model, *, update: bool = False) -> int:
    """Create the shipped rule versions that are missing. With update=True (a migration that
    corrects the law), the shipped versions are rewritten; versions a coordinator added (other
    in-force dates) are never touched."""
    created = 0
    for rule in RULES:
        values = fields_of(rule_model, {**RULE_DEFAULTS, **rule})
        code, effective_from = values.pop("code"), values.pop("effective_from")
        if update:
            shipped = rule_model.objects.filter(code=code, effective_from=effective_from).first()
            if shipped is None and effective_from != BNSS_IN_FORCE:
                # The first shipping dated every rule 1 July 2024; the corrected one carries the day
                # the provision came into force. Move that original version (not a coordinator's).
                shipped = rule_model.objects.filter(
                    code=code, effective_from=BNSS_IN_FORCE, created_by__isnull=True
                ).first()
            if shipped is not None:
                for name, value in values.items():
                    setattr(shipped, name, value)
                shipped.effective_from = effective_from
                shipped.save()
                was_created = False
            else:
                rule_model.objects.create(code=code, effective_from=effective_from, **values)
                was_created = True
        else:
            _obj, was_created = rule_model.objects.get_or_create(
                code=code, effective_from=effective_from, defaults=values
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
