"""Possible duplicate survivors: two cases whose survivors' search tokens match (the same phone,
her guardian's phone, a whole name with a second sign such as her date of birth), and a
coordinator's decision about the pair.

Nothing here names her: a pair holds the two cases, which kinds of token matched (never their
values) and the score. "One person with several episodes" is read through the confirmed pairs
(cases/duplicates.py `episodes_of`): no case points at another, and no one's access changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core import Case


class SurvivorMatch(models.Model):
    """Two cases whose survivors may be the same person; `case_a` is the one with the lower id."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        RETRAFFICKED = "retrafficked", _("Same person, another episode")
        SAME_EPISODE = "same_episode", _("Same person, same episode: merged")
        REJECTED = "rejected", _("Different people")

    class Signal(models.TextChoices):
        PHONE = "phone", _("phone")
        GUARDIAN_PHONE = "guardian_phone", _("guardian's phone")
        NAME = "name", _("whole name")
        DATE_OF_BIRTH = "date_of_birth", _("date of birth")

    CONFIRMED = (Status.RETRAFFICKED, Status.SAME_EPISODE)

    case_a = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    case_b = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    raised_from = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The case (one of the two) whose survivor was being recorded when the match was found.",
    )
    score = models.PositiveSmallIntegerField()
    matched_on = models.JSONField(default=list, help_text="Kinds of token (Signal): never their values.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    kept_case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,  # always one of the pair, which goes with either case
        null=True,
        blank=True,
        related_name="+",
        help_text="Same episode: the case kept (the other was closed as its duplicate).",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.CharField(max_length=500, blank=True, help_text="Why; never her name or phone.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case_a", "case_b"], name="one_survivor_match_per_pair"),
            models.CheckConstraint(condition=Q(case_a__lt=F("case_b")), name="survivor_match_ordered_pair"),
        ]

    def __str__(self):
        return f"{self.case_a_id}~{self.case_b_id} ({self.status})"

    def other_case_id(self, case_id: int) -> int:
        return self.case_b_id if case_id == self.case_a_id else self.case_a_id

    @property
    def matched_on_display(self) -> list[str]:
        labels = dict(self.Signal.choices)
        return [str(labels.get(kind, kind)) for kind in self.matched_on]
