"""In a real browser: small screens, no layout shift, no other host, keyboard."""

import pytest
from conftest import LAYOUT_SHIFT, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGES = [
    "/",
    "/en/",
    "/tin-tuc/bai-so-bay-ve-doi-song/",
    "/en/news/article-eight-about-daily-life/",
    "/chuyen-muc/doi-song/",
    "/luu-tru/",
]


@pytest.fixture(scope="module")
def site_url(news_site):
    with serve(news_site) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_readable_at_320px_without_layout_shift_or_other_hosts(
    chromium, site_url, path
):
    page = chromium.new_page(viewport={"width": 320, "height": 640})
    errors, foreign = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: r.url.startswith(site_url) or foreign.append(r.url),
    )
    response = page.goto(site_url + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate(LAYOUT_SHIFT) == 0
    assert errors == [] and foreign == []
    page.close()


def test_skip_link_is_the_first_tab_stop_and_moves_focus(chromium, site_url):
    page = chromium.new_page(viewport={"width": 320, "height": 640})
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.close()


def test_print_stylesheet_hides_navigation(chromium, site_url):
    page = chromium.new_page()
    page.goto(site_url + "/tin-tuc/bai-so-bay-ve-doi-song/")
    page.emulate_media(media="print")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-nav')).display")
        == "none"
    )
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.article-body')).display"
        )
        != "none"
    )
    page.close()
