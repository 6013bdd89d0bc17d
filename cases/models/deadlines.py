"""Statutory deadlines: rules as reference data, holiday calendars, and the deadlines on cases.

A DeadlineRule says what the law (or the consortium's practice) requires after an
event: "chargesheet within 90 days of arrest". Rules are versioned by
`effective_from`: the version in force on the trigger date applies, so editing a
rule never moves deadlines already computed under an older version.

A Deadline is one rule applied to one event on one case, with every input needed
to explain its due date (trigger, offset, calendar, holidays skipped). Services in
cases.deadlines create, recompute, fulfil and close them; nothing else writes them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consortium.models import State
from core.phrases import Phrase
from core.translations import TranslatedName

from .core import Case, CaseRole


class CalendarKind(models.TextChoices):
    COURT = "court", _("Court holidays")
    OFFICE = "office", _("Government office holidays")


class HolidayCalendar(models.Model):
    """Holidays of one state's courts or offices; state empty = national (applies everywhere)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holiday_calendars",
        verbose_name=_("state"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarKind.choices)
    # Python weekday numbers (Monday 0 ... Sunday 6) on which nobody works.
    weekend_days = models.JSONField(_("weekly days off"), default=list, help_text=_("0 = Monday ... 6 = Sunday."))

    class Meta:
        ordering = ["state__name", "kind"]
        constraints = [models.UniqueConstraint(fields=["state", "kind"], name="one_calendar_per_state_and_kind")]
        verbose_name = _("holiday calendar")
        verbose_name_plural = _("holiday calendars")

    def __str__(self):
        return self.name

    def clean(self):
        days = self.weekend_days
        if not isinstance(days, list) or any(not isinstance(d, int) or not 0 <= d <= 6 for d in days):
            raise ValidationError({"weekend_days": _("List weekday numbers from 0 (Monday) to 6 (Sunday).")})
        if len(set(days)) == 7:
            raise ValidationError({"weekend_days": _("At least one day of the week must be a working day.")})


class Holiday(models.Model):
    calendar = models.ForeignKey(HolidayCalendar, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="one_holiday_per_calendar_day")]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self):
        return f"{self.date.day} {self.date:%b %Y} {self.name}"


class DeadlineRule(TranslatedName, models.Model):
    class Unit(models.TextChoices):
        HOURS = "hours", _("hours")
        DAYS = "days", _("days")
        MONTHS = "months", _("months")

    class DayCount(models.TextChoices):
        CALENDAR = "calendar", _("Calendar days")
        WORKING = "working", _("Working days")

    code = models.SlugField(
        _("code"), max_length=50, help_text=_("Services refer to a rule by its code; versions share the code.")
    )
    name = models.CharField(_("name"), max_length=150)
    workflow = models.CharField(
        _("workflow"), max_length=30, help_text=_("investigation, court, compensation, custody or survivor.")
    )
    trigger = models.SlugField(_("triggering event"), max_length=50)
    offset_amount = models.PositiveIntegerField(_("offset"))
    offset_unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.DAYS)
    day_count = models.CharField(_("counted in"), max_length=10, choices=DayCount.choices, default=DayCount.CALENDAR)
    calendar_kind = models.CharField(
        _("holiday calendar"),
        max_length=10,
        choices=CalendarKind.choices,
        default=CalendarKind.COURT,
        help_text=_("Whose holidays count: the courts' or the offices' of the state where the event happened."),
    )
    roll_to_working_day = models.BooleanField(
        _("move to the next working day if due on a holiday"),
        default=False,
        help_text=_("As General Clauses Act s.10 allows for acts to be done in court or office."),
    )
    responsible_role = models.CharField(
        _("responsible on the case team"), max_length=20, choices=CaseRole.choices, default=CaseRole.LEAD_CASEWORKER
    )
    reminder_days = models.JSONField(
        _("reminders (days before due)"), default=list, blank=True, help_text=_("E.g. [7, 1]; empty for none.")
    )
    escalation_steps = models.JSONField(
        _("escalation steps"),
        default=list,
        blank=True,
        help_text=_(
            'E.g. [{"after_days": 0, "notify": "lead_caseworker"}, {"after_days": 7, "notify": "coordinator"}]'
        ),
    )

    class SourceKind(models.TextChoices):
        LAW = "law", _("Law (act and sub-section)")
        JUDGMENT = "judgment", _("Judgment (with citation)")
        PRACTICE = "practice", _("Consortium practice")

    class Procedure(models.TextChoices):
        ANY = "any", _("Any proceeding")
        BNSS = "bnss", _("BNSS proceedings only (begun on or after 1 July 2024)")
        CRPC = "crpc", _("CrPC proceedings only")

    legal_source = models.TextField(_("legal source"), help_text=_("The provision or ruling, quoted or summarised."))
    source_kind = models.CharField(_("kind of source"), max_length=10, choices=SourceKind.choices, default="law")
    procedure = models.CharField(
        _("applies to"),
        max_length=5,
        choices=Procedure.choices,
        default=Procedure.ANY,
        help_text=_("A limit new in the BNSS is never computed for an investigation or trial under the CrPC."),
    )
    count_trigger_day = models.BooleanField(
        _("the trigger day counts as day one"),
        default=False,
        help_text=_("E.g. the first remand day counts for default bail: 60 days from 1 Jan end on 1 Mar."),
    )
    consequence = models.CharField(
        _("what happens the day after"),
        max_length=150,
        blank=True,
        help_text=_("Shown with the day after the last day, e.g. 'Default bail accrues'."),
    )
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Empty while in force; a repealed rule has a last day.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["workflow", "code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="one_rule_version_per_day"),
        ]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")

    def __str__(self):
        return f"{self.label} ({self.offset_label})"

    @property
    def offset_label(self) -> str:
        unit = self.get_offset_unit_display()
        if self.offset_unit == self.Unit.DAYS and self.day_count == self.DayCount.WORKING:
            unit = _("working days")
        return f"{self.offset_amount} {unit}"

    ESCALATION_TARGETS = ("lead_caseworker", "responsible", "org_admin", "coordinator")

    def clean(self):
        errors = {}
        if self.offset_unit != self.Unit.DAYS and self.day_count == self.DayCount.WORKING:
            errors["day_count"] = _("Working days apply to offsets in days only.")
        reminders = self.reminder_days
        if not isinstance(reminders, list) or any(not isinstance(d, int) or d < 0 for d in reminders):
            errors["reminder_days"] = _("List whole numbers of days, none negative, e.g. [7, 1].")
        steps = self.escalation_steps
        if not isinstance(steps, list) or any(
            not isinstance(step, dict)
            or not isinstance(step.get("after_days"), int)
            or step["after_days"] < 0
            or step.get("notify") not in self.ESCALATION_TARGETS
            for step in steps
        ):
            errors["escalation_steps"] = _(
                "Each step needs after_days (0 or more) and notify (one of: %(targets)s)."
            ) % {"targets": ", ".join(self.ESCALATION_TARGETS)}
        if errors:
            raise ValidationError(errors)


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Deadline.Status.OPEN)

    def overdue(self, now=None):
        """Open deadlines past due that are live alarms: those entered from paper after they were
        due wait for an answer instead (to_review), outside every overdue list and count."""
        return self.live().filter(due_at__lt=now or timezone.now())

    def live(self):
        """Open deadlines that run as alarms (reminders, escalations, urgent lists)."""
        return self.open().filter(entered_after_due=False)

    def to_review(self):
        """Open deadlines entered from paper after they were due: was each met? Nobody is alarmed."""
        return self.open().filter(entered_after_due=True)

    def missed(self):
        """Recorded as missed: a failure of the system the dashboards count."""
        return self.filter(status=Deadline.Status.MISSED)


class Deadline(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        CLOSED = "closed", _("Closed by hand")
        CANCELLED = "cancelled", _("No longer applies")
        NOT_APPLICABLE = "n_a", _("No date: the law does not apply")
        # Answered for a deadline entered from paper after it was due (or closed as missed):
        # the time limit passed without the act. Counted as a failure of the system.
        MISSED = "missed", _("Missed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="deadlines")
    rule_code = models.SlugField(max_length=50)
    # "<app_label>.<model>:<pk>" of what the deadline is about (a FIR, an accused's arrest, a claim...).
    subject_key = models.CharField(max_length=80)
    title = models.CharField(_("what is due"), max_length=200, help_text="Never the survivor's identity.")
    # The title as a core.phrases.Phrase (as_data()), shown in each reader's language; `title`
    # keeps its English text (reminders, exports, search). None: a rule's name or a plain text.
    title_phrase = models.JSONField(null=True, blank=True, default=None)
    trigger_at = models.DateTimeField(_("triggered by an event on"))
    due_at = models.DateTimeField(_("due"))
    due_on = models.DateField(_("due on"), db_index=True)
    calendar = models.ForeignKey(HolidayCalendar, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    inputs = models.JSONField(default=dict, help_text="Everything the due date was computed from.")
    responsible_role = models.CharField(max_length=20, choices=CaseRole.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    close_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The day the act was done, when known (a paper record, or the event that met it); the
    # status change itself may be recorded much later.
    met_on = models.DateField(_("met on"), null=True, blank=True)
    # Its fact was entered into Nyaya after the deadline was already past (from a paper file):
    # while open it asks "was it met?" instead of raising an overdue alarm. See
    # cases.deadlines.entered_after_due for the cut-off.
    entered_after_due = models.BooleanField(_("entered after it was due"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule_code", "subject_key"],
                condition=Q(status="open"),
                name="one_open_deadline_per_rule_and_subject",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="deadline_open_due")]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self):
        return f"{self.title} — {self.due_on.day} {self.due_on:%b %Y}"

    @property
    def title_text(self) -> str:
        """The title in the reader's (the active) language: its phrase (`title_phrase`) rendered
        now; else the stored title through the catalogue (a rule's name, or a row written before
        titles kept their phrase, reads in her language; other text reads as stored). Never
        raises: a phrase that cannot be read back shows the stored English title."""
        return title_in_language(self.title, self.title_phrase, plain=gettext)

    @property
    def title_param(self) -> Phrase | str:
        """The title as a value of another phrase (the timeline's "<title>: met"): its phrase, or
        the stored text (a str value is passed through gettext when shown: a rule's name reads in
        her language). A phrase that cannot be read back or worded gives the stored text: the
        sentence naming it is still written."""
        if self.title_phrase:
            try:
                phrase = Phrase.from_data(self.title_phrase)
                phrase.english()
            except (ArithmeticError, LookupError, TypeError, ValueError):
                return self.title
            return phrase
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and not self.entered_after_due and self.due_at < timezone.now()

    @property
    def is_to_review(self) -> bool:
        """Entered from paper after it was due, and not yet answered: was it met?"""
        return self.is_open and self.entered_after_due

    @property
    def is_missed(self) -> bool:
        return self.status == self.Status.MISSED

    @property
    def met_late(self) -> bool:
        """Met after the last day: by the day it was met when known, else by when it was recorded."""
        if self.status != self.Status.MET:
            return False
        if self.met_on is not None:
            return self.met_on > self.due_on
        return bool(self.status_changed_at and self.status_changed_at > self.due_at)

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def is_not_applicable(self) -> bool:
        return self.status == self.Status.NOT_APPLICABLE

    @property
    def consequence_on(self):
        """The day after the last day, when the rule's consequence (e.g. default bail) takes effect."""
        import datetime

        if not self.rule.consequence or self.is_not_applicable:
            return None
        return self.due_on + datetime.timedelta(days=1)

    @property
    def explanation(self) -> str:
        """The due date in words: rule, trigger, offset, calendar and skipped holidays."""
        from cases.deadlines import deadline_explain

        return deadline_explain(self)


def title_in_language(title: str, title_phrase, *, plain=None) -> str:
    """A deadline's title in the active language, from its stored columns (a `.values()` row
    reads them without the model): the phrase rendered; without one, `plain(title)` (default:
    the title as stored). A phrase that cannot be read back (malformed data, a translation whose
    placeholders do not fit) gives the stored English title: showing it never fails."""
    if title_phrase:
        try:
            return Phrase.from_data(title_phrase).render() or title
        except (ArithmeticError, LookupError, TypeError, ValueError):
            return title
    return plain(title) if plain is not None and title else title
