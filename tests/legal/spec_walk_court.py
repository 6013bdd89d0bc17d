"""Walker of the court workflow for tests/test_transition_specs.py: for each manual step, a court
case at one of the step's source stages with everything that can be recorded by then recorded
(numbers, judge, prosecutor, lawyer, eCourts stage, filing, every earlier stage's date, and an
earlier stay, transfer and withdrawal each resumed from, so every side field holds a value)."""

from consortium.factories import state
from consortium.models import Role
from legal.models import CourtCase

from .court_helpers import charge, make_court_case, move, record_judgment, sessions_fir
from .helpers import days

# The stage each step is walked from, and how far make_court_case takes the trial first.
SOURCE = {
    "record_appearance": "cognizance",
    "supply_copies": "appearance",
    "commit_to_sessions": "copies_supplied",
    "hear_on_charge": "committed",
    "frame_charges": "discharge_hearing",
    "start_prosecution_evidence": "charges_framed",
    "examine_accused": "prosecution_evidence",
    "start_defence_evidence": "accused_statement",
    "start_final_arguments": "defence_evidence",
    "reserve_judgment": "final_arguments",
    "hear_on_sentence": "final_arguments",  # then reserved and judged below
    "stay": "charges_framed",
    "transfer": "charges_framed",
    "withdraw": "charges_framed",
    "resume": "charges_framed",  # then stayed below
}


def _people(request):
    """The fixtures of tests/legal/conftest.py, built here (this walker runs from tests/)."""
    from cases import services
    from cases.factories import give_consent
    from cases.models import CaseRole
    from consortium.factories import OrganisationFactory
    from consortium.models import Organisation
    from survivors.models import ConsentPurpose
    from tests.cases.helpers import open_survivor_case

    make_member = request.getfixturevalue("make_member")
    lead = make_member(Role.CASEWORKER, request.getfixturevalue("org_wb"), first_name="Lakshmi")
    case = open_survivor_case(lead)
    network = OrganisationFactory(
        name="Walk Lawyers Net", short_name="WLN", kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB")
    )
    lawyer = make_member(Role.LAWYER, network, first_name="Lata")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=network)
    services.team_add(actor=lead.user, case=case, membership=lawyer, role=CaseRole.LAWYER)
    return case, lawyer.user


def _side_episodes(court_case, actor, first_day: int):
    """A stay, a transfer and a withdrawal, each resumed from: every side field is recorded."""
    day = first_day
    for side, data in (
        ("stay", {"stayed_by": "High Court at Calcutta"}),
        ("transfer", {"transferred_to": "Sessions Court, Barasat"}),
        ("withdraw", {}),
    ):
        court_case = move(court_case, actor, side, day, side_reason="WALK-REASON: order of the higher court", **data)
        court_case = move(court_case, actor, "resume", day + 1)
        day += 2
    return court_case


def build(step, request):
    from cases.permissions import case_access
    from cases.selectors import case_get_visible

    case, actor = _people(request)
    # Every court case arises from a FIR charging an offence a Court of Session tries (to commit it).
    firs = [sessions_fir(case, actor, before=-300)]
    court_case = make_court_case(case, actor, stage=SOURCE[step.name], start=-300, firs=firs)
    CourtCase.objects.filter(pk=court_case.pk).update(
        filed_on=days(-310),
        lawyer=actor,
        ecourts_stage="Evidence",
        ecourts_checked_on=days(-3),
    )
    court_case = _side_episodes(court_case, actor, -150)
    if step.name == "frame_charges":
        charge(court_case, actor, framed_on=days(-20))
    if step.name == "hear_on_sentence":
        court_case = move(court_case, actor, "reserve_judgment", -60)
        record_judgment(court_case, actor, on=days(-40))
    if step.name == "resume":
        court_case = move(court_case, actor, "stay", -30, stayed_by="Supreme Court of India")
    court_case = CourtCase.objects.get(pk=court_case.pk)
    return court_case, actor, case_access(actor, case_get_visible(actor, case.pk))


def fill(step, obj) -> dict:
    values = {}
    if step.date_field:
        values[step.date_field] = days(-1)
    if step.name == "stay":
        values["stayed_by"] = "High Court at Calcutta"
    if step.name == "transfer":
        values["transferred_to"] = "Sessions Court, Barasat"
    return values


def extra(step, obj) -> dict:
    if step.name != "commit_to_sessions":
        return {}
    return {
        "sessions_court_kind": "sessions",
        "sessions_court_state": state("WB"),
        "sessions_court_name": "Additional Sessions Judge-II, Qzbad",
        "sessions_case_number": "SC 45/2026",
    }
