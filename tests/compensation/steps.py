"""Bring a claim to any stage through the real services (dates ten days apart, all in the past)."""

import datetime
from decimal import Decimal

from compensation import services

from .helpers import days, pay, screen, upload_all_documents

AWARD = Decimal("500000")
TO_STAGE = {
    "screened": [],
    "documents_ready": ["mark_documents_ready"],
    "applied": ["mark_documents_ready", "apply"],
    "interim_relief": ["mark_documents_ready", "apply", "seek_interim_relief"],
    "under_inquiry": ["mark_documents_ready", "apply", "start_inquiry"],
    "awarded": ["mark_documents_ready", "apply", "start_inquiry", "award"],
    "rejected": ["mark_documents_ready", "apply", "start_inquiry", "reject"],
    "appeal": ["mark_documents_ready", "apply", "start_inquiry", "reject", "appeal"],
    "high_court_writ": ["mark_documents_ready", "apply", "start_inquiry", "reject", "file_writ"],
    "payment_pending": ["mark_documents_ready", "apply", "start_inquiry", "award", "forward_for_payment"],
    "partly_disbursed": ["mark_documents_ready", "apply", "start_inquiry", "award", "forward_for_payment", "pay_part"],
    "disbursed": [
        "mark_documents_ready",
        "apply",
        "start_inquiry",
        "award",
        "forward_for_payment",
        "pay_part",
        "pay_rest",
    ],
    "closed": ["close"],
}
VALUES = {
    "apply": {"claim_number": "DLSA/HWH/12/2026"},
    "apply_offender_untraced": {"claim_number": "DLSA/HWH/13/2026"},
    "recommend_by_court": {"court_label": "Sessions Court, Howrah, ST 12/2025", "court_ordered_amount": "300000"},
    "recommend_on_acquittal": {"court_label": "Sessions Court, Howrah, ST 14/2025", "court_ordered_amount": "200000"},
    "seek_pocso_interim": {"court_label": "Special Court (POCSO), Howrah, SC 3/2026"},
    "decide_interim_relief": {"interim_amount": "100000"},
    "award": {"awarded_amount": AWARD, "award_reference": "Award 4/2026"},
    "allow_appeal": {"awarded_amount": "450000"},
    "allow_writ": {"awarded_amount": "400000"},
    "reject": {"rejection_reason": "The authority wanted the chargesheet first."},
    "appeal": {"appeal_reference": "SLSA 3/2026"},
    "file_writ": {"writ_number": "WPA 1234 of 2026"},
    "close": {"closure_reason": "withdrawn"},
    "reopen_after_lapse": {"condonation_note": "Condonation sought: she was in a shelter outside the state."},
}


def run(claim, actor, transition, on, values=None):
    claim.refresh_from_db()
    return services.claim_transition(
        actor=getattr(actor, "user", actor),
        claim=claim,
        transition=transition,
        effective_on=on,
        expected_version=claim.version,
        values=values if values is not None else VALUES.get(transition, {}),
    )


def claim_at(case, actor, stage, *, start=None, documents=True):
    """A NALSA 2018 claim (rape, DLSA Howrah) walked to `stage`."""
    start = start or days(-200)
    if documents:
        upload_all_documents(case, actor)
    claim = screen(case, actor, screened_on=start)
    for step, transition in enumerate(TO_STAGE[stage], start=1):
        on = start + datetime.timedelta(days=10 * step)
        if transition == "pay_part":
            pay(
                claim, actor, "375000", mode="fixed_deposit", on=on, bank_name="Test Bank", fd_maturity_on=days(4 * 365)
            )
        elif transition == "pay_rest":
            pay(claim, actor, "125000", on=on)
        else:
            run(claim, actor, transition, on)
    claim.refresh_from_db()
    assert claim.stage == stage
    return claim
