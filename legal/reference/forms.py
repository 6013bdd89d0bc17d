"""Forms of the law reference pages: the filter of the reference list, and a coordinator's
edit of a section (with the reason kept in its history). The rules (source required, bail
class 60 or 90 with its basis, in-force order, counterparts) are reference_services'; they
come back as field errors."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cases.forms import DATE_INPUT
from cases.work_forms import WORKFLOWS
from legal.models import Act, Section
from legal.reference.services import REASON_MAX, SECTION_FIELDS


class LawReferenceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("143, trafficking, 187(3), Rakesh Kumar Paul")}
        ),
    )
    act = forms.ChoiceField(label=_("Act"), required=False)
    workflow = forms.ChoiceField(label=_("Deadline rules of"), required=False)
    practice = forms.BooleanField(label=_("Consortium practice only"), required=False)

    def __init__(self, *args, act_choices=(), workflows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].choices = [("", _("Every act"))] + list(act_choices)
        labels = dict(WORKFLOWS)
        self.fields["workflow"].choices = [("", _("Every workflow"))] + [(w, labels.get(w, w)) for w in workflows]


class CounterpartChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.title}"


class SectionForm(forms.ModelForm):
    """A coordinator's change to a section, or a new section (act and number then too)."""

    reason = forms.CharField(
        label=_("Why this change"),
        max_length=REASON_MAX,
        help_text=_("Kept in the history with your name, e.g. 'Punishment corrected from the bare Act (2023 text)'."),
    )
    loaded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Section
        fields = ["act", "number", *SECTION_FIELDS]
        widgets = {
            "source": forms.Textarea(attrs={"rows": 2}),
            "default_bail_basis": forms.TextInput(),
            "in_force_from": DATE_INPUT,
            "in_force_until": DATE_INPUT,
        }
        help_texts = {
            "source": _("The bare Act's section and schedule, or a judgment with its citation. Required."),
            "in_force_from": _("Empty: as the act."),
            "in_force_until": _("Empty while in force."),
        }

    def __init__(self, *args, section: Section | None = None, **kwargs):
        super().__init__(*args, instance=section, **kwargs)
        if section is not None:
            # Act and number name the row; a wrong one is a new section, not an edit.
            del self.fields["act"]
            del self.fields["number"]
            self.fields["loaded_at"].initial = section.updated_at
        else:
            self.fields["act"].queryset = Act.objects.all()
            self.fields["number"].help_text = _("As the Act writes it, with the sub-section: 143(4), 7(1A), 366A.")
        others = Section.objects.select_related("act").filter(act__family__in=[Act.Family.OLD, Act.Family.NEW])
        if section is not None:
            others = others.exclude(pk=section.pk)
        self.fields["counterpart"] = CounterpartChoiceField(
            queryset=others.order_by("act__position", "number"),
            required=False,
            label=_("Counterpart in the other code"),
            help_text=_("The same provision in the other code: IPC ↔ BNS, CrPC ↔ BNSS."),
            initial=section.counterpart_id if section is not None else None,
        )
        # Bail class: a plain choice with "none", so a value other than 60 or 90 is a field error.
        self.fields["default_bail_days"] = forms.TypedChoiceField(
            label=capfirst(Section._meta.get_field("default_bail_days").verbose_name),
            choices=[("", _("Not set (not an offence, or not yet read)"))] + list(Section.BailClass.choices),
            coerce=int,
            empty_value=None,
            required=False,
            help_text=Section._meta.get_field("default_bail_days").help_text,
            initial=section.default_bail_days if section is not None else None,
        )
        self.fields["source"].required = False  # the service says why a source is required

    def _post_clean(self):
        # The model is validated by reference_services.section_save, with the reason, in one place.
        pass

    def section_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("reason", "loaded_at")}
