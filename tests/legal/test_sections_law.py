"""The list of sections, read from the bare Acts: punishment per sub-section, default-bail class with
its basis, the court, the two-month and in-camera rules, counterparts; suggestions for an unknown
number; and charges in the code in force on the offence day. All data synthetic."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import CaseEvent
from legal.investigation import services
from legal.models import Act, Charge, Section
from legal.reference.data import BAIL_FOLLOWS, COUNTERPARTS, SECTIONS, WHOLE_SECTION

from .helpers import add_charge, make_fir

D = datetime.date


def _section(act, number):
    return Section.objects.select_related("act", "counterpart__act").get(act__code=act, number=number)


def _messages(exc: ValidationError) -> list[str]:
    return exc.message_dict["number"]


# --- every row is sourced and complete --------------------------------------------------------


def test_every_offence_row_has_punishment_source_bail_class_and_court(db):
    offences = Section.objects.filter(is_offence=True).select_related("act")
    assert offences.count() > 100
    for section in offences:
        assert section.punishment, section
        assert section.source.startswith(section.act.short_name), section
        assert section.default_bail_basis, section
        assert section.default_bail_days in (60, 90), section
        assert section.triable_by in ("sessions", "magistrate", "special"), section
        assert section.act.code not in ("crpc", "bnss"), section
    # Conspiracy and abetment: the offence charged with them decides; alone, the earlier date.
    for act, number in [("ipc", "120B"), ("bns", "61(2)"), ("pocso", "17")]:
        assert _section(act, number).default_bail_basis == BAIL_FOLLOWS
    # Common intention is a rule of joint liability, not an offence: no class of its own.
    assert not _section("bns", "3(5)").is_offence and _section("bns", "3(5)").default_bail_days is None


def test_a_whole_section_row_shows_the_earlier_date_and_asks_for_the_sub_section(db):
    for act, number in [("bns", "143"), ("ipc", "370"), ("itpa", "7")]:
        section = _section(act, number)
        assert section.default_bail_days == 60
        assert section.default_bail_basis == WHOLE_SECTION
        assert "Record the sub-section" in section.default_bail_basis
    assert _section("bns", "64").default_bail_days == 90  # every sub-section of rape is in the 90-day class


def test_every_procedural_row_has_a_source_and_no_punishment(db):
    procedure = Section.objects.filter(act__code__in=["crpc", "bnss"]).select_related("act")
    assert procedure.count() >= 28
    for section in procedure:
        assert not section.is_offence, section
        assert section.source.startswith(f"{section.act.short_name} s."), section
        assert section.default_bail_days is None and section.triable_by == ""


def test_counterparts_are_symmetric_and_join_the_old_and_new_codes(db):
    pairs = {"ipc": "bns", "crpc": "bnss"}
    for (old_act, old_number), (new_act, new_number) in COUNTERPARTS:
        assert pairs[old_act] == new_act
        old, new = _section(old_act, old_number), _section(new_act, new_number)
        assert old.counterpart == new and new.counterpart == old
        assert old.is_offence == new.is_offence
    linked = Section.objects.filter(counterpart__isnull=False).select_related("counterpart")
    for section in linked:
        assert section.counterpart.counterpart_id == section.pk, section


@pytest.mark.parametrize(
    ("ipc", "bns"),
    [
        ("302", "103(1)"),
        ("307", "109(1)"),
        ("304B", "80(2)"),
        ("323", "115(2)"),
        ("325", "117(2)"),
        ("342", "127(2)"),
        ("343", "127(3)"),
        ("344", "127(4)"),
        ("346", "127(6)"),
        ("354", "74"),
        ("363", "137(2)"),
        ("365", "140(3)"),
        ("366", "87"),
        ("367", "140(4)"),
        ("370(2)", "143(2)"),
        ("370(4)", "143(4)"),
        ("370A(1)", "144(1)"),
        ("370A(2)", "144(2)"),
        ("376(1)", "64(1)"),
        ("376(3)", "65(1)"),
        ("376AB", "65(2)"),
        ("376D", "70(1)"),
        ("420", "318(4)"),
        ("498A", "85"),
        ("506", "351"),
        ("120B", "61(2)"),
        ("34", "3(5)"),
    ],
)
def test_offences_charged_with_trafficking_show_both_numbers(db, ipc, bns):
    new = _section("bns", bns)
    assert new.label == f"BNS {bns} (IPC {ipc})"


@pytest.mark.parametrize(
    ("crpc", "bnss"),
    [
        ("57", "58"),
        ("164A", "184"),
        ("167(2)", "187(3)"),
        ("173(8)", "193(9)"),
        ("309", "346"),
        ("436A", "479"),
        ("437", "480"),
        ("438", "482"),
        ("439", "483"),
    ],
)
def test_procedural_provisions_show_both_numbers(db, crpc, bnss):
    assert _section("bnss", bnss).label == f"BNSS {bnss} (CrPC {crpc})"


# --- spot checks from the bare Acts --------------------------------------------------------------

LIFE, DEATH = "life", "death"


@pytest.mark.parametrize(
    ("act", "number", "low", "high", "bail", "court"),
    [
        ("bns", "143(2)", 7, 10, 60, "sessions"),  # "not less than seven years, ... may extend to ten years"
        ("bns", "143(3)", 10, LIFE, 90, "sessions"),
        ("bns", "143(4)", 10, LIFE, 90, "sessions"),
        ("bns", "143(5)", 14, LIFE, 90, "sessions"),
        ("bns", "143(7)", None, LIFE, 90, "sessions"),
        ("bns", "144(1)", 5, 10, 60, "sessions"),
        ("bns", "144(2)", 3, 7, 60, "sessions"),
        ("bns", "99", 7, 14, 60, "sessions"),
        ("bns", "98", None, 10, 60, "sessions"),
        ("bns", "96", None, 10, 60, "sessions"),
        ("bns", "64(1)", 10, LIFE, 90, "sessions"),
        ("bns", "65(2)", 20, DEATH, 90, "sessions"),
        ("bns", "70(1)", 20, LIFE, 90, "sessions"),
        ("bns", "70(2)", None, DEATH, 90, "sessions"),
        ("bns", "103(1)", None, DEATH, 90, "sessions"),
        ("bns", "80(2)", 7, LIFE, 90, "sessions"),
        ("bns", "74", 1, 5, 60, "magistrate"),
        ("bns", "127(4)", None, 5, 60, "magistrate"),
        ("bns", "137(2)", None, 7, 60, "magistrate"),
        ("bns", "140(4)", None, 10, 60, "sessions"),
        ("bns", "318(4)", None, 7, 60, "magistrate"),
        ("bns", "351(3)", None, 7, 60, "magistrate"),
        ("ipc", "370(2)", 7, 10, 60, "sessions"),
        ("ipc", "370(5)", 14, LIFE, 90, "sessions"),
        ("ipc", "370A(2)", 3, 5, 60, "sessions"),  # the BNS raised it to seven years
        ("ipc", "373", None, 10, 60, "sessions"),  # the BNS made it seven to fourteen years
        ("ipc", "376AB", 20, DEATH, 90, "sessions"),
        ("ipc", "363", None, 7, 60, "magistrate"),
        ("itpa", "6", 7, LIFE, 90, "magistrate"),
        ("itpa", "7(1A)", 7, LIFE, 90, "magistrate"),
        ("itpa", "9", 7, LIFE, 90, "sessions"),
        ("pocso", "4", 10, LIFE, 90, "special"),
        ("pocso", "6", 20, DEATH, 90, "special"),
        ("pocso", "8", 3, 5, 60, "special"),
        ("pocso", "10", 5, 7, 60, "special"),
        ("jja", "76", None, 10, 60, "magistrate"),
        ("jja", "81", None, 7, 60, "magistrate"),
        ("blsa", "16", None, 3, 60, "magistrate"),
        ("clpra", "14", None, 3, 60, "magistrate"),
    ],
)
def test_punishments_read_from_the_bare_acts(db, act, number, low, high, bail, court):
    section = _section(act, number)
    assert section.min_punishment_years == low
    if high == DEATH:
        assert section.punishable_with_death and section.punishable_with_life
    elif high == LIFE:
        assert section.punishable_with_life and not section.punishable_with_death
    else:
        assert section.max_punishment_years == high and not section.punishable_with_life
    assert section.default_bail_days == bail
    assert section.triable_by == court


def test_sub_sections_are_never_inferred_from_each_other(db):
    assert _section("bns", "143(2)").default_bail_days == 60
    assert _section("bns", "143(4)").default_bail_days == 90
    assert "ten years" in _section("bns", "143(2)").punishment
    assert "imprisonment for life" in _section("bns", "143(4)").punishment
    assert "three months" in _section("itpa", "7(1)").punishment
    assert _section("itpa", "7(1)").max_punishment_years is None  # three months: no whole year
    assert "seven to ten years" in _section("jja", "76").punishment  # the proviso (maiming)


def test_the_default_bail_class_follows_the_acts_words_with_its_basis(db):
    for section in Section.objects.filter(is_offence=True, default_bail_days__isnull=False):
        basis = section.default_bail_basis
        life = section.punishable_with_life or section.punishable_with_death
        if section.default_bail_days == 90:
            assert life or (section.min_punishment_years or 0) >= 10, section
            assert basis.startswith("BNSS 187(3)(i) / CrPC 167(2)(a)(i)"), section
        elif life:
            # Life only on an aggravating fact or sub-section: the row says which date Nyaya shows.
            assert "earlier date" in basis, section
        elif section.max_punishment_years == 10:
            assert "Rakesh Kumar Paul v. State of Assam, (2017) 15 SCC 67" in basis, section
        elif (section.max_punishment_years or 0) > 10:
            assert "Rajeev Chaudhary v. State (NCT of Delhi), (2001) 5 SCC 34" in basis, section


def _is_rape_family(section) -> bool:
    number = section.number
    base = number.split("(")[0]
    if section.act.code == "bns":
        return base in {"64", "65", "66", "67", "68", "70", "71"}
    return section.act.code == "ipc" and base.startswith("376")


def test_two_month_investigation_only_for_bns_64_to_71_ipc_376_and_pocso_4_6_8_10(db):
    flagged = {
        (s.act.code, s.number) for s in Section.objects.filter(two_month_investigation=True).select_related("act")
    }
    expected = {(s.act.code, s.number) for s in Section.objects.select_related("act") if _is_rape_family(s)}
    expected |= {("pocso", n) for n in ("4", "6", "8", "10")}
    assert flagged == expected
    assert ("bns", "64(1)") in flagged and ("ipc", "376D") in flagged
    assert ("pocso", "12") not in flagged and ("bns", "74") not in flagged


def test_rape_and_every_pocso_offence_is_tried_in_camera(db):
    flagged = {(s.act.code, s.number) for s in Section.objects.filter(in_camera=True).select_related("act")}
    expected = {(s.act.code, s.number) for s in Section.objects.select_related("act") if _is_rape_family(s)}
    expected |= set(Section.objects.filter(act__code="pocso").values_list("act__code", "number"))
    assert flagged == expected


def test_child_victims_where_the_act_makes_a_child_an_element(db):
    for act, number in [("bns", "143(4)"), ("bns", "143(5)"), ("bns", "144(1)"), ("bns", "96"), ("bns", "98"),
                        ("bns", "99"), ("ipc", "370(4)"), ("ipc", "372"), ("ipc", "366A"), ("pocso", "4"),
                        ("jja", "81"), ("itpa", "7(1A)")]:  # fmt: skip
        assert _section(act, number).child_victim, (act, number)
    for act, number in [("bns", "143(2)"), ("bns", "143(3)"), ("bns", "144(2)"), ("bns", "141"), ("ipc", "366B")]:
        assert not _section(act, number).child_victim, (act, number)


def test_in_force_dates_by_code_and_amendment(db):
    assert _section("ipc", "370(4)").in_force_until == D(2024, 6, 30)
    assert _section("ipc", "370(4)").in_force_from == D(2013, 2, 3)
    assert _section("ipc", "376AB").in_force_from == D(2018, 4, 21)
    assert _section("bns", "143(4)").in_force_from == D(2024, 7, 1)
    assert _section("pocso", "4").in_force_from == D(2012, 11, 14)


def test_the_reference_list_has_no_duplicates_and_every_pair_is_listed(db):
    keys = [(row["act"], row["number"]) for row in SECTIONS]
    assert len(keys) == len(set(keys))
    for old, new in COUNTERPARTS:
        assert old in keys and new in keys


# --- suggestions ------------------------------------------------------------------------------------


def test_a_whole_section_number_suggests_its_sub_sections(db):
    with pytest.raises(ValidationError) as error:
        services.section_lookup(Act.objects.get(code="bns"), "143(9)")
    messages = _messages(error.value)
    assert "BNS has no section “143(9)”" in messages[0]
    assert messages[1:] == [
        "BNS 143 — Trafficking of persons (sub-section not recorded) (BNS 143 / IPC 370)",
        "BNS 143(2) — Trafficking of a person (BNS 143(2) / IPC 370(2))",
        "BNS 143(3) — Trafficking of more than one person (BNS 143(3) / IPC 370(3))",
        "BNS 143(4) — Trafficking of a child (BNS 143(4) / IPC 370(4))",
        "BNS 143(5) — Trafficking of more than one child (BNS 143(5) / IPC 370(5))",
    ]


@pytest.mark.parametrize(
    ("act", "typed", "number"),
    [
        ("ipc", "370 (4)", "370(4)"),
        ("ipc", "376d", "376D"),
        ("ipc", "u/s 370A(1)", "370A(1)"),
        ("bns", "s. 143 (4)", "143(4)"),
        ("bns", "BNS 143(4)", "143(4)"),
        ("itpa", "7(1a)", "7(1A)"),
        ("crpc", "167 (2)", "167(2)"),
    ],
)
def test_numbers_are_found_however_typed(db, act, typed, number):
    assert services.section_lookup(Act.objects.get(code=act), typed).number == number


def test_an_ipc_number_under_the_bns_suggests_its_bns_counterpart_first(db):
    with pytest.raises(ValidationError) as error:
        services.section_lookup(Act.objects.get(code="bns"), "370(4)")
    assert _messages(error.value)[1] == "BNS 143(4) — Trafficking of a child (BNS 143(4) / IPC 370(4))"


def test_gang_rape_typed_under_the_wrong_code_suggests_the_right_one(db):
    with pytest.raises(ValidationError) as error:
        services.section_lookup(Act.objects.get(code="bns"), "376D")
    assert _messages(error.value)[1].startswith("BNS 70(1) — Gang rape")


def test_title_words_find_sections(db):
    with pytest.raises(ValidationError) as error:
        services.section_lookup(Act.objects.get(code="bns"), "trafficking of a child")
    suggestions = _messages(error.value)[1:]
    assert suggestions[0].startswith("BNS 143(4) — Trafficking of a child")
    assert 1 <= len(suggestions) <= 5
    assert all(s.startswith("BNS ") for s in suggestions)


def test_nothing_close_says_so(db):
    with pytest.raises(ValidationError) as error:
        services.section_lookup(Act.objects.get(code="blsa"), "zzz")
    assert _messages(error.value) == [
        "BLSA has no section “zzz” in Nyaya's list of sections. Check the number, or search by a word of its title."
    ]


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=st.text(max_size=40), code=st.sampled_from(["bns", "ipc", "pocso", "crpc"]))
def test_arbitrary_text_gives_a_field_error_or_a_section_never_a_crash(db, text, code):
    act = Act.objects.get(code=code)
    try:
        section = services.section_lookup(act, text)
    except ValidationError as exc:
        messages = _messages(exc)
        assert 1 <= len(messages) <= 6
    else:
        assert section.act == act


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=st.text(max_size=30).filter(lambda t: "".join(t.split()) not in ("", "143")))
def test_arbitrary_text_saves_nothing_on_the_fir(case, lead, fir, text):
    charges, events = Charge.objects.count(), CaseEvent.objects.count()
    try:
        add_charge(fir, lead.user, act="bns", number=text)
    except ValidationError as exc:
        assert "number" in exc.message_dict
        assert (Charge.objects.count(), CaseEvent.objects.count()) == (charges, events)
    else:  # a real BNS number typed by chance: it is charged once, then dropped for the next example
        charge = Charge.objects.filter(fir=fir, dropped_at__isnull=True).get()
        services.charge_drop(actor=lead.user, fir=fir, charge=charge, reason="hypothesis example")


def test_the_sections_page_lists_suggestions_and_saves_nothing(client, case, lead, fir):
    client.force_login(lead.user)
    url = reverse("legal:fir_charges", kwargs={"case_id": case.pk, "fir_id": fir.pk})
    response = client.post(url, {"act": Act.objects.get(code="bns").pk, "number": "143 (9)"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "BNS has no section “143 (9)”" in body
    assert "BNS 143(4) — Trafficking of a child (BNS 143(4) / IPC 370(4))" in body
    assert not Charge.objects.filter(fir=fir).exists()


def test_the_sections_page_is_hidden_from_people_outside_the_case(client, make_member, case, fir):
    from consortium.factories import OrganisationFactory
    from consortium.models import Role

    stranger = make_member(Role.CASEWORKER, OrganisationFactory(short_name="OTH9"))
    client.force_login(stranger.user)
    url = reverse("legal:fir_charges", kwargs={"case_id": case.pk, "fir_id": fir.pk})
    assert client.post(url, {"act": Act.objects.get(code="bns").pk, "number": "143(4)"}).status_code == 404
    assert not Charge.objects.filter(fir=fir).exists()


# --- the code by the offence date -----------------------------------------------------------------


def _fir_with_offence_on(case, lead, day):
    return make_fir(case, lead.user, stage="fir_registered", offence_on=day)


def test_a_bns_section_for_an_offence_before_1_july_2024_names_the_ipc_counterpart(case, lead):
    fir = _fir_with_offence_on(case, lead, D(2024, 3, 12))
    with pytest.raises(ValidationError) as error:
        add_charge(fir, lead.user, act="bns", number="143(4)")
    assert _messages(error.value) == [
        "The offence was committed on 12 Mar 2024, before the BNS came into force on 1 Jul 2024: "
        "charge IPC 370(4) instead."
    ]
    assert not Charge.objects.filter(fir=fir).exists()
    assert add_charge(fir, lead.user, act="ipc", number="370(4)").section.label == "IPC 370(4) (BNS 143(4))"


def test_an_ipc_section_for_an_offence_after_1_july_2024_names_the_bns_counterpart(case, lead):
    fir = _fir_with_offence_on(case, lead, D(2024, 7, 1))
    with pytest.raises(ValidationError) as error:
        add_charge(fir, lead.user, act="ipc", number="370")
    assert _messages(error.value) == [
        "The offence was committed on 1 Jul 2024, on or after 1 Jul 2024, when the BNS replaced the IPC: "
        "charge BNS 143 instead."
    ]
    assert not Charge.objects.filter(fir=fir).exists()


def test_a_section_without_a_single_counterpart_says_so(case, lead):
    fir = _fir_with_offence_on(case, lead, D(2023, 5, 2))
    with pytest.raises(ValidationError) as error:
        add_charge(fir, lead.user, act="bns", number="70(2)")
    assert "charge the IPC section instead (BNS 70(2) has no single counterpart" in _messages(error.value)[0]


def test_special_laws_are_charged_in_either_era_but_only_while_in_force(case, lead):
    before = _fir_with_offence_on(case, lead, D(2024, 3, 12))
    after = _fir_with_offence_on(case, lead, D(2025, 1, 10))
    assert add_charge(before, lead.user, act="pocso", number="4").section.act.code == "pocso"
    assert add_charge(after, lead.user, act="itpa", number="5").section.act.code == "itpa"
    old = _fir_with_offence_on(case, lead, D(2012, 6, 1))
    with pytest.raises(ValidationError) as error:
        add_charge(old, lead.user, act="pocso", number="4")
    assert _messages(error.value) == [
        "The offence was committed on 1 Jun 2012, when POCSO 4 was not in force (it is in force from 14 Nov 2012). "
        "Charge the provision in force then."
    ]
    with pytest.raises(ValidationError, match="IPC 370\\(4\\) was not in force"):
        add_charge(old, lead.user, act="ipc", number="370(4)")  # inserted by the 2013 amendment
    assert add_charge(old, lead.user, act="ipc", number="370").section.number == "370"
    assert not Charge.objects.filter(fir=old, section__act__code="pocso").exists()


def test_procedural_provisions_are_never_charged(case, lead, fir):
    with pytest.raises(ValidationError) as error:
        add_charge(fir, lead.user, act="bnss", number="173")
    assert _messages(error.value) == ["BNSS 173 is a procedural provision, not an offence: it cannot be charged."]
    assert not Charge.objects.filter(fir=fir).exists()


def test_without_an_offence_date_the_fir_date_decides_and_the_message_says_so(case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered")
    fir.offence_on = None
    fir.save(update_fields=["offence_on"])
    case.trafficked_on = None
    case.save(update_fields=["trafficked_on"])
    fir = type(fir).objects.select_related("case").get(pk=fir.pk)
    with pytest.raises(ValidationError) as error:
        add_charge(fir, lead.user, act="ipc", number="370(2)")
    message = _messages(error.value)[0]
    assert message.startswith("No offence date is recorded; the FIR dates the offence to ")
    assert message.endswith("charge BNS 143(2) instead.")
