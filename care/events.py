"""What the case timeline says about her care: rescue, custody, shelter, repatriation, plan.

Care services word each event from the records they just saved; `care_event` writes it under
the Care kind with the record it concerns (`care`: "rescue", "custody", "shelter", "medical"...).
Care events are care records: a survivor leader on the team only to support her does not see
them (cases.selectors.timeline_for), unless `shared` marks one the collective is told of (a
support contact, a service it gave). The medical examination's events (legal.investigation)
are care events too. Written on the case hub's one writer, cases.events.event_record.

A summary is a core.phrases.Phrase, shown in each reader's language: the services build it inside
`with translation.override("en"):` so its values are English (see cases/events.py). A plain
string is kept as it is.
"""

from cases.events import event_record
from cases.models import CaseEvent
from core.phrases import Phrase

__all__ = ["care_event"]


def care_event(case, actor, summary: str | Phrase, *, care: str, shared: bool = False, **data) -> CaseEvent:
    data = {"care": care, **data}
    if shared:
        data["shared_with_collective"] = True
    return event_record(case=case, kind=CaseEvent.Kind.CARE, actor=actor, summary=summary, data=data)
