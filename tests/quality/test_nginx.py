"""The repository's nginx configuration, run on 127.0.0.1 over a published site."""

import gzip
import os
import subprocess
import sys
import urllib.error
import urllib.request

import brotli
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, ROOT, free_port, nginx, site_conf, tls_context

pytestmark = [pytest.mark.slow, pytest.mark.nginx]


@pytest.fixture(scope="module")
def nginx_site(tmp_path_factory):
    """A fixture site published with `invoke publish`, served by nginx."""
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    target = work / "site"
    published = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "publish",
            "--target",
            str(target),
            "--content",
            str(FIXTURES / "news" / "content"),
            "--data",
            str(FIXTURES / "news" / "data"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SITEURL": f"https://127.0.0.1:{port}"},
    )
    assert published.returncode == 0, published.stderr
    site = site_conf(port, {"root /srv/thongtin/current;": f"root {target};"})
    with nginx(work, port, site) as base:
        yield base, target


def fetch(url, encoding=None):
    request = urllib.request.Request(url)
    if encoding:
        request.add_header("Accept-Encoding", encoding)
    try:
        with urllib.request.urlopen(request, context=tls_context()) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_pages_and_languages_of_not_found(nginx_site):
    base, _target = nginx_site
    for path in (
        "/",
        "/en/",
        "/tin-tuc/bai-so-bay-ve-doi-song/",
        "/en/news/",
        "/feeds/all.atom.xml",
        "/sitemap.xml",
    ):
        status, _headers, _body = fetch(base + path)
        assert status == (404 if path == "/en/news/" else 200), path
    status, _headers, body = fetch(base + "/khong-co-trang-nay/")
    assert status == 404
    assert BeautifulSoup(body, "lxml").html["lang"] == "vi"
    status, _headers, body = fetch(base + "/en/no-such-page/")
    assert status == 404
    assert BeautifulSoup(body, "lxml").html["lang"] == "en"
    assert fetch(base + "/.site.releases/")[0] == 404
    request = urllib.request.Request(base + "/chuyen-muc/doi-song")
    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=tls_context())
    )
    try:
        opener.open(request)
        raise AssertionError("a folder without slash must redirect")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 301
        assert redirect.headers["Location"].endswith("/chuyen-muc/doi-song/")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_security_headers(nginx_site):
    base, _target = nginx_site
    _status, headers, _body = fetch(base + "/")
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_precompressed_responses(nginx_site):
    base, target = nginx_site
    plain = (target / "index.html").read_bytes()
    status, headers, body = fetch(base + "/", "br")
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert brotli.decompress(body) == plain
    status, headers, body = fetch(base + "/", "gzip")
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == plain
    _status, headers, body = fetch(base + "/")
    assert "Content-Encoding" not in headers and body == plain


def test_cache_lifetimes(nginx_site):
    base, target = nginx_site
    [css] = (target / "theme" / "css").glob("site.*.css")
    _status, headers, _body = fetch(f"{base}/theme/css/{css.name}")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _status, headers, _body = fetch(base + "/")
    assert headers["Cache-Control"] == "public, max-age=300, must-revalidate"


@pytest.mark.browser
def test_pages_load_under_the_csp_without_violation(nginx_site, chromium):
    base, target = nginx_site
    pages = ["/", "/en/", "/tin-tuc/bai-so-bay-ve-doi-song/", "/chuyen-muc/doi-song/"]
    pages += [
        p
        for p in (
            "/van-ban/",
            "/en/documents/",
            "/tim-kiem/?q=bai",
            "/en/search/?q=article",
        )
        if (target / p.split("?")[0].lstrip("/") / "index.html").exists()
    ]
    for path in pages:
        page = chromium.new_page(ignore_https_errors=True)
        messages = []
        page.on("console", lambda m, seen=messages: seen.append(m.text))
        page.on("pageerror", lambda e, seen=messages: seen.append(str(e)))
        assert page.goto(base + path).status == 200
        page.wait_for_load_state("networkidle")
        page.close()
        violations = [m for m in messages if "Content Security Policy" in m]
        assert violations == [] and messages == [], (path, messages)


@pytest.mark.browser
def test_search_works_in_the_published_site(nginx_site, chromium):
    """Fingerprinted scripts, worker and shards, under the CSP, find an article."""
    base, _target = nginx_site
    page = chromium.new_page(ignore_https_errors=True)
    problems = []
    page.on("console", lambda m: problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(base + "/tim-kiem/?q=duong+den+dang+bo")
    page.wait_for_selector("[data-search-status][data-state='done']", timeout=10_000)
    first = page.locator("[data-search-results] > li a").first
    assert first.get_attribute("href").endswith("/tin-tuc/duong-den-dang-bo-muoi-hai/")
    page.close()
    assert problems == []


def test_a_page_that_moved_answers_301_with_its_new_address(nginx_site, real_site):
    """The seed's English slug said "foreign information" until the term became
    "external information": its old address leads to the page as it is now."""
    base, _target = nginx_site
    old = (
        "/en/news/results-of-10-years-of-implementing-the-strategy-for-the-development"
        "-of-foreign-information-of-kon-tum-province-2011-2020"
    )
    new = old.replace("foreign-information", "external-information") + "/"
    assert (real_site / new.strip("/") / "index.html").is_file()
    moved = {path: new for path in (old, old + "/", old + "/index.html")}
    for kind in ("category", "tag"):
        now = f"/en/{kind}/external-information/"
        assert (real_site / now.strip("/") / "index.html").is_file()
        moved[f"/en/{kind}/foreign-information/"] = now
    feed = "/en/feeds/category/external-information.atom.xml"
    assert (real_site / feed.strip("/")).is_file()
    moved[feed.replace("external", "foreign")] = feed
    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=tls_context())
    )
    for path, location in moved.items():
        try:
            opener.open(base + path)
            raise AssertionError(f"{path} must redirect")
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 301, path
            assert redirect.headers["Location"] == location, path
