"""Who accessed what: the access log read across cases, per organisation and per case.

A coordinator reads every entry. An organisation admin reads the entries on the cases her
organisation leads, and her own members' entries that concern no case (exports, denials);
an entry of her member on another organisation's case is not hers to read (it would tell
her that case exists).
"""

from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cases.models import AccessLogEntry
from consortium.models import Membership, Organisation


def audit_entries(organisation: Organisation | None):
    entries = AccessLogEntry.objects.all()
    if organisation is None:
        return entries
    member = Exists(Membership.objects.filter(user_id=OuterRef("user_id"), organisation=organisation))
    return entries.filter(Q(case__lead_organisation=organisation) | (Q(case__isnull=True) & member))


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("Person (username)"), required=False, max_length=150)
    organisation = forms.ModelChoiceField(Organisation.objects.all(), label=_("Person's organisation"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action"))] + AccessLogEntry.Action.choices
    )
    case = forms.CharField(label=_("Case reference"), required=False, max_length=20)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput({"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields.pop("organisation")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The period ends before it starts. Swap the two dates."))
        return data


def audit_filter(entries, data: dict):
    if username := data.get("username"):
        entries = entries.filter(user__username__iexact=username.strip())
    if organisation := data.get("organisation"):
        entries = entries.filter(
            Exists(Membership.objects.filter(user_id=OuterRef("user_id"), organisation=organisation))
        )
    if action := data.get("action"):
        entries = entries.filter(action=action)
    if reference := (data.get("case") or "").strip():
        entries = entries.filter(case__reference__iexact=reference)
    if start := data.get("date_from"):
        entries = entries.filter(at__date__gte=start)
    if end := data.get("date_to"):
        entries = entries.filter(at__date__lte=end)
    return entries


def audit_summary(entries) -> dict:
    """Per case and per (acting person's) organisation, with break-glass counted apart."""
    glass = Q(action=AccessLogEntry.Action.BREAK_GLASS)
    by_case = list(
        entries.filter(case__isnull=False)
        .values("case_id", "case__reference")
        .annotate(n=Count("pk"), people=Count("user_id", distinct=True), break_glass=Count("pk", filter=glass))
        .order_by("-break_glass", "-n")[:10]
    )
    by_org = list(
        entries.filter(user__memberships__is_active=True)
        .values("user__memberships__organisation__short_name")
        .annotate(n=Count("pk"), people=Count("user_id", distinct=True), break_glass=Count("pk", filter=glass))
        .order_by("-n")
    )
    totals = entries.aggregate(
        n=Count("pk"), break_glass=Count("pk", filter=glass), people=Count("user_id", distinct=True)
    )
    return {"by_case": by_case, "by_org": by_org, "totals": totals}
