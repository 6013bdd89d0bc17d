"""Retention rules: reference data with sources, applied by a periodic task. All data synthetic."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, GeneratedDocument
from consortium.models import Role
from privacy.models import ErasureRequest, LegalHold, RetentionRule
from privacy.reference import load_retention_rules
from survivors.models import Survivor
from tests.cases.helpers import FULL_NAME, open_survivor_case, upload_document


@pytest.fixture(autouse=True)
def _rules(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_retention_rules(RetentionRule)  # a transactional test elsewhere may have emptied the table


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb)


def _close(case, lead, *, days_ago):
    case = Case.objects.get(pk=case.pk)
    return case_services.case_close(
        actor=lead.user,
        case=case,
        expected_version=case.version,
        reason=Case.ClosureReason.JUSTICE_COMPLETE,
        closed_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def test_every_rule_names_its_source_and_the_task_is_scheduled_nightly():
    rules = list(RetentionRule.objects.all())
    assert {r.code for r in rules} >= {"generated_document_records", "access_log", "closed_case_identity"}
    for rule in rules:
        assert rule.source and rule.keep_days > 0
        assert rule.source_kind == "law" or "consortium practice" in rule.source
    assert "CERT-In" in RetentionRule.objects.get(code="access_log").minimum_by_law
    entry = django_settings.CELERY_BEAT_SCHEDULE["retention-apply"]
    assert entry["task"] == "privacy.tasks.retention_apply"


def test_a_case_closed_long_ago_loses_her_identity_unless_a_legal_hold_or_recent(lead, client):
    old = _close(open_survivor_case(lead), lead, days_ago=8 * 365)
    held = _close(open_survivor_case(lead, survivor={"full_name": "Held Case Yarrowmere"}), lead, days_ago=8 * 365)
    LegalHold.objects.create(case=held, reason="Appeal pending", placed_by=lead.user)
    recent = _close(open_survivor_case(lead, survivor={"full_name": "Recent Case Quillon"}), lead, days_ago=30)
    still_open = open_survivor_case(lead, survivor={"full_name": "Open Case Brindlewick"})

    call_command("apply_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Survivor.objects.get(pk=old.survivor_id).full_name == ""
    erasure = ErasureRequest.objects.get(survivor_id=old.survivor_id)
    assert (erasure.status, erasure.trigger) == ("erased", "closed_case_identity")
    assert Survivor.objects.get(pk=held.survivor_id).full_name == "Held Case Yarrowmere"
    assert Survivor.objects.get(pk=recent.survivor_id).full_name == "Recent Case Quillon"
    assert Survivor.objects.get(pk=still_open.survivor_id).full_name == "Open Case Brindlewick"
    assert FULL_NAME not in str(Survivor.objects.values_list("full_name", flat=True))
    client.force_login(lead.user)
    page = client.get(f"/cases/{old.pk}/survivor/").content.decode()
    assert "under the retention rule closed_case_identity" in page


def test_a_disabled_rule_is_not_applied(lead):
    RetentionRule.objects.filter(code="closed_case_identity").update(enabled=False)
    old = _close(open_survivor_case(lead), lead, days_ago=8 * 365)
    from privacy.retention import retention_apply

    done = retention_apply()
    assert "closed_case_identity" not in done
    assert Survivor.objects.get(pk=old.survivor_id).full_name == FULL_NAME


def test_old_generated_document_records_go_and_recent_ones_stay(lead):
    case = open_survivor_case(lead)
    now = timezone.now()
    old = GeneratedDocument.objects.create(
        case=case,
        kind="dossier",
        requested_by=lead.user,
        status="expired",
        requested_at=now - datetime.timedelta(days=40),
    )
    recent = GeneratedDocument.objects.create(
        case=case,
        kind="dossier",
        requested_by=lead.user,
        status="expired",
        requested_at=now - datetime.timedelta(days=5),
    )
    from privacy.tasks import retention_apply

    done = retention_apply.apply().get()
    assert done["generated_document_records"] == 1
    assert not GeneratedDocument.objects.filter(pk=old.pk).exists()
    assert GeneratedDocument.objects.filter(pk=recent.pk).exists()


def _aged(path, *, hours):
    import os

    then = (timezone.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(path, (then, then))


def test_stored_files_no_record_names_are_deleted_once_old(lead, settings):
    """A file stored before its row was committed (the process killed between the two) is deleted
    by the nightly retention run once older than any build may run; a file a row names, or one
    still young enough to be a build in progress, stays."""
    from privacy.retention import orphan_after, orphan_files_delete
    from privacy.tasks import retention_apply

    settings.CELERY_HEAVY_TASK_TIME_LIMIT = 1800
    assert orphan_after() == datetime.timedelta(hours=1)
    case = open_survivor_case(lead)
    kept = upload_document(case, lead.user)
    media = settings.MEDIA_ROOT
    (media / "generated").mkdir(parents=True, exist_ok=True)
    orphans = [media / "documents" / "0badc0ffee.bin", media / "generated" / "0deadbeef.bin"]
    young = media / "generated" / "0building.bin"
    for path in [*orphans, young]:
        path.write_bytes(b"ciphertext")
    for path in [*orphans, media / kept.file.name]:
        _aged(path, hours=3)
    _aged(young, hours=0.5)

    done = retention_apply.apply().get()

    assert done["orphan_files"] == 2
    assert not any(path.exists() for path in orphans)
    assert young.exists() and (media / kept.file.name).exists()
    assert orphan_files_delete() == 0  # nothing left to do: a second run deletes nothing
