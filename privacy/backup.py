"""Encrypted backups of the database and the uploaded files, and restoring them.

Format (".nyb"): the line `NYAYA-BACKUP-1`, then frames of [8-byte length][Fernet token].
Each token holds an 8-byte frame number and up to 4 MB of a gzip'd tar stream, so a
reordered, cut or foreign frame is refused. The tar holds:
- `manifest.json`: when, Nyaya's migrations, how many rows per model, each file's sha256;
- `database.json`: `dumpdata` of every app (sessions and Celery results left out), the
  same JSON on SQLite and PostgreSQL, so a backup restores on either;
- `media/...`: every stored file exactly as stored (documents stay encrypted with
  FIELD_ENCRYPTION_KEY inside the archive), read through Django's default storage: the folder
  MEDIA_ROOT, or the S3 bucket with STORAGE_BACKEND=s3 (config/storage.py), so a backup holds
  the files wherever they are kept and restores them into whichever storage is configured.

The archive is encrypted with BACKUP_ENCRYPTION_KEY (or the file BACKUP_ENCRYPTION_KEY_FILE),
a key separate from FIELD_ENCRYPTION_KEY. database.json holds the decrypted values (that
is what makes it portable), so the backup key guards her identity as much as the field
key does: keep it offline, away from the backups (docs/security.md). Restoring needs the
backup key and, for the documents, the FIELD_ENCRYPTION_KEY in force when they were
uploaded (keep old keys listed until `encryption_rotate` has run).
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import sys
import tarfile
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MAGIC = b"NYAYA-BACKUP-1\n"
FRAME = 4 * 1024 * 1024
EXCLUDED = ["sessions", "django_celery_results"]


class BackupError(Exception):
    """Shown to the operator as it is: says what is wrong and what to do."""


def backup_key() -> Fernet:
    raw = settings.BACKUP_ENCRYPTION_KEY
    path = Path(settings.BACKUP_ENCRYPTION_KEY_FILE)
    if not raw and path.is_file():
        raw = path.read_text(encoding="utf-8").strip()
    if not raw:
        raise ImproperlyConfigured(
            "BACKUP_ENCRYPTION_KEY is not set. Set the environment variable (a Fernet key, e.g. from "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`) "
            f"or run `make keys` to write a development key into {path}."
        )
    try:
        return Fernet(raw.encode())
    except (ValueError, TypeError):
        raise ImproperlyConfigured("BACKUP_ENCRYPTION_KEY must be a Fernet key (32 url-safe base64 bytes).") from None


class _EncryptingWriter(io.RawIOBase):
    def __init__(self, out, fernet: Fernet):
        self.out, self.fernet, self.buffer, self.frame = out, fernet, bytearray(), 0
        out.write(MAGIC)

    def writable(self):
        return True

    def write(self, data) -> int:
        self.buffer += data
        while len(self.buffer) >= FRAME:
            self._frame(bytes(self.buffer[:FRAME]))
            del self.buffer[:FRAME]
        return len(data)

    def _frame(self, chunk: bytes) -> None:
        token = self.fernet.encrypt(struct.pack(">Q", self.frame) + chunk)
        self.out.write(struct.pack(">Q", len(token)) + token)
        self.frame += 1

    def finish(self) -> None:
        if self.buffer:
            self._frame(bytes(self.buffer))
            self.buffer.clear()
        self._frame(b"")  # an empty last frame: a cut archive lacks it


class _DecryptingReader(io.RawIOBase):
    def __init__(self, handle, fernet: Fernet):
        if handle.read(len(MAGIC)) != MAGIC:
            raise BackupError("This file is not a Nyaya backup (it does not start with NYAYA-BACKUP-1).")
        self.handle, self.fernet, self.buffer, self.frame, self.ended = handle, fernet, b"", 0, False

    def readable(self):
        return True

    def _next(self) -> bytes:
        head = self.handle.read(8)
        if len(head) < 8:
            raise BackupError("The backup is cut short (its last part is missing).")
        token = self.handle.read(struct.unpack(">Q", head)[0])
        try:
            plain = self.fernet.decrypt(token)
        except InvalidToken:
            raise BackupError(
                "The backup cannot be decrypted: it was made with another BACKUP_ENCRYPTION_KEY, or it is damaged."
            ) from None
        if struct.unpack(">Q", plain[:8])[0] != self.frame:
            raise BackupError("The backup's parts are out of order or mixed with another backup.")
        self.frame += 1
        if len(plain) == 8:
            self.ended = True
        return plain[8:]

    def readinto(self, target) -> int:
        while not self.buffer and not self.ended:
            self.buffer = self._next()
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size


def _stored_names(storage, folder: str = "") -> list[str]:
    """Every file's name in `storage` (its folders walked), sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the local folder not made yet: nothing stored
        return []
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names += _stored_names(storage, prefix + sub)
    return sorted(names)


def _stored_bytes(storage, name: str) -> bytes:
    with storage.open(name, "rb") as handle:
        return handle.read()


def _store(storage, name: str, content: bytes) -> None:
    """`name` holds `content` afterwards (a file already there is replaced: storages never overwrite)."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:
        raise BackupError(f"The storage kept {name} as {saved}; restore into empty storage.")


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in EXCLUDED and m._meta.managed and not m._meta.proxy
    }


def backup_create(path: Path) -> dict:
    """Write an encrypted backup to `path` (refuses to overwrite); return its manifest."""
    fernet = backup_key()
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name.")
    database = io.StringIO()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One consistent snapshot of every table, however long the dump takes.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        # Primary keys kept as they are (contenttypes and permissions too): restore empties the
        # database first, so every row comes back with its own id and every reference holds.
        call_command("dumpdata", *[f"--exclude={app}" for app in EXCLUDED], stdout=database)
        counts = _row_counts()
    data = database.getvalue().encode("utf-8")
    files = {
        name: hashlib.sha256(_stored_bytes(default_storage, name)).hexdigest()
        for name in _stored_names(default_storage)
    }
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "latest_migrations": _latest_migrations(),
        "rows": counts,
        "database_sha256": hashlib.sha256(data).hexdigest(),
        "files": files,
    }
    partial = path.with_name(path.name + ".part")
    try:
        with open(partial, "wb") as out:
            writer = _EncryptingWriter(out, fernet)
            with tarfile.open(fileobj=writer, mode="w|gz") as archive:
                _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
                _add_bytes(archive, "database.json", data)
                for name in files:
                    _add_bytes(archive, f"media/{name}", _stored_bytes(default_storage, name))
            writer.finish()
        partial.chmod(0o600)
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _latest_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return latest


def _checks_now() -> None:
    """PostgreSQL refuses to TRUNCATE a table with deferred constraint checks still pending in
    the transaction (rows written earlier in it): run them now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _checks_deferred() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _loaddata_from_memory(database: bytes) -> None:
    # Fed through stdin ("-") so the decrypted database never lands on disk.
    # django-simple-history skips raw saves but not many-to-many changes: with it on, loading a
    # case's forms of exploitation would add history rows the backup never had.
    previous, history_enabled = sys.stdin, getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    sys.stdin = io.TextIOWrapper(io.BytesIO(database), encoding="utf-8")
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        call_command("loaddata", "-", format="json", verbosity=0)
    finally:
        sys.stdin = previous
        settings.SIMPLE_HISTORY_ENABLED = history_enabled


def database_is_empty() -> bool:
    """No people and no cases: a freshly migrated database (reference data only)."""
    from cases.models import Case
    from consortium.models import User

    return not User.objects.exists() and not Case.objects.exists()


def backup_restore(path: Path, *, force: bool = False) -> dict:
    """Restore `path` into this database and the file storage; refuses a non-empty database unless force."""
    fernet = backup_key()
    if not force and not database_is_empty():
        raise BackupError(
            "This database already holds people or cases. Restore into an empty, migrated database, "
            "or pass --force to replace everything in it."
        )
    manifest = None
    with tempfile.TemporaryDirectory(prefix="nyaya-restore-") as scratch, open(path, "rb") as handle:
        scratch = Path(scratch)
        Path(scratch).chmod(0o700)
        database = None
        staged: dict[str, Path] = {}
        with tarfile.open(fileobj=_DecryptingReader(handle, fernet), mode="r|gz") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                content = archive.extractfile(member).read()
                if member.name == "manifest.json":
                    manifest = json.loads(content)
                elif member.name == "database.json":
                    database = content
                elif member.name.startswith("media/"):
                    relative = member.name[len("media/") :]
                    if relative.startswith("/") or ".." in Path(relative).parts:
                        raise BackupError(f"The backup holds a file outside the media folder: {member.name!r}.")
                    staged_path = scratch / f"{len(staged)}.bin"
                    staged_path.write_bytes(content)
                    staged[relative] = staged_path
        if manifest is None or database is None:
            raise BackupError("The backup is incomplete (no manifest or no database).")
        if hashlib.sha256(database).hexdigest() != manifest["database_sha256"]:
            raise BackupError("The backup's database does not match its checksum.")
        for relative, staged_path in staged.items():
            if hashlib.sha256(staged_path.read_bytes()).hexdigest() != manifest["files"].get(relative):
                raise BackupError(f"The file {relative} does not match its checksum in the backup.")
        with transaction.atomic():
            _checks_now()
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            _checks_deferred()  # rows refer to rows later in the file: checked at commit
            _loaddata_from_memory(database)
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        for relative, staged_path in staged.items():
            _store(default_storage, relative, staged_path.read_bytes())
    return manifest
