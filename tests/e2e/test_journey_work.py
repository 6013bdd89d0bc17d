"""Browser journeys through the work on a case, asserting what each person sees: a compensation claim
taken from screening to an award and a part payment (4), a repatriation from Mumbai to West Bengal
(5), a coordinator's break-glass reveal on a stalled case found from the dashboard (6), and PDFs
built in the background: the progress bar, then the file and its password (8).

The tests share the module's demo consortium and run in file order: the PDF journey uses the
claim the compensation journey leaves (or, run alone, a partly paid demo claim)."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from care.selectors import inbox_waiting_count
from cases.models import Case
from compensation.models import Claim, ClaimPayment
from consortium.models import Organisation
from core.money import rupees
from survivors.models import Consent, ConsentPurpose

from .conftest import shot
from .test_login_flow import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

CLAIM_NUMBER = "WB/DLSA/E2E/2026/04"
CWB = "Mitali Sarkar"  # cw_wb, caseworker at Sabuj Sathi Foundation (SSF)


def _day(day: datetime.date) -> str:
    """A date as the pages show it: 4 Dec 2026."""
    return f"{day.day} {day:%b %Y}"


def _current_step(scope, label):
    """The stage a stepper marks as now (aria-current="step")."""
    return scope.get_by_role("list", name=label).locator('[aria-current="step"]')


def _fact(scope, term):
    """The value beside a term in a list of facts."""
    return scope.locator(f'dl.facts dt:text-is("{term}") + dd')


def _case_tab(page, name):
    page.get_by_role("navigation", name="Case sections").get_by_role("link", name=name, exact=True).click()


def _pdf_text(data: bytes, password: str) -> str:
    """The text of a password-protected PDF, opened with the password the page showed."""
    from pypdf import PdfReader

    assert data.startswith(b"%PDF") and b"/Encrypt" in data
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert reader.decrypt(password)
    return "\n".join(p.extract_text() for p in reader.pages)


# --- 4. compensation ----------------------------------------------------------------------------


def _claim_case():
    """An open case of SSF's, of an adult, with no claim and no consent to a compensation
    application yet: the claim and the consent are the journey's own."""
    cases = (
        Case.objects.filter(lead_organisation__short_name="SSF", status=Case.Status.OPEN)
        .filter(compensation_claims__isnull=True)
        .select_related("survivor")
        .order_by("reference")
    )
    for case in cases:
        adult = not case.survivor.is_minor_now and not case.survivor.minor_at_offence
        if adult and not Consent.objects.filter(case=case, purpose=ConsentPurpose.COMPENSATION).exists():
            return case
    raise AssertionError("the demo has no open SSF case of an adult without a claim")


def test_caseworker_takes_a_claim_to_an_award_and_records_a_part_payment(live, page):
    case = _claim_case()
    today = _day(timezone.localdate())
    stages = "Stages of the claim"
    log_in(page, live, "cw_wb")
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()
    page.goto(f"{live}/cases/{case.pk}/")
    _case_tab(page, "Compensation")
    page.get_by_role("link", name="Start a claim", exact=True).click()
    expect(page.get_by_role("heading", name="Start a compensation claim")).to_be_visible()
    page.get_by_label("Scheme and offence").select_option(label="WB VCS 2017 — Trafficking of a person")
    page.get_by_label("Amount claimed (₹)").fill("2,00,000")
    shot(page, "claim-start")
    page.get_by_role("button", name="Start the claim").click()

    expect(page.get_by_text("Claim started. Link the missing documents, then file it.")).to_be_visible()
    claim = Claim.objects.get(case=case)
    heading = page.get_by_role("heading", name=re.compile(r"^Claim under WB VCS 2017"))
    expect(heading).to_contain_text("Screened")
    expect(_current_step(page, stages)).to_have_text("Now: Screened")
    expect(_fact(page, "Offence")).to_have_text("Trafficking of a person: ₹50,000–₹3,00,000")
    expect(_fact(page, "Claimed")).to_have_text("₹2,00,000")
    shot(page, "claim-screened")

    page.get_by_role("link", name="Documents are ready").click()
    expect(page.get_by_role("heading", name="Documents are ready")).to_be_visible()
    page.get_by_label("Why missing documents do not hold the claim").fill(
        "The DLSA accepts the rescue memo now; the other papers follow at the hearing."
    )
    page.get_by_role("button", name="Documents are ready").click()
    expect(page.get_by_text("Recorded: Documents are ready.")).to_be_visible()
    expect(_current_step(page, stages)).to_have_text("Now: Documents ready")

    # Her application goes out in her name: without her consent to it, it is refused, saying why
    # and where to record the consent; the claim stays where it was.
    page.get_by_role("link", name="Record the application").click()
    page.get_by_label("Claim number").fill(CLAIM_NUMBER)
    page.get_by_role("button", name="Record the application").click()
    refusal = page.get_by_role("alert").filter(has_text="consent is not recorded in force")
    expect(refusal).to_contain_text(f"Her “Compensation application” consent is not recorded in force on {today}")
    expect(refusal).to_contain_text("Case → Consent → Record consent")
    shot(page, "claim-apply-refused")
    claim.refresh_from_db()
    assert claim.stage == "documents_ready" and claim.applied_on is None

    _case_tab(page, "Consent")
    page.get_by_role("link", name="Record consent", exact=True).click()
    page.get_by_label("Purpose").select_option(label="Compensation application")
    page.get_by_label("How it was given").select_option(label="Written and signed")
    page.get_by_role("button", name="Record consent").click()
    expect(page.get_by_text("Consent recorded.")).to_be_visible()

    page.goto(f"{live}/cases/{case.pk}/compensation/claims/{claim.pk}/")
    expect(_current_step(page, stages)).to_have_text("Now: Documents ready")
    page.get_by_role("link", name="Record the application").click()
    page.get_by_label("Claim number").fill(CLAIM_NUMBER)
    page.get_by_role("button", name="Record the application").click()
    expect(page.get_by_text("Recorded: Record the application.")).to_be_visible()
    expect(_current_step(page, stages)).to_have_text("Now: Applied")
    expect(_fact(page, "Claim number")).to_have_text(CLAIM_NUMBER)
    expect(_fact(page, "Route")).to_have_text("Application by the survivor")
    expect(_fact(page, "Filed")).to_have_text(today)

    page.get_by_role("link", name="Inquiry started").click()
    page.get_by_role("button", name="Inquiry started").click()
    expect(page.get_by_text("Recorded: Inquiry started.")).to_be_visible()
    expect(_current_step(page, stages)).to_have_text("Now: Under inquiry")

    page.get_by_role("link", name="Compensation awarded").click()
    page.get_by_label("Amount awarded (₹)").fill("1,50,000")
    page.get_by_label("Award order").fill("DLSA/MSD/VC/118/2026")
    page.get_by_role("button", name="Compensation awarded").click()
    expect(page.get_by_text("Recorded: Compensation awarded.")).to_be_visible()
    expect(heading).to_contain_text("Awarded")
    expect(_current_step(page, stages)).to_have_text("Now: Awarded")
    expect(_fact(page, "Awarded")).to_have_text(f"₹1,50,000 ({today}, DLSA/MSD/VC/118/2026)")
    expect(_fact(page, "Paid")).to_contain_text("₹0 — ₹1,50,000")
    payments = page.locator("section[aria-labelledby=claim-payments]")
    expect(payments).to_contain_text("₹0 of ₹1,50,000 paid.")
    expect(payments).to_contain_text("Nothing paid yet.")
    shot(page, "claim-awarded")

    page.get_by_role("link", name="Record a payment").click()
    expect(page.get_by_role("heading", name="Record a payment")).to_be_visible()
    expect(page.get_by_text(f"Awarded ₹1,50,000 on {today}; ₹0 paid so far, ₹1,50,000 unpaid.")).to_be_visible()
    # More than is due: refused on the amount, nothing saved.
    page.get_by_label("Amount (₹)").fill("2,00,000")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator("#id_amount_error")).to_have_text(
        "Payments would total ₹2,00,000, more than the award of ₹1,50,000 (₹1,50,000 remains)."
    )
    expect(page.get_by_label("Amount (₹)")).to_have_attribute("aria-invalid", "true")
    shot(page, "claim-payment-refused")
    assert not ClaimPayment.objects.filter(claim=claim).exists()
    claim.refresh_from_db()
    assert claim.stage == "awarded" and claim.amount_paid == 0

    page.get_by_label("Amount (₹)").fill("60,000")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_text("Payment recorded.")).to_be_visible()
    expect(heading).to_contain_text("Partly disbursed")
    expect(_current_step(page, stages)).to_have_text("Now: Partly disbursed")
    expect(_fact(page, "Awarded")).to_contain_text("₹1,50,000")
    expect(_fact(page, "Paid")).to_contain_text("₹60,000 — ₹90,000")
    expect(_fact(page, "Paid")).to_contain_text("unpaid for 0 days")
    expect(payments).to_contain_text("₹60,000 of ₹1,50,000 paid.")
    row = payments.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text([today, "₹60,000", "Bank transfer to her account", "0", "—", "—"])
    shot(page, "claim-part-paid")
    claim.refresh_from_db()
    assert claim.stage == "partly_disbursed" and claim.amount_paid == 60000
    # Paid straight after the award: its history never entered "Payment pending", and the stages
    # show it skipped, like the interim relief she did not seek.
    history = page.locator("ol.claim-history")
    expect(history).to_contain_text("Partly disbursed")
    expect(history).not_to_contain_text("Payment pending")
    steps = page.get_by_role("list", name="Stages of the claim").locator("li")
    expect(steps.filter(has_text="Interim relief sought")).to_contain_text("Skipped:")
    expect(steps.filter(has_text="Payment pending")).to_contain_text("Skipped:")


# --- 5. repatriation ----------------------------------------------------------------------------


def _repatriation_case():
    """An open case led by Mumbai Mukti Trust (MMT), of an adult from West Bengal, never
    repatriated and not shared with SSF: the consent and the request are the journey's own."""
    cases = (
        Case.objects.filter(lead_organisation__short_name="MMT", status=Case.Status.OPEN, source_state__code="WB")
        .filter(repatriations__isnull=True)
        .select_related("survivor")
        .order_by("reference")
    )
    for case in cases:
        shared = Consent.objects.filter(
            case=case, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient_organisation__short_name="SSF"
        )
        if not case.survivor.is_minor_now and not shared.exists():
            return case
    raise AssertionError("the demo has no open MMT case of a survivor from West Bengal to repatriate")


def test_repatriation_is_accepted_by_the_home_state_and_her_arrival_acknowledged(live, page, browser):
    case = _repatriation_case()
    stages = "Stages of the repatriation"
    log_in(page, live, "cw_mh")
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()
    # She agrees to her case being shared with the organisation in her home state.
    page.goto(f"{live}/cases/{case.pk}/consent/")
    page.get_by_role("link", name="Record consent", exact=True).click()
    page.get_by_label("Purpose").select_option(label="Sharing with a named organisation")
    page.get_by_label("Recipient organisation").select_option(label="Sabuj Sathi Foundation")
    page.get_by_label("How it was given").select_option(label="Written and signed")
    page.get_by_role("button", name="Record consent").click()
    expect(page.get_by_text("Consent recorded.")).to_be_visible()

    _case_tab(page, "Care")
    page.get_by_role("link", name="Request a repatriation").click()
    expect(page.get_by_role("heading", name="Request a repatriation")).to_be_visible()
    page.get_by_label("Receiving organisation:", exact=True).select_option(label="Sabuj Sathi Foundation (West Bengal)")
    note = "She travels with a woman escort; the CWC of her home district is informed."
    page.get_by_label("Note for the receiving organisation").fill(note)
    page.get_by_role("button", name="Send the request").click()
    expect(
        page.get_by_text("Request sent. The receiving organisation sees it in its incoming handovers.")
    ).to_be_visible()
    journey = page.locator("article.repatriation").filter(has_text="MMT (Maharashtra) → SSF (West Bengal)")
    expect(_current_step(journey, stages)).to_have_text("Now: Requested")
    expect(_fact(journey, "Requested")).to_contain_text("Rohini Patil")
    shot(page, "repatriation-requested")

    # SSF's caseworker finds it waiting among her incoming handovers, without the survivor's name.
    waiting = inbox_waiting_count(Organisation.objects.get(short_name="SSF"))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        receiver = context.new_page()
        log_in(receiver, live, "cw_wb")
        inbox_link = receiver.get_by_role("link", name=re.compile(r"^Incoming handovers"))
        expect(inbox_link).to_contain_text(f"{waiting} waiting")
        inbox_link.click()
        expect(receiver.get_by_role("heading", name="Incoming handovers", exact=True)).to_be_visible()
        item = receiver.locator("li.inbox-item").filter(has_text=case.reference)
        expect(item.locator(".panel-head")).to_contain_text("Requested")
        expect(_current_step(item, stages)).to_have_text("Now: Requested")
        expect(_fact(item, "From")).to_have_text("Mumbai Mukti Trust (Maharashtra)")
        expect(_fact(item, "Note from the sender")).to_have_text(note)
        expect(item).not_to_contain_text(case.survivor.full_name)
        shot(receiver, "repatriation-inbox")
        item.get_by_role("link", name=f"Accept {case.reference}").click()
        expect(receiver.get_by_role("heading", name="Accept the handover")).to_be_visible()
        receiver.get_by_role("button", name="Accept the handover").click()
        expect(receiver.get_by_text("Repatriation: Accept the handover.")).to_be_visible()
        # Accepting put her on the case team: she now sees the case, and who the survivor is.
        expect(receiver.get_by_role("heading", level=1)).to_contain_text(case.reference)
        expect(receiver.get_by_role("heading", level=1)).to_contain_text(case.survivor.full_name)

        page.reload()
        expect(_current_step(journey, stages)).to_have_text("Now: Accepted")
        expect(_fact(journey, "Accepted")).to_contain_text(CWB)
        journey.get_by_role("link", name="Travel arranged").click()
        page.get_by_label("Travel date").fill(timezone.localdate().isoformat())
        page.get_by_label("Travel by").select_option(label="Train")
        page.get_by_label("Escort").fill("Rekha, MMT counsellor")
        page.get_by_role("button", name="Travel arranged").click()
        expect(page.get_by_text("Repatriation: Travel arranged.")).to_be_visible()
        expect(_current_step(journey, stages)).to_have_text("Now: Travel arranged")
        journey.get_by_role("link", name="Record the handover").click()
        page.get_by_label("Handover place").fill("Howrah station, platform 9")
        page.get_by_role("button", name="Record the handover").click()
        expect(page.get_by_text("Repatriation: Record the handover.")).to_be_visible()
        expect(_current_step(journey, stages)).to_have_text("Now: Handed over")
        shot(page, "repatriation-handed-over")

        receiver.get_by_role("link", name=re.compile(r"^Incoming handovers")).click()
        expect(item.locator(".panel-head")).to_contain_text("Handed over")
        expect(_current_step(item, stages)).to_have_text("Now: Handed over")
        item.get_by_role("link", name=f"Acknowledge her arrival {case.reference}").click()
        receiver.get_by_role("button", name="Acknowledge her arrival").click()
        expect(receiver.get_by_text("Repatriation: Acknowledge her arrival.")).to_be_visible()
        # No longer under way: among those closed lately, with its outcome.
        expect(item).to_have_count(0)
        closed = receiver.locator("table tbody tr").filter(has_text=case.reference)
        expect(closed).to_contain_text("Arrival acknowledged")
        shot(receiver, "repatriation-inbox-closed")
    finally:
        context.close()

    # The sender sees the stage move, and who acknowledged her arrival.
    page.reload()
    expect(_current_step(journey, stages)).to_have_text("Now: Arrival acknowledged")
    expect(_fact(journey, "Arrived")).to_contain_text(f"acknowledged by {CWB}")
    expect(journey.get_by_role("link")).to_have_count(0)  # nothing left to do
    shot(page, "repatriation-arrived")
    assert case.repatriations.get().stage == "arrival_acknowledged"


# --- 6. coordinator -----------------------------------------------------------------------------


def test_coordinator_opens_a_stalled_case_and_reveals_her_identity_with_a_reason(live, page):
    log_in(page, live, "coordinator")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Consortium dashboard")).to_be_visible()
    tile = page.locator("a.tile").filter(has_text="stalled")
    expect(tile).to_contain_text("stalled (90+ days)")
    stalled = int(tile.locator(".tile-n").inner_text())
    assert stalled >= 1
    shot(page, "dashboard-stalled")
    tile.click()

    expect(page.get_by_role("heading", name="Cases behind the figure")).to_be_visible()
    expect(page.locator("p.lede")).to_have_text(f"Stalled. {stalled} case{'s' if stalled != 1 else ''}.")
    rows = page.locator("table.case-table tbody tr")
    expect(rows).to_have_count(stalled)
    # Each is open, with nothing recorded on it for 90 days or more.
    quiet_since = timezone.localdate() - datetime.timedelta(days=90)
    for index in range(stalled):
        cells = rows.nth(index).locator("td")
        expect(cells.nth(4)).to_have_text("Open")
        assert datetime.datetime.strptime(cells.nth(5).inner_text(), "%d %b %Y").date() <= quiet_since
    row = rows.filter(has=page.locator("span.masked")).filter(has_not_text="identity erased").first
    reference = row.get_by_role("link").inner_text()
    case = Case.objects.select_related("survivor").get(reference=reference)
    name = case.survivor.full_name
    expect(row).not_to_contain_text(name)
    shot(page, "dashboard-stalled-cases")
    row.get_by_role("link", name=reference).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference} · {case.survivor.pseudonym}")
    _case_tab(page, "Survivor")
    expect(page.get_by_role("heading", name="Identity masked")).to_be_visible()
    assert name not in page.content()

    # Without a reason: refused, with the message on the field, and still masked.
    page.get_by_role("button", name="Reveal identity").click()
    expect(page.locator("#id_reason_error")).to_have_text("This field is required.")
    expect(page.get_by_role("heading", name="Identity masked")).to_be_visible()
    assert name not in page.content()
    shot(page, "break-glass-refused")

    reason = "Safety check: the lead caseworker reports threats to her family; the police ask who she is."
    page.get_by_label("Why do you need to see who she is?").fill(reason)
    page.get_by_role("button", name="Reveal identity").click()
    expect(page.get_by_text("Identity revealed for 8 hours. This was logged.")).to_be_visible()
    expect(page.get_by_role("heading", name="Who she is")).to_be_visible()
    expect(_fact(page, "Name")).to_have_text(name)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference} · {name}")
    shot(page, "break-glass-revealed")

    # The reveal is in the case's access log, with her reason; the refused attempt revealed nothing.
    _case_tab(page, "Access log")
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()
    reveals = page.locator("table tbody tr").filter(has_text="Break-glass reveal")
    expect(reveals).to_have_count(1)
    expect(reveals.locator("td").nth(1)).to_have_text("Ritu Banerjee")
    expect(reveals.locator("td").nth(3)).to_contain_text(reason)
    expect(reveals).to_have_class("row-alert")
    shot(page, "break-glass-logged")


# --- 8. generated PDFs --------------------------------------------------------------------------


def _partly_paid_claim() -> Claim:
    """The claim journey 4 left (awarded, partly paid), or, when this test runs alone, a partly paid
    demo claim of SSF's."""
    claims = Claim.objects.select_related("case__survivor", "scheme")
    claim = claims.filter(claim_number=CLAIM_NUMBER).first()
    claim = claim or claims.filter(case__lead_organisation__short_name="SSF", stage="partly_disbursed").first()
    assert claim is not None, "no partly paid claim to write about"
    return claim


def test_compensation_application_shows_its_progress_then_the_file_and_a_letter_in_bengali(live, page, monkeypatch):
    import pdfs.services
    import pdfs.tasks

    claim = _partly_paid_claim()
    case = claim.case
    queued = []

    class Queued:
        """The worker has not picked the job up yet: the request is queued, nothing is built."""

        def delay_on_commit(self, *, document_id):
            queued.append(document_id)

    monkeypatch.setattr(pdfs.tasks, "generated_document_build", Queued())
    log_in(page, live, "cw_wb")
    page.goto(f"{live}/cases/{case.pk}/compensation/claims/{claim.pk}/")
    page.get_by_role("button", name="Compensation application (PDF)").click()

    expect(page.get_by_role("heading", name="Compensation application")).to_be_visible()
    expect(page.get_by_text(f"Asked for by {CWB} on")).to_be_visible()
    status = page.locator("#generated-status")
    bar = status.locator("progress#generated-progress")
    expect(status.locator("label")).to_have_text("Waiting to start")
    expect(bar).to_have_attribute("value", "0")
    expect(status).to_contain_text("0% done. You may leave this page: you will be notified when it is ready.")
    expect(status).to_have_attribute("hx-get", re.compile(rf"/cases/{case.pk}/generated/[0-9a-f-]+/$"))
    expect(page.get_by_role("link", name="Download the PDF")).to_have_count(0)
    shot(page, "application-waiting")
    (document_id,) = queued

    # The worker starts and reports its steps; the page, asking again every second, follows them.
    # Its requests reach the server only while this test waits on the browser (Playwright runs a
    # route's handler then), never while the test itself works on the shared test database.
    polls = []

    def let_through(route):
        polls.append(route.request.headers.get("hx-request"))
        route.continue_()

    page.route(re.compile(rf"/cases/{case.pk}/generated/[0-9a-f-]+/$"), let_through)
    seen = []
    writer = pdfs.services._progress_writer

    def watched(doc_id):
        write = writer(doc_id)

        def progress(percent, step):
            write(percent, step)
            if step == "The offence and the FIR":  # half-way: what the page shows while it builds
                expect(status.locator("label")).to_have_text(step)
                expect(bar).to_have_attribute("value", str(percent))
                expect(status).to_contain_text(f"{percent}% done.")
                expect(page.get_by_role("link", name="Download the PDF")).to_have_count(0)
                shot(page, "application-building")
                seen.append(percent)

        return progress

    monkeypatch.setattr(pdfs.services, "_progress_writer", watched)
    assert pdfs.services.generated_document_build(document_id=document_id) == "done"
    assert seen == [45]

    # Polling brings the finished state: the link, the password once, and no more polling.
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    expect(status.locator("label")).to_have_text("Ready.")
    expect(bar).to_have_attribute("value", "100")
    expect(status).not_to_have_attribute("hx-get", re.compile("."))
    assert polls and set(polls) == {"true"}  # the page asked again by itself (HTMX), not reloaded
    password = page.locator("code.password").inner_text()
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password)
    expect(page.get_by_text("Write it down now: it is shown only this once")).to_be_visible()
    shot(page, "application-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    text = _pdf_text(download.value.path().read_bytes(), password)
    assert "Application for victim compensation" in text
    assert case.reference in text and case.survivor.full_name in text  # it names her: hence the password
    assert claim.scheme.name in text.replace("\n", " ")
    if claim.claim_number:
        assert claim.claim_number in text
    if claim.amount_claimed is not None:
        assert rupees(claim.amount_claimed) in text
    page.reload()
    expect(page.get_by_text("Its password was shown once")).to_be_visible()
    assert password not in page.content()

    # A letter to her in Bengali. Built at once here (the worker runs eagerly in tests): the page
    # shows the finished state straight away, and does not poll.
    page.unroute_all()
    monkeypatch.undo()
    page.get_by_role("link", name="Generated documents").first.click()
    expect(page.get_by_role("heading", name="Generated documents")).to_be_visible()
    page.get_by_label("Letter to survivor in").select_option(label="Bengali (বাংলা)")
    page.get_by_role("button", name="Letter to survivor (PDF)").click()
    expect(page.get_by_role("heading", name="Letter to the survivor (Bengali)")).to_be_visible()
    expect(status.locator("label")).to_have_text("Ready.")
    expect(bar).to_have_attribute("value", "100")
    expect(status).not_to_have_attribute("hx-get", re.compile("."))
    password = page.locator("code.password").inner_text()
    shot(page, "letter-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    text = _pdf_text(download.value.path().read_bytes(), password)
    assert "আপনার মামলা" in text  # "your case", in Bengali
    assert case.reference in text
    # What was awarded, what was paid and what is still due, in rupees with Indian grouping.
    for amount in (claim.awarded_amount, claim.amount_paid, claim.awarded_amount - claim.amount_paid):
        assert rupees(amount) in text

    page.get_by_role("link", name="Generated documents").first.click()
    rows = page.locator("table tbody tr")
    expect(rows.nth(0).locator("td").nth(0)).to_have_text("Letter to the survivor (Bengali)")
    expect(rows.nth(1).locator("td").nth(0)).to_have_text("Compensation application")
    for index in (0, 1):
        expect(rows.nth(index).locator("td").nth(2)).to_have_text("Ready")
        expect(rows.nth(index).locator("td").nth(1)).to_contain_text(CWB)
    shot(page, "generated-list")
