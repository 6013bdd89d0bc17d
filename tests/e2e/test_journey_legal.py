"""The legal work, as caseworkers, lawyers and a coordinator live it in the browser.

Investigation: a caseworker records a destination-state police case on a demo case of hers that has
none, moves it through its steps to "Chargesheet filed" (refused once for a date before the FIR and
once for want of the sections charged), links the source-state FIR she records to it in a
trafficking chain, and records an accused who is also accused on a case she cannot see: she is told
nothing about the other case; a coordinator sees the possible match and reviews it.

Court: a caseworker asks the case's lawyer to review the case file; the lawyer finds it in her review
queue, signs it off, then records on the Court tab a hearing that was adjourned (with the reason and
the next date) and a bail application. The questions she answers with radio buttons (the checklist,
what happened at the hearing) name their groups for a screen reader.

Each journey creates its own records (police cases, a chain, an accused, a review, a hearing, a bail
application) on demo cases nothing else in this module touches; no demo record is edited.
"""

import datetime
import re

import pytest
from django.db.models import F
from django.utils import dateformat, timezone, translation
from playwright.sync_api import expect

from cases.models import Case, CaseAssignment, CaseRole
from cases.selectors import case_list_visible_to
from consortium.models import User
from legal.accused.services import accused_matches
from legal.investigation.demo import STATIONS, section_for
from legal.models import (
    FIR,
    REVIEW_CHECKLIST,
    AccusedMatchAlert,
    BailApplication,
    CaseAccused,
    CourtAccused,
    CourtCase,
    Hearing,
    LawyerReview,
    Stage,
    TraffickingChain,
)

from .conftest import shot
from .test_login_flow import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

CASEWORKER = "cw_wb"
LAWYER = "lawyer_wb"
COORDINATOR = "coordinator"


# --- helpers -----------------------------------------------------------------------------------


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def day(value: datetime.date) -> str:
    """A date as the legal pages show it (the templates' "j M Y")."""
    with translation.override("en"):
        return dateformat.format(value, "j M Y")


def labelled(scope, label: str):
    """The one control a label names (its text, then the ":" Django adds)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$"))


def sign_in(page, live, username):
    log_in(page, live, username)
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    expect(page.get_by_text(User.objects.get(username=username).display_name).first).to_be_visible()


def said(page, text: str):
    """The page's status message (Django's messages)."""
    expect(page.locator(".messages")).to_contain_text(text)


def fir_card(page, fir: FIR):
    return page.locator(f"#fir-{fir.pk}")


def expect_stage(card, stage: str, *, to_come: int):
    """The FIR's stepper marks `stage` as where it is now, with `to_come` stages after it."""
    stepper = card.get_by_role("list", name="Investigation stages")
    expect(stepper.locator("li[aria-current='step']")).to_have_text(f"Now: {stage}")
    expect(stepper.locator("li.step-todo")).to_have_count(to_come)


def station_in(state) -> str:
    """A real police station of the state (the demo's list), as the caseworker types it."""
    districts = STATIONS.get(state.code) or {"": [f"{state.name} police station"]}
    return districts[sorted(districts)[0]][-1]


def led_by(user):
    return CaseAssignment.objects.active().filter(user=user, role=CaseRole.LEAD_CASEWORKER).values("case_id")


def case_without_police_cases(user) -> Case:
    """An open demo case she leads, with no police case yet, trafficked from one state to another
    long enough ago for an investigation to have run its course."""
    case = (
        case_list_visible_to(user)
        .filter(
            pk__in=led_by(user),
            status=Case.Status.OPEN,
            identity_visible=True,
            firs__isnull=True,
            destination_state__isnull=False,
            trafficked_on__lte=days(-60),
        )
        .exclude(destination_state=F("source_state"))
        .select_related("source_state", "destination_state")
        .order_by("pk")
        .first()
    )
    assert case is not None, "the demo has no case of hers without a police case"
    return case


def accused_only_elsewhere(user) -> CaseAccused:
    """An accused (with a name and a phone) recorded on a case she cannot see, whose name and phone
    match no record on any case she can see: recording the same person makes no offer to her."""
    visible = case_list_visible_to(user).values("pk")
    for link in CaseAccused.objects.exclude(case__in=visible).select_related("accused", "case").order_by("pk"):
        accused = link.accused
        if not accused.names or not accused.phones:
            continue
        offered, hidden = accused_matches(actor=user, names=accused.names[:1], phones=accused.phones[:1])
        if not offered and hidden:
            return link
    raise AssertionError("no accused in the demo is recorded only on cases she cannot see")


def record_police_case(page, case, *, state, role: str, station: str, reported_on) -> FIR:
    page.get_by_role("link", name="Record a police case").click()
    expect(page.get_by_role("heading", name="Record a police case")).to_be_visible()
    labelled(page, "State").select_option(label=state.label)
    labelled(page, "Police station").fill(station)
    labelled(page, "Role in the chain").select_option(label=role)
    labelled(page, "Complaint made on").fill(reported_on.isoformat())
    page.get_by_role("button", name="Save").click()
    fir = FIR.objects.filter(case=case).latest("pk")
    said(page, f"Complaint at {station} recorded.")
    expect(fir_card(page, fir).get_by_role("heading", name=f"Complaint at {station}")).to_be_visible()
    expect_stage(fir_card(page, fir), "Reported", to_come=4)
    return fir


def move(page, fir: FIR, step: str):
    """Open a step's form from the FIR's card on the Investigation tab."""
    fir_card(page, fir).get_by_role("link", name=step, exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(rf"^{re.escape(step)}: "))).to_be_visible()


def register_fir(page, fir: FIR, *, number: str, on) -> FIR:
    move(page, fir, "Record the FIR")
    labelled(page, "FIR number").fill(number)
    labelled(page, "FIR registered on").fill(on.isoformat())
    page.get_by_role("button", name="Record the FIR").click()
    fir.refresh_from_db()
    said(page, f"{fir}: now FIR registered.")
    card = fir_card(page, fir)
    expect(card.get_by_role("heading", name=str(fir))).to_be_visible()
    expect_stage(card, "FIR registered", to_come=2)
    return fir


def named_group(page, name: str):
    """The radio buttons of one question, as a group named by the question (a fieldset and its
    legend, or a radiogroup labelled by it)."""
    exactly = re.compile(rf"^\s*{re.escape(name)}\s*:?\s*$")
    return page.get_by_role("group", name=exactly).or_(page.get_by_role("radiogroup", name=exactly))


def checklist_questions() -> list[str]:
    with translation.override("en"):
        return [str(label) for _name, label in REVIEW_CHECKLIST]


# --- investigation ------------------------------------------------------------------------------


def test_caseworker_takes_a_fir_to_chargesheet_links_the_chain_and_records_a_known_accused(live, page, browser):
    caseworker = User.objects.get(username=CASEWORKER)
    case = case_without_police_cases(caseworker)
    # The FIR the day after her rescue (or, for a rescue of the last days, four days ago), the
    # investigation the next day, the chargesheet yesterday; the source state's FIR in between.
    fir_day = min(max(d for d in (case.trafficked_on, case.rescued_on) if d) + datetime.timedelta(days=1), days(-4))
    started, source_day, chargesheet_day = fir_day + datetime.timedelta(days=1), days(-2), days(-1)
    destination_station = station_in(case.destination_state)
    source_station = station_in(case.source_state)

    sign_in(page, live, CASEWORKER)
    page.goto(f"{live}/cases/{case.pk}/")
    page.get_by_role("link", name="Investigation", exact=True).click()
    expect(page.get_by_role("heading", name="Investigation", exact=True)).to_be_visible()
    expect(page.get_by_text("No police case recorded")).to_be_visible()

    # The destination state's police case, from the complaint to the chargesheet.
    destination = record_police_case(
        page,
        case,
        state=case.destination_state,
        role="Destination state",
        station=destination_station,
        reported_on=fir_day,
    )
    destination = register_fir(page, destination, number=f"731/{fir_day.year}", on=fir_day)
    shot(page, "legal-fir-registered")

    move(page, destination, "Investigation started")
    labelled(page, "Investigation started on").fill(started.isoformat())
    labelled(page, "Rank").fill("Inspector")
    page.get_by_role("button", name="Investigation started").click()
    said(page, f"{destination}: now Under investigation.")
    expect_stage(fir_card(page, destination), "Under investigation", to_come=1)

    # No section is charged yet: the chargesheet is refused, and the FIR stays where it was.
    move(page, destination, "Chargesheet filed")
    expect(page.get_by_text("No section is recorded yet: add the sections charged first")).to_be_visible()
    labelled(page, "Chargesheet filed on").fill(chargesheet_day.isoformat())
    page.get_by_role("button", name="Chargesheet filed").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Record the sections charged before the chargesheet (Sections on this FIR)."
    )
    shot(page, "legal-chargesheet-refused-no-sections")
    page.get_by_role("link", name="Cancel").click()
    expect_stage(fir_card(page, destination), "Under investigation", to_come=1)

    code = FIR.objects.get(pk=destination.pk).offence_code
    section = section_for(code, ["143(2)", "143"] if code == "bns" else ["370(2)", "370"])
    fir_card(page, destination).get_by_role("link", name=re.compile(r"^Add sections")).click()
    expect(page.get_by_role("heading", name=f"Sections on {destination}")).to_be_visible()
    labelled(page, "Act (code applied)").select_option(label=section.act.short_name)
    labelled(page, "Sections").fill(section.number)
    page.get_by_role("button", name="Add sections").click()
    said(page, f"Added: {section.label}.")
    expect(fir_card(page, destination).locator("ul.plain li strong", has_text=section.label)).to_be_visible()

    # A chargesheet dated before the FIR is refused, on its date.
    move(page, destination, "Chargesheet filed")
    expect(page.get_by_text(f"Sections charged: {section.label}.")).to_be_visible()
    labelled(page, "Chargesheet filed on").fill((fir_day - datetime.timedelta(days=4)).isoformat())
    labelled(page, "Chargesheet number").fill("CS-731")
    page.get_by_role("button", name="Chargesheet filed").click()
    expect(page.locator(".field-invalid .errorlist")).to_contain_text(
        f"This date is before the FIR was registered ({day(fir_day)})."
    )
    shot(page, "legal-chargesheet-refused-date")
    assert FIR.objects.get(pk=destination.pk).stage == Stage.UNDER_INVESTIGATION

    labelled(page, "Chargesheet filed on").fill(chargesheet_day.isoformat())
    page.get_by_role("button", name="Chargesheet filed").click()
    said(page, f"{destination}: now Chargesheet filed.")
    card = fir_card(page, destination)
    expect_stage(card, "Chargesheet filed", to_come=0)
    expect(card.locator("dl.facts")).to_contain_text(f"{day(chargesheet_day)}, CS-731")
    expect(card.get_by_role("link", name="Chargesheet filed", exact=True)).to_have_count(0)
    shot(page, "legal-chargesheet-filed")

    # The source state's FIR, linked to it: one trafficking chain across the two states.
    source = record_police_case(
        page, case, state=case.source_state, role="Source state", station=source_station, reported_on=source_day
    )
    source = register_fir(page, source, number=f"88/{source_day.year}", on=source_day)
    expect(fir_card(page, destination).get_by_text("Not linked to a chain.")).to_be_visible()
    fir_card(page, destination).get_by_role("link", name=re.compile(r"^Link to the chain")).click()
    expect(page.get_by_role("heading", name=f"Link {destination} to a trafficking chain")).to_be_visible()
    with translation.override("en"):
        option = f"{case.reference} · {source} · {source.state.label} (Source state)"
    labelled(page, "Link with").select_option(label=option)
    page.get_by_role("button", name="Link", exact=True).click()
    chain = TraffickingChain.objects.get(firs=destination)
    said(page, f"Linked in chain {chain.reference}.")
    card = fir_card(page, destination)
    expect(card.get_by_text(f"Chain {chain.reference}")).to_be_visible()
    linked = card.locator("ul.chain li")
    expect(linked).to_have_count(1)
    expect(linked).to_contain_text(f"Source state {case.reference} · {source} · ")
    expect(linked).to_contain_text("FIR registered")
    expect(fir_card(page, source).locator("ul.chain li")).to_contain_text(f"{destination}")
    expect(fir_card(page, source).locator("ul.chain li")).to_contain_text("Chargesheet filed")
    shot(page, "legal-chain-linked")

    page.get_by_role("link", name="Trafficking chains across states").click()
    expect(page.get_by_role("heading", name="Trafficking chains across states")).to_be_visible()
    rows = page.locator("section.chain-card", has=page.get_by_role("heading", name=chain.reference)).locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Destination state")).to_contain_text("Chargesheet filed")
    expect(rows.filter(has_text="Destination state")).to_contain_text(str(destination))
    expect(rows.filter(has_text="Source state")).to_contain_text("FIR registered")
    expect(rows.filter(has_text="Source state")).to_contain_text(str(source))

    # An accused also accused on a case she cannot see: the same name and phone, another format.
    elsewhere = accused_only_elsewhere(caseworker)
    name, phone = elsewhere.accused.names[0], elsewhere.accused.phones[0]
    digits = re.sub(r"\D", "", phone)[-10:]
    page.goto(f"{live}/cases/{case.pk}/investigation/")
    page.get_by_role("link", name="Record an accused person").click()
    expect(page.get_by_role("heading", name="Record an accused person")).to_be_visible()
    labelled(page, "Names").fill(name)
    labelled(page, "Phone numbers").fill(f"+91 {digits[:5]} {digits[5:]}")
    labelled(page, "Part played").select_option(label="Recruiter")
    page.get_by_role("button", name="Continue").click()
    said(page, "Accused person recorded.")
    # Told nothing: no offer to link, no word of a match, nothing of the other case.
    expect(page.get_by_role("heading", name="This person may already be recorded")).to_have_count(0)
    accused_table = page.get_by_role("table", name="Accused persons on this case")
    row = accused_table.locator("tbody tr", has_text=name)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("Recruiter")
    expect(row.locator("td").nth(2)).to_contain_text(digits)
    expect(row.locator("td").nth(3)).to_have_text("—")
    content = page.content()
    assert elsewhere.case.reference not in content
    assert "possible match" not in content.lower()
    shot(page, "legal-accused-recorded-told-nothing")
    recorded = CaseAccused.objects.filter(case=case).select_related("accused").get()
    alert = AccusedMatchAlert.objects.get(accused=recorded.accused, matches=elsewhere.accused)
    assert alert.status == AccusedMatchAlert.Status.OPEN

    # The coordinator sees the possible match, with both cases, and decides it is the same person.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    coordinator = context.new_page()
    sign_in(coordinator, live, COORDINATOR)
    coordinator.goto(f"{live}/investigation/chains/")
    coordinator.get_by_role("link", name="Possible matches of accused persons").click()
    expect(coordinator.get_by_role("heading", name="Possible matches of accused persons")).to_be_visible()
    table = coordinator.get_by_role("table", name="Possible matches to review")
    match = table.locator("tbody tr").filter(has_text=case.reference).filter(has_text=elsewhere.case.reference)
    expect(match).to_have_count(1)
    expect(match.locator("td").nth(0)).to_contain_text(case.lead_organisation.short_name)
    expect(match.locator("td").nth(1)).to_have_text(f"{case.reference} (Recruiter)")
    expect(match.locator("td").nth(2)).to_contain_text(elsewhere.case.reference)
    expect(match.locator("td").nth(3).locator(".tag")).to_have_text(["name", "phone"])
    shot(coordinator, "legal-possible-match")
    match.get_by_role("button", name="Same person").click()
    said(coordinator, "Possible match reviewed.")
    expect(
        table.locator("tbody tr").filter(has_text=case.reference).filter(has_text=elsewhere.case.reference)
    ).to_have_count(0)
    alert.refresh_from_db()
    assert alert.status == AccusedMatchAlert.Status.MERGED
    context.close()

    # Linked as one person; she still sees nothing of the other case.
    page.reload()
    expect(row.locator("td").nth(3)).to_have_text("—")
    assert elsewhere.case.reference not in page.content()


# --- court --------------------------------------------------------------------------------------


def court_case_of_theirs(caseworker, lawyer) -> CourtCase:
    """A demo court case, not decided, with an accused on trial, on an open case she leads and
    the lawyer is on, begun at least a week ago."""
    lawyers_cases = CaseAssignment.objects.active().filter(user=lawyer, role=CaseRole.LAWYER).values("case_id")
    court_case = (
        CourtCase.objects.filter(
            case__in=case_list_visible_to(caseworker).filter(pk__in=led_by(caseworker), status=Case.Status.OPEN),
            judgment__isnull=True,
            cognizance_on__lte=days(-7),
        )
        .filter(case__in=lawyers_cases, accused_links__isnull=False)
        .select_related("case")
        .distinct()
        .order_by("pk")
        .first()
    )
    assert court_case is not None, "the demo has no court case of theirs"
    return court_case


def test_lawyer_signs_off_a_review_and_records_an_adjourned_hearing_and_a_bail_application(live, page, browser):
    caseworker, lawyer = User.objects.get(username=CASEWORKER), User.objects.get(username=LAWYER)
    court_case = court_case_of_theirs(caseworker, lawyer)
    case = court_case.case
    question = "Journey check: is the chargesheet's list of witnesses complete for the trial?"

    # The caseworker asks the lawyer on the team to review the case file.
    sign_in(page, live, CASEWORKER)
    page.goto(f"{live}/cases/{case.pk}/court/")
    expect(page.get_by_role("heading", name="Court", exact=True)).to_be_visible()
    page.get_by_role("link", name="Ask a lawyer to review").first.click()
    expect(page.get_by_role("heading", name="Ask a lawyer to review the case file")).to_be_visible()
    labelled(page, "Lawyer on the team").select_option(label=lawyer.display_name)
    labelled(page, "What should the lawyer look at?").fill(question)
    page.get_by_role("button", name="Send").click()
    said(page, f"{lawyer.display_name} has been asked to review the case file.")
    asked = page.locator("#reviews li", has_text=question)
    expect(asked.locator(".tag")).to_have_text("open 0 days")
    review = LawyerReview.objects.filter(case=case, requested_by=caseworker).latest("pk")
    assert (review.question, review.lawyer, review.status) == (question, lawyer, LawyerReview.Status.OPEN)

    # The lawyer finds it in her queue and signs it off.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    lawyer_page = context.new_page()
    sign_in(lawyer_page, live, LAWYER)
    lawyer_page.get_by_role("navigation", name="Main").get_by_role("link", name="Reviews").click()
    expect(lawyer_page.get_by_role("heading", name="Reviews of case files")).to_be_visible()
    queue = lawyer_page.get_by_role("table", name="Open reviews asked of you, oldest first")
    waiting = queue.locator("tbody tr", has_text=question)
    expect(waiting).to_have_count(1)
    expect(waiting.locator("td").nth(0)).to_have_text(case.reference)
    expect(waiting.locator("td").nth(2)).to_contain_text(caseworker.display_name)
    shot(lawyer_page, "legal-review-queue")
    waiting.get_by_role("link", name=case.reference).click()
    expect(lawyer_page.get_by_role("heading", name=re.compile(r"^Review of the case file"))).to_contain_text("open")
    expect(lawyer_page.get_by_text(question)).to_be_visible()

    # Signing off needs every point answered and the findings.
    lawyer_page.get_by_role("button", name="Sign off").click()
    expect(lawyer_page.get_by_text("Answer every point before signing off.").first).to_be_visible()
    expect(lawyer_page.get_by_text("Write your findings before signing off.")).to_be_visible()
    for point in checklist_questions():
        named_group(lawyer_page, point).get_by_role("radio", name="Yes").check()
    labelled(lawyer_page, "Findings").fill("The witness list is complete; the seizure memo is on file.")
    shot(lawyer_page, "legal-review-answer")
    lawyer_page.get_by_role("button", name="Sign off").click()
    said(lawyer_page, f"Review signed off. {caseworker.display_name} has been told.")
    expect(lawyer_page.get_by_role("heading", name="Reviews of case files")).to_be_visible()
    expect(queue.locator("tbody tr", has_text=question)).to_have_count(0)
    done = lawyer_page.get_by_role("region", name="Signed off recently").locator("li", has_text=question[:60])
    expect(done).to_contain_text(f"signed off {day(today())}")
    review.refresh_from_db()
    assert review.status == LawyerReview.Status.SIGNED_OFF

    # The caseworker who asked sees it signed off.
    page.reload()
    expect(asked.locator(".tag")).to_have_text(f"signed off {day(today())}")

    # On the Court tab, the lawyer records yesterday's hearing: adjourned, with the reason and the next date.
    hearing_day, next_day = days(-1), days(19)
    lawyer_page.goto(f"{live}/cases/{case.pk}/court/")
    card = lawyer_page.locator(f"#court-case-{court_case.pk}")
    expect(card.get_by_role("heading", name=str(court_case))).to_be_visible()
    card.get_by_role("link", name="Record a past hearing").click()
    expect(lawyer_page.get_by_role("heading", name=f"Record a hearing: {court_case}")).to_be_visible()
    labelled(lawyer_page, "Date of the hearing").fill(hearing_day.isoformat())
    labelled(lawyer_page, "Purpose").select_option(label="An application")
    lawyer_page.get_by_label("Adjourned", exact=True).check()
    labelled(lawyer_page, "Reason for the adjournment").select_option(label="Defence sought time")
    labelled(lawyer_page, "More about the adjournment").fill("Defence counsel engaged in another court.")
    labelled(lawyer_page, "Next date").fill(next_day.isoformat())
    shot(lawyer_page, "legal-hearing-form")
    lawyer_page.get_by_role("button", name="Record").click()
    said(lawyer_page, "Hearing recorded.")
    hearings = card.get_by_role("table", name=f"Hearings in {court_case}")
    held = hearings.locator("tbody tr", has=lawyer_page.locator(f"time[datetime='{hearing_day.isoformat()}']")).filter(
        has_text="Defence sought time"
    )
    expect(held).to_have_count(1)
    expect(held.locator("td").nth(1)).to_have_text("An application")
    expect(held.locator("td").nth(2)).to_contain_text("Adjourned Defence sought time")
    expect(held.locator("td").nth(4)).to_have_text(day(next_day))
    scheduled = hearings.locator("tr.row-upcoming", has=lawyer_page.locator(f"time[datetime='{next_day.isoformat()}']"))
    expect(scheduled).to_have_count(1)
    expect(scheduled.locator("td").nth(2)).to_have_text("Scheduled")
    assert Hearing.objects.filter(court_case=court_case, on=next_day, status="scheduled").exists()
    shot(lawyer_page, "legal-hearing-adjourned")

    # A bail application for an accused on trial.
    on_trial = CourtAccused.objects.filter(court_case=court_case).select_related("accused").order_by("pk").first()
    filed = days(-2)
    number = f"BA 731/{filed.year}"
    card.get_by_role("link", name="Record a bail application").click()
    expect(lawyer_page.get_by_role("heading", name=f"Bail application: {court_case}")).to_be_visible()
    labelled(lawyer_page, "Accused").select_option(label=on_trial.accused.display_name)
    labelled(lawyer_page, "Kind").select_option(label="Regular bail")
    labelled(lawyer_page, "Application number").fill(number)
    labelled(lawyer_page, "Filed on").fill(filed.isoformat())
    labelled(lawyer_page, "The survivor's right to be heard").select_option(label="Notice given, not heard")
    labelled(lawyer_page, "Opposed by").select_option(label="Public prosecutor")
    lawyer_page.get_by_role("button", name="Record").click()
    said(lawyer_page, "Bail application recorded.")
    bail = card.get_by_role("table", name="Bail applications in court").locator("tbody tr", has_text=number)
    expect(bail).to_have_count(1)
    expect(bail.locator("td").nth(0)).to_have_text(on_trial.accused.display_name)
    expect(bail.locator("td").nth(1)).to_contain_text(f"Regular bail {number}")
    expect(bail.locator("td").nth(1)).to_contain_text(f"filed {day(filed)}")
    expect(bail.locator("td").nth(2)).to_have_text("Notice given, not heard")
    expect(bail.locator("td").nth(3)).to_have_text("Public prosecutor")
    expect(bail.locator("td").nth(4)).to_contain_text("pending 2 days")
    # Its decision is now due (within two weeks: Satender Kumar Antil v. CBI), among the tab's deadlines.
    deadlines = lawyer_page.get_by_role("region", name="Deadlines")
    expect(
        deadlines.locator(
            "li.deadline", has_text=f"Regular bail application of {on_trial.accused.display_name} decided"
        )
    ).not_to_have_count(0)
    shot(lawyer_page, "legal-bail-recorded")
    assert BailApplication.objects.filter(court_case=court_case, number=number, outcome="pending").exists()
    context.close()


# --- accessibility ------------------------------------------------------------------------------


def test_the_questions_of_radio_buttons_name_their_groups(live, page):
    """Each question answered with radio buttons names its group (a screen reader says the question,
    not only "Yes, radio button"): the review's checklist and what happened at a hearing. Found by
    this module: form_fields.html and step_fields.html gave a RadioSelect a <label> tied to no
    control; they now render a fieldset and its legend."""
    caseworker, lawyer = User.objects.get(username=CASEWORKER), User.objects.get(username=LAWYER)
    review = LawyerReview.objects.filter(lawyer=lawyer, status=LawyerReview.Status.OPEN).order_by("pk").first()
    court_case = court_case_of_theirs(caseworker, lawyer)
    sign_in(page, live, LAWYER)

    page.goto(f"{live}/cases/{review.case_id}/court/reviews/{review.pk}/")
    expect(page.get_by_role("heading", name="Your findings")).to_be_visible()
    for question in checklist_questions():
        expect(named_group(page, question).get_by_role("radio", name="Yes")).to_have_count(1)

    page.goto(f"{live}/cases/{court_case.case_id}/court/{court_case.pk}/hearings/record/")
    expect(page.get_by_role("heading", name=f"Record a hearing: {court_case}")).to_be_visible()
    expect(named_group(page, "What happened").get_by_role("radio", name="Adjourned")).to_have_count(1)
