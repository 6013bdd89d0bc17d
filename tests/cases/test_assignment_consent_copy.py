"""A case assignment carries a copy of its consent's dates and withdrawal (issue 17), so "in force
now" is read from the assignment alone (one index read, no join to the consents).

Every write that changes a consent or which consent an assignment rests on keeps the copy true in
the same transaction; the dates are still compared with today, so expiry needs no write; and
whatever path was taken, the assignments in force are exactly those the consents themselves say.
"""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.factories import give_consent
from cases.models import CaseAssignment, CaseRole
from cases.selectors import case_list_visible_to
from consortium.models import Role
from survivors.models import Consent, ConsentPurpose

from .helpers import days


@pytest.fixture
def mh_caseworker(make_member, org_mh):
    return make_member(Role.CASEWORKER, org_mh, first_name="Meera", last_name="Mumbai")


def share(case, lead, org, **kwargs):
    return give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org, **kwargs)


@pytest.fixture
def shared(case, lead, mh_caseworker):
    """org_mh's caseworker on the team through a consent given 30 days ago, expiring in 30 days."""
    consent = share(case, lead, mh_caseworker.organisation, days_ago=30, expires_in=30)
    assignment = services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)
    return consent, assignment


def copy_of(assignment):
    assignment.refresh_from_db()
    return (assignment.consent_given_on, assignment.consent_expires_on, assignment.consent_withdrawn)


def in_force_by_the_consents(today=None):
    """The assignments in force as the consents themselves say (the join the copy replaces)."""
    today = today or timezone.localdate()
    return set(
        CaseAssignment.objects.filter(ended_at__isnull=True)
        .filter(
            Q(consent__isnull=True)
            | Q(consent__withdrawn_at__isnull=True, consent__given_on__lte=today)
            & (Q(consent__expires_on__isnull=True) | Q(consent__expires_on__gte=today))
        )
        .values_list("pk", flat=True)
    )


def in_force_by_the_copy():
    return set(CaseAssignment.objects.active().values_list("pk", flat=True))


def sees(member, case) -> bool:
    return case_list_visible_to(member.user).filter(pk=case.pk).exists()


# --- the copy is taken when she joins ------------------------------------------------------------


def test_joining_on_a_consent_copies_its_dates(case, lead, mh_caseworker, shared):
    consent, assignment = shared
    assert copy_of(assignment) == (days(-30), days(30), False)
    assert in_force_by_the_copy() == in_force_by_the_consents()


def test_a_colleague_of_the_lead_organisation_rests_on_no_consent(case, lead, make_member, org_wb):
    colleague = make_member(Role.CASEWORKER, org_wb)
    assignment = services.team_add(actor=lead.user, case=case, membership=colleague, role=CaseRole.CASEWORKER)
    assert assignment.consent_id is None
    assert copy_of(assignment) == (None, None, False)
    assert sees(colleague, case)


def test_assignments_made_in_bulk_copy_their_consents_too(case, lead, mh_caseworker):
    consent = share(case, lead, mh_caseworker.organisation, days_ago=5, expires_in=10)
    # Only the consent's id is known, not the consent: it is read for the copy.
    [assignment] = CaseAssignment.objects.bulk_create(
        [
            CaseAssignment(
                case=case,
                user=mh_caseworker.user,
                organisation=mh_caseworker.organisation,
                role=CaseRole.CASEWORKER,
                consent_id=consent.pk,
                added_by=lead.user,
            )
        ]
    )
    assert copy_of(assignment) == (days(-5), days(10), False)
    assert sees(mh_caseworker, case)


def test_moving_an_assignment_to_another_consent_copies_the_new_one(case, lead, mh_caseworker, shared):
    _consent, assignment = shared
    later = share(case, lead, mh_caseworker.organisation, days_ago=2, expires_in=300)
    CaseAssignment.objects.filter(pk=assignment.pk).update(consent=later)
    assert copy_of(assignment) == (days(-2), days(300), False)
    assignment.consent = _consent
    assignment.save(update_fields=["consent"])
    assert copy_of(assignment) == (days(-30), days(30), False)


def test_an_assignment_naming_a_consent_without_its_copy_is_refused(case, lead, mh_caseworker, shared):
    _consent, assignment = shared
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseAssignment.objects.filter(pk=assignment.pk).update(consent_given_on=None)


# --- a change of the consent reaches its assignments in the same transaction -------------------


def test_withdrawal_hides_the_case_and_marks_the_assignment(client, case, lead, mh_caseworker, shared):
    consent, assignment = shared
    services.consent_withdraw(actor=lead.user, case=case, consent=consent, note="She asked us to stop.")
    assignment.refresh_from_db()
    assert assignment.consent_withdrawn and assignment.ended_at is not None
    assert not sees(mh_caseworker, case)
    client.force_login(mh_caseworker.user)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_a_withdrawal_that_fails_later_in_its_transaction_leaves_the_copy_as_it_was(case, mh_caseworker, shared):
    consent, assignment = shared
    with pytest.raises(RuntimeError), transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        assert copy_of(assignment)[2] is True  # written with the consent...
        raise RuntimeError("the rest of the withdrawal failed")
    assert copy_of(assignment) == (days(-30), days(30), False)  # ...and undone with it
    assert sees(mh_caseworker, case)


def test_saving_a_consent_passes_its_new_dates_on(case, mh_caseworker, shared):
    consent, assignment = shared
    consent.expires_on = days(-1)
    consent.save()
    assert copy_of(assignment) == (days(-30), days(-1), False)
    assert not sees(mh_caseworker, case)
    consent.expires_on = days(60)
    consent.save(update_fields=["expires_on"])
    assert copy_of(assignment) == (days(-30), days(60), False)
    assert sees(mh_caseworker, case)


def test_saving_other_fields_of_a_consent_leaves_the_assignments_alone(case, mh_caseworker, shared):
    consent, assignment = shared
    with CaptureAssignmentWrites() as writes:
        consent.legal_basis = "CWC order 12/2026"
        consent.save(update_fields=["legal_basis"])
    assert writes.count == 0
    assert copy_of(assignment) == (days(-30), days(30), False)


@pytest.mark.parametrize(
    ("change", "visible"),
    [
        ({"withdrawn_at": "now"}, False),
        ({"expires_on": days(-1)}, False),
        ({"expires_on": days(0)}, True),  # in force through the day it expires
        ({"given_on": days(3)}, False),  # dated in the future: not in force yet
        ({"expires_on": None}, True),
    ],
)
def test_a_bulk_update_of_consents_reaches_their_assignments(case, mh_caseworker, shared, change, visible):
    consent, assignment = shared
    change = {k: timezone.now() if v == "now" else v for k, v in change.items()}
    Consent.objects.filter(pk=consent.pk).update(**change)
    assert sees(mh_caseworker, case) is visible
    assert in_force_by_the_copy() == in_force_by_the_consents()


def test_bulk_update_of_consent_objects_reaches_their_assignments(case, mh_caseworker, shared):
    consent, assignment = shared
    consent.withdrawn_at = timezone.now()
    Consent.objects.bulk_update([consent], ["withdrawn_at"])
    assert copy_of(assignment)[2] is True
    assert not sees(mh_caseworker, case)


# --- expiry by date needs no write --------------------------------------------------------------


def test_a_consent_lapses_the_day_after_it_expires_without_any_write(case, lead, mh_caseworker, monkeypatch):
    share(case, lead, mh_caseworker.organisation, days_ago=10, expires_in=0)  # expires today
    services.team_add(actor=lead.user, case=case, membership=mh_caseworker, role=CaseRole.CASEWORKER)
    assert sees(mh_caseworker, case)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert not sees(mh_caseworker, case)
    assert (
        in_force_by_the_copy()
        == in_force_by_the_consents(tomorrow)
        == set(CaseAssignment.objects.filter(consent__isnull=True, ended_at__isnull=True).values_list("pk", flat=True))
    )


# --- what is read -------------------------------------------------------------------------------


def test_in_force_is_read_without_joining_the_consents(case, lead, mh_caseworker, coordinator, shared):
    assert "survivors_consent" not in str(CaseAssignment.objects.active().query)
    for member in (mh_caseworker, lead, coordinator):
        assert "survivors_consent" not in str(case_list_visible_to(member.user).query), member


class CaptureAssignmentWrites:
    """Counts the statements that write case assignments."""

    def __enter__(self):
        self.count = 0
        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def _count(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("UPDATE", "INSERT")) and "cases_caseassignment" in sql:
            self.count += 1
        return execute(sql, params, many, context)
