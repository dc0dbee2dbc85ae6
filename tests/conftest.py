"""Shared fixtures: build real sites with the project's own build command."""

import base64
import functools
import http.client
import itertools
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest
from bs4 import BeautifulSoup

from testbed.mariadb_server import mariadb_server
from testbed.pictures import draw_images

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# What a test needs, by the marks it must carry (pyproject.toml registers them):
# `invoke test --fast` (-m "not slow and not browser and not nginx") never builds a
# site, starts a browser, a server or a database.
FIXTURE_MARKS = {
    "real_site": {"slow"},
    "news_site": {"slow"},
    "library_site": {"slow"},
    "members_site": {"slow"},
    "mariadb": {"slow"},
    "briefers_area": {"slow", "nginx"},
    "chromium": {"browser"},
}


def pytest_collection_modifyitems(config, items):
    """Refuse to run a test whose fixtures need a mark it does not carry."""
    unmarked = [
        f"{item.nodeid}: {fixture} needs @pytest.mark.{mark}"
        for item in items
        for fixture, marks in FIXTURE_MARKS.items()
        if fixture in item.fixturenames
        for mark in sorted(marks)
        if item.get_closest_marker(mark) is None
    ]
    if unmarked:
        raise pytest.UsageError("\n".join(unmarked))


def run_invoke(*args: str, env=None, stdin=None) -> subprocess.CompletedProcess:
    """Run `invoke ARGS` exactly as a person would; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env=None if env is None else {**os.environ, **env},
    )


def run_script(script: str, *arguments) -> subprocess.CompletedProcess:
    """Python `script` with `arguments`, in a subprocess in the project's folder."""
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, arguments)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def run_logging_build(script: str, site: Path, output: Path, settings: Path, log: Path):
    """Run `script`, a build of `site` (content/, data/) into `output` that appends
    lines to `log`, in a subprocess as `invoke build` would; the lines it logged."""
    log.unlink(missing_ok=True)
    done = run_script(script, site / "content", site / "data", output, settings, log)
    assert done.returncode == 0, done.stdout + done.stderr
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def run_build(content: Path, data: Path, output: Path, *extra: str, env=None):
    """`invoke build` of a content and a data folder into `output`."""
    return run_invoke(
        "build",
        "--content",
        str(content),
        "--data",
        str(data),
        "--output",
        str(output),
        *extra,
        env=env,
    )


def build_ok(content: Path, data: Path, output: Path, *extra: str, env=None) -> Path:
    """Build and fail the test with the build's own messages if it did not succeed."""
    result = run_build(content, data, output, *extra, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def html(output: Path, path: str) -> BeautifulSoup:
    """The parsed page at a site path such as 'tin-tuc/x/' or 'en/'."""
    file = output / path
    if path.endswith("/") or not path:
        file = file / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")


def import_nukeviet(site, content: Path, data: Path, redirects: Path, *extra: str):
    """`invoke import-nukeviet` from a test database (testbed/nukeviet_site.py); the
    report it prints."""
    result = run_invoke(
        "import-nukeviet",
        "--database",
        site.url,
        "--prefix",
        site.prefix,
        "--uploads",
        str(site.uploads),
        "--content",
        str(content),
        "--data",
        str(data),
        "--redirects",
        str(redirects),
        *extra,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def run_search_core(request: dict) -> dict:
    """The browser's search, theme/static/js/search-core.js, run under Node with the
    vendored lunr: its answer to `request` (see tests/vietnamese_search/run_core.js:
    folding samples, or queries on an index folder)."""
    done = subprocess.run(
        ["node", str(FIXTURES.parent / "vietnamese_search" / "run_core.js"), str(ROOT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def empty_sources(folder: Path) -> tuple[Path, Path]:
    """A content folder with nothing in it, and data/ with only the kinds."""
    content, data = folder / "content", folder / "data"
    content.mkdir(parents=True)
    data.mkdir()
    shutil.copy(ROOT / "data" / "document-kinds.yaml", data)
    return content, data


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The site built from the repository's own content/ and data/."""
    output = tmp_path_factory.mktemp("real") / "output"
    return build_ok(ROOT / "content", ROOT / "data", output)


@pytest.fixture(scope="session")
def news_site(tmp_path_factory) -> Path:
    """The fixture site of a dozen articles in two categories, some translated."""
    output = tmp_path_factory.mktemp("news") / "output"
    return build_ok(FIXTURES / "news" / "content", FIXTURES / "news" / "data", output)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output readable
        pass


@contextmanager
def serve(folder: Path):
    """Serve `folder` over HTTP on 127.0.0.1, a free port; yield its base URL."""
    handler = partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def library_site(tmp_path_factory) -> Path:
    """The library fixture: every kind, both access levels, articles naming some."""
    output = tmp_path_factory.mktemp("library") / "output"
    library = FIXTURES / "library"
    return build_ok(library / "content", library / "data", output)


@pytest.fixture(scope="session")
def members_site(tmp_path_factory) -> Path:
    """The library fixture's briefers' area (`invoke build --members`)."""
    output = tmp_path_factory.mktemp("members") / "output-members"
    library = FIXTURES / "library"
    return build_ok(library / "content", library / "data", output, "--members")


@pytest.fixture(scope="session")
def portal_source(tmp_path_factory) -> Path:
    """A copy of the portal fixture with its images drawn in."""
    import shutil

    site = tmp_path_factory.mktemp("portal-source") / "portal"
    shutil.copytree(FIXTURES / "portal", site)
    draw_images(site / "content")  # testbed/pictures.py
    return site


@pytest.fixture(scope="session")
def portal_site(tmp_path_factory, portal_source) -> Path:
    """The portal fixture built: photos, pages, translations, a filled data file."""
    output = tmp_path_factory.mktemp("portal") / "output"
    return build_ok(portal_source / "content", portal_source / "data", output)


NGINX = "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@functools.cache
def test_certificate() -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 and its key."""
    folder = Path(tempfile.mkdtemp(prefix="tls-"))
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return certificate, key


def tls_context() -> ssl.SSLContext:
    """What a client needs to trust the test server (and only it)."""
    return ssl.create_default_context(cafile=str(test_certificate()[0]))


def site_conf(
    port: int, replacements: dict[str, str], http_port: int | None = None
) -> str:
    """The repository's nginx site.conf with its marked lines set for a test: HTTPS
    on `port`, plain HTTP (which redirects) on `http_port`."""
    text = (ROOT / "deploy" / "nginx" / "site.conf").read_text(encoding="utf-8")
    certificate, key = test_certificate()
    tls = {
        "listen 80;": f"listen 127.0.0.1:{http_port or free_port()};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{port} ssl http2;",
        "ssl_certificate /etc/letsencrypt/live/example.org/fullchain.pem;": (
            f"ssl_certificate {certificate};"
        ),
        "ssl_certificate_key /etc/letsencrypt/live/example.org/privkey.pem;": (
            f"ssl_certificate_key {key};"
        ),
    }
    for line, replacement in {**tls, **replacements}.items():
        assert line in text, line
        text = text.replace(line, replacement)
    return text


@contextmanager
def nginx(work: Path, port: int, site: str, workers: int = 1):
    """A real nginx on 127.0.0.1:port serving `site` (a site.conf text)."""
    (work / "site.conf").write_text(site, encoding="utf-8")
    (work / "nginx.conf").write_text(
        f"load_module {BROTLI_MODULE};\n"
        # pytest's temporary folders are private to their owner: serve as that user
        + ("user root root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes {workers};\n"
        f"pid {work}/nginx.pid;\nerror_log {work}/error.log;\ndaemon off;\n"
        "events {}\n"
        "http {\n  include /etc/nginx/mime.types;\n"
        f"  access_log {work}/access.log;\n"
        f"  client_body_temp_path {work}/body;\n  proxy_temp_path {work}/proxy;\n"
        f"  fastcgi_temp_path {work}/fastcgi;\n  uwsgi_temp_path {work}/uwsgi;\n"
        f"  scgi_temp_path {work}/scgi;\n  include {work}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    server = subprocess.Popen(
        [NGINX, "-c", str(work / "nginx.conf"), "-p", str(work)],
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        server.kill()
        raise RuntimeError(f"nginx did not start: {server.stderr.read()}")
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGQUIT)
        server.wait(timeout=10)


# The briefers' area served by nginx (tests/members/, tests/security/): the library
# fixture published twice (public target, members' target), a members file made
# with `invoke members.add`. Requests are sent raw (http.client), each group of
# them from a loopback address of its own, so that the area's rate limit (per
# address) is met only where a test means to meet it.
NAME, PASSWORD = "an.nguyen", "mat-khau-bao-cao-vien-2026"
ADDRESSES = (f"127.0.{10 + i // 250}.{1 + i % 250}" for i in itertools.count())


@dataclass
class Served:
    port: int
    site: Path  # the public target
    briefers: Path  # the members' target
    members_file: Path
    work: Path
    http_port: int  # plain HTTP: redirects to HTTPS


def _invoked(*args, env=None, stdin=None):
    result = run_invoke(*args, env=env, stdin=stdin)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="session")
def briefers_area(tmp_path_factory):
    library = FIXTURES / "library"
    work = tmp_path_factory.mktemp("briefers-nginx")
    port, http_port = free_port(), free_port()
    env = {"SITEURL": f"https://127.0.0.1:{port}"}
    sources = ("--content", str(library / "content"), "--data", str(library / "data"))
    _invoked("publish", "--target", str(work / "site"), *sources, env=env)
    _invoked(
        "publish", "--members", "--target", str(work / "briefers"), *sources, env=env
    )
    members_file = work / "etc" / "briefers.htpasswd"
    add = ("members.add", NAME, "--file", str(members_file), "--password-stdin")
    _invoked(*add, stdin=PASSWORD + "\n")
    site = site_conf(
        port,
        {
            "root /srv/thongtin/current;": f"root {work / 'site'};",
            "root /srv/thongtin/briefers;": f"root {work / 'briefers'};",
            "auth_basic_user_file /etc/nginx/thongtin-briefers.htpasswd;": (
                f"auth_basic_user_file {members_file};"
            ),
        },
        http_port=http_port,
    )
    # checking a bcrypt password takes a worker 0.3 s
    with nginx(work, port, site, workers=2):
        yield Served(
            port, work / "site", work / "briefers", members_file, work, http_port
        )


def get(served, path, auth=None, source=None, headers=None, tls=True):
    """(status, headers, body) of a raw request for `path`, sent from `source`."""
    address = (source or "127.0.0.1", 0)
    if tls:
        connection = http.client.HTTPSConnection(
            "127.0.0.1",
            served.port,
            timeout=20,
            source_address=address,
            context=tls_context(),
        )
    else:
        connection = http.client.HTTPConnection(
            "127.0.0.1", served.http_port, timeout=20, source_address=address
        )
    sent = dict(headers or {})
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        sent["Authorization"] = f"Basic {token}"
    try:
        connection.request("GET", path, headers=sent)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="session")
def mariadb(tmp_path_factory):
    """One MariaDB server for the session; each test makes its own database."""
    with mariadb_server(tmp_path_factory.mktemp("mariadb")) as server:
        yield server


# The page's cumulative layout shift, in Chromium (Playwright's page.evaluate).
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""
