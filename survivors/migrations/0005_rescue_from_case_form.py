"""The rescue is recorded once, in the care record (care.models.Rescue).

Until now the case form had its own "rescued or escaped on" (cases.Case.rescued_on), typed apart
from the care record, so a minor's CWC and medical deadlines never opened when the date was typed
there. The case form no longer asks for it: Case.rescued_on is a copy written from the Rescue.
Before that, every case with a date on the case form (including the FIR dates that legal 0009
copied there) and no Rescue gets a Rescue on that day, so nothing is lost:

- the hour was never asked: `time_known` is False and the day is shown with "time not recorded",
  never as 00:00;
- where: the case's destination state (where she was exploited, so where she was rescued), else
  its source state, else the lead organisation's home state;
- by whom: "other", with a note in the unit field saying it came from the case form ("she escaped
  by herself" where the case said she escaped, so the copy kept on the case stays the same).

No deadline is opened for these past rescues here: the 24-hour deadlines of a rescue entered
today open when it is saved through the Care tab or at intake.
"""

import datetime

from django.db import migrations, models
from django.utils import timezone

MOVED = "Moved from the case form: time and agency not recorded"


def rescue_from_case_form(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Rescue = apps.get_model("survivors", "Rescue")
    cases = (
        Case.objects.filter(rescued_on__isnull=False, rescue__isnull=True)
        .select_related("lead_organisation")
        .order_by("pk")
    )
    now = timezone.now()
    for case in cases.iterator():
        state_id = case.destination_state_id or case.source_state_id or case.lead_organisation.home_state_id
        if state_id is None:
            continue
        Rescue.objects.create(
            case_id=case.pk,
            rescued_at=timezone.make_aware(datetime.datetime.combine(case.rescued_on, datetime.time(0, 0))),
            time_known=False,
            state_id=state_id,
            district_id=case.destination_district_id if case.destination_state_id else None,
            agency="self" if case.escaped else "other",
            agency_detail=MOVED,
            created_by_id=case.opened_by_id,
            updated_by_id=case.opened_by_id,
            created_at=now,
        )


def rescue_back_to_case_form(apps, schema_editor):
    Rescue = apps.get_model("survivors", "Rescue")
    Rescue.objects.filter(time_known=False, agency_detail=MOVED).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("survivors", "0004_custody_law_corrected"),
        ("legal", "0009_fir_rescue_single_source"),
        ("cases", "0011_deadline_entered_from_paper"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalrescue",
            name="time_known",
            field=models.BooleanField(default=True, verbose_name="time recorded"),
        ),
        migrations.AddField(
            model_name="rescue",
            name="time_known",
            field=models.BooleanField(default=True, verbose_name="time recorded"),
        ),
        migrations.RunPython(rescue_from_case_form, rescue_back_to_case_form),
    ]
