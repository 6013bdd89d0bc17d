"""Rescue is one fact in one place: the care record (care.models.Rescue).

FIR.rescued_on was typed separately from the case's rescue, so a minor's CWC and medical
deadlines (opened from the care record) never opened when only the FIR had it. Before the
field goes, its date is copied onto cases.Case.rescued_on where the case has none; the
survivors migration that turns Case.rescued_on into care.models.Rescue records depends on this one.
Where several FIRs of one case give different dates, the earliest is kept (the rescue ended
the exploitation once; a later FIR date is the registration, not the rescue).

FIR.ahtu_holds goes too: it is read from the AHTU handover date (ahtu_transferred_on).
The offence date's help says what it is: the case's trafficking date by default, per FIR.
"""

from django.db import migrations, models

OFFENCE_HELP = (
    "Starts as the case's trafficking date; may differ per FIR. For a continuing offence, the last day. "
    "Decides the code charged: IPC before 1 July 2024, else BNS."
)


def copy_rescue_to_case(apps, schema_editor):
    FIR = apps.get_model("legal", "FIR")
    Case = apps.get_model("cases", "Case")
    earliest = {}
    for case_id, rescued_on in FIR.objects.filter(rescued_on__isnull=False).values_list("case_id", "rescued_on"):
        if case_id not in earliest or rescued_on < earliest[case_id]:
            earliest[case_id] = rescued_on
    for case in Case.objects.filter(pk__in=earliest, rescued_on__isnull=True):
        case.rescued_on = earliest[case.pk]
        case.save(update_fields=["rescued_on"])


def date_ahtu_handovers(apps, schema_editor):
    """FIR.ahtu_holds becomes FIR.ahtu_transferred_on is not None. The service always set both;
    a row flagged without a date (none expected) gets the day it was last saved, the day known."""
    FIR = apps.get_model("legal", "FIR")
    for fir in FIR.objects.filter(ahtu_holds=True, ahtu_transferred_on__isnull=True):
        fir.ahtu_transferred_on = fir.updated_at.date()
        fir.save(update_fields=["ahtu_transferred_on"])


def flag_ahtu_handovers(apps, schema_editor):
    FIR = apps.get_model("legal", "FIR")
    FIR.objects.filter(ahtu_transferred_on__isnull=False).update(ahtu_holds=True)


def copy_rescue_back(apps, schema_editor):
    FIR = apps.get_model("legal", "FIR")
    for fir in FIR.objects.filter(case__rescued_on__isnull=False).select_related("case"):
        fir.rescued_on = fir.case.rescued_on
        fir.save(update_fields=["rescued_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0008_ecourts_sentence_phrases"),
        ("cases", "0010_rules_corrected"),
    ]

    operations = [
        migrations.RunPython(copy_rescue_to_case, copy_rescue_back),
        migrations.RemoveField(model_name="fir", name="rescued_on"),
        migrations.RemoveField(model_name="historicalfir", name="rescued_on"),
        # Whether an AHTU holds the FIR is the handover's date, not a second flag.
        migrations.RunPython(date_ahtu_handovers, flag_ahtu_handovers),
        migrations.RemoveField(model_name="fir", name="ahtu_holds"),
        migrations.RemoveField(model_name="historicalfir", name="ahtu_holds"),
        # The offence date is the case's trafficking date by default, and may differ per FIR.
        migrations.AlterField(
            model_name="fir",
            name="offence_on",
            field=models.DateField(blank=True, help_text=OFFENCE_HELP, null=True, verbose_name="offence committed on"),
        ),
        migrations.AlterField(
            model_name="historicalfir",
            name="offence_on",
            field=models.DateField(blank=True, help_text=OFFENCE_HELP, null=True, verbose_name="offence committed on"),
        ),
    ]
