from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consortium.models import District, Membership, Organisation, State
from survivors.models import SHARING_PURPOSES, Consent, ConsentPurpose, IdentityPaper, Language, Survivor

from .models import Case, CaseDocument, CaseNote, CaseRole, ExploitationForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LinesField(forms.CharField):
    """A list of short strings entered one per line (other names, phone numbers)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for line in value:
            if len(line) > 200:
                raise forms.ValidationError(_("Each line can have at most 200 characters."))


def district_choices():
    """Districts grouped by state, for a select that works without JavaScript."""
    groups = {}
    for district in District.objects.select_related("state").order_by("state__name", "name"):
        groups.setdefault(district.state.label, []).append((district.pk, district.name))
    return [("", "—")] + list(groups.items())


class PlaceFieldsMixin:
    """District choices grouped by state; a district must lie in the chosen state."""

    place_pairs: tuple[tuple[str, str], ...] = ()

    def setup_places(self):
        choices = district_choices()
        for state_field, district_field in self.place_pairs:
            self.fields[district_field].choices = choices
            self.fields[state_field].queryset = State.objects.order_by("name")
            # With JavaScript, choosing a state narrows the district list (htmx); without, all are grouped.
            self.fields[state_field].widget.attrs.update(
                {
                    "hx-get": reverse("consortium:district_options"),
                    "hx-target": f"#{self[district_field].auto_id}",
                    "hx-trigger": "change",
                    "hx-swap": "innerHTML",
                }
            )

    def check_places(self, cleaned):
        for state_field, district_field in self.place_pairs:
            district = cleaned.get(district_field)
            state = cleaned.get(state_field)
            if district and state and district.state_id != state.pk:
                self.add_error(district_field, _("This district is not in the chosen state."))
            elif district and not state:
                cleaned[state_field] = district.state
        return cleaned


class SurvivorForm(PlaceFieldsMixin, forms.ModelForm):
    place_pairs = (("origin_state", "origin_district"),)

    other_names = LinesField(label=_("Other names"), required=False, help_text=_("One per line."))
    phone_numbers = LinesField(label=_("Phone numbers"), required=False, help_text=_("One per line."))
    languages_spoken = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=Language.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    identity_papers = forms.MultipleChoiceField(
        label=_("Identity papers she holds"),
        choices=IdentityPaper.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_INPUT)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Survivor
        fields = [
            "full_name",
            "other_names",
            "sex",
            "date_of_birth",
            "estimated_age",
            "age_basis",
            "languages_spoken",
            "preferred_language",
            "preferred_channel",
            "phone_numbers",
            "origin_state",
            "origin_district",
            "origin_village",
            "origin_address",
            "family_contact",
            "guardian_name",
            "guardian_relation",
            "guardian_phone",
            "identity_papers",
        ]
        widgets = {
            "origin_address": forms.Textarea(attrs={"rows": 2}),
            "family_contact": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, erased: bool = False, **kwargs):
        """`erased`: her identity was erased at her request. The fields that identify her (every
        encrypted field) are left out, so no one types her name or phone back in; her age, sex,
        languages and place of origin can still be corrected for the statistics."""
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["origin_district"] = forms.ModelChoiceField(
            District.objects.all(), required=False, label=_("District of origin")
        )
        self.setup_places()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if erased:
            from .sensitive import is_encrypted_field

            for name in [n for n in self.fields if is_encrypted_field(Survivor, n)]:
                del self.fields[name]

    def clean_estimated_age(self):
        age = self.cleaned_data.get("estimated_age")
        if age is not None and not 0 < age < 100:
            raise forms.ValidationError(_("Enter an age between 1 and 99."))
        return age

    def clean_date_of_birth(self):
        dob = self.cleaned_data.get("date_of_birth")
        if dob and dob > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if dob and dob.year < 1900:
            raise forms.ValidationError(_("Check the year of birth."))
        return dob

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_of_birth") is None and cleaned.get("estimated_age") is None:
            self.add_error("estimated_age", _("Give her date of birth or an estimated age."))
        if (cleaned.get("date_of_birth") or cleaned.get("estimated_age") is not None) and not cleaned.get("age_basis"):
            self.add_error("age_basis", _("Say how her age is known."))
        return self.check_places(cleaned)


class CaseForm(PlaceFieldsMixin, forms.ModelForm):
    place_pairs = (("source_state", "source_district"), ("destination_state", "destination_district"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = [
            "source_state",
            "source_district",
            "destination_state",
            "destination_district",
            "destination_place",
            "left_home_on",
            "trafficked_on",
            "exploitation_forms",
            "recruitment_means",
            "narrative",
            "risk_level",
        ]
        widgets = {
            "left_home_on": DATE_INPUT,
            "trafficked_on": DATE_INPUT,
            "exploitation_forms": forms.CheckboxSelectMultiple,
            "recruitment_means": forms.CheckboxSelectMultiple,
            "narrative": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for _state, district in self.place_pairs:
            self.fields[district] = forms.ModelChoiceField(
                District.objects.all(), required=False, label=self.fields[district].label
            )
        self.setup_places()
        self.fields["exploitation_forms"].required = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ("left_home_on", "trafficked_on"):
            day = cleaned.get(name)
            if day and day > today:
                self.add_error(name, _("This date is in the future."))
            if day and day.year < 1950:
                self.add_error(name, _("Check the year."))
        left, trafficked = cleaned.get("left_home_on"), cleaned.get("trafficked_on")
        if left and trafficked and trafficked < left:
            self.add_error("trafficked_on", _("She was trafficked before she left home? Check the dates."))
        # The rescue is recorded on the Care tab: these dates cannot come after it.
        rescued = self.instance.rescued_on if self.instance.pk else None
        for name, day in (("trafficked_on", trafficked), ("left_home_on", left)):
            if rescued and day and day > rescued and name not in self.errors:
                self.add_error(
                    name,
                    _("The rescue is recorded on %(day)s (Care tab), before this date. Check the dates.")
                    % {"day": f"{rescued.day} {rescued:%b %Y}"},
                )
        return self.check_places(cleaned)


class CaseOpenForm(forms.Form):
    """Who leads the new case (caseworkers of the opener's organisation)."""

    lead_caseworker = forms.ModelChoiceField(queryset=Membership.objects.none(), label=_("Lead caseworker"))

    def __init__(self, *args, organisation, default_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            Membership.objects.active()
            .filter(organisation=organisation, role__in=["caseworker", "org_admin"])
            .select_related("user")
            .order_by("user__first_name")
        )
        field = self.fields["lead_caseworker"]
        field.queryset = members
        field.label_from_instance = lambda m: f"{m.user.display_name} ({m.get_role_display()})"
        if default_user is not None:
            field.initial = members.filter(user=default_user).first()


class CaseCloseForm(forms.Form):
    closure_reason = forms.ChoiceField(label=_("Why is the case closed?"), choices=Case.ClosureReason.choices)
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE_INPUT, initial=timezone.localdate)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseFilterForm(forms.Form):
    SORTS = [
        ("-opened_at", _("Newest first")),
        ("opened_at", _("Oldest first")),
        ("reference", _("Reference")),
        ("-rescued_on", _("Most recently rescued")),
        ("-risk_level", _("Risk level")),
    ]
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A case reference or its beginning (WB-2026), or the survivor's exact name or phone number."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    state = forms.ModelChoiceField(State.objects.all(), required=False, label=_("State"), empty_label=_("Any state"))
    organisation = forms.ModelChoiceField(
        Organisation.objects.filter(is_active=True), required=False, label=_("Lead organisation"), empty_label=_("Any")
    )
    exploitation_form = forms.ModelChoiceField(
        ExploitationForm.objects.all(), required=False, label=_("Exploitation"), empty_label=_("Any")
    )
    status = forms.ChoiceField(
        choices=[("", _("Open and closed"))] + list(Case.Status.choices), required=False, label=_("Status")
    )
    minor = forms.ChoiceField(
        choices=[("", _("Any age")), ("yes", _("Minor")), ("no", _("Adult"))], required=False, label=_("Age")
    )
    sort = forms.ChoiceField(choices=SORTS, required=False, label=_("Sort"))


class TeamAddForm(forms.Form):
    membership = forms.ModelChoiceField(queryset=Membership.objects.none(), label=_("Person"))
    role = forms.ChoiceField(label=_("Role on the case"), choices=CaseRole.choices)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        field.queryset = candidates
        field.label_from_instance = lambda m: (
            f"{m.user.display_name} — {m.get_role_display()}, {m.organisation.short_name}"
        )


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = [
            "purpose",
            "recipient_organisation",
            "given_by",
            "guardian_name",
            "legal_basis",
            "method",
            "witness_name",
            "given_on",
            "expires_on",
        ]
        widgets = {"given_on": DATE_INPUT, "expires_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_organisation"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["given_on"].initial = timezone.localdate


class ConsentSeveralForm(forms.Form):
    """Her consent to several purposes given at once: one row per purpose, the rest shared."""

    purposes = forms.MultipleChoiceField(
        label=_("She consents to"),
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one purpose she consented to.")},
    )
    recipient_organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Recipient organisation"),
        required=False,
        help_text=_(
            "Needed for legal representation, sharing with an organisation and collective support; "
            "optional for compensation. Record consent for different organisations separately."
        ),
    )
    given_by = forms.ChoiceField(label=_("Given by"), choices=Consent.GivenBy.choices, initial=Consent.GivenBy.SURVIVOR)
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=200, required=False)
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=300, required=False, help_text=_("E.g. CWC order number and date.")
    )
    method = forms.ChoiceField(label=_("How it was given"), choices=Consent.Method.choices)
    witness_name = forms.CharField(label=_("Witness"), max_length=200, required=False)
    given_on = forms.DateField(label=_("Given on"), widget=DATE_INPUT)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_organisation"].queryset = Organisation.objects.filter(is_active=True).order_by("name")
        self.fields["given_on"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        purposes = cleaned.get("purposes") or []
        if any(p in SHARING_PURPOSES for p in purposes) and not cleaned.get("recipient_organisation"):
            self.add_error("recipient_organisation", _("Name the organisation she agrees to share her case with."))
        return cleaned


class ConsentWithdrawForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    visibility = forms.ChoiceField(label=_("Visible to"), choices=CaseNote.Visibility.choices)


class DocumentUploadForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Type"), choices=CaseDocument.Type.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG or DOCX, at most 20 MB."))


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see who she is?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=15,
        max_length=500,
        help_text=_("This is logged, and the lead caseworker is told."),
    )


class SurvivorMatchReviewForm(forms.Form):
    """A coordinator's decision on a possible duplicate survivor (cases/duplicates.py)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("retrafficked", _("Same person, another episode (re-trafficked): link the cases, both stay open")),
            ("same_episode", _("Same person, same episode: close the later case as a duplicate of the earlier")),
            ("rejected", _("Different people: do not raise this pair again")),
        ],
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why you decided so. Never her name or phone number."),
    )
