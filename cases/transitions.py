"""The case hub's part of every workflow move (the engine itself is core.workflow).

- `record_creation`: the first row of a workflow's stage history, written when its record is
  created, so every workflow's history starts at its first stage.
- `apply_deadlines`: the deadlines a step declares, started, fulfilled or cancelled on the case.
- `CaseRecorder`: what core.workflow.apply_step asks after a move: the stage-history row and the
  timeline event (cases.workflow.fsm_transition), the deadlines, which values are sensitive
  (cases.sensitive) and how a stage reads. Installed by cases/apps.py when Django starts.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.workflow import ImproperlyDeclared, Step, WorkflowSpec

from .deadlines import deadline_cancel, deadline_fulfil, subject_key
from .models import StageTransition
from .sensitive import is_sensitive
from .workflow import fsm_transition, stage_label


def record_creation(*, obj, workflow: str, actor, effective_on: datetime.date | None = None, note: str = ""):
    """The first row of a workflow's stage history: created, at its first stage."""
    return StageTransition.objects.create(
        case_id=obj.case_id,
        workflow=workflow,
        subject_key=subject_key(obj),
        transition="create",
        from_stage="",
        to_stage=obj.stage,
        effective_on=min(effective_on or timezone.localdate(), timezone.localdate()),
        actor=actor,
        note=note,
    )


def apply_deadlines(spec: WorkflowSpec, moved, step: Step, actor, on=None) -> None:
    """The deadlines a step declares: start, fulfil, cancel (on the workflow's subjects).

    `on` is the step's own date: what it fulfils was met that day (a step entered from a paper
    file meets its deadlines on the historical day, not the day it is typed in)."""
    subjects = spec.deadline_subjects or (lambda obj, code: [obj])
    for code in step.fulfils:
        for subject in subjects(moved, code):
            deadline_fulfil(
                case=moved.case, rule_codes=[code], subject=subject, actor=actor, met_on=on, met_on_from_trigger=True
            )
    for code in step.cancels:
        for subject in subjects(moved, code):
            deadline_cancel(
                case=moved.case,
                rule_codes=[code],
                subject=subject,
                actor=actor,
                reason=str(step.cancel_reason or step.label),
            )
    if step.starts:
        if spec.start_deadline is None:
            raise ImproperlyDeclared(f"{spec.name}.{step.name} starts deadlines but the workflow cannot start them")
        for code in step.starts:
            spec.start_deadline(moved, code, step, actor)


class CaseRecorder:
    """core.workflow's recorder: a move is recorded on the case it belongs to."""

    def move(self, **kwargs):
        return fsm_transition(**kwargs)

    def apply_deadlines(self, spec: WorkflowSpec, moved, step: Step, actor, on: datetime.date | None) -> None:
        apply_deadlines(spec, moved, step, actor, on=on)

    def is_sensitive(self, name: str, model: type) -> bool:
        return is_sensitive(name, model)

    def stage_label(self, obj, stage: str | None = None) -> str:
        return stage_label(obj, stage)
