"""Reading settings from the environment, with clear errors.

Every setting Nyaya takes from outside comes through these helpers so that a
wrong value stops start-up with a message naming the variable, instead of a
stack trace from deep inside Django.
"""

import os
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def secret_from_env_or_file(name: str, path: Path) -> str:
    """A secret from the environment, else from a file that `make run` generates.

    The file fallback exists so the embedded default works with no set-up; in
    production the variable is set and the file never exists.
    """
    value = env_str(name)
    if value:
        return value
    if path.is_file():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    raise ImproperlyConfigured(
        f"{name} is not set. Set the environment variable, or run `make keys` "
        f"to generate a development value into {path}."
    )


def fernet_keys_from_env_or_file(name: str, path: Path) -> str:
    """Comma-separated Fernet keys (the first encrypts, all decrypt), refused at once if malformed."""
    value = secret_from_env_or_file(name, path)
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        raise ImproperlyConfigured(f"{name} is empty.")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            # The key itself is never printed: only where it is in the list.
            raise ImproperlyConfigured(
                f"{name} is malformed: key {position} of {len(keys)} is not a Fernet key (32 url-safe "
                "base64-encoded bytes, 44 characters; generate one with "
                '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).'
            ) from None
    return ",".join(keys)


def database_config(url: str, *, conn_max_age: int = 60, variable: str = "DATABASE_URL") -> dict:
    """Parse DATABASE_URL (or `variable`) into Django's DATABASES entry, refusing what we cannot run on."""
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises ValueError and friends
        raise ImproperlyConfigured(
            f"{variable} is malformed: expected e.g. postgres://user:password@host:5432/name "
            f"or sqlite:///path/to/file.sqlite3 ({exc.__class__.__name__})."
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured(f"{variable} must point to PostgreSQL (postgres://...) or SQLite (sqlite:///...).")
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{variable} names no database.")
    if engine.endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        # Wait for a writer instead of failing at once under concurrent requests.
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    else:
        # Interactive pages never pay JIT compilation: with PostgreSQL's defaults a case list
        # spent ~2.0 of 2.2 s compiling (issue 17; bench/README.md). Set per connection, so it
        # holds behind PgBouncer in session mode and needs no server change; DATABASE_JIT=1
        # leaves the server's setting alone.
        options = config.setdefault("OPTIONS", {})
        if not env_bool("DATABASE_JIT"):
            options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
        # An unreachable server fails start-up and the readiness check within seconds, not after the
        # operating system's TCP timeout (minutes). A connect_timeout in the URL wins.
        options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    return config


def cache_config(url: str) -> dict:
    """CACHE_URL into Django's CACHES: empty for each process's memory, redis:// or rediss:// to share."""
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("CACHE_URL must be a Redis URL (redis://host:6379/1, rediss://..., unix://...).")
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
