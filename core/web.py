"""Web helpers every app's views use (nothing here knows a feature app).

The case helpers (the case or 404, a case tab's page) are in cases/web.py, above this layer."""

from collections.abc import Callable
from typing import Any, NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError


def add_form_errors(form, exc: ValidationError) -> None:
    """A service's refusal shown on the form: each error on its field when the form has that field,
    otherwise at the top of the form. Views use it through `save_form`; by hand:

        try:
            services.fir_create(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def refusal_messages(request, exc: ValidationError) -> None:
    """A service's refusal of a button (a POST with no form page to show again: close a case,
    end a stay, mark a task done) said as error messages on the page she is sent back to."""
    for message in exc.messages:
        messages.error(request, message)


class Saved(NamedTuple):
    saved: bool
    value: Any = None


def save_form(
    request, form, save: Callable[[dict], Any], *, on_refusal: Callable[[ValidationError], None] | None = None
) -> Saved:
    """The one way a view saves a posted form through its service: on a POST whose form is valid,
    `save(form.cleaned_data)` is called; a `ValidationError` it raises (a rule of the service, a
    stale version) lands on the form (`add_form_errors`) and nothing is saved. Returns
    Saved(saved, value): whether it was saved and what `save` returned; Saved(False) for a GET, an
    invalid form or a refusal, when the view shows the form again with its errors:

        saved, fir = save_form(request, form, lambda data: services.fir_create(actor=request.user, case=case, **data))
        if saved:
            messages.success(request, _("FIR recorded."))
            return redirect("fir_detail", case_id=case.pk, fir_id=fir.pk)
        return render_case_tab(request, "legal/fir_form.html", case, access, "investigation", form=form)

    When the service returns nothing worth keeping: `if save_form(request, form, ...).saved:`.
    A form whose fields are not the service's names puts the refusal where it belongs itself:
    `on_refusal=form.add_service_errors` (care's rescue form: the service's "rescued_at" is its day
    and hour fields).
    """
    if request.method != "POST" or not form.is_valid():
        return Saved(False)
    try:
        return Saved(True, save(form.cleaned_data))
    except ValidationError as exc:
        (on_refusal or (lambda refusal: add_form_errors(form, refusal)))(exc)
        return Saved(False)
