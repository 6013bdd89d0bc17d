"""What the case timeline says about the documents Nyaya writes (dossier, application, letters).

One event when a requested PDF is ready: which kind, in which language, whether masked. Never
its password or content. On the case hub's one writer, cases.events.event_record.
"""

from django.utils.translation import gettext as _

from cases.events import event_record
from cases.models import CaseEvent

__all__ = ["document_generated_event"]


def document_generated_event(*, case, actor, document) -> CaseEvent:
    return event_record(
        case=case,
        kind=CaseEvent.Kind.DOCUMENT_GENERATED,
        actor=actor,
        summary=_("%(kind)s generated") % {"kind": document.get_kind_display()}
        + (_(" (masked)") if document.masked else ""),
        data={"generated_document": document.pk, "kind": document.kind, "language": document.language},
    )
