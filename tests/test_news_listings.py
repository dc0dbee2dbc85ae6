"""Listings, neighbors, feeds, sitemap and languages on the 12-article fixture."""

import re
from xml.etree import ElementTree

import pytest
from conftest import html

pytestmark = pytest.mark.slow

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def titles(page, selector=".article-list .item-title a"):
    return [a.get_text() for a in page.select(selector)]


def test_newer_and_older_articles_of_the_same_category(news_site):
    # "Đời sống" has, newest first: 11, 10, 8, 7, 6, 4, 3, 1.
    page = html(news_site, "tin-tuc/bai-so-bay-ve-doi-song/")
    newer, older = page.select(".neighbors")
    assert [a.get_text() for a in newer.select("a")] == [
        "Bài số mười một về đời sống",
        "Bài số mười về đời sống",
        "Bài số tám về đời sống",
    ]
    assert [a.get_text() for a in older.select("a")] == [
        "Bài số sáu về đời sống",
        "Bài số bốn về đời sống",
        "Bài số ba về đời sống",
        "Bài số một về đời sống",
    ]
    assert newer.select_one("time").get_text() == "(02/09/2021)"
    # At most five each side; a side with none is not shown at all.
    oldest = html(news_site, "tin-tuc/bai-so-mot-ve-doi-song/")
    (newer,) = oldest.select(".neighbors")
    assert newer.h2.get_text() == "Những tin mới hơn"
    assert len(newer.select("a")) == 5


def test_home_is_paginated_newest_first(news_site):
    first = html(news_site, "")
    # The lead story, then the other nine of the first page.
    lead = titles(first, ".lead-story .lead-title a")
    latest = titles(first, "#latest-heading + .article-list .item-title a")
    assert lead + latest == titles(html(news_site, "luu-tru/"), ".neighbor-list a")[:10]
    assert lead == ["Đường đến đảng bộ mười hai"] and len(latest) == 9
    second = html(news_site, "trang-2/")
    assert titles(second) == ["Bài số hai về kinh tế", "Bài số một về đời sống"]
    assert first.select_one('.pagination a[rel="next"]')["href"] == "/trang-2/"
    english = html(news_site, "en/")
    assert titles(english, ".lead-title a, #latest-heading + ul .item-title a") == [
        "The road to party committee twelve",
        "Article nine about the economy",
        "Article eight about daily life",
        "Article four about daily life",
    ]


def test_home_shows_a_block_per_category_and_the_new_documents(news_site):
    home = html(news_site, "")
    blocks = {
        block.h2.get_text(strip=True): titles(block)
        for block in home.select(".home-block")
        if block.h2.a is not None
    }
    assert blocks["Kinh tế"] == [
        "Đường đến đảng bộ mười hai",
        "Bài số chín về kinh tế",
        "Bài số năm về kinh tế",
        "Bài số hai về kinh tế",
    ]
    assert len(blocks["Đời sống"]) == 4
    # Page 2 is a plain list: no lead story, no blocks.
    second = html(news_site, "trang-2/")
    assert second.select(".lead-story, .home-block") == []


def test_category_tag_and_year_pages(news_site):
    category = html(news_site, "chuyen-muc/kinh-te/")
    assert titles(category) == [
        "Đường đến đảng bộ mười hai",
        "Bài số chín về kinh tế",
        "Bài số năm về kinh tế",
        "Bài số hai về kinh tế",
    ]
    tag = html(news_site, "the/dac-biet/")
    assert titles(tag) == [
        "Đường đến đảng bộ mười hai",
        "Bài số chín về kinh tế",
        "Bài số sáu về đời sống",
        "Bài số ba về đời sống",
    ]
    year = html(news_site, "luu-tru/2020/")
    assert len(titles(year)) == 5
    assert html(news_site, "en/archive/2020/").select(".item-title a")[
        0
    ].get_text() == ("Article eight about daily life")
    assert (news_site / "en/category/economy/index.html").exists()
    assert (news_site / "en/tag/test/index.html").exists()


def test_language_switch_on_listings(news_site):
    category = html(news_site, "chuyen-muc/kinh-te/")
    assert category.select_one('.lang-switch a[hreflang="en"]')["href"] == (
        "/en/category/economy/"
    )
    english = html(news_site, "en/category/economy/")
    assert english.select_one('.lang-switch a[hreflang="vi"]')["href"] == (
        "/chuyen-muc/kinh-te/"
    )
    # An untranslated article leads to the English home and says so.
    untranslated = html(news_site, "tin-tuc/bai-so-sau-ve-doi-song/")
    switch = untranslated.select_one('.lang-switch a[hreflang="en"]')
    assert switch["href"] == "/en/"
    assert "chưa có bản dịch" in switch.get_text()
    assert untranslated.select("link[hreflang]") == []


def test_untranslated_articles_appear_nowhere_in_english(news_site):
    english_files = [p for p in (news_site / "en").rglob("*") if p.is_file()]
    assert english_files
    for path in english_files:
        text = path.read_text(encoding="utf-8")
        assert "CHUA-DICH-MARKER" not in text, path
        assert "bai-so-sau-ve-doi-song" not in text, path
        assert "Bài số sáu" not in text, path


def test_every_url_is_normalised(news_site):
    for path in news_site.rglob("*"):
        if path.suffix in (".html", ".xml"):
            assert "/../" not in path.read_text(encoding="utf-8"), path


def test_feeds_are_well_formed_with_the_right_entries(news_site):
    vi = ElementTree.parse(news_site / "feeds/all.atom.xml").getroot()
    assert vi.tag == f"{ATOM}feed"
    entries = [e.findtext(f"{ATOM}title") for e in vi.iter(f"{ATOM}entry")]
    assert len(entries) == 12 and entries[0] == "Đường đến đảng bộ mười hai"
    en = ElementTree.parse(news_site / "en/feeds/all.atom.xml").getroot()
    entries = [e.findtext(f"{ATOM}title") for e in en.iter(f"{ATOM}entry")]
    assert entries == [
        "The road to party committee twelve",
        "Article nine about the economy",
        "Article eight about daily life",
        "Article four about daily life",
    ]
    category = ElementTree.parse(news_site / "feeds/chuyen-muc/kinh-te.atom.xml")
    assert len(list(category.getroot().iter(f"{ATOM}entry"))) == 4
    en_category = ElementTree.parse(news_site / "en/feeds/category/economy.atom.xml")
    links = [
        e.find(f"{ATOM}link").get("href")
        for e in en_category.getroot().iter(f"{ATOM}entry")
    ]
    assert all(link.startswith("/en/news/") for link in links)


def test_sitemap_alternates_are_right_in_both_languages(news_site):
    index = ElementTree.parse(news_site / "sitemap.xml").getroot()
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [
        "/sitemap-vi.xml",
        "/en/sitemap.xml",
    ]
    entries = {}
    for name in ("sitemap-vi.xml", "en/sitemap.xml"):
        for url in ElementTree.parse(news_site / name).getroot().iter(f"{SITEMAP}url"):
            entries[url.findtext(f"{SITEMAP}loc")] = {
                link.get("hreflang"): link.get("href")
                for link in url.iter(f"{XHTML}link")
            }
    vi_url = "/tin-tuc/bai-so-tam-ve-doi-song/"
    en_url = "/en/news/article-eight-about-daily-life/"
    expected = {"vi": vi_url, "en": en_url, "x-default": vi_url}
    assert entries[vi_url] == expected
    assert entries[en_url] == expected
    assert entries["/tin-tuc/bai-so-sau-ve-doi-song/"] == {}
    assert "/en/404.html" not in entries and "/404.html" not in entries
    # Every alternate is a page of the sitemap that lists the same alternates.
    for alternates in entries.values():
        for href in alternates.values():
            assert entries[href] == alternates, href


def test_slugs_drop_diacritics_and_map_d(news_site):
    assert (news_site / "tin-tuc/duong-den-dang-bo-muoi-hai/index.html").exists()
    assert (news_site / "chuyen-muc/doi-song/index.html").exists()
    for path in news_site.rglob("*"):
        if path.relative_to(news_site).parts[0] == "theme":
            continue  # the theme's own files, not addresses made from content
        assert re.fullmatch(r"[a-z0-9./_-]*", str(path.relative_to(news_site))), path


def test_images_and_figures_in_both_languages(news_site):
    assert (news_site / "images" / "hoi-nghi.png").is_file()
    for path, caption in (
        ("tin-tuc/bai-so-bon-ve-doi-song/", "Quang cảnh hội nghị"),
        ("en/news/article-four-about-daily-life/", "The conference"),
    ):
        figure = html(news_site, path).select_one("figure.article-figure")
        # No Image_alt: the caption describes the photo, not read twice.
        assert figure.img["alt"] == ""
        assert figure.img["src"].startswith("/images/hoi-nghi-")
        assert figure.source["type"] == "image/webp"
        assert figure.figcaption.get_text() == caption
    for path in (
        "tin-tuc/bai-so-tam-ve-doi-song/",
        "en/news/article-eight-about-daily-life/",
    ):
        body = html(news_site, path).select_one(".article-body")
        assert body.img["src"].startswith("/images/hoi-nghi-")
        assert body.img["loading"] == "lazy" and body.img["width"]
    # No photo given: no figure at all.
    assert (
        html(news_site, "tin-tuc/bai-so-bay-ve-doi-song/").select_one("figure") is None
    )
