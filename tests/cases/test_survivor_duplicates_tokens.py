"""The tokens possible duplicates are found by: they survive a key rotation, they do not change
what the case search finds, and their normalisation ignores what should not matter. Synthetic data."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from cases import duplicates
from cases.factories import open_case
from cases.selectors import case_list_for_page
from consortium.factories import OrganisationFactory, state
from consortium.models import Role
from survivors.models import SurvivorSearchToken
from survivors.services import survivor_match_tokens

Kind = SurvivorSearchToken.Kind
GUARDIAN_PHONE = "91234 00871"


@pytest.fixture
def other_cw(make_member):
    org = OrganisationFactory(name="Test NGO Jharkhand", short_name="TNJ", home_state=state("JH"))
    return make_member(Role.CASEWORKER, org)


@pytest.fixture
def pair(lead, other_cw):
    first = open_case(
        other_cw, survivor={"full_name": "Rupali Xendravati", "phone_numbers": [], "guardian_phone": GUARDIAN_PHONE}
    )
    second = open_case(lead, survivor={"full_name": "R X", "phone_numbers": [], "guardian_phone": "+91-91234-00871"})
    return first, second


def test_matching_still_works_after_a_key_rotation(settings, pair):
    first, second = pair
    assert [c.case_id for c in duplicates.survivor_match_candidates(second)] == [first.pk]
    old = settings.FIELD_ENCRYPTION_KEY
    settings.FIELD_ENCRYPTION_KEY = f"{Fernet.generate_key().decode()},{old}"
    # The tokens follow the first key: until they are rebuilt, nothing matches.
    assert duplicates.survivor_match_candidates(second) == []
    out = io.StringIO()
    call_command("encryption_rotate", stdout=out)
    assert "survivor: 2 search indexes rebuilt" in out.getvalue()
    [candidate] = duplicates.survivor_match_candidates(second)
    assert (candidate.case_id, candidate.signals, candidate.score) == (first.pk, ("guardian_phone",), 60)


def test_a_guardians_phone_does_not_find_her_in_the_case_search(lead, pair):
    _first, second = pair
    assert list(case_list_for_page(lead.user, search=GUARDIAN_PHONE)) == []
    # Her name and its words still do.
    assert [c.pk for c in case_list_for_page(lead.user, search="R X")] == [second.pk]


def test_her_tokens_are_rebuilt_with_the_new_kinds(pair):
    _first, second = pair
    kinds = set(SurvivorSearchToken.objects.filter(survivor=second.survivor).values_list("kind", flat=True))
    assert {Kind.NAME, Kind.WHOLE_NAME, Kind.GUARDIAN_PHONE} <= kinds


words = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzআমিবাংলা", min_size=1, max_size=8), min_size=1, max_size=3)


@given(words=words, spaces=st.sampled_from([" ", "  ", "\t", " . "]))
def test_a_whole_name_ignores_case_spacing_and_punctuation(words, spaces):
    plain = " ".join(words)
    typed = "  " + spaces.join(word.upper() for word in words) + " "
    assert survivor_match_tokens(names=[plain]) == survivor_match_tokens(names=[typed])


@given(digits=st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_a_phone_ignores_the_country_code_and_spacing(digits):
    spaced = f"+91 {digits[:5]} {digits[5:]}"
    assert survivor_match_tokens(phones=[digits]) == survivor_match_tokens(phones=[spaced])
    assert survivor_match_tokens(guardian_phone=digits) == survivor_match_tokens(guardian_phone="0" + digits)
    # Her phone and a guardian's phone are hashed apart.
    assert survivor_match_tokens(phones=[digits]) != survivor_match_tokens(guardian_phone=digits)
