"""Pelican glue: a feed with no entry (a language with no article yet) gives the Unix
epoch as its <updated>, where the feed library would give the time of the build:
the same sources make the same files, whichever build made them.
"""

from datetime import UTC, datetime

from pelican import signals

NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def date_an_empty_feed(context, feed):
    if not feed.items:
        feed.latest_post_date = lambda: NEVER


def register():
    signals.feed_generated.connect(date_an_empty_feed)
