"""Case pages. Thin: visibility comes from cases.selectors, permission from cases.permissions,
writes from cases.services. Every case URL answers 404 to someone outside the case."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortium.models import Role
from consortium.permissions import role_required
from consortium.standing import standing_of
from core.crypto import InvalidToken, decrypt_text, encrypt_text
from core.paging import COUNT_CAP, CappedPaginator
from core.web import refusal_messages, save_form
from survivors.models import Consent
from survivors.services import SurvivorDetails

from . import duplicates, intake, selectors, services
from .audit import access_log_for_case, access_log_record
from .deadlines import deadline_list_for_case
from .documents import read_decrypted
from .forms import (
    CaseCloseForm,
    CaseFilterForm,
    CaseForm,
    CaseOpenForm,
    ConsentForm,
    ConsentSeveralForm,
    ConsentWithdrawForm,
    DocumentUploadForm,
    NoteForm,
    RevealForm,
    SurvivorForm,
    SurvivorMatchReviewForm,
    TeamAddForm,
    VersionForm,
)
from .models import AccessLogEntry, Case, CaseAssignment, CaseDocument, SurvivorMatch
from .permissions import found_or_404, require
from .web import case_form_page, case_or_404, render_case_tab

PAGE_SIZE = 25


def _overall_stage(case):
    from .case_stage import CaseStage, case_stage

    if not case.is_open:
        return CaseStage(justice=_("Closed"), compensation=case_stage(case).compensation)
    return case_stage(case)


# The survivor's name or phone number is never put in a URL (server and proxy logs, browser
# history): the search box is posted, and a later page of the results carries an opaque
# token that stands for the search in her session, not the search itself.
SEARCH_TOKEN = "search"
SEARCH_SESSION_KEY = "nyaya_case_searches"
SEARCHES_KEPT = 10
FILTER_KEYS = ("state", "organisation", "exploitation_form", "status", "minor", "sort")


def _search_remember(request, term: str) -> str:
    """An opaque token for the search; the term is kept encrypted in her (server-side) session."""
    searches = dict(request.session.get(SEARCH_SESSION_KEY) or {})
    token = secrets.token_urlsafe(12)
    searches[token] = encrypt_text(term)
    request.session[SEARCH_SESSION_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


def _search_recall(request, token: str) -> str | None:
    stored = (request.session.get(SEARCH_SESSION_KEY) or {}).get(token)
    if not isinstance(stored, str):
        return None
    try:
        return decrypt_text(stored)
    except (InvalidToken, ValueError):
        return None


def _filters_query(source, token: str = "") -> str:
    """The page's address for the pager: the filters (nothing identifying) and the search's token."""
    query = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        if value := source.get(key):
            query[key] = value
    if token:
        query[SEARCH_TOKEN] = token
    return query.urlencode()


@login_required
def case_list(request):
    token = ""
    if request.method == "POST":
        form = CaseFilterForm(request.POST)
        source = request.POST
    else:
        if "q" in request.GET:
            # An old bookmark or a hand-typed address: the text is not searched (nor echoed anywhere).
            if request.GET["q"].strip():
                messages.warning(
                    request,
                    _(
                        "For her safety a name or phone number is never searched from the page address. "
                        "Type it in the Search box."
                    ),
                )
            return redirect(f"{reverse('cases:case_list')}?{_filters_query(request.GET)}".rstrip("?"))
        source = request.GET
        term = ""
        if token := request.GET.get(SEARCH_TOKEN, ""):
            term = _search_recall(request, token)
            if term is None:
                messages.info(request, _("That search has ended: a search lasts while you are signed in."))
                term, token = "", ""
        data = {key: source[key] for key in FILTER_KEYS if key in source}
        form = CaseFilterForm({**data, "q": term} if (data or term) else None)
    filters, search, ordering = {}, "", "-opened_at"
    if form.is_valid():
        data = form.cleaned_data
        search = data["q"].strip()
        ordering = data["sort"] or ordering
        filters = {k: data[k] for k in ("state", "organisation", "exploitation_form", "status", "minor") if data[k]}
    if search:
        if request.method == "POST":
            token = _search_remember(request, search)
        # A search by name or phone is a read of identity: logged, without the text searched.
        access_log_record(request=request, action=AccessLogEntry.Action.SEARCH, target="case search")
    else:
        token = ""
    cases = selectors.case_list_for_page(request.user, search=search, filters=filters, ordering=ordering)
    # Counted up to COUNT_CAP (1,000) only: above it the page says "more than" (core/paging.py).
    paginator = CappedPaginator(cases, PAGE_SIZE, cap=COUNT_CAP)
    if request.method == "POST":
        page = paginator.get_page(1)
    else:
        # Past the cap, Next and Previous carry the id of the case the page starts after or before.
        page = paginator.get_page(
            request.GET.get("page"), after=request.GET.get("after"), before=request.GET.get("before")
        )
    selectors.case_list_extras(request.user, page.object_list)
    can_open = request.membership is not None and request.membership.role in (Role.CASEWORKER, Role.ORG_ADMIN)
    template = "cases/_case_rows.html" if request.htmx else "cases/case_list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": _filters_query(source, token),
            "can_open": can_open,
            # The coordinators' review of possible duplicate survivors (no count: no extra query).
            "reviews_duplicates": standing_of(request.user).is_coordinator,
            "searching": bool(search),
            "filter_count": len(filters) + (ordering != "-opened_at"),
        },
    )


@role_required(Role.CASEWORKER, Role.ORG_ADMIN)
def case_open(request):
    membership = request.membership
    survivor_form = SurvivorForm(request.POST or None, prefix="survivor")
    case_form = CaseForm(request.POST or None, prefix="case")
    # The blocks other apps record at intake (cases/intake.py): her rescue, as the care record's.
    sections = [
        (section, section.form_class(request.POST or None, prefix=section.key)) for section in intake.sections()
    ]
    open_form = CaseOpenForm(
        request.POST or None, prefix="open", organisation=membership.organisation, default_user=request.user
    )
    # Every block is checked (not only up to the first with errors), so all its errors show at once.
    blocks = (survivor_form, case_form, *(form for _section, form in sections), open_form)
    valid = request.method == "POST" and [form.is_valid() for form in blocks]
    if valid and all(valid):
        case_fields = {k: v for k, v in case_form.cleaned_data.items() if k != "version"}
        survivor_fields = {k: v for k, v in survivor_form.cleaned_data.items() if k != "version"}
        try:
            case = services.case_open(
                actor_membership=membership,
                survivor=SurvivorDetails(**survivor_fields),
                **case_fields,
                lead_caseworker=open_form.cleaned_data["lead_caseworker"].user,
                intake={section.key: form.intake_data() for section, form in sections},
            )
        except ValidationError as exc:
            _open_errors(exc, case_form=case_form, sections=sections, open_form=open_form)
        else:
            if selectors.case_get_visible(request.user, case.pk) is None:
                # She opened it for a colleague and is not on its team: the case is now theirs.
                messages.success(
                    request,
                    _("Case %(ref)s opened and handed to %(lead)s, its lead caseworker.")
                    % {"ref": case.reference, "lead": open_form.cleaned_data["lead_caseworker"].user.display_name},
                )
                _possible_match_message(request, case)
                return redirect("cases:case_list")
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            _possible_match_message(request, case)
            return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request,
        "cases/case_open.html",
        {
            "survivor_form": survivor_form,
            "case_form": case_form,
            "intake_sections": [
                {"key": section.key, "template": section.template, "form": form} for section, form in sections
            ],
            "open_form": open_form,
            "has_errors": any(form.errors for form in blocks),
        },
    )


def _possible_match_message(request, case) -> None:
    """The one sentence she is told when her survivor may be a survivor of another case: the same
    for one match or several, whatever matched; nothing about the other case (cases/duplicates.py)."""
    if duplicates.survivor_match_pending(case):
        messages.warning(request, duplicates.MATCH_MESSAGE)


def _open_errors(exc: ValidationError, *, case_form, sections, open_form) -> None:
    """A refusal of case_open on the block it concerns: an intake section's (by its fields), else the team's."""
    if not hasattr(exc, "error_dict"):
        open_form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        owner = next(((form, name) for section, form in sections if (name := section.field_for(field, form))), None)
        if owner:
            owner[0].add_error(owner[1], errors)
        elif field in case_form.fields:
            case_form.add_error(field, errors)
        else:
            open_form.add_error(field if field in open_form.fields else None, errors)


@login_required
def case_detail(request, case_id):
    case, access = case_or_404(request, case_id)
    selectors.case_with_places(case)  # "From" and "To"
    episodes = duplicates.other_episodes_visible_to(request.user, case, access)
    return render_case_tab(
        request,
        "cases/case_detail.html",
        case,
        access,
        "overview",
        team=selectors.team_list(case),
        recent_events=selectors.timeline_for(case, access)[:5],
        deadlines=deadline_list_for_case(case, access=access),
        stage=_overall_stage(case),
        rescue=_rescue_of(case),
        close_form=CaseCloseForm(initial={"version": case.version}) if access.can_edit and case.is_open else None,
        other_episodes=episodes,
    )


@login_required
def case_edit(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_edit)
    form = CaseForm(request.POST or None, instance=case, prefix="case")
    if save_form(
        request,
        form,
        lambda data: services.case_update(
            actor=request.user,
            case=form.instance,
            expected_version=data["version"] or 0,
            exploitation_forms=data["exploitation_forms"],
            recruitment_means=data["recruitment_means"],
        ),
    ).saved:
        messages.success(request, _("Case details saved."))
        return redirect("cases:case_detail", case_id=case.pk)
    return case_form_page(
        request,
        case,
        access,
        "overview",
        title=_("Edit case details"),
        form=form,
        cancel_url=reverse("cases:case_detail", args=[case.pk]),
        template="cases/case_edit.html",
        rescue=_rescue_of(case),
    )


def _rescue_of(case):
    """The rescue as the care record holds it (the one place it is recorded), or None. Its model
    (care.models.Rescue) is reached through its one-to-one link to the case: care sits above cases."""
    rescue_model = type(case)._meta.get_field("rescue").related_model
    return rescue_model.objects.filter(case=case).select_related("state").first()


@login_required
@require_POST
def case_close(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_edit)
    form = CaseCloseForm(request.POST)
    if form.is_valid():
        try:
            services.case_close(
                actor=request.user,
                case=case,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["closure_reason"],
                closed_on=form.cleaned_data["closed_on"],
            )
        except ValidationError as exc:
            refusal_messages(request, exc)
        else:
            messages.success(request, _("Case closed."))
    else:
        messages.error(request, _("Choose a reason and a date to close the case."))
    return redirect("cases:case_detail", case_id=case.pk)


@login_required
@require_POST
def case_reopen(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_edit)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("The page was out of date. Try again."))
        services.case_reopen(actor=request.user, case=case, expected_version=form.cleaned_data["version"])
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("Case reopened."))
    return redirect("cases:case_detail", case_id=case.pk)


@login_required
def survivor_detail(request, case_id):
    case, access = case_or_404(request, case_id)
    reveal_form = RevealForm() if access.can_break_glass else None
    return render_case_tab(
        request, "cases/survivor_detail.html", case, access, "survivor", survivor=case.survivor, reveal_form=reveal_form
    )


@login_required
def survivor_edit(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_edit and access.identity_visible)
    survivor = case.survivor
    erased = survivor.identity_erased_at  # when her identity was erased at her request, if it was
    form = SurvivorForm(request.POST or None, instance=survivor, prefix="survivor", erased=bool(erased))
    if save_form(
        request,
        form,
        lambda data: services.survivor_update(
            actor=request.user,
            case=case,
            survivor=form.instance,
            expected_version=data["version"] or 0,
        ),
    ).saved:
        messages.success(request, _("Survivor details saved."))
        _possible_match_message(request, case)
        return redirect("cases:survivor_detail", case_id=case.pk)
    return case_form_page(
        request,
        case,
        access,
        "survivor",
        title=_("Edit survivor details"),
        form=form,
        cancel_url=reverse("cases:survivor_detail", args=[case.pk]),
        template="cases/survivor_edit.html",
        erased=erased,
    )


@login_required
@require_POST
def identity_reveal(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_break_glass)
    form = RevealForm(request.POST)

    def reveal(data):
        return services.identity_reveal(actor=request.user, case=case, reason=data["reason"], request=request)

    if save_form(request, form, reveal).saved:
        messages.warning(
            request, _("Identity revealed for %(hours)d hours. This was logged.") % {"hours": services.REVEAL_HOURS}
        )
        return redirect("cases:survivor_detail", case_id=case.pk)
    return render_case_tab(
        request, "cases/survivor_detail.html", case, access, "survivor", survivor=case.survivor, reveal_form=form
    )


@login_required
def team(request, case_id):
    case, access = case_or_404(request, case_id)
    form = None
    if access.can_manage_team:
        form = TeamAddForm(request.POST or None, candidates=selectors.team_candidates(case))
        if save_form(
            request,
            form,
            lambda data: services.team_add(
                actor=request.user,
                case=case,
                membership=data["membership"],
                role=data["role"],
            ),
        ).saved:
            messages.success(request, _("Added to the team."))
            return redirect("cases:case_team", case_id=case.pk)
    elif request.method == "POST":
        raise Http404
    return render_case_tab(
        request,
        "cases/team.html",
        case,
        access,
        "team",
        team=selectors.team_list(case),
        history=selectors.team_history(case),
        form=form,
    )


@login_required
@require_POST
def team_remove(request, case_id, assignment_id):
    case, access = case_or_404(request, case_id)
    require(access.can_manage_team)
    assignment = CaseAssignment.objects.filter(case=case, pk=assignment_id).select_related("user").first()
    require(assignment is not None)
    services.team_remove(actor=request.user, case=case, assignment=assignment)
    messages.success(request, _("%(name)s was removed from the team.") % {"name": assignment.user.display_name})
    return redirect("cases:case_team", case_id=case.pk)


@login_required
def consent_list(request, case_id):
    case, access = case_or_404(request, case_id)
    return render_case_tab(
        request, "cases/consent_list.html", case, access, "consent", consents=selectors.consent_list(case)
    )


@login_required
def consent_new(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_consent)
    form = ConsentForm(request.POST or None)
    if save_form(request, form, lambda data: services.consent_record(actor=request.user, case=case, **data)).saved:
        messages.success(request, _("Consent recorded."))
        return redirect("cases:case_consent", case_id=case.pk)
    return case_form_page(
        request,
        case,
        access,
        "consent",
        title=_("Record consent"),
        form=form,
        submit=_("Record consent"),
        cancel_url=reverse("cases:case_consent", args=[case.pk]),
        once=True,
        template="cases/consent_new.html",
        survivor_minor=case.survivor.is_minor_now,
    )


@login_required
def consent_new_several(request, case_id):
    """Her consent to several purposes in one form: one date, one way given, all or nothing."""
    case, access = case_or_404(request, case_id)
    require(access.can_record_consent)
    form = ConsentSeveralForm(request.POST or None)
    saved, consents = save_form(
        request, form, lambda data: services.consent_record_several(actor=request.user, case=case, **data)
    )
    if saved:
        messages.success(
            request,
            _("Consent recorded for: %(purposes)s.")
            % {"purposes": ", ".join(str(c.get_purpose_display()) for c in consents)},
        )
        return redirect("cases:case_consent", case_id=case.pk)
    return case_form_page(
        request,
        case,
        access,
        "consent",
        title=_("Record consent for several purposes"),
        intro=_(
            "Tick each purpose she agreed to at the same time, in the same way. Each is recorded as its own "
            "consent, so she can withdraw one and keep the others."
        ),
        form=form,
        submit=_("Record consent"),
        cancel_url=reverse("cases:case_consent", args=[case.pk]),
        once=True,
        template="cases/consent_new.html",
        survivor_minor=case.survivor.is_minor_now,
    )


@login_required
@require_POST
def consent_withdraw(request, case_id, consent_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_consent)
    consent = Consent.objects.filter(case=case, pk=consent_id).first()
    require(consent is not None)
    form = ConsentWithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.consent_withdraw(actor=request.user, case=case, consent=consent, note=note)
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("Consent withdrawn. Access that rested on it has ended."))
    return redirect("cases:case_consent", case_id=case.pk)


@login_required
def timeline(request, case_id):
    case, access = case_or_404(request, case_id)
    form = None
    if access.can_add_note:
        form = NoteForm(request.POST or None)
        if not access.can_see_lawyer_notes:
            form.fields["visibility"].choices = form.fields["visibility"].choices[:1]
        if save_form(request, form, lambda data: services.note_add(actor=request.user, case=case, **data)).saved:
            messages.success(request, _("Note added."))
            return redirect("cases:case_timeline", case_id=case.pk)
    elif request.method == "POST":
        raise Http404
    page = Paginator(selectors.timeline_for(case, access), 50).get_page(request.GET.get("page"))
    return render_case_tab(request, "cases/timeline.html", case, access, "timeline", page=page, form=form)


@login_required
def document_list(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_see_documents)
    form = DocumentUploadForm(request.POST or None, request.FILES or None) if access.can_upload else None
    if request.method == "POST":
        require(form is not None)

        def upload(data):
            return services.document_upload(
                actor=request.user, case=case, doc_type=data["doc_type"], title=data["title"], uploaded=data["file"]
            )

        if save_form(request, form, upload).saved:
            messages.success(request, _("Document uploaded and stored encrypted."))
            return redirect("cases:case_documents", case_id=case.pk)
    return render_case_tab(
        request, "cases/documents.html", case, access, "documents", documents=selectors.document_list(case), form=form
    )


@login_required
def document_download(request, case_id, document_id):
    case, access = case_or_404(request, case_id)
    require(access.can_see_documents)
    document = CaseDocument.objects.filter(case=case, pk=document_id).select_related("case").first()
    # An erased file (privacy.erasure) is gone; the refusal is logged by cases.middleware.
    require(document is not None and bool(document.file))
    data = read_decrypted(document)
    access_log_record(
        request=request, action=AccessLogEntry.Action.DOWNLOAD_DOCUMENT, case=case, target=f"document {document.pk}"
    )
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.download_name()}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def access_log(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_read_access_log)
    page = Paginator(access_log_for_case(case), 50).get_page(request.GET.get("page"))
    return render_case_tab(request, "cases/access_log.html", case, access, "access", page=page)


def case_url(case) -> str:
    return reverse("cases:case_detail", kwargs={"case_id": case.pk})


# --- possible duplicate survivors: the coordinators' review (cases/duplicates.py) ----------------


@login_required
def survivor_matches(request):
    duplicates.require_coordinator(request.user)
    pending = duplicates.survivor_matches_for_review(request.user)
    reviewed = duplicates.survivor_matches_for_review(request.user, reviewed=True, limit=20)
    revealed = {pk for match in pending if match.revealed for pk in (match.case_a_id, match.case_b_id)}
    if revealed:
        # Names shown (a break-glass reveal in force on both cases): logged on each case.
        access_log_record(request=request, action=AccessLogEntry.Action.VIEW_LIST, target="possible duplicates")
        for case_id in sorted(revealed):
            access_log_record(
                request=request,
                action=AccessLogEntry.Action.VIEW_IDENTITY,
                case=Case.objects.get(pk=case_id),
                target="possible duplicates",
            )
    for match in pending:
        match.form = SurvivorMatchReviewForm(auto_id=f"id_match{match.pk}_%s")  # ids unique on the page
    return render(request, "cases/survivor_matches.html", {"pending": pending, "reviewed": reviewed})


@login_required
@require_POST
def survivor_match_review(request, match_id):
    duplicates.require_coordinator(request.user)
    match = found_or_404(SurvivorMatch.objects.filter(pk=match_id).first())
    form = SurvivorMatchReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose: another episode, the same episode, or different people."))
        return redirect("cases:survivor_matches")
    try:
        duplicates.survivor_match_review(
            actor=request.user,
            match=match,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            request=request,
        )
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("Possible duplicate reviewed."))
    return redirect("cases:survivor_matches")
