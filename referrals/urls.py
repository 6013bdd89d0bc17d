"""Referral URLs: the Referrals tab of a case (under /cases/<id>/referrals/) and the receiving
organisation's inbox (under /referrals/)."""

from django.urls import path

from . import views

CASE = "cases/<int:case_id>/referrals/"

app_name = "referrals"

urlpatterns = [
    path(CASE, views.case_referrals, name="case_referrals"),
    path(CASE + "new/", views.referral_new, name="referral_new"),
    path(CASE + "transfer/", views.transfer_new, name="transfer_new"),
    path(CASE + "<int:referral_id>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
    path(CASE + "<int:referral_id>/acknowledge/", views.referral_acknowledge, name="referral_acknowledge"),
    path(CASE + "<int:referral_id>/close/", views.referral_close, name="referral_close"),
    path("referrals/incoming/", views.referral_inbox, name="referral_inbox"),
    path("referrals/incoming/<int:referral_id>/", views.incoming_referral, name="incoming_referral"),
    path("referrals/incoming/<int:referral_id>/<slug:answer>/", views.incoming_answer, name="incoming_answer"),
]
