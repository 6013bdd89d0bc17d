"""Every page of an app is named in its app's namespace ("legal:fir_detail"), so the name says where
the view lives; only the home page and Django's own (sign-in, language, admin) are not."""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# namespace -> the app whose urls.py names it
APPS = {
    "cases": "cases",
    "work": "cases",  # my work, notifications, deadline rules (cases/work_urls.py)
    "pdfs": "pdfs",
    "legal": "legal",
    "compensation": "compensation",
    "care": "care",
    "referrals": "referrals",
    "consortium": "consortium",
    "dashboard": "dashboard",
    "privacy": "privacy",
    "api": "api",  # the REST API, /api/v1/
    "api_tokens": "api",  # her personal API tokens (accounts/api-tokens/)
    "imports": "imports",
    "selfaccess": "selfaccess",  # her own page, /my/
    "selfaccess_staff": "selfaccess",  # her caseworker's side of it, on the case
}
NOT_NAMESPACED = {"consortium.auth_urls", "django.contrib.auth.urls", "consortium.i18n_urls"}


def test_every_app_page_is_named_in_its_apps_namespace():
    unnamespaced = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            if pattern.namespace in APPS:
                assert module.split(".")[0] == APPS[pattern.namespace], module
            elif module not in NOT_NAMESPACED and pattern.namespace != "admin":
                unnamespaced.append(module)
        elif isinstance(pattern, URLPattern):
            assert pattern.name == "home", f"{pattern.pattern}: an app's page belongs in its urls.py"
    assert unnamespaced == []
    namespaces = {p.namespace for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace}
    assert namespaces - {"admin"} == set(APPS)


def test_a_page_is_reversed_by_its_full_name_only():
    assert reverse("legal:hearing_calendar") == "/court/calendar/"
    assert reverse("cases:case_list") == "/cases/"
    with pytest.raises(NoReverseMatch):
        reverse("case_list")
