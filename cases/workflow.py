"""One way to move any workflow on a case: FIRs, court cases, claims, repatriations.

A workflow model has a protected FSMField `stage`, a `version` column and a `case`
foreign key; it mixes in django-fsm's ConcurrentTransitionMixin. Its transitions
declare their conditions with `@requires("message")` and their permission with a
callable `(instance, access) -> bool`, where `access` is the actor's
cases.permissions.CaseAccess on the case. Then a service calls

    fsm_transition(obj=fir, transition="file_chargesheet", access=access, actor=user,
                   workflow="investigation", effective_on=date, expected_version=v, note=...)

which, in one transaction: locks the row, refuses a stale page (version), refuses a
transition the stage does not allow or the person may not make, or whose data is
missing (with the condition's message), runs it, bumps the version, saves, and writes
a StageTransition row and a timeline event. Reaching a stage listed in
cases.survivor_messages.MAJOR_EVENT_BY_STAGE makes an update to the survivor due
within a week.
"""

import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_fsm import can_proceed

from core.concurrency import lock_for_edit
from core.phrases import Phrase

from . import sensitive
from .conditions import requires  # noqa: F401 - re-exported: workflow models import it from here
from .deadlines import subject_key
from .events import event_record
from .models import CaseEvent, StageTransition


def _transition_meta(obj, name):
    method = getattr(type(obj), name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise ValidationError(_("Unknown action."))
    return meta


def unmet_conditions(obj, name: str) -> list[str]:
    """The messages of the conditions of a transition that are not met now."""
    transition = _transition_meta(obj, name).get_transition(obj.stage)
    if transition is None:
        return []
    return [str(getattr(c, "message", c.__name__)) for c in transition.conditions if not c(obj)]


def available_transitions(obj, access) -> list:
    """Transitions from the current stage that this person may make (conditions not yet checked:
    the form asks for the data, and the service refuses with the reason if it is missing)."""
    field = obj._meta.get_field("stage")
    return [
        t for t in field.get_all_transitions(type(obj)) if t.source in (obj.stage, "*", "+") and t.has_perm(obj, access)
    ]


def stage_label(obj, stage: str | None = None) -> str:
    field = obj._meta.get_field("stage")
    return str(dict(field.flatchoices).get(stage or obj.stage, stage or obj.stage))


def transition_stage_labels(rows) -> None:
    """Give each StageTransition row its from_label and to_label, in her language, from the
    stage choices of the model that moved (its subject_key names it: "<app_label>.<model>:<pk>"),
    so a reader of the history need not import the apps whose workflows it shows."""
    choices: dict[str, dict] = {}
    for row in rows:
        label = row.subject_key.partition(":")[0]
        if label not in choices:
            try:
                field = apps.get_model(label)._meta.get_field("stage")
                choices[label] = {k: str(v) for k, v in field.flatchoices}
            except (LookupError, ValueError, FieldDoesNotExist):
                choices[label] = {}
        names = choices[label]
        row.from_label = names.get(row.from_stage, row.from_stage)
        row.to_label = names.get(row.to_stage, row.to_stage)


@transaction.atomic
def fsm_transition(
    *,
    obj,
    transition: str,
    access,
    actor,
    workflow: str,
    effective_on: datetime.date | None = None,
    expected_version: int | None = None,
    note: str = "",
    data: dict | None = None,
    summary="",
    event_kind: str | None = None,
    arguments: dict | None = None,
    recorded_keys=None,
    survivor_event=None,
    cleared=(),
):
    """Run `transition` on `obj` for `actor`; returns the saved, moved object (a fresh instance).

    `summary` (a core.phrases.Phrase, shown in each reader's language, or a string) may be a
    callable `(moved_obj, from_stage) -> Phrase | str`, for a target known only after the move
    (django-fsm's RETURN_VALUE); by default "FIR 12/2026, PS X: Registered → Under investigation",
    its values in English, its stage labels shown in the reader's language. StageTransition.data
    keeps the simple values of `data` in plain JSON: pass `recorded_keys` to keep only those (free
    text such as reasons belongs in encrypted fields, not in the transition log). A sensitive value
    (cases.sensitive: every encrypted field, and free-text identifiers) is logged only as
    "recorded", never in clear, and the timeline's summary never repeats one: who may see it reads
    it on the record itself.
    """
    model = type(obj)
    locked = lock_for_edit(model, obj.pk, expected_version)
    method = getattr(locked, transition, None)
    meta = _transition_meta(locked, transition)
    if not meta.has_transition(locked.stage):
        raise ValidationError(
            _("This cannot be done at the stage “%(stage)s”.") % {"stage": stage_label(locked)}, code="wrong_stage"
        )
    # The permission alone: django_fsm.has_transition_perm() also checks the conditions, before
    # the data the transition needs is set, and would report missing data as a refused role.
    if not meta.has_transition_perm(locked, locked.stage, access):
        raise ValidationError(_("Your role on this case does not allow this action."), code="not_allowed")
    # Values the transition needs are set before the conditions are checked.
    for name, value in (data or {}).items():
        if hasattr(locked, name) and not name.startswith("_") and name != "stage":
            setattr(locked, name, value)
    if not can_proceed(method):
        raise ValidationError(
            unmet_conditions(locked, transition) or [_("Information needed for this step is missing.")]
        )
    effective_on = effective_on or timezone.localdate()
    if effective_on > timezone.localdate():
        raise ValidationError({"effective_on": _("The date cannot be in the future.")})
    from_stage = locked.stage
    method(**(arguments or {}))
    locked.version += 1
    if hasattr(locked, "updated_by"):
        locked.updated_by = actor
    locked.full_clean(exclude=["stage"])
    locked.save()
    logged = {
        k: v
        for k, v in (data or {}).items()
        if isinstance(v, str | int | float | bool | type(None)) and (recorded_keys is None or k in recorded_keys)
    }
    logged.update(
        {
            k: v.isoformat()
            for k, v in (data or {}).items()
            if isinstance(v, datetime.date) and (recorded_keys is None or k in recorded_keys)
        }
    )
    logged = sensitive.scrub(logged, model=model)
    if cleared:
        logged["cleared"] = sorted(cleared)
    StageTransition.objects.create(
        case_id=locked.case_id,
        workflow=workflow,
        subject_key=subject_key(locked),
        transition=transition,
        from_stage=from_stage,
        to_stage=locked.stage,
        effective_on=effective_on,
        actor=actor,
        note=note,
        data=logged,
    )
    from .services import survivor_update_due_after_event  # services import this engine: read at run time
    from .survivor_messages import major_event_code

    major = survivor_event or major_event_code(workflow, locked.stage)
    if major:
        survivor_update_due_after_event(case=locked.case, actor=actor, event=major, happened_on=effective_on)
    if callable(summary):
        summary = summary(locked, from_stage)
    if not summary:
        with translation.override("en"):
            summary = Phrase(
                gettext_noop("%(what)s: %(from)s → %(to)s"),
                **{"what": str(locked), "from": stage_label(locked, from_stage), "to": stage_label(locked)},
            )
    event_record(
        case=locked.case,
        kind=event_kind or CaseEvent.Kind.STAGE_CHANGED,
        actor=actor,
        summary=_redacted(summary, sensitive.sensitive_values(locked, data)),
        data={"workflow": workflow, "subject": subject_key(locked), "from": from_stage, "to": locked.stage},
    )
    return locked


def _redacted(summary, values: list[str]) -> str | Phrase:
    """The timeline's summary with no sensitive value in it. A phrase is checked by its English
    text: if redacting changes anything, the redacted English text is kept, without the phrase
    (which would repeat the value)."""
    if not isinstance(summary, Phrase):
        return sensitive.redact(str(summary), values)
    with translation.override("en"):
        english = summary.english()
        redacted = sensitive.redact(english, values)
    return summary if redacted == english else redacted
