import pytest

from consortium.models import Role

from .helpers import make_fir


@pytest.fixture
def lead(make_member, org_wb):
    """The lead caseworker of `case` (caseworker of the lead organisation, org_wb)."""
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def coordinator(make_member, secretariat):
    return make_member(Role.COORDINATOR, secretariat, first_name="Chitra", last_name="Coordinator")


@pytest.fixture
def login(client):
    def _login(who):
        client.force_login(getattr(who, "user", who))
        return client

    return _login


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(lead):
    from tests.cases.helpers import open_survivor_case

    return open_survivor_case(lead)


@pytest.fixture
def fir(case, lead):
    """A FIR registered in Maharashtra (destination) on the case, 30 days ago."""
    return make_fir(case, lead.user, stage="fir_registered")


@pytest.fixture
def lawyer(make_member, case, lead):
    from cases import services
    from cases.factories import give_consent
    from cases.models import CaseRole
    from consortium.factories import OrganisationFactory, state
    from consortium.models import Organisation
    from survivors.models import ConsentPurpose

    network = OrganisationFactory(
        name="Test Lawyers Net", short_name="TLN2", kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB")
    )
    member = make_member(Role.LAWYER, network, first_name="Lata", last_name="Lawyer")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=network)
    services.team_add(actor=lead.user, case=case, membership=member, role=CaseRole.LAWYER)
    return member
