"""Where uploaded and generated files are kept: the local disk (default) or S3-compatible storage.

Nyaya encrypts every file before it is stored (core.crypto.encrypt_bytes, through
cases.documents.encrypted_content), so either backend only ever holds ciphertext under a random
name (`documents/<hex>.bin`, `generated/<hex>.bin`); files are read back through permission-checked
views, never from a public URL.

Settings:

- `STORAGE_BACKEND`: `local` (default; files under MEDIA_ROOT) or `s3`.
- With `s3` (django-storages, boto3), for AWS S3 or a compatible store (MinIO, Ceph, a cloud's
  object storage):
  - `AWS_STORAGE_BUCKET_NAME` (required): the bucket; keep it private (no public access).
  - `AWS_S3_ENDPOINT_URL`: the store's address when it is not AWS (e.g. https://minio.example.org:9000).
  - `AWS_S3_REGION_NAME`: the bucket's region (AWS; many compatible stores ignore it).
  - `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`: credentials; when unset boto3 finds them itself
    (an instance role, ~/.aws).
  - `AWS_LOCATION`: a folder (prefix) inside the bucket, e.g. `nyaya/`.
  - `AWS_S3_ADDRESSING_STYLE`: `path` for stores that need it (MinIO without DNS names), else
    `auto`.

`manage.py backup` reads every file through this storage (the folder or the bucket) into its
archive, and `manage.py restore` writes them back through it (privacy/backup.py).
"""

from django.core.exceptions import ImproperlyConfigured

from .env import env_str

BACKENDS = ("local", "s3")
ADDRESSING_STYLES = ("auto", "path", "virtual")


def default_storage_config() -> dict:
    """STORAGES["default"] from the environment; a wrong setting refuses start-up, naming it."""
    backend = env_str("STORAGE_BACKEND", "local").lower() or "local"
    if backend not in BACKENDS:
        raise ImproperlyConfigured(f"STORAGE_BACKEND must be 'local' or 's3'; got {backend!r}.")
    if backend == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME is not set: STORAGE_BACKEND=s3 needs the bucket's name.")
    style = env_str("AWS_S3_ADDRESSING_STYLE", "auto")
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"AWS_S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}; got {style!r}."
        )
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "location": env_str("AWS_LOCATION"),
        "addressing_style": None if style == "auto" else style,
        "signature_version": "s3v4",
        # Private objects, read only through Nyaya: no ACL grants, no public URLs handed out.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        # Names are random; never silently replace an object that exists.
        "file_overwrite": False,
    }
    access_key, secret_key = env_str("AWS_ACCESS_KEY_ID"), env_str("AWS_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured("Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither.")
    if access_key:
        options.update(access_key=access_key, secret_key=secret_key)
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
