"""Compensation pages. Thin: the case comes from cases.web.case_or_404 (visibility and the
access log), permissions from cases.permissions, writes from compensation.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.audit import access_log_record
from cases.models import AccessLogEntry, CaseDocument
from cases.permissions import require
from cases.selectors import stages_reached
from cases.web import case_form_page, case_or_404, render_case_tab
from consortium.models import Role
from consortium.permissions import role_required
from core.dates import day_text
from core.web import Saved, refusal_messages, save_form
from core.workflow import StepForm, add_errors

from . import display, eligibility, selectors, services
from .forms import (
    ClaimEditForm,
    ClaimFilterForm,
    ClaimScreenForm,
    DocumentLinkForm,
    PaymentForm,
    SchemeForm,
    SchemeLineFormSet,
)
from .models import PAYABLE, Scheme, Stage
from .workflow import SPEC

PAGE_SIZE = 25


def _claim_or_404(request, case_id, claim_id):
    case, access = case_or_404(request, case_id)
    claim = selectors.claim_get(case, claim_id)
    require(claim is not None)  # a claim of another case, or none: 404, logged by cases.middleware
    return case, access, claim


def _claim_context(claim, access, grouped_documents, reached=None):
    return {
        "claim": claim,
        "stepper": display.stepper(claim, reached),
        "requirements": selectors.requirement_rows(claim, grouped_documents),
        "missing": claim.missing_requirements(),
        "next_steps": display.next_steps(claim, access) if access.can_manage_compensation else [],
        "may_pay": access.can_manage_compensation and claim.stage in PAYABLE,
    }


def _history(claim):
    history = list(selectors.claim_history(claim))
    for row in history:
        row.to_label = Stage(row.to_stage).label if row.to_stage in Stage.values else row.to_stage
        step = SPEC.by_name.get(row.transition)
        row.step_label = step.label if step else ""
    return history


@login_required
def compensation_tab(request, case_id):
    case, access = case_or_404(request, case_id)
    access_log_record(request=request, action=AccessLogEntry.Action.VIEW_CASE, case=case, target="compensation")
    claims = selectors.claim_list_for_case(case)
    grouped = selectors.documents_by_type(case) if access.can_see_documents else {}
    with eligibility.reading(case):  # the court cases and charges are read once for every claim
        for claim in claims:
            claim.case = case
        screening = eligibility.screen_case(case, claims=claims)
        reached = stages_reached(case, "compensation")
        return render_case_tab(
            request,
            "compensation/case_tab.html",
            case,
            access,
            "compensation",
            screening=screening,
            findings=eligibility.case_offence_findings(case),
            claims=[_claim_context(claim, access, grouped, reached.get(claim.subject_key)) for claim in claims],
        )


@login_required
def claim_new(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_manage_compensation)
    initial = {}
    if code := request.GET.get("scheme"):
        scheme = services.scheme_version_in_force(code[:40], case=case)
        if scheme is not None and scheme.is_claimable:
            categories = eligibility.case_offence_categories(case)
            lines = list(scheme.lines.all())
            chosen = next((ln for ln in lines if ln.category in categories), lines[0] if lines else None)
            initial["line"] = chosen
            if chosen is not None and chosen.category in eligibility.LINE_BASIS:
                initial["offence_basis"] = eligibility.LINE_BASIS[chosen.category]
            if scheme.state_id:
                initial["authority_state"] = scheme.state
            if scheme.code == "bonded-labour-2016":
                initial["authority_level"] = "district_magistrate"
    form = ClaimScreenForm(request.POST or None, case=case, initial=initial)
    saved, claim = save_form(
        request,
        form,
        lambda data: services.claim_screen(
            actor=request.user,
            case=case,
            **form.service_data(),
        ),
    )
    if saved:
        messages.success(request, _("Claim started. Link the missing documents, then file it."))
        return redirect("compensation:claim_detail", case_id=case.pk, claim_id=claim.pk)
    return case_form_page(
        request,
        case,
        access,
        "compensation",
        title=_("Start a compensation claim"),
        intro=_(
            "Choose the scheme and the offence the claim is for. The screening checklist on the Compensation tab "
            "shows which schemes apply and the amounts; documents already on the case are linked for you."
        ),
        form=form,
        submit=_("Start the claim"),
        cancel_url=reverse("compensation:compensation_tab", args=[case.pk]),
        back=[(_("Compensation"), reverse("compensation:compensation_tab", args=[case.pk]))],
        once=True,
    )


@login_required
def claim_detail(request, case_id, claim_id):
    case, access, claim = _claim_or_404(request, case_id, claim_id)
    access_log_record(request=request, action=AccessLogEntry.Action.VIEW_CASE, case=case, target=f"claim {claim.pk}")
    grouped = selectors.documents_by_type(case) if access.can_see_documents else {}
    payments = list(claim.payments.all())
    claim.case = case
    history = _history(claim)
    with eligibility.reading(case):
        return render_case_tab(
            request,
            "compensation/claim_detail.html",
            case,
            access,
            "compensation",
            history=history,
            deadlines=selectors.claim_deadlines(claim),
            payments=payments,
            summary=display.payment_summary(claim, payments),
            time_bar=display.time_bar_text(claim),
            guidance=display.guidance(claim),
            **_claim_context(claim, access, grouped, {row.to_stage for row in history}),
        )


@login_required
def claim_edit(request, case_id, claim_id):
    case, access, claim = _claim_or_404(request, case_id, claim_id)
    require(access.can_manage_compensation)
    initial = {
        "claim_number": claim.claim_number,
        "offence_basis": claim.offence_basis,
        "authority_level": claim.authority_level,
        "authority_state": claim.authority_state,
        "authority_district": claim.authority_district,
        "amount_claimed": claim.amount_claimed,
        "claimed_above_max_reason": claim.claimed_above_max_reason,
        "screened_on": claim.screened_on,
        "version": claim.version,
    }
    form = ClaimEditForm(request.POST or None, initial=initial)
    if save_form(
        request,
        form,
        lambda data: services.claim_update(
            actor=request.user,
            claim=claim,
            expected_version=data["version"],
            claim_number=data["claim_number"],
            authority_level=data["authority_level"],
            authority_state=data["authority_state"],
            authority_district=data["authority_district"],
            amount_claimed=data["amount_claimed"],
            claimed_above_max_reason=data["claimed_above_max_reason"],
            offence_basis=data["offence_basis"],
            screened_on=data["screened_on"],
            screened_on_reason=data["screened_on_reason"],
        ),
    ).saved:
        messages.success(request, _("Claim details saved."))
        return redirect("compensation:claim_detail", case_id=case.pk, claim_id=claim.pk)
    return case_form_page(
        request,
        case,
        access,
        "compensation",
        title=_("Edit the claim's details"),
        form=form,
        cancel_url=reverse("compensation:claim_detail", args=[case.pk, claim.pk]),
        back=_claim_breadcrumbs(case, claim),
        claim=claim,
    )


@login_required
@require_POST
def claim_document_link(request, case_id, claim_id):
    case, access, claim = _claim_or_404(request, case_id, claim_id)
    require(access.can_manage_compensation and access.can_see_documents)
    form = DocumentLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a document from the list."))
        return redirect("compensation:claim_detail", case_id=case.pk, claim_id=claim.pk)
    document = None
    if form.cleaned_data["document"]:
        document = CaseDocument.objects.filter(case=case, pk=form.cleaned_data["document"]).first()
        require(document is not None)
    try:
        services.claim_document_link(
            actor=request.user, claim=claim, requirement=form.cleaned_data["requirement"], document=document
        )
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("Document linked.") if document else _("Document unlinked."))
    return redirect("compensation:claim_detail", case_id=case.pk, claim_id=claim.pk)


@login_required
def claim_transition(request, case_id, claim_id, transition):
    case, access, claim = _claim_or_404(request, case_id, claim_id)
    require(access.can_manage_compensation)
    offered = {step["name"]: step for step in display.next_steps(claim, access)}
    require(transition in offered)  # not a step of this stage: 404 like any other wrong URL
    step = SPEC.step_or_404(transition)
    form = StepForm(request.POST or None, spec=SPEC, step=step, obj=claim, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_transition(
                actor=request.user,
                claim=claim,
                transition=transition,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data.get("note") or "",
                values=form.values,
                clear=form.clear,
                clear_reason=form.cleaned_data.get("clear_reason") or "",
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": step.label})
            return redirect("compensation:claim_detail", case_id=case.pk, claim_id=claim.pk)
    return render_case_tab(
        request,
        "compensation/claim_transition.html",
        case,
        access,
        "compensation",
        form=form,
        claim=claim,
        step=offered[transition],
    )


@login_required
def claim_payment_new(request, case_id, claim_id):
    case, access, claim = _claim_or_404(request, case_id, claim_id)
    require(access.can_manage_compensation and claim.stage in PAYABLE)
    form = PaymentForm(request.POST or None, initial={"version": claim.version, "mode": "bank_transfer"})
    if save_form(
        request,
        form,
        lambda data: services.claim_payment_record(actor=request.user, claim=claim, **form.service_data()),
    ).saved:
        messages.success(request, _("Payment recorded."))
        return redirect("compensation:claim_detail", case_id=case.pk, claim_id=claim.pk)
    return case_form_page(
        request,
        case,
        access,
        "compensation",
        title=_("Record a payment"),
        form=form,
        submit=_("Record the payment"),
        cancel_url=reverse("compensation:claim_detail", args=[case.pk, claim.pk]),
        back=_claim_breadcrumbs(case, claim),
        once=True,
        template="compensation/payment_new.html",
        claim=claim,
    )


def _claim_breadcrumbs(case, claim) -> list[tuple[str, str]]:
    return [
        (_("Compensation"), reverse("compensation:compensation_tab", args=[case.pk])),
        (str(claim), reverse("compensation:claim_detail", args=[case.pk, claim.pk])),
    ]


# --- pages that are not about one case -------------------------------------------------------------------


@role_required(Role.CASEWORKER, Role.ORG_ADMIN, Role.LAWYER, Role.COORDINATOR)
def claim_list(request):
    form = ClaimFilterForm(request.GET or None)
    filters, ordering = {}, "newest"
    if form.is_valid():
        data = form.cleaned_data
        ordering = data["sort"] or ordering
        filters = {
            k: data[k]
            for k in ("stage", "scheme", "authority_level", "authority_state", "organisation", "overdue", "unpaid_days")
            if data[k]
        }
    claims = selectors.claim_list_for_page(request.user, filters=filters, ordering=ordering)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "compensation/_claim_rows.html" if request.htmx else "compensation/claim_list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": selectors.claim_counts(selectors.claim_list_for_page(request.user)),
        },
    )


@login_required
def scheme_list(request):
    return render(
        request,
        "compensation/scheme_list.html",
        {"schemes": selectors.scheme_list(), "may_edit": services.is_coordinator(request.user)},
    )


def _scheme_form_page(request, base: Scheme | None):
    initial, line_initial = {}, []
    if base is not None:
        initial = {
            field: getattr(base, field)
            for field in SchemeForm._meta.fields
            if field not in ("code", "effective_from") and hasattr(base, field)
        }
        line_initial = [
            {"category": ln.category, "label": ln.label, "min_amount": ln.min_amount, "max_amount": ln.max_amount}
            for ln in base.lines.all()
        ]
    form = SchemeForm(request.POST or None, base=base, initial=initial)
    lines = SchemeLineFormSet(request.POST or None, initial=line_initial, prefix="lines")

    def create(data):
        return services.scheme_version_create(actor=request.user, **data, lines=lines.rows(), base=base)

    # Its lines are a formset of their own: the version is saved when both are valid.
    saved, scheme = save_form(request, form, create) if lines.is_valid() else Saved(False)
    if saved:
        messages.success(
            request,
            _("%(scheme)s: version in force from %(day)s saved.")
            % {"scheme": scheme.short_name, "day": day_text(scheme.effective_from)},
        )
        for warning in eligibility.cvcf_shortfalls(scheme):
            messages.warning(request, _("Below the CVCF minimums: %(warning)s") % {"warning": warning})
        return redirect("compensation:scheme_list")
    return render(request, "compensation/scheme_form.html", {"form": form, "lines": lines, "base": base})


@role_required(Role.COORDINATOR)
def scheme_new(request):
    return _scheme_form_page(request, None)


@role_required(Role.COORDINATOR)
def scheme_version_new(request, scheme_id):
    base = Scheme.objects.filter(pk=scheme_id).prefetch_related("lines").first()
    if base is None:
        raise Http404
    return _scheme_form_page(request, base)
