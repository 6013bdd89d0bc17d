"""Key rotation rebuilds every blind index, not only the survivor's (issue 16 review finding).

The blind indexes are keyed by the first FIELD_ENCRYPTION_KEY, so after `encryption_rotate`
each kind of search token must be rebuilt: a survivor searched by name or phone, and an
accused matched across cases by name or phone. One registry lists the kinds; the command
rebuilds all of them, and a test fails when a token table is not in it.
"""

import io

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command

from cases.selectors import case_list_for_page
from consortium.models import Role
from core import blind_indexes
from legal.accused import services as accused_services
from tests.cases.helpers import FULL_NAME, PHONE_DIGITS, open_survivor_case
from tests.legal.helpers import ACCUSED_NAME, ACCUSED_PHONE, accused_data


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def case(lead):
    return open_survivor_case(lead)


@pytest.fixture
def accused(case, lead):
    return accused_services.accused_record(actor=lead.user, case=case, **accused_data(), role="recruiter").accused


def _found(lead, case, accused) -> dict[str, bool]:
    """What a search and a match find now: the survivor by name and phone, the accused by name and phone."""
    by_name = list(case_list_for_page(lead.user, search=FULL_NAME))
    by_phone = list(case_list_for_page(lead.user, search="+91" + PHONE_DIGITS))
    accused_by_name, _hidden = accused_services.accused_matches(actor=lead.user, names=[ACCUSED_NAME])
    accused_by_phone, _hidden = accused_services.accused_matches(actor=lead.user, phones=[ACCUSED_PHONE])
    return {
        "survivor by name": [c.pk for c in by_name] == [case.pk],
        "survivor by phone": [c.pk for c in by_phone] == [case.pk],
        "accused by name": [a.pk for a in accused_by_name] == [accused.pk],
        "accused by phone": [a.pk for a in accused_by_phone] == [accused.pk],
    }


ALL_FOUND = {"survivor by name": True, "survivor by phone": True, "accused by name": True, "accused by phone": True}


def test_after_rotation_survivor_search_and_accused_match_still_find_their_record(settings, lead, case, accused):
    assert _found(lead, case, accused) == ALL_FOUND
    old = settings.FIELD_ENCRYPTION_KEY
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    # The indexes follow the first key: until the command runs, nothing is found.
    assert set(_found(lead, case, accused).values()) == {False}

    out = io.StringIO()
    call_command("encryption_rotate", stdout=out)
    assert _found(lead, case, accused) == ALL_FOUND
    assert "survivor: 1 search indexes rebuilt" in out.getvalue()
    assert "accused: 1 search indexes rebuilt" in out.getvalue()

    settings.FIELD_ENCRYPTION_KEY = new  # old key dropped, as the README says
    assert _found(lead, case, accused) == ALL_FOUND


def _token_models():
    """Every table that holds blind-index digests (a `digest` column beside a foreign key)."""
    found = set()
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if "digest" in names and any(f.many_to_one for f in model._meta.concrete_fields):
            found.add(model._meta.label)
    return found


def test_every_blind_index_table_is_in_the_registry():
    """A new kind of search token that rotation would not rebuild fails here."""
    registered = {kind.token_model for kind in blind_indexes.registered()}
    assert _token_models() == registered
    assert {"survivors.SurvivorSearchToken", "legal.AccusedSearchToken"} <= registered


def test_registry_kinds_name_their_fields_and_rebuild():
    for kind in blind_indexes.registered():
        model = apps.get_model(kind.model)
        for field in kind.fields:
            assert model._meta.get_field(field)
        assert callable(kind.rebuild)
