"""The care pages cost the same number of queries however many records they show (no N+1)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from care import services
from care.models import CustodyOrder, GoalStatus, RehabilitationGoal, ServiceReceived, ShelterHome
from cases.factories import give_consent
from consortium.factories import OrganisationFactory, state
from consortium.models import Role
from survivors.models import ConsentPurpose
from tests.cases.helpers import open_survivor_case

from .conftest import day, record_order, record_rescue


def queries(client, url) -> int:
    client.get(url)  # warm-up: session, content types
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_records(case, lead, n, offset=0):
    for i in range(n):
        services.goal_save(
            actor=lead.user,
            case=case,
            goal=RehabilitationGoal(
                area="education",
                description=f"Goal {offset + i}",
                status=GoalStatus.PLANNED,
                responsible_organisation=case.lead_organisation,
            ),
        )
        services.service_record(
            actor=lead.user,
            case=case,
            service=ServiceReceived(
                kind="education", received_on=day(2), provided_by=case.lead_organisation, amount=Decimal("100")
            ),
        )
        record_order(case, lead, CustodyOrder.Kind.MAGISTRATE_RELEASE, days_ago=5)


def test_care_tab_queries_do_not_grow_with_records(client, case, lead, shelter):
    record_rescue(case, lead, days_ago=30)
    record_order(case, lead, CustodyOrder.Kind.MAGISTRATE_CUSTODY, days_ago=29, shelter=shelter)
    add_records(case, lead, 1)
    client.force_login(lead.user)
    url = reverse("care:case_care", args=[case.pk])
    few = queries(client, url)
    add_records(case, lead, 15, offset=1)
    for i in range(5):
        other = ShelterHome.objects.create(
            name=f"Home {i}", kind="ngo_shelter", state=state("MH"), created_by=lead.user
        )
        services.shelter_stay_record(actor=lead.user, case=case, shelter=other, admitted_on=day(20 - i))
    assert queries(client, url) == few


@pytest.fixture
def receiving(make_member):
    organisation = OrganisationFactory(name="Test Receiving NGO", short_name="TRN", home_state=state("WB"))
    return make_member(Role.CASEWORKER, organisation)


def send_requests(sender, receiving, n):
    for _ in range(n):
        case = open_survivor_case(sender, source="WB", destination="MH")
        give_consent(
            case,
            actor=sender.user,
            purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
            recipient=receiving.organisation,
        )
        services.repatriation_request(
            actor=sender.user,
            case=case,
            receiving_organisation=receiving.organisation,
            from_state=state("MH"),
            to_state=state("WB"),
            expected_handover_on=day(0) + datetime.timedelta(days=7),
        )


def test_inbox_queries_do_not_grow_with_requests(client, make_member, org_mh, receiving):
    sender = make_member(Role.CASEWORKER, org_mh)
    send_requests(sender, receiving, 1)
    client.force_login(receiving.user)
    url = reverse("care:care_inbox")
    few = queries(client, url)
    send_requests(sender, receiving, 12)
    assert queries(client, url) == few
    assert client.get(url).content.decode().count("Accept<span") == 13


def test_shelter_list_queries_do_not_grow(client, make_member, org_wb):
    admin = make_member(Role.ORG_ADMIN, org_wb)
    ShelterHome.objects.create(name="Home A", kind="ujjawala", state=state("WB"), created_by=admin.user)
    client.force_login(admin.user)
    url = reverse("care:shelter_list")
    few = queries(client, url)
    for i in range(20):
        ShelterHome.objects.create(name=f"Home {i}", kind="ujjawala", state=state("MH"), created_by=admin.user)
    assert queries(client, url) == few


def test_care_tab_queries_do_not_grow_with_the_way_home_and_family_tracing(client, case, lead):
    """Verifications ordered and answered, and family tracing lines: a constant number of queries."""
    from care.models import FamilyTracing

    record_rescue(case, lead, days_ago=30)
    record_order(case, lead, CustodyOrder.Kind.MAGISTRATE_CUSTODY, days_ago=29)

    def add(n, offset=0):
        for i in range(n):
            ordered = record_order(
                case, lead, CustodyOrder.Kind.HOME_VERIFICATION_ORDERED, days_ago=20 - offset - i, addressed_to="DCPU"
            )
            record_order(
                case, lead, CustodyOrder.Kind.HOME_VERIFICATION, days_ago=10 - offset - i, answers=ordered,
                finding="genuine", order_number=f"V{offset + i}",
            )  # fmt: skip
            tracing = FamilyTracing(outcome="continuing", traced_on=day(5), traced_by="DCPU", order=ordered)
            services.family_tracing_record(actor=lead.user, case=case, tracing=tracing)

    add(1)
    client.force_login(lead.user)
    url = reverse("care:case_care", args=[case.pk])
    few = queries(client, url)
    add(6, offset=1)
    assert queries(client, url) == few
