"""The three PDFs themselves: content (pypdf text extraction), Indic fonts embedded and
shaped text present, encryption, masking, and gaps marked on a bare case."""

import io

import pytest
from pypdf import PdfReader

from cases.permissions import case_access
from cases.selectors import case_get_visible
from pdfs.base import script_runs
from pdfs.compensation_application import build_compensation_application
from pdfs.dossier import build_dossier
from pdfs.services import encrypt_pdf, new_password
from pdfs.survivor_letter import build_survivor_letter, default_language
from tests.cases.helpers import FULL_NAME, NARRATIVE
from tests.compensation.helpers import screen, upload_all_documents
from tests.legal.court_helpers import make_court_case
from tests.legal.helpers import ACCUSED_NAME, make_fir

from .helpers import embedded_fonts, pdf_text

pytestmark = pytest.mark.django_db


def access_of(member, case):
    user = getattr(member, "user", member)
    visible = case_get_visible(user, case.pk)
    assert visible is not None
    return user, visible, case_access(user, visible)


def test_script_runs_put_each_script_in_its_font():
    assert script_runs("প্রিয় Mitali, 12.03.2026") == [("NotoSansBengali", "প্রিয় "), ("NotoSans", "Mitali, 12.03.2026")]
    assert [f for f, _ in script_runs("नमस्ते WB-2026-0001।")] == ["NotoSansDevanagari", "NotoSans"]


def test_bare_case_dossier_marks_gaps_instead_of_failing(case, lead):
    user, visible, access = access_of(lead, case)
    built = build_dossier(user=user, case=visible, access=access)
    text = pdf_text(built.data)
    assert f"Case dossier {case.reference}" in text
    assert "No FIR recorded." in text
    assert "No court case recorded." in text
    assert "No compensation claim recorded." in text
    assert "Not recorded" in text
    assert FULL_NAME in text and NARRATIVE in text  # the full dossier names her


def test_full_dossier_has_firs_sections_accused_court_and_deadlines(case, lead, lawyer):
    fir = make_fir(case, lead.user, stage="chargesheet_filed")
    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    user, visible, access = access_of(lawyer, case)
    progress = []
    built = build_dossier(user=user, case=visible, access=access, progress=lambda p, s: progress.append((p, s)))
    text = pdf_text(built.data)
    assert fir.fir_number in text and fir.police_station in text
    assert "BNS 143 (IPC 370)" in text  # both codes
    assert ACCUSED_NAME in text
    assert court_case.cnr in text
    assert "Charges framed" in text or "charges" in text
    assert "Open deadlines" in text
    assert f"Page 1 of {built.pages}" in text
    assert [p for p, _ in progress] == sorted(p for p, _ in progress) and progress[0][0] < progress[-1][0]


def test_masked_coordinator_gets_a_dossier_without_identity(case, lead, lawyer, coordinator):
    make_fir(case, lead.user, stage="chargesheet_filed")
    make_court_case(case, lawyer.user, stage="charges_framed")
    user, visible, access = access_of(coordinator, case)
    assert not access.identity_visible
    text = pdf_text(build_dossier(user=user, case=visible, access=access).data)
    assert "Masked dossier" in text
    assert case.survivor.pseudonym in text
    assert FULL_NAME not in text and NARRATIVE not in text and ACCUSED_NAME not in text
    assert "BNS 143 (IPC 370)" in text  # stages and sections are still there


def test_header_and_footer_never_carry_identity(case, lead):
    user, visible, access = access_of(lead, case)
    built = build_dossier(user=user, case=visible, access=access)
    pdf = PdfReader(io.BytesIO(built.data))
    assert FULL_NAME not in str(pdf.metadata)
    total = len(pdf.pages)
    assert total == built.pages
    for number, page in enumerate(pdf.pages, start=1):
        # Header and footer are drawn last on each page: reference, document, footer, page X of Y.
        margins = page.extract_text().splitlines()[-4:]
        assert margins == [case.reference, "Case dossier", "Confidential · Nyaya", f"Page {number} of {total}"]


@pytest.mark.parametrize(
    ("language", "words", "sentences", "font"),
    [
        # Words whose glyphs map one to one come back out of the PDF as they went in...
        ("bn", ["আপনার মামলা", "আপনার জন"], ["আপনার মামলা সম্পর্কে", "এরপর কী হবে", "প্রিয় Mitali,"], "NotoSansBengali"),
        ("hi", ["आपके", "आगे", "होगा"], ["आपके केस के बारे में", "आगे क्या होगा", "प्रिय Mitali,"], "NotoSansDevanagari"),
        ("en", ["About your case", "What comes next"], ["Dear Mitali,"], None),
    ],
)
def test_letter_in_her_language_embeds_the_indic_font(case, lead, language, words, sentences, font):
    from cases.survivor_messages import NEXT_STEPS

    user, visible, access = access_of(lead, case)
    built = build_survivor_letter(user=user, case=visible, access=access, language=language)
    text = pdf_text(built.data)
    for word in words:
        assert word in text
    assert case.reference in text
    # ...conjuncts and pre-base vowel signs are shaped glyphs in visual order, so the exact
    # Unicode text is checked on what was laid out.
    for sentence in [*sentences, NEXT_STEPS["general"][language]]:
        assert sentence in built.text
    fonts = embedded_fonts(built.data)
    assert fonts.get("NotoSans-Regular") is True  # Latin (her name, the reference) in Noto Sans, embedded
    assert all(fonts.values()), fonts  # every font used is embedded
    if font:
        assert fonts.get(f"{font}-Regular") is True, fonts


def test_letter_tells_her_about_the_fir(case, lead):
    make_fir(case, lead.user, stage="fir_registered")
    user, visible, access = access_of(lead, case)
    text = pdf_text(build_survivor_letter(user=user, case=visible, access=access, language="en").data)
    assert "The police registered your complaint (FIR)" in text
    assert "the police may ask for your statement" in text


def test_letter_defaults_to_her_language_or_hindi(case):
    case.survivor.preferred_language = "bn"
    assert default_language(case.survivor) == "bn"
    case.survivor.preferred_language = "or"  # Odia: no letter template yet
    assert default_language(case.survivor) == "hi"


def test_letter_refuses_an_unknown_language(case, lead):
    user, visible, access = access_of(lead, case)
    with pytest.raises(ValueError):
        build_survivor_letter(user=user, case=visible, access=access, language="fr")


def test_compensation_application_lists_annexures_and_marks_missing(case, lead):
    upload_all_documents(case, lead, types=["fir_copy"])
    claim = screen(case, lead)
    from compensation import services

    services.claim_document_link(actor=lead.user, claim=claim, requirement="fir", document=case.documents.first())
    user, visible, access = access_of(lead, case)
    claim.refresh_from_db()
    built = build_compensation_application(user=user, case=visible, access=access, claim=claim)
    text = pdf_text(built.data)
    assert "Application for victim compensation" in text
    assert "Under NALSA Compensation Scheme" in text
    assert FULL_NAME in text
    assert "Annexure 1" in text and "Attached" in text and "MISSING" in text
    assert "required document(s) missing" in text
    assert "Bank details for payment" in text


def test_encrypted_pdf_opens_only_with_its_password(case, lead):
    user, visible, access = access_of(lead, case)
    data = build_survivor_letter(user=user, case=visible, access=access, language="hi").data
    password = new_password()
    locked = encrypt_pdf(data, password)
    pdf = PdfReader(io.BytesIO(locked))
    assert pdf.is_encrypted
    assert not pdf.decrypt("wrong-password")
    assert FULL_NAME.encode() not in locked
    assert case.reference in pdf_text(locked, password)
    assert "/AESV3" in str(PdfReader(io.BytesIO(locked)).trailer["/Encrypt"].get_object().get("/CF"))


def test_survivor_leader_on_the_team_gets_a_masked_dossier(case, lead, collective, make_member):
    from cases.factories import give_consent
    from cases.models import CaseRole
    from cases.services import team_add
    from consortium.models import Role
    from survivors.models import ConsentPurpose

    leader = make_member(Role.SURVIVOR_LEADER, collective, first_name="Sona", last_name="Leader")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    team_add(actor=lead.user, case=case, membership=leader, role=CaseRole.SURVIVOR_LEADER)
    user, visible, access = access_of(leader, case)
    assert access.can_request_dossier and not access.dossier_is_full
    assert not access.can_request_survivor_letter and not access.can_request_compensation_application
    text = pdf_text(build_dossier(user=user, case=visible, access=access).data)
    assert "Masked dossier" in text and FULL_NAME not in text and NARRATIVE not in text


def test_dossier_reads_its_data_in_a_constant_number_of_queries(case, lead, lawyer, django_assert_max_num_queries):
    import datetime

    from django.utils import timezone

    from cases.models import CaseEvent
    from legal.models import Hearing

    make_fir(case, lead.user, stage="chargesheet_filed")
    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    today = timezone.localdate()
    Hearing.objects.bulk_create(
        [
            Hearing(
                court_case=court_case,
                on=today - datetime.timedelta(days=i),
                purpose="prosecution_evidence",
                created_by=lead.user,
            )
            for i in range(1, 60)
        ]
    )
    CaseEvent.objects.bulk_create(
        [CaseEvent(case=case, kind="court", actor=lead.user, summary=f"step {i}") for i in range(200)]
    )
    user, visible, access = access_of(lawyer, case)
    with django_assert_max_num_queries(40):
        built = build_dossier(user=user, case=visible, access=access)
    assert built.pages >= 5
