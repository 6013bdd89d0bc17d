"""The compensation tables as they stood at 0005_amount_paid_from_payments, in one migration (issue
18: the test database was built by 4 migrations, re-rendering the project's state after each). It
replaces them: a database that applied them all counts it as applied. The reference data is loaded
by the same functions the replaced migrations called.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def load_schemes(apps, schema_editor):
    from compensation.reference import sync_schemes

    sync_schemes(
        apps.get_model("compensation", "Scheme"),
        apps.get_model("compensation", "SchemeLine"),
        apps.get_model("consortium", "State"),
    )


class Migration(migrations.Migration):
    replaces = [
        ('compensation', '0002_load_schemes'),
        ('compensation', '0003_schemes_versions_routes_review'),
        ('compensation', '0004_correct_shipped_schemes'),
        ('compensation', '0005_amount_paid_from_payments'),
    ]


    initial = True

    dependencies = [
        ('cases', '0001_squashed_0001'),
        ('compensation', '0001_squashed_0001'),
        ('consortium', '0001_squashed_0004'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='authority_district',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consortium.district', verbose_name='district'),
        ),
        migrations.AddField(
            model_name='claim',
            name='authority_state',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consortium.state', verbose_name='state'),
        ),
        migrations.AddField(
            model_name='claim',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='compensation_claims', to='cases.case'),
        ),
        migrations.AddField(
            model_name='claim',
            name='created_by',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='claim',
            name='updated_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='claimdocument',
            name='claim',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='document_links', to='compensation.claim'),
        ),
        migrations.AddField(
            model_name='claimdocument',
            name='document',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.casedocument'),
        ),
        migrations.AddField(
            model_name='claimdocument',
            name='linked_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='claimpayment',
            name='case',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case'),
        ),
        migrations.AddField(
            model_name='claimpayment',
            name='claim',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='payments', to='compensation.claim'),
        ),
        migrations.AddField(
            model_name='claimpayment',
            name='recorded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='scheme',
            name='created_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='scheme',
            name='state',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consortium.state', verbose_name='state'),
        ),
        migrations.AddField(
            model_name='claim',
            name='scheme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='compensation.scheme', verbose_name='scheme'),
        ),
        migrations.AddField(
            model_name='schemeline',
            name='scheme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='compensation.scheme'),
        ),
        migrations.AddField(
            model_name='claim',
            name='line',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='compensation.schemeline', verbose_name='offence line'),
        ),
        migrations.AddConstraint(
            model_name='claimdocument',
            constraint=models.UniqueConstraint(fields=('claim', 'requirement'), name='one_document_per_requirement'),
        ),
        migrations.AddConstraint(
            model_name='claimpayment',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='payment_amount_positive'),
        ),
        migrations.AddConstraint(
            model_name='claimpayment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('mode', 'fixed_deposit'), _negated=True), ('fd_maturity_on__isnull', False), _connector='OR'), name='fixed_deposit_has_maturity'),
        ),
        migrations.AddConstraint(
            model_name='scheme',
            constraint=models.UniqueConstraint(fields=('code', 'effective_from'), name='one_scheme_version_per_day'),
        ),
        migrations.AddConstraint(
            model_name='scheme',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('jurisdiction', 'national'), ('state__isnull', True)), models.Q(('jurisdiction', 'state'), ('state__isnull', False)), _connector='OR'), name='scheme_state_matches_jurisdiction'),
        ),
        migrations.AddConstraint(
            model_name='schemeline',
            constraint=models.UniqueConstraint(fields=('scheme', 'category'), name='one_line_per_scheme_and_offence'),
        ),
        migrations.AddConstraint(
            model_name='schemeline',
            constraint=models.CheckConstraint(condition=models.Q(('min_amount__gte', 0)), name='scheme_line_min_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='schemeline',
            constraint=models.CheckConstraint(condition=models.Q(('max_amount__isnull', True), ('max_amount__gte', models.F('min_amount')), _connector='OR'), name='scheme_line_max_not_below_min'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['stage', 'awarded_on'], name='claim_stage_awarded'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.UniqueConstraint(fields=('case', 'scheme_code'), name='one_claim_per_case_and_scheme'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('amount_claimed__isnull', True), ('amount_claimed__gte', 0), _connector='OR'), name='claim_amount_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('awarded_amount__isnull', True), ('awarded_amount__gte', 0), _connector='OR'), name='claim_award_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('interim_amount__isnull', True), ('interim_amount__gte', 0), _connector='OR'), name='claim_interim_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='claim',
            constraint=models.CheckConstraint(condition=models.Q(('amount_paid', 0), models.Q(('amount_paid__lte', models.F('awarded_amount')), ('awarded_amount__isnull', False)), _connector='OR'), name='claim_paid_not_above_award'),
        ),
        migrations.RunPython(load_schemes, migrations.RunPython.noop),
    ]
