"""Only reference data is editable in the Django admin: acts, sections with their IPC/BNS
counterparts and punishments, failure points, courts and eCourts stage phrases. FIRs, court
cases, accused persons and statements are never registered here: their pages check per-case
access, the admin would not."""

from django.contrib import admin

from legal.models import Act, Court, EcourtsStagePhrase, FailurePoint, Section


@admin.register(Act)
class ActAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "family", "position"]
    list_editable = ["position"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "title",
        "counterpart",
        "max_punishment_years",
        "punishable_with_life",
        "punishable_with_death",
        "is_sexual_offence",
    ]
    list_filter = ["act", "is_sexual_offence"]
    search_fields = ["number", "title"]
    raw_id_fields = ["counterpart"]


@admin.register(FailurePoint)
class FailurePointAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    """Courts are created as people name them; a superuser corrects names here."""

    list_display = ["name", "kind", "state", "district"]
    list_filter = ["kind", "state"]
    search_fields = ["name"]


@admin.register(EcourtsStagePhrase)
class EcourtsStagePhraseAdmin(admin.ModelAdmin):
    """Phrases of the eCourts "stage of case" and the stage each means (lower case, words only)."""

    list_display = ["phrase", "stage"]
    list_filter = ["stage"]
    search_fields = ["phrase"]

    def save_model(self, request, obj, form, change):
        from legal.court.ecourts import normalise

        obj.phrase = normalise(obj.phrase)
        super().save_model(request, obj, form, change)
