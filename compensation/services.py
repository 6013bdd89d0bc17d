"""Writes about compensation: screening a claim, moving it, linking documents, payments, schemes.

Every service takes keyword-only arguments, re-reads the case through the visibility
selector (services trust no caller), runs in one transaction and writes the case
timeline. Claims move only through core.workflow.apply_step() with the steps declared in
compensation.workflow (SPEC). Errors meant for
the person are ValidationError, keyed by form field where there is one.

Deadlines (rules seeded in cases/deadline_rules.py), all about the claim, on the
calendar of the authority's state:
- claim_time_bar: opened when a claim is screened under a scheme with a time limit (from
  the later of the offence's end and the conclusion of the trial), recomputed when a trial
  concludes, met when it is filed by any route, cancelled when it lapses, or when it passes
  while a trial is pending (the claim is then flagged for review, never lapsed);
- claim_decision: opened when filed, met on award or rejection;
- interim_relief_decision: opened when interim relief is sought, met when decided;
- award_payment: opened on the award, met when paid in full (its escalation steps
  cover an award unpaid after 30, 90 and 365 days).
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.deadlines import deadline_cancel, deadline_start
from cases.models import CaseDocument, CaseNote, Deadline, StageTransition
from cases.permissions import require, visible_access
from cases.transitions import record_creation
from consortium.standing import standing_of
from core.arguments import UNSET, given
from core.concurrency import lock_for_edit, save_with_version
from core.dates import day_text
from core.dates import day_text as _day_text
from core.day_count import add_months
from core.money import PAISE, parse_rupees, rupees
from core.phrases import Phrase
from core.workflow import apply_step
from survivors.models import ADULT_AGE

from . import eligibility, workflow
from .events import claim_event
from .models import (
    ACCEPTED_DOCUMENT_TYPES,
    BEFORE_FILING,
    DISTRICT_LEVELS,
    PAYABLE,
    ZERO,
    AuthorityLevel,
    Claim,
    ClaimDocument,
    ClaimPayment,
    Jurisdiction,
    OffenceBasis,
    OffenceCategory,
    PaymentMode,
    Requirement,
    Scheme,
    SchemeKind,
    SchemeLine,
    Stage,
    VersionBy,
)
from .workflow import SPEC, claim_name, paid_total

WORKFLOW = SPEC.name
DEADLINE_RULES = workflow.DEADLINE_RULES


class SystemAccess:
    """The access of Nyaya itself, for scheduled work no person decides (a claim lapsing at its time bar)."""

    can_manage_compensation = True
    identity_visible = False
    user_id = None


SYSTEM = SystemAccess()


def _manage_access(actor, case):
    access = visible_access(actor, case)
    require(access.can_manage_compensation)
    return access


def _check_day(day, field: str, *, not_before: datetime.date | None = None, before_text: str = "") -> None:
    if day is None:
        raise ValidationError({field: _("Give the date.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if day.year < 1950:
        raise ValidationError({field: _("Check the year.")})
    if not_before is not None and day < not_before:
        raise ValidationError({field: before_text or _("This date is before %(day)s.") % {"day": not_before}})


def _deadline_title(rule_label: str, claim: Claim) -> Phrase:
    """ "Claim decision: NALSA 2018, DLSA Howrah", as a phrase (core.phrases): the label and the
    authority in English, shown in each reader's language."""
    with translation.override("en"):
        return Phrase(
            "%(what)s: %(scheme)s, %(authority)s",
            what=Phrase(rule_label),
            scheme=claim.scheme.short_name,
            authority=claim.authority_label,
        )


DEADLINE_LABELS = {
    "claim_time_bar": gettext_noop("Claim time bar"),
    "claim_decision": gettext_noop("Claim decision"),
    "interim_relief_decision": gettext_noop("Interim relief decision"),
    "award_payment": gettext_noop("Award paid"),
}


def claim_deadline_start(claim: Claim, rule_code: str, trigger: datetime.date, actor, label: str = "") -> None:
    deadline_start(
        case=claim.case,
        rule_code=rule_code,
        trigger_at=trigger,
        subject=claim.subject_key,
        actor=actor,
        state=claim.authority_state,
        title=_deadline_title(DEADLINE_LABELS[rule_code], claim),
        trigger_label=label,
    )


def _cancel(claim: Claim, rule_codes, actor, reason: str) -> None:
    deadline_cancel(case=claim.case, rule_codes=rule_codes, subject=claim.subject_key, actor=actor, reason=reason)


# --- authority and scheme checks -------------------------------------------------------------------


def _check_authority(level, state, district) -> None:
    if level not in AuthorityLevel.values:
        raise ValidationError({"authority_level": _("Choose the authority the claim goes to.")})
    if state is None:
        raise ValidationError({"authority_state": _("Choose the authority's state.")})
    if level in DISTRICT_LEVELS and district is None:
        raise ValidationError({"authority_district": _("Choose the district of this authority.")})
    if district is not None and district.state_id != state.pk:
        raise ValidationError({"authority_district": _("This district is not in the chosen state.")})


def scheme_version_in_force(code: str, on: datetime.date | None = None, *, case=None) -> Scheme | None:
    """The version a claim takes: in force on `on`, or on her release for a scheme versioned by release."""
    return eligibility.scheme_version_for(code, case=case, on=on)


def _check_basis(case, line: SchemeLine, basis: str) -> tuple[str, bool, str]:
    """The offence basis a claim records: (basis, supported by the case, why not). A rape, gang-rape or
    sexual-assault line needs that basis; other lines take "other" unless told."""
    basis = (basis or "").strip()
    needed = eligibility.LINE_BASIS.get(line.category)
    if needed is None:
        basis = basis or OffenceBasis.OTHER
        if basis not in OffenceBasis.values:
            raise ValidationError({"offence_basis": _("Choose the offence the claim is for.")})
        return basis, True, ""
    # A caller that names no basis (a court's order, the demo) claims what the line is for; the page
    # asks the caseworker for it (ClaimScreenForm). Either way the charges are checked below.
    basis = basis or needed
    if basis != needed:
        raise ValidationError(
            {
                "offence_basis": _("A claim for %(line)s records the basis “%(basis)s”.")
                % {"line": line.get_category_display().lower(), "basis": OffenceBasis(needed).label}
            }
        )
    supported, why = eligibility.basis_support(case, basis)
    return basis, supported, why


def check_claimed(amount, reason: str, high) -> None:
    if amount is not None and high is not None and amount > high and not reason.strip():
        raise ValidationError(
            {
                "claimed_above_max_reason": _(
                    "%(amount)s is above the scheme's maximum of %(max)s: record why more is claimed."
                )
                % {"amount": rupees(amount), "max": rupees(high)}
            }
        )


# --- screening a claim -----------------------------------------------------------------------------


def _auto_link_documents(claim: Claim, actor) -> int:
    """Link, for each required document, the newest case document of an accepted type."""
    linked = 0
    documents = list(CaseDocument.objects.filter(case=claim.case).order_by("-uploaded_at", "-pk"))
    for requirement in claim.requirements():
        accepted = ACCEPTED_DOCUMENT_TYPES.get(requirement, [])
        # "Other" documents are too vague to link without a person choosing them.
        match = next((d for d in documents if d.doc_type in accepted and d.doc_type != CaseDocument.Type.OTHER), None)
        if match:
            ClaimDocument.objects.create(claim=claim, requirement=requirement, document=match, linked_by=actor)
            linked += 1
    return linked


@transaction.atomic
def claim_screen(
    *,
    actor,
    case,
    line: SchemeLine,
    authority_level: str,
    authority_state,
    authority_district=None,
    screened_on: datetime.date | None = None,
    claim_number: str = "",
    amount_claimed=None,
    claimed_above_max_reason: str = "",
    screening_override_reason: str = "",
    offence_basis: str = "",
) -> Claim:
    """Start a claim under one scheme for the survivor of `case` (stage "screened")."""
    _manage_access(actor, case)
    case = type(case).objects.select_related("survivor").get(pk=case.pk)
    scheme = line.scheme
    screened_on = screened_on or timezone.localdate()
    _check_day(screened_on, "screened_on")
    if scheme.kind == SchemeKind.GUIDELINE:
        raise ValidationError(
            {
                "line": _(
                    "%(scheme)s is the basis of state schemes, not a scheme she claims under: claim under her "
                    "state's scheme."
                )
                % {"scheme": scheme.short_name}
            }
        )
    in_force = scheme_version_in_force(scheme.code, screened_on, case=case)
    if in_force is None or in_force.pk != scheme.pk:
        if scheme.version_by == VersionBy.RELEASE and in_force is not None:
            raise ValidationError(
                {
                    "line": _("Her release on %(day)s falls under %(scheme)s: choose that version.")
                    % {"day": day_text(case.rescued_on), "scheme": in_force.short_name}
                }
            )
        raise ValidationError({"line": _("This version of the scheme is not the one in force. Reload the page.")})
    if Claim.objects.filter(case=case, scheme_code=scheme.code).exists():
        raise ValidationError({"line": _("She already has a claim under %(scheme)s.") % {"scheme": scheme.short_name}})
    _check_authority(authority_level, authority_state, authority_district)
    if authority_level not in DISTRICT_LEVELS:
        authority_district = None

    with eligibility.reading(case):
        findings = eligibility.case_offence_findings(case)
        screening = eligibility.screen_scheme(case, scheme, findings)
        basis, basis_supported, _why = _check_basis(case, line, offence_basis)
    matches = screening.applies and line.category in {f.category for f in findings} and basis_supported
    override = (screening_override_reason or "").strip()
    if not matches and not override:
        raise ValidationError(
            {
                "screening_override_reason": _(
                    "The screening does not show that %(scheme)s applies to this offence: say why she claims anyway "
                    "(e.g. the charges or the inquiry show it)."
                )
                % {"scheme": scheme.short_name}
            }
        )
    uplift = eligibility.uplift_applies(case, scheme)
    amount = parse_rupees(amount_claimed, "amount_claimed")
    high = line.range_for(uplift_percent=scheme.minor_uplift_percent if uplift else 0)[1]
    check_claimed(amount, claimed_above_max_reason, high)

    time_bar = screening.time_bar or eligibility.time_bar_for(case, scheme)
    claim = Claim(
        case=case,
        scheme=scheme,
        scheme_code=scheme.code,
        line=line,
        minor_uplift=uplift,
        stage_on=screened_on,
        screened_on=screened_on,
        screening_override_reason=override if not matches else "",
        authority_level=authority_level,
        authority_state=authority_state,
        authority_district=authority_district,
        claim_number=(claim_number or "").strip()[:60],
        amount_claimed=amount,
        claimed_above_max_reason=claimed_above_max_reason.strip() if amount and high and amount > high else "",
        time_bar_on=time_bar.on,
        time_bar_basis=time_bar.basis,
        offence_basis=basis,
        created_by=actor,
        updated_by=actor,
    )
    claim.full_clean(exclude=["stage"])
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise ValidationError(
            {"line": _("She already has a claim under %(scheme)s.") % {"scheme": scheme.short_name}}
        ) from None
    record_creation(obj=claim, workflow=WORKFLOW, actor=actor, effective_on=screened_on)
    linked = _auto_link_documents(claim, actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(claim)s: screened (%(offence)s); %(linked)d of %(needed)d documents found on the case"),
            claim=claim_name(claim),
            offence=Phrase(line.get_category_display()).lower(),
            linked=linked,
            needed=len(claim.requirements()),
        )
    claim_event(claim, actor, summary, action="screened")
    if time_bar.on is not None and time_bar.start is not None:
        claim_deadline_start(
            claim, "claim_time_bar", time_bar.start, actor, label=TIME_BAR_LABELS.get(time_bar.basis, "")
        )
    return claim


TIME_BAR_LABELS = {
    "offence": "offence",
    "release": "end of the offence (her rescue or release)",
    "trial": "conclusion of the trial",
}


@transaction.atomic
def claim_update(
    *,
    actor,
    claim: Claim,
    expected_version: int,
    claim_number: str,
    authority_level: str,
    authority_state,
    authority_district,
    amount_claimed,
    claimed_above_max_reason: str = "",
    offence_basis: str | None = None,
    screened_on: datetime.date | None = None,
    screened_on_reason: str = "",
) -> Claim:
    """Edit a claim's filing details (not its stage), refusing a stale page. `screened_on` corrects
    the day the claim was screened (entered from paper, say), with `screened_on_reason`: never after
    the claim's next step, and within the version of the scheme the claim is under."""
    _manage_access(actor, claim.case)
    moved_screening = None
    if screened_on is not None and screened_on != claim.screened_on:
        moved_screening = _check_screened_on(claim, screened_on, screened_on_reason)
    if offence_basis is not None and offence_basis != claim.offence_basis:
        basis, supported, _why = _check_basis(claim.case, claim.line, offence_basis)
        if not supported and not claim.screening_override_reason.strip():
            raise ValidationError(
                {
                    "offence_basis": _(
                        "Nothing charged on the case's FIRs shows this offence: start the claim again with the "
                        "reason she claims it, or record the charge first."
                    )
                }
            )
        claim.offence_basis = basis
    _check_authority(authority_level, authority_state, authority_district)
    if authority_level not in DISTRICT_LEVELS:
        authority_district = None
    amount = parse_rupees(amount_claimed, "amount_claimed")
    check_claimed(amount, claimed_above_max_reason, claim.amount_range[1])
    state_changed = claim.authority_state_id != authority_state.pk
    time_bar = None
    if claim.stage in BEFORE_FILING:
        # The case's dates may have been corrected since the screening: the time bar follows them.
        time_bar = eligibility.time_bar_for(claim.case, claim.scheme)
        claim.time_bar_on, claim.time_bar_basis = time_bar.on, time_bar.basis
    claim.claim_number = (claim_number or "").strip()[:60]
    claim.authority_level, claim.authority_state, claim.authority_district = (
        authority_level,
        authority_state,
        authority_district,
    )
    claim.amount_claimed = amount
    claim.claimed_above_max_reason = (claimed_above_max_reason or "").strip()
    if moved_screening is not None and screened_on is not None:
        if claim.stage == Stage.SCREENED and claim.stage_on == claim.screened_on and not moved_screening:
            claim.stage_on = screened_on  # still in its first stage: in it since the corrected day
        old_screened_on, claim.screened_on = claim.screened_on, screened_on
    claim.full_clean(exclude=["stage"])
    save_with_version(claim, expected_version=expected_version, actor=actor)
    if moved_screening is not None and screened_on is not None:
        reason = CaseNote.objects.create(
            case=claim.case,
            author=actor,
            body=_("Screening date of %(claim)s corrected: %(reason)s")
            % {"claim": claim, "reason": screened_on_reason.strip()},
        )
        claim_event(
            claim,
            actor,
            Phrase(
                gettext_noop("%(claim)s: screened on changed from %(old)s to %(new)s"),
                claim=claim_name(claim),
                old=old_screened_on or _day_text(None),
                new=screened_on,
            ),
            action="screened_on",
            note=reason,
            **{"from": old_screened_on.isoformat() if old_screened_on else None, "to": screened_on.isoformat()},
        )
    if time_bar is not None and time_bar.on is not None and time_bar.start is not None:
        claim_deadline_start(
            claim, "claim_time_bar", time_bar.start, actor, label=TIME_BAR_LABELS.get(time_bar.basis, "")
        )
    if state_changed:
        # The authority's state decides the holiday calendar: recompute the claim's open deadlines.
        for deadline in Deadline.objects.filter(case=claim.case, subject_key=claim.subject_key).open():
            claim_deadline_start(
                claim, deadline.rule_code, deadline.trigger_at, actor, label=deadline.inputs.get("trigger_label", "")
            )
    claim_event(
        claim,
        actor,
        Phrase(gettext_noop("%(claim)s: details edited"), claim=claim_name(claim)),
        action="edited",
    )
    return claim


def _check_screened_on(claim: Claim, screened_on: datetime.date, reason: str) -> list:
    """Refuse a corrected screening date the record cannot hold; returns the claim's later steps."""
    if not (reason or "").strip():
        raise ValidationError(
            {"screened_on_reason": _("Say why the screening date changes (e.g. the date on the paper file).")}
        )
    _check_day(screened_on, "screened_on")
    offence_on = claim.case.trafficked_on
    if offence_on and screened_on < offence_on:
        raise ValidationError(
            {
                "screened_on": _("This is before the offence (%(day)s): a claim is screened after it.")
                % {"day": _day_text(offence_on)}
            }
        )
    later = list(
        StageTransition.objects.filter(subject_key=claim.subject_key)
        .exclude(transition="create")
        .order_by("effective_on", "pk")
    )
    if later and screened_on > later[0].effective_on:
        raise ValidationError(
            {
                "screened_on": _("The claim's next step is dated %(day)s: it cannot have been screened after that.")
                % {"day": _day_text(later[0].effective_on)}
            }
        )
    if claim.scheme.version_by == VersionBy.CLAIM and not claim.scheme.in_force_on(screened_on):
        in_force = scheme_version_in_force(claim.scheme_code, screened_on, case=claim.case)
        raise ValidationError(
            {
                "screened_on": _(
                    "On %(day)s the version of the scheme in force was %(other)s, not the one this claim is under: "
                    "start the claim again under that version."
                )
                % {"day": _day_text(screened_on), "other": in_force.short_name if in_force else _("none")}
            }
        )
    return later


@transaction.atomic
def claim_document_link(*, actor, claim: Claim, requirement: str, document: CaseDocument | None) -> None:
    """Link a case document to one of the claim's required documents (None unlinks it)."""
    access = _manage_access(actor, claim.case)
    require(access.can_see_documents)
    if requirement not in claim.requirements():
        raise ValidationError({"requirement": _("This scheme does not ask for that document.")})
    label = Requirement(requirement).label
    if document is None:
        ClaimDocument.objects.filter(claim=claim, requirement=requirement).delete()
        summary = Phrase(gettext_noop("%(claim)s: %(document)s unlinked"), claim=claim_name(claim), document=label)
    else:
        if document.case_id != claim.case_id:
            raise ValidationError({"document": _("Choose a document of this case.")})
        if document.doc_type not in ACCEPTED_DOCUMENT_TYPES[requirement]:
            raise ValidationError(
                {
                    "document": _("A %(type)s cannot stand for the %(requirement)s.")
                    % {"type": document.get_doc_type_display().lower(), "requirement": str(label).lower()}
                }
            )
        ClaimDocument.objects.update_or_create(
            claim=claim,
            requirement=requirement,
            defaults={"document": document, "linked_by": actor, "linked_at": timezone.now()},
        )
        summary = Phrase(gettext_noop("%(claim)s: %(document)s linked"), claim=claim_name(claim), document=label)
    claim_event(
        claim,
        actor,
        summary,
        action="document",
        requirement=requirement,
    )


# --- moving a claim ----------------------------------------------------------------------------------
# Its steps are declared once in compensation.workflow (SPEC) and applied by core.workflow.


def award_snapshot(claim: Claim, awarded_on: datetime.date) -> dict:
    """The fixed-deposit rule that binds this award: her minority on the award's date decides it."""
    age = claim.case.survivor.age_on(awarded_on)
    minor = age < ADULT_AGE if age is not None else bool(claim.case.survivor.minor_at_offence)
    return {
        "fd_share_required": claim.scheme.fd_share_for(minor=minor),
        "fd_lock_in_months": claim.scheme.fd_lock_in_months,
    }


@transaction.atomic
def claim_transition(
    *,
    actor,
    claim: Claim,
    transition: str,
    effective_on: datetime.date | None = None,
    expected_version: int | None = None,
    note: str = "",
    values: dict | None = None,
    access=None,
    clear=(),
    clear_reason: str = "",
) -> Claim:
    """Move a claim one step of compensation.workflow.SPEC. `values` are the step's inputs; its date
    is `values[step.date_field]` or `effective_on` (today if neither: a past date is the day it
    happened). A recorded value is blanked only if named in `clear`, with `clear_reason`."""
    step = SPEC.step(transition)
    if not step.manual:
        raise ValidationError(_("Payments are recorded with the payment form."))
    if access is not SYSTEM:
        access = visible_access(actor, claim.case)
    values = dict(values or {})
    if step.date_field and effective_on is not None:
        values.setdefault(step.date_field, effective_on)
    return apply_step(
        spec=SPEC,
        obj=claim,
        step=step,
        actor=actor,
        access=access,
        values=values,
        expected_version=expected_version,
        note=(note or "").strip(),
        clear=clear,
        clear_reason=clear_reason,
    )


# --- payments ---------------------------------------------------------------------------------------


@transaction.atomic
def claim_payment_record(
    *,
    actor,
    claim: Claim,
    expected_version: int,
    paid_on: datetime.date,
    amount,
    mode: str,
    bank_name: str = "",
    reference: str = "",
    fd_maturity_on: datetime.date | None = None,
    fd_share_reason: str = "",
    note: str = "",
) -> ClaimPayment:
    """Record one disbursement. The total never exceeds the award; the fixed-deposit rule of the
    scheme is enforced unless a reason for the deviation is recorded (authorities do release more
    for her education, health or housing on application)."""
    access = _manage_access(actor, claim.case)
    lock_for_edit(Claim, claim.pk, expected_version)
    claim = Claim.objects.select_related(
        "case__survivor", "scheme", "line", "authority_state", "authority_district"
    ).get(pk=claim.pk)
    if claim.stage not in PAYABLE:
        raise ValidationError(
            _("Payments are recorded once the claim is awarded and its appeals or writs are decided (now: %(stage)s).")
            % {"stage": claim.get_stage_display()}
        )
    if claim.awarded_amount is None or claim.awarded_on is None:  # a payable claim has both (the award step)
        raise ValidationError(_("The award is not recorded on this claim: record it first."))
    if mode not in PaymentMode.values:
        raise ValidationError({"mode": _("Choose how it was paid.")})
    amount = parse_rupees(amount, "amount", required=True, positive=True)
    _check_day(
        paid_on,
        "paid_on",
        not_before=claim.awarded_on,
        before_text=_("This is before the award (%(day)s).") % {"day": day_text(claim.awarded_on)},
    )
    paid = paid_total(claim)
    remaining = claim.awarded_amount - paid
    if amount > remaining:
        raise ValidationError(
            {
                "amount": _("Payments would total %(total)s, more than the award of %(award)s (%(left)s remains).")
                % {
                    "total": rupees(paid + amount),
                    "award": rupees(claim.awarded_amount),
                    "left": rupees(remaining),
                }
            }
        )
    bank_name, reference, fd_share_reason = (
        (bank_name or "").strip(),
        (reference or "").strip(),
        (fd_share_reason or "").strip(),
    )
    if len(bank_name) > 120 or len(reference) > 120:
        raise ValidationError(_("Bank and reference: at most 120 characters each."))
    share = claim.fd_share_required or 0
    if mode == PaymentMode.FIXED_DEPOSIT:
        if fd_maturity_on is None:
            raise ValidationError({"fd_maturity_on": _("Give the date the deposit matures.")})
        if fd_maturity_on <= paid_on:
            raise ValidationError({"fd_maturity_on": _("The deposit must mature after it is made.")})
        if not bank_name:
            raise ValidationError({"bank_name": _("Name the bank holding the deposit.")})
        lock_in = claim.fd_lock_in_months or 0
        if lock_in and fd_maturity_on < add_months(paid_on, lock_in) and not fd_share_reason:
            raise ValidationError(
                {
                    "fd_share_reason": _(
                        "The scheme locks the deposit for %(months)d months (until %(day)s): record why it matures "
                        "earlier."
                    )
                    % {"months": lock_in, "day": day_text(add_months(paid_on, lock_in))}
                }
            )
    else:
        fd_maturity_on = None
        if share:
            direct_paid = sum(
                (p.amount for p in claim.payments.all() if p.mode != PaymentMode.FIXED_DEPOSIT), start=ZERO
            )
            direct_allowed = (claim.awarded_amount * (100 - share) / 100).quantize(PAISE)
            if direct_paid + amount > direct_allowed and not fd_share_reason:
                raise ValidationError(
                    {
                        "fd_share_reason": _(
                            "%(scheme)s keeps %(share)d%% of the award in a fixed deposit: at most %(allowed)s is paid "
                            "into her account (%(paid)s so far). Record why more is paid directly, e.g. the "
                            "authority's order releasing it."
                        )
                        % {
                            "scheme": claim.scheme.short_name,
                            "share": share,
                            "allowed": rupees(direct_allowed),
                            "paid": rupees(direct_paid),
                        }
                    }
                )
    new_total = paid_total(claim) + amount
    full = new_total >= claim.awarded_amount
    days = (paid_on - claim.awarded_on).days
    summary = Phrase(
        gettext_noop("%(claim)s: %(amount)s paid (%(mode)s), %(days)d days after the award; %(left)s unpaid"),
        claim=claim_name(claim),
        amount=rupees(amount),
        mode=Phrase(PaymentMode(mode).label).lower(),
        days=days,
        left=rupees(claim.awarded_amount - new_total),
    )
    moved = apply_step(
        spec=SPEC,
        obj=claim,
        step="record_final_payment" if full else "record_part_payment",
        actor=actor,
        access=access,
        values={"paid_on": paid_on},
        expected_version=expected_version,
        note=(note or "").strip(),
        extra={"amount": amount},
        summary=summary,
    )
    payment = ClaimPayment.objects.create(
        claim=moved,
        case=moved.case,
        paid_on=paid_on,
        amount=amount,
        mode=mode,
        bank_name=bank_name,
        reference=reference,
        fd_maturity_on=fd_maturity_on,
        fd_share_reason=fd_share_reason,
        recorded_by=actor,
    )
    return payment


# --- court orders and the time bar, for other features to call --------------------------------------


@transaction.atomic
def claim_from_court_order(
    *,
    actor,
    case,
    amount,
    ordered_on: datetime.date,
    court_label: str,
    scheme_code: str | None = None,
    category: str | None = None,
    authority_level: str = AuthorityLevel.DLSA,
    authority_state=None,
    authority_district=None,
    note: str = "",
    on_acquittal: bool = False,
) -> Claim:
    """A court recommended or ordered compensation (BNSS 396(2)-(3)): create or update her claim.
    `on_acquittal`: the trial ended in acquittal or discharge (BNSS 396(3)); the route says so.

    For the court feature to call when it records a judgment. Without `scheme_code`, the first
    scheme the screening finds applicable is used (state schemes first), else NALSA 2018. A claim
    not yet filed moves to "applied" by the route "court recommendation" (no time bar applies); a
    claim already filed keeps its stage and records the court's order.
    """
    _manage_access(actor, case)
    case = type(case).objects.select_related("survivor", "source_state", "destination_state").get(pk=case.pk)
    amount = parse_rupees(amount, "court_ordered_amount")
    court_label = (court_label or "").strip()
    if not court_label:
        raise ValidationError({"court_label": _("Name the court.")})
    _check_day(ordered_on, "court_ordered_on")
    claims = list(Claim.objects.filter(case=case).select_related("scheme"))
    if scheme_code is None:
        applicable = [s for s in eligibility.screen_case(case, claims=claims, on=ordered_on) if s.applies]
        applicable = [s for s in applicable if s.scheme.is_claimable]
        state_first = sorted(applicable, key=lambda s: s.scheme.jurisdiction != Jurisdiction.STATE)
        scheme_code = state_first[0].scheme.code if state_first else "nalsa-2018"
    claim = next((c for c in claims if c.scheme_code == scheme_code), None)
    if claim is None:
        scheme = scheme_version_in_force(scheme_code, timezone.localdate(), case=case)
        if scheme is None or not scheme.is_claimable:
            raise ValidationError(_("No scheme %(code)s is in force.") % {"code": scheme_code})
        lines = list(scheme.lines.all())
        categories = eligibility.case_offence_categories(case)
        line = next((ln for ln in lines if ln.category == category), None) if category else None
        line = line or next((ln for ln in lines if ln.category in categories), None) or lines[0]
        needed_basis = eligibility.LINE_BASIS.get(line.category, "")
        if authority_state is None:
            authority_state = case.destination_state or case.source_state
            authority_district = case.destination_district if case.destination_state else case.source_district
        claim = claim_screen(
            actor=actor,
            case=case,
            line=line,
            authority_level=authority_level,
            authority_state=authority_state,
            authority_district=authority_district,
            screened_on=min(ordered_on, timezone.localdate()),
            screening_override_reason=_("Ordered by %(court)s.") % {"court": court_label},
            offence_basis=needed_basis,
        )
    values = {"court_label": court_label, "court_ordered_amount": amount}
    if claim.stage in (*BEFORE_FILING, Stage.LAPSED):
        return claim_transition(
            actor=actor,
            claim=claim,
            transition="recommend_on_acquittal" if on_acquittal else "recommend_by_court",
            effective_on=max(ordered_on, claim.stage_on),
            note=note,
            values=values,
        )
    # Already filed: record the order on the claim without moving it.
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    claim.court_label, claim.court_ordered_amount, claim.court_ordered_on = court_label[:200], amount, ordered_on
    claim.version += 1
    claim.updated_by = actor
    claim.save()
    summary = Phrase(
        gettext_noop("%(claim)s: %(court)s ordered compensation%(amount)s"),
        claim=claim_name(claim),
        court=court_label[:120],
        amount=f" ({rupees(amount)})" if amount is not None else "",
    )
    claim_event(claim, actor, summary, action="court_order")
    return claim


def _lead_caseworkers(case):
    from cases.models import CaseAssignment

    return list(
        CaseAssignment.objects.active().filter(case=case, role="lead_caseworker").values_list("user_id", flat=True)
    )


def _time_bar_recompute(claim: Claim, actor=None) -> eligibility.TimeBar:
    """Recompute an unfiled claim's time limit from the case as it is now (a trial concluded, a date
    corrected); move its deadline and clear a review flag the new date answers."""
    eligibility.forget_trial_status(claim.case)
    time_bar = eligibility.time_bar_for(claim.case, claim.scheme)
    changed = (claim.time_bar_on, claim.time_bar_basis) != (time_bar.on, time_bar.basis)
    fields: dict[str, Any] = {}
    if changed:
        fields.update(time_bar_on=time_bar.on, time_bar_basis=time_bar.basis)
    if claim.review_flagged_on and not time_bar.passed:
        fields.update(review_flagged_on=None, review_reason="")
    if fields:
        Claim.objects.filter(pk=claim.pk).update(**fields)
        for name, value in fields.items():
            setattr(claim, name, value)
    if changed and time_bar.on is not None and time_bar.start is not None and claim.stage in BEFORE_FILING:
        claim_deadline_start(
            claim, "claim_time_bar", time_bar.start, actor, label=TIME_BAR_LABELS.get(time_bar.basis, "")
        )
    if changed and claim.stage in BEFORE_FILING:
        with translation.override("en"):
            # Why, in English (the phrase's values are): its text is worded when it is computed.
            why = eligibility.time_bar_for(claim.case, claim.scheme).text
        summary = Phrase(
            gettext_noop("%(claim)s: time limit now %(day)s (%(why)s)"),
            claim=claim_name(claim),
            day=time_bar.on or Phrase(gettext_noop("none")),
            why=why,
        )
        claim_event(claim, actor, summary, action="time_bar")
    return time_bar


@transaction.atomic
def claim_time_bars_refresh(*, case, actor=None) -> int:
    """After a court case changed (a judgment, a withdrawal): the time limit of each unfiled claim of
    the case runs from the conclusion of the trial if that is later (NALSA scheme 2018)."""
    claims = Claim.objects.filter(case=case, stage__in=[*BEFORE_FILING, Stage.LAPSED]).select_related(
        "case__survivor", "scheme", "authority_state"
    )
    changed = 0
    for claim in claims:
        before = claim.time_bar_on
        time_bar = _time_bar_recompute(claim, actor)
        if claim.stage == Stage.LAPSED and not claim.review_flagged_on and not time_bar.bars:
            if time_bar.trial_pending:
                reason = Phrase(
                    gettext_noop(
                        "A trial is now pending: she may apply until three years after it concludes; reopen the "
                        "claim with that reason."
                    )
                )
            else:
                reason = Phrase(
                    gettext_noop(
                        "The time limit moved to %(day)s: the claim lapsed too early; reopen it with that reason."
                    ),
                    day=time_bar.on or Phrase(gettext_noop("none")),
                )
            _flag_for_review(claim, reason)
        changed += before != time_bar.on
    return changed


def _flag_for_review(claim: Claim, reason: Phrase, today: datetime.date | None = None) -> None:
    """A visible flag on the claim, an event on the timeline and a notification to the lead caseworker.
    The reason is a phrase (core.phrases): the claim keeps its English text, the timeline and the
    notification show it in each reader's language."""
    from django.urls import reverse

    from cases.notifications import notify

    today = today or timezone.localdate()
    Claim.objects.filter(pk=claim.pk).update(review_flagged_on=today, review_reason=reason.english()[:300])
    claim.review_flagged_on, claim.review_reason = today, reason.english()[:300]
    claim_event(
        claim,
        None,
        Phrase(gettext_noop("%(claim)s: flagged for review: %(reason)s"), claim=claim_name(claim), reason=reason),
        action="flagged",
    )
    notify(
        users=_lead_caseworkers(claim.case),
        title=lambda: _("%(case)s: compensation claim to review") % {"case": claim.case.reference},
        body=lambda: str(reason),
        url=reverse("compensation:claim_detail", kwargs={"case_id": claim.case_id, "claim_id": claim.pk}),
        case=claim.case,
    )


def claim_lapse_time_barred(*, today: datetime.date | None = None) -> list[Claim]:
    """The nightly time-bar scan: lapse every unfiled claim whose time limit has passed (none condoned).

    The time limit is recomputed first (a judgment moves it to three years after the trial). A claim
    never lapses while a trial is pending on the case: it is flagged for the lead caseworker to review
    instead (NALSA scheme 2018: three years from the offence or the conclusion of the trial), and its
    provisional time-bar deadline is cancelled with that reason. Each claim is its own transaction,
    recorded as done by Nyaya (no actor); a claim lapses on the day after its time bar.
    """
    today = today or timezone.localdate()
    due = Claim.objects.filter(stage__in=BEFORE_FILING, time_bar_on__lt=today).select_related(
        "case__survivor", "scheme", "line", "authority_state"
    )
    lapsed = []
    for claim in due:
        if claim.condonation_note.strip():
            continue  # encrypted: filtered here, not in SQL
        with transaction.atomic():
            time_bar = _time_bar_recompute(claim)
            if time_bar.on is None or not time_bar.passed:
                continue
            if time_bar.trial_pending:
                if claim.review_flagged_on is None:
                    reason = Phrase(
                        gettext_noop(
                            "The provisional time limit (%(day)s) passed while a trial is pending: the claim does "
                            "not lapse; she may apply until three years after the trial concludes. File it soon."
                        ),
                        day=time_bar.on,
                    )
                    _flag_for_review(claim, reason, today)
                _cancel(
                    claim,
                    ["claim_time_bar"],
                    None,
                    _("a trial is pending: the time limit runs again from its conclusion (NALSA scheme 2018)"),
                )
                continue
        effective_on = max(claim.time_bar_on + datetime.timedelta(days=1), claim.stage_on)
        try:
            lapsed.append(
                claim_transition(
                    actor=None,
                    claim=claim,
                    transition="lapse",
                    effective_on=min(effective_on, today),
                    note=_("The time bar passed without the claim being filed."),
                    access=SYSTEM,
                )
            )
        except ValidationError:
            continue  # moved or condoned meanwhile: the next scan looks again
    return lapsed


# --- schemes ---------------------------------------------------------------------------------------


def is_coordinator(user) -> bool:
    return standing_of(user).is_coordinator


@transaction.atomic
def scheme_version_create(
    *,
    actor,
    code: str = UNSET,
    name: str = UNSET,
    short_name: str = UNSET,
    kind: str = UNSET,
    authority: str = UNSET,
    jurisdiction: str = UNSET,
    state: Any = UNSET,
    effective_from: datetime.date | None = UNSET,
    effective_until: datetime.date | None = UNSET,
    version_by: str = UNSET,
    women_only: bool = UNSET,
    time_bar_months: int | None = UNSET,
    time_bar_source: str = UNSET,
    minor_age_limit: int | None = UNSET,
    minor_uplift_percent: Any = UNSET,
    fd_share_percent: Any = UNSET,
    fd_share_percent_minor: Any = UNSET,
    fd_lock_in_months: int | None = UNSET,
    interim_relief: bool = UNSET,
    interim_max_amount: Any = UNSET,
    required_documents: list[str] = UNSET,
    legal_source: str = UNSET,
    lines: list[dict],
    base: Scheme | None = None,
) -> Scheme:
    """A new scheme, or a new version of `base` in force from a later date. Versions are never edited:
    claims keep the amounts of the version they were made under."""
    data = given(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        authority=authority,
        jurisdiction=jurisdiction,
        state=state,
        effective_from=effective_from,
        effective_until=effective_until,
        version_by=version_by,
        women_only=women_only,
        time_bar_months=time_bar_months,
        time_bar_source=time_bar_source,
        minor_age_limit=minor_age_limit,
        minor_uplift_percent=minor_uplift_percent,
        fd_share_percent=fd_share_percent,
        fd_share_percent_minor=fd_share_percent_minor,
        fd_lock_in_months=fd_lock_in_months,
        interim_relief=interim_relief,
        interim_max_amount=interim_max_amount,
        required_documents=required_documents,
        legal_source=legal_source,
    )
    if not is_coordinator(actor):
        raise PermissionDenied
    code = base.code if base is not None else (data.get("code") or "").strip()
    if not code:
        raise ValidationError({"code": _("Give the scheme a short code, e.g. od-vcs-2026.")})
    effective_from = data.get("effective_from")
    if effective_from is None:
        raise ValidationError({"effective_from": _("Give the date this version comes into force.")})
    latest = Scheme.objects.filter(code=code).order_by("-effective_from").first()
    if base is None and latest is not None:
        raise ValidationError({"code": _("A scheme with this code exists: add a version to it instead.")})
    if latest is not None and effective_from <= latest.effective_from:
        raise ValidationError(
            {
                "effective_from": _("The version in force from %(day)s exists: a new version starts later.")
                % {"day": day_text(latest.effective_from)}
            }
        )
    if data.get("jurisdiction") == Jurisdiction.STATE and not data.get("state"):
        raise ValidationError({"state": _("A state scheme names its state.")})
    until = data.get("effective_until")
    if until is not None and until < effective_from:
        raise ValidationError({"effective_until": _("A version cannot end before it comes into force.")})
    if not (data.get("legal_source") or "").strip():
        raise ValidationError({"legal_source": _("Name the scheme's source: its notification or gazette.")})
    if data.get("jurisdiction") == Jurisdiction.NATIONAL:
        data = {**data, "state": None}
    requirements = [r for r in data.get("required_documents") or [] if r in Requirement.values]
    if not lines:
        raise ValidationError(_("Give at least one offence line with its amounts."))
    seen = set()
    for row in lines:
        if row["category"] in seen:
            raise ValidationError(_("%(offence)s appears twice.") % {"offence": OffenceCategory(row["category"]).label})
        seen.add(row["category"])
        low = parse_rupees(row.get("min_amount"), "min_amount", required=True)
        high = parse_rupees(row.get("max_amount"), "max_amount")
        if high is not None and low is not None and high < low:
            raise ValidationError(
                _("%(offence)s: the maximum is below the minimum.")
                % {"offence": OffenceCategory(row["category"]).label}
            )
    fields = {
        k: v
        for k, v in data.items()
        if k
        in {
            "name",
            "short_name",
            "kind",
            "authority",
            "jurisdiction",
            "state",
            "effective_until",
            "version_by",
            "women_only",
            "time_bar_months",
            "time_bar_source",
            "minor_age_limit",
            "minor_uplift_percent",
            "interim_relief",
            "interim_max_amount",
            "fd_share_percent",
            "fd_share_percent_minor",
            "fd_lock_in_months",
            "legal_source",
        }
    }
    scheme = Scheme(
        code=code, effective_from=effective_from, required_documents=requirements, created_by=actor, **fields
    )
    scheme.full_clean()
    if latest is not None and latest.effective_until is None:
        # The version it replaces ends the day before (claims made under it keep it).
        Scheme.objects.filter(pk=latest.pk).update(effective_until=effective_from - datetime.timedelta(days=1))
    scheme.save()
    for row in lines:
        SchemeLine.objects.create(
            scheme=scheme,
            category=row["category"],
            label=(row.get("label") or "").strip()[:200],
            min_amount=parse_rupees(row["min_amount"], "min_amount", required=True),
            max_amount=parse_rupees(row.get("max_amount"), "max_amount"),
        )
    return scheme
