"""Accused pages: recording an accused person on the investigation tab and editing the
record, and the coordinators' review of possible matches across cases. Thin, as every legal page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.permissions import require
from cases.web import case_or_404
from core.arguments import versioned_edit
from core.web import refusal_messages, save_form
from legal.accused import forms as accused_forms
from legal.accused import selectors as accused_selectors
from legal.accused import services as accused_services
from legal.accused.display import phones_display
from legal.models import (
    AccusedMatchAlert,
    CaseAccused,
    FIRAccused,
)
from legal.web import investigation_done, investigation_form_page, is_coordinator

# --- accused -------------------------------------------------------------------------------


@login_required
def accused_new(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation and access.can_see_investigation_details)
    form = accused_forms.AccusedForm(request.POST or None)
    offers = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = data["decision"]
        visible, _hidden = accused_services.accused_matches(
            actor=request.user, names=data["names"], aliases=data["aliases"], phones=data["phones"]
        )
        if not decision and visible:
            # Offer only records on cases she may see (one offer per person, with what was
            # recorded on the matching case); the rest is never mentioned to her.
            offers = accused_services.accused_offers(visible)
            others = accused_selectors.other_cases_of_accused(request.user, offers, exclude_case=None)
            for accused in offers:
                accused.visible_cases = others.get(accused.pk, [])
        else:
            link_to = None
            if decision and decision != "new":
                link_to = next((a for a in visible if str(a.pk) == decision), None)
                if link_to is None:
                    raise Http404

            def record(data):
                fields = {name: value for name, value in data.items() if name not in ("role", "decision")}
                return accused_services.accused_record(
                    actor=request.user, case=case, role=data["role"], link_to=link_to, **fields
                )

            if save_form(request, form, record).saved:
                return investigation_done(request, case, _("Accused person recorded."), "#accused")
    return investigation_form_page(
        request,
        case,
        access,
        title=_("Record an accused person"),
        intro=_("If the same phone number or name is already recorded on a case you work on, you will be asked."),
        form=form,
        submit=_("Continue"),
        template="legal/accused_new.html",
        offers=offers,
    )


@login_required
def accused_edit(request, case_id, accused_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_investigation and access.can_see_investigation_details)
    link = get_object_or_404(CaseAccused.objects.select_related("accused"), case=case, accused_id=accused_id)
    accused = link.accused
    initial = {
        "names": accused.names,
        "aliases": accused.aliases,
        "phones": phones_display(accused.phones),  # each once, normalised (saved so if she saves)
        "addresses": accused.addresses,
        "description": accused.description,
        "version": accused.version,
    }
    form = accused_forms.AccusedEditForm(request.POST or None, initial=initial)
    if save_form(
        request,
        form,
        lambda data: accused_services.accused_update(
            actor=request.user,
            case=case,
            accused=accused,
            **versioned_edit({name: value for name, value in data.items() if name not in ("role", "decision")}),
        ),
    ).saved:
        return investigation_done(request, case, _("Accused person's details saved."), "#accused")
    return investigation_form_page(
        request,
        case,
        access,
        title=_("Edit %(accused)s") % {"accused": accused},
        intro=_(
            "These are the details recorded on this case. Other cases of the same person keep what their teams "
            "recorded: your edit does not change them."
        ),
        form=form,
    )


@login_required
@require_POST
def fir_accused_share(request, case_id, fir_id, link_id):
    """Her lawyer's button: show this accused on her own page, or hide it ("shared" = "1" or "0")."""
    case, _access = case_or_404(request, case_id)
    link = get_object_or_404(FIRAccused.objects.select_related("accused"), fir__case=case, fir_id=fir_id, pk=link_id)
    shared = request.POST.get("shared") == "1"
    accused_services.fir_accused_share(actor=request.user, case=case, link=link, shared=shared)
    messages.success(request, _("Shown on her own page.") if shared else _("Hidden from her own page."))
    return redirect(reverse("legal:investigation", args=[case.pk]) + f"#fir-{link.fir_id}")


@login_required
def match_alerts(request):
    if not is_coordinator(request):
        raise Http404
    alerts = list(accused_selectors.match_alerts_for_review())
    cases = accused_selectors.match_alert_cases(alerts)
    for alert in alerts:
        alert.new_cases = cases.get(alert.accused_id, [])
        alert.old_cases = cases.get(alert.matches_id, [])
    return render(request, "legal/match_alerts.html", {"alerts": alerts, "form": accused_forms.MatchReviewForm()})


@login_required
@require_POST
def match_alert_review(request, alert_id):
    if not is_coordinator(request):
        raise Http404
    alert = get_object_or_404(AccusedMatchAlert, pk=alert_id)
    form = accused_forms.MatchReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose same person or different people."))
        return redirect("legal:match_alerts")
    try:
        accused_services.match_alert_review(
            actor=request.user, alert=alert, same_person=form.cleaned_data["decision"] == "same"
        )
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("Possible match reviewed."))
    return redirect("legal:match_alerts")
