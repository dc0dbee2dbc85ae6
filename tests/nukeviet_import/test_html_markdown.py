"""HTML bodies to Markdown, checked through the site's own Markdown converter."""

import unicodedata
from html import escape

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from markdown import Markdown
from pelican.settings import read_settings

from nukeviet_import.html_markdown import Target, convert_body
from nukeviet_import.markdown_text import escape_text

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


def site_html(markdown: str) -> BeautifulSoup:
    """What the site makes of a body (pelicanconf's MARKDOWN settings)."""
    configs = SETTINGS["MARKDOWN"]["extension_configs"]
    converter = Markdown(
        extensions=list(configs),
        extension_configs=configs,
        output_format=SETTINGS["MARKDOWN"]["output_format"],
    )
    return BeautifulSoup(converter.convert(markdown), "html.parser")


def no_links(address: str, kind: str) -> Target:
    return Target(None, f"{kind} {address}")


def uploads_here(address: str, kind: str) -> Target:
    if "/uploads/" in address:
        return Target("{static}/images/" + address.split("/uploads/", 1)[1])
    if address.startswith("http"):
        return Target(address, external=kind == "image")
    return Target(None, f"not imported: {address}")


@pytest.mark.parametrize(
    "text",
    [
        "1. Không phải danh sách",
        "2020. Năm của những đổi mới",
        "- không phải gạch đầu dòng",
        "+ cũng không",
        "# không phải tiêu đề",
        "> không phải trích dẫn",
        "*sao* **đậm** _gạch_ __đôi__ `mã` ~~gạch~~",
        "[ngoặc](http://x) ![ảnh](y) <http://z>",
        "{2021} {: .lop} {#id}",
        "<b>thẻ</b> &lt;i&gt; &amp; &copy; & một mình",
        "cột | cột | cột",
        "gạch chéo \\ ngược \\* và \\_",
        "=====",
        ": định nghĩa",
        "~~~ rào",
        "Bộ TT&TT, 16-KL/TW, kinh tế- xã hội, a--b, \"trích\" 'đơn'",
    ],
)
def test_any_text_comes_out_as_it_was_written(text):
    converted = convert_body(f"<p>Dòng trên<br>{escape(text)}</p>", no_links)
    paragraph = site_html(converted.markdown).find("p")
    assert paragraph.get_text() == f"Dòng trên\n{text}"
    assert [tag.name for tag in paragraph.find_all(True)] == ["br"]
    assert site_html(escape_text(text)).get_text().strip() == text


@pytest.mark.parametrize(
    ("hostile", "traces"),
    [
        ("<p>a<script>alert(1)</script>b</p>", ["script", "alert"]),
        ('<img src="/uploads/x.jpg" onerror="alert(1)">', ["onerror", "alert"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript", "alert"]),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', ["javascript", "alert"]),
        ('<a href="data:text/html,<script>">x</a>', ["data:", "script"]),
        ('<img src="data:image/png;base64,AAAA">', ["data:", "base64"]),
        ('<p style="background:url(javascript:x)">t</p>', ["style", "javascript"]),
        ('<iframe src="javascript:alert(1)"></iframe>', ["iframe", "javascript"]),
        ('<object data="x.swf"></object><embed src="y.swf">', ["object", "swf"]),
        ("<svg><script>alert(1)</script></svg>", ["svg", "alert"]),
        ('<form action="/x"><input value="v"></form>', ["form", "input"]),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", ["<script"]),
        (
            '<math><mi>x</mi></math><link rel="stylesheet" href="e.css">',
            ["math", "css"],
        ),
    ],
)
def test_nothing_that_runs_or_loads_survives(hostile, traces):
    converted = convert_body(hostile, uploads_here)
    built = str(site_html(converted.markdown))
    for trace in traces:
        assert trace not in converted.markdown.lower()
    page = site_html(converted.markdown)
    assert (
        page.find(["script", "iframe", "object", "embed", "style", "svg", "form"])
        is None
    )
    assert not [
        t for t in page.find_all(True) for name in t.attrs if name.startswith("on")
    ]
    assert "javascript:" not in built.lower()


def test_what_is_not_carried_faithfully_is_named():
    body = (
        '<p><iframe src="//www.youtube.com/embed/v"></iframe></p>'
        '<video src="/uploads/clip.mp4"></video>'
        '<table><tr><td colspan="2">gộp</td></tr><tr><td>a</td><td>b</td></tr></table>'
        '<p><a href="#muc-2">xuống dưới</a> '
        '<a href="/news/cu/bai-9.html">bài cũ</a></p>'
        '<p><img src="http://site-khac.vn/anh.png" alt="ảnh ngoài"></p>'
    )
    converted = convert_body(body, uploads_here)
    assert converted.problems == [
        "embedded video (https://www.youtube.com/embed/v) replaced by a link to it",
        "embedded video left out (no address it shows)",
        "table with merged cells: written with one cell per column, the merged "
        "ones empty",
        "link to a place in the old page (#muc-2) left out",
        "not imported: /news/cu/bai-9.html",
    ]
    page = site_html(converted.markdown)
    assert page.find("a", href="https://www.youtube.com/embed/v") is not None
    assert page.find("a", href="http://site-khac.vn/anh.png").text == "ảnh ngoài"
    assert page.find("img") is None  # the CSP would block it: a link instead
    assert "xuống dưới bài cũ" in page.get_text()


def test_merged_cells_keep_every_row_as_wide_as_the_table():
    body = (
        "<table>"
        '<tr><th rowspan="2">Năm</th><th colspan="2">Số liệu</th></tr>'
        "<tr><th>Đài</th><th>Trang</th></tr>"
        "<tr><td>2020</td><td>47</td><td>31</td></tr>"
        "</table>"
    )
    rows = site_html(convert_body(body, no_links).markdown).find_all("tr")
    cells = [[cell.get_text() for cell in row.find_all(["td", "th"])] for row in rows]
    assert cells == [
        ["Năm", "Số liệu", ""],
        ["", "Đài", "Trang"],
        ["2020", "47", "31"],
    ]


def test_a_one_column_table_is_a_picture_with_its_caption():
    body = (
        '<table class="image"><tr><td><img src="/uploads/news/a.jpg" alt="Ảnh"></td>'
        "</tr><tr><td>Chú thích ảnh</td></tr></table>"
    )
    converted = convert_body(body, uploads_here)
    assert converted.markdown == "![Ảnh]({static}/images/news/a.jpg)\n\nChú thích ảnh\n"
    assert converted.problems == []


def test_nfd_spaces_and_empty_paragraphs():
    body = unicodedata.normalize(
        "NFD",
        "<p>&nbsp; Đảng&nbsp;bộ tỉnh&nbsp;</p><p>&nbsp;</p><p>  </p><div>Kết</div>",
    )
    converted = convert_body(body, no_links)
    assert converted.markdown == "Đảng\xa0bộ tỉnh\n\nKết\n"
    assert converted.markdown == unicodedata.normalize("NFC", converted.markdown)


def test_structure_comes_over():
    body = (
        "<h2>Mục một</h2><ul><li>một</li><li>hai <em>nghiêng</em></li></ul>"
        "<ol><li>đầu</li><li>sau</li></ol><blockquote><p>trích</p></blockquote>"
        "<p>m<sup>2</sup> và H<sub>2</sub>O, <strong>đậm</strong></p>"
    )
    page = site_html(convert_body(body, no_links).markdown)
    assert page.find("h2").text == "Mục một"
    assert [li.text for li in page.find("ul").find_all("li")] == ["một", "hai nghiêng"]
    assert [li.text for li in page.find("ol").find_all("li")] == ["đầu", "sau"]
    assert page.find("blockquote").text.strip() == "trích"
    assert page.find("sup").text == "2" and page.find("sub").text == "2"
    assert page.find("strong").text == "đậm"
