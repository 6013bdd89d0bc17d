"""Investigation pages: the tab, FIRs and their steps, charges, chains, arrests, statements,
medical examinations, requests, advocacy and failure tags. Thin: the case comes from
cases.web.case_or_404 (visibility, 404 and refusal logging), permission from CaseAccess,
writes from legal.investigation.services. Sub-objects are always fetched through the case
(`FIR.objects.filter(case=case, pk=...)`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from cases.audit import access_log_record
from cases.models import AccessLogEntry
from cases.permissions import require
from cases.web import case_form_page, case_or_404, render_case_tab
from cases.workflow import stage_label
from core.arguments import versioned_edit
from core.query_params import parse_id
from core.web import refusal_messages, save_form
from core.workflow import CLEAR_REASON, StepForm, add_errors, display_value
from legal.accused import selectors as accused_selectors
from legal.investigation import forms, selectors, services
from legal.investigation.workflow import INVESTIGATION
from legal.models import (
    FIR,
    Act,
    AdvocacyAction,
    Charge,
    FailurePoint,
    FailureTag,
    FIRAccused,
    MedicalExamination,
    PoliceRequest,
)
from legal.models.investigation import has_rescue_date
from legal.web import investigation_done, investigation_form_page, investigation_tab, is_coordinator


def _fir_or_404(case, fir_id) -> FIR:
    return get_object_or_404(FIR.objects.select_related("state", "case", "chain"), case=case, pk=fir_id)


# --- the tab -------------------------------------------------------------------------------


@login_required
def investigation(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_see_investigation)
    access_log_record(request=request, action=AccessLogEntry.Action.VIEW_CASE, case=case, target="investigation")
    context = selectors.investigation_page(request.user, case, access)
    return render_case_tab(request, "legal/investigation.html", case, access, "investigation", **context)


# --- FIRs ----------------------------------------------------------------------------------


@login_required
def fir_new(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    initial = {"state": case.destination_state_id, "chain_role": "destination"}
    form = forms.FIRForm(
        request.POST or None, initial=initial, show_officer_contact=access.can_see_investigation_details
    )
    saved, fir = save_form(request, form, lambda data: services.fir_create(actor=request.user, case=case, **dict(data)))
    if saved:
        return investigation_done(request, case, _("%(fir)s recorded.") % {"fir": fir}, f"#fir-{fir.pk}")
    return investigation_form_page(
        request,
        case,
        access,
        title=_("Record a police case"),
        intro=_(
            "Start with the complaint; record the FIR or the zero FIR as the next step once it happens. "
            "The rescue is recorded once, on the Care tab."
        ),
        form=form,
    )


@login_required
def fir_edit(request, case_id, fir_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    fir = _fir_or_404(case, fir_id)
    form = forms.FIREditForm(
        request.POST or None,
        instance=fir,
        initial={"version": fir.version},
        show_officer_contact=access.can_see_investigation_details,
    )
    if save_form(
        request,
        form,
        lambda data: services.fir_update(actor=request.user, fir=form.instance, **versioned_edit(data)),
    ).saved:
        return investigation_done(request, case, _("FIR details saved."), f"#fir-{fir.pk}")
    return investigation_form_page(request, case, access, title=_("Edit %(fir)s") % {"fir": fir}, form=form, fir=fir)


@login_required
def fir_move(request, case_id, fir_id, transition):
    """One step of the investigation, on a form prefilled with what the FIR records: saving it
    as shown keeps every recorded value; emptying one needs "clear recorded values" and a reason."""
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    fir = _fir_or_404(case, fir_id)
    step = INVESTIGATION.step_or_404(transition)
    form = StepForm(request.POST or None, spec=INVESTIGATION, step=step, obj=fir, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.fir_transition(
                actor=request.user,
                fir=fir,
                transition=step.name,
                expected_version=form.cleaned_data["version"],
                data=form.values,
                note=form.cleaned_data["note"],
                clear=form.clear,
                clear_reason=form.cleaned_data[CLEAR_REASON],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return investigation_done(
                request,
                case,
                _("%(fir)s: now %(stage)s.") % {"fir": moved, "stage": stage_label(moved)},
                f"#fir-{fir.pk}",
            )
    allowed = getattr(FIR, step.name)._django_fsm.has_transition(fir.stage)
    intro = (
        _("Now: %(stage)s.") % {"stage": stage_label(fir)}
        if allowed
        else _("This cannot be done at the stage “%(stage)s”.") % {"stage": stage_label(fir)}
    )
    if step.name == "record_rescue":
        rescued_on = fir.rescued_on
        intro += " " + (
            _("Rescue recorded on the Care tab: %(day)s.") % {"day": display_value(rescued_on)}
            if rescued_on
            else str(has_rescue_date.message)
        )
    if step.name == "file_chargesheet":
        live = [c.section.label for c in fir.charges.filter(dropped_at__isnull=True).select_related("section__act")]
        intro += " " + (
            _("Sections charged: %(sections)s.") % {"sections": ", ".join(live)}
            if live
            else _("No section is recorded yet: add the sections charged first (Sections on this FIR).")
        )
    return investigation_form_page(
        request,
        case,
        access,
        title=f"{step.label}: {fir}",
        intro=intro,
        form=form,
        fir=fir,
        submit=step.label,
        template="legal/fir_move.html",
        step=step,
    )


@login_required
def fir_charges(request, case_id, fir_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    fir = _fir_or_404(case, fir_id)
    # The general code by the offence date (IPC before 1 July 2024, else BNS) is offered first.
    form = forms.ChargeForm(request.POST or None, initial={"act": Act.objects.filter(code=fir.offence_code).first()})
    saved, added = save_form(
        request,
        form,
        lambda data: services.charges_add(actor=request.user, fir=fir, act=data["act"], numbers=data["number"]),
    )
    if saved:
        labels = ", ".join(charge.section.label for charge in added)
        return investigation_done(request, case, _("Added: %(sections)s.") % {"sections": labels}, f"#fir-{fir.pk}")
    charges = Charge.objects.filter(fir=fir).select_related(
        "section__act", "section__counterpart__act", "added_by", "dropped_by"
    )
    return investigation_form_page(
        request,
        case,
        access,
        title=_("Sections on %(fir)s") % {"fir": fir},
        intro=_(
            "Choose the code applied (IPC for offences before 1 July 2024, BNS after) and type one section "
            "or several, separated by commas. If one is wrong, none is saved and the error names it."
        ),
        form=form,
        fir=fir,
        submit=_("Add sections"),
        template="legal/charges.html",
        charges=charges,
    )


@login_required
@require_POST
def fir_charge_drop(request, case_id, fir_id, charge_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    fir = _fir_or_404(case, fir_id)
    charge = get_object_or_404(Charge, fir=fir, pk=charge_id)
    form = forms.ChargeDropForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the section is dropped."))
        return redirect("legal:fir_charges", case_id=case.pk, fir_id=fir.pk)
    try:
        services.charge_drop(actor=request.user, fir=fir, charge=charge, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("%(section)s dropped.") % {"section": charge.section.label})
    return redirect("legal:fir_charges", case_id=case.pk, fir_id=fir.pk)


def _fir_versioned_action(request, case_id, fir_id, *, form_class, title, submit, call, initial=None):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    fir = _fir_or_404(case, fir_id)
    form = form_class(request.POST or None, initial={"version": fir.version, **(initial or {})})
    if save_form(request, form, lambda data: call(fir, data)).saved:
        return investigation_done(request, case, _("Saved."), f"#fir-{fir.pk}")
    return investigation_form_page(request, case, access, title=f"{title}: {fir}", form=form, fir=fir, submit=submit)


@login_required
def fir_ahtu(request, case_id, fir_id):
    return _fir_versioned_action(
        request,
        case_id,
        fir_id,
        form_class=forms.AhtuForm,
        title=_("Handed to an AHTU"),
        submit=_("Record the handover"),
        call=lambda fir, data: services.fir_ahtu_transfer(
            actor=request.user,
            fir=fir,
            unit=data["ahtu_unit"],
            on=data["ahtu_transferred_on"],
            expected_version=data["version"],
        ),
    )


@login_required
def fir_survivor_informed(request, case_id, fir_id):
    return _fir_versioned_action(
        request,
        case_id,
        fir_id,
        form_class=forms.SurvivorInformedForm,
        title=_("Police informed the survivor"),
        submit=_("Record"),
        call=lambda fir, data: services.fir_survivor_informed(
            actor=request.user, fir=fir, on=data["survivor_informed_on"], expected_version=data["version"]
        ),
    )


@login_required
def fir_chain(request, case_id, fir_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    fir = _fir_or_404(case, fir_id)
    form = forms.ChainLinkForm(request.POST or None, firs=selectors.linkable_firs(request.user, fir))
    saved, chain = save_form(
        request, form, lambda data: services.chain_link(actor=request.user, fir=fir, other=data["other"])
    )
    if saved:
        return investigation_done(request, case, _("Linked in chain %(chain)s.") % {"chain": chain}, f"#fir-{fir.pk}")
    return investigation_form_page(
        request,
        case,
        access,
        title=_("Link %(fir)s to a trafficking chain") % {"fir": fir},
        intro=_(
            "Link the FIR in the source state with the one in the destination state (and any transit state). "
            "Only FIRs of cases you work on are listed."
        ),
        form=form,
        fir=fir,
        submit=_("Link"),
    )


@login_required
@require_POST
def fir_chain_unlink(request, case_id, fir_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    fir = _fir_or_404(case, fir_id)
    try:
        services.chain_unlink(actor=request.user, fir=fir)
    except ValidationError as exc:
        refusal_messages(request, exc)
        return redirect(investigation_tab(case))
    return investigation_done(request, case, _("Taken out of the chain."), f"#fir-{fir.pk}")


@login_required
def fir_tags(request, case_id, fir_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    fir = _fir_or_404(case, fir_id)
    form = forms.FailureTagForm(request.POST or None)
    if save_form(
        request,
        form,
        lambda data: services.failure_tag_add(
            actor=request.user,
            fir=fir,
            failure_point=data["failure_point"],
            note=data["note"],
        ),
    ).saved:
        return investigation_done(request, case, _("Failure point tagged."), f"#fir-{fir.pk}")
    return investigation_form_page(
        request,
        case,
        access,
        title=_("Tag where the system failed: %(fir)s") % {"fir": fir},
        intro=_("Tags are counted across all cases to show where investigations fail."),
        form=form,
        fir=fir,
        submit=_("Tag"),
    )


@login_required
@require_POST
def fir_tag_remove(request, case_id, fir_id, tag_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    fir = _fir_or_404(case, fir_id)
    tag = get_object_or_404(FailureTag, fir=fir, pk=tag_id)
    try:
        services.failure_tag_remove(actor=request.user, fir=fir, tag=tag)
    except ValidationError as exc:
        refusal_messages(request, exc)
        return redirect(investigation_tab(case))
    return investigation_done(request, case, _("Tag removed."), f"#fir-{fir.pk}")


@login_required
def fir_accused_add(request, case_id, fir_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation and access.can_see_investigation_details)
    fir = _fir_or_404(case, fir_id)
    form = forms.FIRAccusedAddForm(request.POST or None, case_accused=accused_selectors.case_accused_list(case))
    if save_form(
        request,
        form,
        lambda data: services.fir_accused_add(
            actor=request.user,
            fir=fir,
            accused=data["accused"].accused,
            named_in_fir=data["named_in_fir"],
        ),
    ).saved:
        return investigation_done(request, case, _("Accused added to the FIR."), f"#fir-{fir.pk}")
    return investigation_form_page(
        request,
        case,
        access,
        title=_("Accused on %(fir)s") % {"fir": fir},
        intro=_("Record the person on the case first (Accused persons), then add them to each FIR."),
        form=form,
        fir=fir,
        submit=_("Add"),
    )


@login_required
def fir_accused_edit(request, case_id, fir_id, link_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation and access.can_see_investigation_details)
    fir = _fir_or_404(case, fir_id)
    link = get_object_or_404(FIRAccused.objects.select_related("accused", "fir"), fir=fir, pk=link_id)
    link.fir = fir
    form = forms.ArrestForm(request.POST or None, instance=link, initial={"version": link.version})
    if save_form(
        request,
        form,
        lambda data: services.fir_accused_update(actor=request.user, link=form.instance, **versioned_edit(data)),
    ).saved:
        return investigation_done(request, case, _("Arrest and bail saved."), f"#fir-{fir.pk}")
    return investigation_form_page(
        request,
        case,
        access,
        title=_("Arrest and bail: %(name)s on %(fir)s") % {"name": link.accused.display_name, "fir": fir},
        intro=_("The chargesheet is due 60 days after an arrest, or 90 for offences punishable with 10 years or more."),
        form=form,
        fir=fir,
    )


# --- statements, medical ----------------------------------------------------------------


@login_required
def statement_new(request, case_id, fir_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation and access.can_see_investigation_details)
    fir = _fir_or_404(case, fir_id)
    form = forms.StatementForm(request.POST or None)
    if save_form(request, form, lambda data: services.statement_record(actor=request.user, fir=fir, **data)).saved:
        return investigation_done(request, case, _("Statement recorded."), f"#fir-{fir.pk}")
    return investigation_form_page(
        request, case, access, title=_("Statement on %(fir)s") % {"fir": fir}, form=form, fir=fir
    )


MEDICAL_INTRO = _lazy(
    "BNSS 184(1) / CrPC 164A(1): a victim of rape or attempted rape is examined, with her consent, within 24 hours "
    "of the police receiving the information; the report reaches the investigating officer within 7 days "
    "(BNSS 184(6)). This is the one record of the examination: the Care and Investigation tabs show the same."
)


@login_required
def medical_new(request, case_id):
    """Record a medical examination: the same form and service from the Investigation tab and, with
    ?from=care, from the Care tab (which it then returns to)."""
    case, access = case_or_404(request, case_id)
    require(access.can_record_medical_examination)
    from_care = request.GET.get("from") == "care"
    if from_care:
        require(access.can_see_care_records)
    form = forms.MedicalForm(request.POST or None, case=case)
    if save_form(request, form, lambda data: services.medical_exam_record(actor=request.user, case=case, **data)).saved:
        if from_care:
            messages.success(request, _("Medical examination recorded."))
            return redirect(reverse("care:case_care", kwargs={"case_id": case.pk}) + "#rescue")
        return investigation_done(request, case, _("Medical examination recorded."), "#medical")
    if from_care:
        care = reverse("care:case_care", kwargs={"case_id": case.pk})
        return case_form_page(
            request,
            case,
            access,
            "care",
            title=_("Record the medical examination"),
            form=form,
            intro=MEDICAL_INTRO,
            cancel_url=care,
            cancel_label=_("Back to Care"),
            back=[(_("Care"), care)],
        )
    return investigation_form_page(
        request, case, access, title=_("Medical examination"), intro=MEDICAL_INTRO, form=form
    )


@login_required
def medical_report(request, case_id, exam_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation and access.can_see_investigation_details)
    exam = get_object_or_404(MedicalExamination, case=case, pk=exam_id)
    form = forms.MedicalReportForm(request.POST or None, initial={"version": exam.version})
    if save_form(
        request,
        form,
        lambda data: services.medical_report_record(
            actor=request.user,
            exam=exam,
            report_on=data["report_on"],
            expected_version=data["version"],
        ),
    ).saved:
        return investigation_done(request, case, _("Medical report recorded."), "#medical")
    return investigation_form_page(request, case, access, title=_("Medical report received"), form=form)


# --- requests, advocacy -------------------------------------------------------------------


@login_required
def request_new(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    initial = {
        "from_organisation": getattr(getattr(request, "membership", None), "organisation_id", None),
        "to_state": case.destination_state_id,
    }
    form = forms.PoliceRequestForm(request.POST or None, case=case, initial=initial)
    if save_form(
        request, form, lambda data: services.police_request_create(actor=request.user, case=case, **data)
    ).saved:
        return investigation_done(request, case, _("Request recorded."), "#requests")
    return investigation_form_page(
        request,
        case,
        access,
        title=_("Request to police or an organisation in another state"),
        form=form,
        submit=_("Record the request"),
    )


@login_required
def request_update(request, case_id, request_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    police_request = get_object_or_404(PoliceRequest, case=case, pk=request_id)
    reminder_form = forms.ReminderForm(request.POST if request.POST.get("action") == "remind" else None, prefix="r")
    close_form = forms.RequestCloseForm(
        request.POST if request.POST.get("action") == "close" else None,
        prefix="c",
        initial={"version": police_request.version},
    )
    # Two forms on the page, told apart by the button pressed.
    action = request.POST.get("action")

    def remind(data):
        return services.police_request_remind(
            actor=request.user, request=police_request, sent_on=data["sent_on"], note=data["note"]
        )

    if action == "remind" and save_form(request, reminder_form, remind).saved:
        return investigation_done(request, case, _("Reminder recorded."), "#requests")

    def close(data):
        return services.police_request_close(
            actor=request.user,
            request=police_request,
            expected_version=data["version"],
            status=data["status"],
            responded_on=data["responded_on"],
            response=data["response"],
        )

    if action == "close" and save_form(request, close_form, close).saved:
        return investigation_done(request, case, _("Request updated."), "#requests")
    return render_case_tab(
        request,
        "legal/request_update.html",
        case,
        access,
        "investigation",
        police_request=police_request,
        reminder_form=reminder_form,
        close_form=close_form,
    )


@login_required
def advocacy_new(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    form = forms.AdvocacyForm(request.POST or None, case=case)
    if save_form(request, form, lambda data: services.advocacy_create(actor=request.user, case=case, **data)).saved:
        return investigation_done(request, case, _("Advocacy action recorded."), "#advocacy")
    return investigation_form_page(request, case, access, title=_("Advocacy action"), form=form, submit=_("Record"))


@login_required
def advocacy_outcome(request, case_id, action_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation)
    action = get_object_or_404(AdvocacyAction, case=case, pk=action_id)
    form = forms.AdvocacyOutcomeForm(
        request.POST or None,
        initial={"version": action.version, "outcome": action.outcome, "outcome_on": action.outcome_on},
    )
    if save_form(
        request,
        form,
        lambda data: services.advocacy_outcome(
            actor=request.user,
            action=action,
            expected_version=data["version"],
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
        ),
    ).saved:
        return investigation_done(request, case, _("Outcome recorded."), "#advocacy")
    return investigation_form_page(
        request, case, access, title=_("Outcome: %(action)s") % {"action": action}, form=form
    )


@login_required
def chain_list(request):
    chains = selectors.chain_list_visible_to(request.user)
    return render(
        request,
        "legal/chain_list.html",
        {"chains": chains, "is_coordinator": is_coordinator(request)},
    )


@login_required
def failure_points(request):
    if not is_coordinator(request):
        raise Http404
    form = forms.FailurePointForm(request.POST or None)
    if request.method == "POST":
        if "toggle" in request.POST:
            point = FailurePoint.objects.filter(pk=parse_id(request.POST["toggle"])).first()
            if point is None:
                messages.error(request, _("Choose a failure point from the list."))
                return redirect("legal:failure_points")
            services.failure_point_set_active(actor=request.user, point=point, active=not point.is_active)
            messages.success(request, _("Failure point updated."))
            return redirect("legal:failure_points")
        if save_form(
            request, form, lambda data: services.failure_point_create(actor=request.user, name=data["name"])
        ).saved:
            messages.success(request, _("Failure point added."))
            return redirect("legal:failure_points")
    return render(request, "legal/failure_points.html", {"points": selectors.failure_point_counts(), "form": form})
