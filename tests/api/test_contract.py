"""Contract tests: schemathesis generates requests from Nyaya's own OpenAPI schema (/api/v1/schema/)
for every operation and checks each answer: never a 5xx, the status, content type and body as the
schema declares them, refusals of invalid data (issue 21).

The requests are made as the lead caseworker of a furnished case (the API sweep's world), with a
read-and-write token, so they reach the code behind the 404 of a case she may not see: the case id
of every generated path is hers, the other ids are generated. FUZZ_EXAMPLES sets the number of
examples per operation (10 here, 25 in CI's second run); hypothesis keeps no database of them.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from tests.api.helpers import token_for
from tests.sweep.harness import built_world

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))


@pytest.fixture(scope="module")
def world(django_db_blocker, tmp_path_factory):
    yield from built_world(django_db_blocker, tmp_path_factory)


@pytest.fixture
def api_schema(world, db):
    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@pytest.fixture
def lead_token(world, db):
    return token_for(world.people["lead"].user, "write")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_contract(case, world, lead_token):
    if "case_id" in (case.path_parameters or {}):
        case.path_parameters["case_id"] = world.case_a.pk
    # Every check but "a schema-valid request is accepted": the services refuse valid-looking input
    # on the case's rules (a lawyers-only note by a caseworker, a consent expiring before it was
    # given, someone already on the team), with a 400 naming the field, as the web forms do.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {lead_token}"},
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
