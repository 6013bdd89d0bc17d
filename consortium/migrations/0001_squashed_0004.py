"""The consortium tables as they stood at 0004_user_session_generation_demo_flag_security_events, in
one migration (issue 18: the test database was built by 4 migrations, re-rendering the project's
state after each). It replaces them: a database that applied them all counts it as applied. The
reference data is loaded by the same functions the replaced migrations called.
"""

import django.contrib.auth.models
import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def load_regions(apps, schema_editor):
    from consortium.reference import load_india_regions

    load_india_regions(apps.get_model("consortium", "State"), apps.get_model("consortium", "District"))


class Migration(migrations.Migration):
    replaces = [
        ('consortium', '0001_initial'),
        ('consortium', '0002_load_india_regions'),
        ('consortium', '0003_email_notification_preference'),
        ('consortium', '0004_user_session_generation_demo_flag_security_events'),
    ]


    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='State',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='ISO 3166-2:IN code without the IN- prefix, e.g. WB; used in case references.', max_length=2, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=80, unique=True, verbose_name='name')),
                ('kind', models.CharField(choices=[('state', 'State'), ('union_territory', 'Union territory')], default='state', max_length=20, verbose_name='kind')),
            ],
            options={
                'verbose_name': 'state or union territory',
                'verbose_name_plural': 'states and union territories',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('preferred_language', models.CharField(blank=True, help_text='Language of the interface for this person; empty follows the browser.', max_length=8, verbose_name='preferred language')),
                ('email_notifications', models.CharField(choices=[('immediate', 'As they happen'), ('daily', 'One summary a day'), ('never', 'No emails (in Nyaya only)')], default='immediate', max_length=10, verbose_name='reminders and alerts by email')),
                ('session_generation', models.PositiveIntegerField(default=0, editable=False)),
                ('is_demo', models.BooleanField(default=False, editable=False)),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
            ],
            options={
                'verbose_name': 'person',
                'verbose_name_plural': 'people',
            },
            managers=[
                ('objects', django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='Organisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('short_name', models.CharField(max_length=40, unique=True, verbose_name='short name')),
                ('kind', models.CharField(choices=[('ngo', 'NGO'), ('cbo', 'Community-based organisation'), ('survivor_collective', 'Survivor collective'), ('lawyers_network', "Lawyers' network"), ('government_partner', 'Government partner'), ('secretariat', 'Consortium secretariat')], max_length=30, verbose_name='kind')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('home_state', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='home_organisations', to='consortium.state', verbose_name='home state')),
                ('states', models.ManyToManyField(blank=True, related_name='organisations', to='consortium.state', verbose_name='states where it works')),
            ],
            options={
                'verbose_name': 'organisation',
                'verbose_name_plural': 'organisations',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('caseworker', 'Caseworker'), ('lawyer', 'Lawyer'), ('coordinator', 'Consortium coordinator'), ('org_admin', 'Organisation admin'), ('survivor_leader', 'Survivor leader')], max_length=20, verbose_name='role')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='joined')),
                ('deactivated_at', models.DateTimeField(blank=True, null=True, verbose_name='deactivated')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='invited by')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='person')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='consortium.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'membership',
                'verbose_name_plural': 'memberships',
                'ordering': ['organisation__name', 'user__username'],
                'constraints': [models.UniqueConstraint(fields=('user', 'organisation'), name='membership_unique_per_org'), models.CheckConstraint(condition=models.Q(models.Q(('deactivated_at__isnull', True), ('is_active', True)), ('is_active', False), _connector='OR'), name='membership_active_has_no_deactivation_date')],
            },
        ),
        migrations.CreateModel(
            name='SecurityEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('mfa_enrolled', 'Two-step sign-in set up'), ('mfa_failed', 'Wrong sign-in code'), ('mfa_replayed', 'Sign-in code used twice (refused)'), ('mfa_throttled', 'Sign-in code refused: too many wrong codes'), ('mfa_locked_out', 'Signed out after repeated wrong codes'), ('backup_code_used', 'Backup code used'), ('backup_codes_replaced', 'New backup codes made'), ('device_reset', 'Sign-in device reset'), ('logout_everywhere', 'Logged out everywhere'), ('session_expired', 'Session ended (idle or too long)'), ('password_reset_requested', 'Password reset asked for'), ('password_reset_refused', 'Password reset refused: too many requests'), ('token_invalid', 'Invalid or spent emailed link'), ('token_refused', 'Emailed link refused: too many invalid links')], max_length=32)),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='done by')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consortium.organisation', verbose_name='organisation')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'sign-in security event',
                'verbose_name_plural': 'sign-in security events',
                'ordering': ['-at', '-pk'],
                'indexes': [models.Index(fields=['kind', 'ip_address', 'at'], name='securityevent_kind_ip_at')],
            },
        ),
        migrations.CreateModel(
            name='District',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=80, verbose_name='name')),
                ('state', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='districts', to='consortium.state', verbose_name='state')),
            ],
            options={
                'verbose_name': 'district',
                'verbose_name_plural': 'districts',
                'ordering': ['state__name', 'name'],
                'constraints': [models.UniqueConstraint(fields=('state', 'name'), name='district_unique_per_state')],
            },
        ),
        migrations.RunPython(load_regions, migrations.RunPython.noop),
    ]
