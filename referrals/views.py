"""Referral pages: the case's Referrals tab and its forms (sending side), the receiving
organisation's inbox and its page for one incoming referral (receiving side).

Thin: a case page resolves the case through cases.web.case_or_404 (404 for anyone outside it,
logged) and a referral of it filtered by the case; an inbox page resolves the referral through
the inbox selector (404 for anyone not of the receiving organisation, identical to a referral
that does not exist). Writes go to referrals.services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.audit import access_log_record
from cases.models import AccessLogEntry
from cases.permissions import case_access, found_or_404, require
from cases.selectors import case_get_visible
from cases.web import case_form_page, case_or_404, render_case_tab
from consortium.permissions import role_required
from core.query_params import parse_int
from core.web import refusal_messages, save_form

from . import selectors, services
from .forms import AcceptForm, CloseForm, DeclineForm, ReferralSendForm
from .models import Referral
from .permissions import INBOX_ROLES, is_receiver_on_case, may_acknowledge, may_close, may_withdraw, referral_actor
from .selectors import stepper


def _tab_url(case) -> str:
    return reverse("referrals:case_referrals", kwargs={"case_id": case.pk})


def _inbox_item_url(referral) -> str:
    return reverse("referrals:incoming_referral", kwargs={"referral_id": referral.pk})


# --- the case's Referrals tab (sending side) ------------------------------------------------------


@login_required
def case_referrals(request, case_id):
    case, access = case_or_404(request, case_id)
    referrals = selectors.case_referrals(case, access)
    context = referral_actor(request.user, case)
    for referral in referrals:
        referral.steps = stepper(referral)
        referral.may_withdraw = may_withdraw(referral, context)
        referral.may_acknowledge = may_acknowledge(referral, context)
        referral.may_close = may_close(referral, context)
    return render_case_tab(
        request,
        "referrals/case_referrals.html",
        case,
        access,
        "referrals",
        referrals=referrals,
        may_refer=access.can_edit and case.is_open,
        may_transfer=access.can_manage_team and case.is_open,
    )


def _send_page(request, case_id, *, transfer: bool):
    case, access = case_or_404(request, case_id)
    require(access.can_manage_team if transfer else access.can_edit)
    kind = Referral.Kind.TRANSFER if transfer else Referral.Kind.REFERRAL
    current_org = getattr(request.membership, "organisation_id", None)
    organisations = selectors.receiver_choices(case, kind=kind, sending_organisation_id=current_org)
    form = ReferralSendForm(
        request.POST or None,
        case=case,
        organisations=organisations,
        transfer=transfer,
        show_documents=access.can_see_documents,
    )
    saved = save_form(
        request, form, lambda data: services.referral_send(actor=request.user, case=case, kind=kind, **data)
    )
    if saved.saved:
        messages.success(
            request,
            _("Transfer of lead sent. %(org)s answers in its incoming referrals.")
            % {"org": saved.value.receiving_organisation.name}
            if transfer
            else _("Referral sent. %(org)s answers in its incoming referrals.")
            % {"org": saved.value.receiving_organisation.name},
        )
        return redirect(_tab_url(case))
    extra = {}
    if transfer:
        places = selectors.old_lead_places(case, case.lead_organisation_id)
        extra["places_ending"] = [place for place, consent in places if consent is None]
        extra["places_kept"] = [place for place, consent in places if consent is not None]
    return case_form_page(
        request,
        case,
        access,
        "referrals",
        title=_("Transfer the lead of the case") if transfer else _("Refer the case or a service"),
        form=form,
        submit=_("Send the transfer") if transfer else _("Send the referral"),
        cancel_url=_tab_url(case),
        back=[(_("Referrals"), _tab_url(case))],
        intro=_(
            "Until it accepts, the receiving organisation sees the case reference, her pseudonym, the service, the "
            "states and districts, your message and the types and titles of the documents you share: never her "
            "name, contacts or address. Only with her consent in force for that organisation (a minor: given by "
            "her guardian or resting on a recorded legal basis)."
        ),
        once=True,
        template="referrals/send.html",
        transfer=transfer,
        no_choice=not organisations.exists(),
        **extra,
    )


@login_required
def referral_new(request, case_id):
    return _send_page(request, case_id, transfer=False)


@login_required
def transfer_new(request, case_id):
    return _send_page(request, case_id, transfer=True)


def _case_referral(request, case_id, referral_id):
    case, access = case_or_404(request, case_id)
    referral = found_or_404(selectors.case_referral_get(case, referral_id))
    return case, access, referral


def _sender_button(request, case_id, referral_id, move, done: str):
    """A sender's button on the Referrals tab (withdraw, acknowledge): the page's version, the
    service, its refusal or `done`. Her own place may end with the move (an acknowledged transfer):
    the tab is then no longer hers to see, and she goes home."""
    case, access, referral = _case_referral(request, case_id, referral_id)
    require(access.can_edit)
    version = parse_int(request.POST.get("version"), minimum=0)
    if version is None:
        messages.error(request, _("This page was out of date. Try again."))
        return redirect(_tab_url(case))
    try:
        move(referral, version)
    except ValidationError as exc:
        refusal_messages(request, exc)
        return redirect(_tab_url(case))
    messages.success(request, done)
    if case_get_visible(request.user, case.pk) is None:
        return redirect("home")
    return redirect(_tab_url(case))


@login_required
@require_POST
def referral_withdraw(request, case_id, referral_id):
    note = request.POST.get("note", "")[:2000]
    return _sender_button(
        request,
        case_id,
        referral_id,
        lambda referral, version: services.referral_withdraw(
            actor=request.user, referral=referral, expected_version=version, note=note
        ),
        _("Referral withdrawn."),
    )


@login_required
@require_POST
def referral_acknowledge(request, case_id, referral_id):
    return _sender_button(
        request,
        case_id,
        referral_id,
        lambda referral, version: services.referral_acknowledge(
            actor=request.user, referral=referral, expected_version=version
        ),
        _("Handover of the file acknowledged."),
    )


@login_required
def referral_close(request, case_id, referral_id):
    case, access, referral = _case_referral(request, case_id, referral_id)
    require(is_receiver_on_case(referral, referral_actor(request.user, case)))
    form = CloseForm(request.POST or None, referral=referral)
    if save_form(
        request,
        form,
        lambda data: services.referral_close(
            actor=request.user,
            referral=referral,
            expected_version=data["version"],
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            follow_up_on=data.get("follow_up_on"),
            note=data.get("note") or "",
        ),
    ).saved:
        messages.success(request, _("Outcome recorded; the referral is closed."))
        return redirect(_tab_url(case))
    return case_form_page(
        request,
        case,
        access,
        "referrals",
        title=_("Record the service's outcome"),
        form=form,
        submit=_("Close the referral"),
        cancel_url=_tab_url(case),
        back=[(_("Referrals"), _tab_url(case))],
        intro=_(
            "Closing ends the place on her team that this referral gave (unless you are on it for another reason)."
        ),
    )


# --- the receiving organisation's inbox ----------------------------------------------------------


@role_required(*INBOX_ROLES)
def referral_inbox(request):
    membership = request.membership
    return render(
        request,
        "referrals/inbox.html",
        {"organisation": membership.organisation, **selectors.inbox_for(membership)},
    )


def _incoming(request, referral_id) -> Referral:
    referral = selectors.inbox_get(request.membership, referral_id)
    if referral is None:
        raise Http404
    return referral


def _log_view(request, referral: Referral) -> None:
    # What the referral shares is case data too: the lead organisation sees who opened it.
    access_log_record(
        request=request,
        action=AccessLogEntry.Action.VIEW_CASE,
        case=referral.case,
        target=f"incoming referral {referral.pk}",
    )


@role_required(*INBOX_ROLES)
def incoming_referral(request, referral_id):
    referral = _incoming(request, referral_id)
    _log_view(request, referral)
    visible = case_get_visible(request.user, referral.case_id)
    access = case_access(request.user, visible) if visible is not None else None
    return render(
        request,
        "referrals/incoming.html",
        {
            "referral": referral,
            "steps": stepper(referral),
            "case_visible": visible is not None,
            "documents_open": access is not None and access.can_see_documents,
            "may_close": may_close(referral, referral_actor(request.user, referral.case)),
        },
    )


@role_required(*INBOX_ROLES)
def incoming_answer(request, referral_id, answer):
    if answer not in ("accept", "decline"):
        raise Http404
    referral = _incoming(request, referral_id)
    if request.method == "GET":
        _log_view(request, referral)
    if answer == "accept":
        form = AcceptForm(request.POST or None, referral=referral, people=selectors.answer_people(referral))
        saved = save_form(
            request,
            form,
            lambda data: services.referral_accept(
                actor=request.user,
                referral=referral,
                expected_version=data["version"],
                receiving_person=data.get("receiving_person"),
                request=request,
            ),
        )
        title, submit = (
            (_("Accept the transfer of lead"), _("Accept: we lead the case"))
            if referral.is_transfer
            else (_("Accept the referral"), _("Accept"))
        )
    else:
        form = DeclineForm(request.POST or None, referral=referral)
        saved = save_form(
            request,
            form,
            lambda data: services.referral_decline(
                actor=request.user,
                referral=referral,
                expected_version=data["version"],
                reason=data["reason"],
                note=data.get("note") or "",
            ),
        )
        title, submit = _("Decline the referral"), _("Decline")
    if saved.saved:
        if answer == "accept":
            messages.success(request, _("Accepted. The case is now on your list."))
            if case_get_visible(request.user, referral.case_id) is not None:
                return redirect(_tab_url(referral.case))
        else:
            messages.success(request, _("Declined. The sending organisation is told."))
        return redirect(_inbox_item_url(referral))
    return render(
        request,
        "referrals/incoming_answer.html",
        {
            "referral": referral,
            "form": form,
            "title": title,
            "submit": submit,
            "danger": answer == "decline",
            "steps": stepper(referral),
        },
    )
