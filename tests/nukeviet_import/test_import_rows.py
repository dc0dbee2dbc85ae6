"""Rows that test the import: hostile HTML, missing pictures, Vietnamese in NFD, a
2 MB body, an alias taken by an editor's file, rows readers never saw, an English
original, documents of every sort. One real database, one import, one build."""

import unicodedata
from html import escape

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import build_ok, empty_sources, html, import_nukeviet

from testbed.nukeviet_site import new_site, timestamp

pytestmark = pytest.mark.slow

# What readers saw (the HTML holds it escaped): nothing in it is Markdown.
SPECIALS = (
    "1. Không phải danh sách: *sao* _gạch_ [ngoặc](x) {2021} <b>không đậm</b> "
    "&lt;i&gt; # không tiêu đề | cột \\ gạch | a--b"
)
HOSTILE = (
    '<p>Đoạn <script>alert("s")</script>an toàn '
    '<img src="/uploads/news/2021_01/Ảnh hội nghị.jpg" onerror="alert(2)" '
    'alt="Hội nghị">'
    ' <a href="javascript:alert(3)">bấm vào</a> '
    '<a href="/news/tin-su-kien/bai-nfd-11.html" onclick="alert(4)">bài kia</a>'
    ' <a href="vbscript:msgbox(5)">nữa</a></p>'
    '<iframe src="https://www.youtube.com/embed/abc123"></iframe>'
    "<style>p { color: red }</style>"
    '<table><tr><td rowspan="2">Ô gộp</td><td>B</td></tr><tr><td>C</td></tr></table>'
    '<p style="color:red" onmouseover="alert(6)">Chữ thường.</p>'
    '<svg onload="alert(7)"><circle r="1"/></svg>'
)
NFD_TITLE = unicodedata.normalize("NFD", "Bài viết tiếng Việt dạng tổ hợp")
BIG_PARAGRAPH = "Đoạn văn dài về công tác thông tin đối ngoại của tỉnh Kon Tum. " * 40


@pytest.fixture(scope="module")
def imported(mariadb, tmp_path_factory):
    folder = tmp_path_factory.mktemp("rows")
    site = new_site(mariadb, folder)
    site.create_module("vi", "news", "news")
    news = site.category("vi", "Tin sự kiện", "tin-su-kien")
    members = site.category("vi", "Tin nội bộ", "tin-noi-bo", groups_view="4")
    site.upload("news/2021_01/Ảnh hội nghị.jpg", b"\xff\xd8\xff picture one")
    site.upload("news/2021_01/tai-lieu.pdf", b"%PDF-1.4 attachment")
    site.article(
        "vi",
        news,
        "Bài có mã độc",
        "bai-co-ma-doc",
        "2021-01-05 08:00",
        HOSTILE,
        row_id=10,
        homeimgfile="2021_01/Ảnh hội nghị.jpg",
        homeimgalt="Hội nghị",
        homeimgthumb=1,
        detail={"files": "2021_01/tai-lieu.pdf"},
    )
    site.article(
        "vi",
        news,
        NFD_TITLE,
        "bai-nfd",
        "2021-01-06 08:00",
        unicodedata.normalize("NFD", "<p>Nội dung viết dạng tổ hợp: Đảng, quốc.</p>"),
        row_id=11,
        tags=(unicodedata.normalize("NFD", "tiếng Việt"),),
        hometext=unicodedata.normalize("NFD", "Lời dẫn dạng tổ hợp"),
    )
    site.article(
        "vi",
        news,
        "Bài thiếu ảnh",
        "bai-thieu-anh",
        "2021-01-07 08:00",
        '<p>Ảnh: <img src="/uploads/news/2021_01/mat.png" alt="mất"></p>',
        row_id=12,
        homeimgfile="2021_01/khong-co.jpg",
        homeimgalt="Chú thích còn",
        homeimgthumb=1,
    )
    site.article(
        "vi",
        news,
        "Bài rất dài",
        "bai-rat-dai",
        "2021-01-08 08:00",
        "\n".join(f"<p>{i}. {BIG_PARAGRAPH}</p>" for i in range(800)),
        row_id=13,
    )
    site.article(
        "vi",
        news,
        "Bài trùng tên",
        "bai-trung-ten",
        "2021-01-09 08:00",
        "<p>Bài của trang cũ.</p>",
        row_id=14,
    )
    site.article(
        "vi",
        news,
        "Ký tự đặc biệt",
        "ky-tu-dac-biet",
        "2021-01-10 08:00",
        f"<p>{escape(SPECIALS)}</p>",
        row_id=21,
    )
    site.article("vi", news, "Chưa đăng", "chua-dang", "2021-01-11 08:00", status=0)
    site.article(
        "vi",
        news,
        "Hết hạn",
        "het-han",
        "2021-01-12 08:00",
        exptime=timestamp("2021-02-01 00:00"),
    )
    site.article("vi", news, "Hẹn giờ", "hen-gio", "2099-01-01 08:00")
    site.article(
        "vi",
        news,
        "Liên kết ngoài",
        "lien-ket-ngoai",
        "2021-01-13 08:00",
        external_link=1,
        detail={"sourcetext": "https://example.org/bai"},
    )
    site.article("vi", members, "Tin nội bộ", "tin-noi-bo", "2021-01-14 08:00")
    site.create_module("en", "news", "news")
    english = site.category("en", "Events", "events")
    site.article(
        "en",
        english,
        "Only in English",
        "only-in-english",
        "2021-01-15 08:00",
        "<p>An article the office wrote in English only.</p>",
        row_id=5,
    )
    site.create_module("vi", "laws", "laws")
    guidance = site.laws_list("cat", "Hướng dẫn", "huong-dan")
    notice = site.laws_list("cat", "Thông báo", "thong-bao")
    issuer = site.laws_list("subject", "UBND tỉnh Kon Tum")
    signer = site.laws_list("signer", "Nguyễn Văn A")
    area = site.laws_list("area", "Thông tin đối ngoại")
    site.upload("laws/2021/Kế hoạch số 1.pdf", b"%PDF-1.4 plan")
    site.upload("laws/2021/mat-khau.pdf", b"%PDF-1.4 restricted")
    older = site.document("Hướng dẫn cũ", "huong-dan-cu-1", guidance, code="HD.01.UB")
    site.document(
        "Hướng dẫn mới",
        "huong-dan-moi-2",
        guidance,
        code="HD.02.UB",
        introtext="Trích yếu &quot;mới&quot;",
        sid=issuer,
        sgid=signer,
        area_ids=str(area),
        publtime=timestamp("2021-03-01 00:00"),
        startvalid=timestamp("2021-03-15 00:00"),
        exptime=timestamp("2025-03-01 00:00"),
        addtime=timestamp("2021-03-02 10:30"),
        replacement=str(older),
        relatement=str(older),
        files="2021/Kế hoạch số 1.pdf,2021/khong-co.pdf",
        bodytext="<p>Toàn văn</p>",
        view_hits=12,
        download_hits=3,
    )
    site.document(
        "Tài liệu nội bộ",
        "tai-lieu-noi-bo-3",
        guidance,
        code="HD.03.UB",
        groups_view="4",
        files="2021/mat-khau.pdf",
    )
    site.document("Thông báo lịch họp", "thong-bao-lich-hop-4", notice, code="TB.04")
    site.document("Trùng số", "trung-so-5", guidance, code="HD.01.UB")
    content, data = empty_sources(folder)
    editor_file = content / "2021" / "bai-trung-ten.md"
    editor_file.parent.mkdir(parents=True)
    editor_file.write_text(
        "Title: Bài của biên tập viên\nDate: 2021-05-05 08:00\nCategory: Tin\n\n"
        "Viết tay.\n",
        encoding="utf-8",
    )
    report = import_nukeviet(site, content, data, folder / "redirects.map")
    output = build_ok(content, data, folder / "output")
    yield folder, content, data, output, report
    site.connection.close()


def article_body(output, path) -> BeautifulSoup:
    return html(output, path).find(class_="article-body")


def test_hostile_html_is_dropped_and_reported(imported):
    _folder, content, _data, output, report = imported
    source = (content / "2021" / "bai-co-ma-doc.md").read_text(encoding="utf-8")
    for trace in ("script", "alert", "onerror", "onclick", "javascript", "vbscript"):
        assert trace not in source
    for trace in ("style", "iframe", "svg", "onmouseover", "color"):
        assert trace not in source
    body = article_body(output, "tin-tuc/bai-co-ma-doc/")
    assert body.find(["script", "iframe", "style", "svg"]) is None
    assert not [
        tag for tag in body.find_all(True) for a in tag.attrs if a.startswith("on")
    ]
    links = [a["href"] for a in body.find_all("a")]
    assert links == [
        "/tin-tuc/bai-nfd/",  # the old address of another article, now its new one
        "https://www.youtube.com/embed/abc123",  # the frame, as a link
        "/images/news/2021_01/tai-lieu.pdf",  # the row's attachment
    ]
    assert "Đoạn an toàn" in body.get_text()
    assert body.find("img")["src"] == "/images/news/2021_01/anh-hoi-nghi.jpg"
    for problem in (
        f'vi/news/10 "Bài có mã độc" ({content / "2021" / "bai-co-ma-doc.md"}): '
        "script removed",
        "embedded video (https://www.youtube.com/embed/abc123) replaced by a link",
        "table with merged cells",
        "javascript: link removed",
        "vbscript: link removed",
    ):
        assert problem in report


def test_pictures_and_files_are_copied_under_plain_names(imported):
    folder, content, _data, output, _report = imported
    picture = content / "images" / "news" / "2021_01" / "anh-hoi-nghi.jpg"
    assert picture.read_bytes() == b"\xff\xd8\xff picture one"
    source = (content / "2021" / "bai-co-ma-doc.md").read_text(encoding="utf-8")
    assert "Image: images/news/2021_01/anh-hoi-nghi.jpg" in source
    assert "{static}/images/news/2021_01/tai-lieu.pdf" in source
    assert (output / "images/news/2021_01/tai-lieu.pdf").is_file()
    mapped = (folder / "redirects.map").read_text(encoding="utf-8")
    old, new = "uploads/news/2021_01/Ảnh hội nghị.jpg", "/images/news/2021_01/"
    assert f'"{old}" "{new}anh-hoi-nghi.jpg";' in mapped


def test_missing_pictures_are_reported_and_the_build_stays_clean(imported):
    _folder, content, _data, output, report = imported
    source = (content / "2021" / "bai-thieu-anh.md").read_text(encoding="utf-8")
    assert "Image:" not in source and "mat.png" not in source
    assert "Image_caption: Chú thích còn" in source
    assert "photo uploads/news/2021_01/khong-co.jpg" in report
    assert (
        "picture uploads/news/2021_01/mat.png missing from the uploads folder" in report
    )
    assert html(output, "tin-tuc/bai-thieu-anh/").find("h1").text == "Bài thiếu ảnh"


def test_vietnamese_in_nfd_is_written_in_nfc(imported):
    _folder, content, _data, output, _report = imported
    [path] = [p for p in content.rglob("bai-nfd.md")]
    text = path.read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text)
    assert "Title: Bài viết tiếng Việt dạng tổ hợp" in text
    assert "Tags: tiếng Việt" in text and "Summary: Lời dẫn dạng tổ hợp" in text
    page = html(output, "tin-tuc/bai-nfd/")
    assert page.find("h1").text == "Bài viết tiếng Việt dạng tổ hợp"


def test_a_2_mb_body_comes_over_whole(imported):
    _folder, content, _data, output, _report = imported
    source = (content / "2021" / "bai-rat-dai.md").read_bytes()
    assert len(source) > 2_000_000
    paragraphs = article_body(output, "tin-tuc/bai-rat-dai/").find_all("p")
    assert len(paragraphs) == 800
    assert paragraphs[799].text == f"799. {BIG_PARAGRAPH.strip()}"


def test_markdown_characters_in_the_text_come_out_as_written(imported):
    _folder, _content, _data, output, _report = imported
    [paragraph] = article_body(output, "tin-tuc/ky-tu-dac-biet/").find_all("p")
    assert paragraph.text == SPECIALS
    assert paragraph.find(True) is None  # no list, link, emphasis or heading made


def test_an_alias_taken_by_an_editors_file_gets_a_file_of_its_own(imported):
    _folder, content, _data, output, _report = imported
    editor = (content / "2021" / "bai-trung-ten.md").read_text(encoding="utf-8")
    assert (
        editor.startswith("Title: Bài của biên tập viên") and "Nukeviet" not in editor
    )
    imported_file = (content / "2021" / "bai-trung-ten-14.md").read_text(
        encoding="utf-8"
    )
    assert "Nukeviet: vi/news/14 " in imported_file
    assert html(output, "tin-tuc/bai-trung-ten/").find("h1").text == "Bài trùng tên"


def test_rows_readers_did_not_see_are_skipped_and_counted(imported):
    _folder, content, _data, _output, report = imported
    assert (
        "Articles: 7 imported, 0 updated, 0 unchanged, 0 left alone, 5 skipped"
        in report
    )
    for reason in (
        "skipped, a link to another site: 1",
        "skipped, expired: 1",
        "skipped, not open to every reader: 1",
        "skipped, not published (status 0): 1",
        "skipped, scheduled for later: 1",
    ):
        assert reason in report
    for slug in ("chua-dang", "het-han", "hen-gio", "lien-ket-ngoai", "tin-noi-bo"):
        assert not list(content.rglob(f"{slug}*.md"))


def test_an_english_original_is_on_the_english_site_only(imported):
    _folder, content, _data, output, _report = imported
    source = (content / "2021" / "only-in-english.en.md").read_text(encoding="utf-8")
    assert "Original: yes" in source and "Translation_of" not in source
    page = html(output, "en/news/only-in-english/")
    assert page.find("h1").text == "Only in English"
    assert not (output / "tin-tuc" / "only-in-english").exists()
    switch = page.find(class_="lang-switch")
    assert switch.find("a", hreflang="vi")["href"] == "/"


def test_documents_carry_what_the_database_holds(imported):
    _folder, _content, data, output, report = imported
    record = yaml.safe_load((data / "documents" / "hd-02-ub.yaml").read_text("utf-8"))
    assert record == {
        "code": "HD.02.UB",
        "kind": "huong-dan",
        "title": {"vi": "Hướng dẫn mới"},
        "summary": {"vi": 'Trích yếu "mới"'},
        "issuer": "UBND tỉnh Kon Tum",
        "signer": "Nguyễn Văn A",
        "issued": record["issued"],
        "effective": record["effective"],
        "expires": record["expires"],
        "posted": "2021-03-02 10:30",
        "fields": ["Thông tin đối ngoại"],
        "files": [{"path": "hd-02-ub/ke-hoach-so-1.pdf"}],
        "related": ["hd-01-ub"],
        "replaces": ["hd-01-ub"],
        "legacy": {"views": 12, "downloads": 3},
    }
    assert [str(record[k]) for k in ("issued", "effective", "expires")] == [
        "2021-03-01",
        "2021-03-15",
        "2025-03-01",
    ]
    assert (data / "documents/files/hd-02-ub/ke-hoach-so-1.pdf").read_bytes() == (
        b"%PDF-1.4 plan"
    )
    assert (output / "van-ban/tep/hd-02-ub/ke-hoach-so-1.pdf").is_file()
    assert "file uploads/laws/2021/khong-co.pdf" in report
    assert "its body text (Nội dung) is not carried over" in report


def test_restricted_documents_stay_restricted_and_unredirected(imported):
    folder, _content, data, output, _report = imported
    record = yaml.safe_load((data / "documents" / "hd-03-ub.yaml").read_text("utf-8"))
    assert record["access"] == "restricted"
    assert not (output / "van-ban" / "hd-03-ub").exists()
    assert not (output / "van-ban/tep/hd-03-ub").exists()
    mapped = (folder / "redirects.map").read_text(encoding="utf-8")
    assert "hd-03-ub" not in mapped and "mat-khau" not in mapped


def test_unknown_kinds_and_repeated_codes_are_listed_not_guessed(imported):
    _folder, _content, data, _output, report = imported
    assert "Thông báo: vi/laws/4" in report
    assert "kind 'Thông báo' is not in data/document-kinds.yaml" in report
    assert "code HD.01.UB is also the code of an earlier document" in report
    names = sorted(p.stem for p in (data / "documents").glob("*.yaml"))
    assert names == ["hd-01-ub", "hd-02-ub", "hd-03-ub"]
