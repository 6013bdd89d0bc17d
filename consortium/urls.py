from django.urls import path
from django.views.generic import TemplateView

from . import auth_views, views

app_name = "consortium"

urlpatterns = [
    path("places/districts/", views.district_options, name="district_options"),
    path("organisation/switch/", views.organisation_switch, name="organisation_switch"),
    path("organisation/members/", views.member_list, name="member_list"),
    path("organisation/members/invite/", views.member_invite, name="member_invite"),
    path("organisation/members/<int:membership_id>/", views.member_edit, name="member_edit"),
    path(
        "organisation/members/<int:membership_id>/deactivate/",
        views.member_set_active,
        {"active": False},
        name="member_deactivate",
    ),
    path(
        "organisation/members/<int:membership_id>/reactivate/",
        views.member_set_active,
        {"active": True},
        name="member_reactivate",
    ),
    path(
        "organisation/members/<int:membership_id>/reset-sign-in/",
        auth_views.member_device_reset,
        name="member_device_reset",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        auth_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path(
        "accounts/invitation/done/",
        TemplateView.as_view(template_name="registration/invitation_done.html"),
        name="invitation_done",
    ),
]
