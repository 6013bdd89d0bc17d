"""The rescue no longer keeps its own "medical examination done at": legal 0012 copied each one
into the one examination record (legal.MedicalExamination), which the Care tab now reads."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("survivors", "0005_rescue_from_case_form"),
        ("legal", "0012_medical_examination_one_record"),
    ]

    operations = [
        migrations.RemoveField(model_name="historicalrescue", name="medical_examined_at"),
        migrations.RemoveField(model_name="rescue", name="medical_examined_at"),
    ]
