"""Demo court proceedings for `seed_demo`: court cases in every stage on cases the demo lawyers
(lawyer_wb, lawyer_mh) work on, hearings with adjournments, her deposition by video link, charges
per accused, bail applications in court (one undecided for more than two weeks), a conviction with
compensation, an acquittal under appeal, witness protection, eCourts stages (one not understood),
lawyers' reviews open and signed off, hearings this week and one next week she must attend.

Deterministic (fixed seed) and idempotent (nothing is done if the marker case has a court case).
Everything goes through legal.court.services, as the lawyer on the case would have done it; only
what the services rightly refuse for a live entry is set afterwards, as seeding history: the
"next date" given at hearings that are now past, and how long ago a review was asked.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cases.codes import offence_code_for
from cases.demo import MARKER_PSEUDONYM, magistrate_office
from cases.models import Case, CaseAssignment, CaseRole
from consortium.models import District, User
from legal.accused import services as accused_services
from legal.court import services as court
from legal.court.ecourts import load_phrases
from legal.court.workflow import COURT
from legal.investigation.demo import accused_spec, demo_sections, fir_day_after_rescue, make_fir
from legal.models import (
    FIR,
    Act,
    CaseAccused,
    CourtAccused,
    CourtCase,
    EcourtsStagePhrase,
    FailurePoint,
    Hearing,
    LawyerReview,
    Section,
)
from legal.reference.data import load_legal_reference_data
from legal.reviews import services as review_services

SEED = 6006

# (stage, what else this court case shows)
SPECS = [
    ("prosecution_evidence", {"must_attend_next_week": True, "bail_overdue": True, "ecourts": "For Evidence"}),
    ("sentenced", {"outcomes": ["convicted", "acquitted"], "ecourts": "Judgement Delivered"}),
    ("appeal", {"outcomes": ["acquitted"]}),
    ("charges_framed", {"bail_granted": True, "ecourts": "Charge Framed"}),
    ("cognizance", {"ecourts": "Fresh"}),
    ("appearance", {"ecourts": "Appearance of Accused"}),
    ("copies_supplied", {}),
    ("committed", {"ecourts": "For Committal"}),
    ("discharge_hearing", {"ecourts": "Office report awaited"}),
    ("accused_statement", {"ecourts": "313 Cr.P.C."}),
    ("defence_evidence", {}),
    ("final_arguments", {"ecourts": "Arguments"}),
    ("judgment_reserved", {"ecourts": "For Judgement"}),
    ("stayed", {}),
    ("transferred", {}),
    ("withdrawn", {}),
    ("judgment", {"outcomes": ["acquitted"]}),
    # Convicted; the court hears the accused on sentence on another day (BNSS 258(2) / CrPC 235(2)).
    ("sentence_hearing", {"outcomes": ["convicted"], "sentence_later": True}),
]
MAIN_STEPS = [
    ("record_appearance", "appearance"),
    ("supply_copies", "copies"),
    ("commit_to_sessions", "committal"),
    ("hear_on_charge", "charge"),
    ("frame_charges", "charge"),
    ("start_prosecution_evidence", "prosecution_evidence"),
    ("examine_accused", "accused_statement"),
    ("start_defence_evidence", "defence_evidence"),
    ("start_final_arguments", "arguments"),
    ("reserve_judgment", "arguments"),
]
REACHED_BY = {
    "cognizance": 0,
    "appearance": 1,
    "copies_supplied": 2,
    "committed": 3,
    "discharge_hearing": 4,
    "charges_framed": 5,
    "prosecution_evidence": 6,
    "accused_statement": 7,
    "defence_evidence": 8,
    "final_arguments": 9,
    "judgment_reserved": 10,
    "judgment": 10,
    "sentence_hearing": 10,
    "sentenced": 10,
    "appeal": 10,
    "stayed": 6,
    "transferred": 5,
    "withdrawn": 4,
}
# Courts are named by office and district (real offices; no invented court).
HIGH_COURT = {
    "WB": "Calcutta High Court",
    "JH": "Jharkhand High Court",
    "OD": "Orissa High Court",
    "MH": "Bombay High Court",
    "DL": "High Court of Delhi",
    "KA": "High Court of Karnataka",
}


def court_names(state, district, on: datetime.date | None = None) -> dict[str, str]:
    """The courts of a district by office; the magistrate's by the code the proceeding began under."""
    place = district.name if district else state.name
    magistrate = magistrate_office(state.code, place, on)
    return {
        "magistrate": f"Court of the {magistrate}, {place}",
        "sessions": f"Court of the Additional Sessions Judge, {place}",
        "special_pocso": f"Special Court (POCSO), {place}",
        "high_court": HIGH_COURT.get(state.code, f"High Court of {state.name}"),
    }


# Days from the chargesheet to cognizance (low, high).
CHARGESHEET_TO_COGNIZANCE = (7, 40)
ADJOURNMENTS = [
    ("judge_on_leave", "Presiding officer on leave; next date given by the bench clerk."),
    ("prosecution_not_ready", "Prosecutor sought time: the witness summons was not served."),
    ("defence_sought_time", "Defence counsel sought time to file a discharge petition."),
    ("accused_absent", "Accused not produced from the jail."),
    ("lawyers_strike", "Bar association resolution: no work."),
    ("records_awaited", "Forensic report awaited from the laboratory."),
]
QUESTIONS = [
    "Please check whether the sections charged cover trafficking of a minor, and whether her 164 statement "
    "is consistent with the FIR before the charge hearing.",
    "The defence has filed for discharge. Is the age proof (school certificate) enough, or should we ask for an "
    "ossification test report?",
    "Can we apply for compensation under BNSS 396 at this stage, and which documents are missing?",
    "Before her deposition: is the evidence listed in the chargesheet complete (call records, bank transfers)?",
    "Should we oppose the bail application of the second accused, and on what grounds?",
]


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _court_day(n: int) -> datetime.date:
    """Courts do not sit on Sundays: a past date moves back to Saturday, a future one to Monday."""
    day = _days(n)
    if day.weekday() == 6:
        day += datetime.timedelta(days=1 if n > 0 else -1)
    return day


def _past_court_day(n: int) -> datetime.date:
    """A court day that has passed (the demo's history never runs into today)."""
    return min(_court_day(n), _days(-1))


def _lead(case: Case) -> User:
    return CaseAssignment.objects.active().get(case=case, role=CaseRole.LEAD_CASEWORKER).user


def _lawyer(case: Case) -> User | None:
    link = (
        CaseAssignment.objects.active()
        .filter(case=case, role=CaseRole.LAWYER, user__username__in=["lawyer_wb", "lawyer_mh"])
        .select_related("user")
        .first()
    )
    return link.user if link else None


def _demo_cases() -> list[Case]:
    """Open cases with a demo lawyer on the team, alternating lawyer_wb and lawyer_mh, the marker
    case first and the caseworker cw_wb's cases early (her home page shows the must-attend hearing)."""
    by_lawyer: dict[str, list[Case]] = {"lawyer_wb": [], "lawyer_mh": []}
    today = timezone.localdate()
    cases = (
        Case.objects.filter(status=Case.Status.OPEN, assignments__role=CaseRole.LAWYER, assignments__ended_at=None)
        .select_related("survivor", "source_state", "destination_state", "destination_district")
        .distinct()
        .order_by("pk")
    )
    for case in cases:
        lawyer = _lawyer(case)
        if lawyer is not None:
            by_lawyer[lawyer.username].append(case)
    for name in by_lawyer:
        # Cases rescued in the last year go last: a trial needs a chargesheet first.
        by_lawyer[name].sort(
            key=lambda c: (
                c.survivor.pseudonym != MARKER_PSEUDONYM,
                (today - c.rescued_on).days < 365 if c.rescued_on else True,
                _lead(c).username != "cw_wb",
                c.pk,
            )
        )
    ordered = []
    while by_lawyer["lawyer_wb"] or by_lawyer["lawyer_mh"]:
        for name in ("lawyer_wb", "lawyer_mh"):
            if by_lawyer[name]:
                ordered.append(by_lawyer[name].pop(0))
    marker = [c for c in ordered if c.survivor.pseudonym == MARKER_PSEUDONYM]
    return marker + [c for c in ordered if c.survivor.pseudonym != MARKER_PSEUDONYM]


@transaction.atomic
def seed_court(*, with_compensation: bool = False) -> int:
    """Returns how many court cases were created (0 when the demo court cases already exist).

    Runs after the compensation demo: with_compensation (the schemes are loaded), a judgment
    orders and recommends compensation, which updates her claim."""
    load_legal_reference_data(Act, Section, FailurePoint)
    load_phrases(EcourtsStagePhrase)
    marker = Case.objects.filter(survivor__pseudonym=MARKER_PSEUDONYM).first()
    if marker is None or CourtCase.objects.filter(case=marker).exists():
        return 0
    rng = random.Random(SEED)
    cases = _demo_cases()[: len(SPECS)]
    # The hearing she must attend next week goes on a case cw_wb leads: her home page shows it.
    mine = next((i for i, c in enumerate(cases) if _lead(c).username == "cw_wb"), 0)
    if cases:
        cases[0], cases[mine] = cases[mine], cases[0]
    created = []
    for index, (stage, extra) in enumerate(SPECS):
        if index >= len(cases):
            break
        created.append(_court_case(rng, cases[index], stage, extra, index, with_compensation=with_compensation))
    _reviews(rng, cases)
    _protection(created)
    return len(created)


def _accused(case: Case, lawyer: User, index: int, wanted: int) -> list:
    links = list(CaseAccused.objects.filter(case=case).select_related("accused").order_by("pk"))
    while len(links) < wanted:
        number = 300 + index * 3 + len(links)
        links.append(
            accused_services.accused_record(actor=lawyer, case=case, **accused_spec(number), role="transporter")
        )
    return [link.accused for link in links[:wanted]]


def _police_report(case: Case, index: int) -> FIR:
    """A court takes cognizance of a police report: the case's FIR with a chargesheet, or one the
    demo records (in the destination state, else the source state), dated from the case."""
    reported = FIR.objects.filter(case=case, stage="chargesheet_filed").order_by("chargesheet_on", "pk").first()
    if reported is not None:
        return reported
    firs = FIR.objects.filter(case=case)
    roles = set(firs.values_list("chain_role", flat=True))
    role = next((r for r in ("destination", "source", "transit") if r not in roles), "transit")
    state = {"source": case.source_state}.get(role, case.destination_state) or case.source_state
    district = case.source_district if role == "source" else case.destination_district
    # Its own random stream, so the rest of the court demo does not change with it.
    rng = random.Random(SEED + index)
    return make_fir(
        case,
        _lead(case),
        rng,
        stage="chargesheet_filed",
        state=state,
        role=role,
        fir_date=fir_day_after_rescue(case, rng),
        district=district,
    )


def _court_for(case: Case, kind: str, fir: FIR, on: datetime.date):
    state = fir.state if fir else (case.destination_state or case.source_state)
    district = (fir.district if fir else None) or District.objects.filter(state=state).order_by("name").first()
    names = court_names(state, district, on)
    return {"court_kind": kind, "court_state": state, "court_district": district, "court_name": names[kind]}


def _charge_sections(case: Case, fir) -> list[tuple[str, str]]:
    """The court frames the police's sections; without them, the demo's sections for the offence
    date (IPC before 1 July 2024, BNS after)."""
    if fir is not None:
        live = [(c.section.act.code, c.section.number) for c in fir.charges.filter(dropped_at__isnull=True)]
        if live:
            return live
    sections = demo_sections(case, offence_code_for(case.trafficked_on))
    return [(s.act.code, s.number) for s in sections]


def _court_case(
    rng: random.Random, case: Case, stage: str, extra: dict, index: int, *, with_compensation: bool
) -> CourtCase:
    lawyer = _lawyer(case)
    lead = _lead(case)
    wanted = len(extra.get("outcomes", [])) or (2 if index % 3 == 0 else 1)
    accused = _accused(case, lawyer, index, wanted)
    steps = REACHED_BY[stage]
    # Cognizance of the police report days to weeks after the chargesheet was filed in court.
    fir = _police_report(case, index)
    filed_on = min(fir.chargesheet_on + datetime.timedelta(days=rng.randint(0, 5)), _days(-2))
    cognizance_on = min(filed_on + datetime.timedelta(days=rng.randint(*CHARGESHEET_TO_COGNIZANCE)), _days(-2))
    start = (cognizance_on - timezone.localdate()).days
    # Every step, its hearings and an adjournment before each, ending a few days ago: when the
    # case is too recent for monthly hearings, they come closer together.
    room = -start - 80
    scale = min(1.0, max(room, steps) / (steps * 30)) if steps else 1.0
    pocso = fir.charges.filter(dropped_at__isnull=True, section__act__code="pocso").exists()
    kind = "special_pocso" if pocso else "magistrate"
    if stage == "committed":
        kind = "magistrate"
    court_fields = _court_for(case, kind, fir, cognizance_on)
    court_case = court.court_case_create(
        actor=lawyer,
        case=case,
        **{
            **court_fields,
            "case_number": f"{'SC' if kind != 'magistrate' else 'GR'} {rng.randint(11, 480)}/{cognizance_on.year}",
            "cnr": f"{court_fields['court_state'].code}{'HW' if court_fields['court_state'].code == 'WB' else 'DM'}"
            f"{rng.randint(1, 9):02d}{rng.randint(1000, 999999):06d}{cognizance_on.year}",
            "judge": rng.choice(["Smt. A. Demo", "Sri B. Demo", "Ms. C. Demo"]),
            "public_prosecutor": rng.choice(["Addl. PP D. Demo", "Spl. PP E. Demo"]),
            "lawyer": lawyer,
            "filed_on": filed_on,
            "cognizance_on": cognizance_on,
            "firs": [fir],
            "accused": accused,
        },
    )
    day = start
    hearings: list[Hearing] = []
    skip_committal = kind != "magistrate"
    for number, (transition, purpose) in enumerate(MAIN_STEPS[:steps]):
        if transition == "commit_to_sessions" and skip_committal:
            continue
        if transition == "start_defence_evidence" and stage != "defence_evidence" and index % 2:
            continue  # the defence led no evidence
        gap = max(1, round(rng.randint(24, 32) * scale))
        if number % 2 == 1 and gap > 12:
            reason, note = ADJOURNMENTS[(index + number) % len(ADJOURNMENTS)]
            hearings.append(
                _held(court_case, lawyer, day + gap - 9, purpose, status="adjourned", reason=reason, note=note)
            )
        day += gap
        if transition == "frame_charges":
            for act, section in _charge_sections(case, fir):
                court.court_charge_add(
                    actor=lawyer,
                    court_case=court_case,
                    act=Act.objects.get(code=act),
                    number=section,
                    framed_on=_past_court_day(day),
                )
        court_case.refresh_from_db()
        data = {COURT.step(transition).date_field: _past_court_day(day)}
        if transition == "commit_to_sessions":
            data.update(
                sessions_court_kind="sessions",
                sessions_court_state=court_fields["court_state"],
                sessions_court_district=court_fields["court_district"],
                sessions_court_name=court_names(court_fields["court_state"], court_fields["court_district"])[
                    "sessions"
                ],
                sessions_case_number=f"SC {rng.randint(11, 480)}/{_days(day).year}",
            )
        court_case = court.court_case_transition(
            actor=lawyer,
            court_case=court_case,
            transition=transition,
            expected_version=court_case.version,
            data=data,
            note="Synthetic demo step.",
        )
        hearings.append(_held(court_case, lawyer, day, purpose))
        if transition == "start_prosecution_evidence" and stage not in ("prosecution_evidence", "stayed"):
            mode = ["video_link", "vulnerable_witness_room", "in_person"][index % 3]
            hearings.append(
                _held(court_case, lawyer, day + 8, "survivor_evidence", deposed=mode, must_attend=True, lead=lead)
            )
            day += 8
        if transition == "record_appearance":
            _bail(rng, court_case, lawyer, day + 4, outcome="rejected")
    if stage in ("stayed", "transferred", "withdrawn"):
        day += rng.randint(10, 20)
        names = court_names(court_fields["court_state"], court_fields["court_district"])
        data = {
            "stayed": {"stayed_on": _past_court_day(day), "stayed_by": names["high_court"]},
            "transferred": {
                "transferred_on": _past_court_day(day),
                "transferred_to": names["sessions"] + " (court II)",
            },
            "withdrawn": {"withdrawn_on": _past_court_day(day)},
        }[stage]
        data["side_reason"] = "Synthetic demo: order of the higher court."
        court_case.refresh_from_db()
        court_case = court.court_case_transition(
            actor=lawyer,
            court_case=court_case,
            transition={"stayed": "stay", "transferred": "transfer", "withdrawn": "withdraw"}[stage],
            expected_version=court_case.version,
            data=data,
        )
    if stage in ("judgment", "sentence_hearing", "sentenced", "appeal"):
        day += rng.randint(12, 25)
        later = bool(extra.get("sentence_later"))
        _judgment(court_case, lawyer, day, extra["outcomes"], sentence=not later, with_compensation=with_compensation)
        if later:
            day += rng.randint(7, 20)
            court_case.refresh_from_db()
            court_case = court.court_case_transition(
                actor=lawyer,
                court_case=court_case,
                transition="hear_on_sentence",
                expected_version=court_case.version,
                data={"sentence_hearing_on": _past_court_day(day)},
                note="Synthetic demo: the convicted accused heard on sentence; sentence on the next date.",
            )
        if stage == "appeal":
            day += rng.randint(20, 40)
            court.appeal_file(
                actor=lawyer,
                court_case=court_case,
                **{
                    "kind": "appeal",
                    "filed_by": "state",
                    "court_kind": "high_court",
                    "court_state": court_fields["court_state"],
                    "court_name": court_names(court_fields["court_state"], None)["high_court"],
                    "number": f"CRA {rng.randint(10, 900)}/{_days(day).year}",
                    "filed_on": _past_court_day(day),
                    "note": "Appeal against acquittal: the trial court ignored her 164 statement.",
                },
            )
    court_case.refresh_from_db()
    _history(hearings)
    if extra.get("bail_overdue"):
        _bail(rng, court_case, lawyer, -rng.randint(20, 30), outcome=None, notified=False)
    if extra.get("bail_granted"):
        _bail(rng, court_case, lawyer, day - 8, outcome="granted", cancellation=True)
    if text := extra.get("ecourts"):
        court_case.refresh_from_db()
        court.court_case_ecourts_stage(
            actor=lawyer, court_case=court_case, expected_version=court_case.version, text=text, checked_on=_days(-2)
        )
    if not court_case.decided and stage not in ("stayed", "withdrawn"):
        _upcoming(rng, court_case, lawyer, hearings, index, must_attend=bool(extra.get("must_attend_next_week")))
    return court_case


def _held(
    court_case, lawyer, day, purpose, *, status="held", reason="", note="", deposed="", must_attend=False, lead=None
):
    on = min(_court_day(day), _days(-1))
    data = {
        "on": on,
        "purpose": purpose,
        "status": status,
        "proceedings": "" if status != "held" else "Synthetic demo: matter taken up; order sheet signed.",
        "adjournment_reason": reason,
        "adjournment_note": note,
        "survivor_must_attend": must_attend,
        "survivor_attended": True if must_attend else None,
        "survivor_deposed": bool(deposed),
        "deposition_mode": deposed,
        "deposition_notes": "Synthetic demo: she deposed with a support person; cross-examination completed."
        if deposed
        else "",
        "attended_for_consortium": [u for u in (lawyer, lead) if u is not None],
    }
    return court.hearing_record(actor=lawyer, court_case=court_case, **data)


def _history(hearings: list[Hearing]) -> None:
    """Seeding history: each past hearing gave the next one's date (live entries refuse past next dates)."""
    ordered = sorted(hearings, key=lambda h: (h.on, h.pk))
    for current, following in zip(ordered, ordered[1:], strict=False):
        if following.on > current.on:
            Hearing.objects.filter(pk=current.pk).update(next_date=following.on)


def _upcoming(rng, court_case, lawyer, hearings, index, *, must_attend):
    """The next date: this week for the lawyers' home pages; next week she must attend (deposition)."""
    if must_attend:
        on, purpose = _days(8 + index % 2), "survivor_evidence"
    else:
        on, purpose = (
            _days(1 + index % 6),
            {
                "cognizance": "appearance",
                "appearance": "copies",
                "copies_supplied": "committal",
                "committed": "charge",
                "discharge_hearing": "charge",
                "charges_framed": "prosecution_evidence",
                "prosecution_evidence": "prosecution_evidence",
                "accused_statement": "defence_evidence",
                "defence_evidence": "arguments",
                "final_arguments": "arguments",
                "judgment_reserved": "judgment",
                "transferred": "appearance",
            }.get(court_case.stage, "other"),
        )
    court.hearing_schedule(
        actor=lawyer, court_case=court_case, on=on, purpose=purpose, survivor_must_attend=must_attend
    )
    if hearings:
        last = max(hearings, key=lambda h: (h.on, h.pk))
        Hearing.objects.filter(pk=last.pk).update(next_date=on)


def _bail(rng, court_case, lawyer, day, *, outcome, notified=True, cancellation=False):
    link = CourtAccused.objects.filter(court_case=court_case).order_by("-pk").first()
    filed = max(_days(day), court_case.earliest_date)
    application = court.bail_application_file(
        actor=lawyer,
        court_case=court_case,
        **{
            "court_accused": link,
            "kind": "regular",
            "number": f"BA {rng.randint(100, 999)}/{filed.year}",
            "filed_on": filed,
            "victim_notified": notified,
            "victim_heard": True if notified and outcome else (False if not notified else None),
            "opposed_by": "both" if notified else "prosecutor",
        },
    )
    if outcome is None:
        return application
    decided = min(filed + datetime.timedelta(days=rng.randint(6, 12)), _days(-1))
    data = {"outcome": outcome, "decided_on": decided}
    if outcome == "granted":
        data["conditions"] = "Synthetic demo: not to enter the survivor's district; report to the police weekly."
        if cancellation:
            data.update(
                cancellation_sought_on=min(decided + datetime.timedelta(days=3), _days(-1)),
                cancellation_outcome="pending",
            )
    application.refresh_from_db()
    return court.bail_application_update(
        actor=lawyer, application=application, expected_version=application.version, **data
    )


def _judgment(court_case, lawyer, day, outcomes, *, sentence=True, with_compensation=False):
    court_case.refresh_from_db()
    links = list(CourtAccused.objects.filter(court_case=court_case).order_by("pk"))
    charged = {c.court_accused_id: c.section for c in court_case.charges.filter(dropped_at__isnull=True)}
    rows = []
    for link, outcome in zip(links, outcomes, strict=False):
        row = {"court_accused": link, "outcome": outcome}
        if outcome == "convicted":
            section = charged.get(link.pk) or court_case.charges.filter(dropped_at__isnull=True).first().section
            row["sections"] = [section]
        if outcome == "convicted" and sentence:
            row.update(
                imprisonment_months=120,
                sentence="Rigorous imprisonment for ten years",
                fine=Decimal("50000"),
                compensation_ordered=Decimal("200000") if with_compensation else None,
            )
        rows.append(row)
    court.judgment_record(
        actor=lawyer,
        court_case=court_case,
        expected_version=court_case.version,
        on=_past_court_day(day),
        outcomes=rows,
        summary="Synthetic demo judgment.",
        compensation_recommended=Decimal("300000") if "convicted" in outcomes and with_compensation else None,
    )


def _reviews(rng, cases):
    """Open and signed-off reviews for both demo lawyers; some asked weeks ago."""
    plan = {"lawyer_wb": [(22, False), (5, False), (40, True)], "lawyer_mh": [(9, False), (30, True)]}
    asked_count = 0
    for username, reviews in plan.items():
        theirs = [c for c in cases if _lawyer(c) and _lawyer(c).username == username]
        for number, (age, signed) in enumerate(reviews):
            if number >= len(theirs):
                break
            case = theirs[number]
            review = review_services.review_request(
                actor=_lead(case),
                case=case,
                lawyer=_lawyer(case),
                question=QUESTIONS[asked_count % len(QUESTIONS)],
            )
            asked_count += 1
            asked = timezone.now() - datetime.timedelta(days=age, hours=rng.randint(1, 8))
            LawyerReview.objects.filter(pk=review.pk).update(requested_at=asked)
            if signed:
                review.refresh_from_db()
                review = review_services.review_save(
                    actor=review.lawyer,
                    review=review,
                    expected_version=review.version,
                    findings="Synthetic demo findings: BNS 143 is charged but BNS 144 (exploitation of a trafficked "
                    "person) is missing; apply to add it. Her 164 statement matches the FIR. Ask the DLSA for "
                    "interim compensation.",
                    checklist={
                        "sections_right": "no",
                        "statements_consistent": "yes",
                        "evidence_listed": "yes",
                        "age_proven": "na" if not case.survivor.minor_at_offence else "yes",
                        "compensation_sought": "no",
                    },
                    sign_off=True,
                )
                LawyerReview.objects.filter(pk=review.pk).update(
                    signed_off_at=asked + datetime.timedelta(days=rng.randint(3, 9))
                )


def _competent_authority(court_case: CourtCase) -> str:
    """Witness Protection Scheme, 2018 (approved in Mahender Chawla v. Union of India, (2019) 14 SCC
    615): the district's standing committee chaired by the District and Sessions Judge."""
    district = court_case.court.district
    place = district.name if district else court_case.court.state.name
    return f"Competent Authority (Witness Protection Scheme, 2018), {place}"


def _protection(court_cases):
    if not court_cases:
        return
    first = court_cases[0]
    lawyer = _lawyer(first.case)
    application = court.witness_protection_apply(
        actor=lawyer,
        case=first.case,
        **{
            "court_case": first,
            "applied_on": _days(-60),
            "competent_authority": _competent_authority(first),
            "threat_report_on": _days(-45),
            "threat_category": "A",
            "note": "Synthetic demo: the accused's relatives visited her village and threatened her mother.",
        },
    )
    court.witness_protection_update(
        actor=lawyer,
        application=application,
        expected_version=application.version,
        **{
            "status": "granted",
            "order_on": _days(-30),
            "measures": ["no_face_to_face", "video_link", "escort", "identity_concealed"],
            "review_on": _days(60),
        },
    )
    if len(court_cases) > 3:
        other = court_cases[3]
        court.witness_protection_apply(
            actor=_lawyer(other.case),
            case=other.case,
            **{
                "court_case": other,
                "applied_on": _days(-10),
                "competent_authority": _competent_authority(other),
                "note": "Synthetic demo: calls from unknown numbers asking her to withdraw.",
            },
        )
