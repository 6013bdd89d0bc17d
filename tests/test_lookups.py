"""core/lookups.py: `__in` on an integer column with numbers no such column can hold."""

import pytest
from django import forms

from cases.models import ExploitationForm

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = 2**63
BELOW_64_BITS = -(2**63) - 1


def test_an_out_of_range_id_matches_nothing_and_the_others_still_match():
    known = ExploitationForm.objects.order_by("pk").first()
    assert list(ExploitationForm.objects.filter(pk__in=[BEYOND_64_BITS])) == []
    assert list(ExploitationForm.objects.filter(pk__in=[BELOW_64_BITS, known.pk, BEYOND_64_BITS])) == [known]
    assert ExploitationForm.objects.exclude(pk__in=[BEYOND_64_BITS]).count() == ExploitationForm.objects.count()


def test_a_multiple_choice_field_refuses_it_with_its_message():
    class Pick(forms.Form):
        kinds = forms.ModelMultipleChoiceField(queryset=ExploitationForm.objects.all())

    form = Pick(data={"kinds": [str(BEYOND_64_BITS)]})
    assert not form.is_valid()
    assert form.errors["kinds"] == [f"Select a valid choice. {BEYOND_64_BITS} is not one of the available choices."]
