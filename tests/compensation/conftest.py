import pytest

from cases.factories import give_consent
from cases.models import CaseRole
from cases.services import team_add
from consortium.models import Role
from survivors.models import ConsentPurpose
from tests.cases import conftest as case_fixtures

# The case tests' fixtures, shared: a lead caseworker, her case, a collective, a lawyers' network...
_media_in_tmp = case_fixtures._media_in_tmp
case = case_fixtures.case
collective = case_fixtures.collective
coordinator = case_fixtures.coordinator
lawyers_network = case_fixtures.lawyers_network
lead = case_fixtures.lead
login = case_fixtures.login


@pytest.fixture
def lawyer(make_member, lawyers_network, case, lead):
    """A lawyer of the lawyers' network on the case team (with legal-representation consent)."""
    member = make_member(Role.LAWYER, lawyers_network, first_name="Lata", last_name="Lawyer")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=lawyers_network)
    team_add(actor=lead.user, case=case, membership=member, role=CaseRole.LAWYER)
    return member


@pytest.fixture
def org_admin(make_member, org_wb):
    return make_member(Role.ORG_ADMIN, org_wb, first_name="Anima", last_name="Admin")
