"""CourtCase.judgment_on says it is a copy of the judgment's date (Judgment.on), written only by the
judgment services (issue 15, "one fact, one place"). Help text only: no data changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0012_medical_examination_one_record"),
    ]

    operations = [
        migrations.AlterField(
            model_name="courtcase",
            name="judgment_on",
            field=models.DateField(
                blank=True,
                help_text=(
                    "A copy of the judgment's date, written only when the judgment is recorded or its date corrected."
                ),
                null=True,
                verbose_name="judgment pronounced on",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcourtcase",
            name="judgment_on",
            field=models.DateField(
                blank=True,
                help_text=(
                    "A copy of the judgment's date, written only when the judgment is recorded or its date corrected."
                ),
                null=True,
                verbose_name="judgment pronounced on",
            ),
        ),
    ]
