from django.db import migrations
from django.db.models import Min, OuterRef, Subquery


def fill(apps, schema_editor):
    """Survivors erased before the fact moved onto her record: the time of her first erasure."""
    ErasureRequest = apps.get_model("privacy", "ErasureRequest")
    Survivor = apps.get_model("survivors", "Survivor")
    first = (
        ErasureRequest.objects.filter(survivor=OuterRef("pk"), status="erased")
        .values("survivor")
        .annotate(at=Min("erased_at"))
        .values("at")
    )
    erased = ErasureRequest.objects.filter(status="erased").values("survivor")
    Survivor.objects.filter(pk__in=erased).update(identity_erased_at=Subquery(first))


class Migration(migrations.Migration):
    """Whether her identity was erased is read from her record (survivors 0008), not from
    privacy's requests, by the apps below privacy (issue 18: no import crosses a layer upwards)."""

    dependencies = [
        ("privacy", "0002_retention_rules"),
        ("survivors", "0008_survivor_identity_erased_at"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
