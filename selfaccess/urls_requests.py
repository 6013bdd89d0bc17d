"""Her requests (selfaccess.views_requests): nothing in a path names her, her case or its subject."""

from django.urls import path

from . import views_requests

urlpatterns = [
    path("ask/call/", views_requests.ask_call, name="her_ask_call"),
    path("ask/date/", views_requests.ask_date, name="her_ask_date"),
    path("ask/consent/", views_requests.ask_consent, name="her_ask_consent"),
    path("ask/sent/<int:request_id>/", views_requests.ask_sent, name="her_ask_sent"),
]
