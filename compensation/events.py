"""What the case timeline says about her compensation claims.

Each claim service words its event from the claim it just saved ("Claim under NALSA 2018, DLSA
Howrah: screened..."); `claim_event` writes it under the Compensation kind with the data every
claim event carries: the workflow, the claim (its subject key, which the case file and the
dossier use to label stages) and what happened (`action`). Stage moves are written by the
workflow engine (core.workflow) from compensation/workflow.py. On the case hub's one writer,
cases.events.event_record.

A summary is a core.phrases.Phrase, shown in each reader's language: the services build it inside
`with translation.override("en"):` so its values (the claim's name, labels) are English (see
cases/events.py). A plain string is kept as it is.
"""

from cases.events import event_record
from cases.models import CaseEvent
from core.phrases import Phrase

from .models import Claim
from .workflow import SPEC

__all__ = ["claim_event"]


def claim_event(claim: Claim, actor, summary: str | Phrase, *, action: str, note=None, **data) -> CaseEvent:
    return event_record(
        case=claim.case,
        kind=CaseEvent.Kind.COMPENSATION,
        actor=actor,
        summary=summary,
        data={"workflow": SPEC.name, "subject": claim.subject_key, "action": action, **data},
        note=note,
    )
