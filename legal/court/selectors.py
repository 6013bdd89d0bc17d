"""Reads about court proceedings. A case's court records start from a case the person may see
(cases.selectors); anything across cases (calendars, review queues, home pages) is filtered
through case_list_visible_to(): a hearing of a case she cannot see is not listed, counted or
hinted at. Accused persons are named only to people who see the case's details; everyone
else reads "Accused #12"."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.codes import Procedure
from cases.deadlines import rules_in_force, subject_key
from cases.models import CaseAssignment, Deadline, StageTransition
from cases.selectors import case_list_visible_to, document_list, team_list, timeline_for
from cases.workflow import available_transitions, transition_stage_labels
from core.day_count import add_months
from legal.accused.selectors import case_accused_list
from legal.court.workflow import COURT
from legal.investigation.selectors import fir_list_for_case
from legal.models import (
    COURT_MAIN_LINE,
    FIR,
    OPTIONAL_STAGES,
    Appeal,
    BailApplication,
    Charge,
    CourtAccused,
    CourtCase,
    CourtCharge,
    CourtStage,
    FIRAccused,
    Hearing,
    HearingStatus,
    Judgment,
    JudgmentOutcome,
    MedicalExamination,
    WitnessProtection,
)
from legal.reviews.selectors import reviews_for_case

COURT_RULES = [
    "copies_supplied",
    "committal",
    "discharge_application",
    "charges_framed",
    "judgment_pronounced",
    "judgment_outer_limit",
    "bail_decision",
    "anticipatory_bail_decision",
    "default_bail_decision",
    "child_trafficking_trial",
    "pocso_child_evidence",
    "pocso_trial_one_year",
    "rape_trial_two_months",
    "appeal_against_acquittal",
]
# Only if a rule was deleted; the rule in force gives the number (Satender Kumar Antil v. CBI,
# (2022) 10 SCC 51: two weeks, six weeks for anticipatory bail; default bail at once).
BAIL_DECISION_DAYS = {"bail_decision": 14, "anticipatory_bail_decision": 42, "default_bail_decision": 0}


def bail_decision_days(on: datetime.date | None = None, *, rule_code: str = "bail_decision") -> int:
    """Days within which a bail application of this kind should be decided: the rule in force."""
    return bail_decision_days_by_rule(on, codes=[rule_code])[rule_code]


def bail_decision_days_by_rule(on: datetime.date | None = None, *, codes=None) -> dict[str, int]:
    """bail_decision_days for every kind of bail application (or `codes`), in one query."""
    rules = rules_in_force(codes or BailApplication.DECISION_RULE_CODES, on or timezone.localdate())
    return {
        code: rule.offset_amount if rule is not None else BAIL_DECISION_DAYS.get(code, 14)
        for code, rule in rules.items()
    }


def bail_is_overdue(application: BailApplication, *, today: datetime.date, days: int | dict) -> bool:
    """Undecided for longer than the time allowed for its kind (`days`: a number, or one per rule)."""
    if isinstance(days, dict):
        days = days.get(application.decision_rule, BAIL_DECISION_DAYS.get(application.decision_rule, 14))
    return application.is_pending and (today - application.filed_on).days > days


# --- BNSS 479 / CrPC 436A: undertrial release ----------------------------------------------

RELEASE_SOURCE_BNSS = (
    "BNSS 479(1): an undertrial detained for half the maximum term of the offence is released on bond; "
    "a first-time offender after a third (proviso). Not for offences punishable with death or life "
    "imprisonment, nor where more than one offence or case is pending against the person (479(2))."
)
RELEASE_SOURCE_CRPC = (
    "CrPC 436A (trial begun before 1 July 2024): an undertrial detained for half the maximum term of the "
    "offence is released on bond; not for offences punishable with death."
)
RELEASE_SOURCE_CRPC_FIRST_OFFENDER = (
    "BNSS 479(1) proviso (a third for a first-time offender), applied by the Supreme Court to undertrials "
    "whose cases began before 1 July 2024: In Re: Inhuman Conditions in 1382 Prisons, W.P.(C) 406 of 2013, "
    "order of 23 August 2024."
)


def _in_custody_since(arrests: list, bail: list) -> datetime.date | None:
    """The day detention began, or None when not (or no longer) detained: an arrest not followed by
    release without charge, and no bail granted since (on the FIR or in this court)."""
    held = [a for a in arrests if a.is_arrested]
    if not held:
        return None
    for arrest in held:
        if arrest.default_bail or (arrest.bail_status == "granted"):
            return None
    for application in bail:
        if application.outcome == BailApplication.Outcome.GRANTED and application.cancellation_outcome != (
            BailApplication.CancellationOutcome.CANCELLED
        ):
            return None
    return min(a.arrested_on for a in held)


def undertrial_release(
    *, procedure: str, first_offender: bool, sections: list, detained_since: datetime.date | None, today=None
) -> dict | None:
    """When an undertrial in custody must be released on bond (BNSS 479 / CrPC 436A), from the
    gravest offence charged. None when not detained. Keys: `status` ("excluded", "no_term",
    "counting", "reached"), `on` (the day), `fraction`, `max_years`, `source`, `reason`."""
    if detained_since is None:
        return None
    today = today or timezone.localdate()
    crpc = procedure == Procedure.CRPC
    # BNSS 479 excludes offences punishable with death or life; CrPC 436A names death only, but
    # "half the maximum" of a life term is no date: Nyaya flags neither.
    grave = [s for s in sections if s.punishable_with_death or s.punishable_with_life]
    source = RELEASE_SOURCE_CRPC if crpc else RELEASE_SOURCE_BNSS
    result = {"detained_since": detained_since, "source": source, "on": None, "fraction": "", "max_years": None}
    if grave:
        return {
            **result,
            "status": "excluded",
            "reason": _("%(section)s is punishable with %(what)s: no release under this provision.")
            % {
                "section": grave[0].label,
                "what": _("death") if grave[0].punishable_with_death else _("imprisonment for life"),
            },
        }
    terms = [s.max_punishment_years for s in sections if s.max_punishment_years]
    if not terms:
        return {**result, "status": "no_term", "reason": _("The maximum term of the sections charged is not recorded.")}
    max_years = max(terms)
    if first_offender:
        months, fraction = max_years * 4, _("a third")
        if crpc:
            source = f"{RELEASE_SOURCE_CRPC} {RELEASE_SOURCE_CRPC_FIRST_OFFENDER}"
    else:
        months, fraction = max_years * 6, _("half")
    on = add_months(detained_since, months)
    return {
        **result,
        "source": source,
        "status": "reached" if on <= today else "counting",
        "on": on,
        "fraction": fraction,
        "max_years": max_years,
        "reason": "",
    }


def court_stepper(court_case: CourtCase) -> list[dict]:
    """The trial's main line: done, current (a side state shows in the place of the stage it
    left), skipped (committal, defence evidence or reserving judgment passed by) or to come."""
    stage = court_case.stage
    place = court_case.stage_before_side if court_case.is_side_stage else stage
    index = COURT_MAIN_LINE.index(place) if place in COURT_MAIN_LINE else 0
    labels = dict(CourtStage.choices)
    reached = {
        CourtStage.COMMITTED: court_case.committed_on,
        CourtStage.DEFENCE_EVIDENCE: court_case.defence_evidence_on,
        CourtStage.JUDGMENT_RESERVED: court_case.arguments_concluded_on,
        CourtStage.SENTENCE_HEARING: court_case.sentence_hearing_on,
        CourtStage.SENTENCED: court_case.sentenced_on,
    }
    steps = []
    for i, step in enumerate(COURT_MAIN_LINE):
        if i < index:
            state = "skipped" if step in OPTIONAL_STAGES and reached.get(step) is None else "done"
        elif i == index:
            state = "current"
        else:
            state = "todo"
        label = labels[stage] if i == index and court_case.is_side_stage else labels[step]
        steps.append({"stage": step, "label": label, "state": state})
    return steps


def _court_cases(case):
    return (
        CourtCase.objects.filter(case=case)
        .select_related("court__state", "court__district", "committing_court", "lawyer", "case")
        .prefetch_related(
            Prefetch(
                "firs",
                queryset=FIR.objects.select_related("state")
                .prefetch_related(Prefetch("charges", queryset=Charge.objects.select_related("section__act")))
                .order_by("fir_date", "pk"),
            ),
            Prefetch("accused_links", queryset=CourtAccused.objects.select_related("accused").order_by("pk")),
            Prefetch(
                "charges",
                queryset=CourtCharge.objects.select_related(
                    "section__act", "section__counterpart__act", "added_by", "dropped_by"
                ).order_by("court_accused_id", "framed_on", "pk"),
            ),
            Prefetch(
                "hearings",
                queryset=Hearing.objects.prefetch_related("attended_for_consortium").order_by("on", "pk"),
            ),
            Prefetch("bail_applications", queryset=BailApplication.objects.select_related("court")),
            Prefetch(
                "appeals", queryset=Appeal.objects.select_related("court").prefetch_related("against").order_by("pk")
            ),
        )
        .order_by("cognizance_on", "pk")
    )


def _who(link: CourtAccused, details: bool) -> str:
    return link.accused.display_name if details else str(link.accused)


def court_cases_for_case(case, access, *, bail_days: dict | None = None) -> list[CourtCase]:
    """Every court case of the case with what the Court tab and the case file show, in a
    constant number of queries (each list is prefetched and decorated in Python). `bail_days`:
    bail_decision_days_by_rule, when the caller has it already."""
    details = access.can_see_court_details
    today = timezone.localdate()
    days = bail_days if bail_days is not None else bail_decision_days_by_rule(today)
    court_cases = list(_court_cases(case))
    arrests: dict = {}
    for arrest in FIRAccused.objects.filter(fir__case=case):
        arrests.setdefault(arrest.accused_id, []).append(arrest)
    judgments = {
        j.court_case_id: j
        for j in Judgment.objects.filter(court_case__case=case)
        .select_related("document")
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=JudgmentOutcome.objects.prefetch_related("sections__act", "sections__counterpart__act"),
            )
        )
    }
    for court_case in court_cases:
        links = list(court_case.accused_links.all())
        who = {link.pk: _who(link, details) for link in links}
        court_case.accused_list = [{"link": link, "who": who[link.pk]} for link in links]
        court_case.steps = court_stepper(court_case)
        court_case.actions = (
            [
                COURT.by_name[t.name]
                for t in available_transitions(court_case, access)
                if t.name in COURT.by_name and not COURT.by_name[t.name].own_form
            ]
            if access.can_record_court
            else []
        )
        court_case.may_record_judgment = access.can_record_court and court_case.stage in (
            CourtStage.DISCHARGE_HEARING,
            CourtStage.FINAL_ARGUMENTS,
            CourtStage.JUDGMENT_RESERVED,
        )
        court_case.may_appeal = access.can_record_court and court_case.decided
        hearings = list(court_case.hearings.all())
        court_case.upcoming = [h for h in hearings if h.is_scheduled and h.on >= today]
        court_case.next_hearing = court_case.upcoming[0] if court_case.upcoming else None
        court_case.to_record = [h for h in hearings if h.to_record]
        court_case.past_hearings = [h for h in reversed(hearings) if not h.is_scheduled]
        charges = list(court_case.charges.all())
        for charge in charges:
            charge.who = who.get(charge.court_accused_id, "")
        court_case.charge_rows = [
            {
                "who": who[link.pk],
                "link": link,
                "live": [c for c in charges if c.court_accused_id == link.pk and c.is_live],
                "dropped": [c for c in charges if c.court_accused_id == link.pk and not c.is_live],
            }
            for link in links
        ]
        court_case.has_charges = any(c.is_live for c in charges)
        bail = list(court_case.bail_applications.all())
        for application in bail:
            application.who = who.get(application.court_accused_id, "")
            application.overdue = bail_is_overdue(application, today=today, days=days)
            application.days_waiting = application.days_undecided(today)
        court_case.bail = bail
        court_case.bail_overdue = [a for a in bail if a.overdue]
        court_case.law = trial_law(court_case)
        judgment = judgments.get(court_case.pk)
        if judgment is not None:
            outcomes = list(judgment.outcomes.all())
            for outcome in outcomes:
                outcome.who = who.get(outcome.court_accused_id, "")
                outcome.needs_sentence = outcome.outcome == "convicted" and not (
                    outcome.imprisonment_months or outcome.life_imprisonment or outcome.sentence or outcome.fine
                )
            judgment.outcome_rows = outcomes
        court_case.judgment_row = judgment
        decided = {o.court_accused_id for o in (judgment.outcome_rows if judgment is not None else [])}
        court_case.undertrials = _undertrials(court_case, links, who, arrests, bail, decided, today)
        for appeal in court_case.appeals.all():
            appeal.who = [who.get(link.pk, "") for link in appeal.against.all()]
        court_case.ecourts_flag = bool(court_case.ecourts_stage) and not court_case.ecourts_stage_mapped
        court_case.ecourts_differs = bool(court_case.ecourts_stage_mapped) and court_case.ecourts_stage_mapped != (
            court_case.stage
        )
    return court_cases


def trial_law(court_case: CourtCase) -> dict:
    """What the law makes of this trial: its code of procedure (BNSS s.531(2)(a)) and whether it is
    held in camera (BNSS 366(2) / CrPC 327(2); POCSO s.37)."""
    return {
        "procedure": court_case.procedure,
        "crpc": court_case.runs_under_crpc,
        "began_on": court_case.began_on,
        "in_camera": court_case.in_camera,
        "in_camera_basis": court_case.in_camera_basis,
        "sessions_offence": court_case.triable_by_sessions,
    }


def _undertrials(court_case, links, who, arrests, bail, decided, today) -> list[dict]:
    """BNSS 479 / CrPC 436A for each accused still on trial and in custody."""
    linked_firs = {fir.pk for fir in court_case.firs.all()}
    fir_sections = [c.section for fir in court_case.firs.all() for c in fir.charges.all() if c.is_live]
    charges = [c for c in court_case.charges.all() if c.is_live]
    rows = []
    for link in links:
        if link.pk in decided:
            continue
        held = arrests.get(link.accused_id, [])
        if linked_firs and any(a.fir_id in linked_firs for a in held):
            held = [a for a in held if a.fir_id in linked_firs]
        since = _in_custody_since(held, [a for a in bail if a.court_accused_id == link.pk])
        sections = [c.section for c in charges if c.court_accused_id == link.pk] or fir_sections
        release = undertrial_release(
            procedure=court_case.procedure,
            first_offender=link.first_offender,
            sections=sections,
            detained_since=since,
            today=today,
        )
        if release is not None:
            rows.append({"who": who[link.pk], "link": link, **release})
    return rows


def court_tab(user, case, access) -> dict:
    today = timezone.localdate()
    bail_days = bail_decision_days_by_rule(today)
    court_cases = court_cases_for_case(case, access, bail_days=bail_days)
    # The court's deadlines read once, then sorted into open, without a date, and closed.
    deadlines = list(
        Deadline.objects.filter(case=case, rule_code__in=COURT_RULES)
        .select_related("rule", "calendar")
        .order_by("due_at", "pk")
    )
    not_applicable: dict = {}
    for deadline in deadlines:
        if deadline.status == Deadline.Status.NOT_APPLICABLE:
            not_applicable.setdefault(deadline.subject_key, []).append(deadline)
    for court_case in court_cases:
        court_case.no_date = not_applicable.get(subject_key(court_case), [])
    context = {
        "court_cases": court_cases,
        "open_deadlines": [d for d in deadlines if d.status == Deadline.Status.OPEN],
        "closed_deadlines": [
            d for d in deadlines if d.status not in (Deadline.Status.OPEN, Deadline.Status.NOT_APPLICABLE)
        ],
        "today": today,
        "bail_days": bail_days["bail_decision"],
    }
    if access.can_see_reviews:
        context["reviews"] = reviews_for_case(case)
    if access.can_see_court_details:
        context["protection"] = WitnessProtection.objects.filter(case=case).select_related("court_case__court")
    return context


def with_law_sections(court_case: CourtCase) -> CourtCase:
    """The court case with what `CourtCase.law_sections()` reads fetched in three statements (its
    live charges' sections and its FIRs' charges' sections, with their acts), not one per charge."""
    prefetch_related_objects(
        [court_case],
        Prefetch("charges", queryset=CourtCharge.objects.select_related("section__act")),
        Prefetch(
            "firs",
            queryset=FIR.objects.prefetch_related(
                Prefetch("charges", queryset=Charge.objects.select_related("section__act"))
            ),
        ),
    )
    return court_case


def next_hearing(case) -> Hearing | None:
    """The case's next scheduled hearing (any of its court cases)."""
    return (
        Hearing.objects.filter(court_case__case=case, status=HearingStatus.SCHEDULED, on__gte=timezone.localdate())
        .select_related("court_case__court")
        .order_by("on", "pk")
        .first()
    )


def next_hearing_she_must_attend(case) -> Hearing | None:
    return (
        Hearing.objects.filter(
            court_case__case=case,
            status=HearingStatus.SCHEDULED,
            survivor_must_attend=True,
            on__gte=timezone.localdate(),
        )
        .select_related("court_case__court")
        .order_by("on", "pk")
        .first()
    )


# --- across cases ------------------------------------------------------------------------


class CalendarScope:
    MINE = "mine"
    ORGANISATION = "organisation"
    ALL = "all"


def calendar_cases(user, *, scope: str, organisation=None):
    """The cases whose hearings a calendar shows: always within what she may see."""
    cases = case_list_visible_to(user)
    if scope == CalendarScope.MINE:
        return cases.filter(on_team=True)
    if scope == CalendarScope.ORGANISATION and organisation is not None:
        staffed = Exists(CaseAssignment.objects.active().filter(case=OuterRef("pk"), organisation=organisation))
        return cases.filter(Q(lead_organisation=organisation) | Q(staffed))
    return cases


def hearing_calendar(
    user, *, start: datetime.date, end: datetime.date, scope: str, organisation=None, must_attend_only: bool = False
):
    cases = calendar_cases(user, scope=scope, organisation=organisation)
    hearings = Hearing.objects.filter(court_case__case__in=cases.values("pk"), on__range=(start, end))
    if must_attend_only:
        hearings = hearings.filter(survivor_must_attend=True)
    return hearings.select_related("court_case__court", "court_case__case", "court_case__lawyer").order_by(
        "on", "court_case__case__reference", "pk"
    )


def hearings_coming(user, *, days: int = 7, must_attend_only: bool = False, limit: int = 20):
    """Her hearings (cases she is on the team of) from today over the next `days` days."""
    today = timezone.localdate()
    return list(
        hearing_calendar(
            user,
            start=today,
            end=today + datetime.timedelta(days=days - 1),
            scope=CalendarScope.MINE,
            must_attend_only=must_attend_only,
        ).filter(status=HearingStatus.SCHEDULED)[:limit]
    )


# --- the case file ---------------------------------------------------------------------------


def case_file(user, case, access) -> dict:
    """The whole case for a lawyer, in order: facts, chronology, FIRs and sections, statements,
    medical examinations, accused with arrest and bail, court history and documents."""
    firs = list(fir_list_for_case(case, details=True))
    for fir in firs:
        fir.live_charges = [c for c in fir.charges.all() if c.is_live]
        fir.dropped_charges = [c for c in fir.charges.all() if not c.is_live]
    court_cases = court_cases_for_case(case, access)
    accused = list(case_accused_list(case))
    arrests: dict = {}
    for link in FIRAccused.objects.filter(fir__case=case).select_related("fir"):
        arrests.setdefault(link.accused_id, []).append(link)
    in_court: dict = {}
    for court_case in court_cases:
        outcomes = {
            o.court_accused_id: o for o in (court_case.judgment_row.outcome_rows if court_case.judgment_row else [])
        }
        for row in court_case.accused_list:
            link = row["link"]
            bail = [a for a in court_case.bail if a.court_accused_id == link.pk]
            in_court.setdefault(link.accused_id, []).append(
                {"court_case": court_case, "bail": bail, "outcome": outcomes.get(link.pk)}
            )
    for link in accused:
        link.arrests = arrests.get(link.accused_id, [])
        link.in_court = in_court.get(link.accused_id, [])
    events = list(timeline_for(case, access).order_by("occurred_at", "pk"))
    transitions = list(StageTransition.objects.filter(case=case).select_related("actor").order_by("effective_on", "pk"))
    transition_stage_labels(transitions)
    return {
        "firs": firs,
        "court_cases": court_cases,
        "accused": accused,
        "medical": MedicalExamination.objects.filter(case=case).select_related("fir"),
        "events": events,
        "transitions": transitions,
        "documents": document_list(case),
        "team": team_list(case),
        "reviews": [r for r in reviews_for_case(case) if not r.is_open],
        "protection": WitnessProtection.objects.filter(case=case).select_related("court_case__court"),
        "generated_at": timezone.now(),
    }


def hearing_team(case) -> list:
    """The people on the case's team now: those who may be named as attending a hearing for the
    consortium (the hearing record's choices, on the web page and in the API)."""
    return [a.user for a in CaseAssignment.objects.active().filter(case=case).select_related("user").order_by("pk")]


def judgment_rows(court_case: CourtCase) -> list[tuple[CourtAccused, object]]:
    """Each accused on trial with the sections a conviction may be under: the charges framed
    against that accused in court, else the FIRs' standing charges (the judgment's rows)."""
    from legal.models import Section

    links = list(CourtAccused.objects.filter(court_case=court_case).select_related("accused").order_by("pk"))
    charged: dict[int, set[int]] = {}
    for charge in CourtCharge.objects.filter(court_case=court_case, dropped_at__isnull=True):
        charged.setdefault(charge.court_accused_id, set()).add(charge.section_id)
    fir_sections = set(
        Section.objects.filter(charges__fir__in=court_case.firs.all(), charges__dropped_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    return [
        (
            link,
            Section.objects.filter(pk__in=charged.get(link.pk) or fir_sections).select_related(
                "act", "counterpart__act"
            ),
        )
        for link in links
    ]
