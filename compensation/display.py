"""How a claim is drawn: its stepper and the steps a person may take next."""

from decimal import Decimal

from cases.workflow import available_transitions

from .models import ZERO, Stage
from .services import TRANSITION_FIELDS, TRANSITION_LABELS

S = Stage
MAIN_STEPS = [
    S.SCREENED,
    S.DOCUMENTS_READY,
    S.APPLIED,
    S.INTERIM_RELIEF,
    S.UNDER_INQUIRY,
    S.AWARDED,
    S.PAYMENT_PENDING,
    S.DISBURSED,
    S.CLOSED,
]
# Danger for the person: shown in red; otherwise amber.
BAD_SIDE_STATES = {S.REJECTED, S.LAPSED}


def _slot(claim) -> str:
    """Where a side state sits on the main line."""
    stage = claim.stage
    if stage in (S.REJECTED, S.APPEAL):
        return S.AWARDED
    if stage == S.HIGH_COURT_WRIT:
        return S.PAYMENT_PENDING if claim.is_awarded else S.AWARDED
    if stage == S.PARTLY_DISBURSED:
        return S.DISBURSED
    if stage == S.LAPSED:
        return S.APPLIED
    return stage


def stepper(claim) -> dict:
    """The main line of stages: done, current (aria-current="step") or to come; a side state as a tag."""
    slot = _slot(claim)
    current = MAIN_STEPS.index(slot)
    side = claim.stage if claim.stage not in MAIN_STEPS else None
    steps = []
    for index, stage in enumerate(MAIN_STEPS):
        if index < current:
            state = "done"
            if stage == S.INTERIM_RELIEF and claim.interim_sought_on is None:
                state = "skipped"
        elif index == current:
            state = "current"
        else:
            state = "todo"
        label = Stage(stage).label
        if index == current and side:
            label = Stage(side).label
        steps.append({"stage": stage, "label": label, "state": state, "optional": stage == S.INTERIM_RELIEF})
    return {
        "steps": steps,
        "side": Stage(side).label if side else "",
        "side_bad": side in BAD_SIDE_STATES,
    }


def next_steps(claim, access) -> list[dict]:
    """Steps offered to this person now. Payments have their own form; lapsing is offered only once
    the time bar has passed (the form could not fix that condition)."""
    offered = []
    for transition in available_transitions(claim, access):
        name = transition.name
        if name not in TRANSITION_FIELDS:
            continue
        if name == "lapse" and (not claim.is_time_barred or claim.condonation_note.strip()):
            continue
        offered.append({"name": name, "label": TRANSITION_LABELS[name], "danger": name in ("close", "lapse", "reject")})
    # The claim's own course first, closing and lapsing last (TRANSITION_FIELDS is in that order).
    order = list(TRANSITION_FIELDS)
    return sorted(offered, key=lambda step: order.index(step["name"]))


def payment_summary(claim, payments) -> dict | None:
    """Totals by mode and the fixed-deposit share against the rule that binds the award."""
    if not claim.is_awarded:
        return None
    in_deposit = sum((p.amount for p in payments if p.is_fixed_deposit), start=ZERO)
    direct = sum((p.amount for p in payments if not p.is_fixed_deposit), start=ZERO)
    required = claim.fd_share_required or 0
    share = (in_deposit * 100 / claim.awarded_amount).quantize(Decimal("0.1")) if claim.awarded_amount else ZERO
    return {
        "in_deposit": in_deposit,
        "direct": direct,
        "share": share,
        "required": required,
        "deposit_due": (claim.awarded_amount * required / 100).quantize(Decimal("0.01")) if required else ZERO,
    }
