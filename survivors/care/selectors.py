"""Reads about survivor care.

Case data is read only for a case the viewer can see (the views resolve it through
cases.selectors first), and each part only if her CaseAccess allows it. The one read
that starts elsewhere is the receiving organisation's inbox: it lists the repatriation
requests addressed to an organisation, with only what a request shares (reference,
pseudonym, dates, states, the sender's note), never the survivor's identity, and only
while her consent to share with that organisation is in force.
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from cases.deadlines import care_record_deadlines, deadline_list_for_case
from cases.models import Case, Deadline
from cases.selectors import case_list_visible_to
from cases.workflow import available_transitions
from consortium.models import Organisation
from survivors.models import Consent, ConsentPurpose

from .models import (
    CustodyOrder,
    GoalStatus,
    RehabilitationGoal,
    RehabilitationPlan,
    Repatriation,
    Rescue,
    ServiceReceived,
    ShelterHome,
    ShelterStay,
    SupportContact,
)

# Organisations that take a survivor home (not collectives, lawyers or the secretariat).
RECEIVING_KINDS = (Organisation.Kind.NGO, Organisation.Kind.CBO, Organisation.Kind.GOVERNMENT_PARTNER)
ACK_RULE = "repatriation_acknowledgement"
REPATRIATION_KEY_PREFIX = f"{Repatriation._meta.label_lower}:"


# --- age and consent --------------------------------------------------------------------------


def is_child_at_rescue(case: Case, rescued_on=None) -> bool:
    """A child when rescued (the JJ Act applies): her age on that day, else the case's minor flag."""
    survivor = case.survivor
    age = survivor.age_on(rescued_on) if rescued_on else None
    if age is None:
        return survivor.minor_at_offence or survivor.is_minor_now
    return age < 18


def sharing_consent_for(case: Case, organisation: Organisation) -> Consent | None:
    """Her consent in force to share the case with this organisation; for a minor now, only one given
    by her guardian or resting on a recorded legal basis (a CWC order) counts."""
    consents = Consent.objects.in_force().filter(
        case=case, recipient_organisation=organisation, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION
    )
    if case.survivor.is_minor_now:
        consents = consents.filter(given_by__in=[Consent.GivenBy.GUARDIAN, Consent.GivenBy.LEGAL_BASIS])
    return consents.order_by("-given_on", "-pk").first()


def receiver_may_receive(case: Case, organisation: Organisation) -> bool:
    """The lead organisation holds the case already; any other needs her consent in force."""
    return organisation.pk == case.lead_organisation_id or sharing_consent_for(case, organisation) is not None


def receiving_organisation_choices(case: Case, *, sending_organisation_id=None):
    """Organisations a request may be sent to now: the lead organisation, and those she consented to share with."""
    consented = Consent.objects.in_force().filter(case=case, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION)
    if case.survivor.is_minor_now:
        consented = consented.filter(given_by__in=[Consent.GivenBy.GUARDIAN, Consent.GivenBy.LEGAL_BASIS])
    return (
        Organisation.objects.filter(is_active=True, kind__in=RECEIVING_KINDS)
        .filter(Q(pk=case.lead_organisation_id) | Q(pk__in=consented.values("recipient_organisation_id")))
        .exclude(pk=sending_organisation_id)
        .select_related("home_state")
        .order_by("name")
    )


# --- the Care tab -----------------------------------------------------------------------------


def _ack_due_subquery():
    return Subquery(
        Deadline.objects.filter(
            case_id=OuterRef("case_id"),
            rule_code=ACK_RULE,
            status=Deadline.Status.OPEN,
            subject_key=Concat(Value(REPATRIATION_KEY_PREFIX), Cast(OuterRef("pk"), output_field=CharField())),
        ).values("due_at")[:1]
    )


def stepper(repatriation: Repatriation) -> list[dict]:
    """The main stages in order, each done, current or still to come (a refused or cancelled
    request shows the stages it reached, and its side state as a tag)."""
    stages = Repatriation.MAIN_STAGES
    if repatriation.stage in stages:
        reached = stages.index(repatriation.stage)
    else:
        reached = _last_main_stage_reached(repatriation)
    steps = []
    for index, stage in enumerate(stages):
        if repatriation.stage == stage:
            state = "current"
        elif index <= reached:
            state = "done"
        else:
            state = "todo"
        steps.append({"stage": stage, "label": Repatriation.Stage(stage).label, "state": state})
    return steps


def _last_main_stage_reached(repatriation: Repatriation) -> int:
    if repatriation.travel_on and repatriation.accepted_on:
        return 2
    if repatriation.accepted_on:
        return 1
    return 0


def repatriations_for_case(case: Case):
    return (
        Repatriation.objects.filter(case=case)
        .select_related(
            "sending_organisation",
            "receiving_organisation",
            "from_state",
            "to_state",
            "to_district",
            "requested_by",
            "accepted_by",
            "acknowledged_by",
        )
        .annotate(ack_due_at=_ack_due_subquery())
    )


def plan_progress(goals) -> dict:
    """Counts per status and the share achieved of the goals still pursued (dropped ones left out)."""
    counts = Counter(goal.status for goal in goals)
    pursued = sum(counts[s] for s in (GoalStatus.PLANNED, GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED))
    achieved = counts[GoalStatus.ACHIEVED]
    return {
        "total": len(goals),
        "by_status": [(status, label, counts[status]) for status, label in GoalStatus.choices],
        "achieved": achieved,
        "pursued": pursued,
        "percent": round(100 * achieved / pursued) if pursued else 0,
    }


def rescued_with_visible(user, case: Case, rescue: Rescue | None):
    """Cases rescued with hers, in either direction, that this viewer may see (others are not mentioned)."""
    linked = Q(rescue__rescued_with=case)
    if rescue is not None:
        linked |= Q(pk__in=rescue.rescued_with.values("pk"))
    return case_list_visible_to(user).filter(linked).exclude(pk=case.pk).order_by("reference").distinct()


def care_overview(*, user, case: Case, access, actor=None) -> dict:
    """Everything the Care tab shows this viewer, in a constant number of queries."""
    data = {}
    goals = list(RehabilitationGoal.objects.filter(case=case).select_related("responsible_organisation"))
    services = list(ServiceReceived.objects.filter(case=case).select_related("provided_by", "goal", "recorded_by"))
    if not access.can_see_care_records:
        services = [s for s in services if not s.is_sensitive]
    data.update(
        plan=RehabilitationPlan.objects.filter(case=case).first(),
        goals=goals,
        progress=plan_progress(goals),
        services=services,
        service_totals=_totals_by_organisation(services),
        support=list(SupportContact.objects.filter(case=case).select_related("organisation", "recorded_by")),
    )
    if not access.can_see_care_records:
        return data
    rescue = Rescue.objects.filter(case=case).select_related("state", "district").first()
    repatriations = list(repatriations_for_case(case))
    for repatriation in repatriations:
        repatriation.steps = stepper(repatriation)
        repatriation.actions = [t.name for t in available_transitions(repatriation, actor)] if actor else []
        repatriation.ack_overdue = bool(repatriation.ack_due_at and repatriation.ack_due_at < timezone.now())
    data.update(
        rescue=rescue,
        rescued_with=list(rescued_with_visible(user, case, rescue)),
        orders=list(CustodyOrder.objects.filter(case=case).select_related("state", "shelter")),
        stays=list(ShelterStay.objects.filter(case=case).select_related("shelter", "shelter__state", "order")),
        repatriations=repatriations,
        deadlines=list(care_record_deadlines(deadline_list_for_case(case, access=access))),
        child_at_rescue=is_child_at_rescue(case, rescue.rescued_on if rescue else None),
    )
    return data


def _totals_by_organisation(services) -> list[tuple[str, Decimal]]:
    totals: dict[str, Decimal] = {}
    for service in services:
        if service.amount:
            name = service.provided_by.short_name
            totals[name] = totals.get(name, Decimal("0")) + service.amount
    return sorted(totals.items())


# --- the receiving organisation's inbox -------------------------------------------------------


def _shared_with(organisation):
    """Requests to this organisation that it may still read: it leads the case, or her consent
    to share with it is in force."""
    consent_in_force = Exists(
        Consent.objects.in_force().filter(
            case=OuterRef("case_id"),
            recipient_organisation=organisation,
            purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        )
    )
    return Repatriation.objects.filter(receiving_organisation=organisation).filter(
        Q(case__lead_organisation=organisation) | Q(consent_in_force)
    )


def inbox_for(organisation, *, recent_days: int = 90) -> dict:
    """Requests addressed to the organisation: those under way, and those closed recently.

    Only the fields the request shares are read (no survivor identity is even loaded)."""
    since = timezone.now() - datetime.timedelta(days=recent_days)
    rows = (
        _shared_with(organisation)
        .filter(Q(stage__in=Repatriation.OPEN_STAGES) | Q(updated_at__gte=since))
        .select_related("sending_organisation", "receiving_organisation", "from_state", "to_state", "to_district")
        .annotate(
            case_reference=F("case__reference"),
            pseudonym=F("case__survivor__pseudonym"),
            minor=F("case__survivor__minor_at_offence"),
            ack_due_at=_ack_due_subquery(),
        )
        .order_by("requested_on", "pk")
    )
    now = timezone.now()
    waiting, recent = [], []
    for row in rows:
        row.ack_overdue = bool(row.ack_due_at and row.ack_due_at < now)
        row.steps = stepper(row)
        (waiting if row.is_open else recent).append(row)
    recent.sort(key=lambda r: r.updated_at, reverse=True)
    return {"waiting": waiting, "recent": recent}


def inbox_get(organisation, repatriation_id) -> Repatriation | None:
    return (
        _shared_with(organisation)
        .select_related("case", "case__survivor", "case__lead_organisation", "sending_organisation", "from_state")
        .select_related("to_state", "receiving_organisation")
        .filter(pk=repatriation_id)
        .first()
    )


def inbox_waiting_count(organisation) -> int:
    """Requests waiting for this organisation to act: to accept or refuse, or to acknowledge her arrival."""
    return (
        _shared_with(organisation)
        .filter(stage__in=[Repatriation.Stage.REQUESTED, Repatriation.Stage.HANDED_OVER])
        .count()
    )


# --- shelter homes ----------------------------------------------------------------------------


def shelter_list(*, state=None, include_inactive: bool = True):
    shelters = ShelterHome.objects.select_related("state", "district")
    if state is not None:
        shelters = shelters.filter(state=state)
    if not include_inactive:
        shelters = shelters.filter(is_active=True)
    return shelters.order_by("-is_active", "state__name", "name")
