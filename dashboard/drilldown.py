"""The cases behind a number: the same predicate that counted them, on the same visible cases."""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cases.models import Case, Deadline, StageTransition
from compensation.models import Claim
from legal.models import FIR, CourtCase, FailureTag

from .metrics import (
    COMPENSATION,
    COMPENSATION_FUNNEL,
    COURT,
    INVESTIGATION,
    JUSTICE_FUNNEL,
    STATUS_FIGURES,
    stage_labels,
)

EXTRA_LABELS = {
    "closure_report": _("Closure report filed"),
    "acquittal": _("Acquittal"),
    "bail_granted": _("An accused got bail"),
    "now": _("Now in a stage"),
}


def metric_label(metric: str) -> str:
    claim_steps = dict(COMPENSATION_FUNNEL)
    if metric in claim_steps:
        # The funnel counts claims; the list behind a step is of cases, each with one such claim or more.
        return _("Cases with at least one claim in “%(step)s”") % {"step": claim_steps[metric]}
    labels = dict(JUSTICE_FUNNEL + STATUS_FIGURES)
    return str(labels.get(metric) or EXTRA_LABELS.get(metric) or metric)


def _int(params, name) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    if not str(raw).isdigit() or len(str(raw)) > 12:
        raise ValidationError(
            _("The link is damaged (%(name)s). Go back to the dashboard and click the number again.") % {"name": name}
        )
    return int(raw)


def drill_filter(cases: QuerySet[Case], params, predicates: dict) -> tuple[QuerySet[Case], str]:
    """(cases, description) for the drill-down parameters; ValidationError with a clear message for bad ones."""
    metric = params.get("metric") or "cases"
    parts = []
    if metric == "reached":
        wf_stage = params.get("stage") or ""
        labels = stage_labels()
        if wf_stage not in labels:
            raise ValidationError(_("Unknown stage. Go back to the dashboard and click the number again."))
        workflow, stage = wf_stage.split(":", 1)
        moves = StageTransition.objects.filter(workflow=workflow, to_stage=stage).values("case_id")
        cases = cases.filter(pk__in=moves)
        parts.append(_("reached “%(stage)s”") % {"stage": labels[wf_stage]})
    elif metric == "now":
        wf_stage = params.get("stage") or ""
        labels = stage_labels()
        if wf_stage not in labels:
            raise ValidationError(_("Unknown stage. Go back to the dashboard and click the number again."))
        workflow, stage = wf_stage.split(":", 1)
        model = {INVESTIGATION: FIR, COURT: CourtCase, COMPENSATION: Claim}[workflow]
        cases = cases.filter(pk__in=model.objects.filter(stage=stage).values("case_id"))
        parts.append(_("now in “%(stage)s”") % {"stage": labels[wf_stage]})
    elif metric in predicates:
        cases = cases.filter(predicates[metric])
        parts.append(metric_label(metric))
    else:
        raise ValidationError(_("Unknown figure. Go back to the dashboard and click the number again."))

    tags = FailureTag.objects.filter(removed_at__isnull=True)
    if (point := _int(params, "failure_point")) is not None:
        cases = cases.filter(pk__in=tags.filter(failure_point_id=point).values("fir__case_id"))
        parts.append(_("failure point #%(id)s") % {"id": point})
    if station := (params.get("station") or "").strip()[:120]:
        cases = cases.filter(pk__in=tags.filter(fir__police_station=station).values("fir__case_id"))
        parts.append(_("police station %(name)s") % {"name": station})
    if (district := _int(params, "fir_district")) is not None:
        lookup = Q(fir__district_id=district) if district else Q(fir__district__isnull=True)
        cases = cases.filter(pk__in=tags.filter(lookup).values("fir__case_id"))
        parts.append(_("FIR district"))
    if (court := _int(params, "court")) is not None:
        cases = cases.filter(pk__in=tags.filter(fir__court_cases__court_id=court).values("fir__case_id"))
        parts.append(_("court"))
    if workflow := (params.get("workflow") or "").strip()[:30]:
        cases = cases.filter(pk__in=Deadline.objects.overdue().filter(rule__workflow=workflow).values("case_id"))
        parts.append(workflow)
    for side in ("source", "destination"):
        if (district := _int(params, f"{side}_district")) is not None:
            lookup = {f"{side}_district_id": district} if district else {f"{side}_district__isnull": True}
            cases = cases.filter(**lookup)
            parts.append(_("source district") if side == "source" else _("destination district"))
    return cases, " · ".join(str(p) for p in parts)
