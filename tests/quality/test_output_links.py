"""No broken internal link or anchor, no other host, well-formed feeds and sitemaps."""

import pytest

from sitebuild.checks.output import check_output
from sitebuild.checks.trees import PUBLIC, served_elsewhere

# Every page links the briefers' area, a tree of its own (tests/members/).
ELSEWHERE = served_elsewhere(PUBLIC, "bao-cao-vien/")


@pytest.mark.slow
def test_real_and_fixture_sites_have_no_broken_link(real_site, news_site):
    assert check_output(real_site, elsewhere=ELSEWHERE) == []
    assert check_output(news_site, elsewhere=ELSEWHERE) == []
    leads_nowhere = "\n".join(check_output(news_site))
    assert "<a> /bao-cao-vien/van-ban/ leads nowhere" in leads_nowhere


def test_the_checker_finds_what_is_wrong(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="here">x</p>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
        '<a href="/a/">ok</a><a href="/a/#here">ok</a><a href="/a/#gone">anchor</a>'
        '<a href="/missing/">missing</a><a href="https://example.com/">outbound</a>'
        '<div class="article-body"><p><a href="https://example.org/">content</a></p></div>'
        '<a rel="external noopener" href="https://share.example.net/?u=x">share</a>'
        '<img src="/img/none.png" alt="">',
        encoding="utf-8",
    )
    (tmp_path / "feed.xml").write_text("<feed><unclosed></feed>", encoding="utf-8")
    (tmp_path / "meta.json").write_text('{"url": "/nowhere/"}', encoding="utf-8")
    problems = "\n".join(check_output(tmp_path))
    assert "loads https://cdn.example.com/x.css from another host" in problems
    assert "/a/#gone: no element with id 'gone'" in problems
    assert "<a> /missing/ leads nowhere" in problems
    assert "links to another host: https://example.com/" in problems
    assert "example.org" not in problems  # an outbound link written in an article
    assert "share.example.net" not in problems  # a link the theme marks external
    assert "<img> /img/none.png leads nowhere" in problems
    assert "feed.xml: not well-formed XML" in problems
    assert "meta.json: /nowhere/ leads nowhere" in problems
    assert "/a/#here" not in problems
