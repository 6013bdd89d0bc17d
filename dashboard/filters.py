"""Who sees which cases on the dashboard, and the filters a coordinator or org admin applies.

Every figure starts from cases.selectors.case_list_visible_to(user): a coordinator sees the
whole consortium; an organisation admin sees the cases her organisation leads (the one she is
working in now, from the organisation switcher). Everyone else gets 404 on every dashboard URL.
"""

import datetime

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, ExploitationForm
from cases.selectors import case_list_visible_to
from consortium.models import District, Organisation, Role, State
from consortium.selectors import membership_list_for_user

DASHBOARD_ROLES = (Role.COORDINATOR, Role.ORG_ADMIN)
DEFAULT_STALLED_DAYS = 90
EARLIEST = datetime.date(2000, 1, 1)


class AgeGroup:
    CHILD = "child"
    ADULT = "adult"
    UNKNOWN = "unknown"
    CHOICES = [
        (CHILD, _("Child at the offence")),
        (ADULT, _("Adult at the offence")),
        (UNKNOWN, _("Age unknown")),
    ]


def dashboard_membership(request):
    """Her current membership if it may use the dashboard; 404 otherwise (nothing is told)."""
    membership = getattr(request, "membership", None)
    if not request.user.is_authenticated or membership is None or membership.role not in DASHBOARD_ROLES:
        raise Http404
    return membership


def dashboard_membership_of(user):
    """Without an organisation switcher (the REST API): her active membership that may use the
    dashboard, a coordinator's before an org admin's; 404 when she has none (nothing is told)."""
    memberships = [m for m in membership_list_for_user(user) if m.role in DASHBOARD_ROLES]
    if not memberships:
        raise Http404
    return min(memberships, key=lambda m: DASHBOARD_ROLES.index(m.role))


def scope_organisation(membership) -> Organisation | None:
    """The organisation an org admin's dashboard is limited to; None for a coordinator."""
    return membership.organisation if membership.role == Role.ORG_ADMIN else None


def visible_cases(user, membership) -> QuerySet[Case]:
    """The cases behind every figure, annotated with identity_visible (for drill-down lists)."""
    cases = case_list_visible_to(user)
    organisation = scope_organisation(membership)
    if organisation is not None:
        cases = cases.filter(lead_organisation=organisation)
    elif membership.role != Role.COORDINATOR:
        return Case.objects.none()
    return cases


def plain_scope(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The same cases without the per-row visibility annotations: aggregates stay one cheap query.

    A visible queryset with no condition at all (a coordinator's: every case) needs no subquery.
    """
    if not cases.query.where:
        return Case.objects.all()
    return Case.objects.filter(pk__in=cases.values("pk"))


def metric_scope(user, membership, filters: dict) -> QuerySet[Case]:
    """The cases every figure counts: visible to her (visible_cases), then her filters."""
    return apply_filters(plain_scope(visible_cases(user, membership)), filters)


# The day a case counts from, for the period filter and the monthly trend: her rescue, or
# (without a rescue date) the day the case was opened.
CASE_DAY = Coalesce("rescued_on", TruncDate("opened_at"))


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Rescued or opened from"), required=False, widget=forms.DateInput({"type": "date"})
    )
    date_to = forms.DateField(label=_("to"), required=False, widget=forms.DateInput({"type": "date"}))
    state = forms.ModelChoiceField(
        State.objects.all(), label=_("State (source or destination)"), required=False, to_field_name="code"
    )
    district = forms.ModelChoiceField(
        District.objects.select_related("state"), label=_("District (source or destination)"), required=False
    )
    organisation = forms.ModelChoiceField(
        Organisation.objects.filter(is_active=True), label=_("Lead organisation"), required=False
    )
    exploitation_form = forms.ModelChoiceField(
        ExploitationForm.objects.all(), label=_("Form of exploitation"), required=False, to_field_name="code"
    )
    age_group = forms.ChoiceField(
        label=_("Age group"), required=False, choices=[("", _("All ages"))] + AgeGroup.CHOICES
    )
    by = forms.ChoiceField(
        label=_("District table by"),
        required=False,
        choices=[("", _("Source (home)")), ("destination", _("Destination"))],
    )
    stalled_days = forms.IntegerField(
        label=_("Stalled after (days without activity)"),
        required=False,
        min_value=7,
        max_value=3650,
        help_text=_("A case is stalled when nothing was recorded on it for this many days (default 90)."),
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # An org admin's dashboard is her organisation's: the choice would only confuse.
        if organisation is not None:
            self.fields.pop("organisation")
        district = self.fields["district"]
        district.label_from_instance = lambda d: f"{d.name} ({d.state.code})"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        today = timezone.localdate()
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day and day < EARLIEST:
                self.add_error(name, _("Choose a date from 2000 onwards."))
                data.pop(name, None)
        if start and start > today:
            self.add_error("date_from", _("The period starts after today: there is nothing to count yet."))
        if start and end and start > end:
            self.add_error("date_to", _("The period ends before it starts. Swap the two dates."))
        state, district = data.get("state"), data.get("district")
        if state and district and district.state_id != state.pk:
            self.add_error(
                "district",
                _("%(district)s is not in %(state)s. Choose a district of that state, or clear one of the two.")
                % {"district": district.name, "state": state.name},
            )
        return data

    @property
    def stalled_after(self) -> int:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("stalled_days") or DEFAULT_STALLED_DAYS
        return DEFAULT_STALLED_DAYS

    def active_filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "") and k not in ("stalled_days", "by")}

    @property
    def period(self) -> dict:
        """date_from and date_to as given (the trend by month follows them)."""
        filters = self.active_filters()
        return {"date_from": filters.get("date_from"), "date_to": filters.get("date_to")}

    @property
    def district_side(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("by") or "source"
        return "source"


def apply_filters(cases: QuerySet[Case], filters: dict) -> QuerySet[Case]:
    if filters.get("date_from") or filters.get("date_to"):
        cases = cases.alias(case_day=CASE_DAY)
        if start := filters.get("date_from"):
            cases = cases.filter(case_day__gte=start)
        if end := filters.get("date_to"):
            cases = cases.filter(case_day__lte=end)
    if state := filters.get("state"):
        cases = cases.filter(Q(source_state=state) | Q(destination_state=state))
    if district := filters.get("district"):
        cases = cases.filter(Q(source_district=district) | Q(destination_district=district))
    if organisation := filters.get("organisation"):
        cases = cases.filter(lead_organisation=organisation)
    if form := filters.get("exploitation_form"):
        through = Case.exploitation_forms.through
        cases = cases.filter(Exists(through.objects.filter(case_id=OuterRef("pk"), exploitationform_id=form.pk)))
    if group := filters.get("age_group"):
        minor = Q(survivor__minor_at_offence=True)
        known = Q(survivor__date_of_birth__isnull=False) | Q(survivor__estimated_age__isnull=False)
        if group == AgeGroup.CHILD:
            cases = cases.filter(minor)
        elif group == AgeGroup.ADULT:
            cases = cases.filter(~minor & known)
        else:
            cases = cases.filter(~minor & ~known)
    return cases
