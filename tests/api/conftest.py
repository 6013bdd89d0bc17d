"""People around one case for the API tests: its lead caseworker, a survivor leader on its team
(masked), a caseworker of another organisation (not hers: 404) and a coordinator. Synthetic."""

import pytest

from cases.factories import give_consent
from cases.models import CaseRole
from cases.services import team_add
from consortium.models import Role
from survivors.models import ConsentPurpose
from tests.cases import conftest as case_fixtures

# Not the cases' autouse MEDIA_ROOT fixture: the sweep's module-wide world keeps its uploads where
# it made them (tests/api/test_compensation.py takes it for its own uploads).
collective = case_fixtures.collective


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def case(lead):
    from tests.cases.helpers import open_survivor_case

    return open_survivor_case(lead)


@pytest.fixture
def leader(make_member, collective, case, lead):
    """A survivor leader of a collective, on the case team with her consent to collective support."""
    member = make_member(Role.SURVIVOR_LEADER, collective, first_name="Sona", last_name="Leader")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    team_add(actor=lead.user, case=case, membership=member, role=CaseRole.SURVIVOR_LEADER)
    return member


@pytest.fixture
def outsider(make_member, org_mh):
    """A caseworker of another organisation: the case is not hers."""
    return make_member(Role.CASEWORKER, org_mh, first_name="Mona", last_name="Mumbai")


@pytest.fixture
def coordinator(make_member, secretariat):
    return make_member(Role.COORDINATOR, secretariat, first_name="Chitra", last_name="Coordinator")


@pytest.fixture
def other(outsider):
    """The outsider, by the name the legal API tests give her."""
    return outsider
