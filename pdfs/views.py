"""Pages for generated PDFs: ask for one, watch it being built, download it.

Every view resolves the case through the visibility selector (404 for anyone outside it)
and checks the reader's CaseAccess; URLs carry the case id and an opaque token only.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.audit import access_log_record
from cases.models import AccessLogEntry, GeneratedDocument
from cases.permissions import require
from cases.web import case_or_404, render_case_tab

from . import services
from .survivor_letter import LETTER_LANGUAGES, default_language

Kind = GeneratedDocument.Kind
LANGUAGE_LABELS = {"en": gettext_lazy("English"), "hi": gettext_lazy("Hindi"), "bn": gettext_lazy("Bengali")}


class GeneratedDocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=Kind.choices)
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=[(c, LANGUAGE_LABELS[c]) for c in LETTER_LANGUAGES], required=False
    )
    claim = forms.IntegerField(label=gettext_lazy("Claim"), required=False, min_value=1, max_value=2**31 - 1)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.COMPENSATION_APPLICATION and not data.get("claim"):
            self.add_error("claim", _("Choose the claim to write the application for."))
        return data


def _generated_list(case):
    return GeneratedDocument.objects.filter(case=case).select_related("requested_by").order_by("-requested_at", "-pk")


@login_required
def generated_list(request, case_id):
    case, access = case_or_404(request, case_id)
    return _render_generated_list(request, case, access)


def _render_generated_list(request, case, access, *, form=None, status=200):
    documents = list(_generated_list(case)[:50])
    for document in documents:
        document.mine = document.requested_by_id == request.user.pk
    response = render_case_tab(
        request,
        "cases/generated/list.html",
        case,
        access,
        "overview",
        documents=documents,
        form=form,
        letter_language=default_language(case.survivor),
        languages=[(c, LANGUAGE_LABELS[c]) for c in LETTER_LANGUAGES],
    )
    response.status_code = status
    return response


@login_required
@require_POST
def generated_request(request, case_id):
    case, access = case_or_404(request, case_id)
    form = GeneratedDocumentRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The document could not be requested: see below."))
        return _render_generated_list(request, case, access, form=form, status=400)
    kind = form.cleaned_data["kind"]
    require(services.may_request(access, kind))
    claim = None
    if kind == Kind.COMPENSATION_APPLICATION:
        from compensation.selectors import claim_get

        claim = claim_get(case, form.cleaned_data["claim"])
        require(claim is not None)  # another case's claim, or none: as if it did not exist
    language = form.cleaned_data["language"] or default_language(case.survivor)
    document = services.generated_document_request(
        actor=request.user, case=case, kind=kind, language=language, claim=claim
    )
    # Asking for a document that names her is an export of her data: logged like one.
    access_log_record(
        request=request,
        action=AccessLogEntry.Action.EXPORT,
        case=case,
        target=f"generate {kind} {document.pk}",
    )
    return redirect("pdfs:generated_document", case_id=case.pk, token=document.token)


def _document_or_404(case, token) -> GeneratedDocument:
    document = GeneratedDocument.objects.filter(case=case, token=token).select_related("requested_by", "case").first()
    require(document is not None)
    return document


@login_required
def generated_document(request, case_id, token):
    """The build's progress; when done (to the requester) the download link and, once, the password."""
    case, access = case_or_404(request, case_id)
    document = _document_or_404(case, token)
    mine = document.requested_by_id == request.user.pk
    may_download = mine and document.downloadable and services.may_download(access, document, request.user)
    password = ""
    if may_download and document.password_protected:
        password = services.generated_document_password_take(document=document, user=request.user)
    context = {"document": document, "mine": mine, "may_download": may_download, "password": password}
    if request.htmx:
        return render_case_tab(request, "cases/generated/_status.html", case, access, "overview", **context)
    return render_case_tab(request, "cases/generated/status.html", case, access, "overview", **context)


@login_required
@require_POST
def generated_retry(request, case_id, token):
    case, access = case_or_404(request, case_id)
    document = _document_or_404(case, token)
    require(document.requested_by_id == request.user.pk and services.may_request(access, document.kind))
    if services.generated_document_retry(actor=request.user, document=document):
        messages.info(request, _("Trying again."))
    else:
        messages.error(request, _("This document is not waiting for a retry."))
    return redirect("pdfs:generated_document", case_id=case.pk, token=document.token)


@login_required
def generated_download(request, case_id, token):
    case, access = case_or_404(request, case_id)
    document = _document_or_404(case, token)
    require(services.may_download(access, document, request.user))
    if not document.downloadable:
        access_log_record(
            request=request, action=AccessLogEntry.Action.DENIED, case=case, target=f"generated {document.pk} expired"
        )
        response = render_case_tab(
            request, "cases/generated/status.html", case, access, "overview", document=document, mine=True
        )
        response.status_code = 410
        return response
    data = services.generated_document_read(document)
    access_log_record(
        request=request, action=AccessLogEntry.Action.DOWNLOAD_DOCUMENT, case=case, target=f"generated {document.pk}"
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.download_name()}"'
    response["Cache-Control"] = "no-store"
    return response
