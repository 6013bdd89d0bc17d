"""Only reference data is editable in the Django admin (superusers). Survivors, consent and
care records are never registered: their pages check per-case access, the admin would not."""

from django.contrib import admin

from .models import ShelterHome


@admin.register(ShelterHome)
class ShelterHomeAdmin(admin.ModelAdmin):
    # Organisation admins and coordinators keep this list in the app (Care → Shelter homes).
    list_display = ["name", "kind", "state", "district", "is_active"]
    list_filter = ["kind", "state", "is_active"]
    search_fields = ["name"]
    readonly_fields = ["version", "created_by", "updated_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        obj.version = (obj.version or 0) + (1 if change else 0)
        super().save_model(request, obj, form, change)
