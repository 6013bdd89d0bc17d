import pytest

from consortium.models import Role
from tests.compensation import conftest as compensation_fixtures

# The case and compensation tests' fixtures: a lead caseworker and her case, a lawyer on its
# team, an org admin, a coordinator, a collective...
_media_in_tmp = compensation_fixtures._media_in_tmp
case = compensation_fixtures.case
collective = compensation_fixtures.collective
coordinator = compensation_fixtures.coordinator
lawyers_network = compensation_fixtures.lawyers_network
lead = compensation_fixtures.lead
login = compensation_fixtures.login
lawyer = compensation_fixtures.lawyer
org_admin = compensation_fixtures.org_admin


@pytest.fixture
def outsider(make_member, org_mh):
    """A caseworker of another organisation, not on the case."""
    return make_member(Role.CASEWORKER, org_mh, first_name="Olga", last_name="Outsider")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the queued build (delay_on_commit) as a real request would after its commit."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run
