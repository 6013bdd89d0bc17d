"""A watch over every log record of the test run: a test during which a synthetic survivor's,
officer's or accused's name is logged fails (at teardown, with the logger and the name).

Installed by tests/conftest.py (its hooks are imported there). The names are the distinctive
synthetic ones of the test helpers and the demo's surname list (the demo's Faker first names
are ordinary words and would match by coincidence). Phone numbers are rewritten by the
project's log filter before this handler sees a record (settings.LOGGING), and are checked by
tests/test_no_pii_in_logs.py. With pytest-xdist each worker watches its own tests; the failed
report reaches the controller like any other.
"""

import logging

import pytest


def _names() -> tuple[str, ...]:
    from legal.investigation.demo import DEMO_SURNAMES
    from tests.cases import helpers as case_helpers
    from tests.legal import helpers as legal_helpers

    names = {
        case_helpers.FULL_NAME,
        case_helpers.OTHER_NAME,
        case_helpers.GUARDIAN,
        case_helpers.WITNESS,
        legal_helpers.ACCUSED_NAME,
        legal_helpers.ACCUSED_ALIAS,
        *DEMO_SURNAMES,
    }
    return tuple(sorted(name.casefold() for name in names))


class PIILogWatch(logging.Handler):
    def __init__(self, names):
        super().__init__(level=logging.DEBUG)
        self.names = names
        self.found: list[str] = []

    def emit(self, record):
        try:
            text = record.getMessage()
            if record.exc_info:
                text += logging.Formatter().formatException(record.exc_info)
        except Exception:  # noqa: BLE001 - a malformed record is not ours to judge
            return
        text = text.casefold()
        self.found.extend(f"{record.name}: {name!r}" for name in self.names if name in text)


_watch: PIILogWatch | None = None


def pytest_sessionstart(session):
    global _watch
    _watch = PIILogWatch(_names())
    logging.getLogger().addHandler(_watch)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if _watch is not None and call.when == "setup" and _watch not in logging.getLogger().handlers:
        logging.getLogger().addHandler(_watch)  # a test that reconfigured logging dropped it
    if _watch is not None and call.when == "teardown":
        found, _watch.found = _watch.found, []
        if found and report.outcome == "passed":
            report.outcome = "failed"
            report.longrepr = "A name was written to the logs during this test:\n" + "\n".join(sorted(set(found)))
    return report
