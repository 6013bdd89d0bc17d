"""Erasure requests and legal holds: recorded by one person, decided by another.

Law: DPDP Act 2023 s.12(3) (she may ask that her personal data be erased; the data
fiduciary erases it unless keeping it is necessary for the specified purpose or for
compliance with any law) and s.8(7) (erase when consent is withdrawn or the purpose is
no longer served, unless the law requires retention). Two people (the caseworker who
records it, an admin of the lead organisation who approves) is consortium practice.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.permissions import EDITOR_ROLES, CaseAccess, found_or_404, require, visible_access

from . import events
from .erasure import erase_identity
from .models import ErasureRequest, LegalHold


def may_record_erasure(access: CaseAccess) -> bool:
    """A caseworker on her team (the one she asks) or an admin of the lead organisation."""
    return bool(access.roles & EDITOR_ROLES) or access.is_lead_org_admin


def may_decide_erasure(access: CaseAccess) -> bool:
    """Only an admin of the lead organisation: a coordinator's consortium-wide view is not enough."""
    return access.is_lead_org_admin


def erasure_done(survivor) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(survivor=survivor, status=ErasureRequest.Status.ERASED).first()


@transaction.atomic
def erasure_request_record(*, actor, case: Case, requested_on: datetime.date, how: str) -> ErasureRequest:
    access = visible_access(actor, case)
    require(may_record_erasure(access))
    errors = {}
    if requested_on is None:
        errors["requested_on"] = _("Enter the day she asked.")
    elif requested_on > timezone.localdate():
        errors["requested_on"] = _("The day she asked cannot be in the future.")
    if how not in ErasureRequest.How.values:
        errors["how"] = _("Choose how she asked.")
    if errors:
        raise ValidationError(errors)
    survivor = access.case.survivor
    if erasure_done(survivor):
        raise ValidationError(_("Her identity has already been erased."))
    if ErasureRequest.objects.filter(survivor=survivor, status=ErasureRequest.Status.PENDING).exists():
        raise ValidationError(_("Her request is already recorded and waits for the admin's approval."))
    request = ErasureRequest.objects.create(
        survivor=survivor, case=access.case, requested_on=requested_on, how=how, recorded_by=actor
    )
    events.erasure_requested_event(case=access.case, actor=actor)
    return request


def _pending(case: Case, request_id: int) -> ErasureRequest:
    request = found_or_404(ErasureRequest.objects.select_for_update().filter(pk=request_id, case=case).first())
    if request.status != ErasureRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    return request


@transaction.atomic
def erasure_request_approve(*, actor, case: Case, request_id: int) -> ErasureRequest:
    access = visible_access(actor, case)
    require(may_decide_erasure(access))
    request = _pending(access.case, request_id)
    if request.recorded_by_id == actor.pk:
        raise ValidationError(_("Another admin must approve: the person who recorded a request cannot approve it."))
    hold = LegalHold.objects.in_force().filter(case__survivor=request.survivor).first()
    if hold is not None:
        raise ValidationError(
            _("A legal hold is in force on this case (%(reason)s): lift it first, or decline and tell her why.")
            % {"reason": hold.reason}
        )
    report = erase_identity(survivor=request.survivor)
    now = timezone.now()
    request.status = ErasureRequest.Status.ERASED
    request.decided_by = actor
    request.decided_at = now
    request.erased_at = now
    request.report = report
    request.save()
    for each in request.survivor.cases.all():
        events.erasure_done_event(case=each, actor=actor)
    return request


@transaction.atomic
def erasure_request_decline(*, actor, case: Case, request_id: int, reason: str) -> ErasureRequest:
    access = visible_access(actor, case)
    require(may_decide_erasure(access))
    request = _pending(access.case, request_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why (for example, the law that requires keeping it), without names.")})
    request.status = ErasureRequest.Status.DECLINED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decline_reason = reason[:300]
    request.save()
    events.erasure_declined_event(case=access.case, actor=actor)
    return request


@transaction.atomic
def erasure_by_retention(*, case: Case, rule_code: str) -> ErasureRequest:
    """A retention rule erases a closed case's identity; nobody asked, the rule says why."""
    survivor = case.survivor
    report = erase_identity(survivor=survivor)
    now = timezone.now()
    ErasureRequest.objects.filter(survivor=survivor, status=ErasureRequest.Status.PENDING).update(
        status=ErasureRequest.Status.DECLINED, decided_at=now, decline_reason="superseded by retention"
    )
    request = ErasureRequest.objects.create(
        survivor=survivor,
        case=case,
        trigger=rule_code,
        status=ErasureRequest.Status.ERASED,
        decided_at=now,
        erased_at=now,
        report=report,
    )
    for each in survivor.cases.all():
        events.retention_erasure_event(case=each, rule_code=rule_code)
    return request


@transaction.atomic
def legal_hold_place(*, actor, case: Case, reason: str) -> LegalHold:
    access = visible_access(actor, case)
    require(may_record_erasure(access))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say which law or order requires keeping her records, without names.")})
    hold = LegalHold.objects.create(case=access.case, reason=reason[:300], placed_by=actor)
    events.legal_hold_placed_event(case=access.case, actor=actor)
    return hold


@transaction.atomic
def legal_hold_lift(*, actor, case: Case, hold_id: int) -> LegalHold:
    access = visible_access(actor, case)
    require(may_decide_erasure(access))
    hold = LegalHold.objects.in_force().filter(pk=hold_id, case=access.case).first()
    require(hold is not None)
    hold.lifted_by = actor
    hold.lifted_at = timezone.now()
    hold.save()
    events.legal_hold_lifted_event(case=access.case, actor=actor)
    return hold
