"""The PDFs state what the record says: the survivor's letter (in English, Hindi and Bengali),
the dossier and the compensation application, for each state of a claim and of a hearing.

The letter's Indic text is checked on what was laid out (Built.text, logical Unicode order):
text extracted back from a PDF comes out in visual order for shaped scripts.
"""

import re

import pytest

from cases.survivor_messages import FACTS
from core.dates import day_text
from legal.court import services as court_services
from pdfs.compensation_application import build_compensation_application
from pdfs.dossier import build_dossier
from pdfs.survivor_letter import build_survivor_letter
from tests.compensation.helpers import MATURITY_DAYS, awarded_claim, days, move, pay, screen, upload_all_documents
from tests.legal.court_helpers import make_court_case
from tests.legal.helpers import ACCUSED_NAME

from .test_pdfs_build import access_of

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "hi", "bn"]
DEPOSITED = ["deposited", "जमा हुई", "জমা হয়েছে"]
PAID_IN_FULL = {"en": "paid in full", "hi": "पूरा भुगतान", "bn": "পুরো টাকা দেওয়া হয়ে গেছে"}
# A date with a leading zero ("02 Dec 2026", "05.03.2026") or a midnight time.
BAD_DATE = re.compile(r"\b0\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}|\d\d\.\d\d\.\d{4}|00:00")


def letters(lead, case) -> dict[str, str]:
    user, visible, access = access_of(lead, case)
    return {
        language: build_survivor_letter(user=user, case=visible, access=access, language=language).text
        for language in LANGUAGES
    }


def fact(key, language, **values) -> str:
    return FACTS[key][language].format(**values)


def test_letter_on_a_part_payment_says_paid_and_still_due_in_each_language(case, lead):
    claim = awarded_claim(case, lead, amount="500000", awarded_on=days(-60))
    pay(claim, lead, "125000", on=days(-10))
    for language, text in letters(lead, case).items():
        assert "₹1,25,000" in text and "₹5,00,000" in text and "₹3,75,000" in text, text
        assert day_text(days(-10), language) in text and day_text(days(-60), language) in text, text
        assert PAID_IN_FULL[language] not in text, text
        assert not any(word in text for word in DEPOSITED), text
        assert not BAD_DATE.search(text), text
        # The payment's sentence carries the award: the award is not told twice.
        assert text.count("₹5,00,000") == 1, text


def test_letter_on_a_full_payment_says_the_total(case, lead):
    claim = awarded_claim(case, lead, amount="400000", awarded_on=days(-90))
    pay(claim, lead, "100000", on=days(-60))
    maturity = days(-20 + MATURITY_DAYS)
    pay(claim, lead, "300000", mode="fixed_deposit", on=days(-20), bank_name="SBI Howrah", fd_maturity_on=maturity)
    for language, text in letters(lead, case).items():
        assert PAID_IN_FULL[language] in text, text
        assert "₹4,00,000" in text and "₹3,00,000" in text and day_text(maturity, language) in text, text
        assert "SBI Howrah" not in text


def test_letter_on_an_award_not_paid_says_nothing_is_paid_yet(case, lead):
    awarded_claim(case, lead, amount="500000", awarded_on=days(-30))
    for language, text in letters(lead, case).items():
        assert fact("unpaid", language, awarded="₹5,00,000", awarded_on=day_text(days(-30), language)) in text


def test_letter_tells_an_adjournment_with_no_next_date(case, lead, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    court_services.hearing_record(
        actor=lawyer.user,
        court_case=court_case,
        **{"on": days(-3), "purpose": "prosecution_evidence", "status": "adjourned", "adjournment_reason": "other"},
    )
    for language, text in letters(lead, case).items():
        assert fact("hearing_adjourned", language, date=day_text(days(-3), language)) in text, text
        assert fact("hearing_no_next_date", language) in text, text
        assert ACCUSED_NAME not in text  # she is never told who the accused are from a letter


def test_letter_tells_the_next_date_of_an_adjourned_hearing(case, lead, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    court_services.hearing_record(
        actor=lawyer.user,
        court_case=court_case,
        **{
            "on": days(-3),
            "purpose": "prosecution_evidence",
            "status": "adjourned",
            "adjournment_reason": "defence_sought_time",
            "next_date": days(30),
        },
    )
    for language, text in letters(lead, case).items():
        assert fact("hearing_next", language, date=day_text(days(30), language)) in text, text
        assert fact("hearing_no_next_date", language) not in text, text


def test_letter_without_court_case_says_nothing_of_hearings(case, lead):
    for language, text in letters(lead, case).items():
        # No court case: no talk of hearings (a "no date yet" would suggest one is coming).
        assert fact("hearing_none", language) not in text, text
        assert fact("hearing_no_next_date", language) not in text, text


def test_dossier_states_the_claim_state_in_words_and_indian_grouping(case, lead, lawyer):
    claim = awarded_claim(case, lead, amount="500000", awarded_on=days(-60))
    pay(claim, lead, "125000", on=days(-10))
    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    court_services.hearing_record(
        actor=lawyer.user,
        court_case=court_case,
        **{"on": days(-3), "purpose": "prosecution_evidence", "status": "adjourned", "adjournment_reason": "other"},
    )
    user, visible, access = access_of(lawyer, case)
    text = build_dossier(user=user, case=visible, access=access).text
    assert f"awarded ₹5,00,000 on {day_text(days(-60))}" in text
    assert f"paid ₹1,25,000 so far, last payment {day_text(days(-10))}; ₹3,75,000 still due" in text
    assert "500,000" not in text and "paid in full" not in text
    assert "Adjourned (Other); no next date recorded" in text
    assert not BAD_DATE.search(text.split("\n", 2)[2]), "dates in the body read '2 Dec 2026'"


def test_dossier_on_a_full_payment_and_a_claim_not_yet_awarded(case, lead):
    claim = awarded_claim(case, lead, amount="400000", awarded_on=days(-90))
    pay(claim, lead, "100000", on=days(-60))
    maturity = days(-20 + MATURITY_DAYS)
    pay(claim, lead, "300000", mode="fixed_deposit", on=days(-20), bank_name="SBI Howrah", fd_maturity_on=maturity)
    user, visible, access = access_of(lead, case)
    text = build_dossier(user=user, case=visible, access=access).text
    assert f"paid in full: ₹4,00,000, last payment {day_text(days(-20))}" in text
    assert f"₹3,00,000 in a fixed deposit maturing {day_text(maturity)}" in text
    assert "still due" not in text


def test_dossier_on_an_award_not_paid(case, lead):
    awarded_claim(case, lead, amount="500000", awarded_on=days(-30))
    user, visible, access = access_of(lead, case)
    text = build_dossier(user=user, case=visible, access=access).text
    assert "nothing paid yet, ₹5,00,000 due" in text
    assert f"filed {day_text(days(-100))}" in text  # awarded_claim files 70 days before the award


def test_masked_dossier_says_the_same_money_facts(case, lead, coordinator):
    claim = awarded_claim(case, lead, amount="500000", awarded_on=days(-60))
    pay(claim, lead, "125000", on=days(-10))
    user, visible, access = access_of(coordinator, case)
    text = build_dossier(user=user, case=visible, access=access).text
    assert "Masked dossier" in text
    assert "₹3,75,000 still due" in text


def test_application_shows_amounts_in_indian_grouping_and_interim_relief_as_recorded(case, lead):
    upload_all_documents(case, lead)
    claim = screen(case, lead, screened_on=days(-40))
    move(claim, lead, "mark_documents_ready", on=days(-30))
    move(claim, lead, "apply", on=days(-20), claim_number="DLSA/HWH/9/2026", amount_claimed="450000")
    user, visible, access = access_of(lead, case)
    claim.refresh_from_db()
    text = build_compensation_application(user=user, case=visible, access=access, claim=claim).text
    assert "₹4,50,000" in text and "450,000" not in text
    assert "₹4,00,000 – ₹7,00,000" in text  # NALSA 2018, rape: Rs 4 to 7 lakh
    assert "Requested if the inquiry takes long" in text
    assert f"Date\n{day_text(days(0))}" in text
    assert not BAD_DATE.search(text)


@pytest.mark.parametrize(("granted", "expected"), [("25000", "₹25,000 granted on {day}"), ("0", "Refused on {day}")])
def test_application_states_interim_relief_granted_or_refused(case, lead, granted, expected):
    upload_all_documents(case, lead)
    claim = screen(case, lead, screened_on=days(-40))
    move(claim, lead, "mark_documents_ready", on=days(-30))
    move(claim, lead, "apply", on=days(-20), claim_number="DLSA/HWH/9/2026")
    move(claim, lead, "seek_interim_relief", on=days(-15))
    move(claim, lead, "decide_interim_relief", on=days(-5), interim_amount=granted)
    user, visible, access = access_of(lead, case)
    claim.refresh_from_db()
    text = build_compensation_application(user=user, case=visible, access=access, claim=claim).text
    assert f"Interim relief\n{expected.format(day=day_text(days(-5)))}" in text
    dossier = build_dossier(user=user, case=visible, access=access).text
    assert ("interim relief ₹25,000" if granted != "0" else "interim relief refused") in dossier
