"""The deadline engine's core: due dates from rules, and the writes that open and close deadlines.

Workflow services call these when they record an event (never signals hidden from
the reader):

    deadline_start(case=..., rule_code="chargesheet_90", trigger_at=arrest_date,
                   subject=arrest, actor=user, state=fir.state, title="Chargesheet: FIR 12/2026")
    deadline_fulfil(case=..., rule_codes=["chargesheet_60", "chargesheet_90"], subject=arrest, actor=user)
    deadline_cancel(case=..., rule_codes=[...], subject=..., actor=user, reason="Accused released")

Starting a deadline that is already open for the same rule and subject recomputes it
(the triggering data changed). Each write records an event on the case timeline.
"""

import calendar as calendar_module
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CaseEvent, Deadline, DeadlineRule, Holiday, HolidayCalendar

MAX_WORKING_DAYS = 3660  # a guard against a calendar with no working days at all


def subject_key(subject) -> str:
    """'<app_label>.<model>:<pk>' for a model instance; a string is taken as it is."""
    if isinstance(subject, str):
        return subject[:80]
    return f"{subject._meta.label_lower}:{subject.pk}"


# --- date arithmetic ----------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day `months` later; the 31st becomes the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar_module.monthrange(year, month)[1]))


def is_working_day(day: datetime.date, holidays: set, weekend_days) -> bool:
    return day.weekday() not in weekend_days and day not in holidays


def add_working_days(start: datetime.date, days: int, holidays: set, weekend_days) -> tuple[datetime.date, list]:
    """The day `days` working days after `start` (start itself not counted), and the days skipped."""
    if len(set(weekend_days)) >= 7:
        raise ValidationError(_("The holiday calendar has no working days."))
    skipped, day, counted = [], start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays, weekend_days):
            counted += 1
        else:
            skipped.append(day)
        if len(skipped) > MAX_WORKING_DAYS:
            raise ValidationError(_("The holiday calendar leaves too few working days to compute this deadline."))
    return day, skipped


def next_working_day(day: datetime.date, holidays: set, weekend_days) -> tuple[datetime.date, list]:
    skipped = []
    while not is_working_day(day, holidays, weekend_days):
        skipped.append(day)
        day += datetime.timedelta(days=1)
    return day, skipped


def calendar_for(state, kind: str) -> HolidayCalendar | None:
    """The state's calendar of this kind, else the national one."""
    calendars = HolidayCalendar.objects.filter(kind=kind).filter(Q(state=state) | Q(state__isnull=True))
    by_state = {c.state_id: c for c in calendars}
    return by_state.get(getattr(state, "pk", None)) or by_state.get(None)


def holidays_for(calendar: HolidayCalendar | None, start: datetime.date, end: datetime.date) -> set:
    """Holidays of the calendar and of the national calendar of the same kind, in [start, end]."""
    if calendar is None:
        return set()
    calendars = Q(calendar=calendar) | Q(calendar__state__isnull=True, calendar__kind=calendar.kind)
    return set(Holiday.objects.filter(calendars, date__range=(start, end)).values_list("date", flat=True))


@dataclass
class DueDate:
    due_at: datetime.datetime
    due_on: datetime.date
    calendar: HolidayCalendar | None
    inputs: dict = field(default_factory=dict)


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def due_date_compute(rule: DeadlineRule, trigger_at: datetime.datetime, state=None) -> DueDate:
    """When a rule's deadline falls for an event at `trigger_at` in `state` (None: national)."""
    local_trigger = timezone.localtime(trigger_at)
    start = local_trigger.date()
    calendar = calendar_for(state, rule.calendar_kind)
    weekend = calendar.weekend_days if calendar else [6]
    skipped: list = []
    inputs = {
        "rule": rule.code,
        "rule_version": rule.effective_from.isoformat(),
        "trigger_at": local_trigger.isoformat(),
        "offset": f"{rule.offset_amount} {rule.offset_unit}",
        "day_count": rule.day_count,
        "calendar": calendar.code if calendar else None,
        "state": getattr(state, "code", None),
    }
    if rule.offset_unit == DeadlineRule.Unit.HOURS:
        due_at = local_trigger + datetime.timedelta(hours=rule.offset_amount)
        due_on = timezone.localtime(due_at).date()
    else:
        if rule.offset_unit == DeadlineRule.Unit.MONTHS:
            due_on = add_months(start, rule.offset_amount)
        elif rule.day_count == DeadlineRule.DayCount.WORKING:
            # Generous window for holidays: weekends and holidays never exceed the days counted threefold.
            holidays = holidays_for(calendar, start, start + datetime.timedelta(days=rule.offset_amount * 3 + 60))
            due_on, skipped = add_working_days(start, rule.offset_amount, holidays, weekend)
        else:
            due_on = start + datetime.timedelta(days=rule.offset_amount)
        if rule.count_trigger_day and rule.offset_unit == DeadlineRule.Unit.DAYS and rule.offset_amount:
            # The trigger day is day one (e.g. the remand day for default bail): 60 days from
            # 1 January end on 1 March, not 2 March. Inputs say so for the explanation.
            due_on -= datetime.timedelta(days=1)
            inputs["trigger_day_counted"] = True
        if rule.roll_to_working_day:
            holidays = holidays_for(calendar, due_on, due_on + datetime.timedelta(days=60))
            due_on, rolled = next_working_day(due_on, holidays, weekend)
            skipped += rolled
        due_at = _end_of_day(due_on)
    inputs["skipped_days"] = [d.isoformat() for d in skipped]
    return DueDate(due_at=due_at, due_on=due_on, calendar=calendar, inputs=inputs)


def deadline_explain(deadline: Deadline) -> str:
    """Why this deadline falls when it does, in one sentence a caseworker can check by hand."""
    inputs = deadline.inputs or {}
    trigger = inputs.get("trigger_at", "")
    try:
        trigger_text = datetime.datetime.fromisoformat(trigger).strftime("%d %b %Y %H:%M")
    except ValueError:
        trigger_text = trigger
    skipped = inputs.get("skipped_days") or []
    text = _("%(offset)s after %(trigger)s (%(event)s) = %(due)s.") % {
        "offset": deadline.rule.offset_label,
        "trigger": trigger_text,
        "event": inputs.get("trigger_label") or deadline.rule.trigger,
        "due": timezone.localtime(deadline.due_at).strftime("%d %b %Y %H:%M"),
    }
    if deadline.status == Deadline.Status.NOT_APPLICABLE:
        return f"{deadline.close_reason} {deadline.rule.legal_source}"
    if inputs.get("trigger_day_counted"):
        text += " " + _("The day of %(event)s counts as day one.") % {
            "event": inputs.get("trigger_label") or deadline.rule.trigger
        }
    if deadline.rule.consequence:
        text += " " + _("%(consequence)s on %(day)s.") % {
            "consequence": deadline.rule.consequence,
            "day": deadline.consequence_on.strftime("%d %b %Y"),
        }
    if deadline.calendar_id and (skipped or deadline.rule.day_count == DeadlineRule.DayCount.WORKING):
        text += " " + _("Calendar: %(calendar)s; %(n)d weekend or holiday days skipped.") % {
            "calendar": deadline.calendar.name,
            "n": len(skipped),
        }
    return f"{text} {deadline.rule.legal_source}"


# --- writes ---------------------------------------------------------------------------------


def rule_version_on(code: str, on: datetime.date) -> DeadlineRule | None:
    """The version of a rule for an event on a day: the latest effective_from not after it (for
    an event older than every version, the first version), active or not."""
    versions = DeadlineRule.objects.filter(code=code)
    rule = versions.filter(effective_from__lte=on).order_by("-effective_from").first()
    return rule or versions.order_by("effective_from").first()


def rule_in_force(code: str, on: datetime.date) -> DeadlineRule | None:
    """The version in force on a day; None if that version is switched off or has lapsed."""
    rule = rule_version_on(code, on)
    if rule is None or not rule.is_active or (rule.effective_until and on > rule.effective_until):
        return None
    return rule


def why_not_applicable(rule: DeadlineRule, procedure: str | None) -> str:
    """Why a rule sets no date for a proceeding under this code, or "" when it applies."""
    if procedure and rule.procedure not in (DeadlineRule.Procedure.ANY, procedure):
        code = {"crpc": "CrPC", "bnss": "BNSS"}.get(procedure, procedure)
        if rule.procedure == DeadlineRule.Procedure.BNSS:
            return _(
                "No date: this time limit is new in the BNSS and this proceeding runs under the %(code)s "
                "(begun before 1 July 2024; BNSS s.531(2)(a))."
            ) % {"code": code}
        return _("No date: this time limit belongs to the CrPC and this proceeding runs under the %(code)s.") % {
            "code": code
        }
    return ""


def _as_datetime(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    # A date alone: the event happened that day; start counting from its beginning.
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(0, 0)))


def _event(case, actor, summary, data):
    from .services import event_record

    return event_record(case=case, kind=CaseEvent.Kind.DEADLINE, actor=actor, summary=summary, data=data)


@transaction.atomic
def deadline_start(
    *,
    case,
    rule_code: str,
    trigger_at,
    subject,
    actor,
    state=None,
    title: str = "",
    trigger_label: str = "",
    procedure: str | None = None,
) -> Deadline | None:
    """Open (or recompute) the deadline a rule attaches to an event. None if the rule is switched off.

    `procedure` is the code the proceeding runs under ("crpc" or "bnss", cases.codes.procedure_for):
    a rule of the other code sets no date; a NOT_APPLICABLE row records why, for the deadline page.
    """
    trigger_at = _as_datetime(trigger_at)
    rule = rule_in_force(rule_code, timezone.localtime(trigger_at).date())
    if rule is None:
        return None
    reason = why_not_applicable(rule, procedure)
    if reason:
        return _record_not_applicable(
            case=case, rule=rule, trigger_at=trigger_at, subject=subject, actor=actor, title=title, reason=reason
        )
    # The proceeding's code may have been corrected (a FIR date fixed): drop a stale "no date" row.
    Deadline.objects.filter(
        case=case, rule_code=rule_code, subject_key=subject_key(subject), status=Deadline.Status.NOT_APPLICABLE
    ).delete()
    due = due_date_compute(rule, trigger_at, state)
    due.inputs["trigger_label"] = trigger_label or rule.trigger.replace("_", " ")
    key = subject_key(subject)
    title = (title or rule.name)[:200]
    existing = Deadline.objects.select_for_update().filter(case=case, rule_code=rule_code, subject_key=key).open()
    deadline = existing.first()
    if deadline is not None:
        if deadline.due_at == due.due_at and deadline.rule_id == rule.pk:
            return deadline
        old_due = deadline.due_on
        deadline.rule, deadline.trigger_at, deadline.due_at, deadline.due_on = rule, trigger_at, due.due_at, due.due_on
        deadline.calendar, deadline.inputs, deadline.title = due.calendar, due.inputs, title
        deadline.version += 1
        deadline.save()
        _event(
            case,
            actor,
            _("%(title)s: due date moved from %(old)s to %(new)s")
            % {"title": title, "old": old_due, "new": due.due_on},
            {"deadline": deadline.pk, "action": "recomputed"},
        )
        return deadline
    deadline = Deadline.objects.create(
        case=case,
        rule=rule,
        rule_code=rule_code,
        subject_key=key,
        title=title,
        trigger_at=trigger_at,
        due_at=due.due_at,
        due_on=due.due_on,
        calendar=due.calendar,
        inputs=due.inputs,
        responsible_role=rule.responsible_role,
    )
    _event(
        case,
        actor,
        _("%(title)s: due %(due)s") % {"title": title, "due": due.due_on.strftime("%d %b %Y")},
        {"deadline": deadline.pk, "action": "opened"},
    )
    return deadline


def _record_not_applicable(*, case, rule, trigger_at, subject, actor, title, reason) -> Deadline:
    """One row per rule and subject saying why no date was set; an open deadline of the same
    rule and subject (computed before the proceeding's code was known) is cancelled."""
    key = subject_key(subject)
    _set_status(
        case=case,
        rule_codes=[rule.code],
        subject=subject,
        actor=actor,
        status=Deadline.Status.CANCELLED,
        reason=reason,
        verb=_("no longer applies (%(reason)s)") % {"reason": reason},
    )
    existing = Deadline.objects.filter(
        case=case, rule_code=rule.code, subject_key=key, status=Deadline.Status.NOT_APPLICABLE
    ).first()
    if existing is not None:
        return existing
    local_trigger = timezone.localtime(trigger_at)
    return Deadline.objects.create(
        case=case,
        rule=rule,
        rule_code=rule.code,
        subject_key=key,
        title=(title or rule.name)[:200],
        trigger_at=trigger_at,
        # No due date exists; the trigger is stored so the row sorts with its events.
        due_at=trigger_at,
        due_on=local_trigger.date(),
        inputs={"rule": rule.code, "not_applicable": True, "trigger_at": local_trigger.isoformat()},
        responsible_role=rule.responsible_role,
        status=Deadline.Status.NOT_APPLICABLE,
        status_changed_at=timezone.now(),
        close_reason=reason[:300],
    )


def _set_status(*, case, rule_codes, subject, actor, status, reason="", verb="") -> int:
    deadlines = Deadline.objects.select_for_update().filter(case=case, rule_code__in=list(rule_codes)).open()
    if subject is not None:
        deadlines = deadlines.filter(subject_key=subject_key(subject))
    changed = 0
    for deadline in deadlines:
        deadline.status, deadline.status_changed_at, deadline.status_changed_by = status, timezone.now(), actor
        deadline.close_reason = reason[:300]
        deadline.version += 1
        deadline.save()
        _event(case, actor, f"{deadline.title}: {verb}", {"deadline": deadline.pk, "action": status})
        changed += 1
    return changed


@transaction.atomic
def deadline_fulfil(*, case, rule_codes, subject=None, actor, note: str = "") -> int:
    """The fulfilling event happened (e.g. chargesheet filed): its open deadlines are met."""
    return _set_status(
        case=case,
        rule_codes=rule_codes,
        subject=subject,
        actor=actor,
        status=Deadline.Status.MET,
        reason=note,
        verb=_("met"),
    )


@transaction.atomic
def deadline_cancel(*, case, rule_codes, subject=None, actor, reason: str) -> int:
    """The deadline no longer applies (its trigger was corrected away, the FIR was transferred...)."""
    return _set_status(
        case=case,
        rule_codes=rule_codes,
        subject=subject,
        actor=actor,
        status=Deadline.Status.CANCELLED,
        reason=reason,
        verb=_("no longer applies (%(reason)s)") % {"reason": reason},
    )


@transaction.atomic
def deadline_close(*, actor, deadline: Deadline, reason: str, expected_version: int) -> Deadline:
    """A person closes a deadline by hand, with a reason (permission is checked by the caller's service)."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Say why the deadline is closed.")})
    locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if locked.version != expected_version:
        raise ValidationError(_("Someone else changed this deadline. Reload the page and try again."))
    if not locked.is_open:
        raise ValidationError(_("This deadline is already closed."))
    locked.status, locked.status_changed_at, locked.status_changed_by = Deadline.Status.CLOSED, timezone.now(), actor
    locked.close_reason = reason[:300]
    locked.version += 1
    locked.save()
    _event(
        locked.case,
        actor,
        _("%(title)s: closed by hand (%(reason)s)") % {"title": locked.title, "reason": reason[:120]},
        {"deadline": locked.pk, "action": "closed"},
    )
    return locked


# Deadlines about her custody, medical examination and repatriation. A survivor leader whose
# role on the case is support does not see them (CaseAccess.can_see_care_records).
CARE_RECORD_WORKFLOWS = ("custody",)
CARE_RECORD_RULE_CODES = ("medical_examination", "medical_report")


def care_record_deadlines(deadlines):
    return deadlines.filter(Q(rule__workflow__in=CARE_RECORD_WORKFLOWS) | Q(rule_code__in=CARE_RECORD_RULE_CODES))


def deadline_list_for_case(case, *, include_closed: bool = False, access=None):
    """The case's deadlines; given the viewer's CaseAccess, only those she may see."""
    deadlines = Deadline.objects.filter(case=case).select_related("rule", "calendar")
    if not include_closed:
        # "No date: the law does not apply" rows stay in view: they answer "why is there no date?"
        deadlines = deadlines.filter(status__in=[Deadline.Status.OPEN, Deadline.Status.NOT_APPLICABLE])
    if access is not None and not access.can_see_care_records:
        deadlines = deadlines.exclude(rule__workflow__in=CARE_RECORD_WORKFLOWS).exclude(
            rule_code__in=CARE_RECORD_RULE_CODES
        )
    open_first = SqlCase(When(status=Deadline.Status.OPEN, then=Value(0)), default=Value(1))
    return deadlines.order_by(open_first, "status", "due_at")
