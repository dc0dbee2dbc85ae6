"""Search in Debian's Chromium, both languages, on the real site and a small fixture."""

import json
from urllib.parse import quote

import pytest
from conftest import FIXTURES, build_ok, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SEED = {
    "vi": "/tin-tuc/ket-qua-sau-10-nam-trien-khai-chien-luoc-phat-trien-thong-tin-doi"
    "-ngoai-tinh-kon-tum-giai-doan-2011-2020/",
    "en": "/en/news/",
}
PAGES = {"vi": "/tim-kiem/", "en": "/en/search/"}
UNSAFE = [
    "Hà Nội: mùa thu",
    "+",
    "-",
    "~",
    "^",
    "*",
    ":",
    "+ - ~ ^ * :",
    '"unbalanced quote',
    "'",
    "a" * 2000,
    "🙂🇻🇳",
    "<img src=x onerror=alert(1)>",
    "onerror",  # finds the fixture article whose text shows markup
    "window.__xss",
]


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("search") / "output"
    return build_ok(
        FIXTURES / "search" / "content", FIXTURES / "search" / "data", output
    )


@pytest.fixture(scope="module")
def fixture_url(search_site):
    with serve(search_site) as url:
        yield url


@pytest.fixture(scope="module")
def real_url(real_site):
    with serve(real_site) as url:
        yield url


@pytest.fixture
def page(chromium):
    """A page that records dialogs and errors; both must stay empty."""
    page = chromium.new_page()
    page.problems = []
    page.on(
        "dialog", lambda d: (page.problems.append(f"dialog {d.message}"), d.dismiss())
    )
    page.on("pageerror", lambda e: page.problems.append(f"error {e}"))
    page.on(
        "console",
        lambda m: m.type in ("error", "warning") and page.problems.append(m.text),
    )
    yield page
    page.close()


def finished(page):
    page.wait_for_selector("[data-search-status][data-state='done']", timeout=10_000)


def results(page):
    return page.eval_on_selector_all(
        "[data-search-results] .search-title a",
        "links => links.map(a => ({href: new URL(a.href).pathname,"
        " marks: [...a.querySelectorAll('mark')].map(m => m.textContent)}))",
    )


def search(page, base, lang, query):
    page.goto(f"{base}{PAGES[lang]}?q={quote(query)}")
    finished(page)
    return results(page)


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("vi", "thong tin doi ngoai"),
        ("vi", "THÔNG TIN ĐỐI NGOẠI"),
        ("en", "external information"),
        ("en", "FOREIGN INFORMATION"),
    ],
)
def test_seed_article_is_found_and_highlighted(page, real_url, lang, query):
    found = search(page, real_url, lang, query)
    assert found and found[0]["href"].startswith(SEED[lang]), found
    assert found[0]["marks"], "matched syllables are marked in the title"
    assert page.evaluate("typeof window.lunr") == "undefined"  # parsed in the worker
    assert page.problems == []


@pytest.mark.parametrize(
    ("lang", "query", "first", "second"),
    [
        ("vi", "Đảng", "/tin-tuc/dai-hoi-dang-bo", "/tin-tuc/cau-dak-to-dang"),
        ("vi", "đang", "/tin-tuc/cau-dak-to-dang", "/tin-tuc/dai-hoi-dang-bo"),
        ("en", "Đăk Hà", "/en/news/party-congress", "/en/news/bridge-works"),
        (
            "vi",
            "thong tin doi ngoai",
            "/tin-tuc/hoi-nghi-tong-ket",
            "/tin-tuc/hoi-nghi-so-ket",
        ),
        (
            "en",
            "external information work",
            "/en/news/review-conference",
            "/en/news/mid-year",
        ),
    ],
)
def test_accents_and_phrases_rank_first(page, fixture_url, lang, query, first, second):
    found = [item["href"] for item in search(page, fixture_url, lang, query)]
    assert len(found) == 2, found
    assert found[0].startswith(first) and found[1].startswith(second), found
    assert page.problems == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_any_input_is_safe(page, fixture_url, lang):
    page.goto(fixture_url + PAGES[lang])
    page.wait_for_selector("[data-search-status][data-state='idle']")
    for query in UNSAFE:
        page.fill("#search-q", query)
        page.press("#search-q", "Enter")
        finished(page)
        status = page.text_content("[data-search-status]")
        count = page.locator("[data-search-results] > li").count()
        assert status and (count > 0) != ("“" in status), (query, status)
        assert (
            page.locator(
                "[data-search-results] img, [data-search-results] script"
            ).count()
            == 0
        )
        assert page.evaluate("window.__xss") is None, query
    assert page.problems == []
    # The indexed text that looks like markup is shown as text.
    page.fill("#search-q", "onerror")
    page.press("#search-q", "Enter")
    finished(page)
    assert "<img src=x" in page.text_content("[data-search-results]")


def test_keyboard_header_box_to_results_and_back(page, fixture_url):
    page.goto(fixture_url + "/tin-tuc/canh-bao-thu-la-chua-ma-doc/")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("thong tin doi ngoai")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=thong+tin+doi+ngoai")
    finished(page)
    assert page.input_value("#search-q") == "thong tin doi ngoai"
    page.focus("#search-q")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('[data-search-results]')"):
            break
    focused = page.evaluate("new URL(document.activeElement.href).pathname")
    assert focused.startswith("/tin-tuc/hoi-nghi-tong-ket")
    # A new query from the page's own box is a new history entry; Back restores.
    page.fill("#search-q", "Đảng")
    page.press("#search-q", "Enter")
    finished(page)
    assert "q=%C4%90%E1%BA%A3ng" in page.url
    page.go_back()
    page.wait_for_function(
        "document.querySelector('#search-q').value === 'thong tin doi ngoai'"
    )
    finished(page)
    assert results(page)[0]["href"].startswith("/tin-tuc/hoi-nghi-tong-ket")
    assert page.problems == []


def test_type_and_year_filters_keep_the_address(page, fixture_url):
    search(page, fixture_url, "vi", "thong tin doi ngoai")
    assert len(results(page)) == 2
    page.select_option("#search-year", "2021")
    finished(page)
    assert results(page) == [] and "year=2021" in page.url
    assert "“" in page.text_content("[data-search-status]")


def test_index_is_fetched_only_once_the_box_has_focus(page, fixture_url):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(fixture_url + "/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "/tim-kiem/index/" in u]
    page.focus("#site-search-q")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)
    index_requests = [u for u in requested if "/tim-kiem/index/" in u]
    # The manifest only: the term files depend on what the reader will type.
    assert [u.rsplit("/", 1)[1] for u in index_requests] == ["manifest.json"]
    assert page.problems == []


def test_without_javascript_the_page_says_so_and_links_elsewhere(chromium, real_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(real_url + "/en/search/")
    links = page.eval_on_selector_all(
        "main a", "links => links.map(a => new URL(a.href).pathname)"
    )
    assert "/en/documents/" in links and "/en/archive/" in links
    assert "JavaScript" in page.text_content("main")
    context.close()


def _assert_documents_indexed(real_site, lang):
    """The real site's index holds the library's documents."""
    folder = "tim-kiem" if lang == "vi" else "en/search"
    manifest = json.loads((real_site / folder / "index" / "manifest.json").read_text())
    assert "document" in manifest["types"]


@pytest.mark.parametrize(
    ("lang", "query", "first"),
    [
        ("vi", "hd 59", "/van-ban/hd-59-btgtw/"),
        ("vi", "HD.59", "/van-ban/hd-59-btgtw/"),
        ("en", "hd 59", "/en/documents/hd-59-btgtw/"),
        ("vi", "nguyen van cu", "/van-ban/de-cuong-110-nam-ngay-sinh-nguyen-van-cu/"),
        (
            "en",
            "nguyen van cu",
            "/en/documents/de-cuong-110-nam-ngay-sinh-nguyen-van-cu/",
        ),
    ],
)
def test_documents_are_found_by_code_and_name(
    page, real_site, real_url, lang, query, first
):
    _assert_documents_indexed(real_site, lang)
    found = search(page, real_url, lang, query)
    assert found and found[0]["href"] == first, found
    assert page.problems == []
