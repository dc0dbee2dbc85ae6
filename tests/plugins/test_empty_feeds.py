"""A feed with no entry is dated the same at every build."""

import datetime
import io

from feedgenerator import Atom1Feed

from plugins.empty_feeds.empty_feeds import date_an_empty_feed


def written(feed) -> str:
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue()


def test_an_empty_feed_is_dated_the_unix_epoch_not_now():
    feed = Atom1Feed(title="Tin", link="https://example.org/", description="")
    date_an_empty_feed({}, feed)
    assert "<updated>1970-01-01T00:00:00+00:00</updated>" in written(feed)


def test_a_feed_with_entries_keeps_its_latest_entrys_date():
    feed = Atom1Feed(title="Tin", link="https://example.org/", description="")
    when = datetime.datetime(2020, 12, 1, 9, 16, tzinfo=datetime.UTC)
    link = "https://example.org/a/"
    feed.add_item(title="Bài", link=link, description="", pubdate=when)
    date_an_empty_feed({}, feed)
    assert "<updated>2020-12-01T09:16:00+00:00</updated>" in written(feed)
