"""Retention rules shipped with Nyaya (reference data), each with its source.

Loaded by privacy's first migration; `load_retention_rules` is idempotent (tests call it too).
"""

CERT_IN = (
    "CERT-In Directions No. 20(3)/2022-CERT-In of 28 April 2022 under IT Act 2000 s.70B(6), direction (iv): "
    "logs of ICT systems kept for a rolling 180 days in India"
)

RULES = [
    {
        "code": "generated_document_files",
        "record_type": "Generated PDFs (dossier, compensation application, letter): the files",
        "keep_days": 1,
        "counted_from": "the PDF was built (GENERATED_DOCUMENT_TTL_HOURS, 24 hours by default)",
        "action": "delete_files",
        "source": "consortium practice",
        "source_kind": "practice",
        "minimum_by_law": "",
    },
    {
        "code": "generated_document_records",
        "record_type": "Generated PDFs: the record that one was asked for (no file, no password)",
        "keep_days": 30,
        "counted_from": "the PDF was asked for",
        "action": "delete_rows",
        "source": "consortium practice",
        "source_kind": "practice",
        "minimum_by_law": "",
    },
    {
        "code": "access_log",
        "record_type": "Access log (who saw or downloaded what, refusals)",
        "keep_days": 3 * 365,
        "counted_from": "the access",
        "action": "report",
        "source": (
            "consortium practice (three years, above the legal minimums; the log is append-only and "
            "holds no identity, so older entries are counted for review, not deleted)"
        ),
        "source_kind": "practice",
        "minimum_by_law": (
            CERT_IN + "; DPDP Rules 2025 rule 6(1)(e): logs kept at least one year (in force from May 2027)"
        ),
    },
    {
        "code": "closed_case_identity",
        "record_type": "Survivor's identity, contacts, notes and documents of cases closed long ago",
        "keep_days": 7 * 365,
        "counted_from": "her last case was closed (never while a case of hers is open or under a legal hold)",
        "action": "erase_identity",
        "source": (
            "consortium practice; DPDP Act 2023 s.8(7) (erase once the purpose is no longer served, unless "
            "the law requires keeping it)"
        ),
        "source_kind": "practice",
        "minimum_by_law": "",
    },
]


def load_retention_rules(RetentionRule) -> None:
    for position, rule in enumerate(RULES):
        RetentionRule.objects.update_or_create(code=rule["code"], defaults={**rule, "position": position})
