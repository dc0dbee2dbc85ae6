"""written_bodies: an article's linked body is not kept once its page is written."""

from datetime import datetime

from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from plugins.written_bodies.written_bodies import forget_bodies

BODY = "<p>Hội nghị tổng kết công tác thông tin đối ngoại.</p>"


def article(title: str) -> Article:
    context = {"localsiteurl": "", "generated_content": {}, "static_content": {}}
    settings = {**DEFAULT_CONFIG, "SITEURL": ""}
    metadata = {
        "title": title,
        "date": datetime(2020, 12, 1, 9, 16),
        "slug": title.lower(),
    }
    return Article(BODY, metadata=metadata, settings=settings, context=context)


def memoized(value) -> bool:
    return (value, value.get_siteurl()) in type(value).get_content.cache


def test_a_written_page_lets_go_of_its_body_only():
    shown, listed = article("Shown"), article("Listed")
    assert shown.content == listed.content  # both resolved, both kept
    assert memoized(shown) and memoized(listed)
    forget_bodies("shown/index.html", context={"article": shown, "articles": [listed]})
    assert not memoized(shown)
    assert memoized(listed)  # only given in a list: not this page's body
    assert shown.content == listed.content  # worked out again when asked
