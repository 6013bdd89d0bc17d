"""cases 0015_assignment_carries_its_consent_dates: existing assignments take their consent's dates
and withdrawal, so the assignments in force are the same before and after. In a module of its own:
it rolls the schema back, which SQLite refuses inside the demo's module-scoped transaction."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.cases.conftest import *  # noqa: F403  (make_member, org_wb...)


def _day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_each_consent_onto_its_assignments(make_member, org_wb, org_mh):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from cases.models import CaseAssignment
    from consortium.models import Role
    from tests.cases.helpers import open_survivor_case

    lead = make_member(Role.CASEWORKER, org_wb)
    partners = [make_member(Role.CASEWORKER, org_mh) for _ in range(3)]
    case = open_survivor_case(lead)
    before = ("cases", "0014_case_list_newest_first_index")
    try:
        call_command("migrate", "cases", before[1], verbosity=0)
        old = MigrationExecutor(connection).loader.project_state(before).apps
        Consent_ = old.get_model("survivors", "Consent")
        Assignment_ = old.get_model("cases", "CaseAssignment")

        def consent(given_on, expires_on=None, withdrawn=False):
            return Consent_.objects.create(
                case_id=case.pk,
                purpose="share_with_organisation",
                recipient_organisation_id=org_mh.pk,
                given_by="survivor",
                method="written",
                given_on=given_on,
                expires_on=expires_on,
                withdrawn_at=timezone.now() if withdrawn else None,
                recorded_by_id=lead.user_id,
            )

        consents = [consent(_day(-40), _day(20)), consent(_day(-40), _day(-1)), consent(_day(-40), withdrawn=True)]
        for partner, given in zip(partners, consents, strict=True):
            Assignment_.objects.create(
                case_id=case.pk,
                user_id=partner.user_id,
                organisation_id=org_mh.pk,
                role="caseworker",
                consent_id=given.pk,
                added_by_id=lead.user_id,
            )
    finally:
        call_command("migrate", verbosity=0)

    copies = {
        a.user_id: (a.consent_given_on, a.consent_expires_on, a.consent_withdrawn)
        for a in CaseAssignment.objects.filter(case=case)
    }
    assert copies == {
        lead.user_id: (None, None, False),  # the lead, of the lead organisation: no consent
        partners[0].user_id: (_day(-40), _day(20), False),
        partners[1].user_id: (_day(-40), _day(-1), False),
        partners[2].user_id: (_day(-40), None, True),
    }
    in_force = set(CaseAssignment.objects.active().filter(case=case).values_list("user_id", flat=True))
    assert in_force == {lead.user_id, partners[0].user_id}  # expired and withdrawn: out, as before
