"""A stage a record went past without entering shows skipped, not done (found by the browser journeys)."""

from types import SimpleNamespace

from compensation import display
from compensation.models import Stage as ClaimStage
from legal.investigation.selectors import stepper as fir_stepper
from legal.models import Stage as FirStage


def _states(steps):
    return {step["stage"]: step["state"] for step in steps}


def _claim(stage):
    return SimpleNamespace(stage=stage, interim_sought_on=None)


def test_a_claim_paid_straight_after_its_award_skipped_payment_pending():
    history = {ClaimStage.SCREENED, ClaimStage.APPLIED, ClaimStage.AWARDED, ClaimStage.DISBURSED}
    states = _states(display.stepper(_claim(ClaimStage.DISBURSED), history)["steps"])
    assert states[ClaimStage.PAYMENT_PENDING] == "skipped"
    assert states[ClaimStage.INTERIM_RELIEF] == "skipped"
    assert states[ClaimStage.AWARDED] == "done" and states[ClaimStage.DISBURSED] == "current"


def test_a_claim_sent_for_payment_shows_it_done_and_no_history_changes_nothing():
    history = {ClaimStage.AWARDED, ClaimStage.PAYMENT_PENDING, ClaimStage.DISBURSED}
    assert _states(display.stepper(_claim(ClaimStage.DISBURSED), history)["steps"])[ClaimStage.PAYMENT_PENDING] == (
        "done"
    )
    for reached in (None, set()):
        states = _states(display.stepper(_claim(ClaimStage.DISBURSED), reached)["steps"])
        assert states[ClaimStage.PAYMENT_PENDING] == "done"


def test_a_fir_registered_on_a_complaint_skipped_rescued():
    fir = SimpleNamespace(stage=FirStage.UNDER_INVESTIGATION)
    states = _states(fir_stepper(fir, {FirStage.REPORTED, FirStage.FIR_REGISTERED, FirStage.UNDER_INVESTIGATION}))
    assert states[FirStage.RESCUED] == "skipped" and states[FirStage.FIR_REGISTERED] == "done"
    rescued = _states(fir_stepper(fir, {FirStage.RESCUED, FirStage.FIR_REGISTERED}))
    assert rescued[FirStage.RESCUED] == "done"
    assert _states(fir_stepper(fir))[FirStage.RESCUED] == "done"  # no history read: as before
