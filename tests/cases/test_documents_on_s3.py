"""Files on S3-compatible storage (STORAGE_BACKEND=s3, django-storages' S3 backend, moto in-process
in place of the store): the bucket only ever holds ciphertext, read back through Nyaya."""

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from moto import mock_aws

from cases import documents, services
from cases.models import CaseDocument
from config.storage import default_storage_config
from core.crypto import decrypt_bytes

from .helpers import PDF_MARKER, make_pdf, upload

BUCKET = "nyaya-test-files"


@pytest.fixture
def s3(monkeypatch, settings):
    """STORAGES["default"] as settings.py builds it with STORAGE_BACKEND=s3, on a moto bucket."""
    for name, value in {
        "STORAGE_BACKEND": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_REGION_NAME": "ap-south-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_LOCATION": "nyaya",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_S3_ENDPOINT_URL", raising=False)
    with mock_aws():
        client = boto3.client("s3", region_name="ap-south-1")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-south-1"})
        settings.STORAGES = {**settings.STORAGES, "default": default_storage_config()}
        yield client


def objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listed}


@pytest.mark.django_db
def test_an_upload_reaches_the_bucket_encrypted_and_downloads_as_uploaded(s3, case, lead, client):
    from storages.backends.s3 import S3Storage

    data = make_pdf()
    document = services.document_upload(
        actor=lead.user, case=case, doc_type="statement", title="Statement", uploaded=upload("s.pdf", data)
    )
    assert isinstance(document.file.storage._wrapped, S3Storage)
    stored = objects(s3)
    assert list(stored) == [f"nyaya/{document.file.name}"] and document.file.name.startswith("documents/")
    ciphertext = stored[f"nyaya/{document.file.name}"]
    assert ciphertext != data and PDF_MARKER.encode() not in ciphertext and data[:8] not in ciphertext
    assert decrypt_bytes(ciphertext) == data
    assert documents.read_decrypted(document) == data

    client.force_login(lead.user)
    response = client.get(reverse("cases:case_document_download", args=[case.pk, document.pk]))
    assert response.status_code == 200 and response.content == data


@pytest.mark.django_db
def test_someone_outside_the_case_cannot_download_it_from_the_bucket_either(
    s3, case, lead, make_member, org_mh, client
):
    from consortium.models import Role

    document = services.document_upload(
        actor=lead.user, case=case, doc_type="statement", title="Statement", uploaded=upload("s.pdf", make_pdf())
    )
    client.force_login(make_member(Role.CASEWORKER, org_mh).user)
    assert client.get(reverse("cases:case_document_download", args=[case.pk, document.pk])).status_code == 404


def test_s3_settings_name_what_is_missing_or_wrong(monkeypatch):
    monkeypatch.setenv("STORAGE_BACKEND", "s3")
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        default_storage_config()
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "only-half")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="AWS_SECRET_ACCESS_KEY"):
        default_storage_config()
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://minio.example.org:9000")
    monkeypatch.setenv("AWS_S3_ADDRESSING_STYLE", "path")
    options = default_storage_config()["OPTIONS"]
    assert options["endpoint_url"] == "https://minio.example.org:9000" and options["addressing_style"] == "path"
    assert options["default_acl"] is None and options["file_overwrite"] is False and "access_key" not in options
    monkeypatch.setenv("AWS_S3_ADDRESSING_STYLE", "sideways")
    with pytest.raises(ImproperlyConfigured, match="AWS_S3_ADDRESSING_STYLE"):
        default_storage_config()
    monkeypatch.setenv("STORAGE_BACKEND", "ftp")
    with pytest.raises(ImproperlyConfigured, match="STORAGE_BACKEND"):
        default_storage_config()


def test_the_local_disk_stays_the_default(monkeypatch):
    monkeypatch.delenv("STORAGE_BACKEND", raising=False)
    assert default_storage_config() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.django_db
def test_the_nightly_run_deletes_objects_no_record_names(s3, case, lead):
    """On the bucket too (listing and object times through django-storages): an object no row names
    goes once old enough; the uploaded document's stays."""
    import datetime

    from django.utils import timezone

    from privacy.retention import orphan_files_delete

    document = services.document_upload(
        actor=lead.user, case=case, doc_type="statement", title="Statement", uploaded=upload("s.pdf", make_pdf())
    )
    s3.put_object(Bucket=BUCKET, Key="nyaya/documents/0badc0ffee.bin", Body=b"ciphertext")
    assert orphan_files_delete() == 0  # just written: could be a row still being saved
    later = timezone.now() + datetime.timedelta(hours=3)
    assert orphan_files_delete(now=later) == 1
    assert set(objects(s3)) == {f"nyaya/{document.file.name}"}


@pytest.mark.django_db
def test_a_backup_holds_the_bucket_s_files_and_restores_them_into_it(s3, case, lead, settings, tmp_path):
    """`manage.py backup` reads the files through the configured storage: with S3 the bucket's
    objects are in the archive, and `restore` puts them back there, byte for byte."""
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    settings.BACKUP_ENCRYPTION_KEY = Fernet.generate_key().decode()
    document = services.document_upload(
        actor=lead.user, case=case, doc_type="statement", title="Statement", uploaded=upload("s.pdf", make_pdf())
    )
    stored = objects(s3)
    assert list(stored) == [f"nyaya/{document.file.name}"]
    archive = tmp_path / "nyaya.nyb"
    call_command("backup", str(archive))
    s3.delete_object(Bucket=BUCKET, Key=f"nyaya/{document.file.name}")
    assert objects(s3) == {}

    call_command("restore", str(archive), "--force")

    assert objects(s3) == stored
    assert PDF_MARKER.encode() in documents.read_decrypted(CaseDocument.objects.get(pk=document.pk))
