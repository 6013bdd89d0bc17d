"""Intake, as a caseworker lives it in the browser: she opens a case for a girl of 15, records her
guardian's consent to several purposes at once, brings a colleague of a partner organisation and a
lawyer onto the team, and uploads a document. The same journey in Bengali on a 360 px phone, and a
person of another organisation who finds none of its pages.

Each journey opens its own case (the module shares one seeded demo) and changes nothing else:
no demo case, nobody's account settings. The words asserted are read from the project's
catalogue in the page's language (`Words`), never typed here in Bengali.
"""

import datetime
import io
import re
import uuid
import warnings
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from playwright.sync_api import expect

from cases import services
from cases.forms import CaseForm, ConsentSeveralForm, DocumentUploadForm, SurvivorForm, TeamAddForm
from cases.models import AccessLogEntry, Case, CaseAssignment, CaseDocument, CaseRole, ExploitationForm
from cases.selectors import case_list_visible_to, team_candidates
from consortium.auth_views import SignInForm
from consortium.models import Membership, State, User
from survivors.models import AgeBasis, Consent, ConsentPurpose
from survivors.services import SurvivorDetails

from .conftest import shot
from .test_login_flow import PASSWORD, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PHONE_WIDTH = 360
PARTNER = "DAS"  # Delhi Ashray Sewa: the partner organisation in the destination state
# Her guardian consents, at once, to these (the sharing one lets a partner's caseworker join).
PURPOSES = [ConsentPurpose.CASE_MANAGEMENT, ConsentPurpose.SHARE_WITH_ORGANISATION, ConsentPurpose.COMPENSATION]
GUARDIAN = "Synthetic Guardian Mother"


class Words:
    """The interface's words in one language, looked up in the project's catalogue when the test runs.

    A msgid the catalogue does not translate yet comes back unchanged: the English stands in, as it
    does on the page, and the msgid is kept in `untranslated` (reported as a warning)."""

    def __init__(self, language: str):
        self.language = language
        self.untranslated: set[str] = set()

    def __call__(self, msgid: str, context: str | None = None) -> str:
        with translation.override(self.language):
            text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
        self._note(msgid, text)
        return text

    def of(self, lazy) -> str:
        """A lazily translated text (a form field's label, a model choice's label), or a function
        that reads one (a reference row's `label`), in this language."""
        read = lazy if callable(lazy) else lambda: str(lazy)
        with translation.override(self.language):
            text = read()
        with translation.override("en"):
            self._note(read(), text)
        return text

    def label(self, form, field: str) -> str:
        return self.of(form.fields[field].label)

    def choice(self, form, field: str, value) -> str:
        """The text of one option of a form's choice field, as the page shows it."""

        def find():
            for key, text in form.fields[field].choices:
                if str(getattr(key, "value", key)) == str(value):
                    return str(text)
            raise AssertionError(f"{value!r} is not a choice of {field}")

        with translation.override(self.language):
            text = find()
        with translation.override("en"):
            self._note(find(), text)
        return text

    def day(self, day: datetime.date) -> str:
        """A date as the case pages show it (the templates' "j M Y")."""
        with translation.override(self.language):
            return dateformat.format(day, "j M Y")

    def size(self, size: int) -> str:
        with translation.override(self.language):
            return filesizeformat(size).replace("\xa0", " ")

    def _note(self, english: str, text: str) -> None:
        if self.language != "en" and text == english:
            self.untranslated.add(english)

    def report(self) -> None:
        if self.untranslated:
            warnings.warn(
                f"No {self.language} translation yet (the English was used): {sorted(self.untranslated)}", stacklevel=2
            )


def labelled(page, label: str):
    """The control a label names (its text, then the ":" Django adds), and only that one."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$"))


def synthetic_pdf(text: str = "Synthetic age proof: not a real document") -> bytes:
    """A minimal valid one-page PDF, with its cross-reference table's offsets computed."""
    content = b"BT /F1 12 Tf 20 50 Td (" + text.encode("ascii") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


PDF = synthetic_pdf()


def test_the_synthetic_pdf_is_one_readable_page():
    """So that a refused upload below is the application's doing, not a broken test file."""
    from pypdf import PdfReader

    assert PDF.startswith(b"%PDF-1.4") and len(PdfReader(io.BytesIO(PDF)).pages) == 1


def row_of(table, text: str):
    """The one body row of a table that shows `text`."""
    row = table.locator("tbody tr").filter(has_text=text)
    expect(row).to_have_count(1)
    return row


def fact(page, term: str):
    """The value of a term in a page's facts list (<dt>term</dt><dd>value</dd>)."""
    return (
        page.locator("dl.facts dt")
        .filter(has_text=re.compile(rf"^\s*{re.escape(term)}\s*$"))
        .locator("xpath=following-sibling::dd[1]")
    )


def no_check(page):
    pass


def fits_a_phone(page):
    """Nothing scrolls sideways on a 360 px screen; if something does, say what sticks out."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE_WIDTH:
        wide = page.evaluate(
            """limit => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit).slice(0, 5)
                .map(e => [e.tagName.toLowerCase(), e.id, e.getAttribute('class')].filter(Boolean).join(' '))""",
            PHONE_WIDTH,
        )
        raise AssertionError(f"{page.url} is {width} px wide on a {PHONE_WIDTH} px screen; sticking out: {wide}")


def in_bengali_on_a_phone(page):
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    fits_a_phone(page)


def sign_in(page, live, username, w: Words):
    """The login form, read in the page's language."""
    form = SignInForm()
    page.goto(f"{live}/accounts/login/")
    expect(page.get_by_role("heading", level=1, name=w("Log in to Nyaya"))).to_be_visible()
    labelled(page, w.label(form, "username")).fill(username)
    labelled(page, w.label(form, "password")).fill(PASSWORD)
    page.get_by_role("button", name=w("Log in"), exact=True).click()
    expect(page.get_by_role("heading", name=w("My cases"), exact=True)).to_be_visible()


@dataclass
class Opened:
    case: Case
    document: CaseDocument
    survivor_name: str


def intake_journey(page, live, w: Words, *, check=no_check, prefix: str = "intake") -> Opened:
    """Journey 1, in the language of `w`: every step asserted on what the page shows, `check`
    run on every page she sees (the phone's width)."""
    caseworker = User.objects.get(username="cw_wb")
    partner = Membership.objects.select_related("user", "organisation").get(
        user__username="cw_dl", organisation__short_name=PARTNER
    )
    lawyer = Membership.objects.select_related("user").get(user__username="lawyer_wb", organisation__short_name="SSF")
    today = timezone.localdate()
    name = f"Journey Synthetica {uuid.uuid4().hex[:6]}"

    # 1. The case-opening form, for a girl of 15.
    survivor_form, case_form = SurvivorForm(prefix="survivor"), CaseForm(prefix="case")
    west_bengal, delhi = State.objects.get(code="WB"), State.objects.get(code="DL")
    sexual = ExploitationForm.objects.get(code="sexual_exploitation")
    page.goto(f"{live}/cases/new/")
    expect(page.get_by_role("heading", level=1, name=w("Open a case"))).to_be_visible()
    check(page)
    labelled(page, w.label(survivor_form, "full_name")).fill(name)
    labelled(page, w.label(survivor_form, "estimated_age")).fill("15")
    labelled(page, w.label(survivor_form, "age_basis")).select_option(
        label=w.choice(survivor_form, "age_basis", AgeBasis.SELF_REPORTED)
    )
    labelled(page, w.label(case_form, "source_state")).select_option(
        label=w.choice(case_form, "source_state", west_bengal.pk)
    )
    labelled(page, w.label(case_form, "destination_state")).select_option(
        label=w.choice(case_form, "destination_state", delhi.pk)
    )
    labelled(page, w.choice(case_form, "exploitation_forms", sexual.pk)).check()
    shot(page, f"{prefix}-open-form")
    page.get_by_role("button", name=w("Open case"), exact=True).click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert case.survivor.full_name == name and case.survivor.estimated_age == 15
    expect(page.get_by_text(w("Case %(ref)s opened.") % {"ref": case.reference}, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{case.reference} · {name}")
    expect(page.locator(".case-meta")).to_contain_text(w("Minor"))
    expect(fact(page, w("From"))).to_have_text(w.of(lambda: west_bengal.label))
    expect(fact(page, w("To"))).to_have_text(w.of(lambda: delhi.label))
    check(page)
    shot(page, f"{prefix}-opened")

    page.get_by_role("link", name=w("Survivor"), exact=True).click()
    expect(page.get_by_role("heading", name=w("Who she is"))).to_be_visible()
    expect(fact(page, w("Name"))).to_have_text(name)
    expect(fact(page, w("Age"))).to_contain_text("15")
    expect(fact(page, w("Age"))).to_contain_text(w("Minor now"))
    check(page)

    # 2. Her consent to several purposes at once: refused while nobody gives it for her.
    page.get_by_role("link", name=w("Consent"), exact=True).click()
    expect(page.get_by_role("heading", name=w("Consent"), exact=True)).to_be_visible()
    expect(page.get_by_text(w("No consent recorded yet."))).to_be_visible()
    check(page)
    page.get_by_role("link", name=w("Several purposes at once")).click()
    expect(page.get_by_role("heading", name=w("Record consent for several purposes"))).to_be_visible()
    expect(
        page.get_by_text(
            w(
                "She is a minor: consent is given by her guardian, or rests on a recorded legal basis such as a "
                "Child Welfare Committee order."
            )
        )
    ).to_be_visible()
    check(page)
    consent_form = ConsentSeveralForm()
    purposes = [w.choice(consent_form, "purposes", purpose) for purpose in PURPOSES]
    for purpose in purposes:
        labelled(page, purpose).check()
    labelled(page, w.label(consent_form, "recipient_organisation")).select_option(label=partner.organisation.name)
    labelled(page, w.label(consent_form, "method")).select_option(
        label=w.choice(consent_form, "method", Consent.Method.WRITTEN)
    )
    # "Given by" left at "the survivor herself": refused, she is 15.
    page.get_by_role("button", name=w("Record consent"), exact=True).click()
    refusal = w(
        "She is a minor: consent is given by her guardian or rests on a recorded legal basis (e.g. a CWC order)."
    )
    expect(page.locator(".field-invalid .errorlist").get_by_text(refusal, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=w("Record consent for several purposes"))).to_be_visible()
    for purpose in purposes:  # what she ticked is still ticked
        expect(labelled(page, purpose)).to_be_checked()
    assert not Consent.objects.filter(case=case).exists()
    check(page)
    shot(page, f"{prefix}-consent-refused")

    # Her guardian gave it, but the form does not name the guardian: refused again.
    given_by = labelled(page, w.label(consent_form, "given_by"))
    given_by.select_option(label=w.choice(consent_form, "given_by", Consent.GivenBy.GUARDIAN))
    page.get_by_role("button", name=w("Record consent"), exact=True).click()
    expect(
        page.locator(".field-invalid .errorlist").get_by_text(w("Name the guardian who gave consent."), exact=True)
    ).to_be_visible()
    assert not Consent.objects.filter(case=case).exists()

    labelled(page, w.label(consent_form, "guardian_name")).fill(GUARDIAN)
    page.get_by_role("button", name=w("Record consent"), exact=True).click()
    expect(
        page.get_by_text(w("Consent recorded for: %(purposes)s.") % {"purposes": ", ".join(purposes)}, exact=True)
    ).to_be_visible()
    consents = page.get_by_role("table", name=w("Consents recorded on this case"))
    expect(consents.locator("tbody tr")).to_have_count(len(PURPOSES))
    for purpose, label in zip(PURPOSES, purposes, strict=True):
        recipient = "—" if purpose == ConsentPurpose.CASE_MANAGEMENT else partner.organisation.name
        expect(row_of(consents, label).locator("td")).to_have_text(
            [
                label,
                recipient,
                w.of(Consent.GivenBy.GUARDIAN.label),
                w.of(Consent.Method.WRITTEN.label),
                w.day(today),
                "—",
                w("In force"),
                w("Withdraw"),
            ]
        )
    recorded = Consent.objects.filter(case=case)
    assert sorted(recorded.values_list("purpose", flat=True)) == sorted(PURPOSES)
    assert {(c.given_by, c.guardian_name) for c in recorded} == {(Consent.GivenBy.GUARDIAN, GUARDIAN)}
    check(page)
    shot(page, f"{prefix}-consents")

    # 3. The team: a caseworker of the partner organisation (her consent to share the case with it)
    # and a lawyer of the lead organisation.
    page.get_by_role("link", name=w("Team"), exact=True).click()
    expect(page.get_by_role("heading", name=w("Case team"))).to_be_visible()
    team = page.get_by_role("table", name=w("People on the case team now"))
    expect(team.locator("tbody tr")).to_have_count(1)
    lead_row = row_of(team, caseworker.display_name)
    expect(lead_row.locator("td").nth(1)).to_have_text(w.of(CaseRole.LEAD_CASEWORKER.label))
    check(page)
    team_form = TeamAddForm(candidates=team_candidates(case))
    person = labelled(page, w.label(team_form, "membership"))
    # Her consent names Delhi Ashray Sewa: its people may be added; Mumbai Mukti Trust's may not.
    expect(person.locator("option", has_text=partner.user.display_name)).to_have_count(1)
    expect(person.locator("option", has_text="Rohini Patil")).to_have_count(0)
    for count, (member, role) in enumerate(((partner, CaseRole.CASEWORKER), (lawyer, CaseRole.LAWYER)), start=2):
        person.select_option(label=w.choice(team_form, "membership", member.pk))
        labelled(page, w.label(team_form, "role")).select_option(label=w.choice(team_form, "role", role))
        page.get_by_role("button", name=w("Add to team"), exact=True).click()
        expect(team.locator("tbody tr")).to_have_count(count)  # the page after this addition
        expect(page.get_by_text(w("Added to the team."), exact=True)).to_be_visible()
    since = w.day(today)
    rows = [
        (caseworker.display_name, CaseRole.LEAD_CASEWORKER, "SSF", w("Lead organisation")),
        (
            partner.user.display_name,
            CaseRole.CASEWORKER,
            PARTNER,
            f"{w('Consent')}: {w.of(ConsentPurpose.SHARE_WITH_ORGANISATION.label)}",
        ),
        (lawyer.user.display_name, CaseRole.LAWYER, "SSF", w("Lead organisation")),
    ]
    for person_name, role, organisation, rests_on in rows:
        expect(row_of(team, person_name).locator("td")).to_have_text(
            [person_name, w.of(role.label), organisation, since, rests_on, f"{w('Remove')} {person_name}"]
        )
    on_team = CaseAssignment.objects.active().filter(case=case)
    assert sorted(on_team.values_list("user__username", "role", "organisation__short_name")) == sorted(
        [("cw_wb", "lead_caseworker", "SSF"), ("cw_dl", "caseworker", PARTNER), ("lawyer_wb", "lawyer", "SSF")]
    )
    check(page)
    shot(page, f"{prefix}-team")

    # 4. A document: a small synthetic PDF, listed, and the same bytes come back.
    title = f"School certificate {uuid.uuid4().hex[:4]} (synthetic)"
    page.get_by_role("link", name=w("Documents"), exact=True).click()
    expect(page.get_by_role("heading", name=w("Documents"), exact=True)).to_be_visible()
    expect(page.get_by_text(w("No documents yet."))).to_be_visible()
    check(page)
    upload_form = DocumentUploadForm()
    labelled(page, w.label(upload_form, "doc_type")).select_option(
        label=w.choice(upload_form, "doc_type", CaseDocument.Type.AGE_PROOF)
    )
    labelled(page, w.label(upload_form, "title")).fill(title)
    labelled(page, w.label(upload_form, "file")).set_input_files(
        {"name": "school-certificate.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name=w("Upload"), exact=True).click()
    expect(page.get_by_text(w("Document uploaded and stored encrypted."), exact=True)).to_be_visible()
    documents = page.get_by_role("table", name=w("Documents on this case"))
    expect(documents.locator("tbody tr")).to_have_count(1)
    expect(row_of(documents, title).locator("td")).to_have_text(
        [
            title,
            f"{w.of(CaseDocument.Type.AGE_PROOF.label)} (PDF)",
            w.size(len(PDF)),
            f"{w.day(today)} · {caseworker.display_name}",
            f"{w('Download')} {title}",
        ]
    )
    document = CaseDocument.objects.get(case=case)
    assert (document.doc_type, document.title, document.size) == ("age_proof", title, len(PDF))
    with document.file.open("rb") as stored:
        assert PDF[:64] not in stored.read()  # stored encrypted, not as uploaded
    check(page)
    shot(page, f"{prefix}-documents")
    with page.expect_download() as download:
        documents.get_by_role("link", name=f"{w('Download')} {title}").click()
    assert download.value.path().read_bytes() == PDF
    assert download.value.suggested_filename.endswith(".pdf")
    return Opened(case=case, document=document, survivor_name=name)


def test_caseworker_opens_a_case_for_a_minor(live, page):
    """Journey 1: cw_wb, in English on a desktop."""
    log_in(page, live, "cw_wb")
    opened = intake_journey(page, live, Words("en"), prefix="intake")
    # The partner's caseworker now sees the case; her colleagues do not.
    assert case_list_visible_to(User.objects.get(username="cw_dl")).filter(pk=opened.case.pk).exists()
    assert not case_list_visible_to(User.objects.get(username="das_caseworker1")).filter(pk=opened.case.pk).exists()


@pytest.fixture
def bengali_phone(browser):
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_caseworker_opens_a_case_for_a_minor_in_bengali_on_a_phone(live, bengali_phone):
    """Journey 9: journey 1 again, in Bengali on a 360 px screen. The language is chosen with the
    footer's switcher before she signs in, so her account (shared by the demo) keeps no choice."""
    page = bengali_phone
    w = Words("bn")
    page.goto(f"{live}/accounts/login/")
    labelled(page, "Language").select_option("bn")
    page.get_by_role("button", name="Change", exact=True).click()
    in_bengali_on_a_phone(page)
    sign_in(page, live, "cw_wb", w)
    # Her home page's heading is the catalogue's Bengali, not the English.
    assert w("My cases") != "My cases"
    expect(page.get_by_role("heading", name=w("My cases"), exact=True)).to_be_visible()
    in_bengali_on_a_phone(page)
    shot(page, "intake-bn-home")

    opened = intake_journey(page, live, w, check=in_bengali_on_a_phone, prefix="intake-bn")
    assert opened.case.consents.count() == len(PURPOSES)
    assert User.objects.get(username="cw_wb").preferred_language == ""  # her account is as it was
    w.report()


def case_for_a_minor(name: str) -> Case:
    """A case opened by cw_wb, as journey 1 opens it, through the service the form calls."""
    lead = Membership.objects.select_related("user", "organisation").get(
        user__username="cw_wb", organisation__short_name="SSF"
    )
    return services.case_open(
        actor_membership=lead,
        survivor=SurvivorDetails(full_name=name, estimated_age=15, age_basis=AgeBasis.SELF_REPORTED),
        source_state=State.objects.get(code="WB"),
        destination_state=State.objects.get(code="DL"),
        exploitation_forms=[ExploitationForm.objects.get(code="sexual_exploitation")],
    )


def case_like_journey_one() -> Opened:
    """The case journey 1 leaves (a minor's, her guardian's consent, the team, a document), made
    through the services it calls."""
    name = f"Outsider Synthetica {uuid.uuid4().hex[:6]}"
    case = case_for_a_minor(name)
    actor = case.opened_by
    partner = Membership.objects.get(user__username="cw_dl", organisation__short_name=PARTNER)
    services.consent_record_several(
        actor=actor,
        case=case,
        purposes=PURPOSES,
        given_by=Consent.GivenBy.GUARDIAN,
        guardian_name=GUARDIAN,
        method=Consent.Method.WRITTEN,
        given_on=timezone.localdate(),
        recipient_organisation=partner.organisation,
    )
    services.team_add(actor=actor, case=case, membership=partner, role=CaseRole.CASEWORKER)
    lawyer = Membership.objects.get(user__username="lawyer_wb", organisation__short_name="SSF")
    services.team_add(actor=actor, case=case, membership=lawyer, role=CaseRole.LAWYER)
    document = services.document_upload(
        actor=actor,
        case=case,
        doc_type=CaseDocument.Type.AGE_PROOF,
        title="School certificate (synthetic)",
        uploaded=SimpleUploadedFile("school-certificate.pdf", PDF, content_type="application/pdf"),
    )
    return Opened(case=case, document=document, survivor_name=name)


@pytest.mark.parametrize(
    "username",
    [
        pytest.param("cw_mh", id="caseworker-of-an-organisation-not-on-the-case"),
        pytest.param("das_caseworker1", id="colleague-of-the-partner-not-on-the-team"),
    ],
)
def test_a_person_of_another_organisation_gets_not_found(live, page, username):
    """Journey 7: every page of journey 1's case is the same "not found" as a case that does not
    exist, and says nothing of her. Both the caseworker of an organisation that is not on the case
    and a colleague of the partner organisation (its consent is in force, she is not on the team)."""
    opened = case_like_journey_one()
    case = opened.case
    outsider = User.objects.get(username=username)
    assert not case_list_visible_to(outsider).filter(pk=case.pk).exists()
    assert case_list_visible_to(User.objects.get(username="cw_dl")).filter(pk=case.pk).exists()

    log_in(page, live, username)
    expect(page.get_by_role("heading", name="My cases", exact=True)).to_be_visible()
    missing = (Case.objects.aggregate(top=Max("pk"))["top"] or 0) + 1000
    response = page.goto(f"{live}/cases/{missing}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1, name="Not found")).to_be_visible()
    not_found = page.locator("main").inner_text()
    assert "There is nothing here, or you do not have access to it." in not_found
    title = page.title()

    pages = [
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:survivor_detail", args=[case.pk]),
        reverse("cases:case_consent", args=[case.pk]),
        reverse("cases:case_consent_new_several", args=[case.pk]),
        reverse("cases:case_team", args=[case.pk]),
        reverse("cases:case_documents", args=[case.pk]),
        reverse("cases:case_document_download", args=[case.pk, opened.document.pk]),
    ]
    for path in pages:
        response = page.goto(f"{live}{path}")  # the download too: a page, not a file
        assert response.status == 404, path
        expect(page.get_by_role("heading", level=1, name="Not found")).to_be_visible()
        assert page.locator("main").inner_text() == not_found, path
        assert page.title() == title, path
        content = page.content()
        for secret in (case.reference, opened.survivor_name, case.survivor.pseudonym, GUARDIAN):
            assert secret not in content, (path, "shows something of the case")
    shot(page, f"outsider-not-found-{username}")

    # Each refusal is in the case's access log, once, as denied; nothing was shown to her.
    logged = AccessLogEntry.objects.filter(case=case, user=outsider)
    assert sorted(logged.values_list("path", flat=True)) == sorted(pages)
    assert set(logged.values_list("action", flat=True)) == {AccessLogEntry.Action.DENIED}
    # Her own list of cases does not have it either.
    page.goto(f"{live}/cases/")
    expect(page.get_by_role("heading", name="Cases", exact=True)).to_be_visible()
    assert case.reference not in page.content()


def test_the_checkbox_groups_of_journey_one_are_named_by_their_question(live, page):
    """The purposes of her consent and the forms of exploitation are each a group named by its question."""
    w = Words("en")
    case = case_for_a_minor(f"Group Synthetica {uuid.uuid4().hex[:6]}")
    log_in(page, live, "cw_wb")
    page.goto(f"{live}/cases/{case.pk}/consent/several/")
    purposes = page.get_by_role("group", name=w.label(ConsentSeveralForm(), "purposes"))
    expect(purposes.get_by_role("checkbox")).to_have_count(len(ConsentPurpose.choices), timeout=2_000)
    page.goto(f"{live}/cases/new/")
    forms = page.get_by_role("group", name=w.label(CaseForm(prefix="case"), "exploitation_forms"))
    expect(forms.get_by_role("checkbox")).to_have_count(ExploitationForm.objects.count(), timeout=2_000)
