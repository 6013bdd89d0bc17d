"""Coordinator memberships change only by a superuser (issue 16 review finding).

A coordinator sees the whole consortium, so an organisation admin of the Secretariat
must not deactivate, reactivate, re-role or invite one: each would take away or hand
back consortium-wide visibility without the system administrator (consortium practice).
"""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consortium import services
from consortium.models import Membership, Role, User

REFUSAL = "Coordinator memberships are changed only by the consortium's system administrator"


@pytest.fixture
def secretariat_admin(make_member, secretariat):
    return make_member(Role.ORG_ADMIN, secretariat, username="sec_admin")


@pytest.fixture
def coordinator(make_member, secretariat):
    return make_member(Role.COORDINATOR, secretariat, username="coord")


@pytest.fixture
def inactive_coordinator(coordinator):
    Membership.objects.filter(pk=coordinator.pk).update(is_active=False, deactivated_at="2026-01-01T00:00:00Z")
    coordinator.refresh_from_db()
    return coordinator


def _state(membership):
    membership.refresh_from_db()
    return membership.is_active, membership.deactivated_at, membership.role


# --- services ---------------------------------------------------------------------------------


def test_org_admin_cannot_deactivate_a_coordinator(secretariat_admin, coordinator):
    before = _state(coordinator)
    with pytest.raises(ValidationError, match=REFUSAL):
        services.membership_deactivate(actor=secretariat_admin, membership=coordinator)
    assert _state(coordinator) == before
    assert coordinator.is_active


def test_org_admin_cannot_reactivate_a_coordinator(secretariat_admin, inactive_coordinator):
    before = _state(inactive_coordinator)
    with pytest.raises(ValidationError, match=REFUSAL):
        services.membership_reactivate(actor=secretariat_admin, membership=inactive_coordinator)
    assert _state(inactive_coordinator) == before
    assert not inactive_coordinator.is_active


def test_org_admin_cannot_change_a_coordinators_role(secretariat_admin, coordinator):
    with pytest.raises(ValidationError, match=REFUSAL):
        services.membership_change_role(actor=secretariat_admin, membership=coordinator, role=Role.CASEWORKER)
    assert _state(coordinator)[2] == Role.COORDINATOR


def test_org_admin_cannot_make_someone_coordinator(secretariat_admin, make_member, secretariat):
    worker = make_member(Role.CASEWORKER, secretariat)
    with pytest.raises(ValidationError, match=REFUSAL):
        services.membership_change_role(actor=secretariat_admin, membership=worker, role=Role.COORDINATOR)
    assert _state(worker)[2] == Role.CASEWORKER


def test_org_admin_cannot_invite_a_coordinator(secretariat_admin):
    with pytest.raises(ValidationError, match=REFUSAL):
        services.member_invite(
            actor=secretariat_admin,
            username="new_coord",
            first_name="Rekha",
            last_name="Tudu",
            email="rekha@example.org",
            role=Role.COORDINATOR,
        )
    assert not User.objects.filter(username="new_coord").exists()


def test_a_superuser_may_still_manage_a_coordinator(make_member, secretariat, coordinator):
    """The superuser, working as an admin of the Secretariat, is the one who may."""
    sysadmin = make_member(Role.ORG_ADMIN, secretariat, username="root_admin")
    User.objects.filter(pk=sysadmin.user_id).update(is_superuser=True)
    sysadmin.user.refresh_from_db()
    services.membership_deactivate(actor=sysadmin, membership=coordinator)
    assert _state(coordinator)[0] is False
    services.membership_reactivate(actor=sysadmin, membership=coordinator)
    assert _state(coordinator)[0] is True


def test_ordinary_members_are_still_managed_by_the_org_admin(secretariat_admin, make_member, secretariat):
    worker = make_member(Role.CASEWORKER, secretariat)
    services.membership_deactivate(actor=secretariat_admin, membership=worker)
    assert _state(worker)[0] is False
    services.membership_reactivate(actor=secretariat_admin, membership=worker)
    assert _state(worker)[0] is True


# --- views: a clear message, nothing saved ----------------------------------------------------


@pytest.fixture
def admin_client(client, secretariat_admin):
    client.force_login(secretariat_admin.user)
    return client


def test_deactivate_view_refuses_with_a_message(admin_client, coordinator):
    before = _state(coordinator)
    response = admin_client.post(reverse("consortium:member_deactivate", args=[coordinator.pk]), follow=True)
    assert response.status_code == 200
    assert REFUSAL in html.unescape(response.content.decode())
    assert "was deactivated" not in html.unescape(response.content.decode())
    assert _state(coordinator) == before


def test_reactivate_view_refuses_with_a_message(admin_client, inactive_coordinator):
    before = _state(inactive_coordinator)
    response = admin_client.post(reverse("consortium:member_reactivate", args=[inactive_coordinator.pk]), follow=True)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert REFUSAL in page
    assert "can work in this organisation again" not in page
    assert _state(inactive_coordinator) == before


def test_role_view_refuses_with_a_message(admin_client, coordinator):
    page = admin_client.get(reverse("consortium:member_edit", args=[coordinator.pk]), follow=True).content.decode()
    page = html.unescape(page)
    assert REFUSAL in page
    response = admin_client.post(
        reverse("consortium:member_edit", args=[coordinator.pk]), {"role": Role.LAWYER}, follow=True
    )
    assert response.status_code == 200
    assert REFUSAL in html.unescape(response.content.decode())
    assert _state(coordinator)[2] == Role.COORDINATOR
