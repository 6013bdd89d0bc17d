"""Her assignments in force are one index read, and PostgreSQL knows how many there are (issue 17).

- A constraint: an assignment that names a consent carries its dates (0015 filled them).
- A partial index of the assignments in force, by person and organisation, holding every column
  AssignmentQuerySet.active() and case_list_visible_to() read: an index-only scan.
- On PostgreSQL, statistics on (user, organisation) together: a person's assignments are nearly
  all through her own organisation, and without them the planner multiplied the two
  selectivities, expected a caseworker's 8,843 assignments to be 1,172, and chose a parallel
  plan whose workers took longer to start than the query took to run.
"""

from django.db import migrations, models
from django.db.models import Q

STATISTICS = "cases_caseassignment_person_organisation"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies, mcv) "
        "ON user_id, organisation_id FROM cases_caseassignment"
    )
    schema_editor.execute("ANALYZE cases_caseassignment")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_assignment_carries_its_consent_dates"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="caseassignment",
            constraint=models.CheckConstraint(
                condition=Q(consent__isnull=True, consent_given_on__isnull=True, consent_expires_on__isnull=True)
                | Q(consent__isnull=False, consent_given_on__isnull=False),
                name="assignment_carries_its_consent_dates",
            ),
        ),
        migrations.AddIndex(
            model_name="caseassignment",
            index=models.Index(
                condition=Q(ended_at__isnull=True, consent_withdrawn=False),
                fields=["user", "organisation", "case", "consent_given_on", "consent_expires_on"],
                name="assignment_in_force_by_person",
            ),
        ),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
