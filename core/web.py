"""Web helpers every app's views use (nothing here knows a feature app).

The case helpers (the case or 404, a case tab's page) are in cases/web.py, above this layer."""

from django.core.exceptions import ValidationError


def add_form_errors(form, exc: ValidationError) -> None:
    """A service's refusal shown on the form: each error on its field when the form has that field,
    otherwise at the top of the form. Views call services in `try` and hand them here:

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
