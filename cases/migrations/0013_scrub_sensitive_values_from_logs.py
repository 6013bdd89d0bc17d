"""Sensitive values already copied in clear into the transition log or the timeline are scrubbed.

Before cases.sensitive, a step's inputs could reach StageTransition.data in plain JSON (the
investigating officer's name and phone, encrypted on the FIR, among them) and a timeline text
could repeat a phone number. This rewrites the rows already stored (demo and real):

- every key of the registry (frozen here as it stood when this migration was written) keeps
  only the fact "recorded", in StageTransition.data and CaseEvent.data;
- each FIR's officer name and phone, wherever they appear in its case's log and timeline
  (data values and summaries), become "recorded";
- phone-number-like digit runs in timeline summaries become "[phone]".

The rows are insert-only for the application; this one-off correction is the exception
(DPDP Act 2023 s.8(5): reasonable security safeguards). Nothing is undone on reverse.
"""

import re

from django.db import migrations

RECORDED = "recorded"

SENSITIVE_KEYS = frozenset(
    [
        "address", "addresses", "adjournment_note", "alias", "aliases", "awarded_above_max_reason", "bank_name",
        "body", "claimed_above_max_reason", "clear_reason", "closing_note", "conditions", "condonation_note",
        "date_of_birth", "deposition_notes", "description", "destination_place", "details",
        "documents_waiver_note", "email", "escort", "family_contact", "fd_share_reason", "findings", "full_name",
        "guardian_name", "guardian_phone", "handover_place", "hospital", "io_name", "io_phone", "message", "mobile",
        "name", "names", "narrative", "note", "note_for_receiver", "notes", "officer", "officer_name",
        "officer_phone", "origin_address", "origin_village", "original_name", "other_names", "password", "phone",
        "phone_number", "phone_numbers", "phones", "place", "priorities", "proceedings", "q", "query", "question",
        "reason", "reference", "rejection_reason", "response", "screening_override_reason", "search",
        "side_reason", "summary", "title", "witness_name",
    ]
)  # fmt: skip

PHONE_LIKE = re.compile(r"(?<!\w)(?:(?:(?:\+|00)91[ \-]?|0)?[6-9]\d{4}[ \-]?\d{5}|\d{10,})(?!\w)")


def _blank(value):
    return value is None or value == "" or value == [] or value == {}


def _scrub(data, values):
    if isinstance(data, dict):
        return {
            key: (value if _blank(value) else RECORDED) if key in SENSITIVE_KEYS else _scrub(value, values)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_scrub(item, values) for item in data]
    if isinstance(data, str) and data.strip() and data.strip().casefold() in values:
        return RECORDED
    return data


def _redact(text, values):
    for value in sorted(values, key=len, reverse=True):
        if len(value) >= 4:
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "(recorded)", text, flags=re.IGNORECASE)
    return PHONE_LIKE.sub("[phone]", text)


def _officers_by_case(apps):
    FIR = apps.get_model("legal", "FIR")
    officers = {}
    for case_id, name, phone in FIR.objects.values_list("case_id", "io_name", "io_phone").iterator():
        for value in (name, phone):
            if value and value.strip():
                officers.setdefault(case_id, set()).add(value.strip())
    return officers


def scrub(apps, schema_editor):
    StageTransition = apps.get_model("cases", "StageTransition")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    officers = _officers_by_case(apps)
    for model, has_summary in ((StageTransition, False), (CaseEvent, True)):
        columns = ["id", "case_id", "data", *(["summary"] if has_summary else [])]
        for row in model.objects.values(*columns).iterator(chunk_size=500):
            values = officers.get(row["case_id"], set())
            changes = {}
            data = _scrub(row["data"] or {}, {v.casefold() for v in values})
            if data != (row["data"] or {}):
                changes["data"] = data
            if has_summary and row["summary"]:
                summary = _redact(row["summary"], values)
                if summary != row["summary"]:
                    changes["summary"] = summary
            if changes:
                # The base manager: the default one refuses updates of these insert-only rows.
                model._base_manager.filter(pk=row["id"]).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_access_log_lists_searches_append_only"),
        # The FIR's officer name and phone are read (decrypted) to find them in the log.
        ("legal", "0009_fir_rescue_single_source"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
