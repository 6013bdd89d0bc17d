"""One registry of blind-index kinds: every table of keyed search tokens, and how to rebuild it.

Blind indexes (core.crypto.blind_index) are keyed by the FIRST FIELD_ENCRYPTION_KEY, so a
key rotation makes every stored token stale until it is rebuilt. `encryption_rotate` rebuilds
every kind registered here, so a new kind of token (another app's search over encrypted
values) is rebuilt as soon as that app registers it:

    # <app>/blind_indexes.py (found by autodiscovery, like admin.py)
    from core.blind_indexes import BlindIndexKind, register

    register(BlindIndexKind(label=..., model=..., token_model=..., fields=(...), rebuild=...))

A test (tests/survivors/test_security_blind_indexes.py) fails when a table with a `digest`
column is not registered.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class BlindIndexKind:
    label: str  # short name in the command's output, e.g. "survivor"
    model: str  # "app_label.Model" whose encrypted values are indexed
    token_model: str  # "app_label.Model" holding the digests
    fields: tuple[str, ...]  # the encrypted fields the tokens are computed from
    rebuild: Callable[[Model], None]  # recompute one row's tokens with the current first key
    queryset: Callable[[], QuerySet] | None = None  # rows to rebuild; default: every row of `model`

    def rows(self) -> QuerySet:
        if self.queryset is not None:
            return self.queryset()
        return apps.get_model(self.model)._default_manager.all()


_REGISTRY: dict[str, BlindIndexKind] = {}


def register(kind: BlindIndexKind) -> BlindIndexKind:
    _REGISTRY[kind.label] = kind
    return kind


def registered() -> list[BlindIndexKind]:
    autodiscover_modules("blind_indexes")
    return list(_REGISTRY.values())


def rebuild_all(*, kinds: Iterable[BlindIndexKind] | None = None) -> dict[str, int]:
    """Rebuild every row of every kind, one transaction per row; {label: rows rebuilt}."""
    done = {}
    for kind in registered() if kinds is None else kinds:
        count = 0
        for row in kind.rows().order_by("pk").iterator(chunk_size=500):
            with transaction.atomic():
                kind.rebuild(row)
            count += 1
        done[kind.label] = count
    return done
