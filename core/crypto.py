"""Encryption at rest for survivor data, and keyed hashes ("blind indexes") to search it.

Fernet (AES-128-CBC + HMAC-SHA256) with keys from settings.FIELD_ENCRYPTION_KEY:
several comma-separated keys allow rotation (the first encrypts, all decrypt).
Exact-match search uses HMAC-SHA256 over a normalised value with a key derived
from the field key, so the database holds neither plaintext nor a plain hash
that a dictionary of names or phone numbers could reverse.
"""

import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _keys() -> list[str]:
    keys = [k.strip() for k in str(settings.FIELD_ENCRYPTION_KEY).split(",") if k.strip()]
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is empty.")
    return keys


@lru_cache(maxsize=4)
def _fernet_for(raw: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.strip().encode()) for k in raw.split(",") if k.strip()])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be one or more comma-separated Fernet keys "
            "(32 url-safe base64-encoded bytes each)."
        ) from None


def fernet() -> MultiFernet:
    _keys()
    return _fernet_for(str(settings.FIELD_ENCRYPTION_KEY))


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(token)


def encrypt_text(value: str) -> str:
    return encrypt_bytes(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode("utf-8")


__all__ = ["InvalidToken", "blind_index", "decrypt_bytes", "decrypt_text", "encrypt_bytes", "encrypt_text"]


@lru_cache(maxsize=4)
def _index_key_for(first_key: str) -> bytes:
    # Derived, not the encryption key itself; stable while the first key stays first.
    return hashlib.sha256(b"nyaya-blind-index-v1:" + first_key.encode()).digest()


def blind_index(kind: str, normalised: str) -> str:
    """A keyed hash of an already normalised value; `kind` separates name and phone spaces."""
    key = _index_key_for(_keys()[0])
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


def normalise_name(value: str) -> str:
    """Case, accents, punctuation and spacing do not matter when searching a name."""
    value = unicodedata.normalize("NFKC", value or "").casefold()
    # Marks (categories Mn/Mc) stay: in Indic scripts vowel signs and viramas are part of the
    # word, and turning them into spaces would make different names collide.
    value = "".join(ch if (ch.isalnum() or ch.isspace() or unicodedata.category(ch)[0] == "M") else " " for ch in value)
    # Drop combining marks of Latin letters but keep Indic vowel signs (they are letters there).
    value = "".join(ch for ch in unicodedata.normalize("NFKD", value) if not _is_latin_combining(ch))
    value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def _is_latin_combining(ch: str) -> bool:
    return bool(unicodedata.combining(ch)) and "\u0300" <= ch <= "\u036f"


_NON_DIGITS = re.compile(r"\D+")


def normalise_phone(value: str) -> str:
    """Indian numbers compare on their last ten digits (+91, 0 and spaces do not matter)."""
    digits = _NON_DIGITS.sub("", value or "")
    if len(digits) > 10 and (digits.startswith("91") or digits.startswith("0")):
        digits = digits[-10:]
    return digits
