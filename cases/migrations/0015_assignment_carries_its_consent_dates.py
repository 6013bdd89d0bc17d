"""Case assignments carry a copy of their consent's dates and withdrawal (issue 17).

"In force now" was a join from every assignment to its consent; the copy lets it be read from
the assignment row alone. This migration adds the columns and fills them from the consents; the
next one adds the constraint and the index that rely on them.
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def copy_consent_dates(apps, schema_editor):
    CaseAssignment = apps.get_model("cases", "CaseAssignment")
    Consent = apps.get_model("survivors", "Consent")
    db = schema_editor.connection.alias
    consent = Consent.objects.using(db).filter(pk=OuterRef("consent_id"))
    CaseAssignment.objects.using(db).filter(consent__isnull=False).update(
        consent_given_on=Subquery(consent.values("given_on")),
        consent_expires_on=Subquery(consent.values("expires_on")),
        consent_withdrawn=Exists(consent.filter(withdrawn_at__isnull=False)),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_case_list_newest_first_index"),
        ("survivors", "0006_rescue_examination_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseassignment",
            name="consent_given_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="caseassignment",
            name="consent_expires_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="caseassignment",
            name="consent_withdrawn",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(copy_consent_dates, migrations.RunPython.noop),
    ]
