"""No script, no handler, no request to another host: raw HTML in an article is
refused at its line, every body and summary is cleaned anyway, every page carries
the Content-Security-Policy, and publishing checks every element that can fetch."""

import re
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, ROOT, build_ok, html, run_build

from sitebuild.checks.output import check_output
from sitebuild.checks.trees import PUBLIC, served_elsewhere

HOSTILE = [
    ("<script>alert(1)</script>", "<script> is not allowed"),
    ('<img src="x.png" onerror="alert(1)">', "onerror is not allowed"),
    ("[bấm](javascript:alert(1))", "link 'javascript:alert(1'"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "link 'JaVaScRiPt:alert(1)'"),
    ('<meta http-equiv="refresh" content="0;url=https://lua.example">', "<meta>"),
    ('<object data="x.swf"></object>', "<object> is not allowed"),
    ('<embed src="x.swf">', "<embed> is not allowed"),
    ("<style>@import url(https://lua.example/x.css)</style>", "<style>"),
    ('<svg><a href="https://lua.example">x</a></svg>', "<svg> is not allowed"),
    ('<iframe src="https://video.example/x"></iframe>', "<iframe> is not allowed"),
    ('<p style="background:url(https://lua.example)">x</p>', "style is not allowed"),
    ('## Mục {: onclick="alert(1)" }', "{: onclick=…}"),
    ("[x]: javascript:alert(2)", "link 'javascript:alert(2)'"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("raw", "message"), HOSTILE)
def test_raw_html_that_could_run_or_fetch_is_refused_at_its_line(
    tmp_path, raw, message
):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "news" / "content", content)
    (content / "2021" / "doc.md").write_text(
        "Title: Bài có HTML\nDate: 2021-07-01 08:00\nCategory: Tin\n\n"
        f"Đoạn một.\n\n{raw}\n",
        encoding="utf-8",
    )
    result = run_build(content, FIXTURES / "news" / "data", tmp_path / "output")
    assert result.returncode == 1
    assert "2021/doc.md:7: " in result.stderr and message in result.stderr, (
        result.stderr
    )


@pytest.mark.slow
def test_a_summary_is_checked_too(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "news" / "content", content)
    (content / "2021" / "tom-tat.md").write_text(
        "Title: Tóm tắt\nDate: 2021-07-01 08:00\nCategory: Tin\n"
        "Summary: Xem <img src=x onerror=alert(1)>\n\nĐoạn.\n",
        encoding="utf-8",
    )
    result = run_build(content, FIXTURES / "news" / "data", tmp_path / "output")
    assert result.returncode == 1
    assert "tom-tat.md:4: <img onerror" in result.stderr, result.stderr


@pytest.mark.slow
def test_allowed_html_and_code_about_html_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "news" / "content", content)
    (content / "2021" / "bang.md").write_text(
        "Title: Bảng số liệu\nDate: 2021-07-01 08:00\nCategory: Tin\n\n"
        '<table><caption>Kết quả</caption><tr><td colspan="2">47 đài</td></tr>'
        "</table>\n\n"
        '<figure><img src="{static}/images/hoi-nghi.png" alt="Hội nghị">'
        "<figcaption>Hội nghị</figcaption></figure>\n\n"
        "Viết `<script>` trong mã thì không sao; [trang](https://kontum.gov.vn).\n\n"
        "```\n<iframe src=x></iframe>\n```\n",
        encoding="utf-8",
    )
    output = build_ok(content, FIXTURES / "news" / "data", tmp_path / "output")
    body = html(output, "tin-tuc/bang-so-lieu/").select_one(".article-body")
    assert body.select_one("td[colspan='2']").get_text() == "47 đài"
    picture = body.select_one("figure picture")  # plugins/responsive_images
    assert picture.img["src"].startswith("/images/hoi-nghi-")
    assert picture.img["alt"] == "Hội nghị"
    assert "<script>" in body.get_text() and not body.select("script, iframe")


def test_what_a_reader_returns_is_cleaned_whatever_the_checks_missed(tmp_path):
    """The readers of a run (the site's plugins loaded) clean each body and summary:
    nothing the allow-list lacks reaches a page, even from a source the checks
    never saw."""
    from pelican import Pelican
    from pelican.readers import Readers
    from pelican.settings import read_settings

    source = tmp_path / "content" / "hostile.md"
    source.parent.mkdir()
    source.write_text(
        "Title: x\nSummary: <b onmouseover=alert(1)>Tóm</b> tắt\n\n"
        + "\n\n".join(raw for raw, _message in HOSTILE)
        + '\n\nĐoạn\n{: onclick="alert(3)" }\n',
        encoding="utf-8",
    )
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(source.parent), "OUTPUT_PATH": str(tmp_path / "o")},
    )
    Pelican(settings)  # loads the plugins
    content, metadata = Readers(settings).readers["md"].read(str(source))
    for text in (content, str(metadata["summary"])):
        tree = BeautifulSoup(text, "lxml")
        names = {element.name for element in tree.find_all(True)}
        assert names <= {"html", "body", "p", "a", "img", "b", "h2"}, names
        for element in tree.find_all(True):
            for name, value in element.attrs.items():
                assert not name.startswith("on"), (element, text)
                assert "javascript" not in str(value).lower(), (element, text)
                assert "example" not in str(value), (element, text)
    assert "<h2>Mục</h2>" in content and "<p>Đoạn</p>" in content  # handlers gone
    assert "<b>Tóm</b> tắt" in str(metadata["summary"])


@pytest.mark.slow
def test_every_page_carries_the_content_security_policy(news_site):
    policy = (ROOT / "deploy" / "nginx" / "site.conf").read_text(encoding="utf-8")
    header = re.search(r'Content-Security-Policy "([^"]+)"', policy).group(1)
    pages = sorted(news_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        meta = html(news_site, str(page.relative_to(news_site))).select_one(
            'meta[http-equiv="Content-Security-Policy"]'
        )
        assert meta is not None, page
        # the header's policy, but frame-ancestors (a <meta> cannot carry it)
        assert meta["content"] + "; frame-ancestors 'none'" == header, page


@pytest.mark.slow
def test_publish_finds_every_element_that_runs_or_fetches(news_site, tmp_path):
    site = shutil.copytree(news_site, tmp_path / "site")
    elsewhere = served_elsewhere(PUBLIC, "bao-cao-vien/")
    assert check_output(site, "", elsewhere) == []
    page = site / "tin-tuc" / "bai-so-bay-ve-doi-song" / "index.html"
    planted = [
        '<meta http-equiv="refresh" content="0; url=https://a.example/">',
        '<video poster="https://b.example/p.jpg"></video>',
        '<object data="https://c.example/o.swf"></object>',
        '<embed src="https://d.example/e.swf">',
        '<img srcset="/images/hoi-nghi.png 1x, https://e.example/i.png 2x">',
        '<svg><image href="https://f.example/i.png"/></svg>',
        "<style>@import 'https://g.example/s.css';</style>",
        '<div style="background:url(https://h.example/b.png)"></div>',
        '<link rel="preload" href="https://i.example/f.woff2">',
        '<a href="/" ping="https://j.example/track">x</a>',
        '<button formaction="https://k.example/post">x</button>',
        '<track src="https://l.example/t.vtt">',
        "<script>alert(1)</script>",
        '<p onclick="alert(2)">x</p>',
        '<a href="javascript:alert(3)">x</a>',
    ]
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</main>", "".join(planted) + "</main>"))
    problems = "\n".join(check_output(site, "", elsewhere))
    for host in "abcdefghijkl":
        assert f"https://{host}.example" in problems, (host, problems)
    assert "an inline <script>" in problems
    assert "<p onclick=...>" in problems and "javascript:alert(3)" in problems
