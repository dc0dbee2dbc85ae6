"""The library's pages, feeds, sitemap entries and files, from a real build."""

import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, build_ok, html, run_build, serve

pytestmark = pytest.mark.slow

LIBRARY = FIXTURES / "library"
FILES = LIBRARY / "data" / "documents" / "files"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

PUBLIC_NEWEST_FIRST = [
    "dc-tai-lieu-01",  # 2022-01-05
    "hd-05-btg",  # 2021-06-10
    "kh-12-ubnd",  # 2021
    "hd-01-btg",  # 2019-03
    "tl-so-tay",  # undated: last
]
# Everything that would betray the two restricted documents.
RESTRICTED_TRACES = [
    "cv-zeta-noi-bo",
    "CV.77.ZETA",
    "Công văn mật Zeta về nhân sự",
    "Confidential Zeta letter on staffing",
    "zeta-mat-noi-bo.pdf",
    "zeta-mat-noi-bo",
    "qd-kinross-mat",
    "QD.09.KINROSS",
    "Quyết định Kinross nội bộ",
    "kinross-noi-bo.docx",
    "kinross-noi-bo",
]


def listed_ids(page, prefix: str) -> list[str]:
    """The document ids of a listing, in the order shown."""
    links = page.select(".document-list .item-title a")
    return [link["href"].removeprefix(prefix).strip("/") for link in links]


def definitions(page) -> dict[str, str]:
    dl = page.select_one("dl.document-meta")
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in dl.find_all("dt")
    }


def section_links(page, heading_id: str) -> list[str]:
    section = page.find(id=heading_id).find_parent("section")
    return [a["href"] for a in section.select("li > a")]


# Listings


def test_library_lists_public_documents_newest_first_undated_last(library_site):
    page = html(library_site, "van-ban/")
    assert listed_ids(page, "/van-ban/") == PUBLIC_NEWEST_FIRST
    english = html(library_site, "en/documents/")
    assert listed_ids(english, "/en/documents/") == PUBLIC_NEWEST_FIRST
    assert page.h1.get_text() == "Thư viện văn bản"
    count = page.select_one("#library-count")
    assert count["aria-live"] == "polite"
    assert count.get_text() == "Số văn bản hiển thị: 5"


def test_each_entry_shows_code_title_kind_issuer_date_and_formats(library_site):
    page = html(library_site, "van-ban/")
    item = page.select_one('.document-item[data-code="HD.05.BTG"]')
    assert item.select_one(".item-title").get_text() == (
        "Hướng dẫn tuyên truyền kỷ niệm ngày thành lập tỉnh"
    )
    # A register: code and date first, then title, kind, issuer and files.
    register = item.select_one(".doc-register")
    assert register.select_one(".doc-code").get_text() == "HD.05.BTG"
    assert register.select_one(".doc-date").get_text() == "10/06/2021"
    assert item.select_one("time")["datetime"] == "2021-06-10"
    assert list(item.children)[1] is register or item.find() is register
    meta = item.select_one(".meta").get_text(" ", strip=True)
    for part in ("Hướng dẫn", "Ban Tuyên giáo Tỉnh ủy", "Tệp: PDF, DOCX"):
        assert part in meta
    undated = page.select_one('.document-item[data-kind="tai-lieu"]')
    assert undated.select_one(".doc-date").get_text() == "Ngày ban hành: chưa rõ"
    assert undated.select_one(".doc-code").get_text() == "Không số"
    assert undated["data-date"] == "" and undated["data-year"] == "chua-ro"


def test_kind_and_year_pages_browse_without_javascript(library_site):
    page = html(library_site, "van-ban/")
    browse = {a["href"] for a in page.select(".library-browse a")}
    kinds = ["huong-dan", "ke-hoach", "de-cuong", "tai-lieu"]
    years = ["2022", "2021", "2019"]
    assert {f"/van-ban/loai/{kind}/" for kind in kinds} <= browse
    assert {f"/van-ban/nam/{year}/" for year in years} <= browse
    assert listed_ids(html(library_site, "van-ban/loai/huong-dan/"), "/van-ban/") == [
        "hd-05-btg",
        "hd-01-btg",
    ]
    assert listed_ids(html(library_site, "van-ban/nam/2021/"), "/van-ban/") == [
        "hd-05-btg",
        "kh-12-ubnd",
    ]
    year_page = html(library_site, "en/documents/year/2021/")
    assert year_page.h1.get_text() == "Documents of 2021"
    kind_page = html(library_site, "en/documents/kind/ke-hoach/")
    assert kind_page.h1.get_text() == "Plan"
    assert listed_ids(kind_page, "/en/documents/") == ["kh-12-ubnd"]
    # only restricted documents there: no page at all
    assert not (library_site / "van-ban" / "loai" / "cong-van").exists()
    assert not (library_site / "van-ban" / "nam" / "2023").exists()
    assert not (library_site / "en" / "documents" / "year" / "2023").exists()


def test_filter_form_is_progressive_enhancement(library_site):
    page = html(library_site, "van-ban/")
    form = page.select_one("form[data-library-filter]")
    assert form.has_attr("hidden")  # shown by the script only
    for select in form.select("select"):
        label = form.select_one(f'label[for="{select["id"]}"]')
        assert label is not None and label.get_text(strip=True)
    options = {
        select["name"]: [o["value"] for o in select.select("option")]
        for select in form.select("select")
    }
    assert options["kind"] == ["", "huong-dan", "ke-hoach", "de-cuong", "tai-lieu"]
    # The undated documents have their year, so that the years add up.
    assert options["year"] == ["", "2022", "2021", "2019", "chua-ro"]
    assert options["field"] == ["", "Báo chí", "Tuyên truyền"]
    assert options["sort"] == ["newest", "oldest", "code", "title"]
    config = json.loads(page.select_one("script#library-config").string)
    assert config["shown"] == "Số văn bản hiển thị: {count}"
    assert config["none"]
    item = page.select_one('.document-item[data-code="HD.05.BTG"]')
    assert json.loads(item["data-fields"]) == ["Tuyên truyền", "Báo chí"]
    assert (library_site / "theme" / "js" / "library-filter.js").is_file()
    # kind and year pages are plain listings (with the library's search box)
    year_page = html(library_site, "van-ban/nam/2021/")
    assert year_page.select_one("main form[data-library-filter]") is None
    box = year_page.select_one("main form.inline-search")
    assert box["action"] == "/tim-kiem/" and box["role"] == "search"
    assert box.select_one('input[type="hidden"]')["value"] == "document"


@pytest.mark.parametrize(
    "path",
    ["van-ban/", "en/documents/", "van-ban/hd-05-btg/", "tin-tuc/hoi-nghi-trien-khai/"],
)
def test_no_inline_script_handler_or_style(library_site, path):
    page = html(library_site, path)
    for script in page.select("script"):
        assert script.get("src") or script.get("type") in (
            "application/json",
            "application/ld+json",
        )
    for element in page.find_all(True):
        assert "style" not in element.attrs
        assert not [name for name in element.attrs if name.startswith("on")]


def test_library_is_in_the_main_navigation(library_site):
    home = html(library_site, "")
    link = home.select_one('.site-nav a[href="/van-ban/"]')
    assert link.get_text() == "Văn bản"
    current = html(library_site, "en/documents/").select_one(
        '.site-nav a[href="/en/documents/"]'
    )
    assert current["aria-current"] == "page"


@pytest.mark.browser
def test_the_script_filters_sorts_and_announces(library_site, chromium):
    with serve(library_site) as url:
        page = chromium.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}/van-ban/")
        form = page.locator("form[data-library-filter]")
        assert form.is_visible()
        visible = "[data-library-list] > li:not([hidden])"
        page.select_option("#filter-kind", "huong-dan")
        assert page.locator(visible).count() == 2
        assert page.text_content("#library-count") == "Số văn bản hiển thị: 2"
        assert "kind=huong-dan" in page.url
        page.select_option("#filter-kind", "")
        page.select_option("#filter-field", "Báo chí")
        assert page.locator(visible).count() == 1
        page.select_option("#filter-field", "")
        page.select_option("#filter-year", "2019")
        page.select_option("#filter-issuer", "Ủy ban nhân dân tỉnh")
        assert page.locator(visible).count() == 0
        assert page.text_content("#library-count") == (
            "Không có văn bản nào phù hợp với bộ lọc."
        )
        page.click("button[type=reset]")
        page.wait_for_function("document.querySelectorAll('li[hidden]').length === 0")
        page.select_option("#library-sort", "oldest")
        codes = page.locator(visible).evaluate_all(
            "items => items.map(item => item.dataset.code || item.dataset.kind)"
        )
        assert codes == ["HD.01.BTG", "KH.12.UBND", "HD.05.BTG", "de-cuong", "tai-lieu"]
        # a shared address restores the choice
        page.goto(f"{url}/en/documents/?kind=ke-hoach")
        assert page.locator(visible).count() == 1
        assert page.text_content("#library-count") == "Documents shown: 1"
        assert errors == []
        page.close()


# A document's page


def test_document_page_has_all_its_metadata(library_site):
    page = html(library_site, "van-ban/hd-05-btg/")
    assert page.h1.get_text() == "Hướng dẫn tuyên truyền kỷ niệm ngày thành lập tỉnh"
    assert page.select_one(".lead").get_text(strip=True) == (
        "Nội dung, hình thức và thời gian tuyên truyền."
    )
    assert definitions(page) == {
        "Số, ký hiệu": "HD.05.BTG",
        "Loại văn bản": "Hướng dẫn",
        "Cơ quan ban hành": "Ban Tuyên giáo Tỉnh ủy",
        "Người ký": "Nguyễn Văn An",
        "Ngày ban hành": "10/06/2021",
        "Ngày hiệu lực": "15/06/2021",
        "Ngày hết hiệu lực": "31/12/2023",
        "Lĩnh vực": "Tuyên truyền, Báo chí",
        "Từ khóa": "kỷ niệm, hướng dẫn",
    }
    # The old site's counters stand apart, marked as its own, after the files.
    legacy = page.select_one(".legacy-note")
    assert legacy.find_previous_sibling("section")["class"] == ["document-files"]
    assert definitions(legacy) == {
        "Lượt xem (trang cũ)": "1.234",
        "Lượt tải (trang cũ)": "56",
    }
    assert "trang này không đếm" in legacy.get_text()
    english_page = html(library_site, "en/documents/hd-05-btg/")
    english = definitions(english_page)
    assert definitions(english_page.select_one(".legacy-note")) == {
        "Views on the old site": "1,234",
        "Downloads on the old site": "56",
    }
    assert english["Issued"] == "10 June 2021"
    assert "Signed by" in english


def test_attachments_show_format_size_and_link(library_site):
    page = html(library_site, "van-ban/hd-05-btg/")
    links = page.select(".attachment-list a")
    assert [a["href"] for a in links] == [
        "/van-ban/tep/2021/hd-05.pdf",
        "/van-ban/tep/2021/hd-05-phu-luc.docx",
    ]
    pdf_size = (FILES / "2021" / "hd-05.pdf").stat().st_size
    assert links[0].get_text() == f"Toàn văn hướng dẫn (PDF, {pdf_size} B)"
    assert links[0].select_one("data")["value"] == str(pdf_size)
    assert "(DOCX," in links[1].get_text()
    # the English page links the same files
    english = html(library_site, "en/documents/hd-05-btg/")
    assert [a["href"] for a in english.select(".attachment-list a")] == [
        a["href"] for a in links
    ]


def test_attachments_are_copied_with_their_bytes(library_site):
    copied = sorted(
        str(p.relative_to(library_site / "van-ban" / "tep"))
        for p in (library_site / "van-ban" / "tep").rglob("*")
        if p.is_file()
    )
    assert copied == ["2021/hd-05-phu-luc.docx", "2021/hd-05.pdf", "kh-12.pdf"]
    for name in copied:
        assert (library_site / "van-ban" / "tep" / name).read_bytes() == (
            FILES / name
        ).read_bytes()
    assert not (library_site / "en" / "van-ban").exists()


def test_replaces_replaced_by_and_related(library_site):
    newer = html(library_site, "van-ban/hd-05-btg/")
    assert section_links(newer, "replaces-heading") == ["/van-ban/hd-01-btg/"]
    # related both ways; the restricted related document is dropped
    assert section_links(newer, "related-heading") == ["/van-ban/kh-12-ubnd/"]
    older = html(library_site, "van-ban/hd-01-btg/")
    assert section_links(older, "replaced-by-heading") == ["/van-ban/hd-05-btg/"]
    assert older.select_one(".notice") is not None
    plan = html(library_site, "en/documents/kh-12-ubnd/")
    assert section_links(plan, "related-heading") == ["/en/documents/hd-05-btg/"]
    assert plan.find(id="replaces-heading") is None


def test_articles_and_documents_link_both_ways(library_site):
    document = html(library_site, "van-ban/hd-05-btg/")
    assert section_links(document, "articles-heading") == [
        "/tin-tuc/hoi-nghi-trien-khai/"
    ]
    outline = html(library_site, "van-ban/dc-tai-lieu-01/")
    assert section_links(outline, "articles-heading") == [
        "/tin-tuc/tap-huan-chuyen-doi-so/"
    ]
    assert html(library_site, "van-ban/tl-so-tay/").find(id="articles-heading") is None
    article = html(library_site, "tin-tuc/hoi-nghi-trien-khai/")
    named = [a["href"] for a in article.select(".article-documents li > a")]
    assert named == ["/van-ban/hd-05-btg/", "/van-ban/kh-12-ubnd/"]
    # the translation names what its original names, in English
    english = html(library_site, "en/news/conference-on-the-propaganda-guidance/")
    named = [a["href"] for a in english.select(".article-documents li > a")]
    assert named == ["/en/documents/hd-05-btg/", "/en/documents/kh-12-ubnd/"]
    assert section_links(
        html(library_site, "en/documents/hd-05-btg/"), "articles-heading"
    ) == ["/en/news/conference-on-the-propaganda-guidance/"]
    assert (
        html(library_site, "tin-tuc/hop-bao/").select_one(".article-documents") is None
    )


def test_new_documents_block_on_an_article_page(library_site):
    page = html(library_site, "tin-tuc/hop-bao/")
    [block] = page.select(".sidebar .library-block")
    assert block.h2.get_text() == "Văn bản mới"
    items = block.select(".new-documents li")
    # Latest posted first, then the old site's list in its order.
    assert [item.a["href"] for item in items] == [
        "/van-ban/kh-12-ubnd/",
        "/van-ban/dc-tai-lieu-01/",
        "/van-ban/hd-05-btg/",
        "/van-ban/hd-01-btg/",
        "/van-ban/tl-so-tay/",
    ]
    slots = [item.select_one(".doc-code").get_text() for item in items]
    assert slots == ["KH.12.UBND", "TÀI LIỆU", "HD.05.BTG", "HD.01.BTG", "TÀI LIỆU"]
    figures = [item.select_one(".legacy-figures") for item in items]
    assert figures[2].get_text() == (
        "Lượt xem (trang cũ): 1.234 | lượt tải (trang cũ): 56"
    )
    assert figures[4].get_text() == "Lượt xem (trang cũ): 12"
    assert figures[0] is None
    english = html(library_site, "en/news/conference-on-the-propaganda-guidance/")
    [block] = english.select(".sidebar .library-block")
    assert block.h2.get_text() == "New documents"
    item = block.select(".new-documents li")[2]
    assert item.select_one(".legacy-figures").get_text() == (
        "Views (old site): 1,234 | downloads (old site): 56"
    )
    assert block.select_one(".doc-code").get_text() == "KH.12.UBND"
    assert block.select(".doc-code")[1].get_text() == "MATERIAL"


def test_english_side_shows_vietnamese_title_marked_as_such(library_site):
    listing = html(library_site, "en/documents/")
    item = listing.select_one('.document-item[data-code="KH.12.UBND"]')
    title = item.select_one(".item-title")
    assert title.select_one('span[lang="vi"]').get_text() == (
        "Kế hoạch phát triển thông tin cơ sở"
    )
    assert title.select_one(".lang-note").get_text() == "(Vietnamese)"
    page = html(library_site, "en/documents/kh-12-ubnd/")
    assert page.html["lang"] == "en"
    assert page.h1.select_one('span[lang="vi"]').get_text() == (
        "Kế hoạch phát triển thông tin cơ sở"
    )
    assert "(Vietnamese)" in page.h1.get_text()
    # an English title is shown as it is, unmarked
    english = html(library_site, "en/documents/hd-05-btg/")
    assert english.h1.get_text() == (
        "Guidance on propaganda for the anniversary of the province"
    )
    assert english.h1.select_one("[lang]") is None


def test_language_switch_links_the_twin_pages(library_site):
    pairs = [
        ("van-ban/", "en/documents/"),
        ("van-ban/hd-05-btg/", "en/documents/hd-05-btg/"),
        ("van-ban/loai/huong-dan/", "en/documents/kind/huong-dan/"),
        ("van-ban/nam/2019/", "en/documents/year/2019/"),
    ]
    for vi, en in pairs:
        vi_page, en_page = html(library_site, vi), html(library_site, en)
        assert vi_page.select_one('link[hreflang="en"]')["href"] == f"/{en}"
        assert en_page.select_one('link[hreflang="vi"]')["href"] == f"/{vi}"
        assert vi_page.select_one('.lang-switch a[hreflang="en"]')["href"] == f"/{en}"


# Feeds and sitemap


def feed_entries(path: Path) -> list[tuple[str, str]]:
    root = ET.parse(path).getroot()
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href"))
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_feeds_of_new_documents_per_language(library_site):
    # By the day each was put on the site (posted); without one, not in a feed:
    # an issue date known to the year would have to become a day it does not state.
    posted = ["kh-12-ubnd", "dc-tai-lieu-01", "hd-05-btg"]
    vi = feed_entries(library_site / "feeds" / "van-ban.atom.xml")
    assert [link for _, link in vi] == [f"/van-ban/{i}/" for i in posted]
    assert vi[2][0] == "HD.05.BTG: Hướng dẫn tuyên truyền kỷ niệm ngày thành lập tỉnh"
    en = feed_entries(library_site / "en" / "feeds" / "documents.atom.xml")
    assert [link for _, link in en] == [f"/en/documents/{i}/" for i in posted]
    assert en[0][0] == "KH.12.UBND: Kế hoạch phát triển thông tin cơ sở (Vietnamese)"
    root = ET.parse(library_site / "feeds" / "van-ban.atom.xml").getroot()
    updated = [entry.find(f"{ATOM}updated").text for entry in root.iter(f"{ATOM}entry")]
    assert updated == [
        "2022-03-01T00:00:00+07:00",
        "2022-01-06T15:30:00+07:00",
        "2021-06-12T09:00:00+07:00",
    ]
    for path, feed in (
        ("van-ban/", "/feeds/van-ban.atom.xml"),
        ("van-ban/loai/ke-hoach/", "/feeds/van-ban.atom.xml"),
        ("en/documents/", "/en/feeds/documents.atom.xml"),
        ("en/documents/hd-01-btg/", "/en/feeds/documents.atom.xml"),
    ):
        links = html(library_site, path).select(
            'link[rel="alternate"][type="application/atom+xml"]'
        )
        assert feed in [link["href"] for link in links], path


def test_documents_are_in_the_sitemaps_with_hreflang(library_site):
    for sitemap, own, twin in (
        ("sitemap-vi.xml", "/van-ban/hd-05-btg/", "/en/documents/hd-05-btg/"),
        ("en/sitemap.xml", "/en/documents/kh-12-ubnd/", "/van-ban/kh-12-ubnd/"),
        ("sitemap-vi.xml", "/van-ban/nam/2022/", "/en/documents/year/2022/"),
    ):
        root = ET.parse(library_site / sitemap).getroot()
        urls = {url.find(f"{SITEMAP}loc").text: url for url in root}
        assert own in urls, sitemap
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in urls[own].findall(f"{XHTML}link")
        }
        assert twin in alternates.values()
        assert alternates["x-default"].startswith("/van-ban/")


# Restricted documents


def test_no_trace_of_restricted_documents_in_any_output_file(library_site):
    files = [path for path in library_site.rglob("*") if path.is_file()]
    assert len(files) > 50
    needles = []
    for trace in RESTRICTED_TRACES:
        needles += [trace.encode(), json.dumps(trace)[1:-1].encode()]
    for path in files:
        data = path.read_bytes()
        found = [needle for needle in needles if needle in data]
        assert found == [], path
        assert b"zeta" not in data.lower() and b"kinross" not in data.lower(), path


# Build failures and the real site


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_bad_record_fails_the_build_and_keeps_the_output(library_site, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(library_site, output)
    before = tree_digest(output)
    data = tmp_path / "data"
    shutil.copytree(LIBRARY / "data", data)
    (data / "documents" / "nd-07-ubnd.yaml").write_text(
        "code: ND.07.UBND\nkind: nghi-dinh\ntitle: {vi: Nghị định}\n"
        "issuer: UBND tỉnh\n",
        encoding="utf-8",
    )
    result = run_build(LIBRARY / "content", data, output)
    assert result.returncode != 0
    assert "nd-07-ubnd.yaml:2" in result.stderr
    assert "kind 'nghi-dinh' is not declared" in result.stderr
    assert tree_digest(output) == before


def test_the_real_site_shows_its_seven_documents(tmp_path):
    output = build_ok(ROOT / "content", ROOT / "data", tmp_path / "output")
    ids = sorted(p.stem for p in (ROOT / "data" / "documents").glob("*.yaml"))
    assert len(ids) == 7
    for prefix, path in (
        ("/van-ban/", "van-ban/"),
        ("/en/documents/", "en/documents/"),
    ):
        assert sorted(listed_ids(html(output, path), prefix)) == ids
    for document_id in ids:
        assert (output / "van-ban" / document_id / "index.html").is_file()
        assert (output / "en" / "documents" / document_id / "index.html").is_file()
