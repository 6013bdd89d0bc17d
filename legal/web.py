"""The legal tabs' page helpers, shared by the investigation, accused, court and review pages:
the tab's address, a form page on the tab (cases.web.case_form_page with the tab's way back),
the redirect after a save, and the coordinator check of the cross-case pages."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.web import case_form_page
from consortium.standing import standing_of


def investigation_tab(case, anchor: str = "") -> str:
    return reverse("legal:investigation", kwargs={"case_id": case.pk}) + anchor


def court_tab(case, anchor: str = "") -> str:
    return reverse("legal:court", kwargs={"case_id": case.pk}) + anchor


def _tab_form_page(request, case, access, tab: str, label: str, back: str, *, template=None, **context):
    return case_form_page(
        request,
        case,
        access,
        tab,
        cancel_url=back,
        back=[(label, back)],
        **({"template": template} if template else {}),
        **context,
    )


def investigation_form_page(request, case, access, *, title, form, intro="", fir=None, submit=None, **extra):
    """A form on the investigation tab; Cancel and the way back return to the FIR's place on it."""
    back = investigation_tab(case, f"#fir-{fir.pk}" if fir else "")
    return _tab_form_page(
        request, case, access, "investigation", _("Investigation"), back,
        title=title, form=form, intro=intro, submit=submit, fir=fir, **extra,
    )  # fmt: skip


def court_form_page(request, case, access, *, title, form, intro="", court_case=None, submit=None, **extra):
    """A form on the court tab; Cancel and the way back return to the court case's place on it."""
    back = court_tab(case, f"#court-case-{court_case.pk}" if court_case else "")
    return _tab_form_page(
        request, case, access, "court", _("Court"), back,
        title=title, form=form, intro=intro, submit=submit, court_case=court_case, **extra,
    )  # fmt: skip


def investigation_done(request, case, message, anchor=""):
    messages.success(request, message)
    return redirect(investigation_tab(case, anchor))


def court_done(request, case, message, anchor=""):
    messages.success(request, message)
    return redirect(court_tab(case, anchor))


def is_coordinator(request) -> bool:
    return standing_of(request.user).is_coordinator
