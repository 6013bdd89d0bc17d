"""Issue 14: the shipped schemes corrected. The CVCF "trafficking floor" becomes the MHA guideline it is
(the basis of state schemes, not claimed under); the bonded-labour scheme has two versions (2016: Rs 20,000
immediate assistance; 2021 revision in force from 27 Jan 2022: Rs 30,000) chosen by her release date and
no time limit; every shipped row names its source and in-force dates. Versions a coordinator added are
never touched; claims not yet decided under the bonded-labour scheme move to the version of their release."""

from django.db import migrations
from django.utils import timezone


def correct(apps, schema_editor):
    from compensation.reference import move_claims_to_release_version, sync_schemes

    scheme_model = apps.get_model("compensation", "Scheme")
    line_model = apps.get_model("compensation", "SchemeLine")
    claim_model = apps.get_model("compensation", "Claim")
    sync_schemes(
        scheme_model, line_model, apps.get_model("consortium", "State"), update=True, claim_model=claim_model
    )
    move_claims_to_release_version(scheme_model, line_model, claim_model)
    # Unfiled claims under a scheme without a time limit have none.
    no_limit = scheme_model.objects.filter(time_bar_months__isnull=True).values("pk")
    unfiled = claim_model.objects.filter(scheme__in=no_limit, stage__in=["screened", "documents_ready"])
    subjects = [f"compensation.claim:{pk}" for pk in unfiled.values_list("pk", flat=True)]
    unfiled.update(time_bar_on=None, time_bar_basis="")
    apps.get_model("cases", "Deadline").objects.filter(
        rule_code="claim_time_bar", subject_key__in=subjects, status="open"
    ).update(
        status="cancelled",
        status_changed_at=timezone.now(),
        close_reason="The scheme sets no time limit (corrected: the 36 months had no source).",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("compensation", "0003_schemes_versions_routes_review"),
        ("consortium", "0002_load_india_regions"),
        ("cases", "0008_generated_documents"),
    ]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
