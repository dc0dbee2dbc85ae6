"""The office's words and figures, exactly as its old page shows them.

`tests/seed/old-page.txt` is the text of the old site's page, byte for byte as a
reader saw it: the article, its date line, lead, caption and credit, and the
"Văn bản mới" block. Every part of it is compared with the built site, read from
that file, not from a copy in this test.
"""

import re
from dataclasses import dataclass

import pytest
from conftest import ROOT, html

pytestmark = pytest.mark.slow

SEED = ROOT / "tests" / "seed" / "old-page.txt"
VI_ARTICLE = (
    "tin-tuc/ket-qua-sau-10-nam-trien-khai-chien-luoc-phat-trien-thong-tin-doi-ngoai"
    "-tinh-kon-tum-giai-doan-2011-2020/"
)
EN_ARTICLE = (
    "en/news/results-of-10-years-of-implementing-the-strategy-for-the-development-of"
    "-external-information-of-kon-tum-province-2011-2020/"
)
FIGURES = re.compile(r"Lượt xem:(?P<views>\d+) \| lượt tải:(?P<downloads>\d+)")


@dataclass
class OldPage:
    title: str
    heading: str
    dateline: str
    lead: str
    caption: str
    alt: str
    paragraphs: list[str]
    credit: str
    new_documents: list[tuple[str, str, str, str]]  # code slot, title, views, dl


def read_old_page() -> OldPage:
    """The old page's parts, in the order it shows them (see tests/seed/README)."""
    lines = [line.rstrip() for line in SEED.read_text(encoding="utf-8").split("\n")]
    end = lines.index("", 8)  # the body ends at the first empty line after it
    credit = next(line for line in lines[end:] if line.strip())
    start = lines.index("Văn bản mới") + 1
    shown = [line for line in lines[start:] if line.strip()]
    documents = []
    while len(shown) >= 3 and (figures := FIGURES.fullmatch(shown[2])):
        documents.append((shown[0], shown[1], figures["views"], figures["downloads"]))
        shown = shown[3:]
    return OldPage(
        title=lines[0],
        heading=lines[2],
        dateline=lines[4],
        lead=lines[5],
        caption=lines[6],
        alt=lines[7],
        paragraphs=lines[8:end],
        credit=credit,
        new_documents=documents,
    )


@pytest.fixture(scope="module")
def old_page() -> OldPage:
    return read_old_page()


def test_the_article_is_the_offices_text(real_site, old_page):
    page = html(real_site, VI_ARTICLE)
    assert page.title.get_text().startswith(old_page.title + " | ")
    assert page.h1.get_text() == old_page.heading
    assert page.select_one(".dateline time").get_text() == old_page.dateline
    assert page.select_one(".lead").get_text(strip=True) == old_page.lead
    # The photo is not on the site; its caption, the office's text, is.
    assert page.select_one(".article-figure figcaption").get_text() == (
        old_page.caption
    )
    paragraphs = [p.get_text() for p in page.select(".article-body > p")]
    assert paragraphs == old_page.paragraphs
    assert page.select_one(".credit").get_text() == old_page.credit


def test_the_translation_shows_its_caption_and_an_english_date(real_site):
    page = html(real_site, EN_ARTICLE)
    assert page.select_one(".dateline time").get_text() == (
        "Tuesday, 1 December 2020, 09:16"
    )
    assert (
        page.select_one(".article-figure figcaption")
        .get_text()
        .startswith("Scene at the conference of the provincial Steering Committee")
    )
    assert "foreign information" not in page.get_text()


def test_new_documents_are_the_old_sites_list_in_its_order(real_site, old_page):
    for path in ("", VI_ARTICLE, "van-ban/"):
        items = html(real_site, path).select(".new-documents li")
        shown = [
            (
                item.select_one(".doc-code").get_text(),
                item.a.get_text(),
                item.select_one(".legacy-figures").get_text(),
            )
            for item in items
        ]
        assert shown == [
            (
                slot,
                title,
                f"Lượt xem (trang cũ): {views} | lượt tải (trang cũ): {downloads}",
            )
            for slot, title, views, downloads in old_page.new_documents
        ], path


def test_no_document_claims_a_date_or_issuer_the_old_page_does_not_give(real_site):
    outline = html(real_site, "van-ban/de-cuong-110-nam-ngay-sinh-nguyen-van-cu/")
    terms = {
        dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in outline.select(".document-meta dt")
    }
    assert terms["Cơ quan ban hành"] == "Chưa rõ"
    assert terms["Ngày ban hành"] == "Chưa rõ"
    english = html(real_site, "en/documents/hd-59-btgtw/")
    terms = {
        dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in english.select(".document-meta dt")
    }
    assert terms["Issued by"] == "Central Propaganda Department"
    assert terms["Issued"] == "Not stated"
    # No record says when it was put on the site: no feed, rather than a guess.
    assert not (real_site / "feeds" / "van-ban.atom.xml").exists()
    assert not (real_site / "en" / "feeds" / "documents.atom.xml").exists()
    for path in ("van-ban/", "en/documents/"):
        for item in html(real_site, path).select(".document-item"):
            assert item["data-date"] == ""
            assert not item.select("time")
