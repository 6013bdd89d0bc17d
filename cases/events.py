"""What the case timeline says about the case hub's own records, written in one place.

One `*_event` function per thing that happens (as Saleor's order events): each takes the records
the event is about, and writes one CaseEvent with its kind, its summary (the words every timeline,
the dossier and the exports show; no name of the survivor, ever) and its data (ids, for links and
filters). The services decide and save; these say what happened.

A summary is a `core.phrases.Phrase` (the English msgid, marked with gettext_noop, and its
values), so each reader sees it in her own language, whoever wrote it: `event_record` keeps its
English text in `CaseEvent.summary` (exports, search, older readers) and the phrase in
`data["summary_phrase"]`; pages and the dossier show `CaseEvent.summary_text`. Free text a person
typed stays a plain string. The values must be English while the service runs in the actor's
language: each function builds its phrase inside `with translation.override("en"):` (choice
labels, a record's `str()`, dates come out in English; the reader's catalogue translates them
when shown). A label shown in lower case inside a sentence is `Phrase(label).lower()`.

Apps above keep theirs in their own `events.py` (care, legal, compensation, privacy), all through
`event_record`, the one writer. To add an event: a kind in `CaseEvent.Kind` if none fits, then a
function here (or in your app's events.py) that the service calls after it saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_noop

from core.phrases import Phrase

from .models import CaseEvent, CaseRole
from .models.core import SUMMARY_PHRASE
from .sensitive import redact_phones

__all__ = [
    "case_closed_event",
    "case_opened_event",
    "case_reopened_event",
    "case_updated_event",
    "consent_given_event",
    "consent_withdrawn_event",
    "deadline_event",
    "document_added_event",
    "event_record",
    "identity_revealed_event",
    "lead_caseworker_joined_event",
    "note_added_event",
    "survivor_told_event",
    "survivor_updated_event",
    "task_added_event",
    "task_done_event",
    "team_added_event",
    "team_removed_event",
]


def event_record(*, case, kind, actor, summary: str | Phrase = "", data=None, note=None, document=None) -> CaseEvent:
    """The one writer of the timeline: every `*_event` function, in every app, ends here.

    `summary` is a Phrase (shown in each reader's language) or a plain string (free text, kept
    as it is). A phrase's English text goes to the `summary` column; the phrase itself to
    `data["summary_phrase"]`, unless its English text holds a phone-like number: the column's
    guard (cases.sensitive) redacts that, and the phrase, which would repeat it, is not kept."""
    data = dict(data or {})
    if isinstance(summary, Phrase):
        text = summary.english()
        if redact_phones(text) == text:
            data[SUMMARY_PHRASE] = summary.as_data()
        summary = text
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, summary=summary[:300], data=data, note=note, document=document
    )


# --- the case itself -----------------------------------------------------------------------------


def case_opened_event(*, case, actor, organisation) -> CaseEvent:
    return event_record(
        case=case,
        kind=CaseEvent.Kind.CASE_OPENED,
        actor=actor,
        summary=Phrase(gettext_noop("Case opened by %(org)s"), org=organisation.short_name),
    )


def case_updated_event(*, case, actor) -> CaseEvent:
    return event_record(
        case=case, kind=CaseEvent.Kind.CASE_UPDATED, actor=actor, summary=Phrase(gettext_noop("Case details edited"))
    )


def survivor_updated_event(*, case, actor) -> CaseEvent:
    return event_record(
        case=case,
        kind=CaseEvent.Kind.SURVIVOR_UPDATED,
        actor=actor,
        summary=Phrase(gettext_noop("Survivor details edited")),
    )


def case_closed_event(*, case, actor) -> CaseEvent:
    with translation.override("en"):
        summary = Phrase(case.get_closure_reason_display())
    return event_record(case=case, kind=CaseEvent.Kind.CASE_CLOSED, actor=actor, summary=summary)


def case_reopened_event(*, case, actor) -> CaseEvent:
    return event_record(
        case=case, kind=CaseEvent.Kind.CASE_REOPENED, actor=actor, summary=Phrase(gettext_noop("Case reopened"))
    )


# --- possible duplicate survivors (cases/duplicates.py) ------------------------------------------
# Written on the case whose recorder was told of a possible match, and never naming the other
# case: its team learns nothing it was not told (one possible match, to be reviewed).


def survivor_match_raised_event(*, case, actor) -> CaseEvent:
    return event_record(
        case=case,
        kind=CaseEvent.Kind.SURVIVOR_MATCH,
        actor=actor,
        summary=Phrase(gettext_noop("She may also be recorded in another case: sent to coordinators for review")),
    )


def survivor_match_reviewed_event(*, case, actor) -> CaseEvent:
    return event_record(
        case=case,
        kind=CaseEvent.Kind.SURVIVOR_MATCH,
        actor=actor,
        summary=Phrase(gettext_noop("Reviewed by a coordinator")),
    )


# --- the team ------------------------------------------------------------------------------------


def lead_caseworker_joined_event(*, case, actor, user) -> CaseEvent:
    """The lead caseworker named when the case is opened."""
    return event_record(
        case=case,
        kind=CaseEvent.Kind.TEAM_ADDED,
        actor=actor,
        summary=Phrase(gettext_noop("%(name)s joined as lead caseworker"), name=user.display_name),
        data={"user": user.pk, "role": CaseRole.LEAD_CASEWORKER},
    )


def team_added_event(*, case, actor, membership, assignment, consent=None, reason: str = "") -> CaseEvent:
    """Someone joined the team; from another organisation, on the consent named in the data."""
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(name)s (%(org)s) joined as %(role)s"),
            name=membership.user.display_name,
            org=membership.organisation.short_name,
            role=Phrase(assignment.get_role_display()).lower(),
        )
    if reason:
        # The reason is her colleague's own words: shown as typed.
        summary = Phrase("%(summary)s (%(reason)s)", summary=summary, reason=reason)
    return event_record(
        case=case,
        kind=CaseEvent.Kind.TEAM_ADDED,
        actor=actor,
        summary=summary,
        data={"user": membership.user_id, "role": assignment.role, "consent": consent.pk if consent else None},
    )


def team_removed_event(*, case, actor, assignment) -> CaseEvent:
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(name)s left the team (%(role)s)"),
            name=assignment.user.display_name,
            role=Phrase(assignment.get_role_display()).lower(),
        )
    return event_record(
        case=case,
        kind=CaseEvent.Kind.TEAM_REMOVED,
        actor=actor,
        summary=summary,
        data={"user": assignment.user_id, "role": assignment.role},
    )


# --- her consent ---------------------------------------------------------------------------------


def _recipient_text(consent) -> str:
    """ " — TNM" after a consent's purpose, when it names an organisation."""
    organisation = consent.recipient_organisation
    return f" — {organisation.short_name}" if organisation is not None else ""


def consent_given_event(*, case, actor, consents: Sequence) -> CaseEvent:
    """One consent, or several given together (same person, same day, same organisation)."""
    first = consents[0]
    named = next((c for c in consents if c.recipient_organisation_id), None)
    with translation.override("en"):
        summary = Phrase(
            "%(purposes)s%(recipient)s (%(given_by)s)",
            purposes=[c.get_purpose_display() for c in consents],
            recipient=_recipient_text(named) if named is not None else "",
            given_by=Phrase(first.get_given_by_display()).lower(),
        )
    data = {"consent": first.pk} if len(consents) == 1 else {"consents": [c.pk for c in consents]}
    return event_record(case=case, kind=CaseEvent.Kind.CONSENT_GIVEN, actor=actor, summary=summary, data=data)


def consent_withdrawn_event(*, case, actor, consent, ended: Sequence) -> CaseEvent:
    """Her consent withdrawn, and whose access ended with it (`ended`: their assignments)."""
    with translation.override("en"):
        summary = Phrase(
            "%(purpose)s%(recipient)s%(ended)s",
            purpose=consent.get_purpose_display(),
            recipient=_recipient_text(consent),
            ended=Phrase(
                gettext_noop("; access ended for %(names)s"), names=", ".join(a.user.display_name for a in ended)
            )
            if ended
            else "",
        )
    return event_record(
        case=case,
        kind=CaseEvent.Kind.CONSENT_WITHDRAWN,
        actor=actor,
        summary=summary,
        data={"consent": consent.pk, "ended_assignments": [a.pk for a in ended]},
    )


# --- notes, documents, her identity --------------------------------------------------------------


def note_added_event(*, case, actor, note) -> CaseEvent:
    """The note itself is the event's content, shown to those its visibility allows."""
    return event_record(case=case, kind=CaseEvent.Kind.NOTE_ADDED, actor=actor, note=note)


def document_added_event(*, case, actor, document) -> CaseEvent:
    with translation.override("en"):
        summary = Phrase(document.get_doc_type_display())
    return event_record(
        case=case,
        kind=CaseEvent.Kind.DOCUMENT_ADDED,
        actor=actor,
        summary=summary,
        document=document,
    )


def identity_revealed_event(*, case, actor, hours: int) -> CaseEvent:
    """The reason is in the access log, not on the timeline."""
    return event_record(
        case=case,
        kind=CaseEvent.Kind.IDENTITY_REVEALED,
        actor=actor,
        summary=Phrase(
            gettext_noop("%(name)s revealed the survivor's identity for %(hours)d hours (reason in the access log)"),
            name=actor.display_name,
            hours=hours,
        ),
    )


# --- deadlines ----------------------------------------------------------------------------------


def deadline_event(*, case, actor, summary: str | Phrase, data: dict) -> CaseEvent:
    """A deadline started, met, missed, closed or moved (cases/deadlines.py words each)."""
    return event_record(case=case, kind=CaseEvent.Kind.DEADLINE, actor=actor, summary=summary, data=data)


# --- work: tasks, and keeping her informed -------------------------------------------------------


def task_added_event(*, case, actor, task, assignee, due_on: datetime.date | None) -> CaseEvent:
    return event_record(
        case=case,
        kind=CaseEvent.Kind.TASK,
        actor=actor,
        summary=Phrase(
            gettext_noop("Task for %(name)s%(due)s"),
            name=assignee.display_name,
            due=Phrase(", %(day)s", day=due_on) if due_on else "",
        ),
        data={"task": task.pk, "action": "added"},
    )


def task_done_event(*, case, actor, task, done: bool) -> CaseEvent:
    return event_record(
        case=case,
        kind=CaseEvent.Kind.TASK,
        actor=actor,
        summary=Phrase(gettext_noop("Task done")) if done else Phrase(gettext_noop("Task reopened")),
        data={"task": task.pk, "action": "done" if done else "reopened"},
    )


def survivor_told_event(
    *, case, actor, update, about: str | Promise, channel_label: str | Promise, language_label: str | Promise
) -> CaseEvent:
    """She was told how her case stands (what about, how, in which language). The labels are
    English text or lazy labels (shown in the reader's language)."""
    return event_record(
        case=case,
        kind=CaseEvent.Kind.SURVIVOR_UPDATE,
        actor=actor,
        summary=Phrase(
            gettext_noop("She was told: %(about)s (%(channel)s, %(language)s)"),
            about=about,
            channel=Phrase(channel_label).lower(),
            language=language_label,
        ),
        data={"update": update.pk},
    )
