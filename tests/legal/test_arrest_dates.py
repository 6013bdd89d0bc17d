"""Arrest, remand and custody dates in any combination: either refused with a field error and
nothing saved, or saved in the law's order with the default-bail clock on the remand."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Deadline
from legal.accused import services as accused_services
from legal.investigation import services
from legal.models import FIRAccused

from .helpers import accused_data, add_charge, days

OFFSETS = st.one_of(st.none(), st.integers(min_value=-400, max_value=5))
TIMES = st.one_of(st.none(), st.times())


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(arrest=OFFSETS, remand=OFFSETS, at=TIMES)
def test_any_arrest_and_remand_dates(case, lead, fir, arrest, remand, at):
    if not fir.charges.exists():
        add_charge(fir, lead.user, act="bns", number="143(4)")
    accused = accused_services.accused_record(
        actor=lead.user, case=case, **accused_data(phones=[], names=["Hypo Qzx"]), role="recruiter"
    ).accused
    link = FIRAccused.objects.filter(fir=fir, accused=accused).first() or services.fir_accused_add(
        actor=lead.user, fir=fir, accused=accused
    )
    link.refresh_from_db()
    before = (link.arrested_on, link.remanded_on, link.arrested_at_time, link.version)
    data = {
        "arrested_on": days(arrest) if arrest is not None else None,
        "remanded_on": days(remand) if remand is not None else None,
        "arrested_at_time": at,
    }
    try:
        saved = services.fir_accused_update(actor=lead.user, link=link, expected_version=link.version, **data)
    except ValidationError as error:
        assert set(error.message_dict) & {"arrested_on", "remanded_on"}
        link.refresh_from_db()
        assert (link.arrested_on, link.remanded_on, link.arrested_at_time, link.version) == before
        return
    today = timezone.localdate()
    assert saved.arrested_on is None or saved.arrested_on <= today
    if saved.remanded_on is not None:
        assert saved.arrested_on is not None and saved.arrested_on <= saved.remanded_on <= today
        clock = Deadline.objects.get(
            case=case, rule_code="chargesheet_90", subject_key=f"legal.firaccused:{saved.pk}", status="open"
        )
        assert clock.due_on == saved.remanded_on + datetime.timedelta(days=89)
    else:
        assert not Deadline.objects.filter(
            case=case,
            rule_code__in=["chargesheet_60", "chargesheet_90"],
            subject_key=f"legal.firaccused:{saved.pk}",
            status="open",
        ).exists()
