"""Encrypted backups: what is backed up comes back, byte for byte; a wrong key, a cut file or a
non-empty database is refused with a message. All data synthetic."""

import os
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import CommandError, call_command

from cases.models import Case, CaseDocument, CaseEvent
from consortium.models import Role, User
from privacy.backup import MAGIC, _checks_deferred, _checks_now
from survivors.models import Survivor
from tests.cases.helpers import FULL_NAME, make_pdf, open_survivor_case, upload_document

KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _media_and_key(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_ENCRYPTION_KEY = KEY


@pytest.fixture
def seeded(make_member, org_wb):
    lead = make_member(Role.CASEWORKER, org_wb)
    case = open_survivor_case(lead)
    document = upload_document(case, lead.user, data=make_pdf("BACKUP-MARKER-PDF"))
    return case, document


def _snapshot():
    cases = {
        c.reference: (c.survivor.full_name, c.narrative, c.status) for c in Case.objects.select_related("survivor")
    }
    documents = {}
    for d in CaseDocument.objects.all():
        with d.file.open("rb") as handle:
            documents[d.pk] = (d.case.reference, d.title, d.sha256, handle.read())
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label != "sessions"}
    return cases, documents, CaseEvent.objects.count(), User.objects.count(), counts


@pytest.mark.django_db
def test_backup_then_restore_into_an_emptied_database_gives_the_same_cases_and_files(seeded, tmp_path, settings):
    before = _snapshot()
    archive = tmp_path / "nyaya.nyb"
    call_command("backup", str(archive))
    raw = archive.read_bytes()
    assert raw.startswith(MAGIC)
    # Encrypted: neither her name nor the document's content is readable in the archive.
    assert FULL_NAME.encode() not in raw and b"BACKUP-MARKER-PDF" not in raw

    # An empty database, as after `migrate` on a new server (reference data only), and no files.
    for path in Path(settings.MEDIA_ROOT).rglob("*.bin"):
        path.unlink()
    _checks_now()  # PostgreSQL: the rows this test wrote are checked before TRUNCATE
    call_command("flush", interactive=False, verbosity=0)
    _checks_deferred()
    assert not Case.objects.exists() and not User.objects.exists()

    call_command("restore", str(archive))
    after = _snapshot()
    assert after == before
    assert before[1]  # the document really was compared, bytes included


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty_unless_forced(seeded, tmp_path):
    archive = tmp_path / "nyaya.nyb"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="already holds people or cases"):
        call_command("restore", str(archive))
    case, _ = seeded
    case.survivor.full_name = "Changed After Backup"
    Survivor.objects.filter(pk=case.survivor_id).update(full_name=case.survivor.full_name)
    call_command("restore", str(archive), "--force")
    assert Case.objects.get(pk=case.pk).survivor.full_name == FULL_NAME


@pytest.mark.django_db
def test_a_wrong_key_a_cut_archive_and_an_existing_file_are_refused(seeded, tmp_path, settings):
    archive = tmp_path / "nyaya.nyb"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive))
    settings.BACKUP_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="another BACKUP_ENCRYPTION_KEY"):
        call_command("restore", str(archive), "--force")
    settings.BACKUP_ENCRYPTION_KEY = KEY
    cut = tmp_path / "cut.nyb"
    cut.write_bytes(archive.read_bytes()[:-200])
    with pytest.raises(CommandError):
        call_command("restore", str(cut), "--force")
    # Nothing was replaced by the failed attempts.
    case, _ = seeded
    assert Case.objects.get(pk=case.pk).survivor.full_name == FULL_NAME


@pytest.mark.django_db
def test_without_a_backup_key_the_command_says_how_to_set_one(seeded, tmp_path, settings):
    settings.BACKUP_ENCRYPTION_KEY = ""
    settings.BACKUP_ENCRYPTION_KEY_FILE = tmp_path / "missing-key"
    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY is not set"):
        call_command("backup", str(tmp_path / "x.nyb"))
    assert not (tmp_path / "x.nyb").exists()


@pytest.mark.django_db
def test_keep_leaves_the_newest_backups_and_nothing_else_in_the_folder(seeded, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for day, name in enumerate(["nyaya-20261201-013000.nyb", "nyaya-20261202-013000.nyb", "nyaya-20261203-013000.nyb"]):
        old = folder / name
        old.write_bytes(b"old archive")
        os.utime(old, (1_800_000_000 + day * 86400, 1_800_000_000 + day * 86400))
    unrelated = folder / "erasures-latest.csv"
    unrelated.write_text("case,erased_at,trigger\n")

    call_command("backup", str(folder / "nyaya-20261204-013000.nyb"), "--keep", "2")

    assert sorted(p.name for p in folder.iterdir()) == [
        "erasures-latest.csv",
        "nyaya-20261203-013000.nyb",
        "nyaya-20261204-013000.nyb",
    ]
    assert (folder / "nyaya-20261204-013000.nyb").read_bytes().startswith(MAGIC)


@pytest.mark.django_db
def test_keep_below_one_is_refused_before_anything_is_written_or_deleted(seeded, tmp_path):
    earlier = tmp_path / "nyaya-20261201-013000.nyb"
    earlier.write_bytes(b"old archive")
    with pytest.raises(CommandError, match="--keep must be at least 1"):
        call_command("backup", str(tmp_path / "nyaya-new.nyb"), "--keep", "0")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".nyb") == ["nyaya-20261201-013000.nyb"]


@pytest.mark.django_db
def test_a_failed_backup_deletes_no_older_one(seeded, tmp_path, settings):
    earlier = tmp_path / "nyaya-20261201-013000.nyb"
    earlier.write_bytes(b"old archive")
    settings.BACKUP_ENCRYPTION_KEY = ""
    settings.BACKUP_ENCRYPTION_KEY_FILE = tmp_path / "missing-key"
    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY is not set"):
        call_command("backup", str(tmp_path / "nyaya-new.nyb"), "--keep", "1")
    assert earlier.read_bytes() == b"old archive"
