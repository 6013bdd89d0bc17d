"""The compensation claim's steps, declared once (core.workflow): what each asks, the date it
records, what it derives, the deadlines it opens, meets or cancels, and what the timeline says.

compensation.services.claim_transition applies a step through core.workflow.apply_step; the
claim page's step form is core.workflow.StepForm built from the same step. Payments move the
claim themselves (services.claim_payment_record), through the same engine, as the two steps
declared here with manual=False.

Checks particular to claims live in `clean` below: a step's date is never before the claim reached
its present stage (real event dates, not the day of data entry), amounts are exact rupees within
the scheme or reasoned, a filing after the time bar records its condonation, and her own
application (a filing by her side) needs her "compensation application" consent in force on the
day it was filed.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from cases.models import CaseEvent
from cases.workflow import stage_label
from core.money import RupeeField, parse_rupees, rupees
from core.phrases import Phrase
from core.workflow import Step, WorkflowSpec, display_value, register
from survivors.models import ADULT_AGE, Consent, ConsentPurpose

from . import eligibility
from .models import Claim, ClaimPayment, ClosureReason

NAME = "compensation"
DEADLINE_RULES = ("claim_time_bar", "claim_decision", "interim_relief_decision", "award_payment")
MONEY_FIELDS = ("amount_claimed", "court_ordered_amount", "interim_amount", "awarded_amount")
TEXT_LIMITS = {
    "claim_number": 60,
    "court_label": 200,
    "award_reference": 100,
    "appeal_reference": 100,
    "writ_number": 100,
    "closure_reason": 20,
}
# Values copied into the (plain JSON) transition log. Reasons and notes (condonation, waiver,
# rejection, above-maximum) stay in the claim's encrypted fields only. They are not `private`
# inputs: the model's transition conditions read them, so they are set before it runs.
LOGGED = {"claim_number", "court_label", "award_reference", "appeal_reference", "writ_number", "closure_reason"}

# Filings by her side: her application to the authority (BNSS 396(4)-(5)), and her application to
# the POCSO Special Court for interim compensation (POCSO Rules 2020 r.9(1): "on an application
# filed by or on behalf of the child"). Each sends her record out in her name: her "compensation
# application" consent must be in force on the day. A court's recommendation or an authority taking
# a case up suo motu is not her application and needs no consent of hers to be recorded.
HER_APPLICATIONS = ("apply", "apply_offender_untraced", "seek_pocso_interim")
FILINGS = ("apply", "apply_offender_untraced", "recommend_by_court", "recommend_on_acquittal", "take_up_suo_motu")
AWARDS = ("award", "allow_appeal", "allow_writ")

NALSA = "NALSA Compensation Scheme for Women Victims/Survivors of Sexual Assault/other Crimes, 2018"
BNSS_396 = "BNSS 396 (CrPC 357A)"
FILED = ("stage_on", "route", "review_flagged_on", "review_reason")
AWARD_SETS = ("stage_on", "fd_share_required", "fd_lock_in_months")
AWARD_INPUTS = ("awarded_amount", "award_reference", "awarded_above_max_reason")


def claim_name(claim: Claim) -> Phrase:
    """The claim as the timeline names it (Claim.__str__: "Claim under NALSA 2018, DLSA Howrah"),
    as a phrase (core.phrases): its values taken in English, shown in each reader's language."""
    with translation.override("en"):
        return Phrase(
            gettext_noop("Claim under %(scheme)s, %(authority)s"),
            scheme=claim.scheme.short_name,
            authority=claim.authority_label,
        )


def _timeline(moved, from_stage, values) -> Phrase:
    """ "Claim under NALSA 2018, DLSA Howrah: Under inquiry → Awarded (₹5,00,000)": a phrase
    (core.phrases), its values taken in English, shown in each reader's language."""
    amount: Phrase | None = None
    with translation.override("en"):
        move = Phrase(
            gettext_noop("%(claim)s: %(from)s → %(to)s"),
            **{"claim": claim_name(moved), "from": stage_label(moved, from_stage), "to": stage_label(moved)},
        )
        if values.get("awarded_amount") is not None:
            amount = Phrase(gettext_noop("(%(amount)s)"), amount=rupees(values["awarded_amount"]))
        elif values.get("interim_amount") is not None:
            amount = (
                Phrase(gettext_noop("(interim %(amount)s)"), amount=rupees(values["interim_amount"]))
                if values["interim_amount"]
                else Phrase(gettext_noop("(interim relief refused)"))
            )
        elif values.get("court_ordered_amount") is not None:
            amount = Phrase(
                gettext_noop("(court recommended %(amount)s)"), amount=rupees(values["court_ordered_amount"])
            )
    return move if amount is None else Phrase("%(move)s %(amount)s", move=move, amount=amount)


def _step(name, label, **kwargs) -> Step:
    kwargs.setdefault("timeline", _timeline)
    kwargs.setdefault("date_default_today", True)
    sets = kwargs.pop("sets", ("stage_on",))
    if "stage_on" not in sets:
        sets = ("stage_on", *sets)
    return Step(name=name, label=label, sets=sets, **kwargs)


STEPS = (
    _step(
        "mark_documents_ready",
        gettext_lazy("Documents are ready"),
        date_field="effective_on",
        inputs=("documents_waiver_note",),
        optional=("documents_waiver_note",),
        help=gettext_lazy(
            "Every document the scheme asks for is linked, or the note says why it can be filed without."
        ),
        source=NALSA + ", cl. 6 (documents with the application); consortium practice",
    ),
    _step(
        "apply",
        gettext_lazy("Record the application"),
        date_field="applied_on",
        inputs=("claim_number", "amount_claimed", "claimed_above_max_reason", "condonation_note"),
        optional=("claim_number", "amount_claimed", "claimed_above_max_reason", "condonation_note"),
        sets=FILED,
        fulfils=("claim_time_bar",),
        starts=("claim_decision",),
        survivor_event="claim_filed",
        help=gettext_lazy("Her application to the authority. Her consent to the compensation application is needed."),
        source=BNSS_396 + "(4)-(5); " + NALSA + ", cl. 5",
    ),
    _step(
        "apply_offender_untraced",
        gettext_lazy("Record an application: offender not traced (BNSS 396(4))"),
        date_field="applied_on",
        inputs=("claim_number", "amount_claimed", "claimed_above_max_reason", "condonation_note"),
        optional=("claim_number", "amount_claimed", "claimed_above_max_reason", "condonation_note"),
        sets=FILED,
        fulfils=("claim_time_bar",),
        starts=("claim_decision",),
        survivor_event="claim_filed",
        help=gettext_lazy("The offender is not traced or identified and no trial takes place."),
        source=BNSS_396 + "(4)",
    ),
    _step(
        "recommend_by_court",
        gettext_lazy("Record a court's recommendation"),
        date_field="court_ordered_on",
        inputs=("court_label", "court_ordered_amount"),
        optional=("court_ordered_amount",),
        sets=(*FILED, "applied_on"),
        fulfils=("claim_time_bar",),
        starts=("claim_decision",),
        survivor_event="claim_filed",
        help=gettext_lazy("A court's recommendation is not her application: no time bar applies."),
        source=BNSS_396 + "(2)-(3)",
    ),
    _step(
        "recommend_on_acquittal",
        gettext_lazy("Court recommended it on acquittal or discharge (BNSS 396(3))"),
        date_field="court_ordered_on",
        inputs=("court_label", "court_ordered_amount"),
        optional=("court_ordered_amount",),
        sets=(*FILED, "applied_on"),
        fulfils=("claim_time_bar",),
        starts=("claim_decision",),
        survivor_event="claim_filed",
        source=BNSS_396 + "(3)",
    ),
    _step(
        "take_up_suo_motu",
        gettext_lazy("Authority took it up suo motu"),
        date_field="applied_on",
        inputs=("claim_number",),
        optional=("claim_number",),
        sets=FILED,
        fulfils=("claim_time_bar",),
        starts=("claim_decision",),
        survivor_event="claim_filed",
        source=BNSS_396 + "(5); " + NALSA + ", cl. 5(2)",
    ),
    _step(
        "seek_pocso_interim",
        gettext_lazy("POCSO Special Court: interim compensation sought (POCSO Rules r.9)"),
        date_field="interim_sought_on",
        inputs=("court_label",),
        sets=(*FILED, "interim_kind", "applied_on"),
        fulfils=("claim_time_bar",),
        starts=("interim_relief_decision",),
        help=gettext_lazy(
            "Her application to the Special Court. Her consent to the compensation application is needed."
        ),
        source="POCSO Rules 2020, r.9(1)",
    ),
    _step(
        "seek_interim_relief",
        gettext_lazy("Interim relief sought"),
        date_field="interim_sought_on",
        sets=("interim_kind",),
        starts=("interim_relief_decision",),
        source=BNSS_396 + "(6); " + NALSA + ", cl. 8",
    ),
    _step(
        "decide_interim_relief",
        gettext_lazy("Interim relief decided"),
        date_field="interim_decided_on",
        inputs=("interim_amount",),
        fulfils=("interim_relief_decision",),
        help=gettext_lazy("0 if it was refused."),
        source=BNSS_396 + "(6)",
    ),
    _step(
        "start_inquiry",
        gettext_lazy("Inquiry started"),
        date_field="inquiry_started_on",
        source=BNSS_396 + "(5): the authority completes its inquiry within two months",
    ),
    _step(
        "award",
        gettext_lazy("Compensation awarded"),
        date_field="awarded_on",
        inputs=AWARD_INPUTS,
        optional=("award_reference", "awarded_above_max_reason"),
        sets=AWARD_SETS,
        fulfils=("claim_decision",),
        cancels=("interim_relief_decision",),
        cancel_reason=gettext_lazy("the claim itself was decided"),
        starts=("award_payment",),
        survivor_event="compensation_awarded",
        source=BNSS_396 + "(5); " + NALSA + ", cl. 9 and schedule",
    ),
    _step(
        "reject",
        gettext_lazy("Claim rejected"),
        date_field="rejected_on",
        inputs=("rejection_reason",),
        fulfils=("claim_decision",),
        cancels=("interim_relief_decision",),
        cancel_reason=gettext_lazy("the claim itself was decided"),
        danger=True,
        source=BNSS_396 + "(5)",
    ),
    _step(
        "appeal",
        gettext_lazy("Appeal to the State authority"),
        date_field="appeal_filed_on",
        inputs=("appeal_reference",),
        optional=("appeal_reference",),
        side=True,
        source=NALSA + ", cl. 13 (appeal to the State Legal Services Authority within 90 days)",
    ),
    _step(
        "allow_appeal",
        gettext_lazy("Appeal allowed"),
        date_field="awarded_on",
        inputs=AWARD_INPUTS,
        optional=("award_reference", "awarded_above_max_reason"),
        sets=AWARD_SETS,
        starts=("award_payment",),
        survivor_event="compensation_awarded",
        side=True,
        source=NALSA + ", cl. 13",
    ),
    _step(
        "dismiss_appeal",
        gettext_lazy("Appeal dismissed"),
        date_field="effective_on",
        side=True,
        source=NALSA + ", cl. 13",
    ),
    _step(
        "file_writ",
        gettext_lazy("High Court writ filed"),
        date_field="writ_filed_on",
        inputs=("writ_number",),
        side=True,
        source="Constitution of India, art. 226",
    ),
    _step(
        "allow_writ",
        gettext_lazy("Writ allowed"),
        date_field="effective_on",
        inputs=AWARD_INPUTS,
        optional=("award_reference", "awarded_above_max_reason"),
        sets=(*AWARD_SETS, "awarded_on"),
        starts=("award_payment",),
        help=gettext_lazy("Keep the amount if the court upheld the award as it was."),
        side=True,
        source="Constitution of India, art. 226",
    ),
    _step(
        "dismiss_writ",
        gettext_lazy("Writ dismissed"),
        date_field="effective_on",
        side=True,
        source="Constitution of India, art. 226",
    ),
    _step(
        "forward_for_payment",
        gettext_lazy("Sent for payment"),
        date_field="effective_on",
        source="consortium practice",
    ),
    _step(
        "record_part_payment",
        gettext_lazy("Part payment recorded"),
        date_field="paid_on",
        date_default_today=False,
        sets=("amount_paid",),
        survivor_event="compensation_paid",
        manual=False,
        own_form="claim_payment_new",
        source=NALSA + ", cl. 11 (disbursement; fixed deposit)",
    ),
    _step(
        "record_final_payment",
        gettext_lazy("Final payment recorded"),
        date_field="paid_on",
        date_default_today=False,
        sets=("amount_paid", "fully_paid_on"),
        fulfils=("award_payment",),
        survivor_event="compensation_paid",
        manual=False,
        own_form="claim_payment_new",
        source=NALSA + ", cl. 11 (disbursement; fixed deposit)",
    ),
    _step(
        "close",
        gettext_lazy("Close the claim"),
        date_field="closed_on",
        inputs=("closure_reason",),
        cancels=DEADLINE_RULES,
        cancel_reason=gettext_lazy("claim closed"),
        danger=True,
        source="consortium practice",
    ),
    _step(
        "lapse",
        gettext_lazy("Mark lapsed (time bar passed)"),
        date_field="lapsed_on",
        cancels=("claim_time_bar",),
        cancel_reason=gettext_lazy("the claim lapsed unfiled"),
        danger=True,
        source=NALSA + ", cl. 5(3) (three years from the offence or the conclusion of the trial)",
    ),
    _step(
        "reopen_after_lapse",
        gettext_lazy("Reopen with condonation of delay"),
        date_field="effective_on",
        inputs=("condonation_note",),
        source=NALSA + ", cl. 5(3) (delay condoned for reasons recorded)",
    ),
)


# --- checks and derived values ------------------------------------------------------------------------


def _day_text(day: datetime.date) -> str:
    return display_value(day)


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def consent_refusal(claim: Claim, day: datetime.date) -> str | None:
    """Why her application may not be recorded as filed on `day`, or None: her "compensation
    application" consent must be in force that day; while she was a minor, her guardian's consent
    or a recorded legal basis (a survivor's own consent does not count)."""
    survivor = claim.case.survivor
    age = survivor.age_on(day)
    minor = age < ADULT_AGE if age is not None else bool(survivor.minor_at_offence)
    consents = [
        c
        for c in Consent.objects.filter(case_id=claim.case_id, purpose=ConsentPurpose.COMPENSATION, given_on__lte=day)
        if (c.expires_on is None or c.expires_on >= day)
        and (c.withdrawn_at is None or timezone.localtime(c.withdrawn_at).date() > day)
    ]
    if minor:
        consents = [c for c in consents if c.given_by in (Consent.GivenBy.GUARDIAN, Consent.GivenBy.LEGAL_BASIS)]
    if consents:
        return None
    label = ConsentPurpose.COMPENSATION.label
    if minor:
        return _(
            "Her “%(purpose)s” consent is not recorded in force on %(day)s: she was a minor then, so her guardian's "
            "consent or a recorded legal basis (e.g. a CWC order) is needed. Record it on the case's Consent page "
            "(Case → Consent → Record consent), dated on or before %(day)s, then record the filing."
        ) % {"purpose": label, "day": _day_text(day)}
    return _(
        "Her “%(purpose)s” consent is not recorded in force on %(day)s (none given by then, or it was withdrawn or "
        "had expired). Record it on the case's Consent page (Case → Consent → Record consent), dated on or before "
        "%(day)s, then record the filing."
    ) % {"purpose": label, "day": _day_text(day)}


def _text(values: dict, name: str) -> None:
    if name in values and values[name] is not None and not isinstance(values[name], str):
        values[name] = str(values[name])
    limit = TEXT_LIMITS.get(name)
    if limit and len(values.get(name) or "") > limit:
        raise ValidationError({name: _("At most %(n)d characters.") % {"n": limit}})


def clean(claim: Claim, step: Step, values: dict, actor, extra: dict) -> dict:
    # services.py imports this spec at load: its helpers are read when a step runs (no import cycle)

    from .services import award_snapshot, check_claimed

    for name in MONEY_FIELDS:
        if name in values:
            values[name] = parse_rupees(values[name], name)
    for name in TEXT_LIMITS:
        if name in values:
            _text(values, name)
    day = _as_date(values.get(step.date_field)) if step.date_field else None
    if day is None and step.date_field:
        day = _as_date(getattr(claim, step.date_field, None))
    day = day or timezone.localdate()
    field = step.date_field or "effective_on"
    if day.year < 1950:
        raise ValidationError({field: _("Check the year.")})
    paying = step.name in ("record_part_payment", "record_final_payment")  # checked against the award
    if day < claim.stage_on and not paying:
        raise ValidationError(
            {
                field: _("This is before the claim reached its present stage (%(stage)s, on %(day)s): check the date.")
                % {"stage": claim.get_stage_display(), "day": _day_text(claim.stage_on)}
            }
        )
    values["stage_on"] = day
    low, high = claim.amount_range
    name = step.name

    def recorded(key):
        return values[key] if key in values and values[key] not in (None, "") else getattr(claim, key)

    if name in HER_APPLICATIONS:
        refusal = consent_refusal(claim, day)
        if refusal:
            raise ValidationError(refusal, code="no_consent")
    if name in ("apply", "apply_offender_untraced"):
        check_claimed(recorded("amount_claimed"), recorded("claimed_above_max_reason") or "", high)
        if (
            claim.time_bar_on
            and day > claim.time_bar_on
            and not (recorded("condonation_note") or "").strip()
            and not eligibility.trial_status(claim.case).pending
        ):
            raise ValidationError(
                {
                    "condonation_note": _(
                        "Filed after the time bar (%(day)s): record the application for condonation of delay."
                    )
                    % {"day": _day_text(claim.time_bar_on)}
                }
            )
    if name in ("recommend_by_court", "recommend_on_acquittal"):
        if not (recorded("court_label") or "").strip():
            raise ValidationError({"court_label": _("Name the court, e.g. Sessions Court, Howrah (ST 12/2025).")})
        values["applied_on"] = day
    if name == "seek_pocso_interim" and not (recorded("court_label") or "").strip():
        raise ValidationError({"court_label": _("Name the Special Court, e.g. POCSO Court, Howrah (SC 12/2025).")})
    if name in FILINGS or name == "seek_pocso_interim":
        values.update(review_flagged_on=None, review_reason="")
    if name == "decide_interim_relief":
        amount = recorded("interim_amount")
        if amount is None:
            raise ValidationError({"interim_amount": _("Give the amount granted, or 0 if it was refused.")})
        if high is not None and amount > high:
            raise ValidationError(
                {
                    "interim_amount": _("Interim relief cannot exceed the scheme's maximum of %(max)s.")
                    % {"max": rupees(high)}
                }
            )
    if name in AWARDS:
        amount = recorded("awarded_amount")
        if amount is None or amount == 0:
            raise ValidationError({"awarded_amount": _("Give the amount awarded (more than zero).")})
        reason = (recorded("awarded_above_max_reason") or "").strip()
        if high is not None and amount > high and not reason:
            raise ValidationError(
                {
                    "awarded_above_max_reason": _(
                        "%(amount)s is above the scheme's maximum of %(max)s: record the reason given in the order."
                    )
                    % {"amount": rupees(amount), "max": rupees(high)}
                }
            )
        paid = paid_total(claim)
        if amount < paid:
            raise ValidationError(
                {
                    "awarded_amount": _("%(paid)s has already been paid: the award cannot be lower.")
                    % {"paid": rupees(paid)}
                }
            )
        if name == "allow_writ" and not (claim.is_awarded and amount == claim.awarded_amount):
            # (A writ about an award left unpaid: the award and its date stand as they were.)
            values["awarded_on"] = day
        awarded_on = values.get("awarded_on") or claim.awarded_on
        if awarded_on != claim.awarded_on or not claim.is_awarded:
            values.update(award_snapshot(claim, awarded_on))
    if name == "reject" and not (recorded("rejection_reason") or "").strip():
        raise ValidationError({"rejection_reason": _("Say why the authority rejected the claim.")})
    if name == "file_writ" and not (recorded("writ_number") or "").strip():
        raise ValidationError({"writ_number": _("Give the writ petition's number, e.g. WPA 1234 of 2026.")})
    if name == "close" and recorded("closure_reason") not in ClosureReason.values:
        raise ValidationError({"closure_reason": _("Choose why the claim is closed.")})
    if name == "reopen_after_lapse" and len((recorded("condonation_note") or "").strip()) < 10:
        raise ValidationError(
            {"condonation_note": _("Record the application for condonation of delay and its grounds.")}
        )
    if name in ("record_part_payment", "record_final_payment"):
        # What has been paid is the sum of the payment rows (one source), plus this payment.
        values["amount_paid"] = paid_total(claim) + extra["amount"]
        if name == "record_final_payment":
            values["fully_paid_on"] = day
        elif claim.stage == "partly_disbursed":
            values["stage_on"] = claim.stage_on  # still partly paid: in that stage since the first part
    return values


def paid_total(claim: Claim):
    """What has been paid on the claim: the sum of its payment rows (Claim.amount_paid is a copy of it,
    kept for lists and the database check that payments never exceed the award)."""
    from django.db.models import Sum

    from .models import ZERO

    return ClaimPayment.objects.filter(claim_id=claim.pk).aggregate(total=Sum("amount"))["total"] or ZERO


def start_deadline(claim: Claim, code: str, step: Step, actor) -> None:
    # services.py imports this spec at load: its helpers are read when a step runs (no import cycle)
    from .services import claim_deadline_start

    trigger = {
        "claim_decision": claim.applied_on,
        "interim_relief_decision": claim.interim_sought_on,
        "award_payment": claim.awarded_on,
    }[code]
    if code == "award_payment" and not (claim.is_awarded and claim.amount_paid < claim.awarded_amount):
        return
    if trigger is not None:
        claim_deadline_start(claim, code, trigger, actor)


def formfield(name: str, claim):
    if name in MONEY_FIELDS:
        return RupeeField(label=Claim._meta.get_field(name).verbose_name.capitalize(), required=False)
    return None


def form_extras(form, claim, step: Step) -> None:
    """A step's date is the day of this step: a date recorded for an earlier event (the first award,
    before an appeal) is not offered as this step's date."""
    name = step.date_field
    recorded = getattr(claim, name, None) if name else None
    if recorded is not None and recorded < claim.stage_on and not form.is_bound:
        form.initial.pop(name, None)
    if name in form.fields:
        form.fields[name].help_text = _("Leave empty for today. An earlier date is fine: the day it happened.")


def recorded_keys(step: Step):
    return {*LOGGED, *((step.date_field,) if step.date_field else ()), "applied_on", "court_ordered_on"}


SPEC = register(
    WorkflowSpec(
        name=NAME,
        model=Claim,
        event_kind=CaseEvent.Kind.COMPENSATION,
        steps=STEPS,
        clean=clean,
        start_deadline=start_deadline,
        formfield=formfield,
        form_extras=form_extras,
        recorded_keys=recorded_keys,
    )
)
