"""Only reference data is editable in the Django admin. Cases, survivors, notes and the
access log are never registered here: their pages check per-case access, the admin would not."""

from django.contrib import admin

from .models import ExploitationForm, RecruitmentMeans


@admin.register(ExploitationForm)
class ExploitationFormAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]


@admin.register(RecruitmentMeans)
class RecruitmentMeansAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]


# Deadline rules and holiday calendars are reference data. Coordinators edit rules in the app
# (a new version with a later effective date); superusers may also correct them here.
from .models import DeadlineRule, Holiday, HolidayCalendar  # noqa: E402


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "workflow", "trigger", "offset_label", "effective_from", "is_active"]
    list_filter = ["workflow", "is_active"]
    search_fields = ["code", "name", "legal_source"]


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 1


@admin.register(HolidayCalendar)
class HolidayCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "state", "kind"]
    inlines = [HolidayInline]
