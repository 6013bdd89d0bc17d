"""What the case timeline says about the documents Nyaya writes (dossier, application, letters).

One event when a requested PDF is ready: which kind, in which language, whether masked. Never
its password or content. On the case hub's one writer, cases.events.event_record; the summary is
a core.phrases.Phrase, built in English and shown in the reader's language (see cases/events.py).
"""

from django.utils import translation
from django.utils.translation import gettext_noop

from cases.events import event_record
from cases.models import CaseEvent
from core.phrases import Phrase

__all__ = ["document_generated_event"]


def document_generated_event(*, case, actor, document) -> CaseEvent:
    with translation.override("en"):
        summary = Phrase(
            "%(generated)s%(masked)s",
            generated=Phrase(gettext_noop("%(kind)s generated"), kind=document.get_kind_display()),
            masked=Phrase(gettext_noop(" (masked)")) if document.masked else "",
        )
    return event_record(
        case=case,
        kind=CaseEvent.Kind.DOCUMENT_GENERATED,
        actor=actor,
        summary=summary,
        data={"generated_document": document.pk, "kind": document.kind, "language": document.language},
    )
