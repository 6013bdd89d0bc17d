"""Eligibility: offence categories from the case, each scheme's rule by age and state, the time bar."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.factories import open_case
from cases.models import RecruitmentMeans
from compensation import eligibility
from compensation.eligibility import case_offence_categories, screen_case, time_bar_for
from compensation.models import Scheme
from consortium.factories import state
from core.day_count import add_months

from .helpers import charge_rape, days

D = datetime.date


def by_code(screenings):
    return {s.scheme.code: s for s in screenings}


def case_with(lead, *, forms=("sexual_exploitation",), age=22, source="WB", destination="MH", **fields):
    return open_case(
        lead, forms=forms, source=source, destination=destination, survivor={"estimated_age": age}, **fields
    )


# --- the seeded schemes -----------------------------------------------------------------------------


def test_the_shipped_schemes_carry_the_domain_amounts_and_sources(db):
    nalsa = Scheme.objects.get(code="nalsa-2018")
    assert {(ln.category, ln.min_amount, ln.max_amount) for ln in nalsa.lines.all()} == {
        ("rape", Decimal("400000"), Decimal("700000")),
        ("gang_rape", Decimal("500000"), Decimal("1000000")),
    }
    assert (nalsa.minor_uplift_percent, nalsa.minor_age_limit) == (50, 18)
    assert (nalsa.fd_share_percent, nalsa.fd_share_percent_minor, nalsa.fd_lock_in_months) == (75, 80, 36)
    assert nalsa.women_only and nalsa.time_bar_months == 36
    assert "conclusion of the trial" in nalsa.time_bar_source
    # The CVCF guidelines (MHA, 2015): minimums state schemes adopt, not a scheme claimed under.
    cvcf = Scheme.objects.get(code="trafficking-floor")
    assert cvcf.kind == "guideline" and not cvcf.is_claimable
    assert cvcf.effective_from == D(2015, 8, 21) and cvcf.time_bar_months is None
    assert {(ln.category, ln.min_amount, ln.max_amount) for ln in cvcf.lines.all()} == {
        ("trafficking", Decimal("100000"), None),
        ("rape", Decimal("300000"), None),
    }
    assert (cvcf.minor_uplift_percent, cvcf.minor_age_limit) == (50, 14)
    wb = Scheme.objects.get(code="wb-vcs-2017")
    assert wb.state.code == "WB" and wb.jurisdiction == "state"
    assert {(ln.min_amount, ln.max_amount) for ln in wb.lines.all()} == {(Decimal("50000"), Decimal("300000"))}
    assert "Consortium practice" in wb.time_bar_source
    old, revised = Scheme.objects.filter(code="bonded-labour-2016").order_by("effective_from")
    assert (old.effective_from, old.effective_until, old.interim_max_amount) == (
        D(2016, 5, 17),
        D(2022, 1, 26),
        Decimal("20000"),
    )
    assert (revised.effective_from, revised.effective_until, revised.interim_max_amount) == (
        D(2022, 1, 27),
        None,
        Decimal("30000"),
    )
    for bonded in (old, revised):
        assert bonded.time_bar_months is None and bonded.version_by == "release"
        (line,) = bonded.lines.all()
        assert (line.min_amount, line.max_amount) == (Decimal("100000"), Decimal("300000"))
        assert "release_certificate" in bonded.required_documents
    for scheme in Scheme.objects.all():
        assert scheme.legal_source and scheme.effective_from
        assert scheme.time_bar_months is None or scheme.time_bar_source


# --- offence categories -----------------------------------------------------------------------------


def test_sexual_exploitation_of_an_adult_is_trafficking_not_rape(lead):
    """For an adult, commercial sexual exploitation is not by itself rape: only a charge says so."""
    assert case_offence_categories(case_with(lead, age=22)) == {"trafficking"}


def test_sexual_exploitation_of_a_child_gives_trafficking_and_rape(lead):
    """A girl under 18 cannot consent (BNS 63 sixthly / IPC 375 sixthly; POCSO 3, 4)."""
    assert case_offence_categories(case_with(lead, age=15)) == {"trafficking", "rape"}


def test_domestic_servitude_is_trafficking_only(lead):
    assert case_offence_categories(case_with(lead, forms=("domestic_servitude",))) == {"trafficking"}


def test_bonded_labour_from_the_form_or_from_debt_and_labour(lead):
    assert "bonded_labour" in case_offence_categories(case_with(lead, forms=("bonded_labour",)))
    case = case_with(lead, forms=("forced_labour",))
    assert "bonded_labour" not in case_offence_categories(case)
    case.recruitment_means.add(RecruitmentMeans.objects.get(code="debt_bondage"))
    case = type(case).objects.get(pk=case.pk)
    assert "bonded_labour" in case_offence_categories(case)


def test_forced_labour_of_a_child_is_child_labour(lead):
    assert "child_labour" in case_offence_categories(case_with(lead, forms=("forced_labour",), age=15))
    assert "child_labour" not in case_offence_categories(case_with(lead, forms=("forced_labour",), age=25))


def test_no_form_recorded_finds_nothing(lead):
    case = case_with(lead)
    case.exploitation_forms.clear()
    assert case_offence_categories(case) == set()
    assert not any(s.applies for s in screen_case(case))


def test_reasons_speak_of_a_child_when_she_was_a_minor(lead):
    findings = eligibility.case_offence_findings(case_with(lead, age=15))
    rape = next(f for f in findings if f.category == "rape")
    assert "POCSO" in rape.reason


# --- schemes by age and state ------------------------------------------------------------------------


def test_adult_sexual_exploitation_west_bengal(lead):
    case = case_with(lead, age=25)
    screenings = by_code(screen_case(case))
    nalsa = screenings["nalsa-2018"]
    assert not nalsa.applies
    assert any(item.ok is None and "not by itself rape" in item.text for item in nalsa.items)
    assert "trafficking-floor" not in screenings  # a guideline: not claimed under
    assert screenings["wb-vcs-2017"].applies
    assert (screenings["wb-vcs-2017"].low, screenings["wb-vcs-2017"].high) == (
        Decimal("50000.00"),
        Decimal("300000.00"),
    )
    assert any("below the CVCF guidelines 2015 minimum" in item.text for item in screenings["wb-vcs-2017"].items)
    assert not screenings["bonded-labour-2016"].applies
    # Once rape is charged, the NALSA scheme applies.
    charge_rape(case, lead)
    nalsa = by_code(screen_case(case))["nalsa-2018"]
    assert nalsa.applies and not nalsa.uplift
    assert (nalsa.low, nalsa.high) == (Decimal("400000.00"), Decimal("700000.00"))


def test_minor_uplift_nalsa_under_18_west_bengal_under_14(lead):
    sixteen = by_code(screen_case(case_with(lead, age=16)))
    assert sixteen["nalsa-2018"].uplift
    assert (sixteen["nalsa-2018"].low, sixteen["nalsa-2018"].high) == (Decimal("600000.00"), Decimal("1050000.00"))
    assert not sixteen["wb-vcs-2017"].uplift
    assert sixteen["wb-vcs-2017"].low == Decimal("50000.00")
    thirteen = by_code(screen_case(case_with(lead, age=13)))
    assert thirteen["wb-vcs-2017"].uplift
    assert thirteen["wb-vcs-2017"].low == Decimal("75000.00")
    # 19 today, trafficked 200 days ago: 18 at the offence, an adult.
    eighteen = case_with(lead, age=19)
    assert eligibility.age_at_offence(eighteen) == 18
    assert not by_code(screen_case(eighteen))["nalsa-2018"].uplift


def test_age_is_taken_at_the_offence_not_today(lead):
    """She is 20 now (estimated), and was 15 or 16 when trafficked four years ago: the minor uplift applies."""
    case = case_with(lead, age=20, trafficked_on=days(-4 * 365 - 10))
    assert eligibility.age_at_offence(case) in (15, 16)
    assert by_code(screen_case(case))["nalsa-2018"].uplift


def test_state_scheme_needs_a_link_to_the_state(lead):
    jharkhand_to_delhi = by_code(screen_case(case_with(lead, source="JH", destination="DL")))
    west_bengal = jharkhand_to_delhi["wb-vcs-2017"]
    assert not west_bengal.applies
    assert any(item.ok is False and "West Bengal" in item.text for item in west_bengal.items)
    destination_wb = by_code(screen_case(case_with(lead, source="JH", destination="WB")))
    assert destination_wb["wb-vcs-2017"].applies


def test_applicable_schemes_come_first(lead):
    screenings = screen_case(case_with(lead))
    flags = [s.applies for s in screenings]
    assert flags == sorted(flags, reverse=True)


def test_a_scheme_version_not_yet_in_force_is_not_used(lead):
    current = Scheme.objects.get(code="nalsa-2018")
    future = Scheme.objects.create(
        code="nalsa-2018",
        name=current.name,
        short_name="NALSA 2018 (new)",
        authority=current.authority,
        jurisdiction="national",
        effective_from=days(30),
        legal_source="test",
    )
    assert future not in eligibility.schemes_in_force()
    assert current in eligibility.schemes_in_force()
    assert future in eligibility.schemes_in_force(days(31))


# --- the time bar -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trafficked", "rescued", "expected", "basis"),
    [
        (D(2022, 3, 10), D(2022, 9, 1), D(2025, 9, 1), "release"),  # the later date: her release
        (D(2022, 3, 10), None, D(2025, 3, 10), "offence"),
        (None, D(2023, 1, 31), D(2026, 1, 31), "release"),
        (D(2020, 2, 29), D(2020, 2, 29), D(2023, 2, 28), "release"),  # leap day: the month's last day
        (D(2024, 5, 5), D(2024, 5, 1), D(2027, 5, 5), "offence"),  # rescue recorded before the offence date
    ],
)
def test_time_bar_runs_three_years_from_the_later_of_offence_and_release(lead, trafficked, rescued, expected, basis):
    case = case_with(lead)
    case.trafficked_on, case.left_home_on, case.rescued_on = trafficked, None, rescued
    bar = time_bar_for(case, 36)
    assert (bar.on, bar.basis) == (expected, basis)


def test_time_bar_falls_back_to_the_day_she_left_home(lead):
    case = case_with(lead)
    case.trafficked_on, case.left_home_on, case.rescued_on = None, D(2023, 6, 1), None
    assert time_bar_for(case, 36).on == D(2026, 6, 1)


def test_time_bar_unknown_without_dates(lead):
    case = case_with(lead)
    case.trafficked_on = case.left_home_on = case.rescued_on = None
    bar = time_bar_for(case, 36)
    assert bar.on is None and not bar.passed
    assert "Record when she was trafficked" in bar.text


def test_passed_time_bar_is_flagged_in_the_checklist(lead):
    case = case_with(lead, trafficked_on=days(-5 * 365), age=15)
    nalsa = by_code(screen_case(case))["nalsa-2018"]
    assert nalsa.time_bar.passed
    assert any(item.ok is False and "condonation" in item.text for item in nalsa.items)


@settings(max_examples=60, deadline=None)
@given(
    offence=st.one_of(st.none(), st.dates(min_value=D(1990, 1, 1), max_value=D(2035, 12, 31))),
    release=st.one_of(st.none(), st.dates(min_value=D(1990, 1, 1), max_value=D(2035, 12, 31))),
    months=st.integers(min_value=1, max_value=120),
)
def test_time_bar_properties(offence, release, months):
    class FakeCase:
        pk = None  # not saved: no court case, no trial pending
        trafficked_on, left_home_on, rescued_on = offence, None, release

    bar = time_bar_for(FakeCase, months)
    if offence is None and release is None:
        assert bar.on is None
        return
    start = max(d for d in (offence, release) if d)
    assert bar.start == start
    assert bar.on == add_months(start, months)
    assert bar.on > start
    assert all(bar.on > d for d in (offence, release) if d)
    assert (bar.on - start).days <= months * 31 + 1


def test_screening_reads_the_case_once_per_relation(lead, django_assert_max_num_queries):
    case = case_with(lead)
    case = (
        type(case)
        .objects.select_related("survivor")
        .prefetch_related("exploitation_forms", "recruitment_means")
        .get(pk=case.pk)
    )
    # Schemes and their lines (2), the charges (1), the court cases (1), the CVCF guideline and its lines
    # (2): the same however many schemes there are.
    with django_assert_max_num_queries(6):
        screen_case(case)


def test_state_code_helper_is_available(db):
    assert state("WB").name == "West Bengal"


def test_charged_sections_come_first_and_add_what_the_forms_miss(lead):
    """Once the police charge sections, they are the basis of the screening (with their names)."""
    from legal.investigation import services as legal_services
    from legal.models import Act
    from tests.legal.helpers import make_fir

    case = case_with(lead, forms=("domestic_servitude",))
    assert case_offence_categories(case) == {"trafficking"}
    fir = make_fir(case, lead.user, stage="fir_registered")
    for act, number in (("bns", "143"), ("bns", "64"), ("blsa", "16")):
        legal_services.charge_add(actor=lead.user, fir=fir, act=Act.objects.get(code=act), number=number)
    findings = {f.category: f.reason for f in eligibility.case_offence_findings(case)}
    assert set(findings) == {"trafficking", "rape", "bonded_labour"}
    assert "BNS 143" in findings["trafficking"] and "Charged by the police" in findings["trafficking"]
    assert "BNS 64" in findings["rape"]
    charge = fir.charges.get(section__number="64")
    legal_services.charge_drop(actor=lead.user, fir=fir, charge=charge, reason="Wrongly added")
    assert "rape" not in case_offence_categories(case)
