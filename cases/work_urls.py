from django.urls import path

from . import work_views

app_name = "work"

urlpatterns = [
    path("work/", work_views.my_work, name="my_work"),
    path("work/overdue/", work_views.overdue_board, name="overdue_board"),
    path("notifications/", work_views.notifications, name="notifications"),
    path("notifications/read/", work_views.notifications_read, name="notifications_read"),
    path("notifications/settings/", work_views.notification_preferences, name="notification_preferences"),
    path("reference/deadline-rules/", work_views.rule_list, name="deadline_rules"),
    path("reference/deadline-rules/<slug:code>/", work_views.rule_detail, name="deadline_rule_detail"),
    path("reference/calendars/", work_views.calendar_list, name="holiday_calendars"),
    path("reference/calendars/<slug:code>/", work_views.calendar_detail, name="holiday_calendar_detail"),
]
