"""Writes about survivor care: rescue, custody orders, shelter stays, repatriation, the
rehabilitation plan and survivor-collective support.

Each service takes keyword-only arguments, re-reads the case through the visibility
selector (it trusts no caller), checks the actor's CaseAccess, runs in one transaction,
writes a CARE event on the case timeline and starts or fulfils the deadlines the law
attaches (cases.deadlines, rule codes in cases/deadline_rules.py). Errors meant for the
user are ValidationError, keyed by form field where there is one.

Timeline summaries carry kinds, dates, states and organisations, never her identity or
where she is. Events a survivor leader in a support role may read (the plan, services
that are not medical, the support log) carry "shared_with_collective" in their data;
every other care event is hidden from her (cases.selectors.timeline_for).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from cases import services as case_services
from cases.codes import Procedure, procedure_for
from cases.deadlines import deadline_cancel, deadline_fulfil, deadline_start, subject_key
from cases.models import Case, CaseAssignment, CaseRole, Deadline
from cases.permissions import acting_organisation, require, visible_access
from cases.transitions import record_creation
from consortium.models import Membership, Organisation, Role
from core.concurrency import save_with_version
from core.dates import day_text
from core.history import record_history
from core.money import rupees
from core.phrases import Phrase

from .events import care_event
from .models import (
    RECEIVING_TRANSITIONS,
    SENDING_TRANSITIONS,
    CustodyOrder,
    ExamConsent,
    FamilyTracing,
    GoalStatus,
    RehabilitationGoal,
    RehabilitationPlan,
    Repatriation,
    Rescue,
    ServiceReceived,
    ShelterHome,
    ShelterStay,
    SupportContact,
)
from .permissions import STAFF_ROLES, care_actor
from .selectors import (
    MEDICAL_RULE,
    RECEIVING_KINDS,
    family_handover_warning_for,
    is_child_at_rescue,
    medical_exam_status,
    sharing_consent_for,
)
from .workflow import route_summary

EARLIEST_YEAR = 1950
Kind = CustodyOrder.Kind

# Orders that open a custody period (each at most once a case), and the orders that may only
# follow one of them (any of the kinds listed, the earliest recorded).
ANCHOR_OF: dict[str, tuple[str, ...]] = {
    Kind.HOME_VERIFICATION_ORDERED: (Kind.MAGISTRATE_INTERMEDIATE, Kind.MAGISTRATE_CUSTODY),
    Kind.HOME_VERIFICATION: (Kind.MAGISTRATE_INTERMEDIATE, Kind.MAGISTRATE_CUSTODY),
    Kind.MAGISTRATE_RELEASE: (Kind.MAGISTRATE_INTERMEDIATE, Kind.MAGISTRATE_CUSTODY),
    Kind.MAGISTRATE_FINAL: (Kind.MAGISTRATE_CUSTODY,),
    Kind.CWC_INTERIM: (Kind.CWC_PRODUCTION,),
    Kind.CWC_SIR: (Kind.CWC_PRODUCTION,),
    Kind.HOME_INVESTIGATION_REQUESTED: (Kind.CWC_PRODUCTION,),
    Kind.HOME_INVESTIGATION_REPORT: (Kind.CWC_PRODUCTION,),
    Kind.CWC_TRANSFER: (Kind.CWC_PRODUCTION,),
    Kind.CWC_TRANSFER_RECEIVED: (Kind.CWC_PRODUCTION,),
    Kind.CWC_FINAL: (Kind.CWC_PRODUCTION,),
}
ANCHORS = (Kind.MAGISTRATE_INTERMEDIATE, Kind.MAGISTRATE_CUSTODY, Kind.CWC_PRODUCTION)
# Rule codes an order starts (subject: the order) and fulfils (every open one of the case:
# custody periods are at most one of each kind a case).
STARTS: dict[str, tuple[str, ...]] = {
    # ITPA s.17(1) proviso (i): at most ten days from the nearest magistrate's order.
    Kind.MAGISTRATE_INTERMEDIATE: ("adult_custody_limit",),
    # ITPA s.17(3) second proviso: custody while the inquiry is made, at most three weeks from the order.
    Kind.MAGISTRATE_CUSTODY: ("adult_custody_inquiry",),
    Kind.CWC_PRODUCTION: ("cwc_social_investigation", "cwc_final_order"),
    # ITPA s.17A sets no time: consortium practice, the report before the magistrate within the inquiry.
    Kind.HOME_VERIFICATION_ORDERED: ("home_verification_report",),
    # JJ Act s.95 sets no time: consortium practice, 15 days as the social investigation of s.36(2).
    Kind.HOME_INVESTIGATION_REQUESTED: ("home_investigation_report",),
}
# JJ Act s.95(2): the escort within 15 days of the SJPU's receipt of the escort order, counted from
# the escort order's date when recorded, else from the transfer order's (_transfer_escort_deadline).
ESCORT_RULE = "cwc_transfer_escort"
# A step that answers an order meets the deadline that order opened (subject: the order answered).
MEETS: dict[str, str] = {
    Kind.HOME_VERIFICATION: "home_verification_report",
    Kind.HOME_INVESTIGATION_REPORT: "home_investigation_report",
    Kind.CWC_TRANSFER_RECEIVED: ESCORT_RULE,
}
FULFILS: dict[str, tuple[str, ...]] = {
    # Produced before the appropriate magistrate: the intermediate custody is over.
    Kind.MAGISTRATE_CUSTODY: ("adult_custody_limit",),
    Kind.MAGISTRATE_RELEASE: ("adult_custody_limit", "adult_custody_inquiry"),
    Kind.MAGISTRATE_FINAL: ("adult_custody_limit", "adult_custody_inquiry"),
    Kind.CWC_SIR: ("cwc_social_investigation",),
    # The final order follows the social investigation in law: an open SIR deadline is met by it too.
    Kind.CWC_FINAL: ("cwc_social_investigation", "cwc_final_order"),
}
DEADLINE_TITLES = {
    "adult_custody_limit": gettext_lazy("Intermediate custody ends: 10 days at most (ITPA s.17(1) proviso)"),
    "adult_custody_inquiry": gettext_lazy("Custody during the inquiry ends: 3 weeks at most (ITPA s.17(3) proviso)"),
    "cwc_social_investigation": gettext_lazy("Social investigation report to the CWC (JJ Act s.36(2))"),
    "cwc_final_order": gettext_lazy("CWC inquiry completed: 4 months (JJ Act s.36(2))"),
    "home_verification_report": gettext_lazy("Home verification report (ITPA s.17A): 14 days, consortium practice"),
    "home_investigation_report": gettext_lazy("Home investigation report (JJ Act s.95): 15 days, consortium practice"),
    ESCORT_RULE: gettext_lazy("Escorted to the CWC of her home district: 15 days (JJ Act s.95(2))"),
}
TRIGGER_LABELS = {
    "adult_custody_limit": gettext_lazy("intermediate custody ordered by the nearest magistrate"),
    "adult_custody_inquiry": gettext_lazy("custody ordered while the inquiry is made"),
    "cwc_social_investigation": gettext_lazy("first production before the CWC"),
    "cwc_final_order": gettext_lazy("first production before the CWC"),
    "home_verification_report": gettext_lazy("the magistrate's order for a home verification"),
    "home_investigation_report": gettext_lazy("the CWC's request for a home investigation report"),
    ESCORT_RULE: gettext_lazy("the CWC's transfer order (or its escort order to the SJPU)"),
}


def _date_errors(errors: dict, field: str, day, *, label_future=None) -> None:
    """The usual checks of a date she cannot have in the future or in a bygone century."""
    if day is None:
        return
    if isinstance(day, datetime.datetime):
        if day > timezone.now() + datetime.timedelta(minutes=5):
            errors.setdefault(field, label_future or _("This cannot be in the future."))
            return
        day = timezone.localtime(day).date()
    if day > timezone.localdate():
        errors.setdefault(field, label_future or _("This cannot be in the future."))
    elif day.year < EARLIEST_YEAR:
        errors.setdefault(field, _("Check the year."))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _save(instance, *, actor, expected_version=None) -> None:
    """Create, or save an edit refusing a stale page (core.concurrency.save_with_version)."""
    if instance.pk is None:
        instance.created_by = actor
        instance.updated_by = actor
        record_history(instance, actor)
        instance.save()
    else:
        if expected_version is None:
            raise ValidationError(_("The page was out of date. Reload it and try again."))
        save_with_version(instance, expected_version=expected_version, actor=actor)


def _fmt(day) -> str:
    return day_text(day)


def _start_once(
    *, case, rule_code, trigger_at, subject, actor, state, title: Phrase, trigger_label="", reopen_cancelled=False
) -> Deadline | None:
    """Start (or recompute) a deadline, unless one for this rule and subject was already met or closed:
    an edit of the triggering record must not reopen what was done. With reopen_cancelled, one that
    was cancelled because the law did not apply then (no consent yet) may open again."""
    finished = Deadline.objects.filter(case=case, rule_code=rule_code, subject_key=subject_key(subject)).exclude(
        status=Deadline.Status.OPEN
    )
    if reopen_cancelled:
        finished = finished.exclude(status=Deadline.Status.CANCELLED)
    if finished.exists():
        return None
    return deadline_start(
        case=case,
        rule_code=rule_code,
        trigger_at=trigger_at,
        subject=subject,
        actor=actor,
        state=state,
        title=title,
        trigger_label=trigger_label,
    )


# --- shelter homes ----------------------------------------------------------------------------


def _may_manage_shelters(membership: Membership | None) -> bool:
    return membership is not None and membership.role in (Role.ORG_ADMIN, Role.COORDINATOR)


def _shelter_check(shelter: ShelterHome) -> None:
    errors: dict[str, Any] = {}
    if shelter.district is not None and shelter.district.state_id != shelter.state_id:
        errors["district"] = _("This district is not in the chosen state.")
    name = (shelter.name or "").strip()
    if not name:
        errors["name"] = _("Give the shelter's name.")
    elif ShelterHome.objects.filter(state=shelter.state, name__iexact=name).exclude(pk=shelter.pk).exists():
        errors["name"] = _("A shelter home of this name is already listed in this state.")
    _raise(errors)
    shelter.name = name


@transaction.atomic
def shelter_save(*, actor_membership: Membership, shelter: ShelterHome, expected_version=None) -> ShelterHome:
    """Add or edit a shelter home (reference data kept by organisation admins and coordinators)."""
    membership = Membership.objects.active().filter(pk=getattr(actor_membership, "pk", None)).first()
    if not _may_manage_shelters(membership):
        raise ValidationError(_("Only organisation admins and coordinators keep the list of shelter homes."))
    _shelter_check(shelter)
    _save(shelter, actor=membership.user, expected_version=expected_version)
    return shelter


# --- rescue and custody -----------------------------------------------------------------------


def _rescue_errors(case: Case, rescue: Rescue) -> dict:
    errors: dict[str, Any] = {}
    _date_errors(errors, "rescued_at", rescue.rescued_at)
    _date_errors(errors, "rape_reported_at", rescue.rape_reported_at)
    _date_errors(errors, "exam_consent_at", rescue.exam_consent_at)
    if rescue.rape_reported_at and not rescue.rape_reported:
        errors.setdefault("rape_reported", _("Tick this if she reports rape or attempted rape, or clear the time."))
    if rescue.exam_consent and rescue.exam_consent_at is None:
        errors.setdefault("exam_consent_at", _("When was her answer recorded?"))
    if rescue.exam_consent_at and not rescue.exam_consent:
        errors.setdefault("exam_consent", _("Choose her answer, or clear the time."))
    consent_at, rescued_at = rescue.exam_consent_at, rescue.rescued_at
    if consent_at and rescued_at and "exam_consent_at" not in errors and consent_at < rescued_at:
        errors["exam_consent_at"] = _("Her answer is dated before the rescue.")
    if rescue.rescued_at and "rescued_at" not in errors:
        day = rescue.rescued_on
        started = case.trafficked_on or case.left_home_on
        if started and day < started:
            errors["rescued_at"] = _("The rescue is dated before she was trafficked (%(day)s). Check the dates.") % {
                "day": _fmt(started)
            }
        if rescue.pk:
            first_order = CustodyOrder.objects.filter(case=case).order_by("ordered_on").first()
            if first_order and first_order.ordered_on < day:
                errors["rescued_at"] = _(
                    "An order is recorded on %(day)s, before this date. Correct the order first."
                ) % {"day": _fmt(first_order.ordered_on)}
            first_stay = ShelterStay.objects.filter(case=case).order_by("admitted_on").first()
            if first_stay and first_stay.admitted_on < day:
                errors["rescued_at"] = _(
                    "A shelter stay starts on %(day)s, before this date. Correct the stay first."
                ) % {"day": _fmt(first_stay.admitted_on)}
        if case.pk:
            # The examination is legal.MedicalExamination, read through the case (survivors imports no legal).
            first_exam = case.medical_examinations.order_by("examined_on").values_list("examined_on", flat=True).first()
            if first_exam and first_exam < day:
                errors["rescued_at"] = _(
                    "A medical examination is recorded on %(day)s, before this date. Check the dates."
                ) % {"day": _fmt(first_exam)}
    if rescue.district is not None and rescue.state_id and rescue.district.state_id != rescue.state_id:
        errors["district"] = _("This district is not in the chosen state.")
    return errors


@transaction.atomic
def rescue_save(
    *, actor, case: Case, rescue: Rescue, rescued_with=(), expected_version=None, opening: bool = False
) -> Rescue:
    """Record how her exploitation ended, or correct it: the one place the rescue is recorded (the
    case's "rescued on", the FIR and the deadlines read it). Starts the 24-hour deadlines: her
    medical examination and, for a child, production before the Child Welfare Committee.

    `opening`: recorded with the case at intake (cases.services.case_open, same transaction), by
    the person opening it, who may have opened it for a colleague and not be on its team."""
    creating = rescue.pk is None
    if opening:
        require(creating and case.opened_by_id == actor.pk and case.pk is not None)
    else:
        access = visible_access(actor, case)
        require(access.can_record_care)
    if creating and Rescue.objects.filter(case=case).exists():
        raise ValidationError(_("The rescue is already recorded: edit it instead."))
    if not creating and rescue.case_id != case.pk:
        require(False)
    rescue.case = case
    _raise(_rescue_errors(case, rescue))
    linked = [c for c in rescued_with if c.pk != case.pk]
    _save(rescue, actor=actor, expected_version=expected_version)
    rescue.rescued_with.set(linked)
    case_services.case_rescue_date_sync(
        actor=actor,
        case=case,
        rescued_on=rescue.rescued_on,
        escaped=rescue.agency == Rescue.Agency.SELF,
        opening=opening,
    )

    _medical_exam_deadline(case=case, rescue=rescue, actor=actor)

    produced = CustodyOrder.objects.filter(case=case, kind=Kind.CWC_PRODUCTION).exists()
    if is_child_at_rescue(case, rescue.rescued_on):
        if not produced:
            _start_once(
                case=case,
                rule_code="cwc_production",
                trigger_at=rescue.rescued_at,
                subject=rescue,
                actor=actor,
                state=rescue.state,
                title=Phrase(gettext_noop("Production of the child before the CWC")),
            )
    else:
        deadline_cancel(
            case=case,
            rule_codes=["cwc_production"],
            subject=rescue,
            actor=actor,
            reason=_("she was an adult when rescued"),
        )

    with translation.override("en"):
        summary = (
            Phrase(
                gettext_noop("Rescue recorded: %(day)s, %(state)s (%(agency)s)"),
                day=rescue.when_text,
                state=rescue.state.name,
                agency=rescue.get_agency_display(),
            )
            if creating
            else Phrase(gettext_noop("Rescue details edited"))
        )
    care_event(case, actor, summary, care="rescue", rescue=rescue.pk)
    return rescue


# --- the medical examination (BNSS 184 / CrPC 164A) ------------------------------------------

# Deadline titles travel (lists, notifications, the timeline): they name the provision, not what happened to her.
CONSENT_WORDS = {
    ExamConsent.GIVEN: gettext_lazy("with her consent"),
    ExamConsent.ON_HER_BEHALF: gettext_lazy("with consent given on her behalf"),
}


def rescue_at_intake(*, actor, case: Case, data: dict) -> Rescue:
    """The rescue typed on the case-opening form (cases.intake section "rescue", care/apps.py):
    saved in case_open's transaction by the person opening the case, with the day, the hour if
    known (else the start of the day, shown as "time not recorded"), where and by whom."""
    hour = data.get("rescued_time")
    rescue = Rescue(
        rescued_at=timezone.make_aware(datetime.datetime.combine(data["rescued_on"], hour or datetime.time(0, 0))),
        time_known=hour is not None,
        state=data.get("state"),
        district=data.get("district"),
        place=(data.get("place") or "").strip(),
        agency=data.get("agency") or "",
        agency_detail=(data.get("agency_detail") or "").strip(),
    )
    errors: dict[str, Any] = {}
    if rescue.state_id is None:  # (reading rescue.state unset raises, it does not give None)
        errors["state"] = _("Give the state where she was rescued: its calendar counts the deadlines.")
    if rescue.agency not in Rescue.Agency.values:
        errors["agency"] = _("Say who rescued her (or that she escaped by herself).")
    _raise(errors)
    return rescue_save(actor=actor, case=case, rescue=rescue, opening=True)


def _medical_exam_deadline(*, case: Case, rescue: Rescue, actor) -> None:
    """Open the 24-hour examination deadline only for a reported rape (or attempt) with her consent
    recorded (BNSS 184(1) / CrPC 164A(1)); counted from the information, in the state of the rescue.
    An open one that no longer applies (the report corrected, consent withdrawn) is cancelled, with why.

    The examination itself is recorded (and this deadline met) by legal.investigation.services.medical_exam_record
    alone; when it was recorded before the deadline could open here (her consent entered later), the
    deadline opens already met, on the examination's day."""
    status = medical_exam_status(case, rescue)
    if status.deadline_applies:
        consent = CONSENT_WORDS[ExamConsent(rescue.exam_consent)]
        # The same duty in both codes: name the one the investigation runs under (BNSS s.531(2)(a)).
        informed_on = timezone.localtime(status.information_at).date()
        provision = "CrPC 164A(1)" if procedure_for(informed_on) == Procedure.CRPC else "BNSS 184(1)"
        with translation.override("en"):
            title = Phrase(
                gettext_noop("Medical examination within 24 hours (%(law)s, %(consent)s)"),
                law=provision,
                consent=Phrase(consent),
            )
        started = _start_once(
            case=case,
            rule_code=MEDICAL_RULE,
            trigger_at=status.information_at,
            subject=rescue,
            actor=actor,
            state=rescue.state,
            title=title,
            trigger_label=_("information received by the police (%(law)s)") % {"law": provision},
            reopen_cancelled=True,
        )
        if started is not None and status.examination is not None:
            deadline_fulfil(
                case=case,
                rule_codes=[MEDICAL_RULE],
                subject=rescue,
                actor=actor,
                met_on=status.examination.examined_on,
                met_on_from_trigger=True,
            )
    else:
        reason = {"no_rape": _NO_RAPE_SHORT, "waiting_consent": _WAITING_SHORT, "withheld": _WITHHELD_SHORT}
        deadline_cancel(
            case=case, rule_codes=[MEDICAL_RULE], subject=rescue, actor=actor, reason=str(reason[status.legal_state])
        )


_NO_RAPE_SHORT = gettext_lazy("no rape reported: BNSS 184 does not apply")
_WAITING_SHORT = gettext_lazy("waiting for her consent to the examination (BNSS 184(1))")
_WITHHELD_SHORT = gettext_lazy("she does not consent to the examination (BNSS 184(1))")


@transaction.atomic
def medical_exam_deadline_sync(*, actor, case: Case) -> None:
    """Re-decide the 24-hour examination deadline after a change elsewhere: legal.investigation.services calls
    this when a FIR's charges change (a rape or POCSO section added or dropped)."""
    rescue = Rescue.objects.filter(case=case).select_related("state").first()
    if rescue is not None:
        _medical_exam_deadline(case=case, rescue=rescue, actor=actor)


def _order_errors(case: Case, order: CustodyOrder, rescue: Rescue) -> dict:
    errors: dict[str, Any] = {}
    _date_errors(errors, "ordered_on", order.ordered_on)
    if order.ordered_on and "ordered_on" not in errors and order.ordered_on < rescue.rescued_on:
        errors["ordered_on"] = _("This is dated before the rescue (%(day)s): orders follow the rescue.") % {
            "day": _fmt(rescue.rescued_on)
        }
    child = is_child_at_rescue(case, rescue.rescued_on)
    if order.kind in CustodyOrder.ADULT_KINDS and child:
        errors["kind"] = _(
            "She was a child when rescued: the Child Welfare Committee decides her care, not a magistrate. "
            "If her age was wrong, correct it on the Survivor tab first."
        )
    elif order.kind in CustodyOrder.CHILD_KINDS and not child:
        errors["kind"] = _(
            "She was an adult when rescued: record the magistrate's order. If she was in fact a child, correct "
            "her age on the Survivor tab first."
        )
    others = CustodyOrder.objects.filter(case=case).exclude(pk=order.pk)
    if order.kind in ANCHORS and others.filter(kind=order.kind).exists():
        errors.setdefault("kind", _("This is already recorded: edit the existing record instead."))
    anchor_kinds = ANCHOR_OF.get(order.kind)
    if anchor_kinds and "kind" not in errors:
        anchor = others.filter(kind__in=anchor_kinds).order_by("ordered_on", "pk").first()
        if anchor is None:
            errors["kind"] = _("Record “%(first)s” first.") % {
                "first": " / ".join(str(CustodyOrder.Kind(k).label) for k in anchor_kinds)
            }
        elif order.ordered_on and order.ordered_on < anchor.ordered_on:
            errors.setdefault(
                "ordered_on",
                _("This is dated before “%(first)s” (%(day)s).")
                % {"first": anchor.get_kind_display(), "day": _fmt(anchor.ordered_on)},
            )
    if order.kind == Kind.MAGISTRATE_CUSTODY and order.ordered_on and "ordered_on" not in errors:
        intermediate = others.filter(kind=Kind.MAGISTRATE_INTERMEDIATE).first()
        if intermediate and order.ordered_on < intermediate.ordered_on:
            errors["ordered_on"] = _(
                "This is dated before the intermediate custody order (%(day)s): she is produced before the "
                "magistrate after it (ITPA s.17(1))."
            ) % {"day": _fmt(intermediate.ordered_on)}
    if order.kind in ANCHORS and order.pk and order.ordered_on:
        followers = [k for k, anchors in ANCHOR_OF.items() if order.kind in anchors]
        if order.kind == Kind.MAGISTRATE_INTERMEDIATE:
            followers.append(Kind.MAGISTRATE_CUSTODY)
        earliest = others.filter(kind__in=followers).order_by("ordered_on").first()
        if earliest and earliest.ordered_on < order.ordered_on:
            errors.setdefault(
                "ordered_on",
                _("“%(next)s” is recorded on %(day)s, before this date.")
                % {"next": earliest.get_kind_display(), "day": _fmt(earliest.ordered_on)},
            )
    if order.shelter is not None and not order.shelter.is_active and order.pk is None:
        errors["shelter"] = _("This shelter home is no longer in use.")
    errors.update(_step_errors(case, order, errors))
    return errors


def _step_errors(case: Case, order: CustodyOrder, errors: dict) -> dict:
    """The fields of the steps of her way home: a home verification (ITPA s.17A), a home investigation,
    a transfer to her home district and her arrival there (JJ Act s.95). Fields of other kinds are cleared."""
    found: dict[str, Any] = {}
    kind = order.kind
    if kind in (Kind.HOME_VERIFICATION_ORDERED, Kind.HOME_INVESTIGATION_REQUESTED):
        order.addressed_to = (order.addressed_to or "").strip()
        if not order.addressed_to:
            found["addressed_to"] = (
                _("Name the recognised welfare institution or organisation asked to verify.")
                if kind == Kind.HOME_VERIFICATION_ORDERED
                else _("Name the CWC or the District Child Protection Unit of her home district asked for the report.")
            )
    else:
        order.addressed_to = ""
    if kind in (Kind.HOME_VERIFICATION, Kind.HOME_INVESTIGATION_REPORT):
        if not order.finding:
            found["finding"] = (
                _("What did the verification find?")
                if kind == Kind.HOME_VERIFICATION
                else _("What did the home investigation find?")
            )
    else:
        order.finding = ""
    if kind == Kind.CWC_TRANSFER:
        order.receiving_authority = (order.receiving_authority or "").strip()
        if not order.receiving_authority:
            found["receiving_authority"] = _("Name the Child Welfare Committee of her home district.")
        if order.home_district_id is None:
            found["home_district"] = _("Choose her home district.")
        _date_errors(found, "home_report_on", order.home_report_on)
        if order.home_report_on and order.home_report_on.year >= EARLIEST_YEAR and "home_report_on" not in found:
            production = CustodyOrder.objects.filter(case=case, kind=Kind.CWC_PRODUCTION).first()
            if production and order.home_report_on < production.ordered_on:
                found["home_report_on"] = _("The report is dated before she was produced before the CWC (%(day)s).") % {
                    "day": _fmt(production.ordered_on)
                }
        _date_errors(found, "escort_order_on", order.escort_order_on)
        escort_on = order.escort_order_on
        if escort_on and order.ordered_on and "escort_order_on" not in found and escort_on < order.ordered_on:
            found["escort_order_on"] = _(
                "The escort order is dated before the transfer order: it follows the decision to transfer her "
                "(JJ Act s.95(2))."
            )
    else:
        order.receiving_authority, order.home_report_on, order.escort_order_on = "", None, None
        if kind != Kind.HOME_INVESTIGATION_REQUESTED:
            order.home_district = None
    if kind == Kind.CWC_TRANSFER_RECEIVED:
        order.authority = (order.authority or "").strip()
        order.escorted_by = (order.escorted_by or "").strip()
        if not order.authority:
            found["authority"] = _("Name the Child Welfare Committee of her home district that received her.")
        if not order.escorted_by:
            found["escorted_by"] = _(
                "Who escorted her? The Special Juvenile Police Unit escorts her; a girl, by a woman police officer "
                "(JJ Act s.95(2))."
            )
    else:
        order.escorted_by = ""
    found.update(_chain_errors(case, order, {**errors, **found}))
    return {k: v for k, v in found.items() if k not in errors}


def _chain_errors(case: Case, order: CustodyOrder, errors: dict) -> dict:
    """A step answers the order before it on her way home (a report the request, her arrival the transfer
    order, a transfer the report it rests on): of this case, of the right kind, not answered twice, and
    not dated before it. An order already answered cannot be moved after its answer."""
    found: dict[str, Any] = {}
    kind = order.kind
    wanted = CustodyOrder.ANSWERS_REQUIRED.get(kind) or CustodyOrder.ANSWERS_OPTIONAL.get(kind)
    stored = CustodyOrder.objects.filter(pk=order.pk).values_list("answers_id", flat=True).first() if order.pk else None
    if wanted is None:
        order.answers = None
    elif stored is not None and order.answers_id != stored:
        found["answers"] = _("The order a step answers cannot be changed; record a new step.")
    elif order.answers_id is None:
        if kind in CustodyOrder.ANSWERS_REQUIRED and (order.pk is None or stored is not None):
            if not CustodyOrder.objects.filter(case=case, kind=wanted).exists():
                found["answers"] = _("Record “%(first)s” first: this step answers it.") % {
                    "first": CustodyOrder.Kind(wanted).label
                }
            else:
                found["answers"] = _("Choose the order this step answers.")
    else:
        answered = CustodyOrder.objects.filter(case=case, pk=order.answers_id, kind=wanted).first()
        if answered is None:
            found["answers"] = _("Choose “%(first)s” of this case.") % {"first": CustodyOrder.Kind(wanted).label}
        else:
            if order.ordered_on and "ordered_on" not in errors and order.ordered_on < answered.ordered_on:
                found["ordered_on"] = _("This is dated before “%(first)s” (%(day)s), which it answers.") % {
                    "first": answered.get_kind_display(),
                    "day": _fmt(answered.ordered_on),
                }
            escort_on = answered.escort_order_on
            before_escort = bool(escort_on and order.ordered_on and order.ordered_on < escort_on)
            if kind == Kind.CWC_TRANSFER_RECEIVED and before_escort and "ordered_on" not in {**errors, **found}:
                found["ordered_on"] = _("This is dated before the escort order (%(day)s).") % {"day": _fmt(escort_on)}
            twin = CustodyOrder.objects.filter(case=case, kind=kind, answers=answered).exclude(pk=order.pk).first()
            if twin is not None:
                found["answers"] = _("“%(first)s” is already answered (%(day)s): correct that record instead.") % {
                    "first": answered.get_kind_display(),
                    "day": _fmt(twin.ordered_on),
                }
            if kind == Kind.CWC_TRANSFER:
                order.home_report_on = answered.ordered_on
    if order.pk and order.ordered_on and "ordered_on" not in errors and "ordered_on" not in found:
        answer = CustodyOrder.objects.filter(answers=order).order_by("ordered_on", "pk").first()
        if answer is not None and answer.ordered_on < order.ordered_on:
            found["ordered_on"] = _("“%(next)s” is recorded on %(day)s, before this date, in answer to it.") % {
                "next": answer.get_kind_display(),
                "day": _fmt(answer.ordered_on),
            }
        if kind == Kind.CWC_TRANSFER and order.escort_order_on and "escort_order_on" not in errors:
            received = CustodyOrder.objects.filter(answers=order, ordered_on__lt=order.escort_order_on).first()
            if received is not None:
                found["escort_order_on"] = _("She was received on %(day)s, before this date.") % {
                    "day": _fmt(received.ordered_on)
                }
    return found


def _order_deadlines(*, case, order: CustodyOrder, actor, rescue: Rescue) -> None:
    for code in STARTS.get(order.kind, ()):
        _start_once(
            case=case,
            rule_code=code,
            trigger_at=order.ordered_on,
            subject=order,
            actor=actor,
            state=order.state,
            title=Phrase(DEADLINE_TITLES[code]),
            trigger_label=str(TRIGGER_LABELS[code]),
        )
    if order.kind == Kind.CWC_PRODUCTION:
        deadline_fulfil(case=case, rule_codes=["cwc_production"], subject=rescue, actor=actor)
    if order.kind in MEETS and order.answers_id is not None:
        deadline_fulfil(
            case=case,
            rule_codes=[MEETS[order.kind]],
            subject=order.answers,
            actor=actor,
            met_on=order.ordered_on,
            met_on_from_trigger=True,
        )
    if order.kind in FULFILS:
        # Only periods that began on or before this order end with it.
        began = CustodyOrder.objects.filter(case=case, kind__in=ANCHORS, ordered_on__lte=order.ordered_on)
        for anchor in began.exclude(pk=order.pk):
            deadline_fulfil(case=case, rule_codes=list(FULFILS[order.kind]), subject=anchor, actor=actor)


def _transfer_escort_deadline(*, case, order: CustodyOrder, actor, creating: bool) -> None:
    """JJ Act s.95(2): the SJPU escorts her within 15 days of receiving the escort order. Nyaya counts from
    the escort order's date when it is recorded, else from the transfer order's day. A transfer recorded
    before this rule existed opens none when corrected (nobody knows whether it was met)."""
    if order.kind != Kind.CWC_TRANSFER:
        return
    if not creating and not Deadline.objects.filter(case=case, rule_code=ESCORT_RULE, subject_key=subject_key(order)):
        return
    if CustodyOrder.objects.filter(answers=order, kind=Kind.CWC_TRANSFER_RECEIVED).exists():
        return
    _start_once(
        case=case,
        rule_code=ESCORT_RULE,
        trigger_at=order.escort_order_on or order.ordered_on,
        subject=order,
        actor=actor,
        state=order.state,
        title=Phrase(DEADLINE_TITLES[ESCORT_RULE]),
        trigger_label=str(
            _("the escort order to the SJPU (JJ Act s.95(2))")
            if order.escort_order_on
            else _("the CWC's transfer order (JJ Act s.95(1)); no escort order date recorded")
        ),
    )


@transaction.atomic
def custody_order_save(*, actor, case: Case, order: CustodyOrder, expected_version=None) -> CustodyOrder:
    """Record an order or step of her custody, or correct one (its kind stays). Orders follow the
    rescue; each starts or fulfils its statutory deadlines in the state where it was made."""
    access = visible_access(actor, case)
    require(access.can_record_care)
    creating = order.pk is None
    if not creating and order.case_id != case.pk:
        require(False)
    if not creating:
        stored_kind = CustodyOrder.objects.filter(pk=order.pk).values_list("kind", flat=True).first()
        if stored_kind != order.kind:
            raise ValidationError({"kind": _("The kind of an order cannot be changed; record a new one.")})
    rescue = Rescue.objects.filter(case=case).first()
    if rescue is None:
        raise ValidationError(_("Record the rescue (or her escape) first: custody orders follow it."))
    order.case = case
    _raise(_order_errors(case, order, rescue))
    _save(order, actor=actor, expected_version=expected_version)
    _order_deadlines(case=case, order=order, actor=actor, rescue=rescue)
    _transfer_escort_deadline(case=case, order=order, actor=actor, creating=creating)
    if creating and order.kind == Kind.CWC_TRANSFER_RECEIVED:
        _stays_end_on_transfer(case=case, actor=actor, received=order)
    if creating and order.shelter is not None:
        _stay_open(case=case, actor=actor, shelter=order.shelter, admitted_on=order.ordered_on, order=order)
    warning = family_handover_warning_for(case, order)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(what)s (%(state)s), %(day)s")
            if creating
            else gettext_noop("Corrected: %(what)s (%(state)s), %(day)s"),
            what=order.get_kind_display(),
            state=order.state.name,
            day=order.ordered_on,
        )
        if order.kind in (Kind.HOME_VERIFICATION, Kind.HOME_INVESTIGATION_REPORT):
            summary = Phrase("%(summary)s: %(finding)s", summary=summary, finding=order.get_finding_display())
        if warning:
            summary = Phrase(
                "%(summary)s %(warning)s",
                summary=summary,
                warning=Phrase(
                    gettext_noop("(restored to her family with no positive home verification on record, ITPA s.17A)")
                ),
            )
    extra: dict[str, Any] = {"warning": "itpa_17a"} if warning else {}
    care_event(case, actor, summary, care="custody", order=order.pk, **extra)
    return order


# Orders a family tracing may be done for: the home verification or home investigation asked.
TRACING_ORDER_KINDS = (Kind.HOME_VERIFICATION_ORDERED, Kind.HOME_INVESTIGATION_REQUESTED)


@transaction.atomic
def family_tracing_record(*, actor, case: Case, tracing: FamilyTracing) -> FamilyTracing:
    """What the search for her family found (traced and safe, traced but not safe, not traced, or still
    going on), on a day, by whom, for an adult or a child; optionally for the verification or home
    investigation it answers. Written once: a later outcome is a new row."""
    access = visible_access(actor, case)
    require(access.can_record_care)
    rescue = Rescue.objects.filter(case=case).first()
    if rescue is None:
        raise ValidationError(_("Record the rescue (or her escape) first."))
    errors: dict[str, Any] = {}
    _date_errors(errors, "traced_on", tracing.traced_on)
    if tracing.traced_on and "traced_on" not in errors and tracing.traced_on < rescue.rescued_on:
        errors["traced_on"] = _("This is before the rescue (%(day)s).") % {"day": _fmt(rescue.rescued_on)}
    if tracing.outcome not in FamilyTracing.Outcome.values:
        errors["outcome"] = _("Choose what the tracing found.")
    tracing.traced_by = (tracing.traced_by or "").strip()
    if not tracing.traced_by:
        errors["traced_by"] = _("Say who traced her family: the organisation or office.")
    if tracing.order_id is not None:
        order = CustodyOrder.objects.filter(case=case, pk=tracing.order_id, kind__in=TRACING_ORDER_KINDS).first()
        if order is None:
            errors["order"] = _("Choose a home verification or home investigation of this case.")
        elif tracing.traced_on and "traced_on" not in errors and tracing.traced_on < order.ordered_on:
            errors["traced_on"] = _("This is before “%(order)s” (%(day)s).") % {
                "order": order.get_kind_display(),
                "day": _fmt(order.ordered_on),
            }
    _raise(errors)
    tracing.case = case
    tracing.recorded_by = actor
    tracing.notes = (tracing.notes or "").strip()
    tracing.save()
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Family tracing: %(outcome)s, %(day)s"),
            outcome=tracing.get_outcome_display(),
            day=tracing.traced_on,
        )
    care_event(case, actor, summary, care="tracing", tracing=tracing.pk)
    return tracing


def _stays_end_on_transfer(*, case, actor, received: CustodyOrder) -> None:
    """Received by the CWC of her home district, she has left the home she stayed in in another state."""
    stays = ShelterStay.objects.select_for_update().filter(
        case=case, left_on__isnull=True, admitted_on__lte=received.ordered_on
    )
    for stay in stays.exclude(shelter__state=received.state):
        stay.left_on = received.ordered_on
        stay.version += 1
        stay.updated_by = actor
        stay.save()
        care_event(
            case,
            actor,
            Phrase(
                gettext_noop("Left the shelter home on %(day)s (received by the CWC of her home district)"),
                day=received.ordered_on,
            ),
            care="shelter",
            stay=stay.pk,
        )


def _stay_open(*, case, actor, shelter: ShelterHome, admitted_on, order=None) -> ShelterStay:
    current = ShelterStay.objects.select_for_update().filter(case=case, left_on__isnull=True).first()
    if current is not None:
        if current.shelter_id == shelter.pk:
            return current
        if admitted_on < current.admitted_on:
            raise ValidationError(
                {
                    "admitted_on": _("She is recorded in another shelter since %(day)s, after this date.")
                    % {"day": _fmt(current.admitted_on)}
                }
            )
        current.left_on = admitted_on
        current.version += 1
        current.updated_by = actor
        current.save()
    stay = ShelterStay(case=case, shelter=shelter, admitted_on=admitted_on, order=order)
    _save(stay, actor=actor)
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Placed in a shelter home (%(kind)s, %(state)s) on %(day)s"),
            kind=shelter.get_kind_display(),
            state=shelter.state.name,
            day=admitted_on,
        )
    care_event(case, actor, summary, care="shelter", stay=stay.pk)
    return stay


@transaction.atomic
def shelter_stay_record(*, actor, case: Case, shelter: ShelterHome, admitted_on: datetime.date) -> ShelterStay:
    """She moves into a shelter home; a stay still open elsewhere ends that day."""
    access = visible_access(actor, case)
    require(access.can_record_care)
    rescue = Rescue.objects.filter(case=case).first()
    if rescue is None:
        raise ValidationError(_("Record the rescue (or her escape) first."))
    errors: dict[str, Any] = {}
    _date_errors(errors, "admitted_on", admitted_on)
    if "admitted_on" not in errors and admitted_on < rescue.rescued_on:
        errors["admitted_on"] = _("This is before the rescue (%(day)s).") % {"day": _fmt(rescue.rescued_on)}
    if not shelter.is_active:
        errors["shelter"] = _("This shelter home is no longer in use.")
    _raise(errors)
    return _stay_open(case=case, actor=actor, shelter=shelter, admitted_on=admitted_on)


@transaction.atomic
def shelter_stay_end(*, actor, case: Case, stay: ShelterStay, left_on: datetime.date, expected_version) -> ShelterStay:
    access = visible_access(actor, case)
    require(access.can_record_care and stay.case_id == case.pk)
    if stay.left_on is not None:
        raise ValidationError(_("This stay has already ended."))
    errors: dict[str, Any] = {}
    _date_errors(errors, "left_on", left_on)
    if "left_on" not in errors and left_on < stay.admitted_on:
        errors["left_on"] = _("She left before she was admitted? Check the date (admitted %(day)s).") % {
            "day": _fmt(stay.admitted_on)
        }
    _raise(errors)
    stay.left_on = left_on
    _save(stay, actor=actor, expected_version=expected_version)
    care_event(
        case, actor, Phrase(gettext_noop("Left the shelter home on %(day)s"), day=left_on), care="shelter", stay=stay.pk
    )
    return stay


# --- repatriation -----------------------------------------------------------------------------


@transaction.atomic
def repatriation_request(
    *,
    actor,
    case: Case,
    receiving_organisation: Organisation,
    from_state,
    to_state,
    to_district=None,
    requested_on: datetime.date | None = None,
    expected_handover_on: datetime.date | None = None,
    note_for_receiver: str = "",
) -> Repatriation:
    """Ask an organisation in her home state to receive her. Only to the lead organisation or to
    one she consented to share her case with (for a minor: consent by her guardian or a CWC order)."""
    access = visible_access(actor, case)
    require(access.can_record_care)
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    sending = acting_organisation(actor, access)
    requested_on = requested_on or timezone.localdate()
    errors: dict[str, Any] = {}
    receiving_pk = getattr(receiving_organisation, "pk", None)
    receiving = Organisation.objects.filter(pk=receiving_pk).first() if receiving_pk is not None else None
    consent = None
    if receiving is None or not receiving.is_active or receiving.kind not in RECEIVING_KINDS:
        errors["receiving_organisation"] = _("Choose an active NGO or community organisation.")
    elif receiving.pk == sending.pk:
        errors["receiving_organisation"] = _("She would be handed over to your own organisation.")
    elif receiving.pk != case.lead_organisation_id:
        consent = sharing_consent_for(case, receiving)
        if consent is None:
            errors["receiving_organisation"] = _(
                "Her consent to share her case with %(org)s is not in force. Record it on the Consent tab "
                "(for a minor: given by her guardian or resting on a CWC order) before sending the request."
            ) % {"org": receiving.name}
    if from_state is None:
        errors["from_state"] = _("Give the state she leaves.")
    if to_state is None:
        errors["to_state"] = _("Give the state she goes home to.")
    elif from_state is not None and from_state.pk == to_state.pk:
        errors["to_state"] = _("A repatriation is between states: choose her home state.")
    if to_district is not None and to_state is not None and to_district.state_id != to_state.pk:
        errors["to_district"] = _("This district is not in the chosen state.")
    _date_errors(errors, "requested_on", requested_on)
    rescue = Rescue.objects.filter(case=case).first()
    if rescue and "requested_on" not in errors and requested_on < rescue.rescued_on:
        errors["requested_on"] = _("This is before the rescue (%(day)s).") % {"day": _fmt(rescue.rescued_on)}
    if expected_handover_on and expected_handover_on < requested_on:
        errors["expected_handover_on"] = _("The handover is expected before the request is sent.")
    if Repatriation.objects.filter(case=case, stage__in=Repatriation.OPEN_STAGES).exists():
        errors["__all__"] = _("A repatriation is already under way for her: finish or cancel it first.")
    _raise(errors)

    repatriation = Repatriation.objects.create(
        case=case,
        sending_organisation=sending,
        receiving_organisation=receiving,
        consent=consent,
        from_state=from_state,
        to_state=to_state,
        to_district=to_district,
        requested_on=requested_on,
        requested_by=actor,
        expected_handover_on=expected_handover_on,
        note_for_receiver=note_for_receiver.strip(),
        updated_by=actor,
    )
    record_creation(obj=repatriation, workflow="repatriation", actor=actor, effective_on=requested_on)
    care_event(
        case,
        actor,
        Phrase(gettext_noop("Repatriation requested: %(route)s"), route=route_summary(repatriation)),
        care="repatriation",
        workflow="repatriation",
        subject=subject_key(repatriation),
        to=repatriation.stage,
    )
    return repatriation


@transaction.atomic
def repatriation_transition(
    *,
    actor,
    case: Case,
    repatriation: Repatriation,
    transition: str,
    expected_version: int,
    values: dict | None = None,
    note: str = "",
    clear=(),
    clear_reason: str = "",
) -> Repatriation:
    """Move a repatriation one step of its spec (care.workflow, core.workflow.apply_step).

    The sending side (the case team's editors) arranges travel, hands her over or cancels;
    the receiving organisation's caseworkers and admins accept, refuse and acknowledge her
    arrival, the first two before they can see the case. On acceptance the accepting person
    joins the case team, with the survivor's consent for her organisation.
    """
    from core.workflow import apply_step

    from .workflow import SPEC

    step = SPEC.step(transition)
    if repatriation.case_id != case.pk:
        require(False)
    actor_context = care_actor(actor, case)
    receiving = repatriation.receiving_organisation
    if transition in RECEIVING_TRANSITIONS and receiving.pk not in actor_context.staff_org_ids:
        if actor_context.case_access is None:
            require(False)
        raise ValidationError(
            _("Only %(org)s, the receiving organisation, can do this.") % {"org": receiving.name}, code="not_receiver"
        )
    if transition in SENDING_TRANSITIONS:
        require(actor_context.case_access is not None)
        if receiving.pk in actor_context.staff_org_ids:
            raise ValidationError(
                _("The sending side (%(org)s) records this, not the receiving organisation.")
                % {"org": repatriation.sending_organisation.name},
                code="not_sender",
            )
    return apply_step(
        spec=SPEC,
        obj=repatriation,
        step=step,
        actor=actor,
        access=actor_context,
        values=values,
        expected_version=expected_version,
        note=note,
        clear=clear,
        clear_reason=clear_reason,
    )


def stays_end_on_handover(*, case, actor, repatriation: Repatriation) -> None:
    """Handed over, she has left the shelter home she stayed in in the state she leaves."""
    handed_on = timezone.localtime(repatriation.handed_over_at).date()
    stays = ShelterStay.objects.select_for_update().filter(
        case=case, left_on__isnull=True, shelter__state=repatriation.from_state, admitted_on__lte=handed_on
    )
    for stay in stays:
        stay.left_on = handed_on
        stay.version += 1
        stay.updated_by = actor
        stay.save()
        care_event(
            case,
            actor,
            Phrase(gettext_noop("Left the shelter home on %(day)s (handed over)"), day=handed_on),
            care="shelter",
            stay=stay.pk,
        )


# --- rehabilitation plan ----------------------------------------------------------------------


@transaction.atomic
def plan_priorities_save(
    *, actor, case: Case, priorities: str, recorded_on: datetime.date | None, expected_version=None
) -> RehabilitationPlan:
    """Her own priorities for her plan, in her words (encrypted)."""
    access = visible_access(actor, case)
    require(access.can_record_care)
    plan = RehabilitationPlan.objects.filter(case=case).first() or RehabilitationPlan(case=case)
    errors: dict[str, Any] = {}
    _date_errors(errors, "priorities_recorded_on", recorded_on)
    _raise(errors)
    creating = plan.pk is None
    plan.priorities = (priorities or "").strip()
    plan.priorities_recorded_on = recorded_on or timezone.localdate()
    _save(plan, actor=actor, expected_version=expected_version)
    care_event(
        case,
        actor,
        Phrase(gettext_noop("Her priorities for the plan recorded"))
        if creating
        else Phrase(gettext_noop("Her priorities for the plan updated")),
        care="plan",
        shared=True,
    )
    return plan


def _goal_errors(goal: RehabilitationGoal) -> dict:
    errors: dict[str, Any] = {}
    for field in ("start_on", "ended_on"):
        _date_errors(errors, field, getattr(goal, field))
    if goal.target_on and goal.target_on.year < EARLIEST_YEAR:
        errors["target_on"] = _("Check the year.")
    if goal.start_on and goal.target_on and goal.target_on < goal.start_on:
        errors.setdefault("target_on", _("The target date is before the start."))
    if goal.status in (GoalStatus.ACHIEVED, GoalStatus.DROPPED):
        if goal.ended_on is None:
            errors.setdefault("ended_on", _("When was it achieved or dropped?"))
        elif goal.start_on and goal.ended_on < goal.start_on:
            errors.setdefault("ended_on", _("This is before the start."))
    else:
        goal.ended_on = None
    if goal.status == GoalStatus.IN_PROGRESS and goal.start_on is None:
        errors.setdefault("start_on", _("When did work on it start?"))
    if not (goal.description or "").strip():
        errors["description"] = _("Describe the goal briefly.")
    if goal.responsible_organisation_id and not goal.responsible_organisation.is_active:
        errors["responsible_organisation"] = _("This organisation is no longer active.")
    return errors


@transaction.atomic
def goal_save(*, actor, case: Case, goal: RehabilitationGoal, expected_version=None) -> RehabilitationGoal:
    access = visible_access(actor, case)
    require(access.can_record_care)
    creating = goal.pk is None
    before = None
    if not creating:
        require(goal.case_id == case.pk)
        before = RehabilitationGoal.objects.filter(pk=goal.pk).values_list("status", flat=True).first()
    goal.case = case
    _raise(_goal_errors(goal))
    goal.description = goal.description.strip()
    _save(goal, actor=actor, expected_version=expected_version)
    RehabilitationPlan.objects.get_or_create(case=case, defaults={"created_by": actor, "updated_by": actor})
    if creating:
        template = gettext_noop("Goal added: %(area)s (%(status)s)")
    elif before != goal.status:
        template = gettext_noop("Goal %(area)s: %(before)s → %(status)s")
    else:
        template = gettext_noop("Goal %(area)s edited")
    with translation.override("en"):
        summary = Phrase(
            template,
            area=goal.get_area_display(),
            status=Phrase(goal.get_status_display()).lower(),
            before=Phrase(GoalStatus(before).label).lower() if before else "",
        )
    care_event(case, actor, summary, care="plan", shared=True, goal=goal.pk)
    return goal


@transaction.atomic
def service_record(*, actor, case: Case, service: ServiceReceived) -> ServiceReceived:
    """A service she received and any amount disbursed (Decimal rupees). Written once."""
    access = visible_access(actor, case)
    require(access.can_record_care)
    errors: dict[str, Any] = {}
    _date_errors(errors, "received_on", service.received_on)
    if service.goal_id and not RehabilitationGoal.objects.filter(case=case, pk=service.goal_id).exists():
        errors["goal"] = _("Choose one of this plan's goals.")
    if service.amount is not None and service.amount < 0:
        errors["amount"] = _("An amount disbursed cannot be negative.")
    if service.provided_by_id and not service.provided_by.is_active:
        errors["provided_by"] = _("This organisation is no longer active.")
    _raise(errors)
    service.case = case
    service.recorded_by = actor
    service.note = (service.note or "").strip()
    service.save()
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Service received: %(kind)s%(amount)s (%(org)s)"),
            kind=service.get_kind_display(),
            amount=f", {rupees(service.amount)}" if service.amount else "",
            org=service.provided_by.short_name,
        )
    care_event(
        case,
        actor,
        summary,
        care="service",
        shared=not service.is_sensitive,
        service=service.pk,
    )
    return service


# --- survivor-collective support --------------------------------------------------------------


@transaction.atomic
def support_record(*, actor, case: Case, contact: SupportContact) -> SupportContact:
    """A survivor leader on the team records support she gave. Her place on the team rests on the
    survivor's consent: once it lapses the case is gone for her and this is refused (404)."""
    access = visible_access(actor, case)
    require(access.can_record_collective_support)
    assignment = (
        CaseAssignment.objects.active()
        .filter(case=case, user=actor, role=CaseRole.SURVIVOR_LEADER)
        .select_related("organisation")
        .first()
    )
    require(assignment is not None)
    errors: dict[str, Any] = {}
    _date_errors(errors, "happened_on", contact.happened_on)
    _raise(errors)
    contact.case = case
    contact.organisation = assignment.organisation
    contact.recorded_by = actor
    contact.note = (contact.note or "").strip()
    contact.save()
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Support by %(org)s: %(kind)s"),
            org=assignment.organisation.short_name,
            kind=contact.get_kind_display(),
        )
    care_event(
        case,
        actor,
        summary,
        care="support",
        shared=True,
        support=contact.pk,
    )
    return contact


__all__ = [
    "STAFF_ROLES",
    "custody_order_save",
    "family_tracing_record",
    "goal_save",
    "plan_priorities_save",
    "repatriation_request",
    "repatriation_transition",
    "rescue_at_intake",
    "rescue_save",
    "service_record",
    "shelter_save",
    "shelter_stay_end",
    "shelter_stay_record",
    "support_record",
]
