"""Her language: chosen with the switcher, kept on her account, followed on every device, in her
notifications and in reference data (issue 19)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from consortium.models import Role, User
from consortium.services import preferred_language_set


def _in(language, text):
    with translation.override(language):
        said = translation.gettext(text)
    assert said != text, f"{text!r} is not translated into {language}"
    return said


@pytest.fixture
def caseworker(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb)


def test_signed_out_the_switcher_changes_the_page_language_without_an_account(client):
    response = client.post(reverse("set_language"), {"language": "bn", "next": reverse("login")})
    assert response.status_code == 302
    page = client.get(reverse("login")).content.decode()
    assert _in("bn", "Log in to Nyaya") in page and 'lang="bn"' in page


def test_the_switcher_keeps_her_choice_on_her_account_and_every_device_follows_it(client, caseworker):
    client.force_login(caseworker.user)
    client.post(reverse("set_language"), {"language": "hi", "next": reverse("home")})
    caseworker.user.refresh_from_db()
    assert caseworker.user.preferred_language == "hi"
    # Another device: no language cookie, an English browser.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(caseworker.user)
    page = other.get(reverse("home")).content.decode()
    assert _in("hi", "My cases") in page and 'lang="hi"' in page
    assert "My cases" not in page


def test_an_unknown_language_changes_nothing(client, caseworker):
    client.force_login(caseworker.user)
    response = client.post(reverse("set_language"), {"language": "xx", "next": reverse("home")})
    assert response.status_code == 302
    caseworker.user.refresh_from_db()
    assert caseworker.user.preferred_language == ""
    assert "My cases" in client.get(reverse("home")).content.decode()


def test_the_service_refuses_a_language_nyaya_is_not_written_in(caseworker):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        preferred_language_set(user=caseworker.user, language="fr")
    assert "language" in refused.value.message_dict
    assert User.objects.get(pk=caseworker.user.pk).preferred_language == ""


def test_a_notification_is_written_in_each_readers_language(caseworker, make_member, org_wb):
    from cases.models import Notification
    from cases.notifications import notify

    bengali = make_member(Role.CASEWORKER, org_wb, preferred_language="bn").user
    english = caseworker.user
    notify(users=[bengali, english], title=lambda: translation.gettext("Information"))
    titles = dict(Notification.objects.values_list("user_id", "title"))
    assert titles == {bengali.pk: _in("bn", "Information"), english.pk: "Information"}


def test_reference_data_reads_in_her_language(db):
    from cases.models import ExploitationForm
    from consortium.models import State

    bengal, forced_labour = State.objects.get(code="WB"), ExploitationForm.objects.get(code="forced_labour")
    assert str(bengal) == "West Bengal" and forced_labour.label == "Forced labour"
    with translation.override("hi"):
        assert bengal.label == _in("hi", "West Bengal") and str(forced_labour) == _in("hi", "Forced labour")
    with translation.override("bn"):
        assert bengal.label == _in("bn", "West Bengal")
