"""Her requests on the case (selfaccess.views_staff_requests), under cases/<case_id>/her-page/."""

from django.urls import path

from . import views_staff_requests

urlpatterns = [
    path("requests/", views_staff_requests.her_requests, name="her_requests"),
    path("requests/<int:request_id>/answer/", views_staff_requests.her_request_answer, name="her_request_answer"),
]
