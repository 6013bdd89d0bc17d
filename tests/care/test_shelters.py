"""Shelter homes: reference data kept by organisation admins and coordinators."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from care import services
from care.models import ShelterHome
from consortium.factories import state
from consortium.models import District, Role
from core.concurrency import ConcurrentEditError


@pytest.fixture
def admin(make_member, org_wb):
    return make_member(Role.ORG_ADMIN, org_wb, first_name="Anima", last_name="Admin")


def new_home(**fields):
    return ShelterHome(
        name=fields.pop("name", "Test Swadhar Greh Howrah"),
        kind=fields.pop("kind", ShelterHome.Kind.SWADHAR_GREH),
        state=fields.pop("state", state("WB")),
        **fields,
    )


def test_admin_and_coordinator_add_shelters_others_may_not(admin, coordinator, make_member, org_wb, collective):
    services.shelter_save(actor_membership=admin, shelter=new_home())
    services.shelter_save(actor_membership=coordinator, shelter=new_home(name="Test Children's Home Kolkata"))
    assert ShelterHome.objects.count() == 2
    for role, organisation in ((Role.CASEWORKER, org_wb), (Role.SURVIVOR_LEADER, collective), (Role.LAWYER, org_wb)):
        with pytest.raises(ValidationError, match="Only organisation admins and coordinators"):
            services.shelter_save(actor_membership=make_member(role, organisation), shelter=new_home(name="X home"))
    assert ShelterHome.objects.count() == 2


def test_duplicate_name_in_a_state_and_a_district_of_another_state_are_refused(admin):
    services.shelter_save(actor_membership=admin, shelter=new_home())
    with pytest.raises(ValidationError) as error:
        services.shelter_save(actor_membership=admin, shelter=new_home(name="test swadhar greh howrah "))
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.shelter_save(
            actor_membership=admin,
            shelter=new_home(name="Other", district=District.objects.filter(state__code="MH").first()),
        )
    assert "district" in error.value.message_dict
    services.shelter_save(actor_membership=admin, shelter=new_home(state=state("MH")))  # same name, other state


def test_stale_shelter_edit_is_refused(admin, coordinator):
    home = services.shelter_save(actor_membership=admin, shelter=new_home())
    mine, theirs = ShelterHome.objects.get(pk=home.pk), ShelterHome.objects.get(pk=home.pk)
    mine.is_active = False
    services.shelter_save(actor_membership=coordinator, shelter=mine, expected_version=mine.version)
    theirs.name = "Renamed"
    with pytest.raises(ConcurrentEditError, match="Changed by Chitra Coordinator"):
        services.shelter_save(actor_membership=admin, shelter=theirs, expected_version=theirs.version)


def test_shelter_pages(client, admin):
    client.force_login(admin.user)
    response = client.post(
        reverse("care:shelter_new"), {"name": "Test Shakti Sadan Home", "kind": "shakti_sadan", "state": state("WB").pk}
    )
    assert response.status_code == 302
    home = ShelterHome.objects.get()
    assert home.created_by == admin.user
    bad = client.post(reverse("care:shelter_edit", args=[home.pk]), {"name": "", "kind": "nonsense", "state": "x"})
    assert bad.status_code == 200
    assert ShelterHome.objects.get().name == "Test Shakti Sadan Home"
    assert client.get(reverse("care:shelter_edit", args=[999999])).status_code == 404
    listing = client.get(reverse("care:shelter_list")).content.decode()
    assert "Test Shakti Sadan Home" in listing
