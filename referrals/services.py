"""Writes about referrals and transfers of lead.

Each service takes keyword-only arguments, checks who the actor is on both sides (the sending side
through the case she sees, cases.permissions; the receiving side through her membership of the
receiving organisation, referrals.permissions), runs in one transaction and leaves the move on the
case: its stage history and timeline (cases.workflow.fsm_transition), its deadline
(`referral_response`, cases/deadline_rules.py) and notifications (cases.notifications).

A referral's team place rests on the survivor's consent (CaseAssignment.consent): it ends by
itself the day the consent is withdrawn or expires, and here when the referral ends (closed with
its outcome, or withdrawn), unless the person was on the team already.

Refusals meant for the user are ValidationError, keyed by the form's field where there is one.
Someone outside the case and outside the receiving organisation gets a 404.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases import events as case_events
from cases.deadlines import deadline_cancel, deadline_fulfil, deadline_start
from cases.models import AccessLogEntry, Case, CaseAssignment, CaseDocument, CaseEvent, CaseRole
from cases.notifications import notify
from cases.permissions import acting_organisation, require, visible_access
from cases.services import CASE_ROLE_NEEDS
from cases.transitions import record_creation
from cases.workflow import fsm_transition
from consortium.models import Membership, Organisation, User
from core.concurrency import save_with_version
from core.phrases import Phrase

from . import events
from .models import Referral, Service
from .permissions import (
    SYSTEM,
    is_receiver_on_case,
    is_receiving_side,
    is_sending_side,
    may_answer,
    referral_actor,
)
from .selectors import LEAD_KINDS, REFERRABLE_KINDS, consent_for, consent_for_place, role_after_transfer

WORKFLOW = "referral"
RULE = "referral_response"
ACKNOWLEDGEMENT = "lead_transfer_acknowledgement"


def _purpose_label(purpose: str) -> str:
    from survivors.models import ConsentPurpose

    return str(ConsentPurpose(purpose).label).lower()


def _receiving_member(referral: Referral, user) -> Membership | None:
    """Her active membership of the receiving organisation, if her role there may take the role."""
    if user is None:
        return None
    return (
        Membership.objects.active()
        .filter(
            user=user, organisation_id=referral.receiving_organisation_id, role__in=CASE_ROLE_NEEDS[referral.team_role]
        )
        .select_related("user", "organisation")
        .first()
    )


def _people_who_answer(referral: Referral) -> list[int]:
    members = Membership.objects.active().filter(organisation_id=referral.receiving_organisation_id)
    return [m.user_id for m in members if may_answer(referral, m.role)]


@transaction.atomic
def referral_send(
    *,
    actor,
    case: Case,
    kind: str = Referral.Kind.REFERRAL,
    service: str = "",
    receiving_organisation: Organisation | None,
    respond_by: datetime.date | None,
    receiving_person: User | None = None,
    message: str = "",
    documents: Iterable[CaseDocument] = (),
) -> Referral:
    """Refer the case, or one service need of hers, to another organisation (or a person there); or,
    with kind "transfer", ask another organisation to lead the case. Only with her consent in force
    for that organisation, for the purpose the receiver's role needs (a minor: her guardian's, or a
    recorded legal basis). A transfer is sent by the lead caseworker or the lead organisation's admin."""
    access = visible_access(actor, case)
    errors: dict[str, Any] = {}
    if kind not in Referral.Kind.values:
        raise ValidationError({"kind": _("Choose a referral or a transfer of lead.")})
    transfer = kind == Referral.Kind.TRANSFER
    require(access.can_manage_team if transfer else access.can_edit)
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    sending = case.lead_organisation if transfer else acting_organisation(actor, access)
    if transfer:
        service = Service.WHOLE_CASE
    if service not in Service.values:
        errors["service"] = _("Choose the service she needs.")
    receiving_pk = getattr(receiving_organisation, "pk", None)
    receiving = Organisation.objects.filter(pk=receiving_pk).first() if receiving_pk is not None else None
    kinds = LEAD_KINDS if transfer else REFERRABLE_KINDS
    referral = Referral(
        case=case,
        kind=kind,
        service=service,
        sending_organisation=sending,
        receiving_person=receiving_person,
        sent_by=actor,
        updated_by=actor,
        message=(message or "").strip(),
        respond_by=respond_by,
    )
    if receiving is None or not receiving.is_active:
        errors["receiving_organisation"] = _("Choose an active organisation of the consortium.")
    elif receiving.kind not in kinds:
        errors["receiving_organisation"] = (
            _("A case is led by an NGO, a community organisation or a government partner.")
            if transfer
            else _("Choose an organisation that gives services to survivors.")
        )
    elif receiving.pk == case.lead_organisation_id:
        errors["receiving_organisation"] = _("%(org)s already leads her case.") % {"org": receiving.name}
    elif receiving.pk == sending.pk:
        errors["receiving_organisation"] = _("This is your own organisation.")
    elif "service" not in errors:
        referral.receiving_organisation = receiving
        role, purpose = referral.team_role, referral.consent_purpose
        consent = consent_for(case, receiving, purpose)
        if consent is not None:
            referral.consent = consent
        if consent is None:
            errors["receiving_organisation"] = _(
                "Her consent to %(purpose)s with %(org)s is not in force. Record it on the Consent tab (for a minor: "
                "given by her guardian or resting on a recorded legal basis such as a CWC order) before referring."
            ) % {"purpose": _purpose_label(purpose), "org": receiving.name}
        elif receiving_person is not None and _receiving_member(referral, receiving_person) is None:
            errors["receiving_person"] = _("%(name)s cannot be %(role)s on a case for %(org)s.") % {
                "name": receiving_person.display_name,
                "role": CaseRole(role).label.lower(),
                "org": receiving.name,
            }
        else:
            open_ones = Referral.objects.filter(case=case, stage__in=Referral.OPEN_STAGES)
            if transfer and open_ones.filter(kind=kind, stage=Referral.Stage.SENT).exists():
                errors["__all__"] = _("A transfer of lead is already waiting for an answer: withdraw it first.")
            elif (
                not transfer and open_ones.filter(kind=kind, service=service, receiving_organisation=receiving).exists()
            ):
                errors["__all__"] = _(
                    "A referral for %(service)s to %(org)s is already open: withdraw or close it first."
                ) % {"service": Service(service).label.lower(), "org": receiving.name}
    documents = list(documents or [])
    if any(getattr(d, "case_id", None) != case.pk for d in documents):
        errors["documents"] = _("Share only documents of this case.")
    today = timezone.localdate()
    if respond_by is None:
        errors["respond_by"] = _("Give the day by which they should answer.")
    elif respond_by < today:
        errors["respond_by"] = _("The respond-by date is in the past.")
    elif respond_by > today + datetime.timedelta(days=90):
        errors["respond_by"] = _("Give them at most 90 days to answer.")
    if errors:
        raise ValidationError(errors)
    referral.save()
    referral.documents.set(documents)
    record_creation(obj=referral, workflow=WORKFLOW, actor=actor)
    events.referral_sent_event(case=case, actor=actor, referral=referral)
    with translation.override("en"):
        title = Phrase(
            gettext_noop("%(org)s answers the referral (%(service)s)"),
            org=referral.receiving_organisation.short_name,
            service=str(Service(referral.service).label),
        )
    deadline_start(
        case=case,
        rule_code=RULE,
        trigger_at=referral.sent_at,
        subject=referral,
        actor=actor,
        title=title,
        trigger_label=_("referral sent to %(org)s") % {"org": referral.receiving_organisation.short_name},
    )
    reference, org = case.reference, sending.short_name
    notify(
        users=_people_who_answer(referral),
        title=(
            (lambda: _("%(ref)s: %(org)s asks your organisation to lead the case") % {"ref": reference, "org": org})
            if transfer
            else (lambda: _("%(ref)s: a referral from %(org)s") % {"ref": reference, "org": org})
        ),
        url=reverse("referrals:incoming_referral", kwargs={"referral_id": referral.pk}),
    )
    return referral


def _check_receiver(referral: Referral, actor_context) -> None:
    """Someone who can neither see the case nor answer for the receiving organisation: 404."""
    if is_receiving_side(referral, actor_context):
        return
    if actor_context.case_access is None:
        raise Http404
    raise ValidationError(
        _("Only %(org)s, the receiving organisation, can answer.") % {"org": referral.receiving_organisation.name},
        code="not_receiver",
    )


def _check_sender(referral: Referral, actor_context) -> None:
    """The sending side; someone who may not edit the case she sees gets the 404 of its pages."""
    if is_sending_side(referral, actor_context):
        return
    if actor_context.case_access is None:
        raise Http404
    require(actor_context.case_access.can_edit)
    raise ValidationError(_("Only the sending side can do this."), code="not_sender")


def _notify_sender(referral: Referral, title) -> None:
    users = {referral.sent_by_id}
    users |= set(
        CaseAssignment.objects.active()
        .filter(case_id=referral.case_id, role=CaseRole.LEAD_CASEWORKER)
        .values_list("user_id", flat=True)
    )
    notify(
        users=users,
        case=referral.case,
        title=title,
        url=reverse("referrals:case_referrals", kwargs={"case_id": referral.case_id}),
    )


def _move(referral: Referral, transition: str, what: str, *, access, actor, data: dict, **options) -> Referral:
    """One move of a referral by the case hub's engine: its stage history, and the timeline's
    sentence naming the organisations, the service and `what` happened (referrals.events)."""
    return fsm_transition(
        obj=referral,
        transition=transition,
        access=access,
        actor=actor,
        workflow=WORKFLOW,
        data=data,
        summary=events.referral_said(referral, what),
        event_kind=CaseEvent.Kind.REFERRAL,
        **options,
    )


def _ended(actor, note: str, referral: Referral) -> dict:
    """What a sender's ending move (withdrawal, acknowledgement) writes: when, who, and her note."""
    return {"ended_at": timezone.now(), "ended_by": actor, "answer_note": (note or "").strip() or referral.answer_note}


@transaction.atomic
def referral_accept(
    *, actor, referral: Referral, expected_version: int, receiving_person: User | None = None, request=None
) -> Referral:
    """The receiving organisation takes it on. The receiving person (the one chosen here, else the one
    the referral names, else the one accepting) joins the case team with the role her consent allows;
    a transfer makes the receiving organisation the case's lead and that person its lead caseworker."""
    case = referral.case
    context = referral_actor(actor, case)
    _check_receiver(referral, context)
    person = receiving_person or referral.receiving_person or actor
    membership = _receiving_member(referral, person)
    if membership is None:
        raise ValidationError(
            {
                "receiving_person": _("%(name)s cannot be %(role)s on a case for %(org)s: choose who takes it on.")
                % {
                    "name": person.display_name,
                    "role": CaseRole(referral.team_role).label.lower(),
                    "org": referral.receiving_organisation.name,
                }
            }
        )
    consent = consent_for(case, referral.receiving_organisation, referral.consent_purpose)
    moved = _move(
        referral,
        "accept",
        gettext_noop("accepted"),
        access=context,
        actor=actor,
        expected_version=expected_version,
        data={"answered_at": timezone.now(), "answered_by": actor, "receiving_person": person, "consent": consent},
    )
    deadline_fulfil(case=case, rule_codes=[RULE], subject=moved, actor=actor)
    if moved.kind == Referral.Kind.TRANSFER:
        _lead_transfer(referral=moved, membership=membership, actor=actor, request=request)
        deadline_start(
            case=case,
            rule_code=ACKNOWLEDGEMENT,
            trigger_at=moved.answered_at,
            subject=moved,
            actor=actor,
            trigger_label=_("transfer of lead accepted by %(org)s") % {"org": moved.receiving_organisation.short_name},
        )
    else:
        assignment = _join_team(referral=moved, membership=membership, consent=moved.consent, actor=actor)
        if assignment is not None:
            moved.assignment = assignment
            moved.save(update_fields=["assignment", "updated_at"])
    reference, org = case.reference, referral.receiving_organisation.short_name
    _notify_sender(moved, lambda: _("%(ref)s: %(org)s accepted your referral") % {"ref": reference, "org": org})
    return moved


def _join_team(*, referral: Referral, membership: Membership, consent, actor) -> CaseAssignment | None:
    """Her place on the team, resting on the referral's consent; none when she is on the team already."""
    case = referral.case
    if CaseAssignment.objects.active().filter(case=case, user=membership.user).exists():
        return None
    # An assignment whose consent lapsed is still open in the table: close it before adding her.
    CaseAssignment.objects.filter(case=case, user=membership.user, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_by=actor
    )
    assignment = CaseAssignment.objects.create(
        case=case,
        user=membership.user,
        organisation=membership.organisation,
        role=referral.team_role,
        consent=consent,
        added_by=actor,
    )
    case_events.team_added_event(
        case=case,
        actor=actor,
        membership=membership,
        assignment=assignment,
        consent=consent,
        reason=_("accepted the referral"),
    )
    return assignment


def _end_place(*, case: Case, assignment: CaseAssignment, actor) -> None:
    if assignment.ended_at is not None:
        return
    assignment.ended_at = timezone.now()
    assignment.ended_by = actor
    assignment.save(update_fields=["ended_at", "ended_by"])
    case_events.team_removed_event(case=case, actor=actor, assignment=assignment)


def _end_referral_place(referral: Referral, actor) -> None:
    """The referral ended: the team place it gave ends, unless another accepted referral of hers
    on the case still needs it (it passes to that one)."""
    if referral.assignment_id is None:
        return
    assignment = CaseAssignment.objects.select_for_update().select_related("user").get(pk=referral.assignment_id)
    if assignment.ended_at is not None:
        return
    heir = (
        Referral.objects.filter(
            case_id=referral.case_id,
            kind=Referral.Kind.REFERRAL,
            stage=Referral.Stage.ACCEPTED,
            receiving_person_id=assignment.user_id,
        )
        .exclude(pk=referral.pk)
        .first()
    )
    if heir is not None:
        Referral.objects.filter(pk=heir.pk).update(assignment=assignment)
        return
    _end_place(case=referral.case, assignment=assignment, actor=actor)


def _lead_transfer(*, referral: Referral, membership: Membership, actor, request=None) -> None:
    """The receiving organisation leads the case; the accepting (or chosen) person is its lead
    caseworker. The old lead organisation's people keep their places until it acknowledges the
    handover of the file (referral_acknowledge); the old lead caseworker stays as a caseworker."""
    from cases.audit import access_log_record

    case = Case.objects.select_for_update().select_related("lead_organisation").get(pk=referral.case_id)
    now = timezone.now()
    for old_lead in (
        CaseAssignment.objects.active()
        .filter(case=case, role=CaseRole.LEAD_CASEWORKER)
        .select_related("user", "organisation")
    ):
        _end_place(case=case, assignment=old_lead, actor=actor)
        if old_lead.user_id != membership.user_id:
            CaseAssignment.objects.create(
                case=case,
                user=old_lead.user,
                organisation=old_lead.organisation,
                role=CaseRole.CASEWORKER,
                consent=old_lead.consent,
                added_by=actor,
                started_at=now,
            )
    for current in CaseAssignment.objects.filter(case=case, user=membership.user, ended_at__isnull=True).select_related(
        "user"
    ):
        _end_place(case=case, assignment=current, actor=actor)
    case.lead_organisation = membership.organisation
    save_with_version(case, expected_version=case.version, actor=actor)
    assignment = CaseAssignment.objects.create(
        case=case,
        user=membership.user,
        organisation=membership.organisation,
        role=CaseRole.LEAD_CASEWORKER,
        added_by=actor,
    )
    Referral.objects.filter(pk=referral.pk).update(assignment=assignment)
    events.lead_transferred_event(case=case, actor=actor, referral=referral)
    case_events.team_added_event(
        case=case, actor=actor, membership=membership, assignment=assignment, reason=_("accepted the transfer of lead")
    )
    target = f"referral {referral.pk}: lead {referral.sending_organisation_id} -> {referral.receiving_organisation_id}"
    if request is not None:
        access_log_record(request=request, action=AccessLogEntry.Action.LEAD_TRANSFERRED, case=case, target=target)
    else:
        AccessLogEntry.objects.create(
            case=case, user=actor, action=AccessLogEntry.Action.LEAD_TRANSFERRED, target=target
        )


@transaction.atomic
def referral_decline(*, actor, referral: Referral, expected_version: int, reason: str, note: str = "") -> Referral:
    """The receiving organisation cannot take it on: a reason from the list, and a note."""
    context = referral_actor(actor, referral.case)
    _check_receiver(referral, context)
    if reason not in Referral.DeclineReason.values:
        raise ValidationError({"decline_reason": _("Choose why you decline.")})
    moved = _move(
        referral,
        "decline",
        gettext_noop("declined"),
        access=context,
        actor=actor,
        expected_version=expected_version,
        data={
            "answered_at": timezone.now(),
            "answered_by": actor,
            "decline_reason": reason,
            "answer_note": (note or "").strip(),
        },
    )
    deadline_cancel(case=moved.case, rule_codes=[RULE], subject=moved, actor=actor, reason=_("referral declined"))
    reference, org = moved.case.reference, moved.receiving_organisation.short_name
    _notify_sender(moved, lambda: _("%(ref)s: %(org)s declined your referral") % {"ref": reference, "org": org})
    return moved


@transaction.atomic
def referral_withdraw(*, actor, referral: Referral, expected_version: int, note: str = "") -> Referral:
    """The sending side calls it off: before an answer, or (a referral) after acceptance, which
    ends the team place it gave."""
    context = referral_actor(actor, referral.case)
    _check_sender(referral, context)
    moved = _move(
        referral,
        "withdraw",
        gettext_noop("withdrawn"),
        access=context,
        actor=actor,
        expected_version=expected_version,
        data=_ended(actor, note, referral),
    )
    deadline_cancel(case=moved.case, rule_codes=[RULE], subject=moved, actor=actor, reason=_("referral withdrawn"))
    _end_referral_place(moved, actor)
    return moved


@transaction.atomic
def referral_close(
    *,
    actor,
    referral: Referral,
    expected_version: int,
    outcome: str,
    outcome_on: datetime.date | None,
    follow_up_on: datetime.date | None = None,
    note: str = "",
) -> Referral:
    """The receiver records the service's outcome (given, partly, not given) and closes the referral:
    the team place it gave ends (unless she is on the team for another reason)."""
    context = referral_actor(actor, referral.case)
    # Only the receiving organisation's people on her team; anyone else who sees the case: 404.
    require(context.case_access is not None and is_receiver_on_case(referral, context))
    errors: dict[str, Any] = {}
    if outcome not in Referral.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    today = timezone.localdate()
    if outcome_on is None:
        errors["outcome_on"] = _("Give the day of the outcome.")
    elif outcome_on > today:
        errors["outcome_on"] = _("This date cannot be in the future.")
    elif referral.answered_at and outcome_on < timezone.localtime(referral.answered_at).date():
        errors["outcome_on"] = _("This is before the referral was accepted.")
    if follow_up_on is not None and outcome_on is not None and follow_up_on < outcome_on:
        errors["follow_up_on"] = _("The follow-up is before the outcome.")
    if errors:
        raise ValidationError(errors)
    moved = _move(
        referral,
        "close",
        str(Referral.Outcome(outcome).label),
        access=context,
        actor=actor,
        effective_on=outcome_on,
        expected_version=expected_version,
        data={
            "outcome": outcome,
            "outcome_on": outcome_on,
            "follow_up_on": follow_up_on,
            "outcome_note": (note or "").strip(),
            "ended_at": timezone.now(),
            "ended_by": actor,
        },
        recorded_keys={"outcome", "outcome_on", "follow_up_on"},
    )
    _end_referral_place(moved, actor)
    return moved


@transaction.atomic
def referral_acknowledge(*, actor, referral: Referral, expected_version: int, note: str = "") -> Referral:
    """The old lead organisation acknowledges it handed the file over. From then its people stay on
    the team only where her consent for their organisation (for their role) is in force; the others'
    places end now."""
    context = referral_actor(actor, referral.case)
    _check_sender(referral, context)
    moved = _move(
        referral,
        "acknowledge",
        gettext_noop("handover of the file acknowledged"),
        access=context,
        actor=actor,
        expected_version=expected_version,
        data=_ended(actor, note, referral),
    )
    case = moved.case
    deadline_fulfil(case=case, rule_codes=[ACKNOWLEDGEMENT], subject=moved, actor=actor)
    places = (
        CaseAssignment.objects.active()
        .filter(case=case, organisation_id=moved.sending_organisation_id, consent__isnull=True)
        .select_related("user", "organisation")
    )
    for place in places:
        role = role_after_transfer(place.role)
        consent = consent_for_place(case, place.organisation_id, role)
        _end_place(case=case, assignment=place, actor=actor)
        if consent is not None:
            kept = CaseAssignment.objects.create(
                case=case, user=place.user, organisation=place.organisation, role=role, consent=consent, added_by=actor
            )
            events.place_kept_on_consent_event(case=case, actor=actor, assignment=kept)
    return moved


def referrals_expire_unanswered(*, today: datetime.date | None = None) -> list[Referral]:
    """The deadline scan: every referral still unanswered after its respond-by date expires (each in
    its own transaction, recorded as done by Nyaya), and its sender is told."""
    today = today or timezone.localdate()
    expired = []
    due = Referral.objects.filter(stage=Referral.Stage.SENT, respond_by__lt=today).select_related(
        "case", "sending_organisation", "receiving_organisation"
    )
    for referral in due:
        with transaction.atomic():
            moved = _move(
                referral,
                "expire",
                gettext_noop("expired unanswered"),
                access=SYSTEM,
                actor=None,
                data={"ended_at": timezone.now()},
            )
            deadline_cancel(
                case=moved.case, rule_codes=[RULE], subject=moved, actor=None, reason=_("referral expired unanswered")
            )
            reference, org = moved.case.reference, moved.receiving_organisation.short_name
            _notify_sender(
                moved,
                lambda reference=reference, org=org: (
                    _("%(ref)s: %(org)s did not answer your referral in time; it expired")
                    % {"ref": reference, "org": org}
                ),
            )
            expired.append(moved)
    return expired
