"""The cases tables without their links to survivors and people: the first half of the cases squash
(its second half, 0002_squashed_0019, adds the links once survivors exists). It replaces
0001_initial.
"""

import cases.models.core
import cases.models.generated
import core.fields
import django.utils.timezone
import simple_history.models
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ('cases', '0001_initial'),
    ]


    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='AccessLogEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('view_case', 'Viewed case'), ('view_identity', 'Viewed survivor identity'), ('download_document', 'Downloaded document'), ('export', 'Exported'), ('break_glass', 'Break-glass reveal'), ('denied', 'Denied'), ('view_list', 'Viewed a list of cases'), ('search', 'Searched cases')], max_length=20)),
                ('target', models.CharField(blank=True, help_text='What was opened: a page, a document id.', max_length=120)),
                ('reason', models.CharField(blank=True, max_length=500)),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                ('path', models.CharField(blank=True, max_length=300)),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'access log entry',
                'verbose_name_plural': 'access log',
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Case',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(editable=False, max_length=20, unique=True, verbose_name='reference')),
                ('destination_place', core.fields.EncryptedCharField(blank=True, help_text='Locality, establishment or address.', max_length=200, verbose_name='place of exploitation')),
                ('left_home_on', models.DateField(blank=True, null=True, verbose_name='left home on')),
                ('trafficked_on', models.DateField(blank=True, null=True, verbose_name='trafficked on')),
                ('rescued_on', models.DateField(blank=True, null=True, verbose_name='rescued or escaped on')),
                ('escaped', models.BooleanField(default=False, verbose_name='she escaped (rather than being rescued)')),
                ('narrative', core.fields.EncryptedTextField(blank=True, verbose_name='narrative summary')),
                ('risk_level', models.CharField(choices=[('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('critical', 'Critical')], default='medium', max_length=10, verbose_name='risk level')),
                ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=10, verbose_name='status')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('closure_reason', models.CharField(blank=True, choices=[('justice_complete', 'Legal process and rehabilitation complete'), ('survivor_withdrew', 'Survivor chose to stop'), ('transferred', 'Transferred to an organisation outside the consortium'), ('lost_contact', 'Contact lost'), ('duplicate', 'Duplicate of another case'), ('deceased', 'Survivor deceased'), ('other', 'Other')], max_length=30, verbose_name='closure reason')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('opened_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='opened')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'case',
                'verbose_name_plural': 'cases',
                'ordering': ['-opened_at'],
                'permissions': [('reveal_identity', "May see the survivor's identity after a break-glass request")],
            },
        ),
        migrations.CreateModel(
            name='CaseAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('lead_caseworker', 'Lead caseworker'), ('caseworker', 'Caseworker'), ('lawyer', 'Lawyer'), ('coordinator', 'Coordinator'), ('survivor_leader', 'Survivor leader')], max_length=20, verbose_name='role on the case')),
                ('consent_given_on', models.DateField(blank=True, editable=False, null=True)),
                ('consent_expires_on', models.DateField(blank=True, editable=False, null=True)),
                ('consent_withdrawn', models.BooleanField(default=False, editable=False)),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('ended_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['started_at'],
            },
        ),
        migrations.CreateModel(
            name='CaseDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('doc_type', models.CharField(choices=[('fir_copy', 'FIR copy'), ('medical_report', 'Medical report'), ('statement', 'Statement'), ('age_proof', 'Age proof'), ('court_order', 'Court order'), ('photo', 'Photo'), ('chargesheet', 'Chargesheet / police report'), ('magistrate_statement', 'Statement before a magistrate (164/183)'), ('psychological_report', 'Psychological report'), ('judgment', 'Judgment'), ('bank_document', 'Bank passbook or account details'), ('identity_document', 'Identity document'), ('cwc_order', 'Child Welfare Committee order'), ('compensation_order', 'Compensation order'), ('other', 'Other')], max_length=20, verbose_name='type')),
                ('title', core.fields.EncryptedCharField(max_length=200, verbose_name='title')),
                ('original_name', core.fields.EncryptedCharField(blank=True, max_length=255, verbose_name='original file name')),
                ('content_type', models.CharField(max_length=100)),
                ('extension', models.CharField(max_length=8)),
                ('size', models.PositiveIntegerField()),
                ('sha256', models.CharField(help_text='Of the plaintext, to detect tampering.', max_length=64)),
                ('file', models.FileField(max_length=200, upload_to=cases.models.core.document_storage_name)),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['-uploaded_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='CaseEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('case_opened', 'Case opened'), ('case_updated', 'Case details changed'), ('survivor_updated', 'Survivor details changed'), ('case_closed', 'Case closed'), ('case_reopened', 'Case reopened'), ('team_added', 'Added to the team'), ('team_removed', 'Removed from the team'), ('consent_given', 'Consent recorded'), ('consent_withdrawn', 'Consent withdrawn'), ('note_added', 'Note'), ('document_added', 'Document uploaded'), ('identity_revealed', 'Identity revealed (break-glass)'), ('stage_changed', 'Stage changed'), ('investigation', 'Investigation'), ('court', 'Court'), ('compensation', 'Compensation'), ('care', 'Care'), ('deadline', 'Deadline'), ('task', 'Task'), ('review', 'Lawyer review'), ('survivor_update', 'Survivor informed'), ('document_generated', 'Document generated')], max_length=30)),
                ('occurred_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('summary', models.CharField(blank=True, max_length=300)),
                ('data', models.JSONField(blank=True, default=dict)),
            ],
            options={
                'ordering': ['-occurred_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='CaseNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', core.fields.EncryptedTextField(verbose_name='note')),
                ('visibility', models.CharField(choices=[('team', 'Whole case team'), ('lawyers', 'Lawyers only')], default='team', max_length=10, verbose_name='visible to')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='CaseReferenceCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('last', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='CaseUserObjectPermission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('reason', models.CharField(blank=True, max_length=500)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Deadline',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rule_code', models.SlugField()),
                ('subject_key', models.CharField(max_length=80)),
                ('title', models.CharField(help_text="Never the survivor's identity.", max_length=200, verbose_name='what is due')),
                ('trigger_at', models.DateTimeField(verbose_name='triggered by an event on')),
                ('due_at', models.DateTimeField(verbose_name='due')),
                ('due_on', models.DateField(db_index=True, verbose_name='due on')),
                ('inputs', models.JSONField(default=dict, help_text='Everything the due date was computed from.')),
                ('responsible_role', models.CharField(choices=[('lead_caseworker', 'Lead caseworker'), ('caseworker', 'Caseworker'), ('lawyer', 'Lawyer'), ('coordinator', 'Coordinator'), ('survivor_leader', 'Survivor leader')], max_length=20)),
                ('status', models.CharField(choices=[('open', 'Open'), ('met', 'Met'), ('closed', 'Closed by hand'), ('cancelled', 'No longer applies'), ('n_a', 'No date: the law does not apply'), ('missed', 'Missed')], default='open', max_length=10, verbose_name='status')),
                ('status_changed_at', models.DateTimeField(blank=True, null=True)),
                ('close_reason', models.CharField(blank=True, max_length=300, verbose_name='reason')),
                ('met_on', models.DateField(blank=True, null=True, verbose_name='met on')),
                ('entered_after_due', models.BooleanField(default=False, verbose_name='entered after it was due')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('version', models.PositiveIntegerField(default=1)),
            ],
            options={
                'verbose_name': 'deadline',
                'verbose_name_plural': 'deadlines',
                'ordering': ['due_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='DeadlineNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(help_text='reminder:<days before> or escalation:<index>', max_length=30)),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('recipients', models.PositiveIntegerField(default=0)),
                ('skipped', models.BooleanField(default=False, help_text='Superseded by a later reminder when catching up.')),
                ('scan', models.UUIDField(db_index=True, default=uuid.uuid4)),
            ],
        ),
        migrations.CreateModel(
            name='DeadlineRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(help_text='Services refer to a rule by its code; versions share the code.', verbose_name='code')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('workflow', models.CharField(help_text='investigation, court, compensation, custody or survivor.', max_length=30, verbose_name='workflow')),
                ('trigger', models.SlugField(verbose_name='triggering event')),
                ('offset_amount', models.PositiveIntegerField(verbose_name='offset')),
                ('offset_unit', models.CharField(choices=[('hours', 'hours'), ('days', 'days'), ('months', 'months')], default='days', max_length=10, verbose_name='unit')),
                ('day_count', models.CharField(choices=[('calendar', 'Calendar days'), ('working', 'Working days')], default='calendar', max_length=10, verbose_name='counted in')),
                ('calendar_kind', models.CharField(choices=[('court', 'Court holidays'), ('office', 'Government office holidays')], default='court', help_text="Whose holidays count: the courts' or the offices' of the state where the event happened.", max_length=10, verbose_name='holiday calendar')),
                ('roll_to_working_day', models.BooleanField(default=False, help_text='As General Clauses Act s.10 allows for acts to be done in court or office.', verbose_name='move to the next working day if due on a holiday')),
                ('responsible_role', models.CharField(choices=[('lead_caseworker', 'Lead caseworker'), ('caseworker', 'Caseworker'), ('lawyer', 'Lawyer'), ('coordinator', 'Coordinator'), ('survivor_leader', 'Survivor leader')], default='lead_caseworker', max_length=20, verbose_name='responsible on the case team')),
                ('reminder_days', models.JSONField(blank=True, default=list, help_text='E.g. [7, 1]; empty for none.', verbose_name='reminders (days before due)')),
                ('escalation_steps', models.JSONField(blank=True, default=list, help_text='E.g. [{"after_days": 0, "notify": "lead_caseworker"}, {"after_days": 7, "notify": "coordinator"}]', verbose_name='escalation steps')),
                ('legal_source', models.TextField(help_text='The provision or ruling, quoted or summarised.', verbose_name='legal source')),
                ('source_kind', models.CharField(choices=[('law', 'Law (act and sub-section)'), ('judgment', 'Judgment (with citation)'), ('practice', 'Consortium practice')], default='law', max_length=10, verbose_name='kind of source')),
                ('procedure', models.CharField(choices=[('any', 'Any proceeding'), ('bnss', 'BNSS proceedings only (begun on or after 1 July 2024)'), ('crpc', 'CrPC proceedings only')], default='any', help_text='A limit new in the BNSS is never computed for an investigation or trial under the CrPC.', max_length=5, verbose_name='applies to')),
                ('count_trigger_day', models.BooleanField(default=False, help_text='E.g. the first remand day counts for default bail: 60 days from 1 Jan end on 1 Mar.', verbose_name='the trigger day counts as day one')),
                ('consequence', models.CharField(blank=True, help_text="Shown with the day after the last day, e.g. 'Default bail accrues'.", max_length=150, verbose_name='what happens the day after')),
                ('effective_from', models.DateField(verbose_name='in force from')),
                ('effective_until', models.DateField(blank=True, help_text='Empty while in force; a repealed rule has a last day.', null=True, verbose_name='in force until')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ],
            options={
                'verbose_name': 'deadline rule',
                'verbose_name_plural': 'deadline rules',
                'ordering': ['workflow', 'code', '-effective_from'],
            },
        ),
        migrations.CreateModel(
            name='ExploitationForm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True)),
                ('name', models.CharField(max_length=80, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'form of exploitation',
                'verbose_name_plural': 'forms of exploitation',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='GeneratedDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('kind', models.CharField(choices=[('dossier', 'Case dossier'), ('compensation_application', 'Compensation application'), ('survivor_letter', 'Letter to the survivor')], max_length=30, verbose_name='document')),
                ('params', models.JSONField(blank=True, default=dict)),
                ('language', models.CharField(default='en', max_length=8, verbose_name='language')),
                ('requested_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('status', models.CharField(choices=[('pending', 'Waiting to start'), ('running', 'Being built'), ('done', 'Ready'), ('failed', 'Failed'), ('expired', 'Expired')], default='pending', max_length=10, verbose_name='status')),
                ('progress', models.PositiveSmallIntegerField(default=0)),
                ('step', models.CharField(blank=True, help_text='What the build is doing now (no identity).', max_length=120)),
                ('error', models.CharField(blank=True, help_text='Shown to the requester; never identity.', max_length=300)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('masked', models.BooleanField(default=False, help_text='Built for a reader who may not see her identity.')),
                ('password_protected', models.BooleanField(default=False)),
                ('password', core.fields.EncryptedCharField(blank=True, max_length=100)),
                ('password_shown_at', models.DateTimeField(blank=True, null=True)),
                ('file', models.FileField(blank=True, max_length=200, upload_to=cases.models.generated.generated_storage_name)),
                ('size', models.PositiveIntegerField(default=0)),
                ('pages', models.PositiveIntegerField(default=0)),
                ('sha256', models.CharField(blank=True, help_text='Of the plaintext PDF, to detect tampering.', max_length=64)),
                ('expires_at', models.DateTimeField(blank=True, db_index=True, null=True)),
            ],
            options={
                'verbose_name': 'generated document',
                'verbose_name_plural': 'generated documents',
                'ordering': ['-requested_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCase',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('reference', models.CharField(db_index=True, editable=False, max_length=20, verbose_name='reference')),
                ('destination_place', core.fields.EncryptedCharField(blank=True, help_text='Locality, establishment or address.', max_length=200, verbose_name='place of exploitation')),
                ('left_home_on', models.DateField(blank=True, null=True, verbose_name='left home on')),
                ('trafficked_on', models.DateField(blank=True, null=True, verbose_name='trafficked on')),
                ('rescued_on', models.DateField(blank=True, null=True, verbose_name='rescued or escaped on')),
                ('escaped', models.BooleanField(default=False, verbose_name='she escaped (rather than being rescued)')),
                ('narrative', core.fields.EncryptedTextField(blank=True, verbose_name='narrative summary')),
                ('risk_level', models.CharField(choices=[('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('critical', 'Critical')], default='medium', max_length=10, verbose_name='risk level')),
                ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=10, verbose_name='status')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('closure_reason', models.CharField(blank=True, choices=[('justice_complete', 'Legal process and rehabilitation complete'), ('survivor_withdrew', 'Survivor chose to stop'), ('transferred', 'Transferred to an organisation outside the consortium'), ('lost_contact', 'Contact lost'), ('duplicate', 'Duplicate of another case'), ('deceased', 'Survivor deceased'), ('other', 'Other')], max_length=30, verbose_name='closure reason')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('opened_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='opened')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical case',
                'verbose_name_plural': 'historical cases',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCase_exploitation_forms',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'HistoricalCase_exploitation_forms',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalDeadlineRule',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(help_text='Services refer to a rule by its code; versions share the code.', verbose_name='code')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('workflow', models.CharField(help_text='investigation, court, compensation, custody or survivor.', max_length=30, verbose_name='workflow')),
                ('trigger', models.SlugField(verbose_name='triggering event')),
                ('offset_amount', models.PositiveIntegerField(verbose_name='offset')),
                ('offset_unit', models.CharField(choices=[('hours', 'hours'), ('days', 'days'), ('months', 'months')], default='days', max_length=10, verbose_name='unit')),
                ('day_count', models.CharField(choices=[('calendar', 'Calendar days'), ('working', 'Working days')], default='calendar', max_length=10, verbose_name='counted in')),
                ('calendar_kind', models.CharField(choices=[('court', 'Court holidays'), ('office', 'Government office holidays')], default='court', help_text="Whose holidays count: the courts' or the offices' of the state where the event happened.", max_length=10, verbose_name='holiday calendar')),
                ('roll_to_working_day', models.BooleanField(default=False, help_text='As General Clauses Act s.10 allows for acts to be done in court or office.', verbose_name='move to the next working day if due on a holiday')),
                ('responsible_role', models.CharField(choices=[('lead_caseworker', 'Lead caseworker'), ('caseworker', 'Caseworker'), ('lawyer', 'Lawyer'), ('coordinator', 'Coordinator'), ('survivor_leader', 'Survivor leader')], default='lead_caseworker', max_length=20, verbose_name='responsible on the case team')),
                ('reminder_days', models.JSONField(blank=True, default=list, help_text='E.g. [7, 1]; empty for none.', verbose_name='reminders (days before due)')),
                ('escalation_steps', models.JSONField(blank=True, default=list, help_text='E.g. [{"after_days": 0, "notify": "lead_caseworker"}, {"after_days": 7, "notify": "coordinator"}]', verbose_name='escalation steps')),
                ('legal_source', models.TextField(help_text='The provision or ruling, quoted or summarised.', verbose_name='legal source')),
                ('source_kind', models.CharField(choices=[('law', 'Law (act and sub-section)'), ('judgment', 'Judgment (with citation)'), ('practice', 'Consortium practice')], default='law', max_length=10, verbose_name='kind of source')),
                ('procedure', models.CharField(choices=[('any', 'Any proceeding'), ('bnss', 'BNSS proceedings only (begun on or after 1 July 2024)'), ('crpc', 'CrPC proceedings only')], default='any', help_text='A limit new in the BNSS is never computed for an investigation or trial under the CrPC.', max_length=5, verbose_name='applies to')),
                ('count_trigger_day', models.BooleanField(default=False, help_text='E.g. the first remand day counts for default bail: 60 days from 1 Jan end on 1 Mar.', verbose_name='the trigger day counts as day one')),
                ('consequence', models.CharField(blank=True, help_text="Shown with the day after the last day, e.g. 'Default bail accrues'.", max_length=150, verbose_name='what happens the day after')),
                ('effective_from', models.DateField(verbose_name='in force from')),
                ('effective_until', models.DateField(blank=True, help_text='Empty while in force; a repealed rule has a last day.', null=True, verbose_name='in force until')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical deadline rule',
                'verbose_name_plural': 'historical deadline rules',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Holiday',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
            ],
            options={
                'verbose_name': 'holiday',
                'verbose_name_plural': 'holidays',
                'ordering': ['date'],
            },
        ),
        migrations.CreateModel(
            name='HolidayCalendar',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('kind', models.CharField(choices=[('court', 'Court holidays'), ('office', 'Government office holidays')], max_length=10, verbose_name='kind')),
                ('weekend_days', models.JSONField(default=list, help_text='0 = Monday ... 6 = Sunday.', verbose_name='weekly days off')),
            ],
            options={
                'verbose_name': 'holiday calendar',
                'verbose_name_plural': 'holiday calendars',
                'ordering': ['state__name', 'kind'],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('reminder', 'Reminder'), ('escalation', 'Escalation'), ('task', 'Task'), ('info', 'Information')], default='info', max_length=12)),
                ('title', models.CharField(max_length=200)),
                ('body', models.TextField(blank=True)),
                ('url', models.CharField(blank=True, max_length=300)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('emailed_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='RecruitmentMeans',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True)),
                ('name', models.CharField(max_length=80, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'means of recruitment',
                'verbose_name_plural': 'means of recruitment',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='StageTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('workflow', models.CharField(db_index=True, max_length=30, verbose_name='workflow')),
                ('subject_key', models.CharField(db_index=True, max_length=80)),
                ('transition', models.CharField(max_length=60)),
                ('from_stage', models.CharField(max_length=40, verbose_name='from')),
                ('to_stage', models.CharField(max_length=40, verbose_name='to')),
                ('effective_on', models.DateField(verbose_name='happened on')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded')),
                ('note', core.fields.EncryptedTextField(blank=True, verbose_name='note')),
                ('data', models.JSONField(blank=True, default=dict)),
            ],
            options={
                'verbose_name': 'stage transition',
                'verbose_name_plural': 'stage transitions',
                'ordering': ['effective_on', 'recorded_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SurvivorUpdate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('given_on', models.DateField(verbose_name='told her on')),
                ('channel', models.CharField(choices=[('phone_call', 'Phone call'), ('sms', 'SMS'), ('in_person', 'In person'), ('collective', 'Through a survivor collective')], max_length=20, verbose_name='how')),
                ('language', models.CharField(choices=[('bn', 'Bengali'), ('hi', 'Hindi'), ('en', 'English'), ('or', 'Odia'), ('sat', 'Santali'), ('ne', 'Nepali'), ('mr', 'Marathi'), ('kn', 'Kannada'), ('as', 'Assamese'), ('ur', 'Urdu'), ('other', 'Other')], max_length=8, verbose_name='in which language')),
                ('event', models.CharField(blank=True, max_length=40, verbose_name='about')),
                ('message', core.fields.EncryptedTextField(verbose_name='what she was told')),
                ('response', core.fields.EncryptedTextField(blank=True, verbose_name='her response and decisions')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'update given to the survivor',
                'verbose_name_plural': 'updates given to the survivor',
                'ordering': ['-given_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Task',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', core.fields.EncryptedCharField(max_length=200, verbose_name='task')),
                ('due_on', models.DateField(blank=True, null=True, verbose_name='due on')),
                ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='done')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('version', models.PositiveIntegerField(default=1)),
            ],
            options={
                'verbose_name': 'task',
                'verbose_name_plural': 'tasks',
                'ordering': ['done_at', 'due_on', 'pk'],
            },
        ),

    ]
