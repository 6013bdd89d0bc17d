"""The compensation schemes shipped with Nyaya: their first versions, loaded by a data migration.

Amounts change: coordinators add a new version in the app (Compensation → Schemes) with a
later "in force from" date; claims keep the version they were made under (for a scheme
versioned by release, the version in force on the day she was released). Amounts are in
rupees as strings (Decimal), never floats. Where the consortium's domain brief gives a range
without the scheme's full schedule, the legal source says so, so that a coordinator checks
the notified text before relying on it.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext_noop

from cases.reference import fields_of

STANDARD_DOCUMENTS = [
    "fir",
    "magistrate_statement",
    "medical_report",
    "psychological_report",
    "age_proof",
    "bank_account",
    "identity",
]

NALSA_TIME_LIMIT = (
    "NALSA Compensation Scheme for Women Victims/Survivors of Sexual Assault/other Crimes, 2018 (its limitation "
    "provision): an application within three years of the offence or of the conclusion of the trial, whichever is "
    "later; the authority may condone a delay."
)
BONDED_LABOUR_LINE = (
    "bonded_labour",
    "Rs 1 lakh (adult men); Rs 2 lakh (children, women); Rs 3 lakh (women and children rescued from "
    "sexual exploitation or trafficking, transgender persons, persons with disabilities)",
    "100000",
    "300000",
)
BONDED_LABOUR_2021 = datetime.date(2022, 1, 27)

# Each entry is one shipped version. "shipped_as": the in-force date an earlier release shipped it
# under (the correcting migration finds the row by it).
SCHEMES = [
    {
        "code": "nalsa-2018",
        "name": gettext_noop(  # noqa: E501
            "NALSA Compensation Scheme for Women Victims/Survivors of Sexual Assault/other Crimes, 2018"
        ),
        "short_name": "NALSA 2018",
        "kind": "scheme",
        "authority": "nalsa",
        "jurisdiction": "national",
        "state": None,
        "effective_from": datetime.date(2018, 10, 2),
        "effective_until": None,
        "version_by": "claim",
        "women_only": True,
        "time_bar_months": 36,
        "time_bar_source": NALSA_TIME_LIMIT,
        "minor_age_limit": 18,
        "minor_uplift_percent": 50,
        "interim_relief": "Interim relief on her application or on the police report, decided by the DLSA or "
        "SLSA (BNSS 396(6) / CrPC 357A(6): immediate first aid, medical benefits free of cost, or other interim "
        "relief); it is adjusted against the final award.",
        "interim_max_amount": None,
        "fd_share_percent": 75,
        "fd_share_percent_minor": 80,
        "fd_lock_in_months": 36,
        "required_documents": STANDARD_DOCUMENTS,
        "legal_source": "NALSA's Compensation Scheme for Women Victims/Survivors of Sexual Assault/other Crimes, "
        "2018 (Part II of the victim compensation scheme), accepted by the Supreme Court in Nipun Saxena v. Union "
        "of India, W.P.(C) 565/2012, in force from 2 Oct 2018; under BNSS 396 (CrPC 357A). Schedule: rape Rs 4-7 "
        "lakh, gang rape Rs 5-10 lakh; 50% more for a minor. 75% of the award is kept in a fixed deposit for at "
        "least 3 years (80% for a minor, until majority). For women and girls. No line for trafficking: a claim "
        "is for rape or gang rape where it is charged; for an adult, commercial sexual exploitation is not by "
        "itself rape. A child victim of a POCSO offence: the Special Court orders compensation (POCSO s.33(8); "
        "POCSO Rules 2020 r.9). " + NALSA_TIME_LIMIT,
        "lines": [
            ("rape", "Rape", "400000", "700000"),
            ("gang_rape", "Gang rape", "500000", "1000000"),
        ],
    },
    {
        # The code stays: claims made under the row when it was shipped as a "floor" scheme keep it.
        "code": "trafficking-floor",
        "name": gettext_noop("Central Victim Compensation Fund (CVCF) Guidelines, Ministry of Home Affairs, 2015"),
        "short_name": "CVCF guidelines 2015",
        "kind": "guideline",
        "authority": "government",
        "jurisdiction": "national",
        "state": None,
        "effective_from": datetime.date(2015, 8, 21),
        "shipped_as": datetime.date(2018, 10, 2),
        "effective_until": None,
        "version_by": "claim",
        "women_only": False,
        "time_bar_months": None,
        "time_bar_source": "",
        "minor_age_limit": 14,
        "minor_uplift_percent": 50,
        "interim_relief": "",
        "interim_max_amount": None,
        "fd_share_percent": 0,
        "fd_share_percent_minor": 0,
        "fd_lock_in_months": 0,
        "required_documents": [],
        "legal_source": "Central Victim Compensation Fund Guidelines, in force from 21 Aug 2015, circulated by the "
        "Ministry of Home Affairs' letter No. 24013/94/Misc./2014-CSR.III of 14 Oct 2015 asking states to modify "
        "their victim compensation schemes under CrPC 357A (BNSS 396). The annexure's minimums, which a state "
        "scheme adopts to draw on the fund: rehabilitation of a victim of human trafficking Rs 1 lakh, rape Rs 3 "
        "lakh; 50% more for a victim under 14. The basis of state schemes, not a scheme a survivor claims under: "
        "she claims under her state's scheme, and Nyaya warns where a state scheme's line is below these minimums.",
        "lines": [
            ("trafficking", "Rehabilitation of a victim of human trafficking", "100000", None),
            ("rape", "Rape", "300000", None),
        ],
    },
    {
        "code": "wb-vcs-2017",
        "name": gettext_noop("West Bengal Victim Compensation Scheme, 2017"),
        "short_name": "WB VCS 2017",
        "kind": "scheme",
        "authority": "slsa",
        "jurisdiction": "state",
        "state": "WB",
        "effective_from": datetime.date(2017, 1, 1),
        "effective_until": None,
        "version_by": "claim",
        "women_only": False,
        "time_bar_months": 36,
        "time_bar_source": "Consortium practice: the three years of the NALSA scheme 2018 (from the offence or the "
        "conclusion of the trial) until the notified scheme's own limit is checked.",
        "minor_age_limit": 14,
        "minor_uplift_percent": 50,
        "interim_relief": "Interim relief by the DLSA or the West Bengal SLSA on application or on the police "
        "report (BNSS 396(6) / CrPC 357A(6)), adjusted against the final award.",
        "interim_max_amount": None,
        "fd_share_percent": 0,
        "fd_share_percent_minor": 0,
        "fd_lock_in_months": 0,
        "required_documents": STANDARD_DOCUMENTS,
        "legal_source": "West Bengal Victim Compensation Scheme, 2017, notified by the Government of West Bengal "
        "in February 2017 under CrPC 357A (BNSS 396): eleven categories from Rs 50,000 to Rs 3 lakh; 50% more for "
        "a victim under 14. Compensation does not depend on the outcome of the trial (Calcutta High Court, 2018). "
        "The in-force date and each line are seeded from the consortium's notes: check them against the Kolkata "
        "Gazette notification and add a corrected version.",
        "lines": [
            ("trafficking", "Victim of human trafficking", "50000", "300000"),
            ("rape", "Rape", "50000", "300000"),
        ],
    },
    {
        "code": "bonded-labour-2016",
        "name": gettext_noop("Central Sector Scheme for Rehabilitation of Bonded Labourer, 2016"),
        "short_name": "Bonded labour 2016",
        "kind": "scheme",
        "authority": "government",
        "jurisdiction": "national",
        "state": None,
        "effective_from": datetime.date(2016, 5, 17),
        "effective_until": BONDED_LABOUR_2021 - datetime.timedelta(days=1),
        "version_by": "release",
        "women_only": False,
        "time_bar_months": None,
        "time_bar_source": "The scheme sets no time limit.",
        "minor_age_limit": 18,
        "minor_uplift_percent": 0,
        "interim_relief": "Immediate assistance of up to Rs 20,000 from the District Magistrate on her release, on "
        "the release certificate, adjusted against the rehabilitation amount.",
        "interim_max_amount": "20000",
        "fd_share_percent": 0,
        "fd_share_percent_minor": 0,
        "fd_lock_in_months": 0,
        "required_documents": ["release_certificate", "identity", "bank_account", "age_proof"],
        "legal_source": "Bonded Labour System (Abolition) Act 1976 and the Central Sector Scheme for "
        "Rehabilitation of Bonded Labourer, 2016 (Ministry of Labour and Employment), for those released from 17 "
        "May 2016 until its 2021 revision took effect on 27 Jan 2022: release certificate from the District "
        "Magistrate; immediate assistance of up to Rs 20,000; rehabilitation assistance of Rs 1 lakh (adult men), "
        "Rs 2 lakh (special categories: children, women) or Rs 3 lakh (extreme deprivation: women and children "
        "rescued from sexual exploitation or trafficking, transgender persons, persons with disabilities), much "
        "of it as an annuity deposit in her name. The version is the one in force on the day of her release. No "
        "time limit in the scheme.",
        "lines": [BONDED_LABOUR_LINE],
    },
    {
        "code": "bonded-labour-2016",
        "name": gettext_noop("Central Sector Scheme for Rehabilitation of Bonded Labourer, 2016, as revised in 2021"),
        "short_name": "Bonded labour 2021",
        "kind": "scheme",
        "authority": "government",
        "jurisdiction": "national",
        "state": None,
        "effective_from": BONDED_LABOUR_2021,
        "effective_until": None,
        "version_by": "release",
        "women_only": False,
        "time_bar_months": None,
        "time_bar_source": "The scheme sets no time limit.",
        "minor_age_limit": 18,
        "minor_uplift_percent": 0,
        "interim_relief": "Immediate assistance of up to Rs 30,000 from the District Magistrate on her release, on "
        "the release certificate, adjusted against the rehabilitation amount.",
        "interim_max_amount": "30000",
        "fd_share_percent": 0,
        "fd_share_percent_minor": 0,
        "fd_lock_in_months": 0,
        "required_documents": ["release_certificate", "identity", "bank_account", "age_proof"],
        "legal_source": "Bonded Labour System (Abolition) Act 1976 and the Central Sector Scheme for "
        "Rehabilitation of Bonded Labourer, 2016 as revised in 2021 (Ministry of Labour and Employment), in force "
        "from 27 Jan 2022 for those released on or after that day: release certificate from the District "
        "Magistrate; immediate assistance of up to Rs 30,000; rehabilitation assistance of Rs 1 lakh, Rs 2 lakh or "
        "Rs 3 lakh by category, much of it as an annuity deposit in her name. No time limit in the scheme.",
        "lines": [BONDED_LABOUR_LINE],
    },
]

SCHEME_FIELDS = (
    "name",
    "short_name",
    "kind",
    "authority",
    "jurisdiction",
    "effective_until",
    "version_by",
    "women_only",
    "time_bar_months",
    "time_bar_source",
    "minor_age_limit",
    "minor_uplift_percent",
    "interim_relief",
    "interim_max_amount",
    "fd_share_percent",
    "fd_share_percent_minor",
    "fd_lock_in_months",
    "required_documents",
    "legal_source",
)


def _values(entry: dict, scheme_model, state_model) -> dict:
    values = fields_of(scheme_model, {k: entry[k] for k in SCHEME_FIELDS if k in entry})
    if values.get("interim_max_amount") is not None:
        values["interim_max_amount"] = Decimal(values["interim_max_amount"])
    if "time_bar_months" in values and values["time_bar_months"] is None:
        # An older schema (before schemes without a time limit) keeps its default.
        field = scheme_model._meta.get_field("time_bar_months")
        if not field.null:
            values.pop("time_bar_months")
    values["state"] = state_model.objects.get(code=entry["state"]) if entry["state"] else None
    return values


def _lines(scheme, entry, line_model, claim_model=None) -> None:
    """The shipped lines on a shipped version: updated in place (claims point at them); a line no
    longer shipped is removed unless a claim was made on it."""
    wanted = {category for category, *_rest in entry["lines"]}
    for category, label, low, high in entry["lines"]:
        line_model.objects.update_or_create(
            scheme=scheme,
            category=category,
            defaults={
                "label": label,
                "min_amount": Decimal(low),
                "max_amount": Decimal(high) if high is not None else None,
            },
        )
    for line in line_model.objects.filter(scheme=scheme).exclude(category__in=wanted):
        if claim_model is None or not claim_model.objects.filter(line=line).exists():
            line.delete()


def sync_schemes(scheme_model, line_model, state_model, *, update: bool = False, claim_model=None) -> int:
    """Create the shipped scheme versions that are missing. With update=True (a migration that corrects
    the law), the shipped versions are rewritten; a version a coordinator added is never touched."""
    created = 0
    for entry in SCHEMES:
        values = _values(entry, scheme_model, state_model)
        shipped = scheme_model.objects.filter(code=entry["code"], created_by__isnull=True)
        scheme = shipped.filter(effective_from=entry["effective_from"]).first()
        if scheme is None and entry.get("shipped_as"):
            scheme = shipped.filter(effective_from=entry["shipped_as"]).first()
        if scheme is None:
            if scheme_model.objects.filter(code=entry["code"], effective_from=entry["effective_from"]).exists():
                continue  # a coordinator's own version on that day: hers stands
            scheme = scheme_model.objects.create(code=entry["code"], effective_from=entry["effective_from"], **values)
            _lines(scheme, entry, line_model, claim_model)
            created += 1
        elif update:
            for name, value in values.items():
                setattr(scheme, name, value)
            scheme.effective_from = entry["effective_from"]
            scheme.save()
            _lines(scheme, entry, line_model, claim_model)
    return created


def move_claims_to_release_version(scheme_model, line_model, claim_model) -> int:
    """Claims under a scheme versioned by release take the version in force on the day she was released
    (the day the claim was screened when her release is not recorded). Not-yet-decided claims only:
    an award stands on the version it was made under."""
    moved = 0
    for code in {e["code"] for e in SCHEMES if e["version_by"] == "release"}:
        versions = list(scheme_model.objects.filter(code=code, is_active=True).order_by("-effective_from"))
        for claim in claim_model.objects.filter(scheme_code=code, awarded_on__isnull=True).select_related(
            "case", "line"
        ):
            day = claim.case.rescued_on or claim.screened_on
            in_force = [v for v in versions if v.effective_from <= day]
            target = next((v for v in in_force if v.effective_until is None or day <= v.effective_until), None)
            if target is None or target.pk == claim.scheme_id:
                continue
            line = line_model.objects.filter(scheme=target, category=claim.line.category).first()
            if line is None:
                continue
            claim_model.objects.filter(pk=claim.pk).update(scheme=target, line=line)
            moved += 1
    return moved
