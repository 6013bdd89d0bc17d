"""The compensation walker for tests/test_transition_specs.py: for each step a claim at one of its
source stages, with everything that can be recorded by that stage recorded (numbers, amounts, the
court, the earlier decisions), so that the walk shows the step changes only its own fields."""

from decimal import Decimal

from cases.permissions import case_access
from cases.selectors import case_get_visible
from compensation.models import Claim, InterimKind, Route
from consortium.models import Role
from tests.cases.helpers import open_survivor_case
from tests.compensation.helpers import charge_on_case, days, screen, upload_all_documents

# step -> the stage the walk starts it from
SOURCE = {
    "mark_documents_ready": "screened",
    "apply": "documents_ready",
    "apply_offender_untraced": "documents_ready",
    "recommend_by_court": "documents_ready",
    "recommend_on_acquittal": "documents_ready",
    "take_up_suo_motu": "documents_ready",
    "seek_pocso_interim": "applied",
    "seek_interim_relief": "applied",
    "decide_interim_relief": "interim_relief",
    "start_inquiry": "applied",
    "award": "under_inquiry",
    "reject": "under_inquiry",
    "appeal": "awarded",
    "allow_appeal": "appeal",
    "dismiss_appeal": "appeal",
    "file_writ": "payment_pending",
    "allow_writ": "high_court_writ",
    "dismiss_writ": "high_court_writ",
    "forward_for_payment": "awarded",
    "close": "awarded",
    "lapse": "screened",
    "reopen_after_lapse": "lapsed",
}
FILED = {"applied", "interim_relief", "under_inquiry", "awarded", "appeal", "payment_pending", "high_court_writ"}
DECIDED = {"awarded", "appeal", "payment_pending", "high_court_writ"}


def _recorded(stage: str, step: str) -> dict:
    """What a claim at `stage` has recorded, each on the day it happened (ten days apart)."""
    values = {
        "claim_number": "DLSA/HWH/77/2026",
        "amount_claimed": Decimal("500000"),
        "documents_waiver_note": "The psychological report follows: the authority agreed.",
        "court_label": "Sessions Court, Howrah, ST 12/2025",
        "court_ordered_on": days(-290),
        "court_ordered_amount": Decimal("300000"),
        "time_bar_on": days(300),
        "stage_on": days(-300),
    }
    if step != "lapse":
        values["condonation_note"] = "Condonation sought: she was in a shelter outside the state."
    else:
        values["time_bar_on"] = days(-10)
    if stage in FILED:
        values.update(applied_on=days(-250), route=Route.APPLICATION, stage_on=days(-250))
    if stage in FILED - {"applied"}:
        values.update(interim_sought_on=days(-240), interim_kind=InterimKind.AUTHORITY, stage_on=days(-240))
    if stage in FILED - {"applied", "interim_relief"}:
        values.update(
            interim_amount=Decimal("100000"),
            interim_decided_on=days(-230),
            inquiry_started_on=days(-220),
            stage_on=days(-220),
        )
    if stage in DECIDED:
        values.update(
            awarded_amount=Decimal("500000"),
            awarded_on=days(-200),
            award_reference="Award 4/2026",
            awarded_above_max_reason="The order gives its reasons.",
            fd_share_required=0,
            fd_lock_in_months=0,
            stage_on=days(-200),
        )
    if stage == "payment_pending":
        values["stage_on"] = days(-190)
    if stage == "appeal":
        values.update(appeal_filed_on=days(-150), appeal_reference="SLSA 3/2026", stage_on=days(-150))
    if stage == "high_court_writ":
        values.update(writ_filed_on=days(-100), writ_number="WPA 1234 of 2026", stage_on=days(-100))
    if stage == "lapsed":
        values.update(time_bar_on=days(-20), lapsed_on=days(-19), stage_on=days(-19))
    return values


def build(step, request):
    request.getfixturevalue("settings").MEDIA_ROOT = request.getfixturevalue("tmp_path") / "media"
    lead = request.getfixturevalue("make_member")(
        Role.CASEWORKER, request.getfixturevalue("org_wb"), first_name="Lakshmi", last_name="Leadworker"
    )
    case = open_survivor_case(lead)
    upload_all_documents(case, lead)
    claim = screen(case, lead, screened_on=days(-300))
    if step.name == "seek_pocso_interim":
        charge_on_case(case, lead, act="pocso", number="4")
    Claim.objects.filter(pk=claim.pk).update(stage=SOURCE[step.name], **_recorded(SOURCE[step.name], step.name))
    claim = Claim.objects.get(pk=claim.pk)
    access = case_access(lead.user, case_get_visible(lead.user, case.pk))
    return claim, lead.user, access


def fill(step, obj) -> dict:
    """Values for inputs still blank: the step's date (today) and what the step itself records."""
    values = {}
    if step.date_field:
        values[step.date_field] = days(0)
    values.update(
        {
            "rejection_reason": "The authority wanted the chargesheet first.",
            "writ_number": "WPA 99 of 2026",
            "appeal_reference": "SLSA 9/2026",
            "closure_reason": "withdrawn",
            "interim_amount": Decimal("50000"),
            "awarded_amount": Decimal("450000"),
            "court_label": "Special Court (POCSO), Howrah, SC 3/2026",
        }
    )
    return {k: v for k, v in values.items() if k in step.fields}
