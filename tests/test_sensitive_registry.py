"""No encrypted value is ever copied in clear into an unencrypted column (cases.sensitive).

The investigating officer's name and phone are encrypted on the FIR; moving the FIR must not
leave them in clear anywhere in the database: not in the transition log, the timeline, the
history tables or any other table. The registry of sensitive keys is derived from the models,
so a new encrypted field is in it without anyone remembering to add it. All data synthetic.
"""

import json

import pytest
from django.apps import apps
from django.db import connection

from cases import sensitive
from cases.history import history_entries
from cases.models import CaseEvent, StageTransition
from cases.permissions import case_access
from cases.selectors import case_get_visible
from consortium.models import Role
from core.fields import EncryptedMixin
from core.workflow import REGISTRY, Step, WorkflowSpec, apply_step
from legal.investigation import services
from legal.models import FIR
from tests.cases.helpers import open_survivor_case
from tests.legal.helpers import days, make_fir

pytestmark = pytest.mark.django_db

OFFICER = "Insp. Zorawar Qelvik"
OFFICER_PHONE = "94331 68820"
OFFICER_PHONE_DIGITS = "9433168820"
NEEDLES = (OFFICER, "Zorawar", "Qelvik", OFFICER_PHONE, OFFICER_PHONE_DIGITS, "94331-68820")


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def fir(lead):
    return make_fir(open_survivor_case(lead), lead.user, stage="fir_registered")


def _text(value) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def rows_in_clear(needles) -> list[str]:
    """table.column of every stored value, in every table, that contains one of `needles`.

    An encrypted column holds a Fernet token, so the plaintext can only be found in a column
    that stores it unencrypted: that is what this reports."""
    hits = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected name
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = _text(value).casefold()
                    hits.update(f"{table}.{column}: {n}" for n in needles if n.casefold() in text)
    return sorted(hits)


def _access(user, fir):
    return case_access(user, case_get_visible(user, fir.case_id))


# --- the officer, moved through the real investigation workflow ------------------------------------


def test_starting_the_investigation_leaves_the_officer_in_clear_in_no_table(fir, lead):
    moved = services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="start_investigation",
        expected_version=fir.version,
        data={"io_name": OFFICER, "io_phone": OFFICER_PHONE, "io_rank": "Inspector"},
    )
    # Whoever may see him reads him from the FIR itself.
    assert (moved.stage, moved.io_name, moved.io_phone) == ("under_investigation", OFFICER, OFFICER_PHONE)
    assert FIR.history.filter(id=fir.pk).count() >= 2, "the FIR's history rows were written"
    row = StageTransition.objects.get(subject_key=f"legal.fir:{fir.pk}", transition="start_investigation")
    assert row.data["io_rank"] == "Inspector"
    assert rows_in_clear(NEEDLES) == []


def test_correcting_the_officer_leaves_him_in_clear_in_no_table(fir, lead):
    fir = services.fir_update(
        actor=lead.user, fir=fir, expected_version=fir.version, **{"io_name": OFFICER, "io_phone": OFFICER_PHONE}
    )
    fir = services.fir_update(
        actor=lead.user, fir=fir, expected_version=fir.version, **{"io_name": OFFICER + " Jr", "io_phone": ""}
    )
    assert FIR.objects.get(pk=fir.pk).io_name == OFFICER + " Jr"
    assert rows_in_clear(NEEDLES) == []


# --- the engine protects a step whatever its declaration says ---------------------------------------

# A step that forgets `private` and even names the officer in its timeline text.
CARELESS = WorkflowSpec(
    name="investigation",
    model=FIR,
    event_kind=CaseEvent.Kind.INVESTIGATION,
    steps=(
        Step(
            name="start_investigation",
            label="Investigation started",
            date_field="investigation_started_on",
            inputs=("io_name", "io_rank", "io_phone"),
            optional=("io_name", "io_rank", "io_phone"),
            timeline="%(what)s: %(to)s, IO %(io_rank)s %(io_name)s (%(io_phone)s)",
        ),
    ),
)


def test_a_step_that_forgets_private_still_logs_only_that_the_officer_was_recorded(fir, lead):
    moved = apply_step(
        spec=CARELESS,
        obj=fir,
        step="start_investigation",
        actor=lead.user,
        access=_access(lead.user, fir),
        values={
            "io_name": OFFICER,
            "io_phone": OFFICER_PHONE,
            "io_rank": "Inspector",
            "investigation_started_on": days(-3),
        },
        expected_version=fir.version,
    )
    assert (moved.io_name, moved.io_phone) == (OFFICER, OFFICER_PHONE)
    row = StageTransition.objects.get(subject_key=f"legal.fir:{fir.pk}", transition="start_investigation")
    assert row.data["io_name"] == row.data["io_phone"] == sensitive.RECORDED
    assert row.data["io_rank"] == "Inspector"
    summary = CaseEvent.objects.filter(case=fir.case).latest("pk").summary
    assert "IO Inspector recorded (recorded)" in summary
    assert rows_in_clear(NEEDLES) == []


def test_any_writer_of_the_log_or_the_timeline_is_scrubbed(fir, lead):
    """A service that writes the rows itself (not through the engine) is guarded too."""
    StageTransition.objects.create(
        case=fir.case,
        workflow="investigation",
        subject_key=f"legal.fir:{fir.pk}",
        transition="edit",
        from_stage=fir.stage,
        to_stage=fir.stage,
        effective_on=days(0),
        data={"io_name": OFFICER, "nested": [{"phone": OFFICER_PHONE}], "io_rank": "Inspector"},
    )
    CaseEvent.objects.create(
        case=fir.case, kind=CaseEvent.Kind.INVESTIGATION, summary=f"Officer reachable on {OFFICER_PHONE}"
    )
    assert rows_in_clear([OFFICER, OFFICER_PHONE, OFFICER_PHONE_DIGITS]) == []
    row = StageTransition.objects.get(transition="edit")
    assert row.data == {"io_name": "recorded", "nested": [{"phone": "recorded"}], "io_rank": "Inspector"}


# --- the registry covers every encrypted field ---------------------------------------------------------


def test_every_encrypted_field_of_every_model_is_in_the_registry():
    missing = [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedMixin)
        and not (sensitive.is_sensitive(f.name) and sensitive.is_encrypted_field(model, f.name))
    ]
    assert missing == []
    # The officer's fields are found by their class, not by a list someone keeps.
    assert {"io_name", "io_phone"} <= sensitive.encrypted_fields()["legal.FIR"]
    assert "io_rank" not in sensitive.sensitive_keys()


def test_every_workflow_input_that_is_encrypted_is_sensitive_for_the_engine():
    import care.workflow  # noqa: F401
    import compensation.workflow  # noqa: F401 - registers its spec
    import legal.court.workflow  # noqa: F401
    import legal.investigation.workflow  # noqa: F401

    assert {"investigation", "court", "compensation", "repatriation"} <= set(REGISTRY)
    for spec in REGISTRY.values():
        for step in spec.steps:
            for name in (*step.fields, *step.sets, *step.private):
                model_field = next((f for f in spec.model._meta.concrete_fields if f.name == name), None)
                if isinstance(model_field, EncryptedMixin) or name in step.private:
                    assert sensitive.is_sensitive(name, spec.model), f"{spec.name}.{step.name}: {name}"


def test_history_tables_keep_encrypted_fields_encrypted():
    assert sensitive.history_tables_in_clear() == []
    historical = FIR.history.model
    assert isinstance(historical._meta.get_field("io_name"), EncryptedMixin)


def test_scrub_keeps_only_the_fact_and_leaves_other_values():
    data = {"io_name": OFFICER, "names": [OFFICER], "phone": "", "fir": 7, "to": "under_investigation"}
    assert sensitive.scrub(data) == {
        "io_name": "recorded",
        "names": "recorded",
        "phone": "",
        "fir": 7,
        "to": "under_investigation",
    }
    assert sensitive.redact(f"IO {OFFICER}, {OFFICER_PHONE}", [OFFICER]) == "IO (recorded), [phone]"
    assert sensitive.redact_phones("FIR 123/2026 of 30 Nov 2026, CNR MHPU010012342023") == (
        "FIR 123/2026 of 30 Nov 2026, CNR MHPU010012342023"
    )


def test_field_history_in_words_names_no_officer(fir, lead):
    fir = services.fir_update(actor=lead.user, fir=fir, expected_version=fir.version, **{"io_name": OFFICER})
    fir = services.fir_update(actor=lead.user, fir=fir, expected_version=fir.version, **{"io_name": "Insp. Other"})
    records = list(FIR.history.filter(id=fir.pk).select_related("history_user").order_by("history_date", "history_id"))
    entries = history_entries(records, FIR)
    changes = [change for entry in entries for change in entry.changes if change[0] == "investigating officer"]
    assert ("investigating officer", "recorded", "changed") in changes
    assert ("investigating officer", "—", "changed") in changes
    assert OFFICER not in repr(entries) and "Insp. Other" not in repr(entries)
