"""IPC <-> BNS mapping, charges with history, and the statutory deadlines investigation events start."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Deadline
from legal.accused import services as accused_services
from legal.investigation import services
from legal.models import Act, Charge, Section
from legal.reference.data import COUNTERPARTS

from .helpers import accused_data, add_charge, days, make_fir

DOMAIN_PAIRS = [
    ("370", "143"),
    ("370A", "144"),
    ("372", "98"),
    ("373", "99"),
    ("366A", "96"),
    ("366B", "141"),
    ("371", "145"),
    ("374", "146"),
]
PROCEDURE_PAIRS = [("154", "173"), ("161", "180"), ("164", "183"), ("173", "193"), ("357A", "396")]


@pytest.mark.parametrize(("ipc", "bns"), DOMAIN_PAIRS)
def test_ipc_and_bns_sections_point_at_each_other(db, ipc, bns):
    old = Section.objects.get(act__code="ipc", number=ipc)
    new = Section.objects.get(act__code="bns", number=bns)
    assert old.counterpart == new and new.counterpart == old
    assert new.label == f"BNS {bns} (IPC {ipc})"
    assert old.label == f"IPC {ipc} (BNS {bns})"


@pytest.mark.parametrize(("crpc", "bnss"), PROCEDURE_PAIRS)
def test_crpc_and_bnss_sections_point_at_each_other(db, crpc, bnss):
    old = Section.objects.get(act__code="crpc", number=crpc)
    assert old.counterpart.act.code == "bnss" and old.counterpart.number == bnss
    assert old.counterpart.label == f"BNSS {bnss} (CrPC {crpc})"


def test_every_counterpart_pair_is_symmetric(db):
    for (old_act, old_number), (new_act, new_number) in COUNTERPARTS:
        old = Section.objects.get(act__code=old_act, number=old_number)
        assert (old.counterpart.act.code, old.counterpart.number) == (new_act, new_number)
        assert old.counterpart.counterpart == old


def test_special_laws_are_reference_data(db):
    codes = set(Act.objects.values_list("code", flat=True))
    assert {"itpa", "pocso", "jja", "blsa", "clpra"} <= codes
    assert Section.objects.get(act__code="pocso", number="4").is_sexual_offence
    assert Section.objects.get(act__code="bns", number="143(4)").default_bail_days == 90
    assert Section.objects.get(act__code="bns", number="146").default_bail_days == 60


@pytest.mark.parametrize("typed", ["370a", " 370 A", "370A"])
def test_section_numbers_are_found_however_typed(db, typed):
    assert services.section_lookup(Act.objects.get(code="ipc"), typed).number == "370A"


def test_unknown_section_for_a_code_is_a_field_error(case, lead, fir):
    with pytest.raises(ValidationError) as error:
        add_charge(fir, lead.user, act="bns", number="370")  # an IPC number, not a BNS one
    assert "number" in error.value.message_dict
    assert not Charge.objects.filter(fir=fir).exists()


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=st.text(max_size=25))
def test_section_lookup_never_crashes(db, text):
    act = Act.objects.get(code="bns")
    try:
        section = services.section_lookup(act, text)
    except ValidationError as exc:
        assert "number" in exc.message_dict
    else:
        assert section.act == act


def test_sections_added_and_dropped_keep_their_history(case, lead, fir):
    first = add_charge(fir, lead.user, act="bns", number="144")
    with pytest.raises(ValidationError, match="already charged"):
        add_charge(fir, lead.user, act="bns", number="144")
    services.charge_drop(actor=lead.user, fir=fir, charge=first, reason="Altered to BNS 143 by the court")
    add_charge(fir, lead.user, act="bns", number="143")
    rows = list(Charge.objects.filter(fir=fir).order_by("pk"))
    assert [(r.section.label, r.is_live) for r in rows] == [("BNS 144 (IPC 370A)", False), ("BNS 143 (IPC 370)", True)]
    assert rows[0].reason.startswith("Altered") and rows[0].dropped_by == lead.user
    assert rows[0].history.count() == 2
    with pytest.raises(ValidationError):
        services.charge_drop(actor=lead.user, fir=fir, charge=rows[1], reason="")


# --- deadlines ---------------------------------------------------------------------------


def _open(case, code):
    return Deadline.objects.filter(case=case, rule_code=code, status="open")


def _arrest(fir, actor, arrested_on, **extra):
    link = services.fir_accused_add(
        actor=actor,
        fir=fir,
        accused=accused_services.accused_record(
            actor=actor, case=fir.case, **accused_data(phones=[], names=[f"Accused {arrested_on}"]), role="recruiter"
        ).accused,
    )
    return services.fir_accused_update(
        actor=actor,
        link=link,
        expected_version=link.version,
        **{"arrested_on": arrested_on, "remanded_on": arrested_on, **extra},
    )


def test_arrest_starts_60_days_for_lesser_offences(case, lead, fir):
    add_charge(fir, lead.user, act="bns", number="144")  # 7 years
    link = _arrest(fir, lead.user, days(-5))
    deadline = _open(case, "chargesheet_60").get()
    assert deadline.subject_key == f"legal.firaccused:{link.pk}"
    # 60 days counted from the first remand, the remand day included (ED v. Kapil Wadhawan, 2023).
    assert deadline.due_on == days(-5) + datetime.timedelta(days=59)
    assert deadline.inputs["state"] == "MH"
    assert not _open(case, "chargesheet_90").exists()


def test_arrest_starts_90_days_for_serious_offences_and_sections_switch_it(case, lead, fir):
    add_charge(fir, lead.user, act="bns", number="144")
    _arrest(fir, lead.user, days(-5))
    assert _open(case, "chargesheet_60").exists()
    charge = add_charge(fir, lead.user, act="bns", number="143(4)")  # a child: life
    assert not _open(case, "chargesheet_60").exists()
    assert _open(case, "chargesheet_90").get().due_on == days(84)
    services.charge_drop(actor=lead.user, fir=fir, charge=charge, reason="Dropped by court")
    assert _open(case, "chargesheet_60").exists() and not _open(case, "chargesheet_90").exists()


def test_editing_the_arrest_date_recomputes_and_release_cancels(case, lead, fir):
    add_charge(fir, lead.user, number="143(4)")
    link = _arrest(fir, lead.user, days(-5))
    link = services.fir_accused_update(
        actor=lead.user,
        link=link,
        expected_version=link.version,
        **{"arrested_on": days(-8), "remanded_on": days(-8)},
    )
    assert _open(case, "chargesheet_90").get().due_on == days(81)
    services.fir_accused_update(
        actor=lead.user,
        link=link,
        expected_version=link.version,
        **{"released_without_charge": True, "custody": ""},
    )
    assert not _open(case, "chargesheet_90").exists()
    assert Deadline.objects.get(case=case, rule_code="chargesheet_90").status == "cancelled"


def test_chargesheet_fulfils_every_arrest_of_the_fir(case, lead):
    fir = make_fir(case, lead.user, stage="under_investigation")
    add_charge(fir, lead.user, number="143(4)")
    _arrest(fir, lead.user, days(-20))
    _arrest(fir, lead.user, days(-10))
    assert _open(case, "chargesheet_90").count() == 2
    fir.refresh_from_db()
    services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="file_chargesheet",
        expected_version=fir.version,
        data={"chargesheet_on": days(-1)},
    )
    assert Deadline.objects.filter(case=case, rule_code="chargesheet_90", status="met").count() == 2


def test_fir_registration_deadlines_in_west_bengal_and_elsewhere(case, lead):
    wb = make_fir(case, lead.user, stage="fir_registered", state_code="WB", chain_role="source")
    mh = make_fir(case, lead.user, stage="fir_registered")
    subjects = set(_open(case, "victim_informed_of_progress").values_list("subject_key", flat=True))
    assert subjects == {f"legal.fir:{wb.pk}", f"legal.fir:{mh.pk}"}
    # No law sets a 24-hour AHTU handover: the handover is recorded, no deadline is invented.
    assert not Deadline.objects.filter(case=case, rule_code="ahtu_handover").exists()
    wb.refresh_from_db()
    services.fir_ahtu_transfer(actor=lead.user, fir=wb, unit="AHTU Howrah", on=wb.fir_date, expected_version=wb.version)
    wb.refresh_from_db()
    assert wb.ahtu_holds and wb.ahtu_unit == "AHTU Howrah"
    mh.refresh_from_db()
    services.fir_survivor_informed(actor=lead.user, fir=mh, on=days(-1), expected_version=mh.version)
    assert (
        Deadline.objects.get(
            case=case, rule_code="victim_informed_of_progress", subject_key=f"legal.fir:{mh.pk}"
        ).status
        == "met"
    )


def test_sexual_offence_sections_start_the_two_month_limit(case, lead, fir):
    assert not _open(case, "chargesheet_sexual_offence").exists()
    add_charge(fir, lead.user, act="pocso", number="4")
    deadline = _open(case, "chargesheet_sexual_offence").get()
    assert deadline.due_on.month != fir.fir_date.month
    fir.refresh_from_db()
    fir = services.fir_transition(
        actor=lead.user, fir=fir, transition="start_investigation", expected_version=fir.version, data={}
    )
    services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="file_chargesheet",
        expected_version=fir.version,
        data={"chargesheet_on": days(-1)},
    )
    assert Deadline.objects.get(case=case, rule_code="chargesheet_sexual_offence").status == "met"


def test_medical_examination_fulfils_by_code_and_starts_the_report(case, lead):
    from cases.deadlines import deadline_start

    deadline_start(case=case, rule_code="medical_examination", trigger_at=days(-2), subject=case, actor=lead.user)
    exam = services.medical_exam_record(actor=lead.user, case=case, **{"examined_on": days(-1)})
    assert Deadline.objects.get(case=case, rule_code="medical_examination").status == "met"
    report = _open(case, "medical_report").get()
    assert report.due_on == days(6)
    with pytest.raises(ValidationError) as error:
        services.medical_report_record(actor=lead.user, exam=exam, report_on=days(-3), expected_version=exam.version)
    assert "report_on" in error.value.message_dict
    services.medical_report_record(actor=lead.user, exam=exam, report_on=days(0), expected_version=exam.version)
    assert Deadline.objects.get(case=case, rule_code="medical_report").status == "met"


def test_closure_report_cancels_chargesheet_clocks(case, lead):
    fir = make_fir(case, lead.user, stage="under_investigation")
    add_charge(fir, lead.user, number="143(4)")
    _arrest(fir, lead.user, days(-3))
    fir.refresh_from_db()
    services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="file_closure_report",
        expected_version=fir.version,
        data={"closure_report_on": days(-1)},
    )
    assert Deadline.objects.get(case=case, rule_code="chargesheet_90").status == "cancelled"
