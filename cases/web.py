"""The helpers every case page uses, whichever app it belongs to (legal, compensation, care...).

case, access = case_or_404(request, case_id)   # visibility (cases.selectors), 404 and the access log
require(access.can_record_investigation)        # what she may do (cases.permissions)
...
return render_case_tab(request, "legal/fir_tab.html", case, access, "investigation", firs=firs)
return case_form_page(request, case, access, "court", title=..., form=form, cancel_url=...)
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import selectors
from .audit import access_log_record
from .middleware import remember_case
from .models import AccessLogEntry, Case
from .permissions import CaseAccess, case_access


def case_or_404(request, case_id) -> tuple[Case, CaseAccess]:
    """The case and her access to it. A case she may not see (or that does not exist) is 404, the
    same answer either way, and the attempt is logged as denied."""
    case = selectors.case_get_visible(request.user, case_id)
    if case is None:
        exists = Case.objects.filter(pk=case_id).first()
        access_log_record(request=request, action=AccessLogEntry.Action.DENIED, case=exists, target=f"case {case_id}")
        raise Http404
    access = case_access(request.user, case)
    remember_case(request, case, access)  # cases.middleware logs the page (or its refusal) by its URL
    return case, access


def render_case_tab(request, template: str, case: Case, access: CaseAccess, tab: str, **context):
    """A page of the case: the template gets the case, her access and which tab is open."""
    return render(request, template, {"case": case, "access": access, "tab": tab, **context})


def case_form_page(
    request,
    case: Case,
    access: CaseAccess,
    tab: str,
    *,
    title: str,
    form,
    cancel_url: str,
    submit: str | None = None,
    cancel_label: str | None = None,
    back: list[tuple[str, str]] | None = None,
    intro: str = "",
    source: str = "",
    danger: bool = False,
    once: bool = False,
    template: str = "cases/form_page.html",
    **context,
):
    """A form on a case tab, one look in every app (templates/cases/form_page.html): the title, the
    way back (`back`: [(label, url), ...], the breadcrumb), an introduction with its source, the
    form's fields, the submit button (red when `danger`; pressed once only when `once`, for forms
    that create something) and Cancel. A page that needs more extends the template and fills its
    blocks (before_form, fields, extra_fields, after_form)."""
    return render_case_tab(
        request,
        template,
        case,
        access,
        tab,
        page_title=title,
        form=form,
        submit=submit or _("Save"),
        cancel_url=cancel_url,
        cancel_label=cancel_label or _("Cancel"),
        breadcrumbs=back or [],
        intro=intro,
        source=source,
        danger=danger,
        once=once,
        **context,
    )
