"""Worked examples of the custody and care law (issue 14), each row citing its provision.

- Medical examination within 24 hours only for a reported rape (or attempt), with her consent:
  BNSS 184(1) / CrPC 164A(1); POCSO s.27(1) for a child.
- Adult custody under the Immoral Traffic (Prevention) Act 1956: intermediate custody by the
  nearest magistrate at most 10 days from the order (s.17(1) proviso (i)); custody while the
  inquiry is made at most three weeks from the order (s.17(3) second proviso); home verification
  before she is handed to her family (s.17A).
- ITPA's ages: a child is under 16 (s.2(aa)), a minor 16 to 18 (s.2(cb)), a major 18 or over
  (s.2(ca)); the JJ Act's child is under 18 (s.2(12)).
- JJ Act s.95: transfer to the CWC of her home district, with the home investigation report.
- Shelter: Shakti Sadan (Mission Shakti, MWCD 2022) replaced Ujjawala and Swadhar Greh.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from care import services
from care.models import CustodyOrder, Rescue, ShelterHome
from care.selectors import itpa_status_for_age, medical_exam_status
from cases.models import Deadline, DeadlineRule
from consortium.factories import state
from consortium.models import District, Role
from tests.cases.helpers import open_survivor_case

from .conftest import day, record_order, record_rescue

Kind = CustodyOrder.Kind
D = datetime.date
EARLY = D(2023, 12, 1)  # the day she was trafficked, in the examples with fixed dates


def at(year, month, day_, hour=0, minute=0) -> datetime.datetime:
    """A moment in India (TIME_ZONE Asia/Kolkata)."""
    return timezone.make_aware(datetime.datetime(year, month, day_, hour, minute))


def medical_deadlines(case):
    return Deadline.objects.filter(case=case, rule_code="medical_examination")


def care_page(client, case, member) -> str:
    client.force_login(member.user)
    response = client.get(reverse("care:case_care", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def early_case(lead):
    return open_survivor_case(lead, trafficked_on=EARLY)


# --- medical examination: BNSS 184(1) / CrPC 164A(1) ------------------------------------------

CONSENTED = {"rape_reported": True, "exam_consent": "given"}

MEDICAL_EXAMPLES = [
    # (example, provision, rescued at, rescue fields, due at (None: no deadline), the care page says)
    (
        "rescue, no rape reported",
        "BNSS 184(1)",
        at(2026, 1, 31, 22),
        {},
        None,
        "No rape reported: BNSS 184 does not apply",
    ),
    (
        "rape reported and her consent recorded: due 24 hours after the rescue, across a month end",
        "BNSS 184(1)",
        at(2026, 1, 31, 22),
        {**CONSENTED, "exam_consent_at": at(2026, 1, 31, 23)},
        at(2026, 2, 1, 22),
        "the examination is due within 24 hours",
    ),
    (
        "rape reported, consent withheld: no examination, no deadline",
        "BNSS 184(1)",
        at(2026, 1, 31, 22),
        {"rape_reported": True, "exam_consent": "withheld", "exam_consent_at": at(2026, 2, 1, 9)},
        None,
        "She does not consent to the medical examination",
    ),
    (
        "rape reported, her answer not yet recorded",
        "BNSS 184(1)",
        at(2026, 1, 31, 22),
        {"rape_reported": True},
        None,
        "Waiting for her consent",
    ),
    (
        "police informed three hours after the rescue: 24 hours from the information, non-leap February",
        "BNSS 184(1)",
        at(2026, 2, 28, 17),
        {**CONSENTED, "rape_reported_at": at(2026, 2, 28, 20), "exam_consent_at": at(2026, 2, 28, 21)},
        at(2026, 3, 1, 20),
        "the examination is due within 24 hours",
    ),
    (
        "consent given on her behalf (a child's guardian)",
        "BNSS 184(1)",
        at(2026, 6, 30, 23, 30),
        {"rape_reported": True, "exam_consent": "behalf", "exam_consent_at": at(2026, 7, 1, 8)},
        at(2026, 7, 1, 23, 30),
        "the examination is due within 24 hours",
    ),
    (
        "CrPC era (before 1 July 2024), leap day",
        "CrPC 164A(1)",
        at(2024, 2, 28, 23, 30),
        {**CONSENTED, "exam_consent_at": at(2024, 2, 29, 1)},
        at(2024, 2, 29, 23, 30),
        "the examination is due within 24 hours",
    ),
]


@pytest.mark.parametrize(
    ("example", "provision", "rescued_at", "fields", "due_at", "page_says"),
    MEDICAL_EXAMPLES,
    ids=[row[0] for row in MEDICAL_EXAMPLES],
)
def test_medical_examination_worked_examples(
    client, early_case, lead, example, provision, rescued_at, fields, due_at, page_says
):
    record_rescue(early_case, lead, rescued_at=rescued_at, **fields)
    if due_at is None:
        assert not medical_deadlines(early_case).open().exists(), example
    else:
        deadline = medical_deadlines(early_case).open().get()
        assert deadline.due_at == due_at, example
        assert provision in deadline.title  # the code the investigation runs under
        assert provision.split("(")[0] in deadline.rule.legal_source
    assert page_says in care_page(client, early_case, lead)


def test_the_rule_cites_its_source_and_the_report_is_bnss_only(db):
    exam = DeadlineRule.objects.filter(code="medical_examination").latest("effective_from")
    assert "BNSS 184(1)" in exam.legal_source and "CrPC 164A(1)" in exam.legal_source
    assert "consent" in exam.legal_source
    assert (exam.offset_amount, exam.offset_unit) == (24, "hours")
    report = DeadlineRule.objects.filter(code="medical_report").latest("effective_from")
    assert report.procedure == "bnss"  # BNSS 184(6): CrPC 164A(6) set no number of days
    assert "184(6)" in report.legal_source


def test_consent_recorded_later_opens_the_deadline_from_the_information(early_case, lead):
    """The 24 hours run from the information (BNSS 184(1)), even when her answer comes later."""
    rescue = record_rescue(early_case, lead, rescued_at=at(2026, 3, 10, 10), rape_reported=True)
    assert not medical_deadlines(early_case).exists()
    rescue.exam_consent, rescue.exam_consent_at = "given", at(2026, 3, 10, 16)
    services.rescue_save(actor=lead.user, case=early_case, rescue=rescue, expected_version=rescue.version)
    assert medical_deadlines(early_case).open().get().due_at == at(2026, 3, 11, 10)


def test_consent_withdrawn_cancels_the_open_deadline_and_says_why(early_case, lead):
    rescue = record_rescue(
        early_case, lead, rescued_at=at(2026, 3, 10, 10), **CONSENTED, exam_consent_at=at(2026, 3, 10, 11)
    )
    rescue.exam_consent, rescue.exam_consent_at = "withheld", at(2026, 3, 10, 12)
    services.rescue_save(actor=lead.user, case=early_case, rescue=rescue, expected_version=rescue.version)
    deadline = medical_deadlines(early_case).get()
    assert deadline.status == Deadline.Status.CANCELLED
    assert "does not consent" in deadline.close_reason
    # She consents again: the deadline reopens (it was cancelled, not met).
    rescue.refresh_from_db()
    rescue.exam_consent, rescue.exam_consent_at = "given", at(2026, 3, 10, 13)
    services.rescue_save(actor=lead.user, case=early_case, rescue=rescue, expected_version=rescue.version)
    assert medical_deadlines(early_case).open().get().due_at == at(2026, 3, 11, 10)


def test_a_fir_charging_rape_stands_for_her_report(early_case, lead):
    """BNSS 184(1): rape "under investigation": a FIR charging a rape or POCSO section is enough; with
    her consent recorded, the deadline counts from the complaint (not before she is rescued)."""
    from legal.models import FIR, Charge, Section

    rescue = record_rescue(
        early_case, lead, rescued_at=at(2026, 4, 1, 9), exam_consent="given", exam_consent_at=at(2026, 4, 1, 10)
    )
    assert medical_exam_status(early_case, rescue).state == "no_rape"
    assert not medical_deadlines(early_case).exists()
    fir = FIR.objects.create(
        case=early_case,
        chain_role="destination",
        state=state("MH"),
        police_station="Test PS",
        reported_on=D(2026, 4, 2),
        fir_date=D(2026, 4, 2),
        created_by=lead.user,
        updated_by=lead.user,
    )
    rape = Section.objects.filter(Q(two_month_investigation=True) | Q(is_sexual_offence=True)).first()
    Charge.objects.create(fir=fir, section=rape, added_by=lead.user)
    services.medical_exam_deadline_sync(actor=lead.user, case=early_case)
    assert medical_deadlines(early_case).open().get().due_at == at(2026, 4, 3, 0)


def test_rescue_form_records_rape_and_consent_and_refuses_half_answers(client, early_case, lead):
    client.force_login(lead.user)
    url = reverse("care:care_rescue", args=[early_case.pk])
    base = {
        "rescued_on": "2026-05-01",
        "rescued_time": "10:00",
        "state": state("MH").pk,
        "agency": "ahtu",
        "rape_reported": "on",
    }
    # A consent answer without its time: refused with the reason, nothing saved.
    response = client.post(url, {**base, "exam_consent": "given"})
    assert response.status_code == 200
    assert "When was her answer recorded?" in response.content.decode()
    assert not Rescue.objects.exists()
    response = client.post(url, {**base, "exam_consent": "given", "exam_consent_at": "2026-05-01T11:00"})
    assert response.status_code == 302
    rescue = Rescue.objects.get(case=early_case)
    assert (rescue.rape_reported, rescue.exam_consent) == (True, "given")
    assert medical_deadlines(early_case).open().get().due_at == at(2026, 5, 2, 10)


# --- adult custody: ITPA s.17 ---------------------------------------------------------------

CUSTODY_EXAMPLES = [
    # (example, provision cited by the rule, order kind, ordered on, rule, last day)
    (
        "intermediate custody, ten days across a month end",
        "s.17(1), proviso (i)",
        Kind.MAGISTRATE_INTERMEDIATE,
        D(2026, 1, 25),
        "adult_custody_limit",
        D(2026, 2, 4),
    ),
    (
        "intermediate custody, ten days across a year end",
        "s.17(1), proviso (i)",
        Kind.MAGISTRATE_INTERMEDIATE,
        D(2025, 12, 25),
        "adult_custody_limit",
        D(2026, 1, 4),
    ),
    (
        "custody during the inquiry, three weeks across the end of a 28-day February",
        "s.17(3), second proviso",
        Kind.MAGISTRATE_CUSTODY,
        D(2026, 2, 20),
        "adult_custody_inquiry",
        D(2026, 3, 13),
    ),
    (
        "custody during the inquiry, three weeks across a leap-year February",
        "s.17(3), second proviso",
        Kind.MAGISTRATE_CUSTODY,
        D(2024, 2, 20),
        "adult_custody_inquiry",
        D(2024, 3, 12),
    ),
]


@pytest.mark.parametrize(
    ("example", "provision", "kind", "ordered_on", "rule_code", "last_day"),
    CUSTODY_EXAMPLES,
    ids=[row[0] for row in CUSTODY_EXAMPLES],
)
def test_adult_custody_worked_examples(early_case, lead, example, provision, kind, ordered_on, rule_code, last_day):
    rescued = at(ordered_on.year, ordered_on.month, ordered_on.day) - datetime.timedelta(hours=12)
    record_rescue(early_case, lead, rescued_at=rescued)
    record_order(early_case, lead, kind, days_ago=(timezone.localdate() - ordered_on).days)
    deadline = Deadline.objects.get(case=early_case, rule_code=rule_code)
    assert deadline.due_on == last_day, example
    assert provision in deadline.rule.legal_source
    assert "ITPA 1956" in deadline.rule.legal_source


def test_custody_rules_no_longer_cite_the_wrong_sub_sections(db):
    limit = DeadlineRule.objects.filter(code="adult_custody_limit").latest("effective_from")
    inquiry = DeadlineRule.objects.filter(code="adult_custody_inquiry").latest("effective_from")
    assert "17(2) proviso" not in limit.legal_source + inquiry.legal_source
    assert "17(4)" not in limit.legal_source + inquiry.legal_source
    assert (limit.offset_amount, inquiry.offset_amount) == (10, 21)


@pytest.mark.parametrize(
    ("code", "cites"),
    [
        ("cwc_production", "s.31(1), proviso"),  # 24 hours, excluding the journey
        ("cwc_social_investigation", "s.36(2)"),  # 15 days
        ("cwc_final_order", "s.36(2)"),  # four months of first production
    ],
)
def test_jj_act_rules_cite_their_sub_sections(db, code, cites):
    rule = DeadlineRule.objects.filter(code=code).latest("effective_from")
    assert cites in rule.legal_source and "Juvenile Justice Act 2015" in rule.legal_source
    assert "31(2)" not in rule.legal_source


# --- home verification before she goes to her family: ITPA s.17A -------------------------------


def test_handing_her_to_her_family_without_home_verification_is_warned(client, case, lead):
    record_rescue(case, lead, days_ago=20)
    record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=19)
    client.force_login(lead.user)
    response = client.post(
        reverse("care:care_order_new", args=[case.pk]),
        {
            "kind": Kind.MAGISTRATE_FINAL,
            "ordered_on": day(3).isoformat(),
            "state": state("MH").pk,
            "outcome": "restored",
        },
        follow=True,
    )
    body = response.content.decode()
    assert CustodyOrder.objects.filter(case=case, kind=Kind.MAGISTRATE_FINAL).exists(), "warned, not refused"
    assert "no home verification on record" in body
    assert "ITPA s.17A" in body


def test_a_positive_home_verification_clears_the_warning_and_a_negative_one_is_warned(client, case, lead):
    record_rescue(case, lead, days_ago=20)
    record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=19)
    ordered = record_order(case, lead, Kind.HOME_VERIFICATION_ORDERED, days_ago=15, addressed_to="DCPU Thane")
    client.force_login(lead.user)
    url = reverse("care:care_order_new", args=[case.pk]) + "?step=home_verification"
    page = client.get(url).content.decode()
    assert "Home verification (ITPA s.17A)" in page and "Verified by" in page
    # No finding: refused with the reason, nothing saved.
    response = client.post(url, {"ordered_on": day(10).isoformat(), "state": state("MH").pk, "answers": ordered.pk})
    assert response.status_code == 200
    assert not CustodyOrder.objects.filter(kind=Kind.HOME_VERIFICATION).exists()
    post = {
        "ordered_on": day(10).isoformat(),
        "state": state("MH").pk,
        "authority": "Probation officer, Thane",
        "answers": ordered.pk,
    }
    assert client.post(url, {**post, "finding": "genuine"}).status_code == 302
    verification = CustodyOrder.objects.get(kind=Kind.HOME_VERIFICATION)
    assert (verification.finding, verification.ordered_on) == ("genuine", day(10))
    final = record_order(case, lead, Kind.MAGISTRATE_FINAL, days_ago=3, outcome="restored")
    page = care_page(client, case, lead)
    assert "Genuine, and able to keep her safely" in page
    assert "no home verification on record" not in page
    verification.finding = "not_suitable"
    services.custody_order_save(actor=lead.user, case=case, order=verification, expected_version=verification.version)
    assert "not genuine or not safe for her" in care_page(client, case, lead)
    assert final.pk  # the order stands: the warning is for the team and the lawyer


def test_home_verification_is_a_step_of_an_adult_custody(case, lead):
    record_rescue(case, lead, days_ago=20)
    with pytest.raises(ValidationError, match="first"):
        record_order(case, lead, Kind.HOME_VERIFICATION, days_ago=5, finding="genuine")


# --- ITPA child (under 16) and minor (16 to 18) -------------------------------------------------


@pytest.mark.parametrize(
    ("age", "code", "source"),
    [
        (15, "child", "s.2(aa)"),
        (16, "minor", "s.2(cb)"),
        (17, "minor", "s.2(cb)"),
        (18, "major", "s.2(ca)"),
        (30, "major", "s.2(ca)"),
    ],
)
def test_itpa_status_by_age(age, code, source):
    status = itpa_status_for_age(age)
    assert (status.code, status.age) == (code, age)
    assert source in status.source and "ITPA 1956" in status.source


def test_itpa_status_unknown_age_of_a_minor():
    assert itpa_status_for_age(None, known_under_18=True).code == "under_18"
    assert itpa_status_for_age(None) is None


@pytest.mark.parametrize(
    ("born", "rescued", "itpa_words", "jj_child"),
    [
        # 15 on the day of the rescue: a child under ITPA s.2(aa), a child under the JJ Act.
        (D(2010, 3, 1), at(2026, 2, 28, 12), "a child (under 16)", True),
        # 16 that very day: a minor under ITPA s.2(cb), still a child under the JJ Act (s.2(12)).
        (D(2010, 3, 1), at(2026, 3, 1, 12), "a minor (16 to 18)", True),
        # 17: a minor under ITPA, a child under the JJ Act.
        (D(2009, 1, 1), at(2026, 6, 1, 12), "a minor (16 to 18)", True),
        # 19: a major under ITPA s.2(ca), an adult.
        (D(2007, 1, 1), at(2026, 6, 1, 12), "a major (18 or over)", False),
    ],
)
def test_the_care_page_states_her_itpa_status_by_her_age_on_the_rescue(
    client, lead, born, rescued, itpa_words, jj_child
):
    case = open_survivor_case(lead, trafficked_on=EARLY, survivor={"date_of_birth": born, "estimated_age": None})
    record_rescue(case, lead, rescued_at=rescued)
    page = care_page(client, case, lead)
    assert f"Under the Immoral Traffic (Prevention) Act: {itpa_words}" in page
    assert ("A child under the JJ Act (under 18)" in page) is jj_child


# --- JJ Act s.95: transfer to the CWC of her home district --------------------------------------


@pytest.fixture
def child_case(lead):
    return open_survivor_case(lead, survivor={"estimated_age": 15})


def test_a_transfer_to_the_home_district_cwc_is_recorded_with_the_home_investigation_report(client, child_case, lead):
    record_rescue(child_case, lead, days_ago=20)
    record_order(child_case, lead, Kind.CWC_PRODUCTION, days_ago=19, authority="CWC Mumbai City")
    request = record_order(child_case, lead, Kind.HOME_INVESTIGATION_REQUESTED, days_ago=18, addressed_to="DCPU X")
    report = record_order(
        child_case, lead, Kind.HOME_INVESTIGATION_REPORT, days_ago=7, answers=request, finding="genuine"
    )
    home = District.objects.filter(state__code="WB").order_by("name").first()
    client.force_login(lead.user)
    url = reverse("care:care_order_new", args=[child_case.pk]) + "?step=cwc_transfer"
    page = client.get(url).content.decode()
    assert "Transfer to the CWC of her home district (JJ Act s.95)" in page
    post = {
        "ordered_on": day(5).isoformat(),
        "state": state("MH").pk,
        "authority": "CWC Mumbai City",
        "home_district": home.pk,
        "answers": report.pk,
    }
    # Without the receiving Committee: refused, nothing saved.
    response = client.post(url, post)
    assert response.status_code == 200
    assert not CustodyOrder.objects.filter(kind=Kind.CWC_TRANSFER).exists()
    assert client.post(url, {**post, "receiving_authority": "CWC Murshidabad"}).status_code == 302
    transfer = CustodyOrder.objects.get(kind=Kind.CWC_TRANSFER)
    assert (transfer.receiving_authority, transfer.home_district, transfer.home_report_on) == (
        "CWC Murshidabad",
        home,
        day(7),
    )
    page = care_page(client, child_case, lead)
    assert "CWC Murshidabad" in page and "Home investigation report received" in page


def test_a_transfer_needs_the_first_production_and_a_report_after_it(child_case, lead):
    record_rescue(child_case, lead, days_ago=20)
    home = District.objects.filter(state__code="WB").first()
    fields = {"receiving_authority": "CWC Murshidabad", "home_district": home}
    with pytest.raises(ValidationError, match="Record “Produced before the Child Welfare Committee” first"):
        record_order(child_case, lead, Kind.CWC_TRANSFER, days_ago=5, **fields)
    record_order(child_case, lead, Kind.CWC_PRODUCTION, days_ago=10)
    with pytest.raises(ValidationError) as error:
        record_order(child_case, lead, Kind.CWC_TRANSFER, days_ago=5, home_report_on=day(12), **fields)
    assert "home_report_on" in error.value.message_dict
    assert not CustodyOrder.objects.filter(kind=Kind.CWC_TRANSFER).exists()


def test_an_adult_has_no_cwc_transfer(client, case, lead):
    record_rescue(case, lead, days_ago=20)
    with pytest.raises(ValidationError, match="adult when rescued"):
        record_order(case, lead, Kind.CWC_TRANSFER, days_ago=5, receiving_authority="CWC X")
    client.force_login(lead.user)
    page = client.get(reverse("care:care_order_new", args=[case.pk]) + "?step=cwc_transfer").content.decode()
    assert "JJ Act s.95" not in page  # the general form for an adult, without CWC steps


@pytest.mark.parametrize("step", ["home_verification", "cwc_transfer"])
def test_step_forms_are_for_the_case_team_only(client, case, child_case, lead, make_member, org_mh, step):
    target = case if step == "home_verification" else child_case
    record_rescue(target, lead, days_ago=20)
    url = reverse("care:care_order_new", args=[target.pk]) + f"?step={step}"
    client.force_login(lead.user)
    assert client.get(url).status_code == 200
    outsider = make_member(Role.CASEWORKER, org_mh, first_name="Outside")
    client.force_login(outsider.user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"ordered_on": day(3).isoformat(), "finding": "genuine"}).status_code == 404
    assert not CustodyOrder.objects.filter(kind=step).exists()


# --- shelter: Shakti Sadan (Mission Shakti) ----------------------------------------------------


def test_new_shelters_are_listed_as_shakti_sadan_and_old_ones_keep_their_scheme(client, make_member, org_mh):
    admin = make_member(Role.ORG_ADMIN, org_mh, first_name="Admin")
    old = ShelterHome.objects.create(
        name="Old Ujjawala Home", kind=ShelterHome.Kind.UJJAWALA, state=state("MH"), created_by=admin.user
    )
    client.force_login(admin.user)
    new_form = client.get(reverse("care:shelter_new")).content.decode()
    assert "Shakti Sadan (Mission Shakti)" in new_form
    assert 'value="ujjawala"' not in new_form and 'value="swadhar_greh"' not in new_form
    response = client.post(
        reverse("care:shelter_new"), {"name": "New Home", "kind": "ujjawala", "state": state("MH").pk}
    )
    assert response.status_code == 200 and not ShelterHome.objects.filter(name="New Home").exists()
    assert (
        client.post(
            reverse("care:shelter_new"), {"name": "New Home", "kind": "shakti_sadan", "state": state("MH").pk}
        ).status_code
        == 302
    )
    edit_old = client.get(reverse("care:shelter_edit", args=[old.pk])).content.decode()
    assert 'value="ujjawala" selected' in edit_old  # the old record keeps its value
    listing = client.get(reverse("care:shelter_list")).content.decode()
    assert "former scheme" in listing and "Mission Shakti" in listing
    assert ShelterHome.objects.get(pk=old.pk).kind == "ujjawala"
