import pytest
from django.urls import reverse

from consortium.models import Role

HOME_MARKERS = {
    Role.CASEWORKER: "My cases",
    Role.LAWYER: "Files to review",
    Role.COORDINATOR: "Member organisations",
    Role.ORG_ADMIN: "Invite a member",
    Role.SURVIVOR_LEADER: "Survivors you support",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_home_page(client, make_member, org_wb, role):
    member = make_member(role, org_wb)
    client.force_login(member.user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert HOME_MARKERS[role] in response.content.decode()


def test_home_pages_show_honest_empty_states(client, make_member, org_wb):
    member = make_member(Role.CASEWORKER, org_wb)
    client.force_login(member.user)
    content = client.get(reverse("home")).content.decode()
    assert "No cases yet" in content
    assert "Nothing due" in content


def test_coordinator_sees_organisations_with_member_counts(client, make_member, secretariat, org_wb, org_mh):
    coordinator = make_member(Role.COORDINATOR, secretariat)
    make_member(Role.CASEWORKER, org_wb)
    make_member(Role.CASEWORKER, org_wb)
    client.force_login(coordinator.user)
    response = client.get(reverse("home"))
    organisations = {o.short_name: o.active_members for o in response.context["organisations"]}
    assert organisations["TNW"] == 2
    assert organisations["TNM"] == 0


def test_superuser_without_membership_gets_admin_home(admin_client):
    response = admin_client.get(reverse("home"))
    assert response.status_code == 200
    assert "Open system admin" in response.content.decode()


def test_navigation_shows_members_only_to_org_admins(client, make_member, org_wb):
    admin = make_member(Role.ORG_ADMIN, org_wb)
    worker = make_member(Role.CASEWORKER, org_wb)
    client.force_login(admin.user)
    assert reverse("consortium:member_list") in client.get(reverse("home")).content.decode()
    client.force_login(worker.user)
    assert reverse("consortium:member_list") not in client.get(reverse("home")).content.decode()


def test_organisation_switcher(client, make_member, org_wb, org_mh):
    first = make_member(Role.LAWYER, org_wb)
    second = make_member(Role.ORG_ADMIN, org_mh, username=first.user.username)
    client.force_login(first.user)
    page = client.get(reverse("home")).content.decode()
    assert "Switch organisation" in page
    assert "Files to review" in page  # first membership is the default
    response = client.post(reverse("consortium:organisation_switch"), {"membership": second.pk}, follow=True)
    assert "Invite a member" in response.content.decode()
    assert response.context["current_membership"] == second


def test_switcher_refuses_foreign_or_inactive_membership(client, make_member, org_wb, org_mh):
    mine = make_member(Role.LAWYER, org_wb)
    other = make_member(Role.ORG_ADMIN, org_mh)
    client.force_login(mine.user)
    for value in [other.pk, "not-a-number", ""]:
        response = client.post(reverse("consortium:organisation_switch"), {"membership": value}, follow=True)
        assert response.status_code == 200
        assert response.context["current_membership"] == mine
        assert "not an active member" in response.content.decode()


def test_switch_needs_post(client, make_member, org_wb):
    client.force_login(make_member(Role.LAWYER, org_wb).user)
    assert client.get(reverse("consortium:organisation_switch")).status_code == 405


def test_home_query_count_is_small(client, make_member, org_wb, django_assert_max_num_queries):
    member = make_member(Role.ORG_ADMIN, org_wb)
    for _ in range(10):
        make_member(Role.CASEWORKER, org_wb)
    client.force_login(member.user)
    # Constant: the navigation, the bell (notifications), the "Incoming handovers" badge and
    # the access-log row for a page that lists names (issue 16), whatever the team's size.
    with django_assert_max_num_queries(14):
        client.get(reverse("home"))


def test_district_options_for_a_state(client, make_member, org_wb):
    from consortium.models import State

    client.force_login(make_member(Role.CASEWORKER, org_wb).user)
    wb = State.objects.get(code="WB")
    content = client.get(reverse("consortium:district_options"), {"case-source_state": wb.pk}).content.decode()
    assert "Howrah" in content and "Pune" not in content
    assert client.get(reverse("consortium:district_options"), {"x_state": "junk"}).status_code == 200
    client.logout()
    assert client.get(reverse("consortium:district_options")).status_code == 302


def test_home_pages_list_the_persons_own_cases_and_counts(client, make_member, org_wb, secretariat):
    """Regression: role homes showed empty states although the person had cases."""
    from cases.factories import open_case

    lead = make_member(Role.CASEWORKER, org_wb)
    admin = make_member(Role.ORG_ADMIN, org_wb)
    coordinator = make_member(Role.COORDINATOR, secretariat)
    case = open_case(lead)
    client.force_login(lead.user)
    assert case.reference in client.get(reverse("home")).content.decode()
    client.force_login(admin.user)
    assert client.get(reverse("home")).context["counts"]["open"] == 1
    client.force_login(coordinator.user)
    assert client.get(reverse("home")).context["counts"]["total"] == 1
