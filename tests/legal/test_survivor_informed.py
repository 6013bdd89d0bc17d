"""Major events of the investigation make an update to the survivor due within a week."""

from cases import services as case_services
from cases.models import Deadline

from .helpers import days, make_fir


def open_after_event(case):
    return Deadline.objects.open().filter(case=case, rule_code="survivor_update_after_event")


def test_fir_registration_makes_an_update_due_within_a_week(case, lead):
    assert not open_after_event(case).exists()
    make_fir(case, lead.user, stage="fir_registered", fir_day=-2)
    deadline = open_after_event(case).get()
    assert "FIR registered" in deadline.title
    assert deadline.due_on == days(-2 + 7)


def test_recording_the_update_meets_it_and_the_next_event_opens_another(case, lead):
    make_fir(case, lead.user, stage="fir_registered", fir_day=-2)
    case_services.survivor_update_record(
        actor=lead.user, case=case, given_on=days(0), channel="phone_call", language="bn", message="Told her."
    )
    assert not open_after_event(case).exists()
    assert Deadline.objects.filter(case=case, rule_code="survivor_update_after_event", status="met").count() == 1
    make_fir(case, lead.user, stage="chargesheet_filed", police_station="Howrah PS", state_code="WB")
    assert open_after_event(case).count() == 1  # one open at a time, however many events
