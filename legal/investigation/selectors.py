"""Reads about investigations. Everything starts from a case the person may see
(cases.selectors), and anything reaching across cases (chains, accused persons) is
filtered again through case_list_visible_to(): a FIR of a case she cannot see is not
shown, not counted, not hinted at."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from cases.models import Deadline
from cases.selectors import case_list_visible_to, stages_reached
from cases.workflow import available_transitions
from legal.accused.selectors import case_accused_list, is_her_lawyer, other_cases_of_accused
from legal.investigation.workflow import INVESTIGATION
from legal.models import (
    FIR,
    MAIN_LINE,
    SIDE_STAGES,
    AdvocacyAction,
    Charge,
    FailurePoint,
    FailureTag,
    FIRAccused,
    MedicalExamination,
    PoliceRequest,
    Stage,
    Statement,
    TraffickingChain,
)

INVESTIGATION_RULES = [
    "production_before_magistrate",
    "preliminary_enquiry",
    "pocso_report_to_cwc",
    "medical_examination",
    "medical_report",
    "victim_informed_of_progress",
    "chargesheet_60",
    "chargesheet_90",
    "chargesheet_sexual_offence",
]


def fir_list_for_case(case, *, details: bool):
    firs = FIR.objects.filter(case=case).select_related(
        "state", "district", "transferred_to_state", "chain", "case__rescue"
    )
    prefetches = [
        Prefetch(
            "charges",
            queryset=Charge.objects.select_related("section__act", "section__counterpart__act", "dropped_by"),
        ),
        Prefetch(
            "failure_tags",
            queryset=FailureTag.objects.filter(removed_at__isnull=True).select_related("failure_point", "tagged_by"),
            to_attr="live_tags",
        ),
    ]
    if details:
        prefetches += [
            Prefetch("accused_links", queryset=FIRAccused.objects.select_related("accused").order_by("pk")),
            Prefetch("statements", queryset=Statement.objects.select_related("fir").order_by("on", "pk")),
        ]
    return firs.prefetch_related(*prefetches)


def stepper(fir: FIR, reached: set[str] | None = None) -> list[dict]:
    """The main line of stages with the current one marked; a side stage marks its place on the line.

    `reached`: the stages its history records. "Rescued", which a FIR registered on a complaint
    never passes, is shown skipped when the history does not hold it (with no history to read, the
    stages before the current one are done)."""
    current = SIDE_STAGES.get(fir.stage, fir.stage)
    index = MAIN_LINE.index(current)
    labels = dict(Stage.choices)

    def state(i: int, s: str) -> str:
        if i == index:
            return "current"
        if i > index:
            return "todo"
        return "skipped" if s == Stage.RESCUED and reached and s not in reached else "done"

    # On a side path the step shows where the FIR really is ("Closure report filed" in the report's place).
    return [
        {"stage": s, "label": labels[fir.stage] if i == index else labels[s], "state": state(i, s)}
        for i, s in enumerate(MAIN_LINE)
    ]


def chain_firs_visible(user, chain_ids) -> dict:
    """chain id -> the FIRs of that chain on cases she may see (nothing about the others)."""
    chains: dict = {}
    if not chain_ids:
        return chains
    firs = (
        FIR.objects.filter(chain_id__in=chain_ids, case__in=case_list_visible_to(user))
        .select_related("case", "state")
        .order_by("chain_id", "fir_date", "pk")
    )
    for fir in firs:
        chains.setdefault(fir.chain_id, []).append(fir)
    return chains


def chain_list_visible_to(user):
    """Chains with at least one FIR she may see, each with only those FIRs (prefetched as visible_firs)."""
    visible = FIR.objects.filter(case__in=case_list_visible_to(user))
    return (
        TraffickingChain.objects.filter(firs__in=visible)
        .distinct()
        .prefetch_related(
            Prefetch(
                "firs",
                queryset=visible.select_related("case", "state", "district").order_by("chain_role", "fir_date", "pk"),
                to_attr="visible_firs",
            )
        )
        .order_by("-created_at", "-pk")
    )


def linkable_firs(user, fir: FIR):
    """FIRs she could link this one with: on cases she may see, not this FIR, not already in its chain."""
    firs = FIR.objects.filter(case__in=case_list_visible_to(user).filter(identity_visible=True)).exclude(pk=fir.pk)
    if fir.chain_id:
        firs = firs.exclude(chain_id=fir.chain_id)
    return firs.select_related("case", "state").order_by("case__reference", "pk")


def investigation_page(user, case, access) -> dict:
    """Everything the Investigation tab shows, in a constant number of queries."""
    details = access.can_see_investigation_details
    firs = list(fir_list_for_case(case, details=details))
    chains = chain_firs_visible(user, {f.chain_id for f in firs if f.chain_id})
    reached = stages_reached(case, "investigation")
    for fir in firs:
        fir.steps = stepper(fir, reached.get(f"{fir._meta.label_lower}:{fir.pk}"))
        fir.side_stage = fir.stage in SIDE_STAGES
        fir.actions = (
            [INVESTIGATION.step(t.name) for t in available_transitions(fir, access)]
            if access.can_record_investigation
            else []
        )
        fir.chain_firs = [f for f in chains.get(fir.chain_id, []) if f.pk != fir.pk]
        fir.live_charges = [c for c in fir.charges.all() if c.is_live]
        fir.dropped_charges = [c for c in fir.charges.all() if not c.is_live]
    # Read once, then sorted into open (with the "no date" rows) and closed.
    deadlines = list(
        Deadline.objects.filter(case=case, rule_code__in=INVESTIGATION_RULES)
        .select_related("rule", "calendar")
        .order_by("due_at", "pk")
    )
    shown_open = (Deadline.Status.OPEN, Deadline.Status.NOT_APPLICABLE)
    context = {
        "firs": firs,
        "requests": PoliceRequest.objects.filter(case=case)
        .select_related("fir", "from_organisation", "to_organisation", "to_state")
        .prefetch_related("reminders"),
        "advocacy": AdvocacyAction.objects.filter(case=case).select_related("fir"),
        # "No date" rows (a BNSS-only limit on a CrPC investigation) say why beside the open ones.
        "open_deadlines": [d for d in deadlines if d.status in shown_open],
        "closed_deadlines": [d for d in deadlines if d.status not in shown_open],
        "today": timezone.localdate(),
    }
    if details:
        accused = list(case_accused_list(case))
        context["accused"] = accused
        context["her_lawyer"] = is_her_lawyer(user, case)
        others = other_cases_of_accused(user, [a.accused for a in accused], exclude_case=case)
        for link in accused:
            link.other_cases = others.get(link.accused_id, [])
        context["medical"] = MedicalExamination.objects.filter(case=case).select_related("fir")
    return context


def failure_point_counts():
    """Failure points with how many FIRs carry each now (SQL count; the dashboard builds on this)."""
    return FailurePoint.objects.annotate(live_tags=Count("tags", filter=Q(tags__removed_at__isnull=True))).order_by(
        "position", "name"
    )
