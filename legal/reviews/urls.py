"""Review addresses: on the court tab (404 to someone outside the case), and a lawyer's queue."""

from django.urls import path

from legal.reviews import views

CASE = "cases/<int:case_id>/court/"

urlpatterns = [
    path(CASE + "reviews/new/", views.review_new, name="review_new"),
    path(CASE + "reviews/<int:review_id>/", views.review_detail, name="review_detail"),
    path("court/reviews/", views.review_queue, name="review_queue"),
]
