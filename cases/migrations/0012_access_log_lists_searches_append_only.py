"""The access log records list views and searches too, and on PostgreSQL the database itself
refuses to change or delete a row of it (a trigger), whatever code or person sends the SQL.

SQLite has no such guard here: there the ORM's insert-only model is the only protection.
TRUNCATE is left alone on purpose: it needs the table's owner, and the test runner's flush uses it.
"""

from django.db import migrations, models

TABLE = "cases_accesslogentry"

CREATE = f"""
CREATE OR REPLACE FUNCTION nyaya_access_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS access_log_append_only ON {TABLE};
CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION nyaya_access_log_append_only();
"""

DROP = f"""
DROP TRIGGER IF EXISTS access_log_append_only ON {TABLE};
DROP FUNCTION IF EXISTS nyaya_access_log_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no parameters: the '%' of RAISE is not a placeholder

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_deadline_entered_from_paper"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslogentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("view_case", "Viewed case"),
                    ("view_identity", "Viewed survivor identity"),
                    ("download_document", "Downloaded document"),
                    ("export", "Exported"),
                    ("break_glass", "Break-glass reveal"),
                    ("denied", "Denied"),
                    ("view_list", "Viewed a list of cases"),
                    ("search", "Searched cases"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False),
    ]
