"""Her sign-in, under /my/ (selfaccess/urls.py): her code, her PIN, the SMS code, the language."""

from django.urls import path

from . import views_sign_in

urlpatterns = [
    path("", views_sign_in.start, name="her_start"),
    path("language/", views_sign_in.language, name="her_language"),
    path("pin/", views_sign_in.pin, name="her_pin"),
    path("sms-code/", views_sign_in.sms_code, name="her_sms_code"),
    path("sms-code/again/", views_sign_in.sms_code_again, name="her_sms_code_again"),
]
