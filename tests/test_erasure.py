"""Erasure at her request: her identity leaves every table, history row and file; the
pseudonymous case and the dashboard's figures stay. All data synthetic."""

import contextlib
import datetime
import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from cases import services as case_services
from cases.factories import open_case
from cases.models import Case, CaseDocument, CaseEvent, StageTransition
from consortium.models import Role
from core import crypto
from privacy import services
from privacy.models import ErasureRequest, LegalHold
from survivors.models import Consent, Survivor, SurvivorSearchToken
from tests.cases.helpers import make_pdf, upload_document

NAME = "Ondrilla Vexmarrow"
OTHER_NAME = "Ondi Vexa"
PHONE = "98406 13579"
PHONE_DIGITS = "9840613579"
GUARDIAN = "Grelda Vexmarrow"
CONTROL_NAME = "Pashmira Control-Quent"

FERNET_TOKEN = re.compile(r"gAAAAA[A-Za-z0-9_\-]+=*")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lata", last_name="Lead")


@pytest.fixture
def admin(make_member, org_wb):
    return make_member(Role.ORG_ADMIN, org_wb, first_name="Anita", last_name="Admin")


@pytest.fixture
def coordinator(make_member, secretariat):
    return make_member(Role.COORDINATOR, secretariat, first_name="Chitra", last_name="Coordinator")


def _seed_demo_like_case(lead):
    """A case with her name and phone in every kind of place the app writes them."""
    case = open_case(
        lead,
        survivor={
            "full_name": NAME,
            "other_names": [OTHER_NAME],
            "phone_numbers": [PHONE],
            "family_contact": f"Aunt {GUARDIAN}, phone 9123400077",
            "origin_village": "Quellapur Tola",
        },
        narrative=f"{NAME} was promised work; her phone {PHONE} was taken.",
        destination_place="Lane VX-42, near the station",
    )
    user = lead.user
    survivor = Survivor.objects.get(pk=case.survivor_id)
    # A history row with an earlier spelling of her name, and one with the guardian.
    survivor.full_name = NAME + " Devi"
    survivor.guardian_name = GUARDIAN
    survivor.guardian_phone = "9123400077"
    case_services.survivor_update(actor=user, case=case, survivor=survivor, expected_version=survivor.version)
    survivor = Survivor.objects.get(pk=case.survivor_id)
    survivor.full_name = NAME
    case_services.survivor_update(actor=user, case=case, survivor=survivor, expected_version=survivor.version)
    case_services.note_add(actor=user, case=case, body=f"{NAME} called from {PHONE}.", visibility="team")
    case_services.task_add(actor=user, case=case, title=f"Call {NAME} back", assignee=user)
    case_services.survivor_update_record(
        actor=user,
        case=case,
        given_on=timezone.localdate(),
        channel="phone_call",
        language="bn",
        message=f"Dear {NAME}, the FIR is registered.",
        response="She wants to attend court.",
    )
    case_services.consent_record(
        actor=user,
        case=case,
        purpose="statistics",
        method=Consent.Method.ORAL_WITNESSED,
        witness_name="Witness Marnie Oxtail",
        legal_basis=f"Told by {NAME} herself",
        given_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    document = upload_document(case, user, data=make_pdf(f"Statement of {NAME}, phone {PHONE_DIGITS}"))
    return Case.objects.get(pk=case.pk), document


def _erase(case, lead, admin, *, how):
    """Her request, recorded by her caseworker and approved by the lead organisation's admin."""
    request = services.erasure_request_record(actor=lead.user, case=case, requested_on=timezone.localdate(), how=how)
    services.erasure_request_approve(actor=admin.user, case=case, request_id=request.pk)
    return request


def _text_of(value) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "ignore")
    return value if isinstance(value, str) else ""


def _digests() -> set[str]:
    return {
        crypto.blind_index("name", crypto.normalise_name(NAME)),
        crypto.blind_index("phone", crypto.normalise_phone(PHONE)),
    }


def _found_in(text: str) -> list[str]:
    """Which of her identifiers the text holds, in clear or inside any Fernet token it carries."""
    found = []
    texts = [text]
    for token in FERNET_TOKEN.findall(text):
        try:
            texts.append(crypto.decrypt_text(token))
        except Exception:  # not a token of ours
            continue
    for each in texts:
        lowered = each.casefold()
        for needle in (NAME, OTHER_NAME, GUARDIAN, "Vexmarrow"):
            if needle.casefold() in lowered:
                found.append(needle)
        if PHONE_DIGITS in re.sub(r"\D", "", each) or PHONE in each:
            found.append("phone")
        found += [f"digest {d[:8]}" for d in _digests() if d in each]
    return found


def raw_database_traces() -> list[str]:
    """Every value of every table, read with SQL (history tables included)."""
    traces = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                for value in row:
                    for needle in _found_in(_text_of(value)):
                        traces.append(f"{table}: {needle}")
    # Session data is signed and encoded: read it as Django does, with any tokens inside.
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    for session in Session.objects.all():
        decoded = json.dumps(SessionStore().decode(session.session_data))
        traces += [f"django_session (decoded): {needle}" for needle in _found_in(decoded)]
    return traces


def media_traces(root: Path) -> list[str]:
    traces = []
    for path in root.rglob("*") if root.exists() else []:
        if not path.is_file():
            continue
        data = path.read_bytes()
        texts = [data.decode("latin-1")]
        with contextlib.suppress(Exception):  # not encrypted with our key
            texts.append(crypto.decrypt_bytes(data).decode("latin-1"))
        for text in texts:
            traces += [f"{path.name}: {needle}" for needle in _found_in(text)]
    return traces


def _figures():
    from dashboard.metrics import dashboard_metrics

    return dashboard_metrics(Case.objects.all(), stalled_days=60)


@pytest.mark.django_db
def test_erasure_leaves_no_trace_in_the_raw_database_or_the_files(
    client, lead, admin, settings, django_capture_on_commit_callbacks
):
    case, document = _seed_demo_like_case(lead)
    control = open_case(lead, survivor={"full_name": CONTROL_NAME})
    # Her caseworker searched for her by name: the search waits, encrypted, in her session.
    client.force_login(lead.user)
    assert client.post("/cases/", {"q": NAME}).status_code == 200
    stored_file = Path(settings.MEDIA_ROOT) / document.file.name
    before_db = raw_database_traces()
    # The sweep sees her where she is: in a token of the survivor table, in history, in the file.
    assert any(t.startswith("survivors_survivor:") for t in before_db)
    assert any(t.startswith("survivors_historicalsurvivor:") for t in before_db)
    assert any(t.startswith("survivors_survivorsearchtoken:") for t in before_db)
    assert any(t.startswith("django_session (decoded):") for t in before_db)
    assert media_traces(Path(settings.MEDIA_ROOT))
    figures_before = _figures()
    events_before = CaseEvent.objects.filter(case=case).count()

    request = services.erasure_request_record(
        actor=lead.user, case=case, requested_on=timezone.localdate(), how=ErasureRequest.How.IN_PERSON
    )
    with pytest.raises(Http404):  # a caseworker records; only the lead organisation's admin approves
        services.erasure_request_approve(actor=lead.user, case=case, request_id=request.pk)
    with django_capture_on_commit_callbacks(execute=True):  # files are deleted once the erasure commits
        services.erasure_request_approve(actor=admin.user, case=case, request_id=request.pk)

    assert raw_database_traces() == []
    assert media_traces(Path(settings.MEDIA_ROOT)) == []
    assert not stored_file.exists()
    # The pseudonymous case stays: reference, survivor pseudonym, stages, documents as records.
    case.refresh_from_db()
    survivor = Survivor.objects.get(pk=case.survivor_id)
    assert survivor.full_name == "" and survivor.phone_numbers == [] and survivor.pseudonym.startswith("S-")
    assert case.reference.startswith("WB-")
    assert not SurvivorSearchToken.objects.filter(survivor=survivor).exists()
    kept = CaseDocument.objects.get(pk=document.pk)
    assert (kept.doc_type, kept.size, kept.file.name, kept.title) == ("statement", document.size, "", "")
    assert CaseEvent.objects.filter(case=case).count() == events_before + 2  # asked, erased
    assert _figures() == figures_before
    # Somebody else's case is untouched.
    assert Survivor.objects.get(pk=control.survivor_id).full_name == CONTROL_NAME
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.ERASED and request.report["survivors.Survivor"] == 1


@pytest.mark.django_db
def test_stage_data_free_text_is_scrubbed_but_codes_dates_and_amounts_stay(lead, admin):
    case, _ = _seed_demo_like_case(lead)
    StageTransition.objects.create(
        case=case,
        workflow="investigation",
        subject_key="legal.fir:1",
        transition="register",
        from_stage="complaint",
        to_stage="fir_registered",
        effective_on=timezone.localdate(),
        data={
            "landmark": "Lane VX-42, Okonkwo",
            "registered_on": "2026-01-05",
            "amount": "25000.00",
            "stage": "fir",
        },
    )
    _erase(case, lead, admin, how=ErasureRequest.How.PHONE)
    row = StageTransition.objects.get(case=case, transition="register")
    assert row.data == {"landmark": "", "registered_on": "2026-01-05", "amount": "25000.00", "stage": "fir"}
    assert (row.from_stage, row.to_stage) == ("complaint", "fir_registered")


@pytest.mark.django_db
def test_the_case_says_identity_erased_on_the_day_at_her_request(client, lead, admin):
    case, _ = _seed_demo_like_case(lead)
    _erase(case, lead, admin, how=ErasureRequest.How.WRITTEN)
    client.force_login(admin.user)
    page = client.get(f"/cases/{case.pk}/survivor/").content.decode()
    day = timezone.localdate().strftime("%-d %b %Y")
    assert f"Identity erased on {day} at her request" in page
    assert NAME not in page


@pytest.mark.django_db
def test_after_erasure_no_one_types_her_identity_back_in(client, lead, admin):
    case, _ = _seed_demo_like_case(lead)
    _erase(case, lead, admin, how=ErasureRequest.How.WRITTEN)
    client.force_login(lead.user)
    url = f"/cases/{case.pk}/survivor/edit/"
    page = client.get(url).content.decode()
    assert "Her identity was erased at her request on" in page
    assert 'name="survivor-full_name"' not in page and 'name="survivor-phone_numbers"' not in page
    assert 'name="survivor-estimated_age"' in page  # what the statistics need can still be corrected

    survivor = Survivor.objects.get(pk=case.survivor_id)
    response = client.post(
        url,
        {
            "survivor-full_name": NAME,
            "survivor-phone_numbers": PHONE,
            "survivor-sex": survivor.sex,
            "survivor-estimated_age": "23",
            "survivor-age_basis": survivor.age_basis or "stated",
            "survivor-preferred_language": survivor.preferred_language,
            "survivor-preferred_channel": survivor.preferred_channel,
            "survivor-version": survivor.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    survivor.refresh_from_db()
    assert (survivor.full_name, survivor.phone_numbers, survivor.estimated_age) == ("", [], 23)

    # The service refuses it too, whoever calls it.
    survivor.full_name = NAME
    with pytest.raises(ValidationError) as refused:
        case_services.survivor_update(actor=lead.user, case=case, survivor=survivor, expected_version=survivor.version)
    assert "not entered again" in str(refused.value.message_dict["full_name"])
    assert Survivor.objects.get(pk=case.survivor_id).full_name == ""


@pytest.mark.django_db
def test_a_form_opened_before_the_erasure_cannot_bring_her_identity_back(lead, admin):
    """Whether she was erased is read afresh when her details are saved (survivors'
    identity_erased_at), not from the copy an edit form loaded before the erasure."""
    case, _ = _seed_demo_like_case(lead)
    stale = Survivor.objects.get(pk=case.survivor_id)  # as an edit form holds her, before the erasure
    assert stale.identity_erased_at is None and stale.full_name == NAME
    _erase(case, lead, admin, how=ErasureRequest.How.WRITTEN)
    erased_at = Survivor.objects.get(pk=case.survivor_id).identity_erased_at
    assert erased_at is not None
    with pytest.raises(ValidationError) as refused:
        case_services.survivor_update(actor=lead.user, case=case, survivor=stale, expected_version=stale.version)
    assert "not entered again" in str(refused.value.message_dict["full_name"])
    fresh = Survivor.objects.get(pk=case.survivor_id)
    assert (fresh.full_name, fresh.identity_erased_at) == ("", erased_at)


@pytest.mark.django_db
def test_a_coordinator_cannot_approve_and_the_recorder_cannot_approve_alone(lead, admin, coordinator):
    case, _ = _seed_demo_like_case(lead)
    request = services.erasure_request_record(
        actor=lead.user, case=case, requested_on=timezone.localdate(), how=ErasureRequest.How.IN_PERSON
    )
    with pytest.raises(Http404):
        services.erasure_request_approve(actor=coordinator.user, case=case, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.PENDING
    assert Survivor.objects.get(pk=case.survivor_id).full_name == NAME
    services.erasure_request_decline(actor=admin.user, case=case, request_id=request.pk, reason="Asked to wait")
    # An admin who records her request herself needs a second admin to approve it.
    mine = services.erasure_request_record(
        actor=admin.user, case=case, requested_on=timezone.localdate(), how=ErasureRequest.How.PHONE
    )
    with pytest.raises(ValidationError, match="Another admin must approve"):
        services.erasure_request_approve(actor=admin.user, case=case, request_id=mine.pk)
    assert Survivor.objects.get(pk=case.survivor_id).full_name == NAME


@pytest.mark.django_db
def test_bad_input_and_a_legal_hold_refuse_with_a_message(lead, admin):
    case, _ = _seed_demo_like_case(lead)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.erasure_request_record(
            actor=lead.user,
            case=case,
            requested_on=timezone.localdate() + datetime.timedelta(days=1),
            how=ErasureRequest.How.PHONE,
        )
    with pytest.raises(ValidationError, match="Choose how she asked"):
        services.erasure_request_record(actor=lead.user, case=case, requested_on=timezone.localdate(), how="fax")
    assert not ErasureRequest.objects.exists()
    services.legal_hold_place(actor=lead.user, case=case, reason="Trial pending; she is the main witness")
    request = services.erasure_request_record(
        actor=lead.user, case=case, requested_on=timezone.localdate(), how=ErasureRequest.How.PHONE
    )
    with pytest.raises(ValidationError, match="legal hold is in force"):
        services.erasure_request_approve(actor=admin.user, case=case, request_id=request.pk)
    assert Survivor.objects.get(pk=case.survivor_id).full_name == NAME
    assert LegalHold.objects.in_force().count() == 1


@pytest.mark.django_db
def test_the_privacy_tab_records_and_approves_through_the_pages(client, lead, admin, coordinator):
    case, _ = _seed_demo_like_case(lead)
    page = f"/privacy/cases/{case.pk}/"
    client.force_login(lead.user)
    assert "Record her request" in client.get(page).content.decode()
    bad = client.post(f"{page}erasure/", {"requested_on": "9999-12-15", "how": "phone"})
    assert bad.status_code == 200 and "cannot be in the future" in bad.content.decode()
    assert not ErasureRequest.objects.exists()
    done = client.post(f"{page}erasure/", {"requested_on": timezone.localdate().isoformat(), "how": "in_person"})
    assert done.status_code == 302
    request = ErasureRequest.objects.get()
    # The caseworker sees no approve button and cannot approve by posting.
    assert "Approve and erase" not in client.get(page).content.decode()
    assert client.post(f"{page}erasure/{request.pk}/approve/").status_code == 404
    # A coordinator (who sees the case masked) gets the 404 of a case that does not exist.
    client.force_login(coordinator.user)
    assert client.get(page).status_code == 404
    assert client.post(f"{page}erasure/{request.pk}/approve/").status_code == 404
    assert Survivor.objects.get(pk=case.survivor_id).full_name == NAME
    client.force_login(admin.user)
    assert "Approve and erase" in client.get(page).content.decode()
    assert client.post(f"{page}erasure/{request.pk}/approve/").status_code == 302
    assert Survivor.objects.get(pk=case.survivor_id).full_name == ""
    assert "Identity erased on" in client.get(page).content.decode()


@pytest.mark.django_db
def test_the_erasure_register_erases_again_after_an_older_backup_is_restored(lead, admin, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    case, _ = _seed_demo_like_case(lead)
    _erase(case, lead, admin, how=ErasureRequest.How.PHONE)
    register = StringIO()
    call_command("erasure_register", stdout=register)
    assert case.reference in register.getvalue() and NAME not in register.getvalue()
    path = tmp_path / "erasures.csv"
    path.write_text(register.getvalue())
    # As if an older backup brought her identity back: no erasure record, her name in place.
    ErasureRequest.objects.all().delete()
    Survivor.objects.filter(pk=case.survivor_id).update(full_name=NAME)
    call_command("erasure_register", "--reapply", str(path), stdout=StringIO())
    assert Survivor.objects.get(pk=case.survivor_id).full_name == ""
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.ERASED
