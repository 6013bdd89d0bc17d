"""What the case timeline says about referrals and transfers of lead.

Organisations, the service and the state only: never her identity or where she is. Each summary
is a core.phrases.Phrase built inside `translation.override("en")`, shown in each reader's
language; written on the case hub's one writer, cases.events.event_record. The moves after
sending are written by the workflow engine (cases.workflow.fsm_transition) with `referral_said`.
"""

from django.utils import translation
from django.utils.translation import gettext_noop

from cases.events import event_record
from cases.models import CaseEvent
from core.phrases import Phrase

from .models import Referral, Service


def route(referral: Referral) -> str:
    return f"{referral.sending_organisation.short_name} → {referral.receiving_organisation.short_name}"


def referral_said(referral: Referral, what: str) -> Phrase:
    """ "Referral (Legal aid) SNW → SLN: accepted" / "Transfer of lead SNW → SRN: accepted"."""
    with translation.override("en"):
        if referral.kind == Referral.Kind.TRANSFER:
            return Phrase(
                gettext_noop("Transfer of lead %(route)s: %(what)s"), route=route(referral), what=Phrase(what)
            )
        return Phrase(
            gettext_noop("Referral (%(service)s) %(route)s: %(what)s"),
            service=str(Service(referral.service).label),
            route=route(referral),
            what=Phrase(what),
        )


def referral_sent_event(*, case, actor, referral: Referral) -> CaseEvent:
    return event_record(
        case=case,
        kind=CaseEvent.Kind.REFERRAL,
        actor=actor,
        summary=referral_said(referral, gettext_noop("sent")),
        data={"referral": referral.pk, "to": referral.stage, "kind": referral.kind},
    )


def lead_transferred_event(*, case, actor, referral: Referral) -> CaseEvent:
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("Lead organisation changed from %(old)s to %(new)s (case reference kept)"),
            old=referral.sending_organisation.short_name,
            new=referral.receiving_organisation.short_name,
        )
    return event_record(
        case=case,
        kind=CaseEvent.Kind.REFERRAL,
        actor=actor,
        summary=summary,
        data={
            "referral": referral.pk,
            "lead_from": referral.sending_organisation_id,
            "lead_to": referral.receiving_organisation_id,
        },
    )


def place_kept_on_consent_event(*, case, actor, assignment) -> CaseEvent:
    """After a transfer of lead, a person of the old lead organisation stays, on her consent."""
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(name)s (%(org)s) stays on the team as %(role)s, on her consent to share with %(org)s"),
            name=assignment.user.display_name,
            org=assignment.organisation.short_name,
            role=Phrase(assignment.get_role_display()).lower(),
        )
    return event_record(
        case=case,
        kind=CaseEvent.Kind.TEAM_ADDED,
        actor=actor,
        summary=summary,
        data={"user": assignment.user_id, "role": assignment.role, "consent": assignment.consent_id},
    )
