"""core/renderers.py draws <select> in Python: the HTML must be byte for byte Django's own."""

from django import forms
from django.forms.renderers import DjangoTemplates
from hypothesis import given, settings
from hypothesis import strategies as st

from core.renderers import Renderer

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
VALUE = st.one_of(TEXT, st.integers(min_value=-5, max_value=10**6))
CHOICE = st.tuples(VALUE, TEXT)
CHOICES = st.one_of(
    st.lists(CHOICE, max_size=6),
    # Grouped: [(group, [(value, label), ...]), ...] mixed with plain choices.
    st.lists(st.one_of(CHOICE, st.tuples(TEXT.filter(bool), st.lists(CHOICE, min_size=1, max_size=4))), max_size=4),
)
ATTRS = st.dictionaries(
    st.sampled_from(["class", "data-x", "hx-get", "aria-describedby", "disabled", "autofocus", "title"]),
    st.one_of(st.booleans(), TEXT, st.integers()),
    max_size=4,
)


def _values(choices):
    for value, label in choices:
        if isinstance(label, list):
            yield from (v for v, _ in label)
        else:
            yield value


def render(renderer, widget_class, choices, attrs, chosen):
    class F(forms.Form):
        field = (
            forms.MultipleChoiceField(widget=widget_class(attrs=attrs))
            if widget_class is forms.SelectMultiple
            else (forms.ChoiceField(widget=widget_class(attrs=attrs)))
        )

    form = F(renderer=renderer, initial={"field": chosen})
    form.fields["field"].choices = choices
    return str(form["field"])


@settings(max_examples=200, deadline=None)
@given(choices=CHOICES, attrs=ATTRS, pick=st.integers(min_value=0, max_value=8), many=st.booleans())
def test_selects_are_drawn_exactly_as_django_draws_them(choices, attrs, pick, many):
    values = list(_values(choices))
    widget_class = forms.SelectMultiple if many else forms.Select
    chosen = values[pick % len(values)] if values else None
    if many:
        chosen = values[: pick % 3] if values else []
    ours = render(Renderer(), widget_class, choices, attrs, chosen)
    django = render(DjangoTemplates(), widget_class, choices, attrs, chosen)
    assert ours == django
    assert ours.startswith('<select name="field"') and ours.endswith("</select>")


def test_a_label_with_markup_is_escaped_and_the_chosen_option_marked():
    html = render(Renderer(), forms.Select, [("a", "<b>A & B</b>"), ("b", 'say "hi"')], {"class": "x"}, "b")
    assert '<option value="a">&lt;b&gt;A &amp; B&lt;/b&gt;</option>' in html
    assert '<option value="b" selected>say &quot;hi&quot;</option>' in html
    assert html.startswith('<select name="field" class="x" id="id_field">')


def test_other_widgets_are_left_to_the_templates():
    class F(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    assert str(F(renderer=Renderer())["pick"]) == str(F(renderer=DjangoTemplates())["pick"])
