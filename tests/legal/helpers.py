"""Builders for investigation tests: FIRs moved through the real services. All data synthetic."""

import datetime

from django.utils import timezone

from consortium.factories import state
from legal.investigation import services
from legal.models import Act

ACCUSED_NAME = "Bhola Trafikwala Qzx"
ACCUSED_ALIAS = "Bholu Qzx"
ACCUSED_PHONE = "+91 99000 11122"
IO_PHONE = "94330 77788"


# The order in which a FIR reaches each stage from "reported": (transition, data builder).
def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def transition_data(name: str, *, fir_day=-30) -> dict:
    return {
        "record_rescue": {},  # the date is the care record's (record_case_rescue)
        "register_fir": {"fir_number": "123/2026", "fir_date": days(fir_day), "police_station": "Pimpri PS"},
        "register_zero_fir": {"fir_number": "7/2026", "fir_date": days(fir_day), "police_station": "Howrah PS"},
        "transfer": {
            "transferred_to_state": state("WB"),
            "transferred_to_station": "Canning PS",
            "transferred_on": days(fir_day + 2),
        },
        "start_investigation": {"investigation_started_on": days(fir_day + 3), "io_rank": "Sub-Inspector"},
        "file_chargesheet": {"chargesheet_on": days(fir_day + 20)},
        "file_closure_report": {"closure_report_on": days(fir_day + 20)},
        "file_protest_petition": {"protest_petition_on": days(fir_day + 22)},
        "order_further_investigation": {"further_investigation_on": days(fir_day + 25)},
        "accept_closure": {"closure_accepted_on": days(fir_day + 21)},
        "file_supplementary_report": {"supplementary_report_on": days(fir_day + 27)},
        "take_as_complaint": {"complaint_taken_on": days(fir_day + 24)},
    }[name]


PATHS = {
    "reported": [],
    "rescued": ["record_rescue"],
    "fir_registered": ["register_fir"],
    "zero_fir": ["register_zero_fir"],
    "transferred": ["register_zero_fir", "transfer"],
    "under_investigation": ["register_fir", "start_investigation"],
    "chargesheet_filed": ["register_fir", "start_investigation", "file_chargesheet"],
    "closure_report_filed": ["register_fir", "start_investigation", "file_closure_report"],
    "protest_petition": ["register_fir", "start_investigation", "file_closure_report", "file_protest_petition"],
    "further_investigation": [
        "register_fir",
        "start_investigation",
        "file_closure_report",
        "file_protest_petition",
        "order_further_investigation",
    ],
    "closure_accepted": ["register_fir", "start_investigation", "file_closure_report", "accept_closure"],
    "complaint_case": [
        "register_fir",
        "start_investigation",
        "file_closure_report",
        "file_protest_petition",
        "take_as_complaint",
    ],
}


def record_case_rescue(case, actor, *, on=None, fir_day=-30):
    """The rescue, recorded once on the care record (the FIR reads it). Returns the Rescue."""
    from care.models import Rescue
    from care.services import rescue_save

    recorded = Rescue.objects.filter(case=case).first()
    if recorded is not None:
        return recorded
    day = on or days(fir_day - 1)
    rescue = Rescue(
        rescued_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0))),
        state=case.destination_state or state("MH"),
        place="Lane QZ, Pimpri",
        agency=Rescue.Agency.AHTU,
    )
    return rescue_save(actor=actor, case=case, rescue=rescue)


def add_charge(fir, actor, act="bns", number="143"):
    return services.charge_add(actor=actor, fir=fir, act=Act.objects.get(code=act), number=number)


def make_fir(case, actor, *, stage="reported", state_code="MH", chain_role="destination", fir_day=-30, **fields):
    fir = services.fir_create(
        actor=actor,
        case=case,
        **{
            "state": state(state_code),
            "police_station": fields.pop("police_station", "Pimpri PS"),
            "chain_role": chain_role,
            "reported_on": days(fir_day - 2),
            **fields,
        },
    )
    for name in PATHS[stage]:
        if name == "file_chargesheet" and not fir.charges.exists():
            add_charge(fir, actor)
        if name == "record_rescue":
            record_case_rescue(case, actor, fir_day=fir_day)
        data = transition_data(name, fir_day=fir_day)
        if "police_station" in data:
            data["police_station"] = fir.police_station
        fir = services.fir_transition(actor=actor, fir=fir, transition=name, expected_version=fir.version, data=data)
    return fir


def accused_data(**overrides):
    return {
        "names": [ACCUSED_NAME],
        "aliases": [ACCUSED_ALIAS],
        "phones": [ACCUSED_PHONE],
        "addresses": ["Room 4, Lane QZ, Pimpri"],
        "description": "",
        **overrides,
    }
