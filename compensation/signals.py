"""Reactions to other apps' records. Kept small: each calls a compensation service."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def court_case_saved(sender, instance, raw=False, **kwargs):
    """A court case was saved (a judgment, a withdrawal, a stage): recompute the time limit of the
    case's unfiled claims. A failure here must not undo the court record: it is logged, and the
    nightly time-bar scan recomputes every unfiled claim before acting on it."""
    if raw:
        return
    from .models import BEFORE_FILING, Claim, Stage
    from .services import claim_time_bars_refresh

    if not Claim.objects.filter(case_id=instance.case_id, stage__in=[*BEFORE_FILING, Stage.LAPSED]).exists():
        return
    try:
        with transaction.atomic():
            claim_time_bars_refresh(case=instance.case, actor=None)
    except Exception:  # noqa: BLE001 - see the docstring
        logger.exception("Compensation time limits not recomputed after a court case was saved.")


def deadline_scan_done(sender, **kwargs) -> dict:
    """After each deadline scan (cases.tasks): claims never filed whose time bar has passed lapse."""
    from .services import claim_lapse_time_barred

    return {"lapsed_claims": len(claim_lapse_time_barred())}


def compensation_recommended(sender, *, actor, case, amount, ordered_on, court_label, note, on_acquittal, **kwargs):
    """A judgment recommended compensation (legal.court.signals): her claim follows."""
    from .services import claim_from_court_order

    claim_from_court_order(
        actor=actor,
        case=case,
        amount=amount,
        ordered_on=ordered_on,
        court_label=court_label,
        note=note,
        on_acquittal=on_acquittal,
    )
