"""The compensation pages: forms, bad input, stale pages, the claims list, the scheme pages."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compensation.models import Claim, ClaimPayment, Scheme, Stage
from consortium.factories import state
from consortium.models import District, Role
from tests.examples import rolled_back
from tests.url_names import qualified

from ..cases.helpers import open_survivor_case
from .helpers import charge_rape, days, howrah, pay, screen, today, upload_all_documents
from .steps import claim_at, run


def url(name, claim=None, **kwargs):
    if claim is not None:
        kwargs = {"case_id": claim.case_id, "claim_id": claim.pk, **kwargs}
    return reverse(qualified(name), kwargs=kwargs)


# --- the tab and starting a claim ---------------------------------------------------------------------------


def test_tab_shows_the_screening_checklist(client, case, lead):
    client.force_login(lead.user)
    body = client.get(reverse("compensation:compensation_tab", kwargs={"case_id": case.pk})).content.decode()
    assert "Screening: schemes she may claim under" in body
    assert "NALSA 2018" in body and "₹4,00,000–₹7,00,000" in body
    # An adult: commercial sexual exploitation is not by itself rape for the NALSA scheme.
    assert "is not by itself rape for this scheme" in body
    # The CVCF guidelines are the basis of state schemes, not a scheme she claims under.
    assert "Start a claim under CVCF" not in body and "Start a claim under WB VCS 2017" in body
    assert "Start a claim under NALSA 2018" in body
    assert "Apply by" in body


def test_tab_highlights_missing_documents(client, case, lead):
    upload_all_documents(case, lead, ["fir_copy"])
    screen(case, lead)
    client.force_login(lead.user)
    body = client.get(reverse("compensation:compensation_tab", kwargs={"case_id": case.pk})).content.decode()
    assert "Missing documents:" in body
    assert "Psychological report" in body
    assert 'aria-current="step"' in body


def new_claim_data(**overrides):
    wb, district = howrah()
    data = {
        "line": Scheme.objects.get(code="nalsa-2018").lines.get(category="rape").pk,
        "authority_level": "dlsa",
        "authority_state": wb.pk,
        "authority_district": district.pk,
        "screened_on": today().isoformat(),
        "claim_number": "",
        "amount_claimed": "5,00,000",
        "claimed_above_max_reason": "",
        "screening_override_reason": "",
        "offence_basis": "rape",
    }
    data.update(overrides)
    return data


def test_start_a_claim(client, case, lead):
    charge_rape(case, lead)
    client.force_login(lead.user)
    page = client.get(reverse("compensation:claim_new", kwargs={"case_id": case.pk}), {"scheme": "nalsa-2018"})
    assert page.status_code == 200
    response = client.post(reverse("compensation:claim_new", kwargs={"case_id": case.pk}), new_claim_data())
    claim = Claim.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == url("claim_detail", claim)
    assert claim.amount_claimed == Decimal("500000.00")
    assert claim.stage == Stage.SCREENED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount_claimed": "-5"}, "amount_claimed"),
        ({"amount_claimed": "9,00,000"}, "claimed_above_max_reason"),
        ({"screened_on": (today() + datetime.timedelta(days=2)).isoformat()}, "screened_on"),
        ({"authority_district": ""}, "authority_district"),
        ({"line": "999999"}, "line"),
        ({"authority_state": "not a state"}, "authority_state"),
    ],
)
def test_start_a_claim_bad_input_saves_nothing(client, case, lead, overrides, field):
    charge_rape(case, lead)
    client.force_login(lead.user)
    response = client.post(reverse("compensation:claim_new", kwargs={"case_id": case.pk}), new_claim_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Claim.objects.filter(case=case).exists()


def test_district_in_another_state_is_refused(client, case, lead):
    charge_rape(case, lead)
    client.force_login(lead.user)
    mumbai = District.objects.filter(state=state("MH")).first()
    response = client.post(
        reverse("compensation:claim_new", kwargs={"case_id": case.pk}), new_claim_data(authority_district=mumbai.pk)
    )
    assert "authority_district" in response.context["form"].errors


def test_junk_scheme_parameter_is_ignored(client, case, lead):
    client.force_login(lead.user)
    assert (
        client.get(reverse("compensation:claim_new", kwargs={"case_id": case.pk}), {"scheme": "x" * 500}).status_code
        == 200
    )


# --- steps, stale pages ----------------------------------------------------------------------------------------


def test_record_a_step_through_its_form(client, case, lead):
    claim = claim_at(case, lead, "under_inquiry")
    client.force_login(lead.user)
    target = url("claim_transition", claim, transition="award")
    form = client.get(target)
    assert form.status_code == 200 and "Amount awarded" in form.content.decode()
    response = client.post(
        target,
        {"awarded_on": today().isoformat(), "version": claim.version, "awarded_amount": "₹ 4,50,000", "note": ""},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.stage, claim.awarded_amount) == (Stage.AWARDED, Decimal("450000.00"))


def test_step_form_bad_input_keeps_the_entries_and_saves_nothing(client, case, lead):
    claim = claim_at(case, lead, "under_inquiry")
    client.force_login(lead.user)
    target = url("claim_transition", claim, transition="award")
    response = client.post(
        target, {"awarded_on": today().isoformat(), "version": claim.version, "awarded_amount": "8,00,000"}
    )
    assert response.status_code == 200
    assert "awarded_above_max_reason" in response.context["form"].errors
    assert 'value="8,00,000"' in response.content.decode()
    claim.refresh_from_db()
    assert claim.stage == Stage.UNDER_INQUIRY


def test_step_form_on_a_stale_page_says_who_changed_it(client, case, lead):
    claim = claim_at(case, lead, "applied")
    stale = claim.version
    run(claim, lead, "seek_interim_relief", today())
    client.force_login(lead.user)
    response = client.post(
        url("claim_transition", claim, transition="close"),
        {"closed_on": today().isoformat(), "version": stale, "closure_reason": "withdrawn", "note": "keep me"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Changed by Lakshmi Leadworker" in body and "keep me" in body
    claim.refresh_from_db()
    assert claim.stage == Stage.INTERIM_RELIEF


def test_edit_claim_details(client, case, lead):
    claim = claim_at(case, lead, "applied")
    client.force_login(lead.user)
    wb, district = howrah()
    data = {
        "claim_number": "DLSA/HWH/99",
        "authority_level": "dlsa",
        "authority_state": wb.pk,
        "authority_district": district.pk,
        "amount_claimed": "600000",
        "claimed_above_max_reason": "",
        "screened_on": claim.screened_on.isoformat(),
        "version": claim.version,
    }
    assert client.post(url("claim_edit", claim), data).status_code == 302
    claim.refresh_from_db()
    assert (claim.claim_number, claim.amount_claimed) == ("DLSA/HWH/99", Decimal("600000.00"))
    data["claim_number"] = "stale"
    response = client.post(url("claim_edit", claim), data)  # the same, now stale, version
    assert "Changed by" in response.content.decode()
    claim.refresh_from_db()
    assert claim.claim_number == "DLSA/HWH/99"


def test_link_and_unlink_a_document(client, case, lead):
    claim = claim_at(case, lead, "screened")
    fir = claim.document_links.get(requirement="fir").document
    client.force_login(lead.user)
    client.post(url("claim_document_link", claim), {"requirement": "fir", "document": ""})
    assert not claim.document_links.filter(requirement="fir").exists()
    client.post(url("claim_document_link", claim), {"requirement": "fir", "document": fir.pk})
    assert claim.document_links.get(requirement="fir").document == fir
    medical = claim.document_links.get(requirement="medical_report").document
    response = client.post(
        url("claim_document_link", claim), {"requirement": "fir", "document": medical.pk}, follow=True
    )
    assert "cannot stand for the fir" in response.content.decode()
    assert claim.document_links.get(requirement="fir").document == fir
    response = client.post(url("claim_document_link", claim), {"requirement": "nonsense", "document": "x"}, follow=True)
    assert response.status_code == 200


# --- payments through the page --------------------------------------------------------------------------------------


def payment_data(claim, **overrides):
    data = {
        "paid_on": today().isoformat(),
        "amount": "3,75,000",
        "mode": "fixed_deposit",
        "bank_name": "Test Bank",
        "reference": "FD-1",
        "fd_maturity_on": days(4 * 365).isoformat(),
        "fd_share_reason": "",
        "note": "",
        "version": claim.version,
    }
    data.update(overrides)
    return data


def test_record_a_payment_through_the_page(client, case, lead):
    claim = claim_at(case, lead, "payment_pending")
    client.force_login(lead.user)
    assert client.post(url("claim_payment_new", claim), payment_data(claim)).status_code == 302
    claim.refresh_from_db()
    assert claim.stage == Stage.PARTLY_DISBURSED
    body = client.get(url("claim_detail", claim)).content.decode()
    assert "₹3,75,000" in body and "Fixed deposit" in body


def test_payment_above_the_award_is_refused_on_the_page(client, case, lead):
    claim = claim_at(case, lead, "payment_pending")
    client.force_login(lead.user)
    response = client.post(url("claim_payment_new", claim), payment_data(claim, amount="6,00,000"))
    assert response.status_code == 200
    assert "more than the award" in response.content.decode()
    assert not ClaimPayment.objects.exists()


def test_payment_page_is_not_found_before_the_award(client, case, lead):
    claim = claim_at(case, lead, "applied")
    client.force_login(lead.user)
    assert client.get(url("claim_payment_new", claim)).status_code == 404


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amount=st.one_of(
        st.text(max_size=20),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.integers(min_value=-(10**15), max_value=10**15).map(str),
        st.just("₹ 1,25,000/-"),
    ),
    paid_on=st.one_of(st.dates(min_value=datetime.date(1, 1, 1)).map(str), st.text(max_size=12)),
    maturity=st.one_of(st.just(""), st.dates(min_value=datetime.date(1, 1, 1)).map(str), st.text(max_size=12)),
    mode=st.sampled_from(["bank_transfer", "fixed_deposit", "cash", ""]),
)
def test_payment_form_never_fails_and_never_overpays(client, case, lead, amount, paid_on, maturity, mode):
    """Every example meets the same claim awaiting payment: saved (302, one payment more) or
    refused (200 with the errors, nothing saved); never more paid than awarded."""
    claim = Claim.objects.filter(case=case).first() or claim_at(case, lead, "payment_pending")
    client.force_login(lead.user)
    with rolled_back():
        claim.refresh_from_db()
        assert claim.stage == "payment_pending"
        payments = claim.payments.count()
        response = client.post(
            url("claim_payment_new", claim),
            payment_data(claim, amount=amount, paid_on=paid_on, fd_maturity_on=maturity, mode=mode),
        )
        claim.refresh_from_db()
        saved = claim.payments.count() - payments
        assert (response.status_code, saved) in ((302, 1), (200, 0)), (response.status_code, saved)
        if saved == 0:
            assert "errorlist" in response.content.decode()
        assert claim.amount_paid <= claim.awarded_amount
        assert claim.amount_paid == sum((p.amount for p in claim.payments.all()), start=Decimal(0))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amount=st.text(max_size=16),
    effective_on=st.one_of(st.dates(min_value=datetime.date(1, 1, 1)).map(str), st.text(max_size=12)),
)
def test_award_form_never_fails(client, case, lead, amount, effective_on):
    """Every example meets the same claim under inquiry: awarded (302, a positive amount on a day
    not in the future) or refused (200 with the errors, still under inquiry)."""
    claim = Claim.objects.filter(case=case).first() or claim_at(case, lead, "under_inquiry")
    client.force_login(lead.user)
    with rolled_back():
        claim.refresh_from_db()
        assert claim.stage == Stage.UNDER_INQUIRY
        response = client.post(
            url("claim_transition", claim, transition="award"),
            {"awarded_on": effective_on, "version": claim.version, "awarded_amount": amount},
        )
        claim.refresh_from_db()
        if claim.stage == Stage.AWARDED:
            assert response.status_code == 302
            assert claim.awarded_amount > 0 and claim.awarded_on <= today()
        else:
            assert claim.stage == Stage.UNDER_INQUIRY
            assert response.status_code == 200
            assert "errorlist" in response.content.decode()


# --- the claims list --------------------------------------------------------------------------------------------------


@pytest.fixture
def many(lead):
    """Claims in several stages, on three cases."""
    first = open_survivor_case(lead)
    second = open_survivor_case(lead, source="WB", destination="MH", forms=("sexual_exploitation", "bonded_labour"))
    third = open_survivor_case(lead, trafficked_on=days(-4 * 365))
    awarded = claim_at(first, lead, "awarded", start=days(-500))
    applied = claim_at(second, lead, "applied", start=days(-200))
    old = claim_at(third, lead, "screened", start=days(-40))
    return {"awarded": awarded, "applied": applied, "old": old}


def rows(response):
    return response.content.decode().split('id="claim-rows"', 1)[-1]


def count(response) -> int:
    import re

    match = re.search(r'<p class="result-count">\s*(\d+) claims?', response.content.decode())
    return int(match.group(1))


def test_claims_list_filters(client, lead, many):
    client.force_login(lead.user)
    listing = reverse("compensation:claim_list")
    assert count(client.get(listing)) == 3
    assert count(client.get(listing, {"stage": "awarded"})) == 1
    assert count(client.get(listing, {"scheme": "nalsa-2018"})) == 3
    assert count(client.get(listing, {"authority_level": "dlsa", "authority_state": state("WB").pk})) == 3
    assert count(client.get(listing, {"authority_state": state("MH").pk})) == 0
    # awarded ~470 days ago, nothing paid: unpaid for a year, not for two.
    assert count(client.get(listing, {"unpaid_days": "365"})) == 1
    assert count(client.get(listing, {"unpaid_days": "730"})) == 0
    # Entered today with dates from paper, their past-due steps are questions to review
    # ("was it met?"), not alarms: none is listed as overdue...
    assert count(client.get(listing, {"overdue": "yes"})) == 0
    # ...until they are steps recorded as they happened (what a case followed in Nyaya holds).
    from cases.models import Deadline

    assert Deadline.objects.filter(case__in=[c.case for c in many.values()]).update(entered_after_due=False)
    overdue = client.get(listing, {"overdue": "yes"})
    # the award unpaid (payment due 30 days after it), the decision on the one filed 180 days ago,
    # and the time bar of the old unfiled claim: all three have an overdue step.
    assert count(overdue) == 3
    unpaid_first = client.get(listing, {"sort": "days_unpaid"})
    body = rows(unpaid_first)
    assert body.index(many["awarded"].case.reference) < body.index(many["applied"].case.reference)
    assert "days</span>" in body


def test_claims_list_htmx_returns_rows_only(client, lead, many):
    client.force_login(lead.user)
    response = client.get(reverse("compensation:claim_list"), {"stage": "applied"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert count(response) == 1


def list_queries(client, **params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("compensation:claim_list"), params)
    assert response.status_code == 200
    return len(context.captured_queries), count(response)


def test_claims_list_queries_do_not_grow_with_rows(client, lead, coordinator):
    first = open_survivor_case(lead)
    claim_at(first, lead, "awarded")
    for member in (lead, coordinator):  # warm-up: sessions and content types
        client.force_login(member.user)
        list_queries(client)
    client.force_login(lead.user)
    lead_one, shown = list_queries(client)
    assert shown == 1
    client.force_login(coordinator.user)
    coordinator_one, _ = list_queries(client)
    for _ in range(4):
        case = open_survivor_case(lead)
        claim = screen(case, lead, screened_on=days(-20))
        run(claim, lead, "mark_documents_ready", days(-10), values={"documents_waiver_note": "later"})
    client.force_login(lead.user)
    lead_many, shown = list_queries(client, sort="days_unpaid", overdue="")
    assert shown == 5 and lead_many == lead_one
    client.force_login(coordinator.user)
    coordinator_many, shown = list_queries(client)
    assert shown == 5 and coordinator_many == coordinator_one


def test_tab_queries_do_not_grow_with_claims(client, case, lead):
    upload_all_documents(case, lead)
    screen(case, lead, screened_on=days(-20))
    client.force_login(lead.user)
    tab = reverse("compensation:compensation_tab", kwargs={"case_id": case.pk})
    client.get(tab)
    with CaptureQueriesContext(connection) as one:
        client.get(tab)
    screen(
        case,
        lead,
        code="bonded-labour-2016",
        category="bonded_labour",
        screened_on=days(-20),
        screening_override_reason="Debt bondage found at the inquiry (synthetic).",
    )
    screen(case, lead, code="wb-vcs-2017", category="trafficking", screened_on=days(-20))
    with CaptureQueriesContext(connection) as three:
        assert client.get(tab).status_code == 200
    assert len(three.captured_queries) == len(one.captured_queries)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "stage": st.sampled_from(["", "awarded", "nonsense"]),
            "unpaid_days": st.sampled_from(["", "30", "730", "-1", "abc"]),
            "overdue": st.sampled_from(["", "yes", "no"]),
            "sort": st.sampled_from(["", "days_unpaid", "overdue", "awarded", "stage", "reference", "bogus"]),
            "authority_state": st.text(max_size=6),
            "page": st.text(max_size=4),
        },
    )
)
def test_claims_list_never_fails(client, lead, params):
    client.force_login(lead.user)
    assert client.get(reverse("compensation:claim_list"), params).status_code == 200


# --- schemes -----------------------------------------------------------------------------------------------------


def scheme_post(base, **overrides):
    data = {
        "name": base.name,
        "short_name": base.short_name,
        "authority": base.authority,
        "jurisdiction": base.jurisdiction,
        "state": base.state_id or "",
        "effective_from": days(-1).isoformat(),
        "kind": "scheme",
        "version_by": "claim",
        "time_bar_months": 36,
        "time_bar_source": "Clause 9 of the amended notification (synthetic).",
        "minor_age_limit": 18,
        "minor_uplift_percent": 50,
        "fd_share_percent": 75,
        "fd_share_percent_minor": 80,
        "fd_lock_in_months": 36,
        "interim_relief": "",
        "interim_max_amount": "",
        "required_documents": ["fir", "bank_account"],
        "legal_source": "Amended notification (synthetic).",
        "lines-TOTAL_FORMS": 2,
        "lines-INITIAL_FORMS": 0,
        "lines-MIN_NUM_FORMS": 0,
        "lines-MAX_NUM_FORMS": 20,
        "lines-0-category": "rape",
        "lines-0-label": "Rape",
        "lines-0-min_amount": "5,00,000",
        "lines-0-max_amount": "8,00,000",
        "lines-1-category": "",
        "lines-1-label": "",
        "lines-1-min_amount": "",
        "lines-1-max_amount": "",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_version_and_claims_keep_theirs(client, case, lead, coordinator):
    old_claim = screen(case, lead, screened_on=days(-30))
    nalsa = Scheme.objects.get(code="nalsa-2018")
    client.force_login(coordinator.user)
    response = client.post(
        reverse("compensation:scheme_version_new", kwargs={"scheme_id": nalsa.pk}), scheme_post(nalsa)
    )
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["lines"].errors,
        response.context["lines"].non_form_errors(),
    )
    new = Scheme.objects.filter(code="nalsa-2018").order_by("-effective_from").first()
    assert new.pk != nalsa.pk and new.created_by == coordinator.user
    assert new.lines.get().max_amount == Decimal("800000.00")
    nalsa.refresh_from_db()
    assert nalsa.lines.get(category="rape").max_amount == Decimal("700000.00")  # never rewritten
    old_claim.refresh_from_db()
    assert old_claim.scheme_id == nalsa.pk and old_claim.amount_range[1] == Decimal("700000.00")
    body = client.get(reverse("compensation:scheme_list")).content.decode()
    assert "₹5,00,000–₹8,00,000" in body and "2 versions" in body


@pytest.mark.parametrize(
    "overrides",
    [
        {"effective_from": "2018-10-02"},  # not after the existing version
        {"lines-0-max_amount": "1,00,000"},  # maximum below the minimum
        {"lines-0-min_amount": "-1"},
        {"lines-0-category": ""},  # no line at all
        {"fd_share_percent": "120"},
        {"jurisdiction": "state", "state": ""},
        {"effective_from": "1800-01-01"},
        {"lines-1-category": "rape", "lines-1-min_amount": "1", "lines-1-max_amount": "2"},  # twice
    ],
)
def test_bad_scheme_versions_are_refused(client, coordinator, overrides):
    nalsa = Scheme.objects.get(code="nalsa-2018")
    before = Scheme.objects.count()
    client.force_login(coordinator.user)
    response = client.post(
        reverse("compensation:scheme_version_new", kwargs={"scheme_id": nalsa.pk}), scheme_post(nalsa, **overrides)
    )
    assert response.status_code == 200
    assert Scheme.objects.count() == before


def test_coordinator_adds_a_new_scheme(client, coordinator):
    odisha = state("OD")
    data = scheme_post(
        Scheme.objects.get(code="wb-vcs-2017"),
        code="od-vcs-2026",
        name="Odisha Victim Compensation Scheme (synthetic)",
        short_name="OD VCS",
        jurisdiction="state",
        state=odisha.pk,
        authority="slsa",
    )
    client.force_login(coordinator.user)
    assert client.post(reverse("compensation:scheme_new"), data).status_code == 302
    assert Scheme.objects.get(code="od-vcs-2026").state == odisha
    again = client.post(reverse("compensation:scheme_new"), data)
    assert again.status_code == 200 and "exists" in again.content.decode()


def test_scheme_service_refuses_non_coordinators(lead):
    from django.core.exceptions import PermissionDenied

    from compensation.services import scheme_version_create

    with pytest.raises(PermissionDenied):
        scheme_version_create(actor=lead.user, **{}, lines=[], base=Scheme.objects.first())


def test_lists_use_membership_roles(client, make_member, org_wb):
    leader = make_member(Role.SURVIVOR_LEADER, org_wb)
    client.force_login(leader.user)
    assert client.get(reverse("compensation:claim_list")).status_code == 403
    assert client.get(reverse("compensation:scheme_list")).status_code == 200


def test_payment_helper_books(case, lead):
    claim = claim_at(case, lead, "payment_pending")
    pay(claim, lead, "100000")
    claim.refresh_from_db()
    assert claim.amount_unpaid == Decimal("400000.00")
