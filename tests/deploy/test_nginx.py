"""deploy/nginx: in step with what Nyaya accepts and expects behind it (the upload limit, static
files, the proxy header BEHIND_TLS_PROXY trusts, gunicorn's address), TLS with HSTS, and logs
without query strings, tokens or health checks."""

import os
import re
import runpy
import shutil
import subprocess

import pytest

from cases.documents import MAX_UPLOAD_BYTES as DOCUMENT_LIMIT
from imports.reading import MAX_BYTES as IMPORT_LIMIT

from .helpers import DEPLOY, SYSTEMD, environment, find, nginx_directives, production_settings, read_unit

MIB = 1024 * 1024
# Room for the rest of a form around the largest file, so that a file just over Nyaya's limit still
# reaches Nyaya and gets its clear message instead of nginx's bare 413.
FORM_MARGIN = 1 * MIB


@pytest.fixture(scope="module")
def conf():
    return nginx_directives((DEPLOY / "nginx" / "nyaya.conf").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def proxy():
    return nginx_directives((DEPLOY / "nginx" / "nyaya-proxy.conf").read_text(encoding="utf-8"))


def _servers(conf):
    servers = find(conf, "server")
    tls = [s for s in servers if any("ssl" in d[1] for d in find(s[2], "listen"))]
    plain = [s for s in servers if s not in tls]
    assert len(tls) == 1 and len(plain) == 1
    return tls[0][2], plain[0][2]


def _location(server, *arguments):
    [found] = [d for d in find(server, "location") if d[1] == list(arguments)]
    return found[2]


def _one(block, name):
    [directive] = find(block, name)
    return directive[1]


def _bytes(size):
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", size).groups()
    return int(number) * {"": 1, "k": 1024, "m": MIB, "g": 1024 * MIB}[unit.lower()]


def test_the_upload_limit_is_nyayas_largest_plus_the_forms_margin(conf):
    tls, _ = _servers(conf)
    [size] = _one(tls, "client_max_body_size")
    largest = max(DOCUMENT_LIMIT, IMPORT_LIMIT)
    assert _bytes(size) == largest + FORM_MARGIN
    assert _one(tls, "proxy_request_buffering") == ["on"]


@pytest.fixture(scope="module")
def production():
    web = read_unit(SYSTEMD / "nyaya-web.service")
    return production_settings(environment(web)["NYAYA_VAR_DIR"], ["STATIC_ROOT", "SECURE_PROXY_SSL_HEADER"])


def test_static_files_are_served_from_static_root_as_the_units_set_it(conf, production):
    tls, _ = _servers(conf)
    static = _location(tls, "/static/")
    [alias] = _one(static, "alias")
    assert alias.rstrip("/") == production["STATIC_ROOT"]
    # No location serves the uploads: they are encrypted and only permission-checked views read them.
    assert not [d for d in find(tls, "location") if "media" in " ".join(d[1])]


def test_the_proxy_sends_the_header_behind_tls_proxy_trusts_and_reaches_gunicorns_address(conf, proxy, production):
    # With BEHIND_TLS_PROXY=1 Django takes a request as secure when this header has this value.
    header, value = production["SECURE_PROXY_SSL_HEADER"]
    as_django_reads = {"HTTP_" + d[1][0].upper().replace("-", "_"): d[1][1] for d in find(proxy, "proxy_set_header")}
    assert value == "https"
    assert as_django_reads[header] == "$scheme"  # "https": the TLS server is the only one proxying
    set_headers = {d[1][0].lower(): d[1][1] for d in find(proxy, "proxy_set_header")}
    assert set_headers["x-forwarded-for"] == "$remote_addr"  # replaced, never appended to the client's
    assert set_headers["host"] == "$host"
    assert set_headers["x-request-id"] == "$request_id"
    [upstream] = find(conf, "upstream")
    server_address = _one(upstream[2], "server")[0]
    gunicorn = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert [server_address] == gunicorn["bind"]
    assert _one(proxy, "proxy_pass") == [f"http://{upstream[1][0]}"]
    # gunicorn's timeout decides a stuck request, not nginx's.
    assert int(_one(proxy, "proxy_read_timeout")[0].removesuffix("s")) > gunicorn["timeout"]


def test_every_proxied_location_includes_the_proxy_snippet(conf):
    tls, plain = _servers(conf)
    for location in find(tls, "location"):
        if location[1] == ["/static/"]:
            continue
        assert _one(location[2], "include") == ["/etc/nginx/snippets/nyaya-proxy.conf"], location[1]
    assert not any(find(location[2], "include") for location in find(plain, "location"))


def test_tls_from_certbot_and_hsts_on_every_answer(conf):
    tls, plain = _servers(conf)
    assert _one(tls, "ssl_certificate")[0].startswith("/etc/letsencrypt/live/")
    assert _one(tls, "ssl_certificate_key")[0].startswith("/etc/letsencrypt/live/")
    assert _one(tls, "ssl_protocols") == ["TLSv1.2", "TLSv1.3"]
    # add_header in a location replaces the server's: each place that adds headers repeats HSTS.
    for block in [tls, *[loc[2] for loc in find(tls, "location") if find(loc[2], "add_header")]]:
        hsts = [d[1] for d in find(block, "add_header") if d[1][0] == "Strict-Transport-Security"]
        assert hsts, "a block adds headers without Strict-Transport-Security"
        max_age = int(re.search(r"max-age=(\d+)", hsts[0][1]).group(1))
        assert max_age >= 31536000 and hsts[0][-1] == "always"
    assert _one(tls, "proxy_hide_header") == ["Strict-Transport-Security"]  # not doubled with Django's
    # Plain HTTP only answers Let's Encrypt's challenge and redirects.
    assert _one(_location(plain, "^~", "/.well-known/acme-challenge/"), "root") == ["/var/www/letsencrypt"]
    assert _one(_location(plain, "/"), "return") == ["301", "https://$host$request_uri"]


def test_logs_carry_no_query_string_referer_or_token_and_no_health_check(conf):
    [log_format] = find(conf, "log_format")
    name, *parts = log_format[1]
    fields = " ".join(parts)
    for leak in ("$request ", "$request_uri", "$args", "$query_string", "$http_referer", "$arg_", "$uri"):
        assert leak not in fields + " ", leak
    assert "$nyaya_logged_path" in fields
    [path_map] = find(conf, "map")
    assert path_map[1] == ["$uri", "$nyaya_logged_path"]
    redacted = {d[0]: d[1][0] for d in path_map[2]}
    assert redacted["~^/accounts/reset/"] == "/accounts/reset/..."
    assert redacted["~^/accounts/invitation/"] == "/accounts/invitation/..."
    tls, plain = _servers(conf)
    for server in (tls, plain):
        assert _one(server, "access_log")[1] == name
    assert _one(_location(tls, "^~", "/health/"), "access_log") == ["off"]


def test_sign_in_is_rate_limited_by_address(conf):
    tls, _ = _servers(conf)
    login = _location(tls, "=", "/accounts/login/")
    assert _one(login, "limit_req")[0] == "zone=nyaya_login"
    assert _one(login, "limit_req_status") == ["429"]
    [zone] = find(conf, "limit_req_zone")
    assert zone[1][0] == "$binary_remote_addr"


def test_the_parser_refuses_an_unbalanced_file():
    with pytest.raises(AssertionError, match="unbalanced"):
        nginx_directives("server { listen 80;")


NGINX = os.environ.get("NGINX_BINARY") or shutil.which("nginx") or ""


def test_nginx_accepts_the_configuration(tmp_path):
    from tests.conftest import TOOLS_REQUIRED, need_service

    need_service("nginx (make system-deps; or NGINX_BINARY)", bool(NGINX), required=TOOLS_REQUIRED)
    # The files as docs/deploy.md installs them, with this test's folders for the snippet, the logs,
    # the certificate (a self-signed one made here) and nginx's own temporary files.
    (tmp_path / "logs").mkdir()
    (tmp_path / "tmp").mkdir()
    shutil.copy(DEPLOY / "nginx" / "nyaya-proxy.conf", tmp_path / "nyaya-proxy.conf")
    subprocess.run(  # noqa: S603
        [shutil.which("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=nyaya.example.org", "-keyout", str(tmp_path / "privkey.pem")]
        + ["-out", str(tmp_path / "fullchain.pem")],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx" / "nyaya.conf").read_text(encoding="utf-8")
    site = site.replace("/etc/nginx/snippets/", f"{tmp_path}/").replace("/var/log/nginx/", f"{tmp_path}/logs/")
    site = site.replace("/etc/letsencrypt/live/nyaya.example.org/", f"{tmp_path}/")
    (tmp_path / "nyaya.conf").write_text(site, encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {tmp_path}/tmp/{kind};" for kind in ("proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
        f"http {{\n client_body_temp_path {tmp_path}/tmp/body; {temp}\n include {tmp_path}/nyaya.conf;\n}}\n",
        encoding="utf-8",
    )
    done = subprocess.run(  # noqa: S603
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
