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
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cases.deadlines import care_record_deadlines, deadline_list_for_case
from cases.models import Case, Deadline
from cases.selectors import case_list_visible_to
from cases.workflow import available_transitions
from consortium.models import Organisation
from survivors.models import Consent, ConsentPurpose

from .models import (
    CustodyOrder,
    ExamConsent,
    FamilyTracing,
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
ORDER_KEY_PREFIX = f"{CustodyOrder._meta.label_lower}:"  # a deadline's subject_key (cases.deadlines.subject_key)


# --- age and consent --------------------------------------------------------------------------

JJ_CHILD_BELOW = 18  # Juvenile Justice Act 2015 s.2(12): a child has not completed 18 years
ITPA_CHILD_BELOW = 16  # ITPA 1956 s.2(aa): a child has not completed 16 years; s.2(cb) minor: 16 to 18
ITPA_MAJOR_FROM = 18  # ITPA 1956 s.2(ca): a major has completed 18 years


def is_child_at_rescue(case: Case, rescued_on=None) -> bool:
    """A child when rescued (the JJ Act applies): her age on that day, else the case's minor flag."""
    survivor = case.survivor
    age = survivor.age_on(rescued_on) if rescued_on else None
    if age is None:
        return survivor.minor_at_offence or survivor.is_minor_now
    return age < JJ_CHILD_BELOW


@dataclass(frozen=True)
class ItpaStatus:
    """Her status under the Immoral Traffic (Prevention) Act on a given day, which differs from
    the JJ Act's: ITPA calls a person under 16 a "child" and one of 16 to 18 a "minor"."""

    code: str  # "child", "minor", "major" or "under_18" (age unknown, known to be under 18)
    age: int | None
    label: str
    source: str


ITPA_LABELS = {
    "child": (gettext_lazy("a child (under 16)"), "ITPA 1956 s.2(aa)"),
    "minor": (gettext_lazy("a minor (16 to 18)"), "ITPA 1956 s.2(cb)"),
    "major": (gettext_lazy("a major (18 or over)"), "ITPA 1956 s.2(ca)"),
    "under_18": (
        gettext_lazy("under 18: a child (under 16) or a minor (16 to 18); record her age to tell which"),
        "ITPA 1956 s.2(aa), (cb)",
    ),
}


def itpa_status_for_age(age: int | None, *, known_under_18: bool = False) -> ItpaStatus | None:
    if age is None:
        code = "under_18" if known_under_18 else None
    elif age < ITPA_CHILD_BELOW:
        code = "child"
    elif age < ITPA_MAJOR_FROM:
        code = "minor"
    else:
        code = "major"
    if code is None:
        return None
    label, source = ITPA_LABELS[code]
    return ItpaStatus(code=code, age=age, label=str(label), source=source)


def itpa_status(case: Case, on: datetime.date) -> ItpaStatus | None:
    """Her ITPA status by her age on the day (the rescue, for the care pages); None if nothing is known."""
    survivor = case.survivor
    return itpa_status_for_age(survivor.age_on(on), known_under_18=survivor.minor_at_offence)


# --- the medical examination (BNSS 184 / CrPC 164A) -------------------------------------------

MEDICAL_RULE = "medical_examination"


@dataclass(frozen=True)
class MedicalExamStatus:
    """Whether the 24-hour medical examination is due, and why (or why not).

    BNSS 184(1) (CrPC 164A(1)): where rape or attempted rape is under investigation, the woman
    is examined, with her consent or that of a person competent to consent for her, within 24
    hours of the police receiving the information. So no deadline on a rescue as such.
    """

    state: str  # "no_rape", "waiting_consent", "withheld", "due", or "done" (examination recorded)
    message: str
    basis: str = ""  # "rescue" (she reported it) or "fir" (a FIR charges a rape or POCSO section)
    information_at: datetime.datetime | None = None
    # What the law asks, whether or not the examination is recorded: the deadline follows this.
    legal_state: str = ""
    # The first examination recorded on or after the rescue (legal.MedicalExamination), or None.
    examination: Any = None  # legal.MedicalExamination: legal sits above care, so not imported
    # Done within the 24 hours of BNSS 184(1)? None when the law did not ask it or the hours cannot tell.
    within_24_hours: bool | None = None

    @property
    def deadline_applies(self) -> bool:
        return self.legal_state == "due"


def _fir_charges_rape(case: Case):
    """The earliest registration date of a FIR on the case charging a rape or POCSO section, or None.

    Read through the case's relations (survivors sits below legal and imports none of it)."""
    sexual = Q(firs__charges__section__is_sexual_offence=True) | Q(firs__charges__section__two_month_investigation=True)
    rows = (
        Case.objects.filter(pk=case.pk)
        .filter(sexual, firs__charges__dropped_at__isnull=True)
        .values_list("firs__fir_date", "firs__reported_on")
    )
    # The information is received when the complaint is made (reported_on), at the latest at registration.
    days = [min(d for d in pair if d) for pair in rows if any(pair)]
    return min(days) if days else None


def first_examination_after_rescue(case: Case, rescue: Rescue | None):
    """The first medical examination recorded on or after the rescue day, or None.

    The examination is recorded once, as legal.MedicalExamination (the Investigation tab lists the
    same rows); it is read here through the case's relation, as survivors imports nothing of legal."""
    if rescue is None:
        return None
    return case.medical_examinations.filter(examined_on__gte=rescue.rescued_on).order_by("examined_on", "pk").first()


def _within_24_hours(information_at, information_timed: bool, examination) -> bool | None:
    """BNSS 184(1) / CrPC 164A(1): examined within 24 hours of the information? To the hour when both
    hours are recorded; by the day otherwise (the next day, without both hours, cannot be told)."""
    if information_at is None or examination is None:
        return None
    if information_timed and examination.time_known:
        return examination.examined_at - information_at <= datetime.timedelta(hours=24)
    days = (examination.examined_on - timezone.localtime(information_at).date()).days
    if days <= 0:
        return True
    return False if days >= 2 else None


def medical_exam_status(case: Case, rescue: Rescue | None) -> MedicalExamStatus:
    if rescue is None:
        return MedicalExamStatus("no_rape", str(_NO_RESCUE), legal_state="no_rape")
    examination = first_examination_after_rescue(case, rescue)
    fir_day = None if rescue.rape_reported else _fir_charges_rape(case)
    if not rescue.rape_reported and fir_day is None:
        state, message = ("done", _DONE) if examination else ("no_rape", _NO_RAPE)
        return MedicalExamStatus(state, str(message), legal_state="no_rape", examination=examination)
    if rescue.rape_reported:
        basis, information_at = "rescue", rescue.rape_reported_at or rescue.rescued_at
        information_timed = rescue.rape_reported_at is not None or rescue.time_known
    else:
        # Information recorded with the FIR; she cannot be examined before she is rescued.
        fir_start = timezone.make_aware(datetime.datetime.combine(fir_day, datetime.time(0, 0)))
        basis, information_at = "fir", max(fir_start, rescue.rescued_at)
        information_timed = information_at == rescue.rescued_at and rescue.time_known
    if rescue.exam_consent == ExamConsent.WITHHELD:
        legal_state, message = "withheld", _WITHHELD
    elif rescue.exam_consent in (ExamConsent.GIVEN, ExamConsent.ON_HER_BEHALF):
        legal_state, message = "due", _DUE
    else:
        legal_state, message = "waiting_consent", _WAITING
    examined = examination is not None or (
        Deadline.objects.filter(case=case, rule_code=MEDICAL_RULE, status=Deadline.Status.MET).exists()
    )
    state = "done" if examined else legal_state
    within = _within_24_hours(information_at, information_timed, examination) if legal_state == "due" else None
    return MedicalExamStatus(
        state,
        str(_DONE if examined else message),
        basis,
        information_at,
        legal_state,
        examination=examination,
        within_24_hours=within,
    )


_NO_RESCUE = gettext_lazy("No rescue recorded.")
_NO_RAPE = gettext_lazy(
    "No rape reported: BNSS 184 does not apply. The 24-hour medical examination (BNSS 184(1), CrPC 164A(1)) is "
    "for a victim of rape or attempted rape; record it on the rescue if she reports one."
)
_WAITING = gettext_lazy(
    "Waiting for her consent: the examination is done only with her consent (or, for a child, her guardian's), "
    "BNSS 184(1). Record her answer on the rescue; the 24-hour deadline opens then."
)
_WITHHELD = gettext_lazy(
    "She does not consent to the medical examination: none is due (BNSS 184(1) requires her consent)."
)
_DUE = gettext_lazy("Rape reported and consent recorded: the examination is due within 24 hours of the information.")
_DONE = gettext_lazy("Medical examination recorded.")


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
        Deadline.objects.live()
        .filter(
            case_id=OuterRef("case_id"),
            rule_code=ACK_RULE,
            subject_key=Concat(Value(REPATRIATION_KEY_PREFIX), Cast(OuterRef("pk"), output_field=CharField())),
        )
        .values("due_at")[:1]
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
    """Cases rescued with hers, in either direction, that this viewer may see (others are not mentioned).

    The handful of linked cases is found first, in the rescue links alone (the other end of each link
    that names her case or starts from her rescue), and only those are tested for visibility: joining
    the links to every case she may see, with a DISTINCT, took 150-250 ms at 100,000 cases."""
    names_her = Q(case=case)
    links = Rescue.rescued_with.through.objects.filter(names_her | Q(rescue=rescue) if rescue else names_her)
    other_end = DbCase(When(case=case, then=F("rescue__case_id")), default=F("case_id"))
    linked = links.annotate(other=other_end).values("other")
    return case_list_visible_to(user).filter(pk__in=linked).exclude(pk=case.pk).order_by("reference")


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
        orders=list(
            CustodyOrder.objects.filter(case=case).select_related("state", "shelter", "home_district", "answers")
        ),
        stays=list(ShelterStay.objects.filter(case=case).select_related("shelter", "shelter__state", "order")),
        repatriations=repatriations,
        deadlines=list(care_record_deadlines(deadline_list_for_case(case, access=access))),
        child_at_rescue=is_child_at_rescue(case, rescue.rescued_on if rescue else None),
        itpa=itpa_status(case, rescue.rescued_on) if rescue else None,
        medical=medical_exam_status(case, rescue),
    )
    for order in data["orders"]:
        order.family_warning = family_handover_warning(order, data["orders"])
    data.update(
        home_steps=home_steps(data["orders"], child=data["child_at_rescue"], deadlines=_home_deadlines(case))
        if rescue
        else [],
        tracings=list(FamilyTracing.objects.filter(case=case).select_related("order", "recorded_by")),
    )
    return data


# --- her way home: verification, home investigation, transfer (ITPA s.17A, JJ Act s.95) -------

Kind = CustodyOrder.Kind
# The deadline each step meets, opened by the order it answers.
HOME_RULES = {
    Kind.HOME_VERIFICATION: "home_verification_report",
    Kind.HOME_INVESTIGATION_REPORT: "home_investigation_report",
    Kind.CWC_TRANSFER_RECEIVED: "cwc_transfer_escort",
}
HOME_STEP_LABELS = {
    Kind.HOME_VERIFICATION_ORDERED: gettext_lazy("Magistrate orders a home verification (s.17A)"),
    Kind.HOME_VERIFICATION: gettext_lazy("Verification report"),
    Kind.HOME_INVESTIGATION_REQUESTED: gettext_lazy("CWC asks for a home investigation report"),
    Kind.HOME_INVESTIGATION_REPORT: gettext_lazy("Home investigation report received"),
    Kind.CWC_TRANSFER: gettext_lazy("CWC orders her transfer (s.95(1))"),
    Kind.CWC_TRANSFER_RECEIVED: gettext_lazy("Received by the CWC of her home district (s.95(2))"),
}


def _home_deadlines(case: Case) -> dict[str, Deadline]:
    """The deadlines of her way home by the key of the order that opened them (one query)."""
    rows = Deadline.objects.filter(case=case, rule_code__in=HOME_RULES.values()).exclude(
        status=Deadline.Status.NOT_APPLICABLE
    )
    return {f"{d.rule_code} {d.subject_key}": d for d in rows.order_by("created_at", "pk")}


def home_steps(orders, *, child: bool, deadlines: dict) -> list[dict]:
    """The steps of her way home in order, each with the record that took it (or None), the order it
    answers, its state for the stepper (done, current, todo) and the deadline it meets.

    An adult: the magistrate's order for a home verification, then its report (ITPA s.17A). A child: the
    CWC's request for a home investigation report, the report, the transfer order, her arrival at the CWC
    of her home district (JJ Act s.95). The latest request leads the chain; a verification or transfer
    recorded before chains existed (answering nothing) still shows in its place."""
    kinds = CustodyOrder.CHILD_HOME_STEPS if child else CustodyOrder.ADULT_HOME_STEPS
    of_kind: dict[str, list] = {k: [o for o in orders if o.kind == k] for k in kinds}
    chosen: dict[str, Any] = {}
    previous = None
    for kind in kinds:
        rows = of_kind[kind]
        # The step answering the one before; else one answering nothing (recorded before chains existed, or
        # a transfer resting on no report); never one answering an older request.
        answering = [o for o in rows if previous is not None and o.answers_id == previous.pk]
        loose = [o for o in rows if o.answers_id is None]
        record = (answering or loose)[-1] if (answering or loose) else None
        chosen[kind] = record
        previous = record or previous
    if not any(chosen.values()):
        return []
    steps = []
    current_taken = False
    for index, kind in enumerate(kinds):
        record = chosen[kind]
        if record is not None:
            state = "done"
        elif not current_taken:
            state, current_taken = "current", True
        else:
            state = "todo"
        # The deadline this step meets was opened by the order it answers (or, not yet taken, the step before).
        rule = HOME_RULES.get(kind)
        opener_pk = record.answers_id if record is not None else None
        if opener_pk is None and record is None and index and chosen[kinds[index - 1]] is not None:
            opener_pk = chosen[kinds[index - 1]].pk
        deadline = deadlines.get(f"{rule} {ORDER_KEY_PREFIX}{opener_pk}") if rule and opener_pk else None
        steps.append(
            {"kind": kind, "label": HOME_STEP_LABELS[kind], "record": record, "state": state, "deadline": deadline}
        )
    return steps


# --- handing her over to her family (ITPA s.17A) ----------------------------------------------


def family_handover_warning(order: CustodyOrder, orders) -> str:
    """Why a magistrate's order restoring her to her family deserves a second look, or "".

    ITPA s.17A: before handing a rescued person over to her parents or guardian, the magistrate
    may have their genuineness and capability verified by a recognised welfare institution or
    organisation; handing her over without it (or despite a negative finding) is warned, not refused:
    the order is the court's, the record says what happened."""
    if order.kind not in CustodyOrder.FAMILY_HANDOVER_KINDS or order.outcome != CustodyOrder.Outcome.RESTORED:
        return ""
    checks = [
        o
        for o in orders
        if o.kind == CustodyOrder.Kind.HOME_VERIFICATION and o.pk != order.pk and o.ordered_on <= order.ordered_on
    ]
    if not checks:
        return str(_NO_VERIFICATION)
    latest = max(checks, key=lambda o: (o.ordered_on, o.pk))
    if latest.finding != CustodyOrder.Finding.GENUINE:
        return str(_VERIFICATION_NEGATIVE)
    return ""


def family_handover_warning_for(case: Case, order: CustodyOrder) -> str:
    return family_handover_warning(order, list(CustodyOrder.objects.filter(case=case)))


_NO_VERIFICATION = gettext_lazy(
    "Handed over to her family with no home verification on record: ITPA s.17A has the genuineness of her "
    "parents or guardian verified first. Record the verification, or note why there was none."
)
_VERIFICATION_NEGATIVE = gettext_lazy(
    "Handed over to her family although the home verification found them not genuine or not safe for her (ITPA s.17A)."
)


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
