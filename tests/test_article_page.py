"""The seed article's page, in both languages, on the real site."""

import json

import pytest
from conftest import html

pytestmark = pytest.mark.slow

VI = (
    "tin-tuc/ket-qua-sau-10-nam-trien-khai-chien-luoc-phat-trien-thong-tin-doi-ngoai"
    "-tinh-kon-tum-giai-doan-2011-2020/"
)
EN = (
    "en/news/results-of-10-years-of-implementing-the-strategy-for-the-development-of"
    "-external-information-of-kon-tum-province-2011-2020/"
)


def test_vietnamese_article_has_every_part_of_the_seed(real_site):
    page = html(real_site, VI)
    assert page.html["lang"] == "vi"
    assert page.h1.get_text() == (
        "Kết quả sau 10 năm triển khai Chiến lược phát triển thông tin đối ngoại "
        "tỉnh Kon Tum giai đoạn 2011-2020"
    )
    dateline = page.select_one(".dateline time")
    assert dateline.get_text() == "Thứ ba - 01/12/2020 09:16"
    assert dateline["datetime"] == "2020-12-01T09:16:00+07:00"
    assert (
        page.select_one(".lead")
        .get_text(strip=True)
        .startswith("Sau 10 năm triển khai Kết luận số 16-KL/TW")
    )
    body = page.select_one(".article-body").get_text()
    assert "Bốn là, tăng cường trách nhiệm" in body
    assert "Nghị định 09/2017/NĐ-CP" in body
    assert page.select_one(".credit").get_text() == "Bài, ảnh: Đặng Trần Chung"
    # The photo itself is not available: its caption without a broken image.
    assert page.select_one("figure figcaption").get_text().startswith("Quang cảnh")
    assert page.select("img") == []
    footer = page.select_one(".article-footer").get_text(" ", strip=True)
    assert "Chuyên mục: Thông tin đối ngoại" in footer
    assert "Kết luận 16-KL/TW" in footer
    crumbs = [li.get_text(strip=True) for li in page.select(".breadcrumb li")]
    assert crumbs[:2] == ["Trang chủ", "Thông tin đối ngoại"]
    # The only article of its category: no empty "newer" and "older" lists.
    assert page.select(".neighbors") == []
    assert page.select_one(".byline").get_text() == "Tác giả: Đặng Trần Chung"
    # The time zone is beside the date line's time, not inside it.
    assert page.select_one(".dateline .timezone").get_text() == "(GMT+7)"


def test_english_article_is_the_translation(real_site):
    page = html(real_site, EN)
    assert page.html["lang"] == "en"
    assert page.select_one(".dateline time").get_text() == (
        "Tuesday, 1 December 2020, 09:16"
    )
    assert page.select_one(".credit").get_text() == "Text and photo: Đặng Trần Chung"
    assert page.select(".neighbors") == []
    assert page.select_one(".byline").get_text() == "By Đặng Trần Chung"
    assert page.select_one(".dateline .timezone").get_text() == "(GMT+7)"
    assert page.select_one(".skip-link").get_text() == "Skip to main content"


def test_translation_links_both_ways_and_hreflang(real_site):
    vi, en = html(real_site, VI), html(real_site, EN)
    assert vi.select_one('.lang-switch a[hreflang="en"]')["href"] == "/" + EN
    assert en.select_one('.lang-switch a[hreflang="vi"]')["href"] == "/" + VI
    for page in (vi, en):
        alternates = {
            link["hreflang"]: link["href"]
            for link in page.select('link[rel="alternate"][hreflang]')
        }
        assert alternates == {"vi": "/" + VI, "en": "/" + EN, "x-default": "/" + VI}
    assert vi.select_one('link[rel="canonical"]')["href"] == "/" + VI
    assert en.select_one('link[rel="canonical"]')["href"] == "/" + EN


def test_open_graph_and_json_ld(real_site):
    page = html(real_site, VI)
    og = {m["property"]: m["content"] for m in page.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:url"] == "/" + VI
    assert og["og:locale"] == "vi_VN"
    assert og["og:locale:alternate"] == "en_GB"
    assert og["article:published_time"] == "2020-12-01T09:16:00+07:00"
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == page.h1.get_text()
    assert data["datePublished"] == "2020-12-01T09:16:00+07:00"
    assert data["author"] == {"@type": "Person", "name": "Đặng Trần Chung"}
    assert data["inLanguage"] == "vi"


def test_no_request_to_another_host_and_small_css(real_site):
    for page_path in (VI, EN, "", "en/"):
        page = html(real_site, page_path)
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in page.find_all(tag):
                value = element.get(attribute)
                if (
                    value
                    and element.get("rel") != ["alternate"]
                    and element.get("rel") != ["canonical"]
                ):
                    assert value.startswith("/"), value
    css = sum(p.stat().st_size for p in (real_site / "theme").rglob("*.css"))
    assert css < 30_000
