"""No personal data in the application's logs (cases/logging_filters.py, settings.LOGGING).

The flows that handle her identity run with every logger at DEBUG: opening a case with her
name and phone, searching for her (the search box, and an old address with the name in its
query string), a form refused for bad input, a 404 for an outsider and a 404 on an address
carrying her phone. Her name never reaches a log record at all; what the configured handlers
write out carries neither her name nor her phone. All data synthetic.
"""

import io
import logging

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cases.logging_filters import RedactPII, redact_log_text
from cases.models import Case, ExploitationForm, RecruitmentMeans
from consortium.factories import state
from consortium.models import District, Role

pytestmark = pytest.mark.django_db

NAME = "Rupali Xandervelt"
PHONE = "98312 40917"
PHONE_DIGITS = "9831240917"
SECRETS = (NAME, "Xandervelt", PHONE, PHONE_DIGITS, "98312-40917")


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def outsider(make_member, org_mh):
    return make_member(Role.CASEWORKER, org_mh, first_name="Omkar", last_name="Outsider")


def _district(code):
    return District.objects.filter(state=state(code)).order_by("name").first()


def open_post(lead, **overrides):
    data = {
        "survivor-full_name": NAME,
        "survivor-sex": "female",
        "survivor-estimated_age": "19",
        "survivor-age_basis": "self_reported",
        "survivor-languages_spoken": ["bn"],
        "survivor-preferred_language": "bn",
        "survivor-preferred_channel": "phone_call",
        "survivor-phone_numbers": PHONE,
        "survivor-origin_state": state("WB").pk,
        "survivor-origin_district": _district("WB").pk,
        "survivor-origin_village": "Gosaba Char",
        "case-source_state": state("WB").pk,
        "case-source_district": _district("WB").pk,
        "case-destination_state": state("MH").pk,
        "case-destination_district": _district("MH").pk,
        "case-exploitation_forms": [ExploitationForm.objects.get(code="forced_labour").pk],
        "case-recruitment_means": [RecruitmentMeans.objects.get(code="false_job_offer").pk],
        "case-narrative": "Synthetic: went for work in a garment unit.",
        "case-risk_level": "high",
        "open-lead_caseworker": lead.pk,
    }
    data.update(overrides)
    return data


def _configured_handlers():
    """The handlers settings.LOGGING put on the root logger (the project's outputs)."""
    return [h for h in logging.getLogger().handlers if any(isinstance(f, RedactPII) for f in h.filters)]


@pytest.fixture
def logs(caplog):
    """Every logger at DEBUG; yields (the records as logged, what the project's handlers wrote)."""
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in settings.LOGGING["loggers"])]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    handlers = _configured_handlers()
    assert handlers, "settings.LOGGING puts its filtered console on the root logger"
    output = io.StringIO()
    streams = [h.setStream(output) for h in handlers]
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog, output
    finally:
        for handler, stream in zip(handlers, streams, strict=True):
            handler.setStream(stream)
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _record_texts(caplog) -> list[str]:
    texts = []
    for record in caplog.records:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        texts.append(text + (record.exc_text or ""))
    return texts


def test_her_identity_reaches_no_log(logs, lead, outsider):
    caplog, output = logs
    client = Client()
    client.force_login(lead.user)
    opened = client.post("/cases/new/", open_post(lead))
    assert opened.status_code == 302
    case = Case.objects.get()

    refused = client.post("/cases/new/", open_post(lead, **{"survivor-estimated_age": "150"}))
    assert refused.status_code == 200 and "between 1 and 99" in refused.content.decode()
    assert Case.objects.count() == 1

    found = client.post(reverse("cases:case_list"), {"q": NAME})
    assert case.reference in found.content.decode()
    by_phone = client.post(reverse("cases:case_list"), {"q": PHONE})
    assert case.reference in by_phone.content.decode()
    bookmarked = client.get(reverse("cases:case_list"), {"q": NAME})
    assert bookmarked.status_code == 302

    outside = Client()
    outside.force_login(outsider.user)
    assert outside.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).status_code == 404
    assert outside.get(reverse("cases:survivor_detail", kwargs={"case_id": case.pk})).status_code == 404
    # An address typed with her phone in it: Django logs the path of a 404.
    assert client.get(f"/cases/{PHONE_DIGITS}/", {"q": NAME}).status_code == 404
    assert client.get(f"/places/{PHONE_DIGITS}/").status_code == 404

    records = _record_texts(caplog)
    assert any("Not Found" in text for text in records), "the 404s were logged: the capture works"
    assert [t for t in records if any(s.casefold() in t.casefold() for s in (NAME, "Xandervelt"))] == []
    written = output.getvalue()
    assert "Not Found: /cases/" in written
    assert [s for s in SECRETS if s.casefold() in written.casefold()] == []


def test_every_handler_in_settings_carries_the_filter():
    handlers = settings.LOGGING["handlers"]
    assert handlers
    for name, handler in handlers.items():
        assert "no_pii" in handler.get("filters", []), name
    assert settings.LOGGING["filters"]["no_pii"]["()"] == "cases.logging_filters.RedactPII"
    # Django's own handlers (mail_admins with the request, runserver's line) are not used.
    assert settings.LOGGING["loggers"]["django"]["handlers"] == []
    assert settings.LOGGING["loggers"]["django.server"]["handlers"] == []
    # A Celery worker keeps these handlers rather than its own unfiltered ones.
    assert settings.CELERY_WORKER_HIJACK_ROOT_LOGGER is False


def test_the_filter_rewrites_what_a_library_or_an_exception_might_carry():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactPII())
    logger = logging.getLogger("tests.no_pii")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning('"GET /cases/?q=%s HTTP/1.1" 200', NAME)
        logger.warning("AXES: Repeated login failure by {username: %s, path_info: /accounts/login/}", '"priya.k"')
        logger.info("call back on %s or +91 %s, mail %s", PHONE, PHONE_DIGITS, "priya@example.org")
        try:
            raise ValueError(f"no such number {PHONE}")
        except ValueError:
            logger.exception("lookup failed")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    written = stream.getvalue()
    assert '"GET /cases/?… HTTP/1.1" 200' in written
    assert 'username: "…"' in written and "priya.k" not in written
    assert "call back on [phone] or [phone], mail [email]" in written
    assert "ValueError: no such number [phone]" in written
    assert [s for s in (*SECRETS, "priya@example.org") if s in written] == []


def test_ids_dates_and_numbers_that_are_not_phones_are_kept():
    text = "Generated document 4211 failed on 2026-11-30 14:30 for FIR 123/2026, CNR MHPU010012342023"
    assert redact_log_text(text) == text
