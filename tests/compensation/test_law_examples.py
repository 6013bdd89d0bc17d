"""Worked examples of the compensation law, each citing its provision (issue 14).

Time limit: NALSA Compensation Scheme for Women Victims/Survivors of Sexual Assault/other Crimes,
2018: three years from the offence or from the conclusion of the trial, whichever is later; delay
condonable; never lapsed while a trial runs. Bonded labour: Central Sector Scheme for Rehabilitation
of Bonded Labourer 2016 (Rs 20,000 immediate assistance) and its 2021 revision in force from 27 Jan
2022 (Rs 30,000), by the day of her release; no time limit. The MHA's CVCF guidelines (2015) are
the basis of state schemes, not a claim. Compensation without a conviction: BNSS 396(3)-(4) /
CrPC 357A(3)-(4); the authority decides within two months, BNSS 396(5) / CrPC 357A(5). POCSO
Rules 2020 r.9: interim compensation by the Special Court after the FIR.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.factories import open_case
from cases.models import CaseEvent, Deadline, DeadlineRule, Notification
from compensation import eligibility, services
from compensation.eligibility import TrialStatus, time_bar_for
from compensation.forms import ClaimScreenForm
from compensation.models import Claim, Route, Scheme, Stage
from core.day_count import add_months

from .helpers import charge_on_case, charge_rape, days, howrah, screen, today, upload_all_documents
from .steps import run

D = datetime.date
NALSA = "NALSA 2018 (three years from the offence or the conclusion of the trial)"


def fake_case(offence, rescued=None, *, concluded=None, pending=()):
    """A case as the time limit reads it: its dates and its trials (no database)."""
    case = SimpleNamespace(pk=None, trafficked_on=offence, left_home_on=None, rescued_on=rescued)
    label = "Sessions Court, Howrah · ST 4/2023"
    case._compensation_cache = {"trial": TrialStatus((), tuple(pending), concluded, label, False)}
    return case


# (what, offence, rescue, trial concluded on, trial pending, last day, runs from, provision)
TIME_LIMIT_EXAMPLES = [
    ("offence only", D(2022, 3, 10), None, None, False, D(2025, 3, 10), "offence", NALSA),
    ("rescue ends the offence", D(2022, 3, 10), D(2022, 9, 1), None, False, D(2025, 9, 1), "release", NALSA),
    ("leap day offence", D(2020, 2, 29), None, None, False, D(2023, 2, 28), "offence", NALSA),
    ("year end", D(2021, 12, 31), None, None, False, D(2024, 12, 31), "offence", NALSA),
    ("month end, 31st", D(2021, 8, 31), None, None, False, D(2024, 8, 31), "offence", NALSA),
    ("trial concludes later", D(2019, 6, 1), D(2019, 7, 1), D(2022, 11, 15), False, D(2025, 11, 15), "trial", NALSA),
    ("judgment on a leap day", D(2019, 6, 1), None, D(2024, 2, 29), False, D(2027, 2, 28), "trial", NALSA),
    ("judgment on 31 Jan", D(2018, 1, 2), None, D(2023, 1, 31), False, D(2026, 1, 31), "trial", NALSA),
    ("trial pending: provisional", D(2020, 1, 1), None, None, True, D(2023, 1, 1), "offence", NALSA),
    ("one concluded, one pending", D(2019, 5, 5), None, D(2023, 3, 2), True, D(2026, 3, 2), "trial", NALSA),
]


@pytest.mark.parametrize(
    ("what", "offence", "rescued", "concluded", "pending", "last_day", "basis", "provision"),
    TIME_LIMIT_EXAMPLES,
    ids=[row[0] for row in TIME_LIMIT_EXAMPLES],
)
def test_time_limit_worked_examples(what, offence, rescued, concluded, pending, last_day, basis, provision):
    case = fake_case(offence, rescued, concluded=concluded, pending=("ST 9/2024",) if pending else ())
    bar = time_bar_for(case, 36)
    assert (bar.on, bar.basis) == (last_day, basis), provision
    assert bar.trial_pending == pending
    # Passed dates bar a claim only when no trial is pending.
    assert bar.bars == (bar.passed and not pending)
    if pending:
        assert "does not lapse while it runs" in bar.text


def test_a_scheme_without_a_time_limit_sets_no_date(db):
    """Central Sector Scheme for Rehabilitation of Bonded Labourer 2016/2021: no time limit in the scheme."""
    bonded = Scheme.objects.filter(code="bonded-labour-2016").first()
    bar = time_bar_for(fake_case(D(2015, 1, 1)), bonded)
    assert bar.no_limit and bar.on is None and not bar.bars
    assert bar.text == "No time limit in the scheme."


# --- trials, read from the court records --------------------------------------------------------------------


@pytest.fixture
def old_case(lead):
    """An adult trafficked four years ago, a trafficking claim under the West Bengal scheme screened."""
    case = open_case(lead, trafficked_on=days(-4 * 365), survivor={"estimated_age": 24})
    claim = screen(case, lead, code="wb-vcs-2017", category="trafficking", screened_on=days(-30))
    return case, claim


def test_without_a_trial_a_passed_time_limit_lapses_the_claim(old_case, lead):
    """NALSA 2018 limitation (three years from the offence), no trial: the nightly scan lapses it."""
    case, claim = old_case
    assert claim.time_bar_on == add_months(case.trafficked_on, 36) < today()
    lapsed = services.claim_lapse_time_barred()
    assert [c.pk for c in lapsed] == [claim.pk]
    claim.refresh_from_db()
    assert claim.stage == Stage.LAPSED


def test_no_lapse_while_a_trial_is_pending_the_claim_is_flagged_for_review(old_case, lead):
    """NALSA 2018: three years from the conclusion of the trial; a pending trial keeps the claim open."""
    from tests.legal.court_helpers import make_court_case

    case, claim = old_case
    make_court_case(case, lead.user, stage="appearance", start=-300)
    assert services.claim_lapse_time_barred() == []
    claim.refresh_from_db()
    assert claim.stage == Stage.SCREENED  # not lapsed
    assert claim.review_flagged_on == today() and "trial is pending" in claim.review_reason
    time_bar = Deadline.objects.get(subject_key=claim.subject_key, rule_code="claim_time_bar")
    assert time_bar.status == Deadline.Status.CANCELLED and "trial is pending" in time_bar.close_reason
    assert CaseEvent.objects.filter(case=case, data__action="flagged").count() == 1
    assert Notification.objects.filter(user=lead.user, case=case, title__contains="claim to review").exists()
    # The next night flags nothing twice and still lapses nothing.
    assert services.claim_lapse_time_barred() == []
    assert CaseEvent.objects.filter(case=case, data__action="flagged").count() == 1
    # The lead caseworker sees the flag on the claim page; the manual lapse is not offered.
    from django.test import Client

    client = Client()
    client.force_login(lead.user)
    body = client.get(
        reverse("compensation:claim_detail", kwargs={"case_id": case.pk, "claim_id": claim.pk})
    ).content.decode()
    assert "Flagged for review" in body and "trial pending: does not lapse" in body
    assert "Mark lapsed" not in body
    # She files: the flag goes; a late application needs no condonation while the trial runs.
    run(claim, lead, "mark_documents_ready", days(-2), values={"documents_waiver_note": "Filed as they are."})
    moved = run(claim, lead, "apply", days(-1), values={"claim_number": "DLSA/HWH/77/2026"})
    assert moved.stage == Stage.APPLIED and moved.review_flagged_on is None


def test_a_trial_begun_after_a_lapse_flags_the_lapsed_claim(old_case, lead):
    """NALSA 2018: a trial restarts her time (three years from its conclusion): the lapsed claim is flagged."""
    from tests.legal.court_helpers import make_court_case

    case, claim = old_case
    services.claim_lapse_time_barred()
    claim.refresh_from_db()
    assert claim.stage == Stage.LAPSED and claim.review_flagged_on is None
    make_court_case(case, lead.user, stage="cognizance", start=-20)
    claim.refresh_from_db()
    assert claim.review_flagged_on == today() and "A trial is now pending" in claim.review_reason


def test_the_judgment_moves_the_time_limit_to_three_years_after_it(case, lead):
    """NALSA 2018: the conclusion of the trial restarts the three years (recomputed when it is recorded)."""
    from legal.models import CourtCase
    from tests.legal.court_helpers import make_court_case

    claim = screen(case, lead, code="wb-vcs-2017", category="trafficking", screened_on=days(-190))
    assert claim.time_bar_basis in ("offence", "release")
    court_case = make_court_case(case, lead.user, stage="judgment", start=-150)
    court_case = CourtCase.objects.get(pk=court_case.pk)
    assert court_case.judgment_on is not None
    claim.refresh_from_db()
    assert claim.time_bar_basis == "trial"
    assert claim.time_bar_on == add_months(court_case.judgment_on, 36)
    deadline = Deadline.objects.get(subject_key=claim.subject_key, rule_code="claim_time_bar", status="open")
    assert deadline.due_on == claim.time_bar_on
    assert services.claim_lapse_time_barred() == []


def test_a_withdrawn_prosecution_is_no_pending_trial(case, lead):
    from tests.legal.court_helpers import make_court_case

    make_court_case(case, lead.user, stage="withdrawn", start=-150)
    status = eligibility.trial_status(case)
    assert status.pending == () and status.concluded_on is not None


# --- bonded labour: the version in force on the day of her release ---------------------------------------


@pytest.mark.parametrize(
    ("released", "short_name", "immediate"),
    [
        (D(2022, 1, 26), "Bonded labour 2016", Decimal("20000")),  # the last day of the 2016 scheme
        (D(2022, 1, 27), "Bonded labour 2021", Decimal("30000")),  # the 2021 revision is in force
        (D(2016, 5, 17), "Bonded labour 2016", Decimal("20000")),
        (D(2025, 7, 1), "Bonded labour 2021", Decimal("30000")),
    ],
)
def test_bonded_labour_version_by_release_date(lead, released, short_name, immediate):
    """Central Sector Scheme for Rehabilitation of Bonded Labourer 2016 and its 2021 revision (27 Jan 2022)."""
    case = open_case(
        lead, forms=("bonded_labour",), trafficked_on=released - datetime.timedelta(days=400), rescued_on=released
    )
    scheme = next(s for s in eligibility.schemes_in_force(case=case) if s.code == "bonded-labour-2016")
    assert (scheme.short_name, scheme.interim_max_amount) == (short_name, immediate)
    assert scheme.time_bar_months is None
    screening = next(s for s in eligibility.screen_case(case) if s.scheme.code == "bonded-labour-2016")
    assert screening.applies and screening.time_bar.no_limit
    # The claim is made under that version; the other one is refused with the reason.
    wb, district = howrah()
    other = Scheme.objects.filter(code="bonded-labour-2016").exclude(pk=scheme.pk).get()
    with pytest.raises(ValidationError) as error:
        services.claim_screen(
            actor=lead.user,
            case=case,
            line=other.lines.get(),
            authority_level="district_magistrate",
            authority_state=wb,
            authority_district=district,
            screened_on=today(),
        )
    assert short_name in error.value.message_dict["line"][0]
    claim = services.claim_screen(
        actor=lead.user,
        case=case,
        line=scheme.lines.get(),
        authority_level="district_magistrate",
        authority_state=wb,
        authority_district=district,
        screened_on=today(),
    )
    assert claim.scheme_id == scheme.pk and claim.time_bar_on is None
    assert not Deadline.objects.filter(subject_key=claim.subject_key, rule_code="claim_time_bar").exists()


# --- the CVCF guidelines: the basis of state schemes, not a claim ----------------------------------------------


def test_cvcf_guidelines_cannot_be_claimed_under(case, lead, client):
    """MHA Central Victim Compensation Fund guidelines (2015): minimums state schemes adopt."""
    cvcf = Scheme.objects.get(code="trafficking-floor")
    wb, district = howrah()
    with pytest.raises(ValidationError) as error:
        services.claim_screen(
            actor=lead.user,
            case=case,
            line=cvcf.lines.get(category="trafficking"),
            authority_level="dlsa",
            authority_state=wb,
            authority_district=district,
        )
    assert "basis of state schemes" in error.value.message_dict["line"][0]
    form = ClaimScreenForm(case=case)
    assert not form.fields["line"].queryset.filter(scheme=cvcf).exists()
    assert cvcf not in eligibility.schemes_in_force(case=case)
    client.force_login(lead.user)
    body = client.get(reverse("compensation:scheme_list")).content.decode()
    assert "CVCF guidelines 2015" in body and "basis of state schemes" in body
    assert "in force from 21 Aug 2015" in body.replace("\xa0", " ") or "from 21 Aug 2015" in body
    # West Bengal's lines below the CVCF minimums are flagged for a check of the notified schedule.
    assert "Below the CVCF minimums" in body


def test_a_claim_made_under_the_old_trafficking_floor_stays_readable(case, lead, client):
    cvcf = Scheme.objects.get(code="trafficking-floor")
    wb, district = howrah()
    claim = Claim.objects.create(
        case=case,
        scheme=cvcf,
        scheme_code=cvcf.code,
        line=cvcf.lines.get(category="trafficking"),
        stage_on=days(-10),
        screened_on=days(-10),
        authority_level="dlsa",
        authority_state=wb,
        authority_district=district,
    )
    client.force_login(lead.user)
    page = client.get(reverse("compensation:claim_detail", kwargs={"case_id": case.pk, "claim_id": claim.pk}))
    assert page.status_code == 200
    assert "the basis of state schemes" in page.content.decode()


def test_state_scheme_below_the_cvcf_minimum_is_warned(db):
    wb = Scheme.objects.get(code="wb-vcs-2017")
    warnings = eligibility.cvcf_shortfalls(wb)
    assert any(w.startswith("Trafficking of a person: its minimum of ₹50,000") for w in warnings)
    assert any("₹1,00,000" in w for w in warnings) and any("₹3,00,000" in w for w in warnings)


# --- the women-victims scheme: who she is and the offence basis -------------------------------------------------


def test_adult_sexual_exploitation_is_not_rape_without_a_charge(lead):
    """NALSA 2018 (Part II) pays for rape; for an adult, commercial sexual exploitation is not by itself rape."""
    case = open_case(lead, survivor={"estimated_age": 23})
    wb, district = howrah()
    with pytest.raises(ValidationError) as error:
        services.claim_screen(
            actor=lead.user,
            case=case,
            line=Scheme.objects.get(code="nalsa-2018").lines.get(category="rape"),
            authority_level="dlsa",
            authority_state=wb,
            authority_district=district,
            offence_basis="rape",
        )
    assert "screening_override_reason" in error.value.message_dict
    assert not Claim.objects.filter(case=case).exists()
    # The police charge rape (BNS 64): the claim rests on the charge, and records its basis.
    charge_rape(case, lead)
    claim = screen(case, lead, offence_basis="rape")
    assert claim.offence_basis == "rape" and claim.screening_override_reason == ""


def test_a_basis_that_does_not_fit_the_line_is_refused(case, lead):
    charge_rape(case, lead)
    with pytest.raises(ValidationError) as error:
        screen(case, lead, offence_basis="sexual_assault")
    assert "offence_basis" in error.value.message_dict


def test_a_child_sexually_exploited_is_a_rape_victim_for_the_scheme(lead):
    """BNS 63 sixthly / IPC 375 sixthly: a girl under 18 cannot consent; NALSA 2018 +50% for a minor."""
    case = open_case(lead, survivor={"estimated_age": 15})
    screening = next(s for s in eligibility.screen_case(case) if s.scheme.code == "nalsa-2018")
    assert screening.applies and screening.uplift
    assert screening.low == Decimal("600000.00")


def test_the_women_victims_scheme_asks_who_she_is(lead):
    male = open_case(lead, survivor={"estimated_age": 15, "sex": "male"})
    nalsa = next(s for s in eligibility.screen_case(male) if s.scheme.code == "nalsa-2018")
    assert not nalsa.applies
    assert any(item.ok is False and "women and girls" in item.text for item in nalsa.items)
    undisclosed = open_case(lead, survivor={"estimated_age": 15, "sex": "undisclosed"})
    nalsa = next(s for s in eligibility.screen_case(undisclosed) if s.scheme.code == "nalsa-2018")
    assert nalsa.applies and any(item.ok is None and "check with the authority" in item.text for item in nalsa.items)


def test_the_new_claim_form_asks_for_the_offence_basis(case, lead, client):
    charge_rape(case, lead)
    wb, district = howrah()
    client.force_login(lead.user)
    response = client.post(
        reverse("compensation:claim_new", kwargs={"case_id": case.pk}),
        {
            "line": Scheme.objects.get(code="nalsa-2018").lines.get(category="rape").pk,
            "authority_level": "dlsa",
            "authority_state": wb.pk,
            "authority_district": district.pk,
            "screened_on": today().isoformat(),
            "offence_basis": "",
        },
    )
    assert response.status_code == 200
    assert "offence_basis" in response.context["form"].errors
    assert not Claim.objects.filter(case=case).exists()


# --- compensation without a conviction --------------------------------------------------------------------------


def test_court_recommendation_on_acquittal_needs_no_conviction_and_no_time_limit(old_case, lead):
    """BNSS 396(3) / CrPC 357A(3): on acquittal or discharge the court may recommend compensation."""
    case, claim = old_case
    assert claim.time_bar_on < today()  # the time limit for an application has passed
    moved = run(
        claim,
        lead,
        "recommend_on_acquittal",
        days(-3),
        values={"court_label": "Sessions Court, Howrah, ST 14/2025", "court_ordered_amount": "150000"},
    )
    assert (moved.stage, moved.route) == (Stage.APPLIED, Route.ACQUITTAL_RECOMMENDATION)
    decision = Deadline.objects.get(subject_key=moved.subject_key, rule_code="claim_decision")
    assert decision.due_on == days(-3) + datetime.timedelta(days=60)  # BNSS 396(5): two months
    assert "396(5)" in decision.rule.legal_source


def test_court_order_service_records_the_acquittal_route(case, lead):
    claim = services.claim_from_court_order(
        actor=lead.user,
        case=case,
        amount="100000",
        ordered_on=days(-2),
        court_label="Sessions Court, Howrah, ST 15/2025",
        on_acquittal=True,
    )
    assert claim.route == Route.ACQUITTAL_RECOMMENDATION and claim.scheme.is_claimable


def test_offender_not_traced_application_and_its_limit(case, lead):
    """BNSS 396(4) / CrPC 357A(4): the offender not traced or identified, no trial: she applies."""
    upload_all_documents(case, lead)
    claim = screen(case, lead, code="wb-vcs-2017", category="trafficking", screened_on=days(-30))
    run(claim, lead, "mark_documents_ready", days(-20))
    moved = run(claim, lead, "apply_offender_untraced", days(-10), values={"claim_number": "DLSA/HWH/9/2026"})
    assert moved.route == Route.UNTRACED_OFFENDER
    assert Deadline.objects.get(subject_key=moved.subject_key, rule_code="claim_time_bar").status == "met"


def test_offender_not_traced_route_is_refused_when_a_trial_is_recorded(case, lead):
    from tests.legal.court_helpers import make_court_case

    upload_all_documents(case, lead)
    claim = screen(case, lead, code="wb-vcs-2017", category="trafficking", screened_on=days(-30))
    run(claim, lead, "mark_documents_ready", days(-20))
    make_court_case(case, lead.user, start=-100)
    with pytest.raises(ValidationError) as error:
        run(claim, lead, "apply_offender_untraced", days(-1))
    assert "no trial takes place" in " ".join(error.value.messages)
    claim.refresh_from_db()
    assert claim.stage == Stage.DOCUMENTS_READY


def test_pocso_special_court_interim_compensation_after_the_fir(lead):
    """POCSO Rules 2020 r.9: interim compensation by the Special Court at any stage after the FIR."""
    case = open_case(lead, survivor={"estimated_age": 14})
    claim = screen(case, lead, code="wb-vcs-2017", category="trafficking", screened_on=days(-30))
    with pytest.raises(ValidationError):
        run(claim, lead, "seek_pocso_interim", days(-5), values={"court_label": "Special Court (POCSO), Howrah"})
    charge_on_case(case, lead, act="pocso", number="4")
    moved = run(claim, lead, "seek_pocso_interim", days(-5), values={"court_label": "Special Court (POCSO), Howrah"})
    assert (moved.stage, moved.route, moved.interim_kind) == (Stage.INTERIM_RELIEF, Route.POCSO_SPECIAL_COURT, "pocso")
    assert moved.applied_on == days(-5)
    deadlines = {d.rule_code: d for d in Deadline.objects.filter(subject_key=moved.subject_key)}
    assert deadlines["claim_time_bar"].status == "met"
    assert deadlines["interim_relief_decision"].is_open
    assert "claim_decision" not in deadlines  # the Special Court decides, not the authority's inquiry
    decided = run(moved, lead, "decide_interim_relief", days(-1), values={"interim_amount": "50000"})
    assert decided.interim_amount == Decimal("50000.00")


def test_claim_page_shows_first_aid_and_no_conviction_guidance(case, lead, client):
    """BNSS 397 / CrPC 357C (free treatment by hospitals); BNSS 396(6) / CrPC 357A(6) (first aid, interim relief)."""
    claim = screen(case, lead, code="wb-vcs-2017", category="trafficking")
    client.force_login(lead.user)
    body = client.get(
        reverse("compensation:claim_detail", kwargs={"case_id": case.pk, "claim_id": claim.pk})
    ).content.decode()
    assert "BNSS 397 / CrPC 357C" in body and "BNSS 396(6) / CrPC 357A(6)" in body
    assert "BNSS 396(3) / CrPC 357A(3)" in body and "BNSS 396(4) / CrPC 357A(4)" in body


def test_claim_page_is_not_found_for_someone_outside_the_case(case, lead, client, make_member, org_mh):
    from consortium.models import Role

    claim = screen(case, lead, code="wb-vcs-2017", category="trafficking")
    outsider = make_member(Role.CASEWORKER, org_mh)
    client.force_login(outsider.user)
    assert (
        client.get(reverse("compensation:claim_detail", kwargs={"case_id": case.pk, "claim_id": claim.pk})).status_code
        == 404
    )


# --- the rules' sources --------------------------------------------------------------------------------------------


def test_compensation_rules_cite_their_source(db):
    def rule(code):
        return DeadlineRule.objects.filter(code=code).order_by("-effective_from").first()

    assert "BNSS 396(5)" in rule("claim_decision").legal_source
    assert "396(4)) and" not in rule("claim_decision").legal_source
    assert rule("award_payment").source_kind == "practice"
    assert rule("interim_relief_decision").source_kind == "practice"
    assert "conclusion of the trial" in rule("claim_time_bar").legal_source
