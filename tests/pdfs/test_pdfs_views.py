"""Asking for, watching and downloading generated PDFs: access (404 outside the case), the
once-shown password, progress, failure and retry, expiry, and bad input on the request form."""

import datetime
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import generated
from cases.models import AccessLogEntry, CaseEvent, GeneratedDocument, Notification
from consortium.models import Role
from pdfs import services
from tests.cases.helpers import FULL_NAME, open_survivor_case
from tests.compensation.helpers import screen
from tests.examples import rolled_back

from .helpers import pdf_text

pytestmark = pytest.mark.django_db
Status = GeneratedDocument.Status
PASSWORD = re.compile(r'<code class="password">([a-z0-9-]+)</code>')


def request_url(case):
    return reverse("pdfs:generated_request", kwargs={"case_id": case.pk})


def status_url(doc):
    return reverse("pdfs:generated_document", kwargs={"case_id": doc.case_id, "token": doc.token})


def download_url(doc):
    return reverse("pdfs:generated_download", kwargs={"case_id": doc.case_id, "token": doc.token})


@pytest.fixture
def ask(client, run_on_commit):
    """ask(member, case, **form) -> (response, the new GeneratedDocument or None); the build runs."""

    def _ask(member, case, **form):
        client.force_login(getattr(member, "user", member))
        before = set(GeneratedDocument.objects.values_list("pk", flat=True))
        response = run_on_commit(client.post, request_url(case), {"kind": "dossier", **form})
        new = GeneratedDocument.objects.exclude(pk__in=before).first()
        return response, new

    return _ask


def test_lawyer_gets_a_protected_dossier_with_a_password_shown_once(client, ask, case, lawyer):
    response, doc = ask(lawyer, case)
    assert response.status_code == 302 and response["Location"] == status_url(doc)
    doc.refresh_from_db()
    assert doc.status == Status.DONE and doc.progress == 100 and doc.password_protected
    assert str(case.pk) in response["Location"] and FULL_NAME not in response["Location"]

    page = client.get(status_url(doc)).content.decode()
    password = PASSWORD.search(page).group(1)
    doc.refresh_from_db()
    assert doc.password == "" and doc.password_shown_at is not None  # erased once shown
    again = client.get(status_url(doc)).content.decode()
    assert password not in again and "was shown once" in again

    download = client.get(download_url(doc))
    assert download.status_code == 200 and download["Cache-Control"] == "no-store"
    assert FULL_NAME not in download["Content-Disposition"]
    data = b"".join(download.streaming_content) if download.streaming else download.content
    assert FULL_NAME.encode() not in data
    assert FULL_NAME in pdf_text(data, password)
    # Stored encrypted at rest, too.
    with default_storage.open(doc.file.name, "rb") as handle:
        assert not handle.read().startswith(b"%PDF")

    actions = list(AccessLogEntry.objects.filter(case=case, user=lawyer.user).values_list("action", "target"))
    assert (AccessLogEntry.Action.EXPORT, f"generate dossier {doc.pk}") in actions
    assert (AccessLogEntry.Action.DOWNLOAD_DOCUMENT, f"generated {doc.pk}") in actions
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DOCUMENT_GENERATED).exists()
    note = Notification.objects.get(user=lawyer.user, case=case)
    assert case.reference in note.title and FULL_NAME not in note.title


def test_outsider_cannot_request_watch_or_fetch(client, ask, case, lawyer, outsider):
    _, doc = ask(lawyer, case)
    client.force_login(outsider.user)
    assert client.post(request_url(case), {"kind": "dossier"}).status_code == 404
    assert client.get(status_url(doc)).status_code == 404
    assert client.get(download_url(doc)).status_code == 404
    assert (
        client.post(reverse("pdfs:generated_retry", kwargs={"case_id": case.pk, "token": doc.token})).status_code == 404
    )
    assert client.get(reverse("pdfs:generated_list", kwargs={"case_id": case.pk})).status_code == 404
    assert GeneratedDocument.objects.count() == 1
    assert AccessLogEntry.objects.filter(user=outsider.user, action=AccessLogEntry.Action.DENIED).exists()


def test_a_token_of_another_case_is_404(client, ask, case, lead, lawyer):
    _, doc = ask(lawyer, case)
    other = open_survivor_case(lead)
    client.force_login(lawyer.user)
    url = reverse("pdfs:generated_download", kwargs={"case_id": other.pk, "token": doc.token})
    assert client.get(url).status_code == 404


def test_teammate_cannot_download_someone_elses_file(client, ask, case, lead, lawyer):
    _, doc = ask(lawyer, case)
    client.force_login(lead.user)
    assert client.get(download_url(doc)).status_code == 404
    page = client.get(status_url(doc)).content.decode()
    assert "Only the person who asked for it can download it." in page
    doc.refresh_from_db()
    assert doc.password  # not taken by someone else's visit


def test_masked_coordinator_gets_a_masked_dossier_without_password(client, ask, case, coordinator):
    response, doc = ask(coordinator, case)
    doc.refresh_from_db()
    assert doc.status == Status.DONE and doc.masked and not doc.password_protected
    data = client.get(download_url(doc)).content
    text = pdf_text(data)
    assert FULL_NAME not in text and case.survivor.pseudonym in text


@pytest.mark.parametrize("language", ["bn", "hi", "en"])
def test_caseworker_prints_a_letter_in_her_language(client, ask, case, lead, language):
    response, doc = ask(lead, case, kind="survivor_letter", language=language)
    doc.refresh_from_db()
    assert doc.status == Status.DONE and doc.language == language
    assert f"-{language}-" in doc.download_name()


def test_letter_page_defaults_to_her_preferred_language(client, case, lead):
    case.survivor.preferred_language = "bn"
    case.survivor.save()
    client.force_login(lead.user)
    page = client.get(reverse("cases:case_survivor_updates", kwargs={"case_id": case.pk})).content.decode()
    assert '<option value="bn" selected>' in page


@pytest.mark.parametrize("kind", ["survivor_letter", "compensation_application"])
def test_coordinator_cannot_ask_for_letters_or_applications(client, case, lead, coordinator, kind):
    claim = screen(case, lead)
    client.force_login(coordinator.user)
    response = client.post(request_url(case), {"kind": kind, "language": "hi", "claim": claim.pk})
    assert response.status_code == 404
    assert not GeneratedDocument.objects.exists()


def test_compensation_application_from_a_claim(client, ask, case, lead):
    claim = screen(case, lead)
    client.force_login(lead.user)
    page = client.get(
        reverse("compensation:claim_detail", kwargs={"case_id": case.pk, "claim_id": claim.pk})
    ).content.decode()
    assert 'name="kind" value="compensation_application"' in page
    response, doc = ask(lead, case, kind="compensation_application", claim=claim.pk)
    doc.refresh_from_db()
    assert doc.status == Status.DONE and doc.params == {"claim_id": claim.pk}


def test_someone_elses_claim_is_404_and_nothing_is_saved(client, case, lead, make_member, org_wb):
    other_lead = make_member(Role.CASEWORKER, org_wb)
    other_case = open_survivor_case(other_lead)
    other_claim = screen(other_case, other_lead)
    client.force_login(lead.user)
    for claim_id in (other_claim.pk, 999999):
        response = client.post(request_url(case), {"kind": "compensation_application", "claim": claim_id})
        assert response.status_code == 404
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "survivor_letter", "language": "fr"}, "Select a valid choice"),
        ({"kind": "compensation_application"}, "Choose the claim"),
        ({"kind": "compensation_application", "claim": "abc"}, "Enter a whole number"),
        ({"kind": "everything"}, "Select a valid choice"),
        ({}, "This field is required"),
    ],
)
def test_bad_request_form_says_why_and_saves_nothing(client, case, lead, form, message):
    client.force_login(lead.user)
    response = client.post(request_url(case), form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not GeneratedDocument.objects.exists()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.one_of(st.sampled_from(["dossier", "survivor_letter", "compensation_application"]), st.text(max_size=40)),
    language=st.one_of(st.sampled_from(["en", "hi", "bn"]), st.text(max_size=20)),
    claim=st.one_of(st.integers(min_value=-(2**40), max_value=2**40).map(str), st.text(max_size=20)),
)
def test_request_form_never_fails_with_a_500(client, case, lead, kind, language, claim):
    """Refused input is a 400 with the form's errors; a claim that is not this case's (the case has
    none) a 404, as if it did not exist; anything else one document queued and a redirect to it."""
    from pdfs.views import GeneratedDocumentRequestForm

    client.force_login(lead.user)
    data = {"kind": kind, "language": language, "claim": claim}
    valid = GeneratedDocumentRequestForm(data).is_valid()
    with rolled_back():
        response = client.post(request_url(case), data)
        queued = GeneratedDocument.objects.filter(case=case).count()
    if not valid:
        assert (response.status_code, queued) == (400, 0)
        assert "could not be requested" in response.content.decode()
    elif kind == "compensation_application":
        assert (response.status_code, queued) == (404, 0)
    else:
        assert (response.status_code, queued) == (302, 1)
        assert response["Location"].startswith(f"/cases/{case.pk}/")


def test_progress_is_written_to_the_row_while_building(case, lead, monkeypatch, run_on_commit):
    from pdfs import dossier

    seen = []
    real = dossier.build_dossier

    def spy(**kwargs):
        kwargs["progress"](42, "Court history")
        row = GeneratedDocument.objects.get(case=case)
        seen.append((row.status, row.progress, row.step))
        return real(**kwargs)

    monkeypatch.setattr(dossier, "build_dossier", spy)
    from cases.selectors import case_get_visible

    visible = case_get_visible(lead.user, case.pk)
    run_on_commit(
        services.generated_document_request,
        actor=lead.user,
        case=visible,
        kind="dossier",
    )
    assert seen == [(Status.RUNNING, 42, "Court history")]
    assert GeneratedDocument.objects.get(case=case).status == Status.DONE


def test_polling_returns_the_partial_with_a_progress_bar(client, case, lead):
    doc = GeneratedDocument.objects.create(
        case=case, kind="dossier", requested_by=lead.user, status=Status.RUNNING, progress=40, step="Court history"
    )
    client.force_login(lead.user)
    page = client.get(status_url(doc), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in page and '<progress id="generated-progress" max="100" value="40">' in page
    assert "<html" not in page and "Court history" in page


def test_failed_build_shows_the_error_and_retry_works(client, ask, case, lead, monkeypatch, run_on_commit):
    from pdfs import dossier

    real = dossier.build_dossier

    def broken(**kwargs):
        kwargs["progress"](30, "FIRs and sections")
        raise RuntimeError(f"boom {FULL_NAME}")

    monkeypatch.setattr(dossier, "build_dossier", broken)
    _, doc = ask(lead, case)
    doc.refresh_from_db()
    assert doc.status == Status.FAILED and not doc.file and doc.error == services.GENERIC_ERROR
    page = client.get(status_url(doc)).content.decode()
    assert "could not be built" in page and ">Retry</button>" in page and "boom" not in page
    assert client.get(download_url(doc)).status_code == 410  # nothing to serve

    monkeypatch.setattr(dossier, "build_dossier", real)
    retry = reverse("pdfs:generated_retry", kwargs={"case_id": case.pk, "token": doc.token})
    response = run_on_commit(client.post, retry)
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.DONE and doc.attempts == 2 and doc.error == ""


def test_failure_is_logged_without_her_data(ask, case, lead, monkeypatch, caplog):
    from pdfs import dossier

    monkeypatch.setattr(dossier, "build_dossier", lambda **kw: (_ for _ in ()).throw(ValueError(FULL_NAME)))
    ask(lead, case)
    assert "ValueError" in caplog.text and FULL_NAME not in caplog.text


def test_expired_file_is_refused_then_purged(client, ask, case, lead, run_on_commit):
    _, doc = ask(lead, case)
    doc.refresh_from_db()
    name = doc.file.name
    GeneratedDocument.objects.filter(pk=doc.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(lead.user)
    response = client.get(download_url(doc))
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert default_storage.exists(name)

    from cases.tasks import generated_documents_purge

    assert run_on_commit(lambda: generated_documents_purge.delay().get()) == 1
    doc.refresh_from_db()
    assert doc.status == Status.EXPIRED and not doc.file and doc.password == ""
    assert not default_storage.exists(name)


def test_ttl_comes_from_settings(ask, case, lead, settings):
    settings.GENERATED_DOCUMENT_TTL_HOURS = 2
    _, doc = ask(lead, case)
    doc.refresh_from_db()
    assert datetime.timedelta(hours=1, minutes=59) < doc.expires_at - doc.finished_at <= datetime.timedelta(hours=2)


def test_a_build_that_died_is_marked_failed(case, lead):
    doc = GeneratedDocument.objects.create(case=case, kind="dossier", requested_by=lead.user, status=Status.RUNNING)
    GeneratedDocument.objects.filter(pk=doc.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    generated.generated_documents_purge()
    doc.refresh_from_db()
    assert doc.status == Status.FAILED and "Try again" in doc.error


def test_list_shows_the_cases_documents_with_status(client, ask, case, lead, lawyer):
    ask(lawyer, case)
    client.force_login(lead.user)
    page = client.get(reverse("pdfs:generated_list", kwargs={"case_id": case.pk})).content.decode()
    assert "Case dossier" in page and "Ready" in page and "Lata Lawyer" in page
    overview = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert 'name="kind" value="dossier"' in overview


def test_purge_command_reports_what_it_deleted(ask, case, lead, run_on_commit):
    from io import StringIO

    from django.core.management import call_command

    _, doc = ask(lead, case)
    GeneratedDocument.objects.filter(pk=doc.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    out = StringIO()
    run_on_commit(call_command, "purge_generated_documents", stdout=out)
    assert "purged: 1" in out.getvalue()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_document_in_the_background(make_member, org_wb):
    """With a broker, the request returns at once and a worker builds the PDF, writing progress."""
    import os
    import time

    from celery.contrib.testing.worker import start_worker

    from cases.selectors import case_get_visible
    from config.celery import app as celery_app
    from tests.conftest import need_service

    broker = os.environ.get("CELERY_BROKER_URL", "")
    need_service("CELERY_BROKER_URL (a real Celery broker)", bool(broker))
    lead = make_member(Role.CASEWORKER, org_wb)
    case = open_survivor_case(lead)
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        visible = case_get_visible(lead.user, case.pk)
        doc = services.generated_document_request(actor=lead.user, case=visible, kind="survivor_letter", language="bn")
        seen = set()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            doc.refresh_from_db()
            seen.add(doc.status)
            if doc.is_finished:
                break
            time.sleep(0.05)
    assert doc.status == Status.DONE, doc.error
    assert doc.password_protected and doc.file


def test_the_service_checks_access_itself(case, lead, coordinator, outsider):
    from django.http import Http404

    with pytest.raises(Http404):
        services.generated_document_request(actor=coordinator.user, case=case, kind="survivor_letter", language="hi")
    with pytest.raises(Http404):
        services.generated_document_request(actor=outsider.user, case=case, kind="dossier")
    with pytest.raises(ValueError):
        services.generated_document_request(actor=lead.user, case=case, kind="survivor_letter", language="fr")
    assert not GeneratedDocument.objects.exists()


def document_events(doc):
    return CaseEvent.objects.filter(kind=CaseEvent.Kind.DOCUMENT_GENERATED, data__generated_document=doc.pk).count()


def test_a_build_redelivered_after_its_worker_died_completes_once(case, lead):
    """The worker died mid-build (row left running under task t-1, attempt 1): that task delivered
    again builds it, another task leaves it alone, and a further copy of the message changes nothing."""
    doc = GeneratedDocument.objects.create(
        case=case, kind="dossier", requested_by=lead.user, status=Status.RUNNING, attempts=1, progress=40, task_id="t-1"
    )
    assert services.generated_document_build(document_id=doc.pk, task_id="t-2") == "skipped"  # another task
    assert services.generated_document_build(document_id=doc.pk, task_id="t-1") == "done"
    assert services.generated_document_build(document_id=doc.pk, task_id="t-1") == "skipped"
    doc.refresh_from_db()
    assert doc.status == Status.DONE and doc.attempts == 2 and default_storage.exists(doc.file.name)
    assert document_events(doc) == 1
    assert Notification.objects.filter(user=lead.user, url__contains=str(doc.token)).count() == 1


def test_a_run_taken_over_cannot_fail_the_row_nor_store_twice(case, lead, monkeypatch):
    """The first run was only slow, not dead: a later run took the row over. The first one's
    failure leaves the row to the later run, which stores the one file."""
    from pdfs import dossier

    doc = GeneratedDocument.objects.create(case=case, kind="dossier", requested_by=lead.user)
    real = dossier.build_dossier

    def overtaken(**kwargs):
        monkeypatch.setattr(dossier, "build_dossier", real)
        assert services.generated_document_build(document_id=doc.pk, task_id="t-1") == "done"
        raise RuntimeError("the slow first run fails late")

    monkeypatch.setattr(dossier, "build_dossier", overtaken)
    assert services.generated_document_build(document_id=doc.pk, task_id="t-1") == "failed"
    doc.refresh_from_db()
    assert doc.status == Status.DONE and doc.error == "" and doc.attempts == 2
    assert document_events(doc) == 1
