"""The law reference: every member reads it; coordinators keep sections, with history."""

from django.urls import path

from legal.reference import views

urlpatterns = [
    path("reference/law/", views.law_reference_page, name="law_reference"),
    path("reference/law/sections/new/", views.section_new, name="law_section_new"),
    path("reference/law/sections/<int:section_id>/", views.section_detail, name="law_section_detail"),
    path("reference/law/sections/<int:section_id>/edit/", views.section_edit, name="law_section_edit"),
]
