"""Every form's top (templates/includes/form_top.html): a hidden field's error is said, not dropped."""

from django import forms
from django.template.loader import render_to_string


class VersionedNote(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(required=False)


def test_a_page_sent_without_its_version_says_so():
    form = VersionedNote({"note": "x"})
    assert not form.is_valid()
    html = render_to_string("includes/form_fields.html", {"form": form})
    assert 'role="alert"' in html
    assert "The page sent was incomplete or altered (version: This field is required.)" in html
    assert 'type="hidden" name="version"' in html


def test_a_valid_form_shows_no_alert():
    form = VersionedNote({"version": "3", "note": "x"})
    assert form.is_valid()
    assert 'role="alert"' not in render_to_string("includes/form_fields.html", {"form": form})
