from django.contrib import admin

from .models import ErasureRequest, LegalHold, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["record_type", "keep_days", "action", "source_kind", "enabled"]
    readonly_fields = ["code"]


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are recorded and decided on the case's Privacy tab, by two people."""

    list_display = ["case", "status", "trigger", "requested_on", "erased_at"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    list_display = ["case", "reason", "placed_at", "lifted_at"]
    raw_id_fields = ["case", "placed_by", "lifted_by"]
