"""The privacy tables as they stood at 0003_fill_survivor_identity_erased_at, in one migration (issue
18: the test database was built by 3 migrations, re-rendering the project's state after each). It
replaces them: a database that applied them all counts it as applied. The reference data is loaded
by the same functions the replaced migrations called.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def load_rules(apps, schema_editor):
    from privacy.reference import load_retention_rules

    load_retention_rules(apps.get_model("privacy", "RetentionRule"))


class Migration(migrations.Migration):
    replaces = [
        ('privacy', '0001_erasure_holds_retention'),
        ('privacy', '0002_retention_rules'),
        ('privacy', '0003_fill_survivor_identity_erased_at'),
    ]


    initial = True

    dependencies = [
        ('cases', '0001_squashed_0001'),
        ('survivors', '0001_squashed_0008'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RetentionRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True)),
                ('record_type', models.CharField(max_length=120, verbose_name='records')),
                ('keep_days', models.PositiveIntegerField(verbose_name='kept for (days)')),
                ('counted_from', models.CharField(max_length=120, verbose_name='counted from')),
                ('action', models.CharField(choices=[('delete_files', 'Delete the files'), ('delete_rows', 'Delete the records'), ('erase_identity', 'Erase her identity, keep the pseudonymous case'), ('report', 'Count for review (never deleted by Nyaya)')], max_length=20, verbose_name='then')),
                ('source', models.CharField(max_length=300, verbose_name='source')),
                ('source_kind', models.CharField(choices=[('law', 'Law'), ('practice', 'Consortium practice')], max_length=10, verbose_name='kind of source')),
                ('minimum_by_law', models.CharField(blank=True, help_text='A floor set by law, if any.', max_length=300, verbose_name='minimum the law requires')),
                ('enabled', models.BooleanField(default=True, verbose_name='applied')),
                ('position', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'retention rule',
                'verbose_name_plural': 'retention rules',
                'ordering': ['position', 'code'],
            },
        ),
        migrations.CreateModel(
            name='LegalHold',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(help_text="E.g. 'Trial pending, she is a witness'. No names.", max_length=300, verbose_name='reason')),
                ('placed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('lifted_at', models.DateTimeField(blank=True, null=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='legal_holds', to='cases.case')),
                ('lifted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('placed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'legal hold',
                'verbose_name_plural': 'legal holds',
                'ordering': ['-placed_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ErasureRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('trigger', models.CharField(default='her_request', help_text="'her_request', or the code of a retention rule.", max_length=40, verbose_name='why')),
                ('requested_on', models.DateField(blank=True, null=True, verbose_name='she asked on')),
                ('how', models.CharField(blank=True, choices=[('in_person', 'In person'), ('phone', 'By phone'), ('written', 'In writing'), ('collective', 'Through a survivor collective'), ('lawyer', 'Through her lawyer')], max_length=20, verbose_name='how she asked')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('status', models.CharField(choices=[('pending', 'Waiting for approval'), ('erased', 'Identity erased'), ('declined', 'Declined')], default='pending', max_length=10, verbose_name='status')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decline_reason', models.CharField(blank=True, help_text='Without names.', max_length=300, verbose_name='reason for declining')),
                ('erased_at', models.DateTimeField(blank=True, null=True)),
                ('report', models.JSONField(blank=True, default=dict)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='erasure_requests', to='cases.case', verbose_name='case')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('survivor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='erasure_requests', to='survivors.survivor', verbose_name='survivor')),
            ],
            options={
                'verbose_name': 'erasure request',
                'verbose_name_plural': 'erasure requests',
                'ordering': ['-recorded_at', '-pk'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('survivor',), name='one_pending_erasure_per_survivor'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'erased'), _negated=True), ('erased_at__isnull', False), _connector='OR'), name='erased_request_has_time')],
            },
        ),
        migrations.RunPython(load_rules, migrations.RunPython.noop),
    ]
