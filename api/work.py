"""Deadlines, tasks and notifications through the API: a case's deadlines as its Deadlines tab shows
them, closing one by hand, its tasks; her deadlines across the cases she sees (as "My work"), and her
notifications. Reads through cases.selectors / cases.deadlines / cases.notifications, writes through
cases.services, the inputs checked by the web pages' own forms."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from cases import selectors, services
from cases.deadlines import deadline_list_for_case
from cases.models import Deadline, Notification, Task
from cases.notifications import notification_list_for, notification_mark_read
from cases.permissions import found_or_404, require
from cases.work_forms import DeadlineCloseForm, TaskDoneForm, TaskForm

from .base import NOT_LOGGED, READ_LIST, CaseScopedGeneric, LoggedView, Paged
from .fields import StrictFilterBackend, StrictSerializer, form_data

# --- deadlines -----------------------------------------------------------------------------------


class DeadlineSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="title_text", help_text="In your language; never who she is.")
    rule = serializers.CharField(source="rule_code")
    case = serializers.IntegerField(source="case_id")
    # plain text, not enums: the case's status and the team's roles already name those choice sets
    status = serializers.CharField(
        help_text="open, met, closed, cancelled, n_a (no date: the law does not apply) or missed."
    )
    responsible_role = serializers.CharField(help_text="The role on the team that answers for it.")

    class Meta:
        model = Deadline
        fields = [
            "id",
            "case",
            "title",
            "rule",
            "due_on",
            "due_at",
            "responsible_role",
            "status",
            "entered_after_due",
            "met_on",
            "close_reason",
            "status_changed_at",
            "version",
        ]


class DeadlineCloseSerializer(StrictSerializer):
    version = serializers.IntegerField(help_text="The deadline's version as you read it: a stale one is refused (409).")
    reason = serializers.CharField(max_length=300, help_text="Why it is closed (at least 5 characters).")


@extend_schema(tags=["deadlines"])
class CaseDeadlineList(CaseScopedGeneric, ListAPIView):
    """The case's deadlines, open ones first, as its Deadlines tab shows them to you (the care-record
    ones, custody and medical, not to a survivor leader there to support her)."""

    serializer_class = DeadlineSerializer

    def case_queryset(self):
        return deadline_list_for_case(self.case, include_closed=True, access=self.access)


@extend_schema(tags=["deadlines"])
class DeadlineClose(CaseScopedGeneric):
    """Close a deadline by hand, with a reason (those who act on the case), as the Deadlines tab's button."""

    serializer_class = DeadlineSerializer

    @extend_schema(request=DeadlineCloseSerializer, responses=DeadlineSerializer)
    def post(self, request, case_id, deadline_id):
        require(self.access.can_manage_deadlines)
        shown = deadline_list_for_case(self.case, include_closed=True, access=self.access)
        deadline = found_or_404(shown.filter(pk=deadline_id).first())
        data = form_data(DeadlineCloseForm, request.data, shape=DeadlineCloseSerializer)
        closed = services.deadline_close_by_hand(
            actor=request.user,
            case=self.case,
            deadline=deadline,
            reason=data["reason"],
            expected_version=data["version"],
        )
        return Response(DeadlineSerializer(closed).data)


class MyDeadlineFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Deadline.Status.choices)
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte", help_text="Due on or after.")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", help_text="Due on or before.")
    case = django_filters.NumberFilter(field_name="case_id", min_value=1, max_value=2**63 - 1)

    class Meta:
        model = Deadline
        fields: list[str] = []


class DeadlinePaged(Paged):
    ordering = ("due_at", "pk")


@extend_schema(tags=["deadlines"])
class MyDeadlineList(LoggedView, ListAPIView):
    """Your deadlines across the cases you see, soonest first, in cursor pages: those you answer for
    (as "My work"), or with `scope=all` every one on the cases whose team you are on."""

    serializer_class = DeadlineSerializer
    filterset_class = MyDeadlineFilter
    filter_backends = [StrictFilterBackend]
    query_parameters = ("scope",)
    pagination_class = DeadlinePaged
    log_action = READ_LIST

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "scope", enum=["mine", "all"], description="mine (default): those you answer for; all: your cases'."
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is being drawn: nobody asks
            return Deadline.objects.none()
        scope = self.request.query_params.getlist("scope") or ["mine"]
        if len(scope) > 1 or scope[0] not in ("mine", "all"):
            raise serializers.ValidationError({"scope": [_("mine or all.")]})
        everything = scope[0] == "all"
        return selectors.deadlines_of(self.request.user, everything_on_my_cases=everything).select_related("rule")


# --- tasks ---------------------------------------------------------------------------------------


class TaskSerializer(serializers.ModelSerializer):
    assignee = serializers.CharField(source="assignee.display_name")
    done_by = serializers.CharField(source="done_by.display_name", allow_null=True, default=None)

    class Meta:
        model = Task
        fields = ["id", "title", "assignee", "due_on", "done_at", "done_by", "created_at", "version"]


class TaskAddSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    assignee = serializers.IntegerField(help_text="The user id of someone on the case team.")
    due_on = serializers.DateField(required=False, allow_null=True)


class TaskDoneSerializer(StrictSerializer):
    version = serializers.IntegerField(help_text="The task's version as you read it: a stale one is refused (409).")
    done = serializers.BooleanField(help_text="true: done; false: not done after all.")


def _team_users(case):
    return [assignment.user for assignment in selectors.team_list(case)]


@extend_schema(tags=["deadlines"])
class TaskList(CaseScopedGeneric, ListAPIView):
    """The case's tasks (the team and the lead organisation's admin, who see who she is). POST sets one
    for someone on the team, as the Deadlines tab's form."""

    serializer_class = TaskSerializer

    def case_queryset(self):
        require(self.access.can_see_tasks)
        return Task.objects.filter(case=self.case).select_related("assignee", "done_by")

    @extend_schema(request=TaskAddSerializer, responses={201: TaskSerializer})
    def post(self, request, case_id):
        require(self.access.can_add_task)
        data = form_data(TaskForm, request.data, shape=TaskAddSerializer, team_users=_team_users(self.case))
        task = services.task_add(actor=request.user, case=self.case, **data)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["deadlines"])
class TaskDone(CaseScopedGeneric):
    serializer_class = TaskSerializer

    @extend_schema(request=TaskDoneSerializer, responses=TaskSerializer)
    def post(self, request, case_id, task_id):
        require(self.access.can_see_tasks)
        task = found_or_404(Task.objects.filter(case=self.case, pk=task_id).first())
        if not isinstance(request.data, dict) or "done" not in request.data:
            # the web's checkbox sends nothing when unticked; here "done" is said outright
            raise serializers.ValidationError({"done": [_("Say whether the task is done: true or false.")]})
        data = form_data(TaskDoneForm, request.data, shape=TaskDoneSerializer)
        task = services.task_set_done(
            actor=request.user, case=self.case, task=task, done=data["done"], expected_version=data["version"]
        )
        return Response(TaskSerializer(task).data)


# --- notifications -------------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "case", "created_at", "read_at"]


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="by_unread",
        help_text="true: only unread ones; false: only those read.",
    )

    def by_unread(self, queryset, name, value: str):
        return queryset.filter(read_at__isnull=value == "true")

    class Meta:
        model = Notification
        fields: list[str] = []


class NotificationReadSerializer(StrictSerializer):
    notifications = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=500,
        help_text="The ids to mark read; leave out to mark them all read, as the web's button.",
    )


class NotificationReadAnswer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were marked read.")


class NotificationPaged(Paged):
    ordering = ("-created_at", "-pk")


@extend_schema(tags=["notifications"])
class NotificationList(LoggedView, ListAPIView):
    """Your notifications, newest first (none about a case you no longer see); `unread=true` for the
    unread ones."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    filter_backends = [StrictFilterBackend]
    pagination_class = NotificationPaged
    log_action = NOT_LOGGED  # her own messages, as her tokens: nothing of a case is read

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notification_list_for(self.request.user)


@extend_schema(tags=["notifications"], request=NotificationReadSerializer, responses=NotificationReadAnswer)
class NotificationsRead(LoggedView):
    def post(self, request):
        data = NotificationReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data.get("notifications")
        if ids is not None and not ids:
            raise serializers.ValidationError({"notifications": [_("Choose notifications from the list.")]})
        marked = notification_mark_read(user=request.user, notification_ids=ids)
        return Response({"marked": marked})
