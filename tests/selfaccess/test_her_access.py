"""Signed in as her (case A of the sweep's world, tests/sweep/world.py), she reaches only her own
pages: every other URL of the project, filled with the ids of case B's objects, answers 404 and
never names case B's survivor. Her home page, built from a fully furnished case, never shows
internal notes, another survivor, an accused her lawyer did not mark, a staff surname or email;
it is small, has no script and a neutral title."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from cases.models import CaseNote
from consortium.models import Membership
from tests.legal.helpers import ACCUSED_ALIAS, ACCUSED_NAME
from tests.selfaccess.conftest import PIN, give_self_access_consent, sign_in_as_her
from tests.sweep.harness import built_world, url_patterns
from tests.sweep.world import NAME_A, NAME_B, PHONE_B
from tests.test_url_sweep import CASE_URLS, OTHER_URLS
from tests.url_names import qualified

HOME = "/my/home/"
NOTE = "INTERNAL-NOTE-QX: her brother may be in touch with the recruiter."


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from built_world(django_db_blocker, tmp_path_factory)


@pytest.fixture(scope="module")
def her_account(world, django_db_blocker):
    """Her account on case A (inside the world's transaction: rolled back with it)."""
    from cases import services as case_services
    from selfaccess import services
    from selfaccess.models import SurvivorAccount

    with django_db_blocker.unblock():
        lead = world.people["lead"]
        # The world opens her account on each case (tests/sweep/world.py, for the requests' pages).
        account = SurvivorAccount.objects.filter(case=world.case_a).first()
        if account is None:
            give_self_access_consent(lead, world.case_a)
            account, _code = services.account_open(actor=lead.user, case=world.case_a)
        for case, person in ((world.case_a, lead), (world.case_b, world.people["other_cw"])):
            case_services.note_add(actor=person.user, case=case, body=NOTE, visibility=CaseNote.Visibility.TEAM)
        return services.pin_choose(account=account, pin=PIN, again=PIN)


def _other_case_kwargs(world, name):
    """The URL's kwargs naming case B's objects (or, for URLs of no case, another's where the sweep has one)."""
    if name in CASE_URLS:
        extra = {k: v for k, v in world.kwargs[world.case_b.pk].get(name, {}).items() if not k.startswith("_")}
        return {"case_id": world.case_b.pk, **extra}
    _kind, kwargs_of, _line = OTHER_URLS[name]
    mine, theirs = kwargs_of(world, "other_cw")
    return theirs if theirs is not None else mine


def _hers(route: str) -> bool:
    return route.startswith("my/")


def test_every_other_url_is_404_for_her(client, db, world, her_account):
    sign_in_as_her(client, her_account)
    checked, problems = 0, []
    for name, route in sorted(url_patterns().items()):
        if _hers(route):
            continue
        url = reverse(qualified(name), kwargs=_other_case_kwargs(world, name))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            body = response.content.decode(errors="replace")
            if response.status_code != 404:
                problems.append(f"{method.upper()} {name}: {response.status_code}")
            if NAME_B in body or PHONE_B in body:
                problems.append(f"{method.upper()} {name}: names the other survivor")
        checked += 1
    assert checked > 150
    assert not problems, problems
    # Still signed in as her afterwards: her home answers.
    assert client.get(HOME).status_code == 200


def test_her_home_shows_nothing_she_must_not_see(client, db, world, her_account):
    sign_in_as_her(client, her_account)
    response = client.get(HOME)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your case today" in body or "आज" in body or "আজ" in body
    never = [NAME_B, PHONE_B, NAME_A, NOTE, ACCUSED_NAME, ACCUSED_ALIAS, "@example.org"]
    staff = Membership.objects.select_related("user")
    never += [m.user.last_name for m in staff if len(m.user.last_name) > 4 and m.user.last_name != "Lawyer"]
    never += [m.user.username for m in staff]
    leaked = [text for text in never if text in body]
    assert not leaked


def test_her_home_is_small_plain_and_neutral(client, db, world, her_account):
    sign_in_as_her(client, her_account)
    body = client.get(HOME).content
    css = finders.find("selfaccess/her.css")
    icon = finders.find("selfaccess/icon.svg")
    total = len(body) + Path(css).stat().st_size + Path(icon).stat().st_size
    assert total < 100_000
    text = body.decode()
    assert "<script" not in text.lower()
    title = re.search(r"<title>([^<]*)</title>", text).group(1).lower()
    for word in ("traffick", "survivor", "rescue", "police", "court", "case"):
        assert word not in title
    # No external resources: every src/href is on this site.
    for ref in re.findall(r'(?:src|href)="([^"]+)"', text):
        assert ref.startswith("/"), ref
    assert settings.STATIC_URL in text


def test_her_own_pages_carry_no_ids(client, db, world, her_account):
    for name, route in url_patterns().items():
        if _hers(route) and name in ("her_home", "her_language", "her_exit"):
            assert "<" not in route, f"{name} has a parameter in its path"
