"""Her way home: the home verification an adult's magistrate orders (ITPA s.17A), a child's home
investigation, transfer to the CWC of her home district and arrival there (JJ Act s.95), and family
tracing. Each step links the order it answers, opens or meets its deadline, and is refused, with the
field at fault and nothing saved, when it comes out of order, for the wrong person or in the future."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from care import services
from care.models import CustodyOrder, FamilyTracing, ShelterStay
from cases.models import CaseEvent, Deadline, DeadlineRule
from consortium.factories import state
from consortium.models import District, Role
from tests.cases.helpers import open_survivor_case
from tests.examples import fingerprint

from .conftest import day, record_order, record_rescue

Kind = CustodyOrder.Kind


@pytest.fixture
def child_case(lead):
    return open_survivor_case(lead, survivor={"estimated_age": 15})


@pytest.fixture
def adult(case, lead):
    """An adult in custody while the magistrate inquires (ITPA s.17(2)-(3))."""
    record_rescue(case, lead, days_ago=20)
    record_order(case, lead, Kind.MAGISTRATE_CUSTODY, days_ago=19, authority="ACMM Esplanade")
    return case


@pytest.fixture
def child(child_case, lead):
    """A child produced before the CWC of the place of rescue."""
    record_rescue(child_case, lead, days_ago=40)
    record_order(child_case, lead, Kind.CWC_PRODUCTION, days_ago=39, authority="CWC Mumbai City")
    return child_case


def home_district():
    return District.objects.filter(state__code="WB").order_by("name").first()


def deadline_of(case, code) -> Deadline:
    return Deadline.objects.get(case=case, rule_code=code)


def care_page(client, case, member) -> str:
    client.force_login(member.user)
    return client.get(reverse("care:case_care", args=[case.pk])).content.decode()


def refused(call, field: str, match: str = ""):
    with pytest.raises(ValidationError) as error:
        call()
    assert field in error.value.message_dict, error.value.message_dict
    if match:
        assert match in " ".join(error.value.message_dict[field])
    return error.value


def request_investigation(case, lead, days_ago=30):
    return record_order(
        case, lead, Kind.HOME_INVESTIGATION_REQUESTED, days_ago=days_ago, authority="CWC Mumbai City",
        order_number="CWC/MC/2026/311", addressed_to="DCPU Murshidabad", home_district=home_district(),
    )  # fmt: skip


def order_transfer(case, lead, days_ago=12, **fields):
    return record_order(
        case, lead, Kind.CWC_TRANSFER, days_ago=days_ago, authority="CWC Mumbai City", order_number="CWC/MC/T/9",
        receiving_authority="CWC Murshidabad", home_district=home_district(), **fields,
    )  # fmt: skip


# --- an adult: the magistrate's order for a home verification, and its report (ITPA s.17A) -------


def test_a_verification_order_opens_a_14_day_deadline_met_by_its_report(adult, lead):
    ordered = record_order(
        adult, lead, Kind.HOME_VERIFICATION_ORDERED, days_ago=15, authority="ACMM Esplanade",
        order_number="ITPA/17A/44", addressed_to="Rescue Foundation, Mumbai",
    )  # fmt: skip
    deadline = deadline_of(adult, "home_verification_report")
    assert deadline.status == Deadline.Status.OPEN
    assert deadline.due_on == day(15) + datetime.timedelta(days=14)
    assert deadline.subject_key == f"survivors.custodyorder:{ordered.pk}"
    assert (ordered.addressed_to, ordered.order_number) == ("Rescue Foundation, Mumbai", "ITPA/17A/44")

    report = record_order(adult, lead, Kind.HOME_VERIFICATION, days_ago=4, answers=ordered, finding="genuine")
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on) == (Deadline.Status.MET, day(4))
    assert report.answers == ordered
    assert CaseEvent.objects.filter(
        case=adult, summary__startswith="Home verification of her parents or guardian (ITPA s.17A)"
    ).exists()


def test_the_rule_is_consortium_practice_and_says_why_14_days(db):
    rule = DeadlineRule.objects.get(code="home_verification_report")
    assert rule.source_kind == DeadlineRule.SourceKind.PRACTICE and rule.offset_amount == 14
    assert rule.legal_source.startswith("Consortium practice")
    assert "s.17A" in rule.legal_source and "s.17(3), second proviso" in rule.legal_source


def test_a_verification_report_needs_the_order_it_answers(adult, lead):
    refused(
        lambda: record_order(adult, lead, Kind.HOME_VERIFICATION, days_ago=4, finding="genuine"),
        "answers",
        "Record “Magistrate orders a home verification (ITPA s.17A)” first",
    )
    assert not CustodyOrder.objects.filter(kind=Kind.HOME_VERIFICATION).exists()


@pytest.mark.parametrize(
    ("days_ago", "field", "match"),
    [
        (16, "ordered_on", "dated before “Magistrate orders a home verification (ITPA s.17A)”"),
        (-2, "ordered_on", "future"),
    ],
)
def test_a_report_dated_before_its_order_or_in_the_future_is_refused(adult, lead, days_ago, field, match):
    ordered = record_order(adult, lead, Kind.HOME_VERIFICATION_ORDERED, days_ago=15, addressed_to="DCPU Thane")
    refused(
        lambda: record_order(
            adult, lead, Kind.HOME_VERIFICATION, days_ago=days_ago, answers=ordered, finding="genuine"
        ),
        field,
        match,
    )
    assert not CustodyOrder.objects.filter(kind=Kind.HOME_VERIFICATION).exists()
    assert deadline_of(adult, "home_verification_report").status == Deadline.Status.OPEN


def test_an_order_is_answered_once_and_cannot_move_after_its_answer(adult, lead):
    ordered = record_order(adult, lead, Kind.HOME_VERIFICATION_ORDERED, days_ago=15, addressed_to="DCPU Thane")
    record_order(adult, lead, Kind.HOME_VERIFICATION, days_ago=5, answers=ordered, finding="not_suitable")
    refused(
        lambda: record_order(adult, lead, Kind.HOME_VERIFICATION, days_ago=3, answers=ordered, finding="genuine"),
        "answers",
        "already answered",
    )
    ordered.ordered_on = day(3)
    refused(
        lambda: services.custody_order_save(
            actor=lead.user, case=adult, order=ordered, expected_version=ordered.version
        ),
        "ordered_on",
        "before this date, in answer to it",
    )
    assert CustodyOrder.objects.get(pk=ordered.pk).ordered_on == day(15)


def test_a_verification_order_needs_who_verifies_and_is_for_an_adult(adult, child, lead):
    refused(lambda: record_order(adult, lead, Kind.HOME_VERIFICATION_ORDERED, days_ago=5), "addressed_to")
    refused(
        lambda: record_order(child, lead, Kind.HOME_VERIFICATION_ORDERED, days_ago=5, addressed_to="X"),
        "kind",
        "child when rescued",
    )
    assert not CustodyOrder.objects.filter(kind=Kind.HOME_VERIFICATION_ORDERED).exists()


def test_a_verification_recorded_before_chains_existed_stays_valid(adult, lead):
    """A HOME_VERIFICATION row from before (answering no order) is corrected without an order to answer."""
    legacy = CustodyOrder.objects.create(
        case=adult, kind=Kind.HOME_VERIFICATION, ordered_on=day(6), state=adult.destination_state,
        finding="genuine", created_by=lead.user, updated_by=lead.user,
    )  # fmt: skip
    legacy.authority = "Probation officer, Thane"
    services.custody_order_save(actor=lead.user, case=adult, order=legacy, expected_version=legacy.version)
    legacy.refresh_from_db()
    assert (legacy.authority, legacy.answers, legacy.version) == ("Probation officer, Thane", None, 2)


def test_the_verification_form_preselects_the_order_and_shows_the_chain(client, adult, lead):
    ordered = record_order(
        adult, lead, Kind.HOME_VERIFICATION_ORDERED, days_ago=15, addressed_to="Rescue Foundation, Mumbai",
        order_number="ITPA/17A/44",
    )  # fmt: skip
    client.force_login(lead.user)
    url = reverse("care:care_order_new", args=[adult.pk]) + "?step=home_verification"
    form = client.get(url).content.decode()
    assert "In answer to the order" in form and f'value="{ordered.pk}" selected' in form
    post = {"answers": ordered.pk, "ordered_on": day(3).isoformat(), "state": adult.destination_state.pk}
    response = client.post(url, {**post, "authority": "Rescue Foundation", "finding": "not_traced"})
    assert response.status_code == 302
    page = care_page(client, adult, lead)
    assert "Her way home: home verification (ITPA s.17A)" in page
    assert "Asked of Rescue Foundation, Mumbai" in page
    assert "In answer to: Magistrate orders a home verification (ITPA s.17A)" in page
    assert "Family not traced" in page and f"met {day(3):%-d %b %Y}".replace(" 0", " ") in page


# --- a child: home investigation, transfer, arrival at her home district's CWC (JJ Act s.95) -----


def test_the_home_investigation_request_opens_15_days_met_by_the_report(child, lead):
    request = request_investigation(child, lead, days_ago=20)
    deadline = deadline_of(child, "home_investigation_report")
    assert deadline.due_on == day(20) + datetime.timedelta(days=15)
    assert deadline.is_overdue
    report = record_order(
        child, lead, Kind.HOME_INVESTIGATION_REPORT, days_ago=3, answers=request, finding="genuine",
        authority="DCPU Murshidabad",
    )  # fmt: skip
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on, deadline.met_late) == (Deadline.Status.MET, day(3), True)
    assert report.finding == "genuine" and request.home_district == home_district()


def test_the_home_investigation_rule_is_practice_mirroring_the_social_investigation(db):
    rule = DeadlineRule.objects.get(code="home_investigation_report")
    assert rule.source_kind == DeadlineRule.SourceKind.PRACTICE and rule.offset_amount == 15
    assert rule.legal_source.startswith("Consortium practice") and "s.36(2)" in rule.legal_source


def test_a_report_without_a_request_or_before_it_is_refused(child, lead):
    refused(
        lambda: record_order(child, lead, Kind.HOME_INVESTIGATION_REPORT, days_ago=5, finding="genuine"),
        "answers",
        "first",
    )
    request = request_investigation(child, lead, days_ago=20)
    refused(
        lambda: record_order(
            child, lead, Kind.HOME_INVESTIGATION_REPORT, days_ago=25, answers=request, finding="genuine"
        ),
        "ordered_on",
        "which it answers",
    )
    refused(
        lambda: record_order(child, lead, Kind.HOME_INVESTIGATION_REPORT, days_ago=5, answers=request),
        "finding",
    )
    assert not CustodyOrder.objects.filter(kind=Kind.HOME_INVESTIGATION_REPORT).exists()


def test_a_report_cannot_answer_an_order_of_another_case_or_kind(child, lead):
    other = open_survivor_case(lead, survivor={"estimated_age": 14})
    record_rescue(other, lead, days_ago=40)
    record_order(other, lead, Kind.CWC_PRODUCTION, days_ago=39)
    elsewhere = request_investigation(other, lead, days_ago=20)
    request_investigation(child, lead, days_ago=20)
    production = CustodyOrder.objects.get(case=child, kind=Kind.CWC_PRODUCTION)
    for wrong in (elsewhere, production):
        refused(
            lambda wrong=wrong: record_order(
                child, lead, Kind.HOME_INVESTIGATION_REPORT, days_ago=5, answers=wrong, finding="genuine"
            ),
            "answers",
        )


def test_the_transfer_order_opens_15_days_for_the_escort_counted_from_the_order_day(child, lead):
    transfer = order_transfer(child, lead, days_ago=12)
    deadline = deadline_of(child, "cwc_transfer_escort")
    assert deadline.due_on == day(12) + datetime.timedelta(days=15)
    assert "no escort order date recorded" in deadline.inputs["trigger_label"]
    # The escort order's date given later: the 15 days run from it (the SJPU's receipt, s.95(2)).
    transfer.escort_order_on = day(10)
    services.custody_order_save(actor=lead.user, case=child, order=transfer, expected_version=transfer.version)
    deadline.refresh_from_db()
    assert deadline.due_on == day(10) + datetime.timedelta(days=15)
    assert "escort order to the SJPU" in deadline.inputs["trigger_label"]


def test_the_escort_rule_cites_s95_2_and_says_how_nyaya_counts(db):
    rule = DeadlineRule.objects.get(code="cwc_transfer_escort")
    assert rule.source_kind == DeadlineRule.SourceKind.LAW and rule.offset_amount == 15
    assert "Juvenile Justice Act 2015 s.95(2)" in rule.legal_source
    assert "receipt of the escort order" in rule.legal_source and "else from the day of the transfer order" in (
        rule.legal_source
    )


def test_the_full_chain_of_a_child_meets_every_deadline(client, child, lead):
    request = request_investigation(child, lead, days_ago=30)
    report = record_order(child, lead, Kind.HOME_INVESTIGATION_REPORT, days_ago=18, answers=request, finding="genuine")
    transfer = order_transfer(child, lead, days_ago=12, answers=report, escort_order_on=day(11))
    assert transfer.home_report_on == day(18), "the transfer reads the report's date from the report it rests on"
    received = record_order(
        child, lead, Kind.CWC_TRANSFER_RECEIVED, days_ago=2, state_code="WB", answers=transfer,
        authority="CWC Murshidabad", escorted_by="SI R. Das (woman officer), SJPU Mumbai",
    )  # fmt: skip
    statuses = dict(
        Deadline.objects.filter(
            case=child, rule_code__in=["home_investigation_report", "cwc_transfer_escort"]
        ).values_list("rule_code", "status")
    )
    assert statuses == {"home_investigation_report": "met", "cwc_transfer_escort": "met"}
    assert deadline_of(child, "cwc_transfer_escort").met_on == day(2)
    assert received.escorted_by.startswith("SI R. Das")

    page = care_page(client, child, lead)
    assert "Her way home: home investigation and transfer (JJ Act s.95)" in page
    steps = [
        "CWC asks for a home investigation report",
        "Home investigation report received",
        "CWC orders her transfer (s.95(1))",
        "Received by the CWC of her home district (s.95(2))",
    ]
    chain = page[page.index('class="home-steps"') :]
    positions = [chain.index(step) for step in steps]
    assert positions == sorted(positions), "the steps read in order"
    assert chain.count("home-step home-step-done") == 4
    assert "Asked of DCPU Murshidabad" in chain and "CWC/MC/2026/311" in chain
    assert "In answer to: CWC: transfer to the CWC of her home district (JJ Act s.95)" in chain
    assert "Escorted by SI R. Das" in chain


def test_received_in_her_home_state_ends_her_stay_in_the_state_she_left(child, lead, shelter):
    services.shelter_stay_record(actor=lead.user, case=child, shelter=shelter, admitted_on=day(38))
    transfer = order_transfer(child, lead, days_ago=12)
    record_order(
        child, lead, Kind.CWC_TRANSFER_RECEIVED, days_ago=4, state_code="WB", answers=transfer,
        authority="CWC Murshidabad", escorted_by="SJPU Mumbai",
    )  # fmt: skip
    assert ShelterStay.objects.get(case=child).left_on == day(4)


def test_the_care_tab_shows_the_next_step_and_its_due_date(client, child, lead):
    request_investigation(child, lead, days_ago=5)
    page = care_page(client, child, lead)
    chain = page[page.index('class="home-steps"') :]
    assert 'home-step home-step-current" aria-current="step"' in chain
    due = day(5) + datetime.timedelta(days=15)
    assert f"Due {due.day} {due:%b %Y}" in chain
    assert "?step=home_investigation_report" in chain


@pytest.mark.parametrize(
    ("fields", "field", "match"),
    [
        ({"days_ago": 13}, "ordered_on", "which it answers"),  # before the transfer order
        ({"days_ago": 9}, "ordered_on", "before the escort order"),
        ({"days_ago": -1}, "ordered_on", "future"),
        ({"days_ago": 2, "escorted_by": ""}, "escorted_by", "woman police officer"),
    ],
)
def test_a_received_before_the_transfer_or_its_escort_order_is_refused(child, lead, fields, field, match):
    transfer = order_transfer(child, lead, days_ago=12, escort_order_on=day(8))
    values = {"authority": "CWC Murshidabad", "escorted_by": "SJPU Mumbai", **fields}
    refused(
        lambda: record_order(child, lead, Kind.CWC_TRANSFER_RECEIVED, answers=transfer, state_code="WB", **values),
        field,
        match,
    )
    assert not CustodyOrder.objects.filter(kind=Kind.CWC_TRANSFER_RECEIVED).exists()
    assert deadline_of(child, "cwc_transfer_escort").status == Deadline.Status.OPEN


def test_out_of_order_steps_and_a_transfer_for_an_adult_are_refused(adult, child, lead):
    refused(
        lambda: record_order(child, lead, Kind.CWC_TRANSFER_RECEIVED, days_ago=2, authority="C", escorted_by="S"),
        "answers",
        "Record “CWC: transfer to the CWC of her home district (JJ Act s.95)” first",
    )
    refused(lambda: order_transfer(adult, lead, days_ago=5), "kind", "adult when rescued")
    refused(
        lambda: record_order(adult, lead, Kind.HOME_INVESTIGATION_REQUESTED, days_ago=5, addressed_to="DCPU"),
        "kind",
        "adult when rescued",
    )
    transfer = order_transfer(child, lead, days_ago=12)
    refused(lambda: order_transfer(child, lead, days_ago=10, escort_order_on=day(11)), "escort_order_on")
    record_order(child, lead, Kind.CWC_TRANSFER_RECEIVED, days_ago=3, answers=transfer, authority="C", escorted_by="S")
    transfer.escort_order_on = day(2)
    refused(
        lambda: services.custody_order_save(
            actor=lead.user, case=child, order=transfer, expected_version=transfer.version
        ),
        "escort_order_on",
        "She was received on",
    )


def test_a_transfer_recorded_before_the_rule_opens_no_escort_deadline_when_corrected(child, lead):
    legacy = CustodyOrder.objects.create(
        case=child, kind=Kind.CWC_TRANSFER, ordered_on=day(30), state=child.destination_state,
        receiving_authority="CWC Murshidabad", home_district=home_district(), home_report_on=day(31),
        created_by=lead.user, updated_by=lead.user,
    )  # fmt: skip
    legacy.order_number = "CWC/OLD/1"
    services.custody_order_save(actor=lead.user, case=child, order=legacy, expected_version=legacy.version)
    assert not Deadline.objects.filter(case=child, rule_code="cwc_transfer_escort").exists()
    legacy.refresh_from_db()
    assert (legacy.order_number, legacy.home_report_on) == ("CWC/OLD/1", day(31))


def test_the_step_forms_refuse_bad_input_and_save_nothing(client, child, lead):
    transfer = order_transfer(child, lead, days_ago=12)
    client.force_login(lead.user)
    url = reverse("care:care_order_new", args=[child.pk]) + "?step=cwc_transfer_received"
    form = client.get(url).content.decode()
    assert f'value="{transfer.pk}" selected' in form and 'value="CWC Murshidabad"' in form
    assert f'<option value="{state("WB").pk}" selected>' in form, "received in her home state"
    before = fingerprint(CustodyOrder.objects.filter(case=child))
    response = client.post(
        url,
        {
            "answers": transfer.pk,
            "ordered_on": day(20).isoformat(),
            "state": child.destination_state.pk,
            "authority": "CWC Murshidabad",
            "escorted_by": "SJPU",
        },
    )
    assert response.status_code == 200
    assert "which it answers" in response.content.decode()
    assert fingerprint(CustodyOrder.objects.filter(case=child)) == before


# --- family tracing -----------------------------------------------------------------------------


def test_family_tracing_outcomes_are_recorded_and_shown_latest_first(client, child, lead):
    request = request_investigation(child, lead, days_ago=30)
    client.force_login(lead.user)
    url = reverse("care:care_tracing_new", args=[child.pk])
    form = client.get(url).content.decode()
    assert "Family tracing" in form and "Tracing continues" in form
    post = {"outcome": "continuing", "traced_on": day(20).isoformat(), "traced_by": "DCPU Murshidabad"}
    assert client.post(url, {**post, "order": request.pk}).status_code == 302
    post = {"outcome": "traced_safe", "traced_on": day(10).isoformat(), "traced_by": "Sabuj Sathi field team"}
    assert client.post(url, {**post, "notes": "Mother and uncle met; school nearby."}).status_code == 302
    assert list(FamilyTracing.objects.filter(case=child).values_list("outcome", flat=True)) == [
        "traced_safe",
        "continuing",
    ]
    page = care_page(client, child, lead)
    tracing = page[page.index('id="tracing-head"') :]
    assert tracing.index("Family traced, and safe for her") < tracing.index("Tracing continues")
    assert "For: CWC asks for a home investigation report from her home district" in tracing
    assert CaseEvent.objects.filter(case=child, summary__startswith="Family tracing: Family traced, and safe").exists()


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"outcome": "traced_safe", "traced_on": day(-3).isoformat(), "traced_by": "DCPU"}, "traced_on"),
        ({"outcome": "traced_safe", "traced_on": day(60).isoformat(), "traced_by": "DCPU"}, "traced_on"),
        ({"outcome": "traced_safe", "traced_on": day(3).isoformat(), "traced_by": "  "}, "traced_by"),
        ({"outcome": "found", "traced_on": day(3).isoformat(), "traced_by": "DCPU"}, "outcome"),
    ],
)
def test_bad_family_tracing_is_refused_and_saves_nothing(client, adult, lead, post, field):
    client.force_login(lead.user)
    response = client.post(reverse("care:care_tracing_new", args=[adult.pk]), post)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not FamilyTracing.objects.exists()


def test_family_tracing_cannot_name_an_order_of_another_case(adult, child, lead):
    request = request_investigation(child, lead, days_ago=20)
    tracing = FamilyTracing(outcome="not_traced", traced_on=day(2), traced_by="DCPU", order=request)
    refused(lambda: services.family_tracing_record(actor=lead.user, case=adult, tracing=tracing), "order")
    assert not FamilyTracing.objects.exists()


def test_family_tracing_is_for_the_case_team_only(client, adult, lead, make_member, org_mh):
    outsider = make_member(Role.CASEWORKER, org_mh, first_name="Outside")
    client.force_login(outsider.user)
    url = reverse("care:care_tracing_new", args=[adult.pk])
    assert client.get(url).status_code == 404
    post = {"outcome": "traced_safe", "traced_on": day(2).isoformat(), "traced_by": "DCPU"}
    assert client.post(url, post).status_code == 404
    assert not FamilyTracing.objects.exists()


def test_correcting_a_step_shows_what_was_recorded_and_saving_it_as_shown_keeps_it(client, child, lead):
    request = request_investigation(child, lead, days_ago=30)
    report = record_order(child, lead, Kind.HOME_INVESTIGATION_REPORT, days_ago=18, answers=request, finding="genuine")
    transfer = order_transfer(child, lead, days_ago=12, answers=report, escort_order_on=day(11))
    received = record_order(
        child, lead, Kind.CWC_TRANSFER_RECEIVED, days_ago=2, state_code="WB", answers=transfer,
        authority="CWC Murshidabad", escorted_by="SI R. Das (woman officer), SJPU Mumbai",
    )  # fmt: skip
    client.force_login(lead.user)
    for order in (request, report, transfer, received):
        url = reverse("care:care_order_edit", args=[child.pk, order.pk])
        page = client.get(url)
        assert page.status_code == 200
        form = page.context["form"]
        before = CustodyOrder.objects.filter(pk=order.pk).values().get()
        data = {}
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        response = client.post(url, data)
        assert response.status_code == 302, getattr(response, "context", {}) and response.context["form"].errors
        after = CustodyOrder.objects.filter(pk=order.pk).values().get()
        changed = {k for k in before if before[k] != after[k]} - {"version", "updated_at", "updated_by_id"}
        assert not changed, f"{order.get_kind_display()}: saving the page as shown changed {changed}"
    page = client.get(reverse("care:care_order_edit", args=[child.pk, received.pk])).content.decode()
    assert "SI R. Das (woman officer), SJPU Mumbai" in page
