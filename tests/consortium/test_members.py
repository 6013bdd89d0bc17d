import re

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.models import Membership, Role, User
from tests.examples import fingerprint, saved_or_refused

INVITE = {
    "username": "new_worker",
    "first_name": "Lata",
    "last_name": "Hembram",
    "email": "lata@example.org",
    "role": Role.CASEWORKER,
}


@pytest.fixture
def admin_member(make_member, org_wb):
    return make_member(Role.ORG_ADMIN, org_wb, username="boss")


@pytest.fixture
def admin_client(client, admin_member):
    client.force_login(admin_member.user)
    return client


def test_org_admin_lists_own_members_only(admin_client, make_member, org_wb, org_mh):
    make_member(Role.CASEWORKER, org_wb, username="ours")
    make_member(Role.CASEWORKER, org_mh, username="theirs")
    content = admin_client.get(reverse("consortium:member_list")).content.decode()
    assert "ours" in content
    assert "theirs" not in content


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.LAWYER, Role.COORDINATOR, Role.SURVIVOR_LEADER])
def test_other_roles_cannot_open_member_pages(client, make_member, org_wb, role):
    member = make_member(role, org_wb)
    client.force_login(member.user)
    assert client.get(reverse("consortium:member_list")).status_code == 403
    assert client.get(reverse("consortium:member_invite")).status_code == 403
    assert client.get(reverse("consortium:member_edit", args=[member.pk])).status_code == 403
    assert client.post(reverse("consortium:member_deactivate", args=[member.pk])).status_code == 403


def test_invite_creates_member_and_emails_a_one_time_link(admin_client, org_wb, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("consortium:member_invite"), INVITE)
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="new_worker")
    assert membership.organisation == org_wb
    assert membership.role == Role.CASEWORKER
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "new_worker" in body
    link = re.search(r"https?://\S+", body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]

    admin_client.logout()
    form_page = admin_client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    done = admin_client.post(set_url, {"new_password1": "lata-new-pass-1", "new_password2": "lata-new-pass-1"})
    assert done.status_code == 302
    assert done.url == reverse("consortium:invitation_done")
    membership.user.refresh_from_db()
    assert membership.user.check_password("lata-new-pass-1")
    # The link is spent.
    again = admin_client.get(path, follow=True)
    assert "no longer valid" in again.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "", "This field is required"),
        ("username", "has space", "Enter a valid username"),
        ("email", "not-an-email", "Enter a valid email address"),
        ("role", Role.COORDINATOR, "Select a valid choice"),
        ("role", "superhero", "Select a valid choice"),
        ("first_name", "", "This field is required"),
    ],
)
def test_invite_bad_input_saves_nothing(admin_client, field, value, message):
    before = User.objects.count()
    response = admin_client.post(reverse("consortium:member_invite"), {**INVITE, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == before
    assert len(mail.outbox) == 0


def test_invite_taken_username_is_refused(admin_client, make_member, org_mh):
    make_member(Role.CASEWORKER, org_mh, username="New_Worker")
    response = admin_client.post(reverse("consortium:member_invite"), INVITE)
    assert response.status_code == 200
    assert "This username is taken" in response.content.decode()
    assert not Membership.objects.filter(organisation__short_name="TNW", user__username="new_worker").exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.fixed_dictionaries(
        {
            "username": st.text(max_size=200),
            "first_name": st.text(max_size=200),
            "last_name": st.text(max_size=200),
            "email": st.text(max_size=80),
            "role": st.sampled_from([r.value for r in Role] + ["", "x"]),
        }
    )
)
def test_invite_never_fails_with_server_error(admin_client, data):
    data = {k: v.replace("\x00", "") for k, v in data.items()}
    before = fingerprint(Membership.objects.all()), fingerprint(User.objects.all())
    response = admin_client.post(reverse("consortium:member_invite"), data)
    saved_or_refused(response, (fingerprint(Membership.objects.all()), fingerprint(User.objects.all())) != before)


def test_change_role(admin_client, make_member, org_wb):
    worker = make_member(Role.CASEWORKER, org_wb)
    response = admin_client.post(reverse("consortium:member_edit", args=[worker.pk]), {"role": Role.LAWYER})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.role == Role.LAWYER


def test_change_role_refuses_coordinator_and_bad_values(admin_client, make_member, org_wb):
    worker = make_member(Role.CASEWORKER, org_wb)
    for value in [Role.COORDINATOR, "nonsense", ""]:
        response = admin_client.post(reverse("consortium:member_edit", args=[worker.pk]), {"role": value})
        assert response.status_code == 200
    worker.refresh_from_db()
    assert worker.role == Role.CASEWORKER


def test_last_admin_cannot_step_down(admin_client, admin_member, make_member, org_wb):
    # Another admin exists only as deactivated: she does not count.
    other = make_member(Role.ORG_ADMIN, org_wb)
    other.is_active = False
    other.save()
    response = admin_client.post(reverse("consortium:member_edit", args=[admin_member.pk]), {"role": Role.CASEWORKER})
    assert response.status_code == 200
    assert "at least one active admin" in response.content.decode()


def test_deactivate_and_reactivate(admin_client, make_member, org_wb, client):
    worker = make_member(Role.CASEWORKER, org_wb)
    response = admin_client.post(reverse("consortium:member_deactivate", args=[worker.pk]))
    assert response.status_code == 302
    worker.refresh_from_db()
    assert not worker.is_active
    assert worker.deactivated_at is not None
    admin_client.post(reverse("consortium:member_reactivate", args=[worker.pk]))
    worker.refresh_from_db()
    assert worker.is_active
    assert worker.deactivated_at is None


def test_admin_cannot_deactivate_herself(admin_client, admin_member):
    response = admin_client.post(reverse("consortium:member_deactivate", args=[admin_member.pk]), follow=True)
    assert "cannot deactivate yourself" in response.content.decode()
    admin_member.refresh_from_db()
    assert admin_member.is_active


def test_deactivate_needs_post(admin_client, make_member, org_wb):
    worker = make_member(Role.CASEWORKER, org_wb)
    assert admin_client.get(reverse("consortium:member_deactivate", args=[worker.pk])).status_code == 405


def test_other_organisations_members_are_not_found(admin_client, make_member, org_mh):
    foreign = make_member(Role.CASEWORKER, org_mh)
    assert admin_client.get(reverse("consortium:member_edit", args=[foreign.pk])).status_code == 404
    assert (
        admin_client.post(reverse("consortium:member_edit", args=[foreign.pk]), {"role": Role.LAWYER}).status_code
        == 404
    )
    assert admin_client.post(reverse("consortium:member_deactivate", args=[foreign.pk])).status_code == 404
    assert admin_client.post(reverse("consortium:member_reactivate", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active and foreign.role == Role.CASEWORKER


def test_nonexistent_member_is_not_found_the_same_way(admin_client):
    assert admin_client.get(reverse("consortium:member_edit", args=[999999])).status_code == 404
    assert admin_client.get("/organisation/members/abc/").status_code == 404


def test_admin_acting_for_another_org_manages_only_that_one(client, make_member, org_wb, org_mh):
    """An admin in two organisations manages the one she is currently working in."""
    wb_admin = make_member(Role.ORG_ADMIN, org_wb, username="two_hats")
    make_member(Role.CASEWORKER, org_mh, username="two_hats")
    mh_worker = make_member(Role.CASEWORKER, org_mh)
    client.force_login(wb_admin.user)
    assert client.get(reverse("consortium:member_edit", args=[mh_worker.pk])).status_code == 404
