"""How a claim is drawn: its stepper and the steps a person may take next."""

from decimal import Decimal

from django.utils.translation import gettext as _

from cases.workflow import available_transitions

from .eligibility import pocso_sections_charged, trial_status
from .models import ZERO, Stage
from .workflow import SPEC

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


def stepper(claim, reached: set[str] | None = None) -> dict:
    """The main line of stages: done, current (aria-current="step") or to come; a side state as a tag.

    `reached`: the stages its history records (StageTransition.to_stage). A stage it went past
    without entering (interim relief not sought; paid straight after the award, never "Payment
    pending") is shown skipped; with no history to read, the stages before the current one are done."""
    slot = _slot(claim)
    current = MAIN_STEPS.index(slot)
    side = claim.stage if claim.stage not in MAIN_STEPS else None
    steps = []
    for index, stage in enumerate(MAIN_STEPS):
        if index < current:
            state = "done"
            never_sought = stage == S.INTERIM_RELIEF and claim.interim_sought_on is None
            never_entered = stage == S.PAYMENT_PENDING and bool(reached) and stage not in reached
            if never_sought or never_entered:
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
        step = SPEC.by_name.get(name)
        if step is None or not step.manual:
            continue
        if name == "lapse" and (
            not claim.is_time_barred or claim.condonation_note.strip() or trial_status(claim.case).pending
        ):
            continue
        # Data that the form cannot supply: offered only where the case fits the route.
        if name == "apply_offender_untraced" and trial_status(claim.case).court_cases:
            continue
        if name == "seek_pocso_interim" and not pocso_sections_charged(claim.case):
            continue
        offered.append({"name": name, "label": step.label, "danger": step.danger, "step": step})
    # The claim's own course first, closing and lapsing last (the spec declares them in that order).
    order = [s.name for s in SPEC.steps]
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


def time_bar_text(claim) -> dict:
    """The claim's time limit in words, with its source: no limit, the date and what it runs from,
    and whether a pending trial keeps it open."""
    from .eligibility import time_bar_for

    scheme = claim.scheme
    if not scheme.has_time_bar:
        return {"none": True, "text": _("No time limit in the scheme."), "source": scheme.time_bar_source}
    current = time_bar_for(claim.case, scheme)
    return {
        "none": False,
        "on": claim.time_bar_on,
        "text": current.text,
        "trial_pending": current.trial_pending,
        "passed": claim.is_time_barred and not claim.applied_on,
        "source": scheme.time_bar_source,
    }


def guidance(claim) -> list[dict]:
    """What the law gives her besides this claim's own course, shown on the claim page."""
    items = [
        {
            "title": _("Free first aid and medical treatment, at once"),
            "text": _(
                "Every hospital, public or private, treats a victim of rape or an acid attack at once and free of "
                "cost, and informs the police (BNSS 397 / CrPC 357C). The legal services authority may order "
                "immediate first aid or medical benefits free of cost, on the certificate of the police officer "
                "in charge or a magistrate, or other interim relief (BNSS 396(6) / CrPC 357A(6))."
            ),
        },
        {
            "title": _("Compensation does not wait for a conviction"),
            "text": _(
                "Where the trial ends in acquittal or discharge and she has to be rehabilitated, the court may "
                "recommend compensation (BNSS 396(3) / CrPC 357A(3)). Where the offender is not traced or "
                "identified and no trial takes place, she may apply to the legal services authority "
                "(BNSS 396(4) / CrPC 357A(4)). The authority decides within two months (BNSS 396(5) / CrPC 357A(5))."
            ),
        },
    ]
    trial = trial_status(claim.case)
    if trial.acquittal_or_discharge:
        items.insert(
            0,
            {
                "title": _("The trial ended in acquittal or discharge"),
                "text": _(
                    "Ask the court to recommend compensation (BNSS 396(3) / CrPC 357A(3)); record it with "
                    "“Court recommended it on acquittal or discharge”."
                ),
                "warn": True,
            },
        )
    if pocso_sections_charged(claim.case):
        items.append(
            {
                "title": _("POCSO case: interim compensation from the Special Court"),
                "text": _(
                    "The Special Court may order interim compensation for the child's relief or rehabilitation at "
                    "any stage after the FIR, on its own or on an application, adjusted against the final "
                    "compensation (POCSO Rules 2020 r.9; POCSO s.33(8))."
                ),
            }
        )
    return items
