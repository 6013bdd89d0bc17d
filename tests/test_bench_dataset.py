"""The benchmark's data generator (bench/dataset.py) makes what the services would, in chunks.

Benchmarks are not tests, but their figures are only worth something if the data is right: on
PostgreSQL the rows go in with COPY (bench/dataset.py:_copy_rows), here checked against what the
app reads back. Small numbers: a few seconds.
"""

import pytest
from django.db.models import Count

from bench.dataset import CASEWORKER, _Builder, build_dataset
from cases.models import Case, CaseAssignment, CaseEvent, CaseRole
from cases.selectors import case_list_visible_to
from consortium.models import User
from survivors.models import Survivor, SurvivorSearchToken

pytestmark = pytest.mark.django_db

CASES = 45


def test_the_built_cases_are_whole_in_order_and_measurable():
    # Chunks of 20: three flushes, the last one partial.
    dataset = build_dataset(CASES, seed=5, log=lambda *args: None, chunk=20)

    assert Case.objects.count() == CASES
    assert Survivor.objects.count() == CASES
    assert dataset.rows["case"] == CASES
    # Each case has exactly one lead caseworker, an opening event and her search tokens.
    leads = CaseAssignment.objects.filter(role=CaseRole.LEAD_CASEWORKER).values("case").annotate(n=Count("id"))
    assert sorted(row["n"] for row in leads) == [1] * CASES
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.CASE_OPENED).count() == CASES
    assert SurvivorSearchToken.objects.values("survivor").distinct().count() == CASES
    # Identity is encrypted at rest and reads back as text; pseudonyms and references never repeat.
    first = Survivor.objects.order_by("pk").first()
    assert " " in first.full_name
    # Her history row holds the same identity (on PostgreSQL it reuses the encrypted values).
    assert first.history.get().full_name == first.full_name
    assert first.history.get().phone_numbers == first.phone_numbers
    assert len(set(Survivor.objects.values_list("pseudonym", flat=True))) == CASES
    assert len(set(Case.objects.values_list("reference", flat=True))) == CASES

    # Made in the order they were opened (ids follow time, as in life).
    opened = list(Case.objects.order_by("pk").values_list("opened_at", flat=True))
    assert opened == sorted(opened)

    # The pages measured are the benchmark caseworker's newest open case (20 events) and another of hers.
    user = User.objects.get(username=CASEWORKER)
    timeline = Case.objects.get(pk=dataset.timeline_case_id)
    newest = Case.objects.filter(opened_by=user, status=Case.Status.OPEN).order_by("-opened_at", "-pk").first()
    assert timeline == newest
    assert CaseEvent.objects.filter(case=timeline).count() == 20
    visible = set(case_list_visible_to(user).values_list("pk", flat=True))
    assert {dataset.timeline_case_id, dataset.search_case_id} <= visible

    # The same seed makes the same cases again (made in memory here, not inserted).
    builder = _Builder(CASES, seed=5)
    timeline_index, again = builder.timeline_index(), []
    for index, spec in enumerate(builder.spec_stream()):
        spec.timeline = index == timeline_index
        again.append(builder.case(spec, index))
    assert [(c.reference, c.opened_at, c.survivor.pseudonym, c.survivor.full_name) for c in again] == [
        (c.reference, c.opened_at, c.survivor.pseudonym, c.survivor.full_name)
        for c in Case.objects.select_related("survivor").order_by("pk")
    ]
