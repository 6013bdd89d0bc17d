"""The deadline engine's core: due dates from rules, and the writes that open and close deadlines.

Workflow services call these when they record an event (never signals hidden from
the reader):

    with translation.override("en"):
        title = Phrase(gettext_noop("Chargesheet: %(fir)s"), fir=str(fir))
    deadline_start(case=..., rule_code="chargesheet_90", trigger_at=arrest_date,
                   subject=arrest, actor=user, state=fir.state, title=title)
    deadline_fulfil(case=..., rule_codes=["chargesheet_60", "chargesheet_90"], subject=arrest, actor=user)
    deadline_cancel(case=..., rule_codes=[...], subject=..., actor=user, reason="Accused released")

Starting a deadline that is already open for the same rule and subject recomputes it
(the triggering data changed). Each write records an event on the case timeline.

A title is stored for many readers: given as a core.phrases.Phrase it is kept as its English
text (`Deadline.title`: reminders, exports, search) and as the phrase (`Deadline.title_phrase`),
shown in each reader's language by `Deadline.title_text`; no title: the rule's name, also shown
in her language. Text someone typed is given as a plain str and kept as it is.

Facts entered from paper: an NGO records an existing case with its real dates (a rescue two
years ago). A deadline whose last day had passed long before its fact was entered is not a
live alarm: it opens "to review" (Deadline.entered_after_due) and asks "was it met?" on the
case's Deadlines tab and in My work, outside overdue lists, counts, reminders and
escalations, until someone answers "met on <date>" or "missed" (deadline_answer_from_paper).
Callers need not know: deadline_start decides from the due date and the day of entry.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.concurrency import lock_for_edit
from core.dates import day_text as _day
from core.dates import moment_text as _moment
from core.day_count import add_months, add_working_days, next_working_day
from core.phrases import Phrase
from core.versions import in_force, latest_started

from .events import deadline_event
from .models import Deadline, DeadlineRule, Holiday, HolidayCalendar
from .permissions import require, visible_access

# Consortium practice: a deadline whose last day was more than this many days before the day
# its fact was entered is treated as entered from paper. A lapse of a few days is kept as a
# live overdue alarm: its fact was recorded a little late during live work, and the act
# (producing a child before the CWC, acknowledging a handover) can usually still be done.
PAPER_GRACE_DAYS = 7


def entered_after_due(due_on: datetime.date, entered_on: datetime.date) -> bool:
    """Whether a deadline due on `due_on`, entered on `entered_on`, was entered from paper:
    its last day was more than PAPER_GRACE_DAYS days before the day of entry."""
    return due_on < entered_on - datetime.timedelta(days=PAPER_GRACE_DAYS)


def subject_key(subject) -> str:
    """'<app_label>.<model>:<pk>' for a model instance; a string is taken as it is."""
    if isinstance(subject, str):
        return subject[:80]
    return f"{subject._meta.label_lower}:{subject.pk}"


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
        trigger_text = _moment(datetime.datetime.fromisoformat(trigger))
    except ValueError:
        trigger_text = trigger
    skipped = inputs.get("skipped_days") or []
    hours = deadline.rule.offset_unit == DeadlineRule.Unit.HOURS
    text = _("%(offset)s after %(trigger)s (%(event)s) = %(due)s.") % {
        "offset": deadline.rule.offset_label,
        "trigger": trigger_text,
        "event": inputs.get("trigger_label") or deadline.rule.trigger,
        # A deadline in days ends with its last day; one in hours at an hour.
        "due": _moment(timezone.localtime(deadline.due_at)) if hours else _day(deadline.due_on),
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
            "day": _day(deadline.consequence_on),
        }
    if deadline.calendar_id and (skipped or deadline.rule.day_count == DeadlineRule.DayCount.WORKING):
        text += " " + _("Calendar: %(calendar)s; %(n)d weekend or holiday days skipped.") % {
            "calendar": deadline.calendar.name,
            "n": len(skipped),
        }
    return f"{text} {deadline.rule.legal_source}"


# --- writes ---------------------------------------------------------------------------------


def rule_in_force(code: str, on: datetime.date) -> DeadlineRule | None:
    """The version in force on a day; None if that version is switched off or has lapsed."""
    return rules_in_force([code], on)[code]


def rules_in_force(codes, on: datetime.date) -> dict[str, DeadlineRule | None]:
    """For each code, the version in force on a day, in one query: the latest started on or before
    the day (core.versions; for an event older than every version, the first version: its first
    day is not checked), None if that version is switched off or has lapsed."""
    versions: dict[str, list[DeadlineRule]] = {code: [] for code in codes}
    for rule in DeadlineRule.objects.filter(code__in=list(versions)):
        versions[rule.code].append(rule)
    found = {}
    for code, rules in versions.items():
        rule = latest_started(rules, on) or min(rules, key=lambda r: r.effective_from, default=None)
        active = rule is not None and rule.is_active and in_force(None, rule.effective_until, on)
        found[code] = rule if active else None
    return found


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


def _event(case, actor, summary: Phrase, data):
    """A deadline's timeline event: a phrase (core.phrases), shown in each reader's language. Its
    title is the deadline's title phrase, nested (Deadline.title_param; a rule's English name, a
    str value, reads in her language too); its dates are shown in her script."""
    return deadline_event(case=case, actor=actor, summary=summary, data=data)


def _no_longer_applies(reason: str) -> Phrase:
    return Phrase(gettext_noop("no longer applies (%(reason)s)"), reason=reason)


@transaction.atomic
def deadline_start(
    *,
    case,
    rule_code: str,
    trigger_at,
    subject,
    actor,
    state=None,
    title: str | Phrase = "",
    trigger_label: str = "",
    procedure: str | None = None,
) -> Deadline | None:
    """Open (or recompute) the deadline a rule attaches to an event. None if the rule is switched off.

    `title` is a Phrase (core.phrases, built inside `translation.override("en")`: shown in each
    reader's language, Deadline.title_text) or a plain text kept as it is; empty: the rule's name
    (shown in the reader's language too). `Deadline.title` keeps the English text.

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
    text, phrase = _title_columns(title, rule)
    # What the timeline's sentences name the deadline by: its phrase, nested, else the text (a
    # rule's name, a str value, is translated for the reader).
    named: Phrase | str = title if isinstance(title, Phrase) else text
    existing = Deadline.objects.select_for_update().filter(case=case, rule_code=rule_code, subject_key=key).open()
    deadline = existing.first()
    if deadline is not None:
        if deadline.due_at == due.due_at and deadline.rule_id == rule.pk:
            return deadline
        old_due = deadline.due_on
        deadline.rule, deadline.trigger_at, deadline.due_at, deadline.due_on = rule, trigger_at, due.due_at, due.due_on
        deadline.calendar, deadline.inputs = due.calendar, due.inputs
        deadline.title, deadline.title_phrase = text, phrase
        # Judged against the day it was first entered: a corrected date never turns a live
        # alarm into a paper question by the mere passing of time.
        deadline.entered_after_due = entered_after_due(due.due_on, timezone.localtime(deadline.created_at).date())
        deadline.version += 1
        deadline.save()
        _event(
            case,
            actor,
            Phrase(
                gettext_noop("%(title)s: due date moved from %(old)s to %(new)s"),
                title=named,
                old=old_due,
                new=due.due_on,
            ),
            {"deadline": deadline.pk, "action": "recomputed"},
        )
        return deadline
    from_paper = entered_after_due(due.due_on, timezone.localdate())
    deadline = Deadline.objects.create(
        case=case,
        rule=rule,
        rule_code=rule_code,
        subject_key=key,
        title=text,
        title_phrase=phrase,
        trigger_at=trigger_at,
        due_at=due.due_at,
        due_on=due.due_on,
        calendar=due.calendar,
        inputs=due.inputs,
        responsible_role=rule.responsible_role,
        entered_after_due=from_paper,
    )
    if from_paper:
        summary = Phrase(
            gettext_noop("%(title)s: was due %(due)s, before it was entered; was it met?"), title=named, due=due.due_on
        )
    else:
        summary = Phrase(gettext_noop("%(title)s: due %(due)s"), title=named, due=due.due_on)
    _event(case, actor, summary, {"deadline": deadline.pk, "action": "opened", "entered_after_due": from_paper})
    return deadline


def _title_columns(title: str | Phrase, rule: DeadlineRule) -> tuple[str, dict | None]:
    """What a deadline keeps of its title: the English text (Deadline.title) and the phrase's data
    (Deadline.title_phrase), or the plain text and None (a text given as it is, or the rule's name)."""
    if isinstance(title, Phrase):
        return title.english()[:200], title.as_data()
    return (title or rule.name)[:200], None


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
        verb=_no_longer_applies(reason),
    )
    existing = Deadline.objects.filter(
        case=case, rule_code=rule.code, subject_key=key, status=Deadline.Status.NOT_APPLICABLE
    ).first()
    if existing is not None:
        return existing
    local_trigger = timezone.localtime(trigger_at)
    text, phrase = _title_columns(title, rule)
    return Deadline.objects.create(
        case=case,
        rule=rule,
        rule_code=rule.code,
        subject_key=key,
        title=text,
        title_phrase=phrase,
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


def _set_status(
    *, case, rule_codes, subject, actor, status, reason="", verb: Phrase, met_on=None, met_on_from_trigger=False
) -> int:
    deadlines = Deadline.objects.select_for_update().filter(case=case, rule_code__in=list(rule_codes)).open()
    if subject is not None:
        deadlines = deadlines.filter(subject_key=subject_key(subject))
    changed = 0
    for deadline in deadlines:
        if met_on is not None:
            day = met_on
            if met_on_from_trigger:
                # A recorded act that came before this deadline's own trigger (a chargesheet filed
                # before a later arrest) met it the day it started.
                day = max(met_on, timezone.localtime(deadline.trigger_at).date())
            _check_met_on(deadline, day)
            deadline.met_on = day
        deadline.status, deadline.status_changed_at, deadline.status_changed_by = status, timezone.now(), actor
        deadline.close_reason = reason[:300]
        deadline.version += 1
        deadline.save()
        _event(
            case,
            actor,
            Phrase("%(title)s: %(verb)s", title=deadline.title_param, verb=verb),
            {"deadline": deadline.pk, "action": status},
        )
        changed += 1
    return changed


def _check_met_on(deadline: Deadline, met_on: datetime.date) -> None:
    """A deadline is met by an act on a real day: not before the event that started it, not in
    the future. The day it is recorded in Nyaya does not matter (a paper file may be years old)."""
    if isinstance(met_on, datetime.datetime):
        met_on = timezone.localtime(met_on).date() if timezone.is_aware(met_on) else met_on.date()
    trigger_day = timezone.localtime(deadline.trigger_at).date()
    if met_on > timezone.localdate():
        raise ValidationError({"met_on": _("The day it was met cannot be in the future.")})
    if met_on < trigger_day:
        raise ValidationError(
            {
                "met_on": _("It cannot have been met before %(event)s on %(day)s, which started it.")
                % {
                    "event": (deadline.inputs or {}).get("trigger_label") or deadline.rule.trigger,
                    "day": _day(trigger_day),
                }
            }
        )


@transaction.atomic
def deadline_fulfil(
    *, case, rule_codes, subject=None, actor, note: str = "", met_on=None, met_on_from_trigger: bool = False
) -> int:
    """The fulfilling event happened (e.g. chargesheet filed): its open deadlines are met.

    `met_on` is the day of the act when the caller knows it (an event recorded from paper);
    it may be long before today, never before the deadline's trigger nor in the future."""
    if isinstance(met_on, datetime.datetime):
        met_on = timezone.localtime(met_on).date() if timezone.is_aware(met_on) else met_on.date()
    verb = Phrase(gettext_noop("met on %(day)s"), day=met_on) if met_on else Phrase(gettext_noop("met"))
    return _set_status(
        case=case,
        rule_codes=rule_codes,
        subject=subject,
        actor=actor,
        status=Deadline.Status.MET,
        reason=note,
        verb=verb,
        met_on=met_on,
        met_on_from_trigger=met_on_from_trigger,
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
        verb=_no_longer_applies(reason),
    )


@transaction.atomic
def deadline_close(*, actor, deadline: Deadline, reason: str, expected_version: int) -> Deadline:
    """A person closes a deadline by hand, with a reason (permission is checked by the caller's service)."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Say why the deadline is closed.")})
    locked = lock_for_edit(
        Deadline, deadline.pk, expected_version, editor_field="status_changed_by", time_field="status_changed_at"
    )
    if not locked.is_open:
        raise ValidationError(_("This deadline is already closed."))
    locked.status, locked.status_changed_at, locked.status_changed_by = Deadline.Status.CLOSED, timezone.now(), actor
    locked.close_reason = reason[:300]
    locked.version += 1
    locked.save()
    _event(
        locked.case,
        actor,
        Phrase(gettext_noop("%(title)s: closed by hand (%(reason)s)"), title=locked.title_param, reason=reason[:120]),
        {"deadline": locked.pk, "action": "closed"},
    )
    return locked


@transaction.atomic
def deadline_answer_from_paper(
    *, actor, case, deadline: Deadline, met: bool, met_on=None, expected_version: int, note: str = ""
) -> Deadline:
    """Answer "was it met?" for a deadline entered from paper after it was due: met on a real
    day (fulfilled with that date), or missed (a failure the dashboards count). Only the people
    who may close deadlines by hand answer (CaseAccess.can_manage_deadlines)."""
    access = visible_access(actor, case)
    require(access.can_manage_deadlines and deadline.case_id == case.pk)
    locked = lock_for_edit(
        Deadline, deadline.pk, expected_version, editor_field="status_changed_by", time_field="status_changed_at"
    )
    if not locked.is_open:
        raise ValidationError(_("This deadline is already closed."))
    if not locked.entered_after_due:
        raise ValidationError(_("This deadline is running: record the act itself, or close it by hand with a reason."))
    note = (note or "").strip()[:300]
    if met:
        if met_on is None:
            raise ValidationError({"met_on": _("Give the day it was met (from the paper file).")})
        _check_met_on(locked, met_on)
        locked.status, locked.met_on = Deadline.Status.MET, met_on
        summary = Phrase(
            gettext_noop("%(title)s: met on %(day)s (from the paper file)"), title=locked.title_param, day=met_on
        )
    else:
        locked.status, locked.met_on = Deadline.Status.MISSED, None
        summary = Phrase(
            gettext_noop("%(title)s: missed (was due %(day)s; from the paper file)"),
            title=locked.title_param,
            day=locked.due_on,
        )
    locked.status_changed_at, locked.status_changed_by = timezone.now(), actor
    locked.close_reason = note
    locked.version += 1
    locked.save()
    _event(case, actor, summary, {"deadline": locked.pk, "action": locked.status, "from_paper": True})
    return locked


# Deadlines about her custody, medical examination, repatriation and the referrals of her needs to
# other organisations. A survivor leader whose role on the case is support does not see them
# (CaseAccess.can_see_care_records).
CARE_RECORD_WORKFLOWS = ("custody", "referral")
CARE_RECORD_RULE_CODES = ("medical_examination", "medical_report")


def _care_record() -> Q:
    return Q(rule__workflow__in=CARE_RECORD_WORKFLOWS) | Q(rule_code__in=CARE_RECORD_RULE_CODES)


def care_record_deadlines(deadlines):
    return deadlines.filter(_care_record())


def without_care_records_of_supporters(deadlines, user):
    """Deadlines across her cases, less the care-record ones (custody, medical) on cases where she
    is on the team only as a survivor leader there to support her (CaseAccess.can_see_care_records
    says the same for one case). The one place this rule is written for lists of many cases."""
    from .models import CaseAssignment, CaseRole

    support_only = ~Exists(
        CaseAssignment.objects.active()
        .filter(case=OuterRef("case_id"), user=user)
        .exclude(role=CaseRole.SURVIVOR_LEADER)
    )
    return deadlines.exclude(Q(support_only) & _care_record())


def deadline_list_for_case(case, *, include_closed: bool = False, access=None):
    """The case's deadlines; given the viewer's CaseAccess, only those she may see."""
    deadlines = Deadline.objects.filter(case=case).select_related("rule", "calendar")
    if not include_closed:
        # "No date: the law does not apply" rows stay in view: they answer "why is there no date?"
        deadlines = deadlines.filter(status__in=[Deadline.Status.OPEN, Deadline.Status.NOT_APPLICABLE])
    if access is not None and not access.can_see_care_records:
        deadlines = deadlines.exclude(_care_record())
    open_first = SqlCase(When(status=Deadline.Status.OPEN, then=Value(0)), default=Value(1))
    return deadlines.order_by(open_first, "status", "due_at")
