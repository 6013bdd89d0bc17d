"""People's work on cases: their own tasks, the updates given to the survivor, and the
notifications (in the app and by email) that reminders and escalations produce."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField, EncryptedTextField
from survivors.models import Language, UpdateChannel

from .core import Case
from .deadlines import Deadline


class Task(models.Model):
    """A to-do a person sets on a case for someone on its team."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    # Staff write what they need; it may name people, so it is encrypted like notes.
    title = EncryptedCharField(_("task"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("for")
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["done_at", "due_on", "pk"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"], name="task_assignee_open")]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def days_left(self) -> int | None:
        return None if self.due_on is None else (self.due_on - timezone.localdate()).days

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.days_left or 0))


class SurvivorUpdate(models.Model):
    """A time the survivor was told how her case stands, and what she said and decided."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="survivor_updates")
    given_on = models.DateField(_("told her on"))
    channel = models.CharField(_("how"), max_length=20, choices=UpdateChannel.choices)
    language = models.CharField(_("in which language"), max_length=8, choices=Language.choices)
    event = models.CharField(_("about"), max_length=40, blank=True)
    message = EncryptedTextField(_("what she was told"))
    response = EncryptedTextField(_("her response and decisions"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("update given to the survivor")
        verbose_name_plural = _("updates given to the survivor")


class Notification(models.Model):
    """One message for one person, in the app (the bell) and by email as she prefers.

    Titles and bodies carry case references and what is due, never survivor identity.
    A notification about a case she can no longer see is hidden (see selectors).
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Escalation")
        TASK = "task", _("Task")
        INFO = "info", _("Information")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INFO)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["emailed_at", "user"], name="notification_to_email"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")


class DeadlineNotice(models.Model):
    """A reminder or escalation step of a deadline that has been handled, so a scan that runs
    twice (or catches up after the worker was down) never sends it again."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="notices")
    step = models.CharField(max_length=30, help_text="reminder:<days before> or escalation:<index>")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)
    skipped = models.BooleanField(default=False, help_text="Superseded by a later reminder when catching up.")
    scan = models.UUIDField(default=uuid.uuid4, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deadline", "step"], name="one_notice_per_deadline_step")]
