"""Demo court proceedings for `seed_demo`: court cases in every stage on cases the demo lawyers
(lawyer_wb, lawyer_mh) work on, hearings with adjournments, her deposition by video link, charges
per accused, bail applications in court (one undecided for more than two weeks), a conviction with
compensation, an acquittal under appeal, witness protection, eCourts stages (one not understood),
lawyers' reviews open and signed off, hearings this week and one next week she must attend.

Deterministic (fixed seed) and idempotent (nothing is done if the marker case has a court case).
Everything goes through legal.court_services, as the lawyer on the case would have done it; only
what the services rightly refuse for a live entry is set afterwards, as seeding history: the
"next date" given at hearings that are now past, and how long ago a review was asked.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cases.demo import MARKER_PSEUDONYM
from cases.models import Case, CaseAssignment, CaseRole
from consortium.models import District, User

from . import court_services as court
from . import services
from .demo import _accused_spec, _make_fir
from .ecourts import load_phrases
from .models import (
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
from .reference import load_legal_reference_data

SEED = 6006

# (stage, what else this court case shows)
SPECS = [
    ("prosecution_evidence", {"must_attend_next_week": True, "bail_overdue": True, "ecourts": "For Evidence"}),
    ("judgment", {"outcomes": ["convicted", "acquitted"], "ecourts": "Judgement Delivered"}),
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
    "appeal": 10,
    "stayed": 6,
    "transferred": 5,
    "withdrawn": 4,
}
CITY = {"WB": "Howrah", "JH": "Ranchi", "OD": "Koraput", "MH": "Pune", "DL": "Saket", "KA": "Bengaluru"}
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
        by_lawyer[name].sort(
            key=lambda c: (c.survivor.pseudonym != MARKER_PSEUDONYM, _lead(c).username != "cw_wb", c.pk)
        )
    ordered = []
    while by_lawyer["lawyer_wb"] or by_lawyer["lawyer_mh"]:
        for name in ("lawyer_wb", "lawyer_mh"):
            if by_lawyer[name]:
                ordered.append(by_lawyer[name].pop(0))
    marker = [c for c in ordered if c.survivor.pseudonym == MARKER_PSEUDONYM]
    return marker + [c for c in ordered if c.survivor.pseudonym != MARKER_PSEUDONYM]


@transaction.atomic
def seed_court() -> int:
    """Returns how many court cases were created (0 when the demo court cases already exist)."""
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
        created.append(_court_case(rng, cases[index], stage, extra, index))
    _reviews(rng, cases)
    _protection(created)
    return len(created)


def _accused(case: Case, lawyer: User, index: int, wanted: int) -> list:
    links = list(CaseAccused.objects.filter(case=case).select_related("accused").order_by("pk"))
    while len(links) < wanted:
        number = 300 + index * 3 + len(links)
        links.append(services.accused_record(actor=lawyer, case=case, data=_accused_spec(number), role="transporter"))
    return [link.accused for link in links[:wanted]]


def _police_report_before(case: Case, cognizance_day: int, index: int) -> None:
    """A court takes cognizance of a police report: when the case has no FIR whose chargesheet
    was filed before cognizance, the demo records one, registered 100 days earlier (in the
    destination state, or the source state when the destination already has its FIR)."""
    if FIR.objects.filter(case=case, stage="chargesheet_filed", chargesheet_on__lt=_days(cognizance_day)).exists():
        return
    roles = set(FIR.objects.filter(case=case).values_list("chain_role", flat=True))
    role = next((r for r in ("destination", "source", "transit") if r not in roles), "transit")
    state = {"source": case.source_state}.get(role, case.destination_state) or case.source_state
    # Its own random stream, so the rest of the court demo does not change with it.
    _make_fir(
        case,
        _lead(case),
        random.Random(SEED + index),
        stage="chargesheet_filed",
        state=state,
        role=role,
        fir_day=cognizance_day - 100,
    )


def _court_for(case: Case, kind: str, rng: random.Random, cognizance_day: int):
    firs = list(FIR.objects.filter(case=case).order_by("-stage", "pk"))
    reported = [f for f in firs if f.stage == "chargesheet_filed" and f.chargesheet_on < _days(cognizance_day)]
    fir = (reported or firs or [None])[0]
    state = fir.state if fir else (case.destination_state or case.source_state)
    district = (fir.district if fir else None) or District.objects.filter(state=state).order_by("name").first()
    city = CITY.get(state.code, district.name if district else state.name)
    names = {
        "magistrate": f"Chief Judicial Magistrate, {city} (demo)",
        "sessions": f"Additional Sessions Judge-{rng.choice(['I', 'II', 'III'])}, {city} (demo)",
        "special_pocso": f"Special Court (POCSO), {city} (demo)",
    }
    return {"court_kind": kind, "court_state": state, "court_district": district, "court_name": names[kind]}, fir


def _charge_sections(fir) -> list[tuple[str, str]]:
    if fir is not None:
        live = [(c.section.act.code, c.section.number) for c in fir.charges.filter(dropped_at__isnull=True)]
        if live:
            return live[:3]
    return [("bns", "143")]


def _court_case(rng: random.Random, case: Case, stage: str, extra: dict, index: int) -> CourtCase:
    lawyer = _lawyer(case)
    lead = _lead(case)
    wanted = len(extra.get("outcomes", [])) or (2 if index % 3 == 0 else 1)
    accused = _accused(case, lawyer, index, wanted)
    steps = REACHED_BY[stage]
    # Room for every step, its hearings and an adjournment before each, ending a few days ago.
    start = -(60 + steps * 34 + rng.randint(0, 30))
    kind = "special_pocso" if case.survivor.minor_at_offence and index % 2 else "magistrate"
    if stage == "committed":
        kind = "magistrate"
    _police_report_before(case, start, index)
    court_fields, fir = _court_for(case, kind, rng, start)
    court_case = court.court_case_create(
        actor=lawyer,
        case=case,
        data={
            **court_fields,
            "case_number": f"{'SC' if kind != 'magistrate' else 'GR'} {rng.randint(11, 480)}/{_days(start).year}",
            "cnr": f"{court_fields['court_state'].code}{'HW' if court_fields['court_state'].code == 'WB' else 'DM'}"
            f"{rng.randint(1, 9):02d}{rng.randint(1000, 999999):06d}{_days(start).year}",
            "judge": rng.choice(["Smt. A. Demo", "Sri B. Demo", "Ms. C. Demo"]),
            "public_prosecutor": rng.choice(["Addl. PP D. Demo", "Spl. PP E. Demo"]),
            "lawyer": lawyer,
            "filed_on": _days(start - rng.randint(3, 20)),
            "cognizance_on": _days(start),
            "firs": [fir] if fir else [],
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
        gap = rng.randint(24, 32)
        if number % 2 == 1 and gap > 12:
            reason, note = ADJOURNMENTS[(index + number) % len(ADJOURNMENTS)]
            hearings.append(
                _held(court_case, lawyer, day + gap - 9, purpose, status="adjourned", reason=reason, note=note)
            )
        day += gap
        if transition == "frame_charges":
            for act, section in _charge_sections(fir):
                court.court_charge_add(
                    actor=lawyer,
                    court_case=court_case,
                    act=Act.objects.get(code=act),
                    number=section,
                    framed_on=_court_day(day),
                )
        court_case.refresh_from_db()
        data = {court.TRANSITION_FIELDS[transition][0]: _court_day(day)}
        if transition == "commit_to_sessions":
            city = court_fields["court_name"].split(", ")[-1]
            data.update(
                sessions_court_kind="sessions",
                sessions_court_state=court_fields["court_state"],
                sessions_court_district=court_fields["court_district"],
                sessions_court_name=f"Additional Sessions Judge-II, {city}",
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
        data = {
            "stayed": {"stayed_on": _days(day), "stayed_by": "High Court (demo)"},
            "transferred": {"transferred_on": _days(day), "transferred_to": "Sessions Court, Barasat (demo)"},
            "withdrawn": {"withdrawn_on": _days(day)},
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
    if stage in ("judgment", "appeal"):
        day += rng.randint(12, 25)
        _judgment(court_case, lawyer, day, extra["outcomes"])
        if stage == "appeal":
            day += rng.randint(20, 40)
            court.appeal_file(
                actor=lawyer,
                court_case=court_case,
                data={
                    "kind": "appeal",
                    "filed_by": "state",
                    "court_kind": "high_court",
                    "court_state": court_fields["court_state"],
                    "court_name": f"High Court of {court_fields['court_state'].name} (demo)",
                    "number": f"CRA {rng.randint(10, 900)}/{_days(day).year}",
                    "filed_on": _court_day(day),
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
    return court.hearing_record(actor=lawyer, court_case=court_case, data=data)


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
        data={
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
        actor=lawyer, application=application, expected_version=application.version, data=data
    )


def _judgment(court_case, lawyer, day, outcomes):
    court_case.refresh_from_db()
    links = list(CourtAccused.objects.filter(court_case=court_case).order_by("pk"))
    charged = {c.court_accused_id: c.section for c in court_case.charges.filter(dropped_at__isnull=True)}
    # Compensation becomes a claim under a scheme: only where the schemes are loaded (a flushed
    # test database has none).
    from compensation.models import Scheme

    with_compensation = Scheme.objects.exists()
    rows = []
    for link, outcome in zip(links, outcomes, strict=False):
        row = {"court_accused": link, "outcome": outcome}
        if outcome == "convicted":
            section = charged.get(link.pk) or Section.objects.get(act__code="bns", number="143")
            row.update(
                sections=[section],
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
        on=_court_day(day),
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
            review = court.review_request(
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
                review = court.review_save(
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


def _protection(court_cases):
    if not court_cases:
        return
    first = court_cases[0]
    lawyer = _lawyer(first.case)
    application = court.witness_protection_apply(
        actor=lawyer,
        case=first.case,
        data={
            "court_case": first,
            "applied_on": _days(-60),
            "competent_authority": f"Competent Authority, {first.court.district.name if first.court.district else ''}"
            " (District and Sessions Judge, demo)",
            "threat_report_on": _days(-45),
            "threat_category": "A",
            "note": "Synthetic demo: the accused's relatives visited her village and threatened her mother.",
        },
    )
    court.witness_protection_update(
        actor=lawyer,
        application=application,
        expected_version=application.version,
        data={
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
            data={
                "court_case": other,
                "applied_on": _days(-10),
                "competent_authority": "Competent Authority (demo district)",
                "note": "Synthetic demo: calls from unknown numbers asking her to withdraw.",
            },
        )
