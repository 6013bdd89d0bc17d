"""Builders for court tests: court cases moved through the real services. All data synthetic."""

from consortium.factories import state
from legal.accused import services as accused_services
from legal.court import services as court_services
from legal.court.workflow import COURT
from legal.models import Act, CourtAccused, JudgmentOutcome

from .helpers import accused_data, add_charge, days, make_fir

COURT_NAME = "Additional Chief Judicial Magistrate, Qzbad"
SESSIONS_NAME = "Additional Sessions Judge-II, Qzbad"
CNR = "WBHW010012342026"
DEPOSITION_NOTE = "DEPOSITION-SECRET: she described the room in Qzbad lane"
PROCEEDINGS = "PROCEEDINGS-SECRET: cross-examination of PW-2 by the defence"
CONDITIONS = "CONDITIONS-SECRET: not to enter Qzbad district"

# The transitions from cognizance to each stage of the main line, in order.
MAIN = [
    ("appearance", "record_appearance"),
    ("copies_supplied", "supply_copies"),
    ("committed", "commit_to_sessions"),
    ("discharge_hearing", "hear_on_charge"),
    ("charges_framed", "frame_charges"),
    ("prosecution_evidence", "start_prosecution_evidence"),
    ("accused_statement", "examine_accused"),
    ("defence_evidence", "start_defence_evidence"),
    ("final_arguments", "start_final_arguments"),
    ("judgment_reserved", "reserve_judgment"),
]
DATE_FIELD = {step.name: step.date_field for step in COURT.steps if step.date_field}
SIDE = {"stayed": "stay", "transferred": "transfer", "withdrawn": "withdraw"}


def path_to(stage: str) -> list[str]:
    transitions = []
    for reached, transition in MAIN:
        transitions.append(transition)
        if reached == stage:
            return transitions
    if stage == "cognizance":
        return []
    raise KeyError(stage)


def transition_data(transition: str, day: int) -> dict:
    data = {DATE_FIELD[transition]: days(day)}
    if transition == "stay":
        data["stayed_by"] = "High Court at Calcutta"
    elif transition == "transfer":
        data["transferred_to"] = "Sessions Court, Barasat"
    return data


def move(court_case, actor, transition, day=None, **overrides):
    court_case.refresh_from_db()
    day = day if day is not None else -1
    data = {**transition_data(transition, day), **overrides}
    return court_services.court_case_transition(
        actor=actor, court_case=court_case, transition=transition, expected_version=court_case.version, data=data
    )


def court_data(**overrides) -> dict:
    return {
        "court_kind": "magistrate",
        "court_state": state("WB"),
        "court_name": COURT_NAME,
        "case_number": "CR 12/2026",
        "cnr": CNR,
        "judge": "Judge Demo",
        "public_prosecutor": "PP Demo",
        "cognizance_on": days(-200),
        **overrides,
    }


def accused_on(case, actor, **overrides):
    return accused_services.accused_record(
        actor=actor, case=case, **accused_data(**overrides), role="recruiter"
    ).accused


def sessions_fir(case, actor, *, before=-200, act="bns", number="143"):
    """A FIR registered 30 days before `before` charging an offence triable exclusively by a Court
    of Session (BNS 143: BNSS First Schedule), so a magistrate's court case on it is committed."""
    from legal.models import FIR

    registered = days(before - 30)
    for fir in FIR.objects.filter(case=case, fir_date__lte=days(before), charges__dropped_at__isnull=True):
        if fir.charges.filter(section__act__code=act, section__number=number).exists():
            return fir  # one FIR serves every court case of the test
    fir = make_fir(case, actor, stage="fir_registered", fir_day=before - 30)
    assert fir.fir_date == registered
    add_charge(fir, actor, act=act, number=number)
    return fir


def make_court_case(case, actor, *, stage="cognizance", accused=None, start=-200, **overrides):
    """A court case at `stage`, each step 10 days after the last (cognizance `start` days ago). One
    that passes the committal arises from a FIR charging an offence triable by a Court of Session."""
    if accused is None:
        accused = [accused_on(case, actor)]
    to_commit = stage not in ("cognizance", "appearance", "copies_supplied")
    if to_commit and overrides.get("court_kind", "magistrate") == "magistrate" and "firs" not in overrides:
        overrides["firs"] = [sessions_fir(case, actor, before=start)]
    court_case = court_services.court_case_create(
        actor=actor, case=case, **court_data(cognizance_on=days(start), accused=accused, **overrides)
    )
    if stage in ("judgment", "sentence_hearing", "sentenced", "appeal"):
        transitions = path_to("judgment_reserved")
    elif stage in ("stayed", "transferred", "withdrawn"):
        transitions = path_to("charges_framed")
    else:
        transitions = path_to(stage)
    day = start
    for transition in transitions:
        day += 10
        if transition == "frame_charges":
            charge(court_case, actor, framed_on=days(day))
        court_case = move(court_case, actor, transition, day)
    if stage in ("stayed", "transferred", "withdrawn"):
        day += 5
        court_case = move(court_case, actor, SIDE[stage], day)
    if stage in ("judgment", "sentence_hearing", "sentenced", "appeal"):
        day += 10
        record_judgment(court_case, actor, on=days(day))
        court_case.refresh_from_db()
    if stage in ("sentence_hearing", "sentenced"):
        day += 5
        court_case = move(court_case, actor, "hear_on_sentence", day)
    if stage == "sentenced":
        day += 5
        for outcome in JudgmentOutcome.objects.filter(judgment__court_case=court_case, outcome="convicted"):
            sentence(outcome, actor, sentenced_on=days(day))
        court_case.refresh_from_db()
    if stage == "appeal":
        day += 10
        file_appeal(court_case, actor, filed_on=days(day))
        court_case.refresh_from_db()
    return court_case


def charge(court_case, actor, *, act="bns", number="143", framed_on=None, court_accused=None):
    return court_services.court_charge_add(
        actor=actor,
        court_case=court_case,
        act=Act.objects.get(code=act),
        number=number,
        framed_on=framed_on or days(-1),
        court_accused=court_accused,
    )


def outcome_rows(court_case, outcome="convicted", *, sentenced=False, **extra):
    """One row per accused; a conviction's sentence only with `sentenced` (passed the same day)."""
    from legal.models import Section

    rows = []
    for link in CourtAccused.objects.filter(court_case=court_case):
        row = {"court_accused": link, "outcome": outcome}
        if outcome == "convicted":
            row["sections"] = list(Section.objects.filter(act__code="bns", number="143"))
            if sentenced:
                row["imprisonment_months"] = 120
        rows.append({**row, **extra})
    return rows


def sentence(outcome, actor, *, sentenced_on=None, **data):
    outcome.refresh_from_db()
    return court_services.judgment_outcome_sentence(
        actor=actor,
        outcome=outcome,
        expected_version=outcome.version,
        **{"imprisonment_months": 120, "sentenced_on": sentenced_on or days(-1), **data},
    )


def record_judgment(court_case, actor, *, on=None, outcomes=None, **kwargs):
    court_case.refresh_from_db()
    return court_services.judgment_record(
        actor=actor,
        court_case=court_case,
        expected_version=court_case.version,
        on=on or days(-1),
        outcomes=outcomes if outcomes is not None else outcome_rows(court_case),
        **kwargs,
    )


def file_appeal(court_case, actor, *, filed_on=None, filed_by="state", **extra):
    return court_services.appeal_file(
        actor=actor,
        court_case=court_case,
        **{
            "kind": "appeal",
            "filed_by": filed_by,
            "court_kind": "high_court",
            "court_state": state("WB"),
            "court_name": "High Court at Calcutta",
            "number": "CRA 7/2026",
            "filed_on": filed_on or days(-1),
            **extra,
        },
    )
