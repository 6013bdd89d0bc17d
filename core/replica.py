"""Reads of dashboards and exports from a read replica of the database, when there is one.

A national deployment points `DATABASE_REPLICA_URL` at a streaming replica of the primary
(settings.DATABASES["replica"]). Counting 100,000 cases for a dashboard, or writing them all to an
export, then loads the replica instead of the database everyone is writing to. Only code that
says so reads there:

    with reading_from_replica():      # or @reading_from_replica on a view
        figures = dashboard_metrics(scope)

Everything else, and every write, inside the block or not, goes to the primary ("default");
migrations run only there. With no replica configured the block changes nothing.

The replica lags the primary (usually under a second, more under heavy writes or after a network
break): a case opened a moment ago may be missing from a dashboard or an export for that long. That
is why nothing that must see its own writes (a form saved and shown again, a job row the worker has
just been given) reads there. Who may see which case is decided in SQL (cases.selectors), so the
replica applies the same rule: the query is the same, only the connection differs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"

_reads_from_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads inside go to the replica (when configured); writes still go to the primary."""
    token = _reads_from_replica.set(True)
    try:
        yield
    finally:
        _reads_from_replica.reset(token)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: the replica for reads inside `reading_from_replica`, else the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reads_from_replica.get() and replica_configured():
            return REPLICA
        return None  # Django's own choice: the primary

    def db_for_write(self, model, **hints) -> str:
        # Explicit: without a router's answer Django writes an instance where it was read from.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same data, whichever connection read it

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
