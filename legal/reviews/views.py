"""Review pages: a caseworker asks a lawyer to review the case file, the lawyer answers
the checklist, and a lawyer's queue of reviews to do.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases.permissions import require
from cases.web import case_or_404, render_case_tab
from consortium.models import Role
from core.web import save_form
from legal import forms as legal_forms
from legal.models import (
    LawyerReview,
)
from legal.reviews import forms as review_forms
from legal.reviews import selectors as review_selectors
from legal.reviews import services as review_services
from legal.web import court_form_page, court_tab

# --- lawyer review -------------------------------------------------------------------------


@login_required
def review_new(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_request_review)
    form = review_forms.ReviewRequestForm(request.POST or None, case=case)
    saved, review = save_form(
        request, form, lambda data: review_services.review_request(actor=request.user, case=case, **data)
    )
    if saved:
        messages.success(
            request,
            _("%(lawyer)s has been asked to review the case file.") % {"lawyer": review.lawyer.display_name},
        )
        return redirect(court_tab(case, "#reviews"))
    if not legal_forms.team_lawyers(case).exists():
        form = None
    return court_form_page(
        request,
        case,
        access,
        title=_("Ask a lawyer to review the case file"),
        intro=_("The lawyer sees your question in her review queue and answers with findings and a checklist."),
        form=form,
        submit=_("Send"),
        template="legal/review_new.html",
    )


@login_required
def review_detail(request, case_id, review_id):
    case, access = case_or_404(request, case_id)
    require(access.can_see_reviews)
    review = get_object_or_404(LawyerReview.objects.select_related("requested_by", "lawyer"), case=case, pk=review_id)
    may_answer = access.can_answer_review and review.lawyer_id == request.user.pk and review.is_open
    if request.method == "POST" and not may_answer:
        raise Http404
    form = None
    if may_answer:
        initial = {"version": review.version, "findings": review.findings}
        initial.update({item["name"]: item["answer"] for item in review.checklist})
        form = review_forms.ReviewAnswerForm(request.POST or None, initial=initial)
        sign_off = request.POST.get("action") == "sign_off"

        def answer(data):
            return review_services.review_save(
                actor=request.user,
                review=review,
                expected_version=data["version"],
                findings=data["findings"],
                checklist=form.checklist(),
                sign_off=sign_off,
            )

        if save_form(request, form, answer).saved:
            if sign_off:
                messages.success(
                    request,
                    _("Review signed off. %(name)s has been told.") % {"name": review.requested_by.display_name},
                )
                return redirect("legal:review_queue")
            messages.success(request, _("Draft saved."))
            return redirect("legal:review_detail", case_id=case.pk, review_id=review.pk)
    return render_case_tab(request, "legal/review_detail.html", case, access, "court", review=review, form=form)


# --- across cases: review queue, calendars -------------------------------------------------


@login_required
def review_queue(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    queue = list(review_selectors.review_queue(request.user))
    return render(
        request,
        "legal/review_queue.html",
        {
            "queue": queue,
            "signed_off": review_selectors.reviews_signed_off_for(request.user),
            "asked": review_selectors.reviews_asked_by(request.user),
            "is_lawyer": membership.role == Role.LAWYER,
        },
    )
