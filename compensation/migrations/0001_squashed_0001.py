"""The compensation tables without their links to cases and people: the first half of the compensation
squash (0002_squashed_0005 adds the links and the shipped schemes). It replaces
0001_schemes_claims_payments.
"""

import core.fields
import django.core.validators
import django.utils.timezone
import django_fsm
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ('compensation', '0001_schemes_claims_payments'),
    ]


    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Claim',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scheme_code', models.SlugField(editable=False, max_length=40)),
                ('minor_uplift', models.BooleanField(default=False, verbose_name='minor uplift applies')),
                ('stage', django_fsm.FSMField(choices=[('screened', 'Screened'), ('documents_ready', 'Documents ready'), ('applied', 'Applied'), ('interim_relief', 'Interim relief sought'), ('under_inquiry', 'Under inquiry'), ('awarded', 'Awarded'), ('rejected', 'Rejected'), ('appeal', 'Appeal to the State authority'), ('high_court_writ', 'High Court writ'), ('payment_pending', 'Payment pending'), ('partly_disbursed', 'Partly disbursed'), ('disbursed', 'Disbursed'), ('closed', 'Closed'), ('lapsed', 'Lapsed')], db_index=True, default='screened', max_length=50, protected=True, verbose_name='stage')),
                ('stage_on', models.DateField(verbose_name='in this stage since')),
                ('screened_on', models.DateField(verbose_name='screened on')),
                ('screening_override_reason', core.fields.EncryptedTextField(blank=True, verbose_name='why claim although screening did not match')),
                ('route', models.CharField(blank=True, choices=[('application', 'Application by the survivor'), ('untraced_offender', 'Application: offender not traced or identified, no trial (BNSS 396(4) / CrPC 357A(4))'), ('court_recommendation', 'Court recommendation (BNSS 396(2)-(3) / CrPC 357A(2)-(3))'), ('acquittal_recommendation', 'Court recommendation on acquittal or discharge (BNSS 396(3) / CrPC 357A(3))'), ('pocso_special_court', 'POCSO Special Court: interim compensation (POCSO Rules 2020 r.9)'), ('suo_motu', 'Taken up suo motu')], max_length=30, verbose_name='route')),
                ('authority_level', models.CharField(choices=[('dlsa', 'District Legal Services Authority'), ('slsa', 'State Legal Services Authority'), ('district_magistrate', 'District Magistrate'), ('state_department', 'State government department')], max_length=30, verbose_name='authority')),
                ('claim_number', models.CharField(blank=True, max_length=60, verbose_name='claim number')),
                ('time_bar_on', models.DateField(blank=True, null=True, verbose_name='time-barred after')),
                ('time_bar_basis', models.CharField(blank=True, max_length=20)),
                ('offence_basis', models.CharField(blank=True, choices=[('rape', 'Rape charged (BNS 64 / IPC 376)'), ('gang_rape', 'Gang rape charged (BNS 70 / IPC 376D)'), ('sexual_assault', 'Sexual assault other than rape (e.g. BNS 74 / IPC 354; POCSO 8, 10)'), ('other', 'Another offence (e.g. trafficking, bonded labour)')], max_length=20, verbose_name='offence basis')),
                ('interim_kind', models.CharField(blank=True, choices=[('authority', 'Interim relief by the legal services authority (BNSS 396(6) / CrPC 357A(6))'), ('pocso', 'Interim compensation by the POCSO Special Court (POCSO Rules 2020 r.9)')], max_length=10, verbose_name='interim relief by')),
                ('review_flagged_on', models.DateField(blank=True, null=True, verbose_name='flagged for review on')),
                ('review_reason', models.CharField(blank=True, max_length=300, verbose_name='why flagged')),
                ('condonation_note', core.fields.EncryptedTextField(blank=True, verbose_name='condonation of delay')),
                ('documents_waiver_note', core.fields.EncryptedTextField(blank=True, verbose_name='why missing documents do not hold the claim')),
                ('amount_claimed', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='amount claimed (₹)')),
                ('claimed_above_max_reason', core.fields.EncryptedTextField(blank=True, verbose_name="why more than the scheme's maximum is claimed")),
                ('applied_on', models.DateField(blank=True, null=True, verbose_name='filed on')),
                ('court_label', models.CharField(blank=True, max_length=200, verbose_name='recommending court')),
                ('court_ordered_on', models.DateField(blank=True, null=True, verbose_name='court order of')),
                ('court_ordered_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='amount ordered by the court (₹)')),
                ('interim_sought_on', models.DateField(blank=True, null=True, verbose_name='interim relief sought on')),
                ('interim_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='interim relief granted (₹)')),
                ('interim_decided_on', models.DateField(blank=True, null=True, verbose_name='interim relief decided on')),
                ('inquiry_started_on', models.DateField(blank=True, null=True, verbose_name='inquiry started on')),
                ('awarded_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='amount awarded (₹)')),
                ('awarded_on', models.DateField(blank=True, null=True, verbose_name='awarded on')),
                ('award_reference', models.CharField(blank=True, max_length=100, verbose_name='award order')),
                ('awarded_above_max_reason', core.fields.EncryptedTextField(blank=True, verbose_name="why the award is above the scheme's maximum")),
                ('fd_share_required', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='fixed-deposit share required (%)')),
                ('fd_lock_in_months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='fixed-deposit lock-in (months)')),
                ('rejected_on', models.DateField(blank=True, null=True, verbose_name='rejected on')),
                ('rejection_reason', core.fields.EncryptedTextField(blank=True, verbose_name='reason for rejection')),
                ('appeal_filed_on', models.DateField(blank=True, null=True, verbose_name='appeal filed on')),
                ('appeal_reference', models.CharField(blank=True, max_length=100, verbose_name='appeal number')),
                ('writ_filed_on', models.DateField(blank=True, null=True, verbose_name='writ filed on')),
                ('writ_number', models.CharField(blank=True, max_length=100, verbose_name='writ petition number')),
                ('amount_paid', models.DecimalField(decimal_places=2, default=Decimal('0'), editable=False, max_digits=12, verbose_name='paid so far (₹)')),
                ('fully_paid_on', models.DateField(blank=True, editable=False, null=True, verbose_name='paid in full on')),
                ('lapsed_on', models.DateField(blank=True, null=True, verbose_name='lapsed on')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('closure_reason', models.CharField(blank=True, choices=[('paid', 'Paid in full'), ('rejected_final', 'Rejected; no further remedy'), ('withdrawn', 'She chose not to pursue it'), ('duplicate', 'Recorded twice / claimed under another scheme'), ('other', 'Other')], max_length=20, verbose_name='why closed')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'compensation claim',
                'verbose_name_plural': 'compensation claims',
                'ordering': ['created_at', 'pk'],
            },
            bases=(django_fsm.ConcurrentTransitionMixin, models.Model),
        ),
        migrations.CreateModel(
            name='ClaimDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requirement', models.CharField(choices=[('fir', 'FIR'), ('magistrate_statement', 'Statement before a magistrate'), ('medical_report', 'Medical report'), ('psychological_report', 'Psychological report'), ('age_proof', 'Age proof'), ('bank_account', 'Bank account'), ('identity', 'Identity document'), ('release_certificate', 'Release certificate (bonded labour)')], max_length=30)),
                ('linked_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.CreateModel(
            name='ClaimPayment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('paid_on', models.DateField(verbose_name='paid on')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount (₹)')),
                ('mode', models.CharField(choices=[('bank_transfer', 'Bank transfer to her account'), ('fixed_deposit', 'Fixed deposit')], max_length=20, verbose_name='paid as')),
                ('bank_name', core.fields.EncryptedCharField(blank=True, max_length=120, verbose_name='bank and branch')),
                ('reference', core.fields.EncryptedCharField(blank=True, max_length=120, verbose_name='transaction or deposit number')),
                ('fd_maturity_on', models.DateField(blank=True, null=True, verbose_name='deposit matures on')),
                ('fd_share_reason', core.fields.EncryptedTextField(blank=True, verbose_name='why the fixed-deposit rule is not followed')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'ordering': ['paid_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Scheme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(help_text='Shared by every version of the scheme.', max_length=40, verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('short_name', models.CharField(help_text='E.g. NALSA 2018.', max_length=40, verbose_name='short name')),
                ('authority', models.CharField(choices=[('nalsa', 'National Legal Services Authority'), ('slsa', 'State Legal Services Authority'), ('government', 'Government department')], max_length=20, verbose_name='scheme of')),
                ('jurisdiction', models.CharField(choices=[('national', 'National'), ('state', 'State')], max_length=10, verbose_name='jurisdiction')),
                ('kind', models.CharField(choices=[('scheme', 'Scheme: claims are made under it'), ('guideline', 'Guideline: the basis of state schemes, not claimed under')], default='scheme', max_length=10, verbose_name='kind')),
                ('effective_from', models.DateField(verbose_name='in force from')),
                ('effective_until', models.DateField(blank=True, help_text='Empty while in force; the last day of a version replaced or withdrawn.', null=True, verbose_name='in force until')),
                ('version_by', models.CharField(choices=[('claim', 'The day the claim is started'), ('release', 'The day she was released (rescued)')], default='claim', help_text='E.g. the bonded-labour scheme: the version in force on the day of her release.', max_length=10, verbose_name='version chosen by')),
                ('women_only', models.BooleanField(default=False, help_text='E.g. the NALSA scheme for women victims, 2018.', verbose_name='for women and girls only')),
                ('time_bar_months', models.PositiveSmallIntegerField(blank=True, help_text='Months after the offence (or the conclusion of the trial, whichever is later) within which she applies. Empty: the scheme sets no time limit.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(600)], verbose_name='time limit (months)')),
                ('time_bar_source', models.TextField(blank=True, help_text="The clause of the scheme, or 'consortium practice'.", verbose_name='source of the time limit')),
                ('minor_age_limit', models.PositiveSmallIntegerField(default=18, help_text='The minor uplift applies if she was younger than this at the offence.', validators=[django.core.validators.MaxValueValidator(25)], verbose_name='uplift below age')),
                ('minor_uplift_percent', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='uplift for minors (%)')),
                ('interim_relief', models.TextField(blank=True, verbose_name='interim relief rule')),
                ('interim_max_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='interim relief up to (₹)')),
                ('fd_share_percent', models.PositiveSmallIntegerField(default=0, help_text='Share of the award kept in a fixed deposit.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='fixed-deposit share (%)')),
                ('fd_share_percent_minor', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='fixed-deposit share for minors (%)')),
                ('fd_lock_in_months', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(600)], verbose_name='fixed-deposit lock-in (months)')),
                ('required_documents', models.JSONField(blank=True, default=list, verbose_name='required documents')),
                ('legal_source', models.TextField(verbose_name='legal source')),
                ('is_active', models.BooleanField(default=True, verbose_name='in use')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
            ],
            options={
                'verbose_name': 'compensation scheme',
                'verbose_name_plural': 'compensation schemes',
                'ordering': ['code', '-effective_from'],
            },
        ),
        migrations.CreateModel(
            name='SchemeLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.CharField(choices=[('trafficking', 'Trafficking of a person'), ('rape', 'Rape'), ('gang_rape', 'Gang rape'), ('sexual_assault', 'Sexual assault (other than rape)'), ('bonded_labour', 'Bonded labour'), ('child_labour', 'Child labour')], max_length=30, verbose_name='offence')),
                ('label', models.CharField(blank=True, max_length=200, verbose_name='as the scheme words it')),
                ('min_amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='minimum (₹)')),
                ('max_amount', models.DecimalField(blank=True, decimal_places=2, help_text='Empty: no ceiling (a floor only).', max_digits=12, null=True, verbose_name='maximum (₹)')),
            ],
            options={
                'ordering': ['scheme', 'min_amount', 'pk'],
            },
        ),

    ]
