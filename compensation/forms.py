"""Forms for compensation pages. They shape input; the rules live in compensation.services."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DATE_INPUT, district_choices
from consortium.models import District, Organisation, State
from core.money import RupeeField

from . import eligibility
from .models import (
    AuthorityLevel,
    Jurisdiction,
    OffenceBasis,
    OffenceCategory,
    PaymentMode,
    Requirement,
    Scheme,
    SchemeAuthority,
    SchemeKind,
    SchemeLine,
    Stage,
    VersionBy,
)

TEXTAREA = {"widget": forms.Textarea(attrs={"rows": 2})}


def past_date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DATE_INPUT, **kwargs)


class PastDatesMixin:
    """Date fields of these forms record what already happened: none in the future, none absurdly old."""

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.DateField) and value and not getattr(field, "future_ok", False):
                if value > today:
                    self.add_error(name, _("The date cannot be in the future."))
                elif value.year < 1950:
                    self.add_error(name, _("Check the year."))
        return cleaned


class AuthorityFieldsMixin:
    def setup_authority(self):
        self.fields["authority_district"].choices = district_choices()
        self.fields["authority_state"].queryset = State.objects.order_by("name")
        # With JavaScript, choosing the state narrows the districts (htmx); without, all are grouped by state.
        self.fields["authority_state"].widget.attrs.update(
            {
                "hx-get": reverse("consortium:district_options"),
                "hx-target": f"#{self['authority_district'].auto_id}",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )

    def check_authority(self, cleaned):
        district, state = cleaned.get("authority_district"), cleaned.get("authority_state")
        if district and state and district.state_id != state.pk:
            self.add_error("authority_district", _("This district is not in the chosen state."))
        if cleaned.get("authority_level") in ("dlsa", "district_magistrate") and not district:
            self.add_error("authority_district", _("Choose the district of this authority."))
        return cleaned


def offence_basis_field():
    return forms.ChoiceField(
        label=_("Offence basis of the claim"),
        choices=[("", "—")] + list(OffenceBasis.choices),
        required=False,
        help_text=_(
            "What the claim is for, as charged. Needed for a claim for rape, gang rape or sexual assault: for an "
            "adult, commercial sexual exploitation is not by itself rape."
        ),
    )


class ClaimScreenForm(PastDatesMixin, AuthorityFieldsMixin, forms.Form):
    line = forms.ModelChoiceField(SchemeLine.objects.none(), label=_("Scheme and offence"))
    offence_basis = offence_basis_field()
    authority_level = forms.ChoiceField(label=_("Authority"), choices=AuthorityLevel.choices)
    authority_state = forms.ModelChoiceField(State.objects.none(), label=_("Authority's state"))
    authority_district = forms.ModelChoiceField(District.objects.all(), label=_("Authority's district"), required=False)
    screened_on = past_date_field(_("Screened on"), initial=timezone.localdate)
    claim_number = forms.CharField(label=_("Claim number (if already given)"), max_length=60, required=False)
    amount_claimed = RupeeField(label=_("Amount claimed (₹)"), required=False)
    claimed_above_max_reason = forms.CharField(
        label=_("Why more than the scheme's maximum is claimed"), required=False, max_length=2000, **TEXTAREA
    )
    screening_override_reason = forms.CharField(
        label=_("Why she claims although the screening does not match"),
        required=False,
        max_length=2000,
        help_text=_("Only when the checklist says the scheme does not apply."),
        **TEXTAREA,
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Guidelines (the CVCF minimums) are not claimed under; a scheme versioned by release offers
        # the version in force on the day she was released.
        schemes = eligibility.schemes_in_force(case=case)
        lines = (
            SchemeLine.objects.filter(scheme__in=schemes)
            .select_related("scheme")
            .order_by("scheme__short_name", "min_amount")
        )
        self.fields["line"].queryset = lines
        self.fields["line"].label_from_instance = lambda ln: f"{ln.scheme.short_name} — {ln.get_category_display()}"
        self.setup_authority()
        default_state = case.source_state or case.destination_state
        self.fields["authority_state"].initial = default_state
        self.fields["authority_district"].initial = case.source_district if case.source_state else None

    def clean(self):
        cleaned = super().clean()
        line = cleaned.get("line")
        if line is not None and line.category in eligibility.LINE_BASIS and not cleaned.get("offence_basis"):
            self.add_error(
                "offence_basis",
                _(
                    "Record the offence basis of the claim, as charged (for an adult, commercial sexual exploitation "
                    "is not by itself rape)."
                ),
            )
        return cleaned

    SERVICE_FIELDS = (
        "line",
        "authority_level",
        "authority_state",
        "authority_district",
        "screened_on",
        "claim_number",
        "amount_claimed",
        "claimed_above_max_reason",
        "screening_override_reason",
        "offence_basis",
    )

    def service_data(self) -> dict:
        """What `compensation.services.claim_screen` takes from the valid form (the web page and the API)."""
        return {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS}


class ClaimEditForm(PastDatesMixin, AuthorityFieldsMixin, forms.Form):
    screened_on = past_date_field(
        _("Screened on"), help_text=_("The day it really happened (e.g. from the paper file), not today.")
    )
    screened_on_reason = forms.CharField(
        label=_("Why the screening date changes"),
        required=False,
        max_length=300,
        help_text=_("Needed only if you change the date. Kept in a note on the case timeline."),
    )
    claim_number = forms.CharField(label=_("Claim number"), max_length=60, required=False)
    offence_basis = offence_basis_field()
    authority_level = forms.ChoiceField(label=_("Authority"), choices=AuthorityLevel.choices)
    authority_state = forms.ModelChoiceField(State.objects.none(), label=_("Authority's state"))
    authority_district = forms.ModelChoiceField(District.objects.all(), label=_("Authority's district"), required=False)
    amount_claimed = RupeeField(label=_("Amount claimed (₹)"), required=False)
    claimed_above_max_reason = forms.CharField(
        label=_("Why more than the scheme's maximum is claimed"), required=False, max_length=2000, **TEXTAREA
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_authority()

    def clean(self):
        return self.check_authority(super().clean())


# --- a step of the claim -----------------------------------------------------------------------------


def _text(label, *, required=False, max_length=2000, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text, **TEXTAREA)


class DocumentLinkForm(forms.Form):
    requirement = forms.ChoiceField(choices=Requirement.choices)
    document = forms.IntegerField(required=False, min_value=1)


class PaymentForm(PastDatesMixin, forms.Form):
    paid_on = past_date_field(_("Paid on"), initial=timezone.localdate)
    amount = RupeeField(label=_("Amount (₹)"))
    mode = forms.ChoiceField(label=_("Paid as"), choices=PaymentMode.choices, widget=forms.RadioSelect)
    bank_name = forms.CharField(label=_("Bank and branch"), max_length=120, required=False)
    reference = forms.CharField(
        label=_("Transaction or deposit number"), max_length=120, required=False, help_text=_("Stored encrypted.")
    )
    fd_maturity_on = forms.DateField(label=_("Deposit matures on"), widget=DATE_INPUT, required=False)
    fd_share_reason = _text(
        _("Why the fixed-deposit rule is not followed"),
        help_text=_("Only if more is paid into her account than the scheme allows, or the deposit is shorter."),
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000, **TEXTAREA)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fd_maturity_on"].future_ok = True

    def clean(self):
        cleaned = super().clean()
        maturity = cleaned.get("fd_maturity_on")
        if maturity and maturity.year > 2200:
            self.add_error("fd_maturity_on", _("Check the year."))
        return cleaned

    def service_data(self) -> dict:
        """What `compensation.services.claim_payment_record` takes from the valid form (the web page
        and the API)."""
        data = self.cleaned_data
        names = ("paid_on", "amount", "mode", "bank_name", "reference", "fd_maturity_on", "fd_share_reason", "note")
        return {"expected_version": data["version"], **{name: data[name] for name in names}}


# --- the claims list ---------------------------------------------------------------------------------------


class ClaimFilterForm(forms.Form):
    SORTS = [
        ("newest", _("Newest first")),
        ("days_unpaid", _("Longest unpaid first")),
        ("overdue", _("Longest overdue first")),
        ("awarded", _("Largest award first")),
        ("stage", _("Stage")),
        ("reference", _("Case reference")),
    ]
    UNPAID = [
        ("", _("Any")),
        ("30", _("30 days or more")),
        ("90", _("90 days or more")),
        ("365", _("A year or more")),
        ("730", _("Two years or more")),
    ]
    stage = forms.ChoiceField(choices=[("", _("Any stage"))] + list(Stage.choices), required=False, label=_("Stage"))
    scheme = forms.ChoiceField(choices=[], required=False, label=_("Scheme"))
    authority_level = forms.ChoiceField(
        choices=[("", _("Any"))] + list(AuthorityLevel.choices), required=False, label=_("Authority")
    )
    authority_state = forms.ModelChoiceField(
        State.objects.all(), required=False, label=_("Authority's state"), empty_label=_("Any state")
    )
    organisation = forms.ModelChoiceField(
        Organisation.objects.filter(is_active=True), required=False, label=_("Lead organisation"), empty_label=_("Any")
    )
    overdue = forms.ChoiceField(
        choices=[("", _("Any")), ("yes", _("A step is overdue"))], required=False, label=_("Overdue")
    )
    unpaid_days = forms.ChoiceField(choices=UNPAID, required=False, label=_("Award unpaid for"))
    sort = forms.ChoiceField(choices=SORTS, required=False, label=_("Sort"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = Scheme.objects.order_by("code", "-effective_from").values_list("code", "short_name")
        seen = {}
        for code, short in codes:
            seen.setdefault(code, short)
        self.fields["scheme"].choices = [("", _("Any scheme"))] + sorted(seen.items(), key=lambda kv: kv[1])


# --- schemes ---------------------------------------------------------------------------------------------


class SchemeForm(forms.ModelForm):
    required_documents = forms.MultipleChoiceField(
        label=_("Documents a claim needs"), choices=Requirement.choices, widget=forms.CheckboxSelectMultiple
    )
    interim_max_amount = RupeeField(label=_("Interim relief up to (₹)"), required=False)

    class Meta:
        model = Scheme
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "authority",
            "jurisdiction",
            "state",
            "effective_from",
            "effective_until",
            "version_by",
            "women_only",
            "time_bar_months",
            "time_bar_source",
            "minor_age_limit",
            "minor_uplift_percent",
            "fd_share_percent",
            "fd_share_percent_minor",
            "fd_lock_in_months",
            "interim_relief",
            "interim_max_amount",
            "required_documents",
            "legal_source",
        ]
        widgets = {
            "effective_from": DATE_INPUT,
            "effective_until": DATE_INPUT,
            "time_bar_source": forms.Textarea(attrs={"rows": 2}),
            "interim_relief": forms.Textarea(attrs={"rows": 2}),
            "legal_source": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, base: Scheme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = SchemeAuthority.choices
        self.fields["jurisdiction"].choices = Jurisdiction.choices
        self.fields["kind"].choices = SchemeKind.choices
        self.fields["version_by"].choices = VersionBy.choices
        self.fields["state"].queryset = State.objects.order_by("name")
        if base is not None:
            # A version keeps its scheme's code.
            del self.fields["code"]

    def validate_unique(self):
        pass  # the service checks the version's date against the scheme's other versions

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("jurisdiction") == Jurisdiction.STATE and not cleaned.get("state"):
            self.add_error("state", _("A state scheme names its state."))
        effective = cleaned.get("effective_from")
        if effective and effective.year < 1950:
            self.add_error("effective_from", _("Check the year."))
        until = cleaned.get("effective_until")
        if until and effective and until < effective:
            self.add_error("effective_until", _("A version cannot end before it comes into force."))
        if cleaned.get("time_bar_months") and not (cleaned.get("time_bar_source") or "").strip():
            self.add_error("time_bar_source", _("Name the clause that sets the time limit, or 'consortium practice'."))
        return cleaned


class SchemeLineForm(forms.Form):
    """One offence line. A row left (or made) entirely empty is no line: that is how a line is removed."""

    category = forms.ChoiceField(
        label=_("Offence"), choices=[("", "—")] + list(OffenceCategory.choices), required=False
    )
    label = forms.CharField(label=_("As the scheme words it"), max_length=200, required=False)
    min_amount = RupeeField(label=_("Minimum (₹)"), required=False)
    max_amount = RupeeField(label=_("Maximum (₹)"), required=False, help_text=_("Empty: no ceiling."))

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) not in (None, "") for name in ("category", "label", "min_amount", "max_amount"))

    def clean(self):
        cleaned = super().clean()
        if self.is_blank:
            return cleaned
        if not cleaned.get("category"):
            self.add_error("category", _("Choose the offence."))
        if cleaned.get("min_amount") is None:
            self.add_error("min_amount", _("Give the minimum (0 if none)."))
        low, high = cleaned.get("min_amount"), cleaned.get("max_amount")
        if low is not None and high is not None and high < low:
            self.add_error("max_amount", _("The maximum is below the minimum."))
        return cleaned


class BaseLineFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if not form.is_blank]

    def clean(self):
        if any(self.errors):
            return
        categories = [row["category"] for row in self.rows()]
        if len(categories) != len(set(categories)):
            raise forms.ValidationError(_("Each offence appears once."))
        if not categories:
            raise forms.ValidationError(_("Give at least one offence line with its amounts."))


SchemeLineFormSet = forms.formset_factory(
    SchemeLineForm, formset=BaseLineFormSet, extra=2, max_num=20, validate_max=True
)
