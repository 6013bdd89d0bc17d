"""Forms for deadlines, tasks, survivor updates, notifications and the deadline rules."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consortium.models import Organisation, State, User
from survivors.models import Language, UpdateChannel

from .deadline_rules import TRIGGERS
from .forms import DATE_INPUT
from .models import CalendarKind, CaseRole, DeadlineRule
from .survivor_messages import EVENT_LABELS

WORKFLOWS = [
    ("investigation", _("Investigation")),
    ("court", _("Court")),
    ("compensation", _("Compensation")),
    ("custody", _("Custody and care")),
    ("survivor", _("Keeping her informed")),
    ("referral", _("Referrals")),
]


class DeadlineCloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why close it"), max_length=300, min_length=5)


class DeadlineAnswerForm(forms.Form):
    """Was a deadline entered from paper met? "met" with the day from the paper file, or "missed"."""

    ANSWERS = [("met", _("It was met")), ("missed", _("It was missed"))]

    version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=ANSWERS, label=_("Answer"))
    met_on = forms.DateField(label=_("Met on"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "met" and not cleaned.get("met_on"):
            self.add_error("met_on", _("Give the day it was met (from the paper file)."))
        return cleaned


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), label=_("For"))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, team_users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(pk__in=[u.pk for u in team_users]).order_by(
            "first_name", "last_name"
        )
        self.fields["assignee"].label_from_instance = lambda u: u.display_name


class TaskDoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    done = forms.BooleanField(required=False)


class SurvivorUpdateForm(forms.Form):
    given_on = forms.DateField(label=_("Told her on"), widget=DATE_INPUT)
    channel = forms.ChoiceField(label=_("How"), choices=UpdateChannel.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    event = forms.ChoiceField(
        label=_("About"), choices=[(code, _(label)) for code, label in EVENT_LABELS.items()], required=False
    )
    message = forms.CharField(
        label=_("What she was told"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Drafted from a template in her language: edit it to say what you actually told her."),
    )
    response = forms.CharField(
        label=_("Her response and decisions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("In her words where you can: what she wants to happen next, what worries her."),
    )


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_notifications"]
        widgets = {"email_notifications": forms.RadioSelect}


class OverdueFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        Organisation.objects.filter(is_active=True), required=False, label=_("Lead organisation"), empty_label=_("Any")
    )
    state = forms.ModelChoiceField(State.objects.all(), required=False, label=_("State"), empty_label=_("Any state"))
    workflow = forms.ChoiceField(choices=[("", _("Any kind"))] + WORKFLOWS, required=False, label=_("Kind"))


class IntListField(forms.CharField):
    """Whole numbers separated by commas: "14, 3"."""

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return []
        numbers = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part.isdigit():
                raise forms.ValidationError(_("Write whole numbers of days (0 or more), separated by commas."))
            numbers.append(int(part))
        if len(numbers) > 10:
            raise forms.ValidationError(_("At most 10 values."))
        return sorted(set(numbers), reverse=True)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value


ESCALATION_CHOICES = [
    ("lead_caseworker", _("the lead caseworker")),
    ("responsible", _("the person responsible")),
    ("org_admin", _("the lead organisation's admins")),
    ("coordinator", _("the coordinators")),
]


class EscalationField(forms.CharField):
    """Steps written as "days:who" pairs: "0:lead_caseworker, 7:coordinator"."""

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return []
        targets = dict(ESCALATION_CHOICES)
        steps = []
        for part in text.split(","):
            days, _sep, who = part.strip().partition(":")
            if not days.strip().isdigit() or who.strip() not in targets:
                raise forms.ValidationError(
                    _("Write steps as days:who, e.g. 0:lead_caseworker, 7:coordinator. Who is one of: %(who)s.")
                    % {"who": ", ".join(targets)}
                )
            steps.append({"after_days": int(days), "notify": who.strip()})
        return sorted(steps, key=lambda s: s["after_days"])

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(f"{s['after_days']}:{s['notify']}" for s in value)
        return value


class DeadlineRuleVersionForm(forms.ModelForm):
    """A new version of a rule, in force from a date; the older versions stay for older events."""

    reminder_days = IntListField(
        label=_("Reminders (days before due)"), required=False, help_text=_("E.g. 14, 3. Empty for none.")
    )
    escalation_steps = EscalationField(
        label=_("Escalation (days after due : who)"),
        required=False,
        help_text=_(
            "E.g. 0:lead_caseworker, 7:coordinator. Who: lead_caseworker, responsible, org_admin, coordinator."
        ),
    )

    class Meta:
        model = DeadlineRule
        fields = [
            "name",
            "trigger",
            "offset_amount",
            "offset_unit",
            "day_count",
            "calendar_kind",
            "roll_to_working_day",
            "responsible_role",
            "reminder_days",
            "escalation_steps",
            "source_kind",
            "legal_source",
            "procedure",
            "count_trigger_day",
            "consequence",
            "effective_from",
            "effective_until",
            "is_active",
        ]
        widgets = {
            "effective_from": DATE_INPUT,
            "effective_until": DATE_INPUT,
            "legal_source": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "is_active": _("Untick to switch the rule off from this date."),
            "legal_source": _(
                "Act and sub-section (BNSS 187(3)), or a judgment with its citation, or 'consortium practice'."
            ),
        }

    # Kept in the rule's history (django-simple-history's change reason, 100 characters).
    reason = forms.CharField(
        label=_("Why this new version"),
        max_length=100,
        min_length=5,
        help_text=_("Kept in the history with your name, e.g. 'BNSS 187(3) counts the remand day'."),
    )

    def __init__(self, *args, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.code = code
        self.fields["trigger"] = forms.ChoiceField(
            label=_("Triggering event"), choices=[(k, _(v)) for k, v in TRIGGERS.items()]
        )
        self.fields["offset_amount"].min_value = 1
        self.fields["offset_amount"].widget.attrs["min"] = 1
        self.fields["calendar_kind"].choices = CalendarKind.choices
        self.fields["responsible_role"].choices = CaseRole.choices
        self.fields["effective_from"].initial = timezone.localdate()

    def clean_offset_amount(self):
        amount = self.cleaned_data["offset_amount"]
        if amount is None or amount < 1:
            raise forms.ValidationError(_("The offset must be at least 1."))
        if amount > 3650:
            raise forms.ValidationError(_("The offset is implausibly long."))
        return amount

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        if day < datetime.date(1950, 1, 1):
            raise forms.ValidationError(_("Check the year."))
        if DeadlineRule.objects.filter(code=self.code, effective_from=day).exists():
            raise forms.ValidationError(_("A version of this rule already starts on that day. Choose another day."))
        return day

    def clean(self):
        cleaned = super().clean()
        start, until = cleaned.get("effective_from"), cleaned.get("effective_until")
        if start and until and until < start:
            self.add_error("effective_until", _("The last day in force cannot be before the first."))
        source = (cleaned.get("legal_source") or "").strip()
        if (
            cleaned.get("source_kind") == DeadlineRule.SourceKind.PRACTICE
            and source
            and "practice" not in source.lower()
        ):
            self.add_error(
                "legal_source",
                _("A practice rule says so in its source: 'consortium practice', then why (e.g. what it protects)."),
            )
        return cleaned

    def _post_clean(self):
        self.instance.code = self.code
        super()._post_clean()


class HolidayUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Holiday file (CSV)"),
        help_text=_("First line: calendar,date,name. Then one holiday a line, e.g. wb-court,2027-10-06,Puja vacation."),
    )

    MAX_BYTES = 512 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 KB; split it."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Save the file as CSV in UTF-8 and try again.")) from None
