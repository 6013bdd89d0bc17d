"""The form renderer: Django's, with <select> drawn in Python.

Django renders every option of a select through two template includes; a page's filter form with
the states, organisations and forms of exploitation spent a fifth of the case list's time there.
The output is byte for byte what Django's templates give (tests/core/test_renderers.py compares
them); a select whose options use another template is left to the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name alone.
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}")
        if value is not True:
            out.append(f'="{escape(value)}"')
    return "".join(out)


def _option(option: dict) -> str:
    # django/forms/widgets/select_option.html, with its closing newline.
    value = escape(option["value"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>\n'


def render_select(widget: dict) -> str | None:
    """The select as django/forms/widgets/select.html draws it, or None to leave it to the template."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            html = render_select(context["widget"])
            if html is not None:
                return html.strip()  # Widget._render marks it safe, as it does the templates' output
        return super().render(template_name, context, request=request)
