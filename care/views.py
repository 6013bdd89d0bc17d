"""Care pages: the Care tab of a case and its forms, the receiving organisation's inbox,
and the list of shelter homes.

Thin, like cases.views: a case page resolves the case through cases.web.case_or_404
(404 for anyone outside it, logged), checks a CaseAccess property, and hands the write
to care.services. Sub-objects are always fetched filtered by the case.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.audit import access_log_record
from cases.models import AccessLogEntry
from cases.permissions import require
from cases.selectors import case_list_visible_to
from cases.web import case_form_page, case_or_404, render_case_tab
from consortium.models import Role
from consortium.permissions import role_required
from core.web import refusal_messages, save_form
from core.workflow import CLEAR_REASON, StepForm, add_errors

from . import selectors, services
from .forms import (
    CustodyOrderForm,
    FamilyTracingForm,
    GoalForm,
    PrioritiesForm,
    RepatriationRequestForm,
    RescueForm,
    ServiceForm,
    ShelterForm,
    ShelterStayEndForm,
    ShelterStayForm,
    SupportForm,
)
from .models import (
    RECEIVING_TRANSITIONS,
    SENDING_TRANSITIONS,
    CustodyOrder,
    RehabilitationGoal,
    RehabilitationPlan,
    Repatriation,
    Rescue,
    ShelterHome,
    ShelterStay,
)
from .permissions import care_actor
from .workflow import SPEC


def _care_url(case) -> str:
    return reverse("care:case_care", kwargs={"case_id": case.pk})


def _care_case(request, case_id, *, need="can_see_care"):
    case, access = case_or_404(request, case_id)
    require(getattr(access, need))
    return case, access


def _form_page(request, case, access, *, form, title, submit, intro="", cancel_url=None, extra=None):
    return case_form_page(
        request,
        case,
        access,
        "care",
        title=title,
        form=form,
        submit=submit,
        intro=intro,
        cancel_url=cancel_url or _care_url(case),
        cancel_label=_("Back to Care"),
        back=[(_("Care"), _care_url(case))],
        template="care/form.html",
        **(extra or {}),
    )


# --- the Care tab -----------------------------------------------------------------------------


@login_required
def care_tab(request, case_id):
    case, access = _care_case(request, case_id)
    access_log_record(request=request, action=AccessLogEntry.Action.VIEW_CASE, case=case, target="care")
    actor = care_actor(request.user, case) if access.can_see_care_records else None
    overview = selectors.care_overview(user=request.user, case=case, access=access, actor=actor)
    repatriations = overview.get("repatriations", [])
    current_org = getattr(request.membership, "organisation_id", None)
    for repatriation in repatriations:
        repatriation.action_links = [
            {"url": url, "label": SPEC.step(name).label, "danger": SPEC.step(name).danger}
            for name in repatriation.actions
            if (url := _action_url(case, repatriation, name, current_org))
        ]
    return render_case_tab(
        request,
        "care/care_tab.html",
        case,
        access,
        "care",
        can_request_repatriation=access.can_record_care and case.is_open and not any(r.is_open for r in repatriations),
        **overview,
    )


def _action_url(case, repatriation, transition, current_org_id) -> str | None:
    """Sending-side steps are taken on the case; receiving-side ones in the receiving organisation's
    inbox, which follows the organisation she is working in now."""
    if transition in SENDING_TRANSITIONS:
        return reverse(
            "care:care_repatriation_move",
            kwargs={"case_id": case.pk, "repatriation_id": repatriation.pk, "transition": transition},
        )
    if repatriation.receiving_organisation_id == current_org_id:
        return reverse("care:care_incoming_move", kwargs={"repatriation_id": repatriation.pk, "transition": transition})
    return None


@login_required
def rescue_edit(request, case_id):
    case, access = _care_case(request, case_id, need="can_record_care")
    rescue = Rescue.objects.filter(case=case).first() or Rescue(case=case)
    form = RescueForm(
        request.POST or None, instance=rescue, case=case, visible_cases=case_list_visible_to(request.user)
    )
    if save_form(
        request,
        form,
        lambda data: services.rescue_save(
            actor=request.user,
            case=case,
            rescue=form.instance,
            rescued_with=data["rescued_with_references"],
            expected_version=form.expected_version,
        ),
        on_refusal=form.add_service_errors,
    ).saved:
        messages.success(request, _("Rescue saved."))
        return redirect(_care_url(case))
    return _form_page(
        request,
        case,
        access,
        form=form,
        title=_("Edit the rescue") if rescue.pk else _("Record the rescue"),
        submit=_("Save"),
        intro=_(
            "For a child, the rescue starts the 24-hour deadline for her production before the Child Welfare "
            "Committee. The 24-hour medical examination (BNSS 184, CrPC 164A) is only for a victim of rape or "
            "attempted rape, with her consent: record both here and the deadline opens, counted in the state "
            "where she was rescued."
        ),
    )


Kind = CustodyOrder.Kind
STEP_INTROS = {
    Kind.HOME_VERIFICATION_ORDERED: gettext_lazy(
        "ITPA s.17A: before handing her over to her parents, guardian or husband, the magistrate may have a "
        "recognised welfare institution or organisation verify their genuineness and their capacity to keep her "
        "safely. Record the order: the report is due in 14 days (consortium practice: the Act sets no time; the "
        "report should be before the magistrate within the three weeks of the inquiry, s.17(3) second proviso)."
    ),
    Kind.HOME_VERIFICATION: gettext_lazy(
        "ITPA s.17A: before she is handed over to her parents or guardian, the magistrate has their genuineness "
        "and their capability to keep her safely verified, through a recognised welfare institution or "
        "organisation. Record when the verification came, what it found, and the order it answers."
    ),
    Kind.HOME_INVESTIGATION_REQUESTED: gettext_lazy(
        "JJ Act s.95(1): before transferring a child who hails from another district, the Committee inquires and "
        "consults the Committee of her home district. Record its request for a home investigation report: the "
        "report is due in 15 days (consortium practice, as the social investigation of s.36(2); the Act sets no "
        "time)."
    ),
    Kind.HOME_INVESTIGATION_REPORT: gettext_lazy(
        "The home investigation report from her home district: when it came, and whether her family was found "
        "genuine and safe for her, not safe, or not traced. It meets the deadline of the request it answers."
    ),
    Kind.CWC_TRANSFER: gettext_lazy(
        "JJ Act s.95: a child who hails from another district is transferred, in her best interest and after "
        "consulting it, to the Child Welfare Committee of her home district (for another state: of her home "
        "district or of the state capital), with the relevant documents. The Special Juvenile Police Unit escorts "
        "her within 15 days of receiving the escort order (s.95(2))."
    ),
    Kind.CWC_TRANSFER_RECEIVED: gettext_lazy(
        "The Child Welfare Committee of her home district received her: this meets the 15-day escort deadline of "
        "the transfer order (JJ Act s.95(2))."
    ),
}
STEP_TITLES = {
    Kind.HOME_VERIFICATION_ORDERED: gettext_lazy("Home verification ordered (ITPA s.17A)"),
    Kind.HOME_VERIFICATION: gettext_lazy("Home verification (ITPA s.17A)"),
    Kind.HOME_INVESTIGATION_REQUESTED: gettext_lazy("Home investigation report asked for (JJ Act s.95)"),
    Kind.HOME_INVESTIGATION_REPORT: gettext_lazy("Home investigation report received"),
    Kind.CWC_TRANSFER: gettext_lazy("Transfer to the CWC of her home district (JJ Act s.95)"),
    Kind.CWC_TRANSFER_RECEIVED: gettext_lazy("Received by the CWC of her home district (JJ Act s.95(2))"),
}


@login_required
def order_edit(request, case_id, order_id=None):
    case, access = _care_case(request, case_id, need="can_record_care")
    rescue = Rescue.objects.filter(case=case).select_related("state").first()
    if order_id is None:
        order = CustodyOrder(case=case)
    else:
        order = CustodyOrder.objects.filter(case=case, pk=order_id).first()
        require(order is not None)
    if rescue is None:
        messages.error(request, _("Record the rescue (or her escape) first: custody orders follow it."))
        return redirect(_care_url(case))
    child = selectors.is_child_at_rescue(case, rescue.rescued_on)
    # A step with a form of its own (?step=home_verification, ?step=cwc_transfer...), for her age at the rescue.
    allowed = CustodyOrder.CHILD_KINDS if child else CustodyOrder.ADULT_KINDS
    step = request.GET.get("step")
    step = step if step in CustodyOrder.OWN_FORM_KINDS and step in allowed else None
    form = CustodyOrderForm(
        request.POST or None,
        instance=order,
        child=child,
        case=case,
        default_state=rescue.state,
        step=step,
        default_home_district=case.source_district,
    )
    saved, recorded = save_form(
        request,
        form,
        lambda data: services.custody_order_save(
            actor=request.user, case=case, order=form.instance, expected_version=form.expected_version
        ),
    )
    if saved:
        messages.success(request, _("Saved."))
        warning = selectors.family_handover_warning_for(case, recorded)
        if warning:
            messages.warning(request, warning)
        return redirect(_care_url(case))
    if form.step:
        intro = STEP_INTROS[form.step]
    elif child:
        intro = _(
            "A child is produced before the Child Welfare Committee within 24 hours, excluding the journey (JJ Act "
            "s.31(1)); the social investigation is completed within 15 days and the inquiry within 4 months of "
            "first production (s.36(2))."
        )
    else:
        intro = _(
            "ITPA s.17: intermediate custody ordered by the nearest magistrate lasts at most 10 days from that order "
            "(s.17(1) proviso); custody while the magistrate's inquiry is made, at most 3 weeks from the order "
            "(s.17(3) proviso). Restoring her to her family: record the home verification (s.17A) first."
        )
    if form.step:
        title = STEP_TITLES[form.step]
    else:
        title = _("Correct an order") if order.pk else _("Record an order or step")
    return _form_page(request, case, access, form=form, title=title, submit=_("Save"), intro=intro)


@login_required
def tracing_new(request, case_id):
    case, access = _care_case(request, case_id, need="can_record_care")
    if not Rescue.objects.filter(case=case).exists():
        messages.error(request, _("Record the rescue (or her escape) first."))
        return redirect(_care_url(case))
    form = FamilyTracingForm(request.POST or None, case=case)
    if save_form(
        request,
        form,
        lambda data: services.family_tracing_record(actor=request.user, case=case, tracing=form.instance),
    ).saved:
        messages.success(request, _("Family tracing recorded."))
        return redirect(_care_url(case) + "#home-head")
    return _form_page(
        request,
        case,
        access,
        form=form,
        title=_("Family tracing"),
        submit=_("Save"),
        intro=_(
            "What the search for her family found, on which day and by whom. A later outcome is recorded as a new "
            "line: the latest is shown first."
        ),
    )


@login_required
def stay_new(request, case_id):
    case, access = _care_case(request, case_id, need="can_record_care")
    form = ShelterStayForm(request.POST or None)
    if save_form(request, form, lambda data: services.shelter_stay_record(actor=request.user, case=case, **data)).saved:
        messages.success(request, _("Shelter stay recorded."))
        return redirect(_care_url(case))
    return _form_page(
        request,
        case,
        access,
        form=form,
        title=_("She moved into a shelter home"),
        submit=_("Save"),
        intro=_("A stay still open in another shelter ends on this date."),
    )


@login_required
@require_POST
def stay_end(request, case_id, stay_id):
    case, access = _care_case(request, case_id, need="can_record_care")
    stay = ShelterStay.objects.filter(case=case, pk=stay_id).first()
    require(stay is not None)
    form = ShelterStayEndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the date she left."))
        services.shelter_stay_end(
            actor=request.user,
            case=case,
            stay=stay,
            left_on=form.cleaned_data["left_on"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("Recorded that she left the shelter home."))
    return redirect(_care_url(case))


# --- repatriation, sending side ---------------------------------------------------------------


@login_required
def repatriation_new(request, case_id):
    case, access = _care_case(request, case_id, need="can_record_care")
    rescue = Rescue.objects.filter(case=case).first()
    organisations = selectors.receiving_organisation_choices(
        case, sending_organisation_id=getattr(request.membership, "organisation_id", None)
    )
    form = RepatriationRequestForm(request.POST or None, organisations=organisations, case=case, rescue=rescue)
    if save_form(
        request, form, lambda data: services.repatriation_request(actor=request.user, case=case, **data)
    ).saved:
        messages.success(request, _("Request sent. The receiving organisation sees it in its incoming handovers."))
        return redirect(_care_url(case))
    return _form_page(
        request,
        case,
        access,
        form=form,
        title=_("Request a repatriation"),
        submit=_("Send the request"),
        intro=_(
            "The receiving organisation sees the case reference, her pseudonym, the dates, the states and your note "
            "until it accepts; then the person accepting joins her case team, with her consent."
        ),
        extra={"no_consent_hint": not organisations.exists()},
    )


@login_required
def repatriation_move(request, case_id, repatriation_id, transition):
    case, access = _care_case(request, case_id, need="can_record_care")
    if transition not in SENDING_TRANSITIONS:
        raise Http404
    repatriation = (
        Repatriation.objects.filter(case=case, pk=repatriation_id)
        .select_related("sending_organisation", "receiving_organisation", "from_state", "to_state")
        .first()
    )
    require(repatriation is not None)
    return _transition_page(request, case, access, repatriation, transition, done_url=_care_url(case))


def _transition_page(request, case, access, repatriation, transition, *, done_url, inbox=False):
    step = SPEC.step_or_404(transition)
    form = StepForm(request.POST or None, spec=SPEC, step=step, obj=repatriation)
    if request.method == "POST" and form.is_valid():
        try:
            services.repatriation_transition(
                actor=request.user,
                case=case,
                repatriation=repatriation,
                transition=transition,
                expected_version=form.cleaned_data["version"],
                values=form.values,
                note=form.cleaned_data.get("note") or "",
                clear=form.clear,
                clear_reason=form.cleaned_data.get(CLEAR_REASON) or "",
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Repatriation: %(step)s.") % {"step": step.label})
            if inbox and transition == "accept":
                return redirect(_care_url(case))
            return redirect(done_url)
    context = {
        "form": form,
        "title": step.label,
        "intro": step.help,
        "source": step.source,
        "submit": step.label,
        "cancel_url": done_url,
        "repatriation": repatriation,
        "danger": step.danger,
    }
    if inbox:
        return render(request, "care/incoming_action.html", context)
    return _form_page(
        request,
        case,
        access,
        form=form,
        title=step.label,
        submit=step.label,
        intro=step.help,
        cancel_url=done_url,
        extra={"source": step.source, "repatriation": repatriation, "danger": step.danger},
    )


# --- the receiving organisation's inbox -------------------------------------------------------


@role_required(Role.CASEWORKER, Role.ORG_ADMIN)
def inbox(request):
    organisation = request.membership.organisation
    return render(request, "care/inbox.html", {"organisation": organisation, **selectors.inbox_for(organisation)})


@role_required(Role.CASEWORKER, Role.ORG_ADMIN)
def incoming_move(request, repatriation_id, transition):
    if transition not in RECEIVING_TRANSITIONS:
        raise Http404
    repatriation = selectors.inbox_get(request.membership.organisation, repatriation_id)
    if repatriation is None:
        raise Http404
    if request.method == "GET":
        # What the request shares is case data too: the lead organisation sees who opened it.
        access_log_record(
            request=request,
            action=AccessLogEntry.Action.VIEW_CASE,
            case=repatriation.case,
            target=f"incoming handover {repatriation.pk}",
        )
    return _transition_page(
        request, repatriation.case, None, repatriation, transition, done_url=reverse("care:care_inbox"), inbox=True
    )


# --- rehabilitation plan and support ----------------------------------------------------------


@login_required
def priorities_edit(request, case_id):
    case, access = _care_case(request, case_id, need="can_record_care")
    require(access.can_see_care_text)
    plan = RehabilitationPlan.objects.filter(case=case).first() or RehabilitationPlan(case=case)
    form = PrioritiesForm(request.POST or None, instance=plan)
    if save_form(
        request,
        form,
        lambda data: services.plan_priorities_save(
            actor=request.user,
            case=case,
            priorities=data["priorities"],
            recorded_on=data["priorities_recorded_on"],
            expected_version=form.expected_version if plan.pk else None,
        ),
    ).saved:
        messages.success(request, _("Her priorities are saved."))
        return redirect(_care_url(case))
    return _form_page(
        request,
        case,
        access,
        form=form,
        title=_("Her priorities"),
        submit=_("Save"),
        intro=_("The plan starts from what she wants. Record it in her words."),
    )


@login_required
def goal_edit(request, case_id, goal_id=None):
    case, access = _care_case(request, case_id, need="can_record_care")
    require(access.can_see_care_text)
    if goal_id is None:
        goal = RehabilitationGoal(case=case)
    else:
        goal = RehabilitationGoal.objects.filter(case=case, pk=goal_id).first()
        require(goal is not None)
    form = GoalForm(request.POST or None, instance=goal, default_organisation=case.lead_organisation)
    if save_form(
        request,
        form,
        lambda data: services.goal_save(
            actor=request.user, case=case, goal=form.instance, expected_version=form.expected_version
        ),
    ).saved:
        messages.success(request, _("Goal saved."))
        return redirect(_care_url(case) + "#plan")
    return _form_page(
        request, case, access, form=form, title=_("Edit a goal") if goal.pk else _("Add a goal"), submit=_("Save")
    )


@login_required
def service_new(request, case_id):
    case, access = _care_case(request, case_id, need="can_record_care")
    require(access.can_see_care_text)
    goals = RehabilitationGoal.objects.filter(case=case).order_by("pk")
    membership = request.membership
    form = ServiceForm(
        request.POST or None,
        goals=goals,
        default_organisation=membership.organisation if membership else case.lead_organisation,
    )
    if save_form(
        request, form, lambda data: services.service_record(actor=request.user, case=case, service=form.instance)
    ).saved:
        messages.success(request, _("Service recorded."))
        return redirect(_care_url(case) + "#services")
    return _form_page(request, case, access, form=form, title=_("Record a service she received"), submit=_("Save"))


@login_required
def support_new(request, case_id):
    case, access = _care_case(request, case_id, need="can_record_collective_support")
    form = SupportForm(request.POST or None)
    if save_form(
        request, form, lambda data: services.support_record(actor=request.user, case=case, contact=form.instance)
    ).saved:
        messages.success(request, _("Support recorded. Thank you."))
        return redirect(_care_url(case) + "#support")
    return _form_page(request, case, access, form=form, title=_("Record support you gave"), submit=_("Save"))


# --- shelter homes ----------------------------------------------------------------------------


@role_required(Role.ORG_ADMIN, Role.COORDINATOR)
def shelter_list(request):
    return render(
        request,
        "care/shelter_list.html",
        {"shelters": selectors.shelter_list(), "scheme_note": ShelterHome.SCHEME_NOTE},
    )


@role_required(Role.ORG_ADMIN, Role.COORDINATOR)
def shelter_edit(request, shelter_id=None):
    if shelter_id is None:
        shelter = ShelterHome()
    else:
        shelter = ShelterHome.objects.filter(pk=shelter_id).first()
        if shelter is None:
            raise Http404
    form = ShelterForm(request.POST or None, instance=shelter)
    if save_form(
        request,
        form,
        lambda data: services.shelter_save(
            actor_membership=request.membership, shelter=form.instance, expected_version=form.expected_version
        ),
    ).saved:
        messages.success(request, _("Shelter home saved."))
        return redirect("care:shelter_list")
    return render(request, "care/shelter_form.html", {"form": form, "shelter": shelter})
