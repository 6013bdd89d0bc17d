"""The medical examination is recorded once: legal.MedicalExamination (issue 15, "one fact, one place").

Until now the Care tab had its own "medical examination done at" on the rescue
(care.models.Rescue.medical_examined_at), typed apart from the Investigation tab's
examinations, so the two could disagree and each met the 24-hour deadline on its own.
The examination gets an optional hour (`examined_time`: empty is "time not recorded", never
00:00), and every rescue's examination that has no examination recorded on that day for that
case becomes one, with its day and hour in the consortium's time zone, recorded by whoever last
saved the rescue. survivors 0006 then removes the rescue's field.

The 24-hour deadline those rescues met stays met. No 7-day report deadline (BNSS 184(6)) is
started for the copies: the rescue's field never started one, and a deadline is computed by
cases.deadlines with the state's holidays, which a migration cannot run.
"""

from django.db import migrations, models
from django.utils import timezone


def copy_rescue_examinations(apps, schema_editor):
    Rescue = apps.get_model("survivors", "Rescue")
    MedicalExamination = apps.get_model("legal", "MedicalExamination")
    rescues = Rescue.objects.filter(medical_examined_at__isnull=False).order_by("pk")
    for rescue in rescues.iterator():
        moment = timezone.localtime(rescue.medical_examined_at)
        day = moment.date()
        if MedicalExamination.objects.filter(case_id=rescue.case_id, examined_on=day).exists():
            continue
        MedicalExamination.objects.create(
            case_id=rescue.case_id,
            examined_on=day,
            examined_time=moment.time().replace(second=0, microsecond=0),
            recorded_by_id=rescue.updated_by_id or rescue.created_by_id,
            updated_by_id=rescue.updated_by_id or rescue.created_by_id,
            created_at=rescue.updated_at or rescue.created_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0011_accused_record_on_one_case"),
        ("survivors", "0005_rescue_from_case_form"),
    ]

    operations = [
        migrations.AddField(
            model_name="medicalexamination",
            name="examined_time",
            field=models.TimeField(
                blank=True,
                help_text="Leave empty if the time is not known: it is shown as “time not recorded”.",
                null=True,
                verbose_name="at (time)",
            ),
        ),
        migrations.AlterModelOptions(
            name="medicalexamination",
            options={"ordering": ["examined_on", "examined_time", "pk"]},
        ),
        migrations.RunPython(copy_rescue_examinations, migrations.RunPython.noop),
    ]
