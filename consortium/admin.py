from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import District, Membership, Organisation, SecurityEvent, State, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["organisation", "role", "is_active", "deactivated_at"]


@admin.register(User)
class NyayaUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    fieldsets = UserAdmin.fieldsets + (("Nyaya", {"fields": ["preferred_language"]}),)
    actions = ["reset_sign_in_device"]

    @admin.action(description="Reset two-step sign-in device (logged; ends their sessions)")
    def reset_sign_in_device(self, request, queryset):
        from .mfa import device_reset_by_superuser

        for user in queryset:
            device_reset_by_superuser(actor=request.user, user=user, request=request)
        self.message_user(request, f"Sign-in devices reset for {queryset.count()} people.")


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is insert-only."""

    list_display = ["at", "kind", "user", "actor", "organisation", "ip_address"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "actor", "organisation"]
    search_fields = ["user__username", "actor__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
    search_fields = ["name", "code"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "state"]
    list_filter = ["state"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "home_state", "is_active"]
    list_filter = ["kind", "is_active", "home_state"]
    filter_horizontal = ["states"]
    search_fields = ["name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user", "invited_by"]


# The Django admin is for superusers only; staff status alone does not open it.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
admin.site.site_header = "Nyaya administration"
