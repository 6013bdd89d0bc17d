"""Law is cited: every rule, act, section and scheme Nyaya ships names its source, its kind of
source and its in-force dates, and README's deadline table lists every rule as law or practice."""

import re
from pathlib import Path

import pytest

from cases.deadline_rules import RULES, WITHDRAWN_RULES
from cases.models import DeadlineRule
from compensation.models import Scheme
from legal.models import Act, Section

README = Path(__file__).resolve().parent.parent / "README.md"
# A provision: an act's short name and a section number, or a judgment ("X v. Y" with a year).
PROVISION = re.compile(r"\b(BNSS|BNS|CrPC|IPC|ITPA|POCSO|JJ Act|Juvenile Justice Act|Limitation Act|BLSA|Scheme)\b.*\d")
JUDGMENT = re.compile(r"\bv\. .*(\(\d{4}\)|\d{4} INSC|\b\d{4}\b)")


def test_every_shipped_rule_names_its_source_and_kind(db):
    rules = list(DeadlineRule.objects.filter(code__in=[r["code"] for r in RULES]))
    assert len({r.code for r in rules}) == len(RULES)
    for rule in rules:
        assert rule.legal_source.strip(), rule.code
        assert rule.effective_from is not None, rule.code
        if rule.source_kind == DeadlineRule.SourceKind.PRACTICE:
            assert "practice" in rule.legal_source.lower(), rule.code
        elif rule.source_kind == DeadlineRule.SourceKind.JUDGMENT:
            assert JUDGMENT.search(rule.legal_source), f"{rule.code}: a judgment needs its citation"
        else:
            assert PROVISION.search(rule.legal_source), f"{rule.code}: a law rule names the act and section"
            assert "practice" not in rule.legal_source.lower().split(":")[0], rule.code


def test_bnss_only_rules_say_so(db):
    for rule in DeadlineRule.objects.filter(procedure=DeadlineRule.Procedure.BNSS):
        assert "BNSS" in rule.legal_source and "new in the bnss" in rule.legal_source.lower(), rule.code


def test_withdrawn_rules_open_nothing(db):
    for code in WITHDRAWN_RULES:
        assert not DeadlineRule.objects.filter(code=code, is_active=True).exists()


def test_every_act_names_its_in_force_dates(db):
    for act in Act.objects.all():
        assert act.source.strip(), act.code
        assert act.in_force_from or act.in_force_until, act.code


def test_every_section_names_its_source(db):
    missing = [str(s) for s in Section.objects.select_related("act") if not s.source.strip()]
    assert missing == []


def test_every_offence_section_has_a_punishment_court_and_bail_class_with_basis(db):
    problems = []
    for section in Section.objects.filter(is_offence=True).select_related("act"):
        if section.act.code in ("crpc", "bnss"):
            problems.append(f"{section}: a procedure act's section marked as an offence")
        if not section.punishment.strip():
            problems.append(f"{section}: no punishment")
        if not section.default_bail_basis.strip():
            problems.append(f"{section}: no basis for its default-bail class")
        # Joint liability and conspiracy (IPC 34, 120B; BNS 3(5), 61(2)) have no class or court of
        # their own: they follow the offence charged with them, as their basis says.
        if section.default_bail_days is None and "follow" not in section.default_bail_basis.lower():
            problems.append(f"{section}: no default-bail class")
        if not section.triable_by and section.default_bail_days is not None:
            problems.append(f"{section}: no court")
    assert problems == []


def test_every_scheme_names_its_source_and_in_force_date(db):
    for scheme in Scheme.objects.all():
        assert scheme.legal_source.strip(), scheme.code
        assert scheme.effective_from is not None, scheme.code


def test_readme_deadline_table_lists_every_rule_as_law_or_practice():
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| rule |") :]
    table = table[: table.index("\n\n")]
    rows = {line.split("|")[1].strip().strip("`"): line for line in table.splitlines()[2:]}
    for rule in RULES:
        assert rule["code"] in rows, f"README's deadline table misses {rule['code']}"
        kind = rule.get("source_kind", "law")
        assert f"| {kind} |" in rows[rule["code"]], f"README says the wrong kind for {rule['code']}"


@pytest.mark.parametrize("code", [r["code"] for r in RULES])
def test_each_rule_row_matches_the_shipped_data(db, code):
    shipped = next(r for r in RULES if r["code"] == code)
    rule = DeadlineRule.objects.filter(code=code).order_by("-effective_from").first()
    assert rule.legal_source == shipped["legal_source"]
    assert rule.offset_amount == shipped["offset_amount"]


def _too_long(model, values: dict) -> list[str]:
    problems = []
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except Exception:
            continue
        if isinstance(value, str) and getattr(field, "max_length", None) and len(value) > field.max_length:
            problems.append(f"{model.__name__}.{name}: {len(value)} > {field.max_length} ({value[:40]}...)")
    return problems


def test_shipped_reference_data_fits_its_columns():
    """SQLite does not enforce a column's length; PostgreSQL refuses the migration that loads it."""
    from cases.deadline_rules import RULE_DEFAULTS
    from compensation.models import SchemeLine
    from compensation.reference import SCHEMES
    from legal.reference.data import SECTIONS, section_values

    problems = []
    for rule in RULES:
        problems += _too_long(DeadlineRule, {**RULE_DEFAULTS, **rule})
    for row in SECTIONS:
        problems += _too_long(Section, {"number": row["number"], **section_values(row)})
    for entry in SCHEMES:
        problems += _too_long(Scheme, entry)
        for category, label, _low, _high in entry["lines"]:
            problems += _too_long(SchemeLine, {"category": category, "label": label})
    assert problems == []
