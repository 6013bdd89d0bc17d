"""What the case timeline says about the investigation and the trial.

Each legal package words its own events where it records them (an FIR registered, an accused
arrested, a hearing adjourned): the summary is built from the records the service just saved,
and `investigation_event` / `court_event` write it under the tab's kind, with its data (ids, the step, the
workflow). Written once here for investigation, accused and court, on top of the case hub's one
writer (cases.events.event_record); the survivor is never named in a summary.

A summary is a core.phrases.Phrase, shown in each reader's language: the services build it inside
`with translation.override("en"):` so its values (choice labels, a record's `str()`) are English
(see cases/events.py). A plain string is kept as it is.
"""

from django.utils.translation import gettext_noop

from cases.events import event_record
from cases.models import CaseEvent
from core.phrases import Phrase

__all__ = ["court_event", "investigation_event", "review_requested_event", "review_signed_off_event"]


def investigation_event(case, actor, summary: str | Phrase, **data) -> CaseEvent:
    """An event of the Investigation tab: FIRs, charges, arrests, statements, requests, accused."""
    return event_record(case=case, kind=CaseEvent.Kind.INVESTIGATION, actor=actor, summary=summary, data=data)


def court_event(case, actor, summary: str | Phrase, **data) -> CaseEvent:
    """An event of the Court tab: court cases, hearings, bail, judgment, appeals, protection."""
    return event_record(case=case, kind=CaseEvent.Kind.COURT, actor=actor, summary=summary, data=data)


def review_requested_event(*, case, actor, review) -> CaseEvent:
    """A caseworker asked a lawyer to review the case file."""
    return event_record(
        case=case,
        kind=CaseEvent.Kind.REVIEW,
        actor=actor,
        summary=Phrase(gettext_noop("Review of the case file asked of %(lawyer)s"), lawyer=review.lawyer.display_name),
        data={"review": review.pk, "action": "requested"},
    )


def review_signed_off_event(*, case, actor, review, problems: int) -> CaseEvent:
    """The lawyer signed the review off; `problems`: the checklist's points to act on."""
    return event_record(
        case=case,
        kind=CaseEvent.Kind.REVIEW,
        actor=actor,
        summary=Phrase(
            gettext_noop("Review signed off by %(lawyer)s (%(n)d point(s) to act on)"),
            lawyer=actor.display_name,
            n=problems,
        ),
        data={"review": review.pk, "action": "signed_off"},
    )
