"""Each case keeps its own record of an accused person; linked cases share only an identity.

Before: one Accused row was shared by every case it was linked to, so an edit made on one case
(and the editor's name in a stale-save message) reached teams that cannot see that case.
After: every Accused row is on one case; rows about the same person share an AccusedPerson.

The data move keeps everything: a record on several cases stays with its first case, and each
other case gets a copy of the values it showed until now (the same names, phones, addresses,
description), with that case's FIR arrests and court-case accused pointed at the copy. Records a
coordinator had merged (merged_into) join the person of the record they were merged into.
0011 then makes the link required (a separate transaction: PostgreSQL refuses ALTER TABLE with
the deferred foreign-key checks of these updates pending).
"""

import django.utils.timezone
from django.db import migrations

SPLIT_REASON = "Copied from the shared record: each case keeps its own details"
DETAIL_FIELDS = ["names", "aliases", "phones", "addresses", "description"]


def split_shared_records(apps, schema_editor):
    Accused = apps.get_model("legal", "Accused")
    AccusedPerson = apps.get_model("legal", "AccusedPerson")
    AccusedSearchToken = apps.get_model("legal", "AccusedSearchToken")
    CaseAccused = apps.get_model("legal", "CaseAccused")
    FIRAccused = apps.get_model("legal", "FIRAccused")
    CourtAccused = apps.get_model("legal", "CourtAccused")
    HistoricalAccused = apps.get_model("legal", "HistoricalAccused")
    now = django.utils.timezone.now()

    records = list(Accused.objects.order_by("pk"))
    by_pk = {record.pk: record for record in records}

    def root(record):
        seen = set()
        while record.merged_into_id and record.merged_into_id in by_pk and record.pk not in seen:
            seen.add(record.pk)
            record = by_pk[record.merged_into_id]
        return record

    person_of: dict[int, int] = {}
    for record in records:
        top = root(record)
        if top.pk not in person_of:
            person_of[top.pk] = AccusedPerson.objects.create(created_at=top.created_at).pk
        person_of[record.pk] = person_of[top.pk]
    for record in records:
        Accused.objects.filter(pk=record.pk).update(person_id=person_of[record.pk])

    for record in records:
        links = list(CaseAccused.objects.filter(accused_id=record.pk).order_by("added_at", "pk"))
        if len(links) < 2:
            continue
        tokens = list(AccusedSearchToken.objects.filter(accused_id=record.pk).values_list("kind", "digest"))
        for link in links[1:]:
            copy = Accused.objects.create(
                person_id=person_of[record.pk],
                **{name: getattr(record, name) for name in DETAIL_FIELDS},
                created_at=record.created_at,
                created_by_id=record.created_by_id,
                updated_by_id=record.updated_by_id,
                version=1,
            )
            AccusedSearchToken.objects.bulk_create(
                [AccusedSearchToken(accused_id=copy.pk, kind=kind, digest=digest) for kind, digest in tokens]
            )
            CaseAccused.objects.filter(pk=link.pk).update(accused_id=copy.pk)
            FIRAccused.objects.filter(accused_id=record.pk, fir__case_id=link.case_id).update(accused_id=copy.pk)
            CourtAccused.objects.filter(accused_id=record.pk, court_case__case_id=link.case_id).update(
                accused_id=copy.pk
            )
            HistoricalAccused.objects.create(
                id=copy.pk,
                person_id=copy.person_id,
                **{name: getattr(copy, name) for name in DETAIL_FIELDS},
                created_at=copy.created_at,
                created_by_id=copy.created_by_id,
                updated_by_id=copy.updated_by_id,
                version=copy.version,
                history_date=now,
                history_type="+",
                history_change_reason=SPLIT_REASON,
                history_user_id=None,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0010_accused_person"),
    ]

    operations = [
        migrations.RunPython(split_shared_records, migrations.RunPython.noop),
    ]
