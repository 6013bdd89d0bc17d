"""What Nyaya tells the survivor is what the record says.

The survivor-update drafts (cases.survivor_messages), in English, Hindi and Bengali, are built
for each state of the record: compensation claimed / awarded and unpaid / partly paid / paid in
full / rejected; a court hearing held, adjourned to a date, adjourned with no next date, not yet
recorded; events recorded or not. Each test asserts the facts (amounts paid and still due, the
next date) and that the wrong claim is absent (a part payment is never "deposited" or "paid in
full"). The page a caseworker drafts on shows the same.
"""

import datetime

import pytest
from django.urls import reverse

from cases import services as case_services
from cases.survivor_messages import EVENT_LABELS, FACTS, draft_message
from core.dates import day_text
from legal.court import services as court_services
from tests.cases.helpers import FULL_NAME
from tests.compensation.helpers import MATURITY_DAYS, awarded_claim, days, move, pay, screen, upload_all_documents
from tests.legal.court_helpers import make_court_case
from tests.legal.helpers import ACCUSED_NAME, make_fir
from tests.pdfs.conftest import _media_in_tmp, case, collective, coordinator, lawyer, lawyers_network, lead, login

pytestmark = pytest.mark.django_db

__all__ = ["_media_in_tmp", "case", "collective", "coordinator", "lawyer", "lawyers_network", "lead", "login"]

LANGUAGES = ["en", "hi", "bn"]
# "Deposited" in each language: the words that told a survivor her money had come when a third had.
DEPOSITED = ["deposited", "जमा हुई", "জমা হয়েছে"]
PAID_IN_FULL = {"en": "paid in full", "hi": "पूरा भुगतान", "bn": "পুরো টাকা দেওয়া হয়ে গেছে"}
STILL_DUE = {"en": "still due", "hi": "अभी बाकी है", "bn": "বাকি আছে"}
NOTHING_PAID = {"en": "None of the", "hi": "कोई भुगतान नहीं हुआ", "bn": "কিছুই দেওয়া হয়নি"}
AUTHORITY = {
    "en": "District Legal Services Authority, Howrah",
    "hi": "Howrah ज़िला विधिक सेवा प्राधिकरण",
    "bn": "Howrah জেলা আইনি পরিষেবা কর্তৃপক্ষ",
}


def d(date, language="en") -> str:
    return day_text(date, language)


def fact(key, language, **values) -> str:
    return FACTS[key][language].format(**values)


# --- dates ---------------------------------------------------------------------------------------


def test_dates_read_30_nov_2027_without_leading_zero_or_time():
    assert day_text(datetime.date(2027, 11, 30)) == "30 Nov 2027"
    assert day_text(datetime.date(2027, 3, 2)) == "2 Mar 2027"
    assert day_text(datetime.date(2027, 11, 30), "hi") == "30 नवंबर 2027"
    assert day_text(datetime.date(2027, 3, 2), "bn") == "2 মার্চ 2027"
    # A timestamp is its local day (IST), never "00:00".
    late = datetime.datetime(2027, 11, 30, 20, 0, tzinfo=datetime.UTC)  # 1:30 on 1 Dec in India
    assert day_text(late) == "1 Dec 2027"
    assert day_text(None) == "—"


def test_a_draft_without_a_case_uses_the_date_format():
    for language in LANGUAGES:
        text = draft_message("fir_registered", language, on=datetime.date(2026, 3, 5))
        assert d(datetime.date(2026, 3, 5), language) in text, language
        assert "05.03.2026" not in text and "00:00" not in text


# --- compensation ------------------------------------------------------------------------------
# Each test builds one state of the record and reads the draft in all three languages.


def drafts(event, case, on=None) -> dict[str, str]:
    return {language: draft_message(event, language, on=on, case=case) for language in LANGUAGES}


def test_no_claim_yet(case):
    for language, text in drafts("claim_filed", case).items():
        assert text.startswith(fact("claim_none", language)), text
    for language, text in drafts("compensation_paid", case).items():
        assert text.startswith(fact("not_awarded", language)), text
        assert not any(word in text for word in DEPOSITED), text


def test_claim_filed_says_with_whom_and_when(case, lead):
    upload_all_documents(case, lead)
    claim = screen(case, lead, screened_on=days(-40))
    move(claim, lead, "mark_documents_ready", on=days(-30))
    move(claim, lead, "apply", on=days(-20), claim_number="DLSA/HWH/9/2026")
    for language, text in drafts("claim_filed", case, on=days(-20)).items():
        assert AUTHORITY[language] in text, text
        assert d(days(-20), language) in text, text
    assert drafts("claim_filed", case)["en"].startswith(
        f"Your compensation claim was filed with the {AUTHORITY['en']} on {d(days(-20))}."
    )
    # Nothing awarded: a payment draft says so and claims no money.
    for language, text in drafts("compensation_paid", case).items():
        assert fact("not_awarded", language) in text, text
        assert "₹" not in text, text


def test_a_court_recommendation_is_not_called_an_application(case, lead):
    claim = screen(case, lead, screened_on=days(-40))
    move(claim, lead, "recommend_by_court", on=days(-10), court_label="Sessions Court, Howrah")
    text = draft_message("claim_filed", "en", case=case)
    assert text.startswith(f"On {d(days(-10))} the court recommended compensation for you to the {AUTHORITY['en']}.")
    assert "was filed" not in text
    assert "আদালত" in draft_message("claim_filed", "bn", case=case)  # "the court" in Bengali too
    assert "अदालत" in draft_message("claim_filed", "hi", case=case)


def test_award_not_yet_paid(case, lead):
    awarded_claim(case, lead, amount="500000", awarded_on=days(-30))
    for language, text in drafts("compensation_awarded", case, on=days(-30)).items():
        assert "₹5,00,000" in text, text
        assert d(days(-30), language) in text, text
        assert AUTHORITY[language] in text, text
        assert NOTHING_PAID[language] in text, text
        assert PAID_IN_FULL[language] not in text, text
        assert not any(word in text for word in DEPOSITED), text
    # Asked about a payment, the draft says none is recorded.
    for language, text in drafts("compensation_paid", case).items():
        assert NOTHING_PAID[language] in text and "₹5,00,000" in text, text


def test_part_payment_says_how_much_was_paid_and_how_much_is_still_due(case, lead):
    claim = awarded_claim(case, lead, amount="500000", awarded_on=days(-60))
    pay(claim, lead, "50000", on=days(-40))
    # A third of the award in all; more than the scheme's 25% paid directly, on the authority's order.
    pay(claim, lead, "116000", on=days(-10), fd_share_reason="DLSA order releasing it for her education")
    for language, text in drafts("compensation_paid", case, on=days(-10)).items():
        assert "₹1,66,000" in text, text  # paid so far
        assert "₹5,00,000" in text, text  # awarded
        assert "₹3,34,000" in text, text  # still due
        assert "₹1,16,000" in text and d(days(-10), language) in text, text  # the last payment and its day
        assert d(days(-60), language) in text, text  # the award's day
        assert STILL_DUE[language] in text, text
        assert PAID_IN_FULL[language] not in text, text
        assert not any(word in text for word in DEPOSITED), text
        assert fact("check_passbook", language) in text, text  # paid into her account: she can see it
    assert drafts("compensation_paid", case)["en"].startswith(
        f"So far ₹1,66,000 of the ₹5,00,000 awarded on {d(days(-60))} has been paid; the last payment, ₹1,16,000, "
        f"was made on {d(days(-10))}. ₹3,34,000 is still due, and we keep following up until it is paid."
    )


def test_full_payment_says_the_total_and_the_fixed_deposit(case, lead):
    claim = awarded_claim(case, lead, amount="400000", awarded_on=days(-90))
    pay(claim, lead, "100000", on=days(-60))
    maturity = days(-20 + MATURITY_DAYS)
    pay(claim, lead, "300000", mode="fixed_deposit", on=days(-20), bank_name="SBI Howrah", fd_maturity_on=maturity)
    for language, text in drafts("compensation_paid", case, on=days(-20)).items():
        assert PAID_IN_FULL[language] in text, text
        assert "₹4,00,000" in text and d(days(-20), language) in text, text
        assert "₹3,00,000" in text and d(maturity, language) in text, text  # the deposit and when it matures
        assert STILL_DUE[language] not in text, text
        assert "SBI Howrah" not in text, text  # her bank stays out of a message others may read


def test_rejected_claim_is_not_told_as_pending(case, lead):
    upload_all_documents(case, lead)
    claim = screen(case, lead, screened_on=days(-40))
    move(claim, lead, "mark_documents_ready", on=days(-30))
    move(claim, lead, "apply", on=days(-20), claim_number="DLSA/HWH/9/2026")
    move(claim, lead, "start_inquiry", on=days(-15))
    move(claim, lead, "reject", on=days(-5), rejection_reason="Not a victim under the scheme")
    for language, text in drafts("compensation_awarded", case).items():
        assert text.startswith(fact("rejected", language, authority=AUTHORITY[language], date=d(days(-5), language)))
        assert fact("not_awarded", language) not in text, text


def test_one_claim_is_told_without_scheme_names(case, lead):
    claim = awarded_claim(case, lead, amount="500000", awarded_on=days(-30))
    pay(claim, lead, "125000", on=days(-5))
    text = draft_message("compensation_paid", "en", case=case)
    assert "Under " not in text and "NALSA" not in text  # one claim: no scheme names to puzzle her
    assert "₹3,75,000 is still due" in text


# --- court hearings -----------------------------------------------------------------------------


def record_hearing(court_case, actor, **data):
    return court_services.hearing_record(
        actor=actor, court_case=court_case, **{"purpose": "prosecution_evidence", **data}
    )


def test_hearing_adjourned_to_a_next_date(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    record_hearing(
        court_case,
        lawyer.user,
        on=days(-3),
        status="adjourned",
        adjournment_reason="defence_sought_time",
        next_date=days(25),
    )
    for language, text in drafts("hearing", case).items():
        assert fact("hearing_adjourned", language, date=d(days(-3), language)) in text, text
        assert fact("hearing_next", language, date=d(days(25), language)) in text, text
        assert fact("hearing_no_next_date", language) not in text, text


def test_hearing_adjourned_with_no_next_date(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    record_hearing(court_case, lawyer.user, on=days(-3), status="adjourned", adjournment_reason="lawyers_strike")
    for language, text in drafts("hearing", case).items():
        assert text.startswith(
            fact("hearing_adjourned", language, date=d(days(-3), language))
            + " "
            + fact("hearing_no_next_date", language)
        ), text
        assert "—" not in text, text  # no empty date


def test_hearing_held_and_she_must_attend_the_next(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    record_hearing(
        court_case, lawyer.user, on=days(-3), status="held", next_date=days(12), next_survivor_must_attend=True
    )
    for language, text in drafts("hearing", case).items():
        assert fact("hearing_held", language, date=d(days(-3), language)) in text, text
        assert fact("hearing_next", language, date=d(days(12), language)) in text, text
        assert fact("hearing_must_attend", language) in text, text
        assert fact("hearing_may_attend", language) not in text, text


def test_a_hearing_not_yet_recorded_is_not_told_as_certain(case, lawyer):
    from legal.models import Hearing

    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    hearing = court_services.hearing_schedule(actor=lawyer.user, court_case=court_case, on=days(2), purpose="copies")
    Hearing.objects.filter(pk=hearing.pk).update(on=days(-2))  # the day passed; nothing recorded
    for language, text in drafts("hearing", case).items():
        assert fact("hearing_unrecorded", language, date=d(days(-2), language)) in text, text
        assert fact("hearing_next_unknown", language) in text, text
        assert fact("hearing_no_next_date", language) not in text, text
        assert fact("hearing_adjourned", language, date=d(days(-2), language)) not in text, text


def test_no_court_case_no_hearing_date(case):
    for language, text in drafts("hearing", case).items():
        assert text.startswith(fact("hearing_none", language)), text


def test_a_scheduled_hearing_is_the_next_date(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    court_services.hearing_schedule(actor=lawyer.user, court_case=court_case, on=days(9), purpose="copies")
    text = draft_message("hearing", "en", case=case)
    assert text.startswith(f"The next court hearing is on {d(days(9))}. We will tell you in time if you need to attend")


# --- events that are a date -----------------------------------------------------------------------


def test_fir_registered_from_the_record_or_no_record(case, lead):
    for language, text in drafts("fir_registered", case).items():
        assert text.startswith(fact("no_fir_registered", language)), text
        assert "—" not in text, text
    fir = make_fir(case, lead.user, stage="fir_registered")
    for language, text in drafts("fir_registered", case).items():
        assert d(fir.fir_date, language) in text, text
        assert fact("no_fir_registered", language) not in text, text


def test_arrest_never_names_the_accused(case, lead, lawyer):
    for language, text in drafts("arrest", case).items():
        assert text.startswith(fact("no_arrest", language)), text
    make_court_case(case, lawyer.user, stage="cognizance")
    for language, text in drafts("arrest", case, on=days(-4)).items():
        assert d(days(-4), language) in text, text
        assert ACCUSED_NAME not in text and FULL_NAME not in text, text


def test_judgment_with_no_judgment_recorded(case):
    for language, text in drafts("judgment", case).items():
        assert text.startswith(fact("no_judgment", language)), text
        assert "—" not in text, text


# --- how her case stands -------------------------------------------------------------------------


def test_general_says_nothing_new_only_when_nothing_happened(case, lead):
    told_on = days(-20)
    case_services.survivor_update_record(
        actor=lead.user, case=case, given_on=told_on, channel="phone_call", language="hi", message="Told her."
    )
    for language, text in drafts("general", case).items():
        assert fact("nothing_new", language, date=d(told_on, language)) in text, text
    claim = awarded_claim(case, lead, amount="300000", awarded_on=days(-15))
    pay(claim, lead, "75000", on=days(-3))
    for language, text in drafts("general", case).items():
        assert fact("nothing_new", language, date=d(told_on, language)) not in text, text
        assert "₹75,000" in text and "₹2,25,000" in text, text  # the payment since, and what is still due


# --- the page the caseworker drafts on -----------------------------------------------------------


def test_the_update_page_drafts_a_part_payment_with_the_amounts(case, lead, login):
    claim = awarded_claim(case, lead, amount="600000", awarded_on=days(-50))
    pay(claim, lead, "150000", on=days(-2))
    url = reverse("cases:case_survivor_updates", args=[case.pk])
    page = login(lead).get(url, {"event": "compensation_paid", "language": "bn"}).content.decode()
    assert "₹1,50,000" in page and "₹4,50,000" in page and "₹6,00,000" in page
    assert "জমা হয়েছে" not in page
    page = login(lead).get(url, {"event": "compensation_paid", "language": "hi"}).content.decode()
    assert "₹4,50,000 अभी बाकी है" in page and "जमा हुई" not in page


def test_event_labels_do_not_call_a_part_payment_paid():
    assert EVENT_LABELS["compensation_paid"] == "Compensation payment"
