"""The law reference: every act, section, deadline rule and compensation scheme with its source
and in-force dates, for every member; sections with their history, kept by coordinators.

Reading is for any member (the law is no secret); changing is for coordinators, and the edit
pages answer 404 to anyone else, as the legal app's coordinator pages do."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from consortium.models import Role
from consortium.permissions import role_required
from core.web import save_form
from legal.models import Section
from legal.reference.forms import LawReferenceFilterForm, SectionForm
from legal.reference.selectors import LawFilters, law_filter_choices, law_reference, section_history
from legal.reference.services import BASELINE_REASON, section_save

EVERY_ROLE = tuple(Role.values)


def _may_edit(request) -> bool:
    """Coordinators keep reference data, as on the deadline-rule and scheme pages (acting as one now)."""
    return request.membership is not None and request.membership.role == Role.COORDINATOR


@role_required(*EVERY_ROLE)
def law_reference_page(request):
    act_choices, workflows = law_filter_choices()
    form = LawReferenceFilterForm(request.GET or None, act_choices=act_choices, workflows=workflows)
    filters = LawFilters()
    if form.is_bound and form.is_valid():
        cleaned = form.cleaned_data
        filters = LawFilters(
            q=cleaned["q"].strip(), act=cleaned["act"], workflow=cleaned["workflow"], practice_only=cleaned["practice"]
        )
    return render(
        request,
        "legal/reference_law.html",
        {
            "form": form,
            "filters": filters,
            "may_edit": _may_edit(request),
            **law_reference(filters),
        },
    )


@role_required(*EVERY_ROLE)
def section_detail(request, section_id):
    section = get_object_or_404(Section.objects.select_related("act", "counterpart__act"), pk=section_id)
    return render(
        request,
        "legal/reference_section.html",
        {
            "section": section,
            "history": section_history(section),
            "may_edit": _may_edit(request),
            "baseline_reason": BASELINE_REASON,
        },
    )


def _section_form_page(request, section: Section | None):
    form = SectionForm(request.POST or None, section=section)
    ok, saved = save_form(
        request,
        form,
        lambda data: section_save(
            actor=request.user,
            section=section,
            **form.section_data(),
            reason=data["reason"],
            loaded_at=data.get("loaded_at"),
        ),
    )
    if ok:
        messages.success(
            request,
            (_("%(section)s added.") if section is None else _("%(section)s saved; the change is in its history."))
            % {"section": saved},
        )
        return redirect("legal:law_section_detail", section_id=saved.pk)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved: correct what is marked below."))
    return render(request, "legal/reference_section_form.html", {"form": form, "section": section})


@role_required(*EVERY_ROLE)
def section_edit(request, section_id):
    if not _may_edit(request):
        raise Http404
    section = get_object_or_404(Section.objects.select_related("act"), pk=section_id)
    return _section_form_page(request, section)


@role_required(*EVERY_ROLE)
def section_new(request):
    if not _may_edit(request):
        raise Http404
    return _section_form_page(request, None)
