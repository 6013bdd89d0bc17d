"""The case-opening form's blocks from apps above cases (cases/intake.py): care's rescue is one,
saved in the case's own transaction, and cases imports nothing of care to do it."""

import ast
import datetime
import pathlib

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import get_template

from care.models import Rescue
from cases import intake
from cases.factories import open_case
from cases.models import Case
from survivors.models import Survivor

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_care_registers_the_rescue_block_of_the_case_opening_form():
    rescue = intake.section("rescue")
    assert [s.key for s in intake.sections()] == ["rescue"]
    assert rescue.form_class.__module__ == "care.forms"
    assert get_template(rescue.template).origin.name.endswith("templates/care/_intake_rescue.html")
    assert rescue.error_fields == {"rescued_at": "rescued_on"}


def test_an_unknown_block_is_a_type_error_and_opens_nothing(lead):
    before = (Case.objects.count(), Survivor.objects.count())
    with pytest.raises(TypeError, match="no intake section 'shelter'"):
        open_case(lead, intake={"shelter": {"anything": 1}})
    assert (Case.objects.count(), Survivor.objects.count()) == before


def test_a_refused_rescue_rolls_back_the_whole_case(lead):
    before = (Case.objects.count(), Survivor.objects.count())
    with pytest.raises(ValidationError) as refused:
        open_case(
            lead,
            intake={"rescue": {"rescued_on": datetime.date(2026, 11, 1), "state": None, "agency": "nobody"}},
        )
    assert set(refused.value.error_dict) == {"state", "agency"}
    assert (Case.objects.count(), Survivor.objects.count(), Rescue.objects.count()) == (*before, 0)


def test_an_accepted_rescue_is_the_care_record_and_the_cases_copy(lead):
    case = open_case(lead, rescued_on=datetime.date(2026, 11, 1), escaped=True)
    case.refresh_from_db()
    assert (case.rescue.rescued_on, case.rescue.agency, case.rescued_on, case.escaped) == (
        datetime.date(2026, 11, 1),
        "self",
        datetime.date(2026, 11, 1),
        True,
    )


def test_cases_imports_nothing_of_care():
    """make lint's layers say so too; this names the file if one slips in."""
    offenders = []
    for path in (ROOT / "cases").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n == "care" or n.startswith("care.")]
    assert offenders == []
