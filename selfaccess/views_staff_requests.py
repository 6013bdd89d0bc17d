"""Her requests on the case, for her caseworkers (those who may record consent on the case): the
list, open first, and the answer shown to her."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cases.permissions import require
from cases.web import case_form_page, case_or_404, render_case_tab
from core.web import save_form

from . import requests
from .forms_requests import AnswerForm
from .models import SurvivorRequest


def _case(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_consent)
    return case, access


@login_required
def her_requests(request, case_id):
    case, access = _case(request, case_id)
    rows = list(requests.requests_on_case(case))
    return render_case_tab(request, "selfaccess/staff/requests.html", case, access, "consent", rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def her_request_answer(request, case_id, request_id):
    case, access = _case(request, case_id)
    # Another case's request: 404, like a missing one.
    survivor_request = requests.requests_on_case(case).filter(pk=request_id).first()
    require(survivor_request is not None)
    list_url = reverse("selfaccess_staff:her_requests", kwargs={"case_id": case.pk})
    # Already answered: the page says so, with no form. A POST still goes on to the service: a second
    # caseworker answering at once gets its conflict message.
    answered = request.method == "GET" and survivor_request.status != SurvivorRequest.Status.OPEN
    form = (
        None
        if answered
        else AnswerForm(request.POST if request.method == "POST" else None, survivor_request=survivor_request)
    )
    if (
        form is not None
        and save_form(
            request,
            form,
            lambda data: requests.request_answer(
                actor=request.user,
                case=case,
                request=survivor_request,
                outcome=data["outcome"],
                answer=data["answer"],
                expected_version=data["version"],
            ),
        ).saved
    ):
        messages.success(request, _("Answered. She sees the answer on her page."))
        return redirect(list_url)
    consent_change = survivor_request.kind == SurvivorRequest.Kind.CONSENT_CHANGE
    return case_form_page(
        request,
        case,
        access,
        "consent",
        title=_("Answer her request"),
        form=form,
        submit=_("Save the answer"),
        cancel_url=list_url,
        back=[(_("Her requests"), list_url)],
        intro=_(
            "A consent change takes effect only when it is recorded: stop it here, or record it on the Consent "
            "page first."
        )
        if consent_change
        else _("Your answer is shown to her on her page, with the date."),
        source=_("DPDP Act 2023, s. 6(4)") if consent_change else "",
        once=True,
        template="selfaccess/staff/requests_answer.html",
        survivor_request=survivor_request,
    )
