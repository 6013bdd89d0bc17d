"""core.web.save_form: the one way a view saves a posted form through its service."""

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.web import save_form


class NoteForm(forms.Form):
    text = forms.CharField(max_length=20)


def _call(method, data, save):
    request = getattr(RequestFactory(), method)("/", data)
    form = NoteForm(request.POST if method == "post" else None)
    return form, save_form(request, form, save)


def test_a_valid_post_is_saved_with_the_cleaned_data():
    calls = []
    form, result = _call("post", {"text": "  Called her  "}, lambda data: calls.append(data) or "saved-row")
    assert result == (True, "saved-row") and result.saved and result.value == "saved-row"
    assert calls == [{"text": "Called her"}]


def test_a_get_or_an_invalid_form_calls_nothing():
    calls = []
    form, result = _call("get", {}, calls.append)
    assert result == (False, None) and not result.saved and calls == []
    form, result = _call("post", {"text": "x" * 21}, calls.append)
    assert result == (False, None) and not result.saved and calls == []
    assert "text" in form.errors


def test_a_refusal_lands_on_its_field_or_on_top_and_is_not_saved():
    def refuse_field(data):
        raise ValidationError({"text": "Say more.", "elsewhere": "Not a field of this form."})

    form, result = _call("post", {"text": "ok"}, refuse_field)
    assert result == (False, None) and not result.saved
    assert form.errors["text"] == ["Say more."]
    assert form.non_field_errors() == ["Not a field of this form."]

    def refuse(data):
        raise ValidationError("Someone saved this case after you opened it.")

    form, result = _call("post", {"text": "ok"}, refuse)
    assert result == (False, None) and not result.saved
    assert form.non_field_errors() == ["Someone saved this case after you opened it."]


def test_a_form_with_its_own_names_places_the_refusal_itself():
    """on_refusal: the service's "written_on" is this form's "text" (as care's rescue form maps its day)."""
    request = RequestFactory().post("/", {"text": "ok"})
    form = NoteForm(request.POST)

    def refuse(data):
        raise ValidationError({"written_on": "Not in the future."})

    def place(exc):
        form.add_error("text", exc.error_dict["written_on"])

    result = save_form(request, form, refuse, on_refusal=place)
    assert result == (False, None)
    assert form.errors["text"] == ["Not in the future."] and form.non_field_errors() == []
