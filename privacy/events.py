"""What the case timeline says about her privacy: erasure asked, done or declined, legal holds.

The timeline says that something happened to her record, never what was erased. On the case
hub's one writer, cases.events.event_record. Each summary is a core.phrases.Phrase, shown in the
reader's language (see cases/events.py).
"""

from django.utils.translation import gettext_noop

from cases.events import event_record
from cases.models import CaseEvent
from core.phrases import Phrase

__all__ = [
    "erasure_declined_event",
    "erasure_done_event",
    "erasure_requested_event",
    "legal_hold_lifted_event",
    "legal_hold_placed_event",
    "retention_erasure_event",
]


def erasure_requested_event(*, case, actor) -> CaseEvent:
    return event_record(
        case=case,
        kind=CaseEvent.Kind.SURVIVOR_UPDATED,
        actor=actor,
        summary=Phrase(
            gettext_noop("She asked that her identity be erased; waiting for the lead organisation's admin")
        ),
    )


def erasure_done_event(*, case, actor) -> CaseEvent:
    """On each of her cases (the same person may have several)."""
    return event_record(
        case=case,
        kind=CaseEvent.Kind.SURVIVOR_UPDATED,
        actor=actor,
        summary=Phrase(gettext_noop("Identity erased at her request (DPDP Act 2023 s.12)")),
    )


def erasure_declined_event(*, case, actor) -> CaseEvent:
    return event_record(
        case=case,
        kind=CaseEvent.Kind.SURVIVOR_UPDATED,
        actor=actor,
        summary=Phrase(gettext_noop("Her erasure request was declined; she must be told why")),
    )


def retention_erasure_event(*, case, rule_code: str) -> CaseEvent:
    """Erased by the retention rule's scheduled run: no person acted."""
    return event_record(
        case=case,
        kind=CaseEvent.Kind.SURVIVOR_UPDATED,
        actor=None,
        summary=Phrase(gettext_noop("Identity erased under the retention rule %(rule)s"), rule=rule_code),
    )


def legal_hold_placed_event(*, case, actor) -> CaseEvent:
    return event_record(
        case=case, kind=CaseEvent.Kind.CASE_UPDATED, actor=actor, summary=Phrase(gettext_noop("Legal hold placed"))
    )


def legal_hold_lifted_event(*, case, actor) -> CaseEvent:
    return event_record(
        case=case, kind=CaseEvent.Kind.CASE_UPDATED, actor=actor, summary=Phrase(gettext_noop("Legal hold lifted"))
    )
