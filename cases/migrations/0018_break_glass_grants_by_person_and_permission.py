import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Per-case grants drop guardian's index on the person alone (the unique index on person,
    permission and case begins with the person): a coordinator's break-glass grants are then
    found by person and permission, not by reading every grant she holds (issue 17)."""

    dependencies = [
        ("cases", "0017_case_list_recently_rescued_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="caseuserobjectpermission",
            name="user",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL
            ),
        ),
    ]
