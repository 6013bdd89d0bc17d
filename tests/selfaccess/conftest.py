"""Her own page: a case with her self-access consent and her account. All data synthetic."""

import pytest

from cases.services import consent_record
from consortium.factories import OrganisationFactory, state
from consortium.models import Role
from selfaccess import services, session
from survivors.models import Consent, ConsentPurpose
from tests.cases.helpers import days, open_survivor_case

PIN = "4826"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lead(make_member, org_wb):
    """The lead caseworker of `case`."""
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def case(lead):
    return open_survivor_case(lead)


@pytest.fixture
def outsider(make_member):
    """A caseworker of another organisation, not on the case."""
    other = OrganisationFactory(name="Elsewhere Trust", short_name="ELT", home_state=state("MH"))
    return make_member(Role.CASEWORKER, other, first_name="Olga", last_name="Outsider")


def give_self_access_consent(lead, case, **kwargs):
    kwargs.setdefault("method", Consent.Method.WRITTEN)
    kwargs.setdefault("given_on", days(-1))
    return consent_record(actor=lead.user, case=case, purpose=ConsentPurpose.SELF_ACCESS, **kwargs)


@pytest.fixture
def consent(lead, case):
    return give_self_access_consent(lead, case)


@pytest.fixture
def opened(lead, case, consent):
    """(account, code): her account opened by her caseworker, no PIN chosen yet."""
    return services.account_open(actor=lead.user, case=case)


@pytest.fixture
def account(opened):
    """Her account with her PIN chosen."""
    account, _code = opened
    return services.pin_choose(account=account, pin=PIN, again=PIN)


@pytest.fixture
def code(opened):
    return opened[1]


def sign_in_as_her(client, account):
    """The test client signed in to her page (as code, PIN and any SMS code would leave it)."""
    from django.http import HttpRequest

    request = HttpRequest()
    request.session = client.session
    request.user = None
    session.begin(request, account)
    request.session.save()
    client.cookies["sessionid"] = request.session.session_key
    return client


@pytest.fixture
def her(client, account):
    """The test client, signed in as her."""
    return sign_in_as_her(client, account)
