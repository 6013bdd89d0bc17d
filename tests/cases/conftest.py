import pytest

from consortium.factories import OrganisationFactory, state
from consortium.models import Organisation, Role

from .helpers import open_survivor_case


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents go to a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lead(make_member, org_wb):
    """The lead caseworker of `case` (caseworker of the lead organisation, org_wb)."""
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def case(lead):
    return open_survivor_case(lead)


@pytest.fixture
def collective(db):
    return OrganisationFactory(
        name="Test Survivor Collective",
        short_name="TSC",
        kind=Organisation.Kind.SURVIVOR_COLLECTIVE,
        home_state=state("WB"),
    )


@pytest.fixture
def lawyers_network(db):
    return OrganisationFactory(
        name="Test Lawyers Network", short_name="TLN", kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB")
    )


@pytest.fixture
def coordinator(make_member, secretariat):
    return make_member(Role.COORDINATOR, secretariat, first_name="Chitra", last_name="Coordinator")


@pytest.fixture
def login(client):
    """login(membership_or_user) -> the test client, logged in as that person."""

    def _login(who):
        client.force_login(getattr(who, "user", who))
        return client

    return _login
