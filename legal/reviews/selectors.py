"""Reads about lawyers' reviews: a case's reviews, a lawyer's queue, what she signed off
lately, what a caseworker asked.
"""

import datetime

from django.utils import timezone

from cases.selectors import case_list_visible_to
from legal.models import (
    LawyerReview,
)


def reviews_for_case(case):
    return LawyerReview.objects.filter(case=case).select_related("requested_by", "lawyer").order_by("-requested_at")


def review_queue(user):
    """Open reviews asked of her, on cases she may still see, oldest first."""
    visible = case_list_visible_to(user).filter(on_team=True).values("pk")
    return (
        LawyerReview.objects.filter(lawyer=user, status=LawyerReview.Status.OPEN, case__in=visible)
        .select_related("case", "requested_by")
        .order_by("requested_at", "pk")
    )


def reviews_signed_off_for(user, *, days: int = 60):
    visible = case_list_visible_to(user).values("pk")
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        LawyerReview.objects.filter(lawyer=user, status=LawyerReview.Status.SIGNED_OFF, case__in=visible)
        .filter(signed_off_at__gte=since)
        .select_related("case", "requested_by")
        .order_by("-signed_off_at", "-pk")
    )


def reviews_asked_by(user):
    visible = case_list_visible_to(user).values("pk")
    return (
        LawyerReview.objects.filter(requested_by=user, case__in=visible)
        .select_related("case", "lawyer")
        .order_by("status", "-requested_at", "-pk")
    )
