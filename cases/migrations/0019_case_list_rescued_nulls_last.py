from django.db import migrations

# The order of "Most recently rescued" (cases.selectors.case_list_for_page): newest rescue first,
# cases without a rescue date last. PostgreSQL needs NULLS LAST said (its DESC puts them first);
# SQLite cannot say it in an index, and its DESC already puts them last.
CREATE = {
    "postgresql": 'CREATE INDEX "case_rescued_nulls_last" ON "cases_case" ("rescued_on" DESC NULLS LAST, "id" DESC)',
    "sqlite": 'CREATE INDEX "case_rescued_nulls_last" ON "cases_case" ("rescued_on" DESC, "id" DESC)',
}


def create(apps, schema_editor):
    if sql := CREATE.get(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in CREATE:
        schema_editor.execute('DROP INDEX IF EXISTS "case_rescued_nulls_last"')


class Migration(migrations.Migration):
    """"Most recently rescued" lists cases without a rescue date last on every database (PostgreSQL
    put them first), and its pages read down an index of that very order (issue 17)."""

    dependencies = [
        ("cases", "0018_break_glass_grants_by_person_and_permission"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_recently_rescued"),
        migrations.RunPython(create, drop, elidable=False),
    ]
