"""One form page for every case tab (cases.web.case_form_page, templates/cases/form_page.html): the
investigation, court and care forms share its title, way back, submit and Cancel."""

import pytest
from django.urls import reverse

from tests.url_names import qualified


@pytest.mark.parametrize(
    ("url_name", "tab_name", "back", "cancel"),
    [
        ("fir_new", "investigation", "Investigation", "Cancel"),
        ("court_case_new", "court", "Court", "Cancel"),
        ("care_rescue", "case_care", "Care", "Back to Care"),
    ],
)
def test_every_tab_uses_the_one_case_form_page(client, case, lead, url_name, tab_name, back, cancel):
    client.force_login(lead.user)
    response = client.get(reverse(qualified(url_name), args=[case.pk]))
    assert response.status_code == 200
    assert [t.name for t in response.templates][:2] in (
        ["cases/form_page.html", "cases/_case_base.html"],
        ["care/form.html", "cases/form_page.html"],
    )
    body = response.content.decode()
    tab = reverse(qualified(tab_name), args=[case.pk])
    assert f'<p class="breadcrumb"><a href="{tab}">{back}</a> / </p>' in body
    assert '<h2 id="form-title">' in body and 'aria-labelledby="form-title"' in body
    assert f'<a href="{tab}">{cancel}</a>' in body


@pytest.mark.parametrize(
    ("url_name", "title", "cancel_name"),
    [
        ("case_edit", "Edit case details", "case_detail"),
        ("survivor_edit", "Edit survivor details", "survivor_detail"),
        ("case_consent_new", "Record consent", "case_consent"),
        ("case_consent_new_several", "Record consent for several purposes", "case_consent"),
        ("claim_new", "Start a compensation claim", "compensation_tab"),
    ],
)
def test_the_case_hub_and_claims_use_it_too(client, case, lead, url_name, title, cancel_name):
    client.force_login(lead.user)
    response = client.get(reverse(qualified(url_name), args=[case.pk]))
    assert response.status_code == 200
    assert "cases/form_page.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert f'<h2 id="form-title">{title}</h2>' in body
    assert f'<a href="{reverse(qualified(cancel_name), args=[case.pk])}">Cancel</a>' in body


def test_someone_outside_the_case_gets_404(client, case, make_member, org_mh):
    client.force_login(make_member(organisation=org_mh).user)
    assert client.get(reverse("legal:fir_new", args=[case.pk])).status_code == 404
