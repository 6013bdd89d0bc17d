"""The fixed access code of the demo (services.account_open(code=...)): only demo people may give one,
and only a well-formed code. All data synthetic."""

import pytest
from django.core.exceptions import PermissionDenied

from selfaccess import codes, services
from selfaccess.models import SurvivorAccount

pytestmark = pytest.mark.django_db


def _as_demo(lead):
    lead.user.is_demo = True
    lead.user.save(update_fields=["is_demo"])
    return lead.user


def test_a_demo_person_opens_her_account_with_the_fixed_code(lead, case, consent):
    account, code = services.account_open(actor=_as_demo(lead), case=case, code="mynq-te26-demq")
    assert code == "MYNQTE26DEMQ"
    assert account.code_digest == codes.code_digest("MYNQ-TE26-DEMQ")
    assert services.account_for_code("MYNQ TE26 DEMQ", ip="127.0.0.7") == account


def test_anyone_else_cannot_choose_her_code(lead, case, consent):
    assert not lead.user.is_demo
    with pytest.raises(PermissionDenied):
        services.account_open(actor=lead.user, case=case, code="MYNQTE26DEMQ")
    assert not SurvivorAccount.objects.exists()


@pytest.mark.parametrize("bad", ["MYNQTE26DEM", "MYNQTE26DEM0", "MYNQTE26DEMQX", "MYNQTE26DEMI"])
def test_a_malformed_fixed_code_is_refused(lead, case, consent, bad):
    with pytest.raises(ValueError, match="12 characters"):
        services.account_open(actor=_as_demo(lead), case=case, code=bad)
    assert not SurvivorAccount.objects.exists()


def test_without_a_code_she_gets_a_new_random_one(lead, case, consent):
    _account, code = services.account_open(actor=_as_demo(lead), case=case)
    assert len(code) == codes.CODE_LENGTH and code != "MYNQTE26DEMQ"
