"""Her caseworker's page about her own page (staff_urls.py mounts it at /cases/<case_id>/her-page/)."""

from django.urls import path

from . import views_staff_account as views

urlpatterns = [
    path("", views.her_page, name="her_page"),
    path("open/", views.her_page_open, name="her_page_open"),
    path("new-code/", views.her_page_new_code, name="her_page_new_code"),
    path("reset-pin/", views.her_page_reset_pin, name="her_page_reset_pin"),
    path("suspend/", views.her_page_suspend, name="her_page_suspend"),
    path("resume/", views.her_page_resume, name="her_page_resume"),
    path("sms-codes/", views.her_page_sms, name="her_page_sms"),
]
