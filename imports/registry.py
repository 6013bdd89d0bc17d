"""Every kind of row an import reads, in the order they are recorded (a row may link only to a kind
recorded before it): the workbook's sheets, the templates, the guide and the report follow it.

Each kind lives in its own module (imports.kinds for cases, FIRs and accused, imports.kinds_court
for court cases and hearings, imports.kinds_claims for compensation claims and their payments);
adding a kind is one line here.
"""

from __future__ import annotations

from .columns import Kind
from .kinds import ACCUSED, CASES, FIRS, Recorder, record_accused, record_case, record_fir
from .kinds_claims import CLAIMS, PAYMENTS, record_claim, record_payment
from .kinds_court import COURT_CASES, HEARINGS, record_court_case, record_hearing

RECORDERS: dict[str, Recorder] = {
    recorder.kind.key: recorder
    for recorder in (
        Recorder(CASES, record_case),
        Recorder(FIRS, record_fir),
        Recorder(ACCUSED, record_accused),
        Recorder(COURT_CASES, record_court_case),
        Recorder(HEARINGS, record_hearing),
        Recorder(CLAIMS, record_claim),
        Recorder(PAYMENTS, record_payment),
    )
}
KINDS = [r.kind for r in RECORDERS.values()]


def kind_of(key: str) -> Kind | None:
    recorder = RECORDERS.get(key)
    return recorder.kind if recorder else None
