"""The briefers' area served by the repository's nginx configuration on 127.0.0.1.

The library fixture is published twice (public target, members' target), a members
file is made with `invoke members.add`, and nginx runs deploy/nginx/site.conf with
its marked lines filled in. Requests are sent raw (http.client), so that no client
tidies a tricky path; each group comes from its own loopback address, so that the
area's rate limit (per address) is met only where a test means to meet it.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ADDRESSES, FIXTURES, NAME, PASSWORD, get

from sitebuild.checks.output import find_traces
from sitebuild.publish import restricted_needles

pytestmark = [pytest.mark.slow, pytest.mark.nginx]

LIBRARY = FIXTURES / "library"
NEEDLES = [n.encode() for n in restricted_needles(LIBRARY / "data")]
SIGN_IN_PAGES = ("bao-cao-vien/dang-xuat/index.html", "bao-cao-vien/en/sign-out/")
THEME = "bao-cao-vien/theme/"  # the public theme's files, served without password


@pytest.fixture
def served(briefers_area):
    return briefers_area


def traces(body: bytes) -> list[bytes]:
    return [needle for needle in NEEDLES if needle in body]


def members_urls(served) -> dict[str, Path]:
    """Every URL of the members' tree and its file (folders by their index.html);
    only its prefix is served, not the marker beside it."""
    urls = {}
    for file in sorted((served.briefers / "bao-cao-vien").rglob("*")):
        relative = file.relative_to(served.briefers).as_posix()
        if not file.is_file() or relative.startswith((*SIGN_IN_PAGES, THEME)):
            continue
        urls["/" + relative.removesuffix("index.html")] = file
    return urls


def test_every_members_url_needs_the_password(served):
    urls = members_urls(served)
    assert len(urls) > 50
    assert "/bao-cao-vien/van-ban/tep/zeta-mat-noi-bo.pdf" in urls
    assert any("/tim-kiem/index/terms." in url for url in urls)
    assert any("/tim-kiem/index/docs." in url for url in urls)

    def check(url):
        source = next(ADDRESSES)
        for auth in (None, ("khach", PASSWORD), (NAME.upper(), PASSWORD)):
            status, headers, body = get(served, url, auth, source)
            assert status == 401, (url, auth, status)
            assert headers["Cache-Control"] == "private, no-store", url
            assert headers["WWW-Authenticate"].startswith('Basic realm="Bao cao vien')
            assert traces(body) == [], url
        status, headers, body = get(served, url, (NAME, PASSWORD), source)
        assert status == 200, (url, status)
        assert headers["Cache-Control"] == "private, no-store", url
        assert "Content-Encoding" not in headers
        expected = urls[url].read_bytes()
        if urls[url].suffix == ".html":  # nginx writes the member's name in
            expected = expected.replace(
                b"data-member-name>&hellip;<", f"data-member-name>{NAME}<".encode()
            )
        assert body == expected, url

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(check, urls))
    # a wrong password for a real name (each costs nginx a bcrypt check)
    for url in list(urls)[:3]:
        assert get(served, url, (NAME, PASSWORD + "x"), next(ADDRESSES))[0] == 401


def test_the_areas_theme_is_the_public_theme_served_without_a_password(served):
    """Style sheets and scripts cost no bcrypt check and no rate-limit token: they
    are byte for byte the public site's own."""
    source = next(ADDRESSES)
    theme = sorted(p for p in (served.briefers / THEME).rglob("*") if p.is_file())
    assert any(p.suffix == ".css" for p in theme) and any(
        p.suffix == ".js" for p in theme
    )
    for file in theme:
        relative = file.relative_to(served.briefers / THEME).as_posix()
        public = served.site / "theme" / relative
        assert public.read_bytes() == file.read_bytes(), relative
        for _ in range(3):  # more than the burst allows pages: never 429
            status, headers, body = get(served, f"/{THEME}{relative}", None, source)
            assert status == 200 and body == file.read_bytes(), relative
        assert headers["Cache-Control"].startswith("public"), relative
        assert "Strict-Transport-Security" in headers


def test_pages_say_who_is_signed_in_and_not_found_stays_private(served):
    source = next(ADDRESSES)
    compressed = {"Accept-Encoding": "gzip, br"}
    url = "/bao-cao-vien/van-ban/"
    _status, headers, body = get(served, url, (NAME, PASSWORD), source, compressed)
    assert "Content-Encoding" not in headers
    assert f"data-member-name>{NAME}</span>".encode() in body
    status, headers, body = get(
        served, "/bao-cao-vien/khong-co/", (NAME, PASSWORD), source
    )
    assert status == 404 and headers["Cache-Control"] == "private, no-store"
    assert b'<html lang="vi">' in body and b"Restricted" not in body
    status, _headers, body = get(
        served, "/bao-cao-vien/en/none/", (NAME, PASSWORD), source
    )
    assert status == 404 and b'<html lang="en">' in body


@pytest.mark.parametrize(
    ("path", "lang"),
    [("/bao-cao-vien/dang-xuat/", "vi"), ("/bao-cao-vien/en/sign-out/", "en")],
)
def test_signing_out_is_a_401_even_with_the_right_password(served, path, lang):
    source = next(ADDRESSES)
    for auth in (None, (NAME, PASSWORD)):
        status, headers, body = get(served, path, auth, source)
        assert status == 401 and "WWW-Authenticate" in headers
        assert headers["Cache-Control"] == "private, no-store"
        assert f'<html lang="{lang}">'.encode() in body and traces(body) == []
        sign_in = {
            "vi": b"/bao-cao-vien/van-ban/",
            "en": b"/bao-cao-vien/en/documents/",
        }
        assert sign_in[lang] + b'"' in body  # "Sign in" again
    # the page behind the 401 is never served by its own address
    status, _headers, body = get(served, path + "index.html", None, source)
    assert status in (401, 404) and traces(body) == []


def test_public_pages_need_no_password(served):
    source = next(ADDRESSES)
    for path in ("/", "/en/", "/van-ban/", "/van-ban/hd-05-btg/", "/tim-kiem/"):
        status, headers, body = get(served, path, None, source)
        assert status == 200, path
        assert headers["Cache-Control"].startswith("public"), path
        assert b'class="members-link"' in body and traces(body) == []


TRICKS = [
    "/bao-cao-vien/../bao-cao-vien/van-ban/cv-zeta-noi-bo/",
    "/bao-cao-vien/%2e%2e/bao-cao-vien/van-ban/cv-zeta-noi-bo/",
    "/bao-cao-vien/%2E%2E/bao-cao-vien/van-ban/tep/zeta-mat-noi-bo.pdf",
    "/van-ban/../bao-cao-vien/van-ban/tep/zeta-mat-noi-bo.pdf",
    "/van-ban/%2e%2e/bao-cao-vien/van-ban/cv-zeta-noi-bo/",
    "//bao-cao-vien//van-ban/cv-zeta-noi-bo/",
    "/bao-cao-vien//van-ban/tep/zeta-mat-noi-bo.pdf",
    "/Bao-Cao-Vien/van-ban/cv-zeta-noi-bo/",
    "/BAO-CAO-VIEN/van-ban/tep/zeta-mat-noi-bo.pdf",
    "/bao-cao-vien/van-ban/tep/ZETA-MAT-NOI-BO.PDF",
    "/bao-cao-vien./van-ban/cv-zeta-noi-bo/",
    "/bao-cao-vien/van-ban/cv-zeta-noi-bo./",
    "/bao-cao-vien/van-ban/tep/zeta-mat-noi-bo.pdf.",
    "/bao-cao-vien",
    "/bao-cao-vien%2fvan-ban/cv-zeta-noi-bo/",
    "/bao-cao-vien%2Fvan-ban%2Ftep%2Fzeta-mat-noi-bo.pdf",
    "/%62ao-cao-vien/van-ban/cv-zeta-noi-bo/",
    "/./bao-cao-vien/van-ban/cv-zeta-noi-bo/",
    "/bao-cao-vien/./van-ban/cv-zeta-noi-bo/index.html",
    "/bao-cao-vien%20/van-ban/cv-zeta-noi-bo/",
    "/bao-cao-vien;/van-ban/cv-zeta-noi-bo/",
    "/bao-cao-vien/van-ban/tep/zeta-mat-noi-bo.pdf%00",
    "/bao-cao-vien/van-ban/tep/zeta-mat-noi-bo.pdf?download=1",
    "/bao-cao-vien\\van-ban\\cv-zeta-noi-bo\\",
    "/bao-cao-vien/tim-kiem/index/manifest.json#x",
]


def test_path_tricks_never_serve_a_members_file(served):
    for path in TRICKS:  # each from an address of its own: no 429 hides a leak
        status, headers, body = get(served, path, None, next(ADDRESSES))
        assert status in (301, 400, 401, 404), (path, status)
        assert traces(body) == [], path
        if status == 301:
            assert headers["Location"] == "/bao-cao-vien/", path
    # the same requests with a wrong password
    for path in TRICKS[:6]:
        status, _headers, body = get(served, path, ("khach", "x" * 12), next(ADDRESSES))
        assert status in (301, 400, 401, 404) and traces(body) == [], path


def test_no_members_file_is_reachable_from_the_public_root(served):
    source = next(ADDRESSES)
    public = served.site.resolve()
    for url, file in members_urls(served).items():
        for path in (
            url.removeprefix("/bao-cao-vien"),
            url.replace("/bao-cao-vien/", "/en/", 1),
        ):
            status, _headers, body = get(served, path, None, source)
            assert traces(body) == [], path
            if status == 200:  # a public page of that name, never the members' file
                assert body != file.read_bytes() or (
                    (public / path.lstrip("/")).is_file()
                    and (public / path.lstrip("/")).read_bytes() == body
                ), path
            else:
                assert status == 404, (path, status)


def test_the_public_tree_has_no_trace_and_the_trees_no_members_file(served):
    public, briefers = served.site.resolve(), served.briefers.resolve()
    assert list(public.rglob("*.html.br")) and list(public.rglob("*.json.gz"))
    assert find_traces(public, restricted_needles(LIBRARY / "data")) == []
    assert not list(briefers.rglob("*.gz")) and not list(briefers.rglob("*.br"))
    assert public not in briefers.parents and briefers not in public.parents
    hashes = served.members_file.read_bytes().split(b":", 1)[1].strip()
    for tree in (public, briefers):
        for file in tree.rglob("*"):
            assert "htpasswd" not in file.name, file
            if file.is_file():
                data = file.read_bytes()
                assert hashes not in data and NAME.encode() not in data, file


def test_failed_sign_ins_are_rate_limited(served):
    source = next(ADDRESSES)  # loopback only, an address of its own
    statuses = []
    for attempt in range(200):
        status = get(
            served, "/bao-cao-vien/van-ban/", (f"doan{attempt}", "x" * 12), source
        )[0]
        statuses.append(status)
        if status == 429:
            break
    assert statuses[-1] == 429, statuses
    assert set(statuses[:-1]) == {401} and len(statuses) > 8
    # counted before the password is checked: the right one waits as well...
    assert get(served, "/bao-cao-vien/van-ban/", (NAME, PASSWORD), source)[0] == 429
    # ...while another address is not held up
    assert (
        get(served, "/bao-cao-vien/van-ban/", (NAME, PASSWORD), next(ADDRESSES))[0]
        == 200
    )


@pytest.mark.browser
def test_the_area_works_in_a_browser_under_the_csp(served, chromium):
    base = f"https://127.0.0.1:{served.port}"
    context = chromium.new_context(
        http_credentials={"username": NAME, "password": PASSWORD},
        ignore_https_errors=True,
    )
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    assert page.goto(base + "/bao-cao-vien/van-ban/").status == 200
    assert page.locator("[data-member-name]").first.inner_text() == NAME
    page.goto(base + "/bao-cao-vien/tim-kiem/?q=CV.77.ZETA")
    page.wait_for_selector("[data-search-status][data-state='done']", timeout=20_000)
    first = page.locator("[data-search-results] > li a").first
    assert first.get_attribute("href").endswith("/bao-cao-vien/van-ban/cv-zeta-noi-bo/")
    context.close()
    assert problems == []
    assert re.search(
        r"site\.[0-9a-f]{10}\.css", str(list(served.briefers.rglob("*.css")))
    )
