import pytest

from consortium.models import Role


@pytest.fixture
def admin_wb(make_member, org_wb):
    return make_member(Role.ORG_ADMIN, org_wb, username="imp_admin")


@pytest.fixture
def lead_wb(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, username="imp_lead")
