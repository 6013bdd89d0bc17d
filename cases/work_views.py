"""Pages for deadlines, tasks and keeping the survivor informed; "my work", the overdue
board, notifications, and the deadline rules and holiday calendars coordinators keep."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortium.models import Role
from consortium.permissions import role_required
from core.history import record_history
from core.navigation import forget_nav_counts
from core.query_params import parse_id
from core.web import refusal_messages, save_form

from . import selectors, services
from .deadline_rules import TRIGGERS, HolidayFileError, load_holidays
from .deadlines import deadline_answer_from_paper, deadline_list_for_case
from .history import rule_history
from .models import (
    Deadline,
    DeadlineRule,
    Holiday,
    HolidayCalendar,
    StageTransition,
    SurvivorUpdate,
    Task,
)
from .notifications import notification_list_for, notification_mark_read
from .permissions import require
from .survivor_messages import draft_message, major_event_code
from .web import case_or_404, render_case_tab
from .work_forms import (
    WORKFLOWS,
    DeadlineAnswerForm,
    DeadlineCloseForm,
    DeadlineRuleVersionForm,
    HolidayUploadForm,
    NotificationPreferenceForm,
    OverdueFilterForm,
    SurvivorUpdateForm,
    TaskDoneForm,
    TaskForm,
)

# --- on a case ------------------------------------------------------------------------------


def _team_users(case):
    return [a.user for a in selectors.team_list(case)]


@login_required
def case_deadlines(request, case_id):
    case, access = case_or_404(request, case_id)
    task_form = None
    if access.can_add_task:
        task_form = TaskForm(request.POST or None, prefix="task", team_users=_team_users(case))
        if save_form(request, task_form, lambda data: services.task_add(actor=request.user, case=case, **data)).saved:
            messages.success(request, _("Task added."))
            return redirect("cases:case_deadlines", case_id=case.pk)
    elif request.method == "POST":
        raise Http404
    deadlines = list(
        deadline_list_for_case(case, include_closed=True, access=access).select_related("status_changed_by")
    )
    tasks = (
        list(Task.objects.filter(case=case).select_related("assignee", "done_by", "created_by"))
        if access.can_see_tasks
        else []
    )
    return render_case_tab(
        request,
        "cases/deadlines.html",
        case,
        access,
        "deadlines",
        open_deadlines=[d for d in deadlines if d.is_open and not d.is_to_review],
        review_deadlines=[d for d in deadlines if d.is_to_review],
        today=timezone.localdate(),
        no_date_deadlines=[d for d in deadlines if d.is_not_applicable],
        past_deadlines=[d for d in deadlines if not d.is_open and not d.is_not_applicable],
        tasks=tasks,
        task_form=task_form,
    )


@login_required
@require_POST
def deadline_close(request, case_id, deadline_id):
    case, access = case_or_404(request, case_id)
    require(access.can_manage_deadlines)
    deadline = Deadline.objects.filter(case=case, pk=deadline_id).first()
    require(deadline is not None)
    form = DeadlineCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the deadline is closed (at least 5 characters)."))
    else:
        try:
            services.deadline_close_by_hand(
                actor=request.user,
                case=case,
                deadline=deadline,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            refusal_messages(request, exc)
        else:
            messages.success(request, _("Deadline closed."))
    return redirect("cases:case_deadlines", case_id=case.pk)


@login_required
@require_POST
def deadline_answer(request, case_id, deadline_id):
    """Answer "was it met?" for a deadline entered from paper after it was due."""
    case, access = case_or_404(request, case_id)
    require(access.can_manage_deadlines)
    deadline = Deadline.objects.filter(case=case, pk=deadline_id).first()
    require(deadline is not None)
    form = DeadlineAnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        data = form.cleaned_data
        try:
            answered = deadline_answer_from_paper(
                actor=request.user,
                case=case,
                deadline=deadline,
                met=data["answer"] == "met",
                met_on=data["met_on"] if data["answer"] == "met" else None,
                expected_version=data["version"],
                note=data["note"],
            )
        except ValidationError as exc:
            refusal_messages(request, exc)
        else:
            if answered.is_missed:
                messages.success(request, _("Recorded as missed."))
            else:
                messages.success(request, _("Recorded as met on %(day)s.") % {"day": date_format(answered.met_on)})
    if request.POST.get("back") == "my_work":
        return redirect("work:my_work")
    return redirect("cases:case_deadlines", case_id=case.pk)


@login_required
@require_POST
def task_done(request, case_id, task_id):
    case, access = case_or_404(request, case_id)
    require(access.can_see_tasks)
    task = Task.objects.filter(case=case, pk=task_id).first()
    require(task is not None)
    form = TaskDoneForm(request.POST)
    if form.is_valid():
        try:
            services.task_set_done(
                actor=request.user,
                case=case,
                task=task,
                done=form.cleaned_data["done"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            refusal_messages(request, exc)
    else:
        messages.error(request, _("The page was out of date. Try again."))
    if request.POST.get("back") == "my_work":
        return redirect("work:my_work")
    return redirect("cases:case_deadlines", case_id=case.pk)


def _latest_major_event(case, since):
    """The latest major event since the last update: what the draft should be about."""
    transitions = StageTransition.objects.filter(case=case).order_by("-effective_on", "-pk")
    if since:
        transitions = transitions.filter(effective_on__gte=since)
    for transition in transitions[:50]:
        code = major_event_code(transition.workflow, transition.to_stage)
        if code:
            return code, transition.effective_on
    return "general", None


@login_required
def survivor_updates(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_see_survivor_updates)
    form = None
    if access.can_record_survivor_update:
        survivor = case.survivor
        last = SurvivorUpdate.objects.filter(case=case).order_by("-given_on", "-pk").first()
        event, happened_on = _latest_major_event(case, last.given_on if last else None)
        language = request.GET.get("language") or survivor.preferred_language
        chosen_event = request.GET.get("event") or event
        initial = {
            "given_on": timezone.localdate(),
            "channel": survivor.preferred_channel,
            "language": language,
            "event": chosen_event,
            "message": draft_message(
                chosen_event, language, on=happened_on if chosen_event == event else None, case=case
            ),
        }
        form = SurvivorUpdateForm(request.POST or None, initial=initial)
        if save_form(
            request, form, lambda data: services.survivor_update_record(actor=request.user, case=case, **data)
        ).saved:
            messages.success(request, _("Update recorded. The next one is due in 90 days."))
            return redirect("cases:case_survivor_updates", case_id=case.pk)
    elif request.method == "POST":
        raise Http404
    updates = SurvivorUpdate.objects.filter(case=case).select_related("recorded_by")
    next_due = Deadline.objects.open().filter(case=case, rule_code__in=services.SURVIVOR_UPDATE_RULES).first()
    return render_case_tab(
        request,
        "cases/survivor_updates.html",
        case,
        access,
        "updates",
        updates=updates,
        form=form,
        next_due=next_due,
    )


# --- across cases ---------------------------------------------------------------------------


REVIEW_LIMIT = 200


def _to_review(user, *, everything: bool):
    """Deadlines entered from paper after they were due, waiting for "was it met?": hers (the
    responsible role, as for her other deadlines), or every one on cases where she is on the team."""
    deadlines = selectors.deadlines_of(user, everything_on_my_cases=everything).to_review()
    return list(deadlines.select_related("case", "rule").order_by("case_id", "due_at", "pk")[:REVIEW_LIMIT])


@login_required
def my_work(request):
    everything = request.GET.get("scope") == "all"
    buckets = selectors.my_work(request.user, everything_on_my_cases=everything)
    # Entered from paper after they were due: not alarms but questions (cases.deadlines);
    # selectors.my_work leaves them out of the buckets above.
    review = [("deadline", d) for d in _to_review(request.user, everything=everything)]
    return render(
        request,
        "cases/my_work.html",
        {
            "buckets": buckets,
            "review": review,
            "everything": everything,
            "total": sum(len(v) for v in buckets.values()) + len(review),
        },
    )


@role_required(Role.COORDINATOR, Role.ORG_ADMIN)
def overdue_board(request):
    membership = request.membership
    form = OverdueFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    organisation = membership.organisation if membership.role == Role.ORG_ADMIN else None
    if organisation is not None:
        form.fields.pop("organisation")
    deadlines = selectors.overdue_board(request.user, organisation=organisation, filters=filters)
    page = Paginator(deadlines, 50).get_page(request.GET.get("page"))
    counts = dict(
        selectors.overdue_board(request.user, organisation=organisation)
        .values_list("rule__workflow")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_workflow = [(label, counts[code]) for code, label in WORKFLOWS if counts.get(code)]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/overdue_board.html",
        {"form": form, "page": page, "by_workflow": by_workflow, "query": query.urlencode(), "scope_org": organisation},
    )


@login_required
def notifications(request):
    forget_nav_counts(request)  # the bell says what this page lists
    page = Paginator(notification_list_for(request.user).select_related("case"), 30).get_page(request.GET.get("page"))
    return render(request, "cases/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request):
    posted = request.POST.getlist("notification")
    # parse_id, not isdigit()/int(): "²" passes isdigit and a 40-digit id overflows (a 500 before).
    ids = [i for i in (parse_id(v) for v in posted) if i is not None][:500]
    if posted and not ids:
        messages.error(request, _("Choose notifications from the list."))
        return redirect("work:notifications")
    count = notification_mark_read(user=request.user, notification_ids=ids or None)
    if count:
        messages.success(request, _("Marked as read."))
    return redirect("work:notifications")


@login_required
def notification_preferences(request):
    form = NotificationPreferenceForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Email settings saved."))
        return redirect("work:notifications")
    return render(request, "cases/notification_preferences.html", {"form": form})


# --- reference data coordinators keep -----------------------------------------------------------


@role_required(*Role.values)
def rule_list(request):
    """Every member reads the rules (a lawyer checks where a date comes from); coordinators add versions."""
    today = timezone.localdate()
    rules = {}
    for rule in DeadlineRule.objects.order_by("workflow", "code", "-effective_from"):
        entry = rules.setdefault(rule.code, {"current": None, "versions": 0, "upcoming": None})
        entry["versions"] += 1
        if rule.effective_from > today:
            entry["upcoming"] = rule
        elif entry["current"] is None:
            entry["current"] = rule
    rows = [(code, e) for code, e in rules.items() if e["current"] or e["upcoming"]]
    rows.sort(key=lambda r: ((r[1]["current"] or r[1]["upcoming"]).workflow, r[0]))
    workflows = dict(WORKFLOWS)
    for _code, e in rows:
        for rule in (e["current"], e["upcoming"]):
            if rule is not None:
                rule.trigger_label = _(TRIGGERS.get(rule.trigger, rule.trigger.replace("_", " ")))
                rule.workflow_label = workflows.get(rule.workflow, rule.workflow)
    return render(
        request,
        "cases/rule_list.html",
        {"rows": rows, "today": today, "may_edit": request.membership.role == Role.COORDINATOR},
    )


@role_required(*Role.values)
def rule_detail(request, code):
    versions = list(DeadlineRule.objects.filter(code=code).select_related("created_by").order_by("-effective_from"))
    if not versions:
        raise Http404
    may_edit = request.membership.role == Role.COORDINATOR
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    today = timezone.localdate()
    current = next((v for v in versions if v.effective_from <= today), versions[-1])
    form = None
    if may_edit:
        form = DeadlineRuleVersionForm(
            request.POST or None, code=code, instance=None, initial=_version_initial(current)
        )
        if request.method == "POST" and form.is_valid():
            rule = form.save(commit=False)
            rule.code, rule.workflow, rule.created_by = code, current.workflow, request.user
            record_history(rule, request.user, form.cleaned_data["reason"])
            rule.save()
            messages.success(
                request,
                _("New version saved, in force from %(day)s. Deadlines already computed keep their dates.")
                % {"day": date_format(rule.effective_from)},
            )
            return redirect("work:deadline_rule_detail", code=code)
    # Counts across every case: for coordinators only (a count can tell of cases one cannot see).
    counts = {}
    if may_edit:
        counts = dict(Deadline.objects.filter(rule_code=code).values_list("status").annotate(n=Count("pk")).order_by())
    statuses = dict(Deadline.Status.choices)
    return render(
        request,
        "cases/rule_detail.html",
        {
            "versions": versions,
            "current": current,
            "form": form,
            "code": code,
            "counts": [(statuses.get(status, status), n) for status, n in counts.items()],
            "history": rule_history(code),
            "trigger_label": _(TRIGGERS.get(current.trigger, current.trigger.replace("_", " "))),
            "today": today,
        },
    )


def _version_initial(rule):
    fields = DeadlineRuleVersionForm._meta.fields
    initial = {name: getattr(rule, name) for name in fields if name not in ("effective_from", "effective_until")}
    initial["effective_from"] = timezone.localdate() + datetime.timedelta(days=1)
    initial["effective_until"] = rule.effective_until
    return initial


@role_required(Role.COORDINATOR)
def calendar_list(request):
    form = HolidayUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                created = load_holidays(form.cleaned_data["file"].splitlines(), HolidayCalendar, Holiday)
        except HolidayFileError as exc:
            form.add_error("file", _("Nothing was loaded: %(errors)s") % {"errors": exc})
        else:
            messages.success(request, _("%(n)d new holidays loaded.") % {"n": created})
            return redirect("work:holiday_calendars")
    year = timezone.localdate().year
    calendars = HolidayCalendar.objects.select_related("state").annotate(
        this_year=Count("holidays", filter=Q(holidays__date__year=year)),
        next_year=Count("holidays", filter=Q(holidays__date__year=year + 1)),
    )
    return render(request, "cases/calendar_list.html", {"calendars": calendars, "form": form, "year": year})


@role_required(Role.COORDINATOR)
def calendar_detail(request, code):
    calendar = HolidayCalendar.objects.filter(code=code).select_related("state").first()
    if calendar is None:
        raise Http404
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 1950), 2100)
    holidays = calendar.holidays.filter(date__year=year)
    national = (
        Holiday.objects.filter(calendar__state__isnull=True, calendar__kind=calendar.kind, date__year=year)
        if calendar.state_id
        else Holiday.objects.none()
    )
    return render(
        request,
        "cases/calendar_detail.html",
        {"calendar": calendar, "holidays": holidays, "national": national, "year": year},
    )
