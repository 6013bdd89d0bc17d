"""The people of the 50-user load test (bench/load/run.py starts locust with this file).

Caseworkers browse their case list, search (posted, with the CSRF token of the page they are on),
open cases and click through the tabs the case page offers them, add notes to the timeline and
record a police case and its FIR (two steps of the investigation workflow). Lawyers read their
cases' printable case files and legal tabs, the hearing calendar and the review queue, and ask
for case dossiers (built by the Celery worker; they watch the progress page and download the PDF).
One coordinator reads the dashboard and follows its numbers to the cases behind them.

Everything a simulated person needs comes from the plan the driver writes (NYAYA_LOAD_PLAN): her
server-side session (already past the second sign-in step), a CSRF secret, and cases she may see,
with what she may do on each. The driver runs this against gunicorn on 127.0.0.1 only.

How the client stands in for a browser behind the production TLS proxy: every request carries
`X-Forwarded-Proto: https`, as the proxy in front of gunicorn adds it (settings BEHIND_TLS_PROXY=1,
SECURE_SSL_REDIRECT=1), and POSTs carry the `Origin` a browser sends. The session and CSRF cookies
are sent in a fixed Cookie header: they are `Secure` cookies, which a cookie jar keeps for HTTPS.
"""

import itertools
import json
import os
import random
import re
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["NYAYA_LOAD_PLAN"]).read_text(encoding="utf-8"))
WAIT = tuple(PLAN.get("wait", (0.25, 1.25)))
POOLS = {role: itertools.cycle(people) for role, people in PLAN["people"].items() if people}
STARTED = itertools.count()  # the n-th person started: her choices' seed, the same run to run
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TAB_LINKS = re.compile(r'<nav class="tabs"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')
DRILL_LINK = re.compile(r'href="(/dashboard/cases/\?[^"]+)"')
DOWNLOAD = re.compile(r'href="(/cases/\d+/generated/[0-9a-f-]+/download/)"')
NUMBER = re.compile(r"\d+")
TAB_NAME = re.compile(r"^/cases/\d+/(?:([a-z-]+)/(?:([a-z-]+)/)?)?$")
NOTE = "Called the district child-protection officer about her school admission."
DOSSIER_POLLS = 30  # a status poll a second, as the page's htmx does; a dossier not ready by then fails


@events.init_command_line_parser.add_listener
def _options(parser):
    parser.add_argument("--nyaya-seed", type=int, default=0, help="seed of the simulated people's choices")


class FormParser(HTMLParser):
    """The forms of a page: action, method and the values a browser would submit as shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": []}
            self._form["class"] = a.get("class") or ""
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._form["fields"].append([a["name"], a.get("value") or ("on" if kind == "checkbox" else "")])
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            self._form["fields"].append([self._select["name"], chosen or ""])
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append([self._textarea[0], self._textarea[1].strip("\n")])
            self._textarea = None
        elif tag == "form":
            self._form = None


def page_form(html: str) -> dict | None:
    """The page's own form (posted to itself, `class="stacked"`), not the header's or the language switch."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] == "post" and "stacked" in form["class"]:
            return form
    return None


def filled(form: dict, **values) -> str:
    """The form's fields as shown, with `values` put in (the name's first field, or added)."""
    fields = [list(f) for f in form["fields"]]
    for name, value in values.items():
        for field in fields:
            if field[0] == name:
                field[1] = value
                break
        else:
            fields.append([name, value])
    return urlencode([tuple(f) for f in fields])


class NyayaUser(FastHttpUser):
    abstract = True
    role = ""
    wait_time = between(*WAIT)
    # Like a browser's connection to the proxy: one keep-alive connection per person.
    concurrency = 1
    network_timeout = 120.0
    connection_timeout = 10.0

    def on_start(self):
        self.me = next(POOLS[self.role])
        self.rng = random.Random(f"{self.environment.parsed_options.nyaya_seed}-{self.role}-{next(STARTED)}")
        cookie = f"sessionid={self.me['session']}; csrftoken={self.me['csrf']}"
        self.base = {"X-Forwarded-Proto": "https", "Cookie": cookie}
        self.origin = self.host.replace("http://", "https://", 1).rstrip("/")
        self.token = ""  # the CSRF token of the last page seen, as a browser's form would carry it

    # -- requests ---------------------------------------------------------------------------

    def get(self, path: str, name: str, *, expect: str | None = None, htmx: bool = False) -> str:
        headers = dict(self.base)
        if htmx:
            headers["HX-Request"] = "true"
        with self.client.get(path, name=name, headers=headers, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                return ""
            html = r.text or ""
            if expect and expect not in html:
                r.failure(f"{expect!r} not on the page")
                return ""
            if token := CSRF_INPUT.search(html):
                self.token = token.group(1)
            return html

    def post(self, path: str, body: str, name: str, *, status: int = 302, expect: str | None = None):
        """POST a url-encoded body; returns the redirect's Location (302) or the page (200)."""
        headers = {
            **self.base,
            "Origin": self.origin,
            "Referer": self.origin + path,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        with self.client.post(
            path, data=body, name=name, headers=headers, catch_response=True, allow_redirects=False
        ) as r:
            if r.status_code != status:
                r.failure(f"HTTP {r.status_code}, expected {status}")
                return None
            if status == 302:
                location = r.headers.get("Location") or r.headers.get("location") or ""
                if not location:
                    r.failure("redirect without Location")
                    return None
                return location
            html = r.text or ""
            if expect and expect not in html:
                r.failure(f"{expect!r} not on the page")
                return None
            if token := CSRF_INPUT.search(html):
                self.token = token.group(1)
            return html

    def _fail(self, name: str, why: str) -> None:
        """A failure that is not one request's (a dossier never ready): counted as an error all the same."""
        self.environment.events.request.fire(
            request_type="TASK",
            name=name,
            response_time=0,
            response_length=0,
            exception=RuntimeError(why),
            context={},
        )

    def case(self, need: str | None = None) -> dict | None:
        cases = self.me["cases"] if need is None else [c for c in self.me["cases"] if c.get(need)]
        return self.rng.choice(cases) if cases else None

    def browse_case(self, case: dict, clicks: int) -> None:
        """The case's overview, then `clicks` tabs of those its page offers her."""
        html = self.get(f"/cases/{case['id']}/", "case · overview", expect=case["reference"])
        nav = TAB_LINKS.search(html)
        if not nav:
            return
        tabs = [h for h in HREF.findall(nav.group(1)) if h != f"/cases/{case['id']}/"]
        for href in self.rng.sample(tabs, min(clicks, len(tabs))):
            self.wait()
            self.get(href, tab_name(href), expect=case["reference"])

    def case_list(self) -> None:
        if self.rng.random() < 0.2:
            self.get("/cases/?page=2", "cases · list page 2")
        else:
            self.get("/cases/", "cases · list")


def tab_name(path: str) -> str:
    """A tab's name in the statistics: its address without the case's id."""
    match = TAB_NAME.match(path.split("?")[0])
    if match:
        return "case · tab " + "/".join(p for p in match.groups() if p)
    return "case · " + NUMBER.sub("N", path.split("?")[0])


class Caseworker(NyayaUser):
    role = "caseworker"
    weight = 34

    @task(6)
    def cases(self):
        self.case_list()

    @task(3)
    def search(self):
        if not self.token:
            self.get("/cases/", "cases · list")
        found = self.rng.choice(self.me["searches"])
        body = urlencode({"csrfmiddlewaretoken": self.token, "q": found["q"]})
        self.post("/cases/", body, f"cases · search {found['kind']}", status=200, expect=found["reference"])

    @task(6)
    def open_case(self):
        self.browse_case(self.case(), clicks=self.rng.randint(1, 3))

    @task(1)
    def my_work(self):
        self.get("/work/", "my work")

    @task(1)
    def add_note(self):
        case = self.case("note")
        if case is None:
            return
        path = f"/cases/{case['id']}/timeline/"
        if not self.get(path, "case · tab timeline", expect=case["reference"]):
            return
        self.wait()
        body = urlencode({"csrfmiddlewaretoken": self.token, "body": NOTE, "visibility": "team"})
        if self.post(path, body, "note · add"):
            self.get(path, "case · tab timeline", expect=NOTE)

    @task(1)
    def record_fir(self):
        """A police case from the complaint, then its first step: the FIR is registered."""
        case = self.case("investigation")
        if case is None:
            return
        new = f"/cases/{case['id']}/investigation/firs/new/"
        form = page_form(self.get(new, "fir · form"))
        if form is None:
            return
        self.wait()
        today = date.today()
        body = filled(form, police_station="Bench Road PS", reported_on=(today - timedelta(days=3)).isoformat())
        location = self.post(new, body, "fir · record complaint")
        if not location:
            return
        html = self.get(location.split("#")[0], "case · tab investigation", expect=case["reference"])
        fir = location.rpartition("#fir-")[2]
        path = f"/cases/{case['id']}/investigation/firs/{fir}/move/register_fir/"
        if path not in html:
            self._fail("fir · step register_fir", "the new complaint offers no 'Record the FIR' step")
            return
        self.wait()
        form = page_form(self.get(path, "fir · step form"))
        if form is None:
            return
        self.wait()
        number = f"{self.rng.randint(1, 999)}/{today.year}"
        body = filled(form, fir_number=number, police_station="Bench Road PS", fir_date=today.isoformat())
        self.post(path, body, "fir · step register_fir")


class Lawyer(NyayaUser):
    role = "lawyer"
    weight = 15

    @task(2)
    def cases(self):
        self.case_list()

    @task(3)
    def open_case(self):
        case = self.case()
        if case:
            self.browse_case(case, clicks=1)

    @task(3)
    def case_file(self):
        case = self.case("case_file")
        if case:
            self.get(f"/cases/{case['id']}/court/case-file/", "case file", expect=case["reference"])

    @task(3)
    def legal_tab(self):
        case = self.case()
        if case:
            tab = self.rng.choice(["investigation", "court"])
            self.get(f"/cases/{case['id']}/{tab}/", f"case · tab {tab}", expect=case["reference"])

    @task(2)
    def hearings(self):
        self.get("/court/calendar/", "hearings · calendar")

    @task(1)
    def reviews(self):
        self.get("/court/reviews/", "reviews · queue")

    @task(1)
    def dossier(self):
        """Asks for the case dossier, watches its progress as the page does (htmx, every second)
        and downloads it when it is ready."""
        case = self.case("case_file")
        if case is None:
            return
        if not self.get(f"/cases/{case['id']}/", "case · overview", expect=case["reference"]):
            return
        body = urlencode({"csrfmiddlewaretoken": self.token, "kind": "dossier"})
        status = self.post(f"/cases/{case['id']}/generated/new/", body, "dossier · request")
        if not status:
            return
        self.get(status, "dossier · status page")
        for _ in range(DOSSIER_POLLS):
            self.wait_seconds(1.0)
            html = self.get(status, "dossier · status poll", htmx=True)
            if download := DOWNLOAD.search(html):
                self.get_pdf(unescape(download.group(1)))
                return
            if "status-failed" in html:
                self._fail("dossier · build", "the dossier could not be built")
                return
        self._fail("dossier · build", f"not ready after {DOSSIER_POLLS} s")

    def wait_seconds(self, seconds: float) -> None:
        import gevent

        gevent.sleep(seconds)

    def get_pdf(self, path: str) -> None:
        with self.client.get(path, name="dossier · download", headers=self.base, catch_response=True) as r:
            if r.status_code != 200 or not (r.content or b"").startswith(b"%PDF"):
                r.failure(f"HTTP {r.status_code}, not a PDF")


class Coordinator(NyayaUser):
    role = "coordinator"
    fixed_count = 1
    drill = ()

    @task(3)
    def dashboard(self):
        html = self.get("/dashboard/", "dashboard")
        self.drill = sorted(set(DRILL_LINK.findall(html))) or self.drill

    @task(3)
    def drill_down(self):
        if not self.drill:
            self.dashboard()
            self.wait()
        if self.drill:
            self.get(unescape(self.rng.choice(self.drill)), "dashboard · drill-down")

    @task(1)
    def cases(self):
        self.case_list()

    @task(1)
    def filtered(self):
        self.get("/cases/?status=open&minor=yes&sort=-rescued_on", "cases · filter open+minor")

    @task(1)
    def open_case(self):
        case = self.case()
        if case:
            self.browse_case(case, clicks=1)
