"""The readers' portal, page by page, in the built HTML: identity, pictures, home,
article, library, language switch (tests/quality/test_portal_browser.py looks at
the same site in Chromium)."""

import os
from pathlib import Path

import pytest
from conftest import ROOT, build_ok, html
from PIL import Image

pytestmark = pytest.mark.slow

ARTICLE = "tin-tuc/hoi-nghi-tong-ket-cong-tac-tuyen-giao-nam-2022/"
EN_ARTICLE = "en/news/conference-reviewing-propaganda-and-education-work-in-2022/"
CAMERA_ARTICLE = "tin-tuc/tap-huan-nghiep-vu-cho-bao-cao-vien-cap-tinh/"
NO_PHOTO = "tin-tuc/hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh/"


def pages(site: Path) -> list[str]:
    return sorted(
        str(path.relative_to(site)) for path in site.rglob("*.html") if path.is_file()
    )


# Identity and frame


def test_masthead_names_the_office_and_the_site(portal_site, real_site):
    for site in (portal_site, real_site):
        page = html(site, "")
        assert page.select_one(".brand-office").get_text() == (
            "Ban Tuyên giáo Tỉnh ủy Kon Tum"
        )
        assert page.select_one(".brand-site").get_text() == "Thông tin tỉnh Kon Tum"
        assert page.select_one(".brand-logo") is None  # no logo file is known
    english = html(real_site, "en/")
    assert english.select_one(".brand-office").get_text() == (
        "Kon Tum Provincial Party Committee's Propaganda Department"
    )


def test_the_footer_shows_only_what_the_data_file_fills_in(portal_site, real_site):
    footer = html(portal_site, "").select_one(".site-footer")
    facts = {
        dt.get_text(): dt.find_next_sibling("dd").get_text()
        for dt in footer.select(".footer-facts dt")
    }
    assert facts == {
        "Địa chỉ": "01 Đường Thử, Thành phố Kon Tum",
        "Điện thoại": "0260 000 0000",
        "Thư điện tử": "lienhe@example.org",
        "Chịu trách nhiệm nội dung": "Nguyễn Văn Thử",
    }  # the licence line is left empty: not shown
    assert footer.select_one('a[href="mailto:lienhe@example.org"]')
    assert footer.select_one('a[href="tel:02600000000"]')
    english = html(portal_site, "en/").select_one(".footer-facts")
    assert "01 Test Street, Kon Tum City" in english.get_text()
    # A field written in Vietnamese only is marked as such on the English page.
    assert english.select_one('dd[lang="vi"]').get_text() == "Nguyễn Văn Thử"
    # The real site's data file states nothing: no address, contact or licence.
    for path in ("", "en/", "van-ban/"):
        real = html(real_site, path).select_one(".site-footer")
        assert real.select(".footer-facts") == []
        assert "@" not in real.get_text() and "©" not in real.get_text()


def test_pages_about_and_contact_are_linked_in_the_frame(portal_site, real_site):
    page = html(portal_site, ARTICLE)
    for place in (".topbar-links", ".footer-nav"):
        links = {a.get_text(): a["href"] for a in page.select(f"{place} a")}
        assert links["Giới thiệu"] == "/trang/gioi-thieu/"
        assert links["Liên hệ"] == "/trang/lien-he/"
    assert html(portal_site, "en/").select_one(".topbar-links a")["href"] == (
        "/en/pages/about/"
    )
    assert html(real_site, "").select(".topbar-links") == []  # none written yet


def test_the_briefers_link_is_in_the_footer_not_the_header(portal_site):
    page = html(portal_site, "")
    assert page.select(".site-header .members-link") == []
    link = page.select_one(".site-footer .members-link a")
    assert link["href"] == "/bao-cao-vien/van-ban/" and link["rel"] == ["nofollow"]


@pytest.mark.parametrize(
    ("path", "current", "state"),
    [
        ("", "/", "page"),
        ("chuyen-muc/thoi-su/", "/chuyen-muc/thoi-su/", "page"),
        (ARTICLE, "/chuyen-muc/thoi-su/", "true"),
        ("van-ban/", "/van-ban/", "page"),
        ("van-ban/nam/2022/", "/van-ban/", "true"),
        ("van-ban/hd-05-btg/", "/van-ban/", "true"),
        ("luu-tru/", "/luu-tru/", "page"),
        ("luu-tru/2022/", "/luu-tru/", "true"),
        ("en/news/training-for-provincial-briefers/", "/en/category/news/", "true"),
    ],
)
def test_the_menu_marks_the_section_of_child_pages_too(
    portal_site, path, current, state
):
    marked = html(portal_site, path).select(".nav-list [aria-current]")
    assert [(a["href"], a["aria-current"]) for a in marked] == [(current, state)]


# Pictures


def test_every_image_has_its_size_and_photos_have_webp_and_fallback(portal_site):
    for name in pages(portal_site):
        page = html(portal_site, name)
        for img in page.select("img"):
            assert img.get("width") and img.get("height"), (name, img)
            assert img["src"].startswith("/"), (name, img)
        for picture in page.select("picture"):
            webp = picture.select_one('source[type="image/webp"]')
            assert webp and all(
                url.split()[0].endswith(".webp") for url in webp["srcset"].split(",")
            )
            fallback = picture.img["srcset"].split(",")
            assert all(url.split()[0].endswith((".jpg", ".png")) for url in fallback)


def test_article_photo_uses_its_own_alt_text_and_loads_first(portal_site):
    figure = html(portal_site, ARTICLE).select_one(".article-figure")
    img = figure.img
    assert img["alt"] == (
        "Đại biểu ngồi trong hội trường, phía trước là sân khấu có băng rôn đỏ"
    )
    assert figure.figcaption.get_text() == "Quang cảnh hội nghị tổng kết"
    assert img["fetchpriority"] == "high" and not img.get("loading")
    assert (img["width"], img["height"]) == ("1600", "1067")
    widths = [url.split()[1] for url in img["srcset"].split(", ")]
    assert widths == ["400w", "800w", "1200w", "1600w"]
    # A picture in the body: lazy, its size given, its description kept.
    body = html(portal_site, ARTICLE).select_one(".article-body picture img")
    assert body["loading"] == "lazy" and body["alt"] == "Sơ đồ các bước chuyển đổi số"
    assert (body["width"], body["height"]) == ("1200", "500")
    # Listings: thumbnails are lazy and have no text of their own (the title says it).
    for thumb in html(portal_site, "chuyen-muc/thoi-su/").select("img.thumb"):
        assert thumb["loading"] == "lazy" and thumb["alt"] == ""


def test_a_camera_upload_comes_out_at_a_sensible_size_without_its_exif(
    portal_site, portal_source
):
    source = portal_source / "content" / "images" / "2022" / "camera.jpg"
    assert source.stat().st_size > 6_000_000  # 6000 x 4000, turned by its EXIF
    img = html(portal_site, CAMERA_ARTICLE).select_one(".article-figure img")
    # Shown upright: the EXIF orientation is applied, 1600 px at most.
    assert (img["width"], img["height"]) == ("1067", "1600")
    published = sorted((portal_site / "images" / "2022").glob("camera*"))
    # 400, 800 and 1067 px wide (1600 high), each WebP and JPEG; and its own address.
    assert len(published) == 7
    for file in published:
        assert file.stat().st_size < 1_500_000, file
        with Image.open(file) as image:
            assert max(image.size) <= 1600 and image.height > image.width
            assert not image.getexif(), file  # no orientation, camera or GPS left


def test_variants_are_encoded_once_and_linked_from_the_cache(
    portal_site, portal_source, tmp_path
):
    cache = ROOT / ".cache" / "images"
    variant = next((portal_site / "images" / "2022").glob("hoi-nghi-800w.*.webp"))
    cached = [
        f for f in cache.rglob("*.webp") if f.stat().st_ino == variant.stat().st_ino
    ]
    assert cached, "the published variant is a link to the cache's file"
    before = {f: f.stat().st_mtime_ns for f in cache.rglob("*") if f.is_file()}
    again = build_ok(
        portal_source / "content", portal_source / "data", tmp_path / "again"
    )
    after = {f: f.stat().st_mtime_ns for f in cache.rglob("*") if f.is_file()}
    assert {f: after[f] for f in before} == before  # nothing encoded again
    copy = again / variant.relative_to(portal_site)
    assert copy.stat().st_ino == variant.stat().st_ino


def test_every_page_has_a_picture_for_shared_links(portal_site, real_site):
    for site in (portal_site, real_site):
        for name in pages(site):
            if name.startswith("bao-cao-vien/"):
                continue
            page = html(site, name)
            image = page.select_one('meta[property="og:image"]')
            assert image is not None, name
            path = image["content"].lstrip("/")
            assert (site / path).is_file(), (name, path)
    photo = html(portal_site, ARTICLE).select_one('meta[property="og:image"]')
    assert photo["content"].startswith("/images/2022/hoi-nghi-1200w.")
    assert photo["content"].endswith(".jpg")  # JPEG: what every app shows
    card = html(portal_site, NO_PHOTO).select_one('meta[property="og:image"]')
    assert card["content"] == "/theme/img/og-default.png"
    with Image.open(portal_site / "theme" / "img" / "og-default.png") as image:
        assert image.size == (1200, 630)


# Home and article pages


def test_home_has_the_lead_story_with_its_photo_blocks_and_new_documents(portal_site):
    home = html(portal_site, "")
    lead = home.select_one(".lead-story")
    assert lead.select_one(".lead-title a")["href"] == "/" + ARTICLE
    assert lead.select_one("img")["fetchpriority"] == "high"
    blocks = [h.get_text(strip=True) for h in home.select(".home-block .block-title")]
    assert blocks == [
        "Tin mới nhất",
        "Thời sự",
        "Thông tin đối ngoại",
        "Văn hóa - Xã hội",
    ]
    documents = home.select_one("main .home-documents .new-documents")
    assert [s.get_text() for s in documents.select(".doc-code")][:2] == [
        "HD.05.BTG",
        "TÀI LIỆU",
    ]
    # Not twice: the sidebar of the home page leaves the block to the main column.
    assert home.select(".sidebar .new-documents") == []
    assert html(portal_site, ARTICLE).select(".sidebar .new-documents")


def test_related_articles_share_the_most_tags(portal_site):
    related = html(portal_site, ARTICLE).select(".related .card a")
    assert [a["href"] for a in related][:2] == [
        "/tin-tuc/nang-cao-hieu-qua-cong-tac-thong-tin-doi-ngoai/",  # 2 tags shared
        "/tin-tuc/tap-huan-nghiep-vu-cho-bao-cao-vien-cap-tinh/",
    ]
    assert html(portal_site, EN_ARTICLE).select_one(".related .card a")["href"] == (
        "/en/news/making-external-information-work-more-effective/"
    )


def test_share_links_are_plain_links(portal_site):
    page = html(portal_site, ARTICLE)
    links = {a.get_text(): a["href"] for a in page.select(".share-list a")}
    address = "/" + ARTICLE
    assert links["Zalo"] == f"https://zalo.me/share?url={address}"
    assert links["Facebook"] == (
        f"https://www.facebook.com/sharer/sharer.php?u={address}"
    )
    assert links["Thư điện tử"].startswith("mailto:?subject=H%E1%BB%99i%20ngh%E1%BB%8B")
    assert links["Sao chép liên kết"] == address
    assert page.select(".share script, .share iframe") == []


def test_the_print_view_says_where_the_page_comes_from(portal_site):
    source = html(portal_site, ARTICLE).select_one(".print-source")
    text = source.get_text(" ", strip=True)
    assert "Ban Tuyên giáo Tỉnh ủy Kon Tum" in text
    assert f"Địa chỉ trang: /{ARTICLE}" in text
    assert source.select_one("[data-print-date]") is not None


# Library


def test_the_library_has_a_search_box_and_an_undated_year(portal_site):
    library = html(portal_site, "van-ban/")
    box = library.select_one("main form.inline-search")
    assert box["action"] == "/tim-kiem/"
    assert box.select_one('input[name="type"]')["value"] == "document"
    years = {
        a.get_text(" ", strip=True): a["href"]
        for a in library.select('.facet-list[aria-labelledby="facet-years"] a')
    }
    assert years == {
        "Tất cả các năm (4)": "/van-ban/",
        "2022 (1)": "/van-ban/nam/2022/",
        "2021 (2)": "/van-ban/nam/2021/",
        "Chưa rõ (1)": "/van-ban/nam/chua-ro/",
    }
    undated = html(portal_site, "en/documents/year/not-stated/")
    assert undated.h1.get_text() == "Documents without a stated date"
    assert [a.get_text() for a in undated.select(".document-item .item-title a")] == [
        "Propaganda outline for the anniversary of the province"
    ]
    combined = html(portal_site, "van-ban/loai/huong-dan/nam/2021/")
    assert combined.h1.get_text() == "Hướng dẫn ban hành năm 2021"
    current = [
        a.get_text(" ", strip=True)
        for a in combined.select(".facet-list [aria-current]")
    ]
    assert current == ["Hướng dẫn (1)", "2021 (1)"]


def test_a_document_without_a_file_does_not_show_downloads_beside_it(portal_site):
    page = html(portal_site, "van-ban/hd-05-btg/")
    files = page.select_one(".document-files").get_text(" ", strip=True)
    assert "chưa có tệp" in files and "45" not in files
    note = page.select_one(".legacy-note").get_text(" ", strip=True)
    assert "Lượt tải (trang cũ) 45" in note and "trang này không đếm" in note


# Languages


def test_tag_pages_are_paired_across_languages(portal_site):
    switch = html(portal_site, "the/kon-tum/").select_one(
        '.lang-switch a[hreflang="en"]'
    )
    assert switch["href"] == "/en/tag/kon-tum/" and switch["rel"] == ["alternate"]
    back = html(portal_site, "en/tag/propaganda-and-education/")
    assert (
        back.select_one('.lang-switch a[hreflang="vi"]')["href"] == "/the/tuyen-giao/"
    )
    # A tag no translation has: the switch says so.
    lonely = html(portal_site, "the/du-lich/").select_one(
        '.lang-switch a[hreflang="en"]'
    )
    assert lonely.select_one(".no-twin") is not None


def test_the_404_page_has_search_and_its_twin(portal_site):
    page = html(portal_site, "404.html")
    form = page.select_one("main form[role=search]")
    label = form.select_one("label").get_text()
    assert form["aria-label"] == label and form.input["id"] == form.label["for"]
    links = [a["href"] for a in page.select("main .link-list a")]
    assert "/van-ban/" in links and "/luu-tru/" in links
    switch = page.select_one('.lang-switch a[hreflang="en"]')
    assert switch["href"] == "/en/404.html" and switch.select(".no-twin") == []


def test_search_landmarks_are_labelled_each_its_own_way(portal_site):
    for path in ("tim-kiem/", "en/search/", "van-ban/", "404.html"):
        labels = [
            f.get("aria-label") for f in html(portal_site, path).select("[role=search]")
        ]
        assert all(labels) and len(set(labels)) == len(labels), (path, labels)


def test_no_file_of_the_site_names_another_host_to_load(portal_site):
    for name in pages(portal_site):
        text = (portal_site / name).read_text(encoding="utf-8")
        assert "<iframe" not in text and "fonts.googleapis" not in text
        assert "sp.zalo.me/plugins" not in text and "connect.facebook" not in text
    assert os.path.getsize(portal_site / "theme" / "js" / "site.js") < 6000
