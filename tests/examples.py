"""Hypothesis examples that each start from the same records.

A test using function-scoped fixtures shares its database between examples: once one example
has moved a claim on, the next meets a different claim, and a test that then skips ("nothing
left to check") stops checking after the first success. Run each example inside `rolled_back()`
so every one starts from the fixture's state and is checked in full."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def saved_or_refused(response, changed: bool) -> None:
    """A posted form either saved (a redirect, and the records changed) or was refused (the page
    again, its errors shown, and nothing changed): never both, never neither, never a 500."""
    if changed:
        assert response.status_code == 302, f"saved, yet answered {response.status_code}"
    else:
        assert response.status_code == 200, f"nothing saved, yet answered {response.status_code}"
        assert "errorlist" in response.content.decode(), "refused without saying why"


def fingerprint(queryset) -> list:
    """What a set of rows holds now (their ids and versions, or ids alone): compare before and after."""
    fields = ["pk", "version"] if any(f.name == "version" for f in queryset.model._meta.fields) else ["pk"]
    return list(queryset.order_by("pk").values_list(*fields))
