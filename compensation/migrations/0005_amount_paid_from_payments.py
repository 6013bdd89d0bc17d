"""What has been paid on a claim is the sum of its payment rows (compensation.workflow.paid_total):
Claim.amount_paid is a copy kept for lists and for the database check that payments never exceed the
award. This recomputes every copy from the rows, and "paid in full on" from the payment that
completed the award, so that no claim carries a total its payments do not show."""

from decimal import Decimal

from django.db import migrations


def recompute(apps, schema_editor):
    Claim = apps.get_model("compensation", "Claim")
    ClaimPayment = apps.get_model("compensation", "ClaimPayment")
    for claim in Claim.objects.all().only("pk", "amount_paid", "awarded_amount", "fully_paid_on"):
        total, full_on = Decimal("0"), None
        for payment in ClaimPayment.objects.filter(claim_id=claim.pk).order_by("paid_on", "pk"):
            total += payment.amount
            if full_on is None and claim.awarded_amount is not None and total >= claim.awarded_amount:
                full_on = payment.paid_on
        if (total, full_on) != (claim.amount_paid, claim.fully_paid_on):
            Claim.objects.filter(pk=claim.pk).update(amount_paid=total, fully_paid_on=full_on)


class Migration(migrations.Migration):
    dependencies = [("compensation", "0004_correct_shipped_schemes")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
