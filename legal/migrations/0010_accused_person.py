"""An accused person's identity across cases (AccusedPerson), and each record's link to it.
Nullable here; 0010_accused_details_per_case moves the data, 0011 makes it required. Three migrations, three transactions:
PostgreSQL refuses ALTER TABLE or CREATE INDEX on a table with the deferred foreign-key checks
of updates in the same transaction pending."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0009_fir_rescue_single_source"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccusedPerson",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ],
            options={
                "verbose_name": "accused person (identity)",
                "verbose_name_plural": "accused persons (identities)",
                "ordering": ["pk"],
            },
        ),
        migrations.AddField(
            model_name="accused",
            name="person",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="records",
                to="legal.accusedperson",
            ),
        ),
        migrations.AddField(
            model_name="historicalaccused",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="legal.accusedperson",
            ),
        ),
    ]
