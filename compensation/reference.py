"""The compensation schemes shipped with Nyaya: their first versions, loaded by a data migration.

Amounts change: coordinators add a new version in the app (Compensation → Schemes) with a
later "in force from" date; claims keep the version they were made under. Amounts are in
rupees as strings (Decimal), never floats. Where the consortium's domain brief gives a range
without the scheme's full schedule, the legal source says so, so that a coordinator checks
the notified text before relying on it.
"""

import datetime
from decimal import Decimal

STANDARD_DOCUMENTS = [
    "fir",
    "magistrate_statement",
    "medical_report",
    "psychological_report",
    "age_proof",
    "bank_account",
    "identity",
]

SCHEMES = [
    {
        "code": "nalsa-2018",
        "name": "NALSA Compensation Scheme for Women Victims/Survivors of Sexual Assault/other Crimes, 2018",
        "short_name": "NALSA 2018",
        "authority": "nalsa",
        "jurisdiction": "national",
        "state": None,
        "effective_from": datetime.date(2018, 10, 2),
        "time_bar_months": 36,
        "minor_age_limit": 18,
        "minor_uplift_percent": 50,
        "interim_relief": "Interim relief on her application or on the police report, decided by the DLSA or "
        "SLSA and paid within days of the order; it is adjusted against the final award.",
        "interim_max_amount": None,
        "fd_share_percent": 75,
        "fd_share_percent_minor": 80,
        "fd_lock_in_months": 36,
        "required_documents": STANDARD_DOCUMENTS,
        "legal_source": "NALSA scheme of 2018, made applicable by the Supreme Court in Nipun Saxena v. Union of "
        "India (2018); BNSS 396 (CrPC 357A). Schedule (Part II): rape Rs 4–7 lakh, gang rape Rs 5–10 lakh; "
        "50% more for a minor. 75% of the award is kept in a fixed deposit for at least 3 years (80% for a "
        "minor, until majority). The scheme has no separate line for trafficking: claim under rape or gang "
        "rape where the facts support it. Claims within 3 years of the offence or release; later claims need "
        "condonation of delay.",
        "lines": [
            ("rape", "Rape", "400000", "700000"),
            ("gang_rape", "Gang rape", "500000", "1000000"),
        ],
    },
    {
        "code": "trafficking-floor",
        "name": "National floor for compensation to victims of trafficking",
        "short_name": "Trafficking floor",
        "authority": "government",
        "jurisdiction": "national",
        "state": None,
        "effective_from": datetime.date(2018, 10, 2),
        "time_bar_months": 36,
        "minor_age_limit": 14,
        "minor_uplift_percent": 50,
        "interim_relief": "As under the state's victim compensation scheme through which it is paid.",
        "interim_max_amount": None,
        "fd_share_percent": 0,
        "fd_share_percent_minor": 0,
        "fd_lock_in_months": 0,
        "required_documents": STANDARD_DOCUMENTS,
        "legal_source": "National floor for the rehabilitation of trafficking victims: at least Rs 1 lakh, 50% "
        "more for a child under 14 (no ceiling), paid through the legal services authorities under BNSS 396. "
        "Seeded from the consortium's domain brief: check the notification in force and edit.",
        "lines": [
            ("trafficking", "Victim of trafficking", "100000", None),
        ],
    },
    {
        "code": "wb-vcs-2017",
        "name": "West Bengal Victim Compensation Scheme, 2017",
        "short_name": "WB VCS 2017",
        "authority": "slsa",
        "jurisdiction": "state",
        "state": "WB",
        "effective_from": datetime.date(2017, 1, 1),
        "time_bar_months": 36,
        "minor_age_limit": 18,
        "minor_uplift_percent": 0,
        "interim_relief": "Interim relief by the DLSA or the West Bengal SLSA on application or on the police "
        "report, adjusted against the final award.",
        "interim_max_amount": None,
        "fd_share_percent": 0,
        "fd_share_percent_minor": 0,
        "fd_lock_in_months": 0,
        "required_documents": STANDARD_DOCUMENTS,
        "legal_source": "West Bengal Victim Compensation Scheme, 2017, under CrPC 357A (BNSS 396): Rs 50,000 "
        "to Rs 3 lakh. Compensation does not depend on the outcome of the trial (Calcutta High Court, 2018). "
        "Seeded from the consortium's domain brief: check each line of the notified schedule and edit.",
        "lines": [
            ("trafficking", "Victim of human trafficking", "50000", "300000"),
            ("rape", "Rape", "50000", "300000"),
        ],
    },
    {
        "code": "bonded-labour-2016",
        "name": "Central Sector Scheme for Rehabilitation of Bonded Labourer, 2016",
        "short_name": "Bonded labour 2016",
        "authority": "government",
        "jurisdiction": "national",
        "state": None,
        "effective_from": datetime.date(2016, 5, 17),
        "time_bar_months": 36,
        "minor_age_limit": 18,
        "minor_uplift_percent": 0,
        "interim_relief": "Immediate assistance of up to Rs 30,000 from the District Magistrate on release, on "
        "the release certificate, adjusted against the rehabilitation amount.",
        "interim_max_amount": "30000",
        "fd_share_percent": 0,
        "fd_share_percent_minor": 0,
        "fd_lock_in_months": 0,
        "required_documents": ["release_certificate", "identity", "bank_account", "age_proof"],
        "legal_source": "Bonded Labour System (Abolition) Act 1976 and the Central Sector Scheme for "
        "Rehabilitation of Bonded Labourer, 2016 (Ministry of Labour and Employment): release certificate from "
        "the District Magistrate, Rs 30,000 immediate assistance, then Rs 1 lakh (adult men), Rs 2 lakh "
        "(women and children) or Rs 3 lakh (children and women rescued from sexual exploitation or "
        "trafficking, transgender persons, persons with disabilities).",
        "lines": [
            (
                "bonded_labour",
                "Rs 1 lakh (adult men), 2 lakh (women and children), 3 lakh (sexual exploitation or "
                "trafficking of women and children, transgender persons, persons with disabilities)",
                "100000",
                "300000",
            ),
        ],
    },
]


def sync_schemes(scheme_model, line_model, state_model) -> int:
    """Create the shipped scheme versions that are missing; never touch an existing version."""
    created = 0
    for entry in SCHEMES:
        values = {k: v for k, v in entry.items() if k not in ("code", "effective_from", "lines", "state")}
        if values["interim_max_amount"] is not None:
            values["interim_max_amount"] = Decimal(values["interim_max_amount"])
        values["state"] = state_model.objects.get(code=entry["state"]) if entry["state"] else None
        scheme, was_created = scheme_model.objects.get_or_create(
            code=entry["code"], effective_from=entry["effective_from"], defaults=values
        )
        if was_created:
            for category, label, low, high in entry["lines"]:
                line_model.objects.create(
                    scheme=scheme,
                    category=category,
                    label=label,
                    min_amount=Decimal(low),
                    max_amount=Decimal(high) if high is not None else None,
                )
        created += was_created
    return created
