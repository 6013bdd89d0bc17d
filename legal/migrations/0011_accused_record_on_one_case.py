"""Every accused record belongs to a person and to one case; the merged_into pointer is gone
(a coordinator's "same person" now links the records' AccusedPerson). Data moved in 0010_accused_details_per_case."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0010_accused_details_per_case"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accused",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="records", to="legal.accusedperson"
            ),
        ),
        migrations.RemoveField(model_name="accused", name="merged_into"),
        migrations.RemoveField(model_name="historicalaccused", name="merged_into"),
        migrations.AlterField(
            model_name="accusedmatchalert",
            name="status",
            field=models.CharField(
                choices=[("open", "To review"), ("merged", "Same person: linked"), ("dismissed", "Different people")],
                db_index=True,
                default="open",
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="caseaccused",
            constraint=models.UniqueConstraint(fields=("accused",), name="accused_record_on_one_case"),
        ),
    ]
