"""The cases tables as they stood at 0019_case_list_rescued_nulls_last, in one migration (issue 18:
the test database was built by 18 migrations, re-rendering the project's state after each). It
replaces them: a database that applied them all counts it as applied. The reference data is loaded
by the same functions the replaced migrations called.

What the models cannot say is kept as the replaced migrations had it:
- 0012: on PostgreSQL a trigger refuses to change or delete a row of the access log, whatever code
  or person sends the SQL (TRUNCATE is left alone: it needs the table's owner, and the test
  runner's flush uses it). SQLite has no such guard: the ORM's insert-only model is its only one.
- 0016: on PostgreSQL, statistics on an assignment's (user, organisation) together, so the
  planner knows that a person's assignments are nearly all through her own organisation.
- 0019: the index of "Most recently rescued" (newest rescue first, none last), in each
  database's own SQL: SQLite cannot say NULLS LAST in an index, and its DESC puts them last.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


ACCESS_LOG_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION nyaya_access_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS access_log_append_only ON cases_accesslogentry;
CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE ON cases_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION nyaya_access_log_append_only();
"""
ACCESS_LOG_EDITABLE = """
DROP TRIGGER IF EXISTS access_log_append_only ON cases_accesslogentry;
DROP FUNCTION IF EXISTS nyaya_access_log_append_only();
"""
STATISTICS = "cases_caseassignment_person_organisation"
RESCUED_NULLS_LAST = {
    "postgresql": 'CREATE INDEX "case_rescued_nulls_last" ON "cases_case" ("rescued_on" DESC NULLS LAST, "id" DESC)',
    "sqlite": 'CREATE INDEX "case_rescued_nulls_last" ON "cases_case" ("rescued_on" DESC, "id" DESC)',
}


def load_reference(apps, schema_editor):
    from cases.deadline_rules import load_shipped_holidays, sync_calendars, sync_rules
    from cases.reference import load_case_reference_data

    load_case_reference_data(apps.get_model("cases", "ExploitationForm"), apps.get_model("cases", "RecruitmentMeans"))
    sync_rules(apps.get_model("cases", "DeadlineRule"))
    sync_calendars(apps.get_model("cases", "HolidayCalendar"), apps.get_model("consortium", "State"))
    load_shipped_holidays(apps.get_model("cases", "HolidayCalendar"), apps.get_model("cases", "Holiday"))


def database_own(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(ACCESS_LOG_APPEND_ONLY, params=None)  # the '%' of RAISE is not a placeholder
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies, mcv) "
            "ON user_id, organisation_id FROM cases_caseassignment"
        )
    if sql := RESCUED_NULLS_LAST.get(vendor):
        schema_editor.execute(sql)


def database_own_back(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(ACCESS_LOG_EDITABLE, params=None)
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")
    if vendor in RESCUED_NULLS_LAST:
        schema_editor.execute('DROP INDEX IF EXISTS "case_rescued_nulls_last"')


class Migration(migrations.Migration):
    replaces = [
        ('cases', '0002_initial'),
        ('cases', '0003_reference_forms_and_means'),
        ('cases', '0004_workflow_and_deadlines'),
        ('cases', '0005_load_deadline_rules_and_holidays'),
        ('cases', '0006_tasks_updates_notifications'),
        ('cases', '0007_survivor_update_rules'),
        ('cases', '0008_generated_documents'),
        ('cases', '0009_law_in_force'),
        ('cases', '0010_rules_corrected'),
        ('cases', '0011_deadline_entered_from_paper'),
        ('cases', '0012_access_log_lists_searches_append_only'),
        ('cases', '0013_scrub_sensitive_values_from_logs'),
        ('cases', '0014_case_list_newest_first_index'),
        ('cases', '0015_assignment_carries_its_consent_dates'),
        ('cases', '0016_assignment_in_force_index'),
        ('cases', '0017_case_list_recently_rescued_index'),
        ('cases', '0018_break_glass_grants_by_person_and_permission'),
        ('cases', '0019_case_list_rescued_nulls_last'),
    ]


    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('cases', '0001_squashed_0001'),
        ('consortium', '0001_squashed_0004'),
        ('survivors', '0001_squashed_0008'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='accesslogentry',
            name='user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='case',
            name='destination_district',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consortium.district', verbose_name='destination district'),
        ),
        migrations.AddField(
            model_name='case',
            name='destination_state',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consortium.state', verbose_name='destination state'),
        ),
        migrations.AddField(
            model_name='case',
            name='lead_organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='led_cases', to='consortium.organisation', verbose_name='lead organisation'),
        ),
        migrations.AddField(
            model_name='case',
            name='opened_by',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='case',
            name='source_district',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consortium.district', verbose_name='source district'),
        ),
        migrations.AddField(
            model_name='case',
            name='source_state',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consortium.state', verbose_name='source state'),
        ),
        migrations.AddField(
            model_name='case',
            name='survivor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='survivors.survivor', verbose_name='survivor'),
        ),
        migrations.AddField(
            model_name='case',
            name='updated_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='accesslogentry',
            name='case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='access_log', to='cases.case'),
        ),
        migrations.AddField(
            model_name='caseassignment',
            name='added_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='caseassignment',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='cases.case'),
        ),
        migrations.AddField(
            model_name='caseassignment',
            name='consent',
            field=models.ForeignKey(blank=True, help_text='For people outside the lead organisation: the consent that lets them see the case.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='survivors.consent'),
        ),
        migrations.AddField(
            model_name='caseassignment',
            name='ended_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='caseassignment',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consortium.organisation'),
        ),
        migrations.AddField(
            model_name='caseassignment',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='case_assignments', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='casedocument',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='cases.case'),
        ),
        migrations.AddField(
            model_name='casedocument',
            name='uploaded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='actor',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='cases.case'),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='document',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.casedocument'),
        ),
        migrations.AddField(
            model_name='casenote',
            name='author',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='casenote',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='cases.case'),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='note',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.casenote'),
        ),
        migrations.AddField(
            model_name='casereferencecounter',
            name='state',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='consortium.state'),
        ),
        migrations.AddField(
            model_name='caseuserobjectpermission',
            name='content_object',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cases.case'),
        ),
        migrations.AddField(
            model_name='caseuserobjectpermission',
            name='permission',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.permission'),
        ),
        migrations.AddField(
            model_name='caseuserobjectpermission',
            name='user',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='deadline',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deadlines', to='cases.case'),
        ),
        migrations.AddField(
            model_name='deadline',
            name='status_changed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='deadlinenotice',
            name='deadline',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='cases.deadline'),
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='created_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='deadline',
            name='rule',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deadlines', to='cases.deadlinerule'),
        ),
        migrations.AddField(
            model_name='case',
            name='exploitation_forms',
            field=models.ManyToManyField(blank=True, related_name='cases', to='cases.exploitationform', verbose_name='forms of exploitation'),
        ),
        migrations.AddField(
            model_name='generateddocument',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='generated_documents', to='cases.case'),
        ),
        migrations.AddField(
            model_name='generateddocument',
            name='requested_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='destination_district',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='consortium.district', verbose_name='destination district'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='destination_state',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='consortium.state', verbose_name='destination state'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='lead_organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='consortium.organisation', verbose_name='lead organisation'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='opened_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='source_district',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='consortium.district', verbose_name='source district'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='source_state',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='consortium.state', verbose_name='source state'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='survivor',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='survivors.survivor', verbose_name='survivor'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='updated_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcase_exploitation_forms',
            name='case',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case'),
        ),
        migrations.AddField(
            model_name='historicalcase_exploitation_forms',
            name='exploitationform',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.exploitationform'),
        ),
        migrations.AddField(
            model_name='historicalcase_exploitation_forms',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='cases.historicalcase'),
        ),
        migrations.AddField(
            model_name='historicaldeadlinerule',
            name='created_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicaldeadlinerule',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='holidaycalendar',
            name='state',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='holiday_calendars', to='consortium.state', verbose_name='state'),
        ),
        migrations.AddField(
            model_name='holiday',
            name='calendar',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='holidays', to='cases.holidaycalendar'),
        ),
        migrations.AddField(
            model_name='deadline',
            name='calendar',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.holidaycalendar'),
        ),
        migrations.AddField(
            model_name='notification',
            name='case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case'),
        ),
        migrations.AddField(
            model_name='notification',
            name='deadline',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.deadline'),
        ),
        migrations.AddField(
            model_name='notification',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='case',
            name='recruitment_means',
            field=models.ManyToManyField(blank=True, related_name='cases', to='cases.recruitmentmeans', verbose_name='means of recruitment'),
        ),
        migrations.AddField(
            model_name='stagetransition',
            name='actor',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='stagetransition',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stage_transitions', to='cases.case'),
        ),
        migrations.AddField(
            model_name='survivorupdate',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='survivor_updates', to='cases.case'),
        ),
        migrations.AddField(
            model_name='survivorupdate',
            name='recorded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='task',
            name='assignee',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to=settings.AUTH_USER_MODEL, verbose_name='for'),
        ),
        migrations.AddField(
            model_name='task',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='cases.case'),
        ),
        migrations.AddField(
            model_name='task',
            name='created_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='task',
            name='done_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='caseassignment',
            index=models.Index(condition=models.Q(('consent_withdrawn', False), ('ended_at__isnull', True)), fields=['user', 'organisation', 'case', 'consent_given_on', 'consent_expires_on'], name='assignment_in_force_by_person'),
        ),
        migrations.AddConstraint(
            model_name='caseassignment',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_at__isnull', True)), fields=('case', 'user'), name='one_open_assignment_per_person'),
        ),
        migrations.AddConstraint(
            model_name='caseassignment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('consent__isnull', True), ('consent_expires_on__isnull', True), ('consent_given_on__isnull', True)), models.Q(('consent__isnull', False), ('consent_given_on__isnull', False)), _connector='OR'), name='assignment_carries_its_consent_dates'),
        ),
        migrations.AddIndex(
            model_name='caseevent',
            index=models.Index(fields=['case', '-occurred_at'], name='case_event_timeline'),
        ),
        migrations.AddConstraint(
            model_name='casereferencecounter',
            constraint=models.UniqueConstraint(fields=('state', 'year'), name='case_counter_unique'),
        ),
        migrations.AlterUniqueTogether(
            name='caseuserobjectpermission',
            unique_together={('user', 'permission', 'content_object')},
        ),
        migrations.AddConstraint(
            model_name='deadlinenotice',
            constraint=models.UniqueConstraint(fields=('deadline', 'step'), name='one_notice_per_deadline_step'),
        ),
        migrations.AddConstraint(
            model_name='deadlinerule',
            constraint=models.UniqueConstraint(fields=('code', 'effective_from'), name='one_rule_version_per_day'),
        ),
        migrations.AddIndex(
            model_name='generateddocument',
            index=models.Index(fields=['case', '-requested_at'], name='generated_doc_case'),
        ),
        migrations.AddConstraint(
            model_name='holidaycalendar',
            constraint=models.UniqueConstraint(fields=('state', 'kind'), name='one_calendar_per_state_and_kind'),
        ),
        migrations.AddConstraint(
            model_name='holiday',
            constraint=models.UniqueConstraint(fields=('calendar', 'date'), name='one_holiday_per_calendar_day'),
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(fields=['status', 'due_at'], name='deadline_open_due'),
        ),
        migrations.AddConstraint(
            model_name='deadline',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'open')), fields=('case', 'rule_code', 'subject_key'), name='one_open_deadline_per_rule_and_subject'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['user', 'read_at'], name='notification_unread'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['emailed_at', 'user'], name='notification_to_email'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['-opened_at', '-id'], name='case_newest_first'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('closed_on__isnull', True), ('status', 'open')), models.Q(('closed_on__isnull', False), ('status', 'closed')), _connector='OR'), name='case_closed_has_date'),
        ),
        migrations.AddIndex(
            model_name='stagetransition',
            index=models.Index(fields=['workflow', 'to_stage', 'effective_on'], name='transition_stage_day'),
        ),
        migrations.AddIndex(
            model_name='stagetransition',
            index=models.Index(fields=['case', 'workflow'], name='transition_case_workflow'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['assignee', 'done_at', 'due_on'], name='task_assignee_open'),
        ),
        migrations.RunPython(load_reference, migrations.RunPython.noop),
        migrations.RunPython(database_own, database_own_back, elidable=False),
    ]
