"""axe-core (WCAG 2.1 A and AA rules) finds no violation, in both languages."""

import pytest
from conftest import ROOT, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    "/",
    "/en/",
    "/tin-tuc/bai-so-bay-ve-doi-song/",
    "/en/news/article-eight-about-daily-life/",
    "/chuyen-muc/doi-song/",
    "/en/category/daily-life/",
    "/the/dac-biet/",
    "/luu-tru/2020/",
    "/404.html",
    "/en/404.html",
]


@pytest.fixture(scope="module")
def site_url(news_site):
    with serve(news_site) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", [320, 1280])
def test_no_axe_violation(chromium, site_url, path, width):
    page = chromium.new_page(viewport={"width": width, "height": 800}, bypass_csp=True)
    page.goto(site_url + path)
    violations = run_axe(page)
    page.close()
    assert violations == []


def run_axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})"
        ".then(r => r.violations.map("
        "v => v.id + ': ' + v.nodes.map(n => n.target).join(' ')))",
        RULES,
    )


def test_axe_does_report_violations(chromium):
    page = chromium.new_page(bypass_csp=True)  # axe is injected
    page.set_content('<html><body><img src="x.png"><a href="#"></a></body></html>')
    violations = run_axe(page)
    page.close()
    assert any(v.startswith("image-alt") for v in violations)
    assert any(v.startswith("html-has-lang") for v in violations)


LIBRARY_PAGES = [
    "/van-ban/",
    "/en/documents/",
    "/van-ban/hd-05-btg/",
    "/en/documents/hd-05-btg/",
    "/tim-kiem/?q=tuyen+truyen",
    "/en/search/?q=guidance",
]


@pytest.fixture(scope="module")
def library_url(library_site):
    with serve(library_site) as url:
        yield url


@pytest.mark.parametrize("path", LIBRARY_PAGES)
def test_no_axe_violation_on_library_and_search_results(chromium, library_url, path):
    page = chromium.new_page(viewport={"width": 360, "height": 800}, bypass_csp=True)
    page.goto(library_url + path)
    if "?q=" in path:
        page.wait_for_selector(
            "[data-search-status][data-state='done']", timeout=10_000
        )
        assert page.locator("[data-search-results] > li").count() > 0
    violations = run_axe(page)
    page.close()
    assert violations == []
