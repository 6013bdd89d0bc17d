"""The overall stage of a case, derived from its workflows' transitions (never stored twice).

Each FIR, court case, claim and repatriation records its moves in StageTransition. The
case's justice stage is the furthest one reached: a trial (any court case) outranks the
investigation (any FIR); within a workflow, the furthest stage of any of its objects wins,
by the order of the stages on the workflow's model. Compensation is reported beside it.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import StageTransition

# Workflows that make up the justice stage, strongest first, with the word shown.
JUSTICE_WORKFLOWS = [("court", gettext_lazy("Trial")), ("investigation", gettext_lazy("Investigation"))]


@dataclass(frozen=True)
class CaseStage:
    justice: str
    compensation: str

    def __str__(self):
        return self.justice


def _stage_order(subject_key: str) -> tuple[list[str], dict]:
    """The stages of the model behind a subject key, in declaration order, and their labels."""
    label, _pk = subject_key.split(":", 1)
    app_label, model_name = label.split(".", 1)
    try:
        field = apps.get_model(app_label, model_name)._meta.get_field("stage")
    except (LookupError, ValueError):
        return [], {}
    choices = list(field.flatchoices)
    return [value for value, _label in choices], {value: str(text) for value, text in choices}


def _furthest(latest_by_subject: dict[str, str]) -> tuple[str, str] | None:
    """(stage, label) of the furthest stage among the subjects of one workflow."""
    best = None
    for subject, stage in latest_by_subject.items():
        order, labels = _stage_order(subject)
        rank = order.index(stage) if stage in order else -1
        if best is None or rank > best[0]:
            best = (rank, stage, labels.get(stage, stage.replace("_", " ")))
    return (best[1], best[2]) if best else None


def case_stage(case) -> CaseStage:
    return case_stages([case.pk])[case.pk]


def case_stages(case_ids) -> dict[int, CaseStage]:
    """The stage of each of these cases, from one read of their stage moves (a page of the case list)."""
    latest: dict[int, dict[str, dict[str, str]]] = {pk: {} for pk in case_ids}
    for case_id, workflow, subject, stage in (
        StageTransition.objects.filter(case_id__in=list(case_ids))
        .order_by("effective_on", "recorded_at", "pk")
        .values_list("case_id", "workflow", "subject_key", "to_stage")
    ):
        latest[case_id].setdefault(workflow, {})[subject] = stage
    return {pk: _stage_of(moves) for pk, moves in latest.items()}


def _stage_of(latest: dict[str, dict[str, str]]) -> CaseStage:
    justice = _("Intake and support")
    for workflow, word in JUSTICE_WORKFLOWS:
        furthest = _furthest(latest.get(workflow, {}))
        if furthest:
            justice = f"{word}: {furthest[1]}"
            break
    compensation = ""
    if latest.get("compensation"):
        furthest = _furthest(latest["compensation"])
        compensation = furthest[1] if furthest else ""
    return CaseStage(justice=justice, compensation=compensation)
