"""The encryption canary: proof, at start and on every readiness probe, that the configured
FIELD_ENCRYPTION_KEY decrypts what the database holds.

Written the first time the database is migrated (core/apps.py, post_migrate), or at the first
start of an older database, with the first key; rewritten by `manage.py encryption_rotate` after
everything else is re-encrypted. Before writing it where none exists, one stored value of each
encrypted column is decrypted: a canary is never written with a key that does not read the data
already there (a wrong key at the first start after upgrading is refused, not enshrined).
"""

import logging
from enum import Enum

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from . import crypto
from .models import EncryptionCanary

log = logging.getLogger(__name__)

PLAINTEXT = "nyaya-encryption-canary-v1"
ROW_ID = 1


class CanaryState(Enum):
    OK = "ok"
    MISSING = "missing"  # the table is empty: a database migrated before the canary existed
    WRONG_KEY = "wrong_key"  # the keys do not decrypt it


def canary_state(*, using: str = DEFAULT_DB_ALIAS) -> CanaryState:
    """Raises DatabaseError when the database cannot be read (the caller reports it)."""
    token = EncryptionCanary.objects.using(using).filter(pk=ROW_ID).values_list("token", flat=True).first()
    if token is None:
        return CanaryState.MISSING
    try:
        return CanaryState.OK if crypto.decrypt_text(token) == PLAINTEXT else CanaryState.WRONG_KEY
    except (InvalidToken, ValueError, UnicodeError):
        return CanaryState.WRONG_KEY


def canary_write(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """(Re)writes the canary with the first key. Call only when the keys are known to be right."""
    EncryptionCanary.objects.using(using).update_or_create(
        pk=ROW_ID, defaults={"token": crypto.encrypt_text(PLAINTEXT)}
    )


def existing_data_decrypts(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether one stored value of every encrypted column decrypts with the configured keys.

    Raw SQL, one LIMIT 1 query per column: the fields decrypt on load and would raise instead.
    """
    from .fields import EncryptedMixin

    connection = connections[using]
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            for field in model._meta.concrete_fields:
                if not isinstance(field, EncryptedMixin) or not field.column:
                    continue
                column = connection.ops.quote_name(field.column)
                cursor.execute(
                    f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL AND {column} <> '' LIMIT 1"  # noqa: S608 - names from the models
                )
                row = cursor.fetchone()
                if row is None:
                    continue
                try:
                    crypto.decrypt_text(row[0])
                except (InvalidToken, ValueError, UnicodeError):
                    return False
    return True


def canary_ensure(*, using: str = DEFAULT_DB_ALIAS) -> CanaryState:
    """The canary's state, writing it first where none exists and the data already stored decrypts.

    Returns WRONG_KEY (and writes nothing) when there is no canary and the stored data does not
    decrypt with the configured keys.
    """
    state = canary_state(using=using)
    if state is not CanaryState.MISSING:
        return state
    if not existing_data_decrypts(using=using):
        return CanaryState.WRONG_KEY
    canary_write(using=using)
    return CanaryState.OK


def write_after_migrate(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: the first migrate of a database writes its canary. Never fails a migration:
    a key that does not decrypt the stored data is reported here and refused at start."""
    try:
        state = canary_ensure(using=using)
    except DatabaseError:
        return  # a partial migrate (the table is not there yet): the next migrate or start writes it
    if state is CanaryState.WRONG_KEY:
        log.error(
            "FIELD_ENCRYPTION_KEY does not decrypt the data in the database: no encryption canary written; "
            "Nyaya will refuse to start until the right key is configured."
        )
