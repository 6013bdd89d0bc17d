from django.db import migrations, models


class Migration(migrations.Migration):
    """The case list sorted by "Most recently rescued" reads its page down this index (issue 17)."""

    dependencies = [
        ("cases", "0016_assignment_in_force_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["-rescued_on", "-id"], name="case_recently_rescued"),
        ),
    ]
