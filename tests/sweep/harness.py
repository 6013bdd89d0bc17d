"""Shared machinery of the every-URL sweep and the form fuzzing: the URL enumeration, one
world per test module (built once, each test rolled back to it), row counts, form fields."""

import re
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie

from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

# URL namespaces and views the sweep leaves out, each with its reason.
SKIPPED_NAMESPACES = {
    "api": "the REST API answers JSON to tokens: swept endpoint by endpoint in tests/api/test_api_sweep.py",
    "admin": "Django admin: superusers only (is_staff), guarded by Django's own admin checks; no persona uses it",
}
SKIPPED_VIEW_PREFIXES = {
    "django.views.static.": "static and media files are not served by Django outside DEBUG",
    "django.contrib.staticfiles.": "static files: no data, not served by Django outside DEBUG",
}

# Rows a refused or read-only request may legitimately write: the audit trail and login bookkeeping.
UNCOUNTED_MODELS = {
    "cases.accesslogentry": "every read and every refused attempt is logged by design (README: Access log)",
    "consortium.securityevent": "a refused sign-in step (a wrong or replayed code) is logged by design",
    "sessions.session": "force_login and the session middleware",
    "axes.accessattempt": "login throttling bookkeeping",
    "axes.accesslog": "login throttling bookkeeping",
    "axes.accessfailurelog": "login throttling bookkeeping",
}


def url_patterns() -> dict[str, str]:
    """Every named URL of the project (walking every include), name -> its route; skipped ones left out."""
    found: dict[str, str] = {}

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                walk(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if any(pattern.lookup_str.startswith(p) for p in SKIPPED_VIEW_PREFIXES):
                    continue
                assert pattern.name, f"an unnamed URL {prefix}{pattern.pattern}: name it so the sweep can check it"
                found.setdefault(pattern.name, prefix + str(pattern.pattern))  # the first one answers

    walk(get_resolver())
    return found


def counted_models():
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in UNCOUNTED_MODELS
    ]


def row_counts() -> dict[str, int]:
    """The number of rows of every counted model, in one query."""
    from django.db import connection

    models = counted_models()
    quote = connection.ops.quote_name
    selects = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")  # noqa: S608  (table names from the models, quoted)
        row = cursor.fetchone()
    return {m._meta.label_lower: n for m, n in zip(models, row, strict=True)}


def count_changes(before: dict, after: dict) -> dict:
    return {k: (before[k], after[k]) for k in before if before[k] != after[k]}


def built_world(django_db_blocker, tmp_path_factory):
    """The body of a module-scoped `world` fixture: the world (tests/sweep/world.py), built once
    for the module inside a transaction that is rolled back at the end; each test's own `db`
    transaction nests inside it (a savepoint), so what a test writes is undone before the next."""
    from tests.sweep.world import build

    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("sweep-media"))
    with django_db_blocker.unblock():
        media.enable()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build()
            world.sessions = PersonaSessions(world.people)
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


class _FormFields(HTMLParser):
    """The fields of the POST forms of a page: [(action, [(name, value), ...]), ...] as a browser
    would submit them untouched (checked boxes, selected options, textarea contents)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list]] = []
        self._fields = None
        self._select = None
        self._select_first = None
        self._select_chosen = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._fields = []
            self.forms.append((a.get("action") or "", self._fields))
        if self._fields is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._fields.append(tuple(self._textarea))
            self._textarea = None


def page_forms(body: str) -> list[tuple[str, list]]:
    parser = _FormFields()
    parser.feed(body)
    return parser.forms


def form_data(body: str, url: str) -> dict:
    """The fields of the page's form that posts back to `url` (or to the page itself), as a dict of lists."""
    for action, fields in page_forms(body):
        if action in ("", url) or action.split("?")[0] == url:
            data: dict[str, list] = {}
            for name, value in fields:
                data.setdefault(name, []).append(value)
            data.pop("csrfmiddlewaretoken", None)
            return data
    return {}


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def normalise(body: bytes, *paths: str) -> str:
    text = _CSRF.sub('name="csrfmiddlewaretoken" value="CSRF"', body.decode(errors="replace"))
    for path in paths:
        text = text.replace(path, "/PATH/")
    return text


class MissingPages:
    """The 404 pages seen for objects that do not exist, by person and method, normalised.

    A sweep compares each 404 for an object she may not see with the 404 for one that does not
    exist. That page is the same for every URL (its path normalised away), so once a person has
    been shown it, a 404 identical to it needs no second request: it is, byte for byte, what a
    missing object gets. A 404 that differs is still checked against its own URL's missing
    object, so a stale page can only cost a request, never pass a difference."""

    def __init__(self):
        self._pages: dict[tuple, set[str]] = {}

    @staticmethod
    def _key(client, method: str) -> tuple:
        return (client.session.get("_auth_user_id"), method)

    def seen(self, client, method: str, page: str) -> bool:
        return page in self._pages.get(self._key(client, method), ())

    def keep(self, client, method: str, page: str) -> None:
        self._pages.setdefault(self._key(client, method), set()).add(page)


missing_pages = MissingPages()


class PersonaSessions:
    """Each persona signed in once for the module, her session made inside the module's transaction.

    A sweep switches person hundreds of times; signing out and in again each time (a session
    deleted and written, the sign-in signals, her last login) cost a tenth of its time. Switching
    is setting the client's session cookie to hers. What a test does to a session (a sign-out, a
    rotated key, a deactivated membership) is rolled back with the test's own writes, so the next
    test finds it as it was. Sessions end after 15 idle minutes for coordinators and admins: past
    ten minutes of module, a switch signs her in afresh (inside the test) instead."""

    FRESH_FOR_SECONDS = 600

    def __init__(self, people: dict):
        from django.test import Client

        from consortium.mfa import SESSION_VERIFIED_KEY

        self.people = people
        self.made = time.monotonic()
        self.keys = {}
        for persona, membership in people.items():
            if membership is None:
                continue
            client = Client()
            client.force_login(membership.user)
            session = client.session
            session[SESSION_VERIFIED_KEY] = membership.user.pk  # as tests' logins pass the second step
            session.save()
            self.keys[persona] = session.session_key

    def use(self, client, persona: str) -> None:
        from django.conf import settings

        membership = self.people[persona]
        # A new cookie jar, as signing out gives: no message or CSRF cookie of the person before.
        client.cookies = SimpleCookie()
        if membership is None:
            return
        if time.monotonic() - self.made > self.FRESH_FOR_SECONDS:
            client.force_login(membership.user)
        else:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.keys[persona]
