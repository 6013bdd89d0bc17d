"""Walker of the investigation workflow for tests/test_transition_specs.py: for each step, a FIR at
one of the step's source stages with everything that can be recorded at that stage recorded
(the officer, the AHTU, the offence, the survivor told of progress, the chargesheet number)."""

from cases.permissions import case_access
from cases.selectors import case_get_visible
from consortium.models import Role
from legal.models import FIR
from tests.cases.helpers import open_survivor_case

from .helpers import IO_PHONE, PATHS, add_charge, days, make_fir, record_case_rescue, transition_data

FIR_DAY = -30
# The fullest record from which each step can be taken (a transferred zero FIR has more recorded).
PREFERRED_SOURCE = {
    "start_investigation": "transferred",
    "register_fir": "rescued",
    "register_zero_fir": "rescued",
    "file_chargesheet": "under_investigation",
    "file_closure_report": "under_investigation",
}


def _source(step) -> str:
    sources = set(getattr(FIR, step.name)._django_fsm.transitions)
    stage = PREFERRED_SOURCE.get(step.name)
    return stage if stage in sources else sorted(s for s in sources if s in PATHS)[0]


def build(step, request):
    lead = request.getfixturevalue("make_member")(
        Role.CASEWORKER, request.getfixturevalue("org_wb"), first_name="Lakshmi", last_name="Leadworker"
    )
    case = open_survivor_case(lead)
    actor = lead.user
    stage = _source(step)
    fir = make_fir(case, actor, stage=stage, fir_day=FIR_DAY, offence_on=days(FIR_DAY - 10))
    if step.name in ("file_chargesheet", "file_supplementary_report") and not fir.charges.exists():
        add_charge(fir, actor)
    if step.name == "record_rescue":
        record_case_rescue(case, actor, fir_day=FIR_DAY)
    recorded = {
        "io_name": "Insp. Walker Qzx",
        "io_rank": "Inspector",
        "io_phone": IO_PHONE,
        "preliminary_enquiry_on": days(FIR_DAY - 2),
        "ahtu_unit": "AHTU Pune rural",
        "ahtu_transferred_on": days(FIR_DAY + 1) if fir.fir_date else None,
        "survivor_informed_on": days(FIR_DAY + 4) if fir.fir_date else None,
    }
    if fir.chargesheet_on:
        recorded["chargesheet_number"] = "CS-12/2026"
    FIR.objects.filter(pk=fir.pk).update(**recorded)
    fir = FIR.objects.get(pk=fir.pk)
    return fir, actor, case_access(actor, case_get_visible(actor, case.pk))


def fill(step, fir) -> dict:
    values = transition_data(step.name, fir_day=FIR_DAY)
    if step.name == "file_chargesheet":
        values.setdefault("chargesheet_number", "CS-12/2026")
    return {k: v for k, v in values.items() if k in step.fields}
