"""Payments: sums never above the award, the fixed-deposit rule, days from award, days unpaid."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compensation import services
from compensation.models import ClaimPayment, Stage
from core.concurrency import ConcurrentEditError

from ..cases.helpers import open_survivor_case
from .helpers import days, pay, today
from .steps import claim_at, run

MATURITY = days(4 * 365)


@pytest.fixture
def awarded(case, lead):
    """NALSA 2018, ₹5,00,000 awarded 10 days after inquiry; 75% to a fixed deposit for an adult."""
    return claim_at(case, lead, "payment_pending")


def fd(claim, lead, amount, **kwargs):
    kwargs.setdefault("bank_name", "Test Gramin Bank")
    kwargs.setdefault("fd_maturity_on", MATURITY)
    return pay(claim, lead, amount, mode="fixed_deposit", **kwargs)


def test_part_then_full_payment(awarded, lead):
    fd(awarded, lead, "375000", reference="FD-0042")
    awarded.refresh_from_db()
    assert (awarded.stage, awarded.amount_paid, awarded.amount_unpaid) == (
        Stage.PARTLY_DISBURSED,
        Decimal("375000.00"),
        Decimal("125000.00"),
    )
    assert awarded.days_unpaid == (today() - awarded.awarded_on).days
    pay(awarded, lead, "125000")
    awarded.refresh_from_db()
    assert awarded.stage == Stage.DISBURSED
    assert awarded.amount_paid == awarded.awarded_amount == sum(p.amount for p in awarded.payments.all())
    assert awarded.days_unpaid is None
    assert awarded.fully_paid_on == today()
    assert awarded.days_to_full_payment == (today() - awarded.awarded_on).days


def test_days_from_award_for_each_payment(awarded, lead):
    fd(awarded, lead, "375000", on=awarded.awarded_on + datetime.timedelta(days=3))
    pay(awarded, lead, "125000", on=today())
    first, second = ClaimPayment.objects.filter(claim=awarded).order_by("paid_on")
    assert first.days_from_award == 3
    assert second.days_from_award == (today() - awarded.awarded_on).days


def test_payments_never_exceed_the_award(awarded, lead):
    fd(awarded, lead, "375000")
    with pytest.raises(ValidationError) as error:
        pay(awarded, lead, "125000.01")
    assert "more than the award" in error.value.message_dict["amount"][0]
    assert "₹1,25,000 remains" in error.value.message_dict["amount"][0]
    awarded.refresh_from_db()
    assert awarded.amount_paid == Decimal("375000.00")
    assert ClaimPayment.objects.filter(claim=awarded).count() == 1


@pytest.mark.parametrize(
    ("amount", "field", "message"),
    [
        ("0", "amount", "more than zero"),
        ("-100", "amount", "cannot be negative"),
        ("12.345", "amount", "two decimals"),
        ("NaN", "amount", "Enter an amount"),
        ("Infinity", "amount", "Enter an amount"),
        ("", "amount", "Give the amount"),
    ],
)
def test_bad_amounts_are_refused(awarded, lead, amount, field, message):
    with pytest.raises(ValidationError) as error:
        services.claim_payment_record(
            actor=lead.user,
            claim=awarded,
            expected_version=awarded.version,
            paid_on=today(),
            amount=amount,
            mode="bank_transfer",
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not ClaimPayment.objects.filter(claim=awarded).exists()


def test_payment_dates_must_follow_the_award_and_not_be_in_the_future(awarded, lead):
    with pytest.raises(ValidationError) as error:
        pay(awarded, lead, "1000", on=awarded.awarded_on - datetime.timedelta(days=1))
    assert "before the award" in error.value.message_dict["paid_on"][0]
    with pytest.raises(ValidationError) as error:
        pay(awarded, lead, "1000", on=days(1))
    assert "future" in error.value.message_dict["paid_on"][0]


def test_fixed_deposit_needs_a_bank_and_a_maturity_after_the_payment(awarded, lead):
    with pytest.raises(ValidationError) as error:
        pay(awarded, lead, "375000", mode="fixed_deposit", bank_name="Bank")
    assert "fd_maturity_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        fd(awarded, lead, "375000", fd_maturity_on=today())
    assert "mature after" in error.value.message_dict["fd_maturity_on"][0]
    with pytest.raises(ValidationError) as error:
        fd(awarded, lead, "375000", bank_name="")
    assert "bank_name" in error.value.message_dict


def test_fixed_deposit_lock_in_shorter_than_the_scheme_needs_a_reason(awarded, lead):
    with pytest.raises(ValidationError) as error:
        fd(awarded, lead, "375000", fd_maturity_on=days(365))
    assert "36 months" in error.value.message_dict["fd_share_reason"][0]
    fd(awarded, lead, "375000", fd_maturity_on=days(365), fd_share_reason="DLSA order releases it for her studies.")


def test_fd_share_paying_more_than_25_percent_directly_needs_a_recorded_reason(awarded, lead):
    """NALSA 2018: 75% of an adult's award stays in a fixed deposit, so at most ₹1,25,000 of ₹5,00,000 goes
    to her account. More is refused unless the reason (usually the authority's order) is recorded."""
    pay(awarded, lead, "100000")
    with pytest.raises(ValidationError) as error:
        pay(awarded, lead, "50000")
    message = error.value.message_dict["fd_share_reason"][0]
    assert "75%" in message and "₹1,25,000" in message
    pay(awarded, lead, "25000")  # exactly the 25% share
    with pytest.raises(ValidationError):
        pay(awarded, lead, "1")
    pay(awarded, lead, "10000", fd_share_reason="DLSA order 12/2026 released ₹10,000 for her hospital bills.")
    awarded.refresh_from_db()
    assert awarded.amount_paid == Decimal("135000.00")


def test_minor_at_the_award_gets_the_80_percent_rule(lead):
    case = open_survivor_case(lead, survivor={"estimated_age": 15})
    claim = claim_at(case, lead, "payment_pending")
    assert claim.fd_share_required == 80
    with pytest.raises(ValidationError):
        pay(claim, lead, str(claim.awarded_amount * Decimal("0.2") + 1))
    pay(claim, lead, str(claim.awarded_amount * Decimal("0.2")))


def test_scheme_without_a_deposit_rule_pays_directly(case, lead):
    from .helpers import screen, upload_all_documents

    upload_all_documents(case, lead)
    claim = screen(case, lead, code="wb-vcs-2017", category="trafficking", screened_on=days(-100))
    for step, name in enumerate(["mark_documents_ready", "apply", "start_inquiry"], start=1):
        run(claim, lead, name, days(-100 + 10 * step))
    run(claim, lead, "award", days(-50), values={"awarded_amount": "100000"})
    claim.refresh_from_db()
    assert claim.fd_share_required == 0
    pay(claim, lead, "100000")
    claim.refresh_from_db()
    assert claim.stage == Stage.DISBURSED


def test_payment_refused_before_the_award_and_during_a_writ(case, lead):
    claim = claim_at(case, lead, "under_inquiry")
    with pytest.raises(ValidationError) as error:
        pay(claim, lead, "1000")
    assert "once the claim is awarded" in error.value.messages[0]


def test_payment_on_a_stale_page_is_refused(awarded, lead):
    stale = awarded.version
    fd(awarded, lead, "375000")
    with pytest.raises(ConcurrentEditError):
        services.claim_payment_record(
            actor=lead.user,
            claim=awarded,
            expected_version=stale,
            paid_on=today(),
            amount="125000",
            mode="bank_transfer",
        )
    awarded.refresh_from_db()
    assert awarded.amount_paid == Decimal("375000.00")


def test_payment_by_someone_who_may_not_act(awarded, coordinator):
    with pytest.raises(Http404):
        pay(awarded, coordinator, "1000")


def test_payments_are_insert_only(awarded, lead):
    payment = pay(awarded, lead, "1000")
    payment.amount = Decimal("2")
    with pytest.raises(PermissionError):
        payment.save()
    with pytest.raises(PermissionError):
        ClaimPayment.objects.filter(pk=payment.pk).update(amount=3)


def test_bank_details_are_encrypted_at_rest(awarded, lead):
    from django.db import connection

    payment = fd(awarded, lead, "375000", reference="FD-SECRET-9911")
    with connection.cursor() as cursor:
        cursor.execute("SELECT bank_name, reference FROM compensation_claimpayment WHERE id = %s", [payment.pk])
        bank, reference = cursor.fetchone()
    assert "Gramin" not in bank and "9911" not in reference


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(st.integers(min_value=-10, max_value=600000), min_size=1, max_size=6))
def test_any_sequence_of_payments_keeps_the_books_straight(case, lead, amounts):
    """Whatever is entered, the total paid equals the sum of accepted payments and never exceeds the award."""
    from compensation.models import Claim

    Claim.objects.filter(case=case).delete()  # hypothesis reuses the function's fixtures
    claim = claim_at(case, lead, "payment_pending", documents=not case.documents.exists())
    accepted = Decimal(0)
    for rupees in amounts:
        mode = "fixed_deposit" if rupees % 2 else "bank_transfer"
        try:
            pay(
                claim,
                lead,
                str(rupees),
                mode=mode,
                bank_name="Bank",
                fd_maturity_on=MATURITY,
                fd_share_reason="Released by order" if rupees % 3 == 0 else "",
            )
        except ValidationError:
            continue
        accepted += Decimal(rupees)
    claim.refresh_from_db()
    assert claim.amount_paid == accepted == sum((p.amount for p in claim.payments.all()), start=Decimal(0))
    assert claim.amount_paid <= claim.awarded_amount
    expected = {
        True: Stage.DISBURSED,
        False: Stage.PARTLY_DISBURSED if accepted else Stage.PAYMENT_PENDING,
    }[accepted == claim.awarded_amount]
    assert claim.stage == expected
